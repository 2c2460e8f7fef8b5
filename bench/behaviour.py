"""Record what mtclean does to the seed and the four corpora, and compare two records.

A refactoring must not change behaviour: record before, record after, compare.

    python bench/behaviour.py record before.json      # check --format json, fix, fix --unsafe-fixes
    python bench/behaviour.py record after.json
    python bench/behaviour.py compare before.json after.json

Each document's record is its findings (rule, span, severity, message, fix) and the SHA-256 of the text
`fix` and `fix --unsafe-fixes` write. Runs the real CLI (MTC_CMD overrides the command, default
`mtclean`) on every folder of ../shared/corpora/*/{ref,hyp/*} and on fixtures/seed, one batch a folder.
The corpora are read in place; the record holds no corpus text beyond the flagged spans' offsets.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "corpora")


def folders() -> list[tuple[str, str]]:
    out = [("seed", os.path.join(ROOT, "fixtures", "seed"))]  # article.txt only (see record_folder)
    for corpus in sorted(glob.glob(os.path.join(SHARED, "*"))):
        name = os.path.basename(corpus)
        out.append((f"{name}/ref", os.path.join(corpus, "ref")))
        for system in sorted(glob.glob(os.path.join(corpus, "hyp", "*"))):
            out.append((f"{name}/hyp/{os.path.basename(system)}", system))
    return out


def _cmd() -> list[str]:
    return shlex.split(os.environ.get("MTC_CMD", "mtclean"))


def _digest(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def record_folder(folder: str) -> dict:
    cmd = _cmd()
    pattern = "article.txt" if folder.endswith(os.path.join("fixtures", "seed")) else "*.txt"
    opts = ["--include", pattern, "--quiet", "--grammar", "none"]
    p = subprocess.run(cmd + ["check", "--format", "json", folder] + opts, capture_output=True, text=True)
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{folder}: check printed no JSON (exit {p.returncode}): {p.stderr[-400:]}")
    docs: dict[str, dict] = {}
    for f in report["files"]:
        rel = os.path.relpath(f["path"], folder)
        docs[rel] = {"findings": f["findings"], "error": f["error"]}
    for key, extra in (("fixed", []), ("fixed_unsafe", ["--unsafe-fixes"])):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(cmd + ["fix", folder, "--output-dir", out] + opts + extra, capture_output=True)
            for rel in docs:
                target = os.path.join(out, rel)
                docs[rel][key] = _digest(target) if os.path.exists(target) else None
    return docs


def record(path: str) -> None:
    data = {}
    for name, folder in folders():
        data[name] = record_folder(folder)
        print(f"{name}: {len(data[name])} documents", file=sys.stderr)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, sort_keys=True)


def _key(f: dict) -> tuple:
    return (f["rule"], f["start"], f["end"])


def compare(a_path: str, b_path: str, limit: int, ignore_messages: bool = False) -> int:
    with open(a_path, encoding="utf-8") as fh:
        a = json.load(fh)
    with open(b_path, encoding="utf-8") as fh:
        b = json.load(fh)
    if ignore_messages:
        for data in (a, b):
            for docs in data.values():
                for d in docs.values():
                    for f in d["findings"]:
                        f.pop("message", None)
    differences = 0
    shown = 0
    for folder in sorted(set(a) | set(b)):
        da, db = a.get(folder, {}), b.get(folder, {})
        for doc in sorted(set(da) | set(db)):
            x, y = da.get(doc), db.get(doc)
            if x == y:
                continue
            differences += 1
            if shown >= limit:
                continue
            shown += 1
            print(f"== {folder}/{doc}")
            if x is None or y is None:
                print("   only in", "after" if x is None else "before")
                continue
            for key in ("fixed", "fixed_unsafe", "error"):
                if x.get(key) != y.get(key):
                    print(f"   {key} differs")
            fa = {_key(f): f for f in x["findings"]}
            fb = {_key(f): f for f in y["findings"]}
            for k in sorted(set(fa) | set(fb)):
                if fa.get(k) != fb.get(k):
                    before = json.dumps(fa.get(k), ensure_ascii=False, sort_keys=True)
                    after = json.dumps(fb.get(k), ensure_ascii=False, sort_keys=True)
                    print(f"   - {before}\n   + {after}")
    total = sum(len(v) for v in b.values())
    print(f"{differences} of {total} documents differ")
    return 1 if differences else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("out")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--limit", type=int, default=30, help="documents to show in detail")
    c.add_argument("--ignore-messages", action="store_true", help="compare findings without their messages")
    args = ap.parse_args()
    if args.cmd == "record":
        record(args.out)
    else:
        sys.exit(compare(args.before, args.after, args.limit, args.ignore_messages))


if __name__ == "__main__":
    main()
