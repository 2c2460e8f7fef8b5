#!/usr/bin/env python3
"""A judged sample of mtclean's findings on the four real-MT corpora: how many an editor would act on.

The sample is drawn per corpus and side (MT systems pooled, human translations), the same way every time:
each finding gets a pseudo-random rank from a hash of its key and the seed, and the lowest ranks of each
stratum are taken (bottom-k sampling). A finding that stays the same keeps its rank, so after a rule change
the redrawn sample keeps most earlier findings and their verdicts; only new findings need judging.

A finding's key is stable across runs and rule edits: document (path under the corpora folder), rule id,
flagged text and a hash of ~200 characters of context around it; not offsets alone.

sample.jsonl (committed) holds one finding a line: key, id (a short hash of the key), corpus, side, doc,
rule, before / flagged / after (the context), the fix (applicability and the context as it would read after
it), and the verdict: TRUE (an editor wants it), DEBATABLE, FALSE; for a safe fix also better / neutral /
worse; and a short reason. The corpus text it holds is the context of each finding: a measurement record,
kept here only, never in tests or fixtures.

  python bench/judged/judge.py draw [--mt 45 --human 15]   add the current sample's unjudged findings
  python bench/judged/judge.py check                       redraw with the current tool and print the shares
  python bench/judged/judge.py show [--unjudged] [--rule R] [--id ID]   print findings to judge
  python bench/judged/judge.py set FILE                    verdicts from a TSV: id, verdict, fix verdict, reason
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import corpora as C  # noqa: E402 - bench/ on the path first

SAMPLE = os.path.join(HERE, "sample.jsonl")
SEED = "mtclean-judged-1"
CONTEXT = 100  # characters each side of the flagged text
VERDICTS = ("TRUE", "DEBATABLE", "FALSE")
FIX_VERDICTS = ("better", "neutral", "worse")


def _h(s: str, n: int = 12) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:n]


def record(doc: str, side: str, text: str, f) -> dict:
    a, b = max(0, f.start - CONTEXT), min(len(text), f.end + CONTEXT)
    before, flagged, after = text[a:f.start], text[f.start:f.end], text[f.end:b]
    key = f"{doc}|{f.rule.id}|{flagged}|{_h(before + '[[' + flagged + ']]' + after)}"
    rec = {"id": _h(key, 8), "key": key, "corpus": doc.split("/")[0].replace("wmt22-", ""),
           "side": "human" if side == "human" else "MT", "system": side, "doc": doc, "rule": f.rule.id,
           "message": f.message, "before": before, "flagged": flagged, "after": after, "fix": None}
    if f.fix is not None:
        lo, hi = min(a, f.fix.start), max(b, f.fix.end)
        window = text[lo:hi]
        for e in sorted(f.fix.edits, reverse=True):
            window = window[:e.start - lo] + e.replacement + window[e.end - lo:]
        rec["fix"] = {"applicability": f.fix.applicability, "after_fix": window}
    return rec


def current(dirs=None) -> list[dict]:
    """Every finding of the current tool on every corpus (MT and human), as records."""
    eng = C.engine()
    out = []
    for d in C.corpus_dirs(dirs):
        for doc, side, text in C.documents(d):
            out.extend(record(doc, side, text, f) for f in eng.check(text, doc))
    return out


def draw(findings: list[dict], mt: int, human: int) -> list[dict]:
    strata = defaultdict(list)
    for r in findings:
        strata[(r["corpus"], r["side"])].append(r)
    sample = []
    for (_corpus, side), rs in sorted(strata.items()):
        rs.sort(key=lambda r: _h(SEED + r["key"], 16))
        sample.extend(rs[: mt if side == "MT" else human])
    return sample


def load() -> dict:
    if not os.path.exists(SAMPLE):
        return {}
    with open(SAMPLE, encoding="utf-8") as f:
        return {r["key"]: r for r in map(json.loads, f) if r}


def save(stored: dict) -> None:
    rows = sorted(stored.values(), key=lambda r: (r["corpus"], r["side"], r["doc"], r["rule"], r["key"]))
    with open(SAMPLE, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def shares(rows: list[dict], title: str) -> None:
    judged = [r for r in rows if r.get("verdict") in VERDICTS]
    v = Counter(r["verdict"] for r in judged)
    n = max(len(judged), 1)
    safe = [r for r in judged if r["fix"] and r["fix"]["applicability"] == "safe"]
    fv = Counter(r.get("fix_verdict") or "?" for r in safe)
    print(f"{title}: {len(judged)} judged of {len(rows)}: TRUE {v['TRUE'] / n:.0%} ({v['TRUE']}), "
          f"DEBATABLE {v['DEBATABLE'] / n:.0%} ({v['DEBATABLE']}), FALSE {v['FALSE'] / n:.0%} ({v['FALSE']}); "
          f"safe fixes {len(safe)}: " + ", ".join(f"{k} {fv[k]}" for k in (*FIX_VERDICTS, "?") if fv[k]))


def cmd_draw(a) -> None:
    stored = load()
    sample = draw(current(a.corpus), a.mt, a.human)
    new = [r for r in sample if r["key"] not in stored]
    for r in new:
        r.update(verdict="", fix_verdict="", reason="")
        stored[r["key"]] = r
    for r in sample:  # a changed fix is stored, its fix verdict emptied for judging again
        old = stored[r["key"]]
        if old["fix"] != r["fix"]:
            old.update(fix=r["fix"], fix_verdict="")
    save(stored)
    print(f"{len(sample)} in the sample, {len(new)} added to {os.path.relpath(SAMPLE)} unjudged")


def cmd_check(a) -> None:
    stored = load()
    found = current(a.corpus)
    keys = {r["key"] for r in found}
    sample = draw(found, a.mt, a.human)
    rows = [dict(r, **{k: stored[r["key"]].get(k, "") for k in ("verdict", "fix_verdict", "reason")})
            if r["key"] in stored else dict(r, verdict="") for r in sample]
    # A finding whose fix changed keeps its verdict, but its fix verdict must be judged again.
    changed = [r for r in rows if r["key"] in stored and r["fix"] != stored[r["key"]]["fix"]]
    for r in changed:
        r["fix_verdict"] = ""
    shares(rows, "current sample")
    for side in ("MT", "human"):
        shares([r for r in rows if r["side"] == side], f"  {side:5}")
    for corpus in sorted({r["corpus"] for r in rows}):
        shares([r for r in rows if r["corpus"] == corpus], f"  {corpus}")
    by_rule = defaultdict(list)
    for r in rows:
        by_rule[r["rule"]].append(r)
    for rule in sorted(by_rule):
        shares(by_rule[rule], f"  {rule}")
    gone = [r for r in stored.values() if r["key"] not in keys and r.get("verdict")]
    if gone:
        g = Counter(r["verdict"] for r in gone)
        print(f"judged findings the current tool no longer reports: {len(gone)} "
              f"(TRUE {g['TRUE']}, DEBATABLE {g['DEBATABLE']}, FALSE {g['FALSE']})")
        for r in gone if a.verbose else []:
            print(f"  - {r['id']} {r['verdict']:9} {r['rule']} {r['doc']}: {r['flagged']!r}")
    if changed:
        print(f"findings whose fix changed since they were judged: {len(changed)} (judge the fix again: "
              f"`draw` stores the new fix with an empty fix verdict)")
        for r in changed:
            print(f"  {r['id']} {r['rule']} {r['doc']}: {(r['fix'] or {}).get('after_fix', 'no fix')!r}")
    unjudged = [r for r in rows if not r.get("verdict")]
    if unjudged:
        print(f"unjudged in the current sample: {len(unjudged)} (run `draw`, then `show --unjudged`)")
        for r in unjudged[:20]:
            print(f"  {r['id']} {r['rule']} {r['doc']}: {r['flagged']!r}")


def cmd_show(a) -> None:
    for r in load().values():
        if (a.unjudged and r.get("verdict")) or (a.rule and r["rule"] != a.rule) or (a.id and r["id"] not in a.id):
            continue
        ctx = (r["before"] + "[[" + r["flagged"] + "]]" + r["after"]).replace("\n", " ⏎ ")
        print(f"--- {r['id']} {r['rule']} {r['side']} {r['doc']}  {r['message']}")
        print(f"    {ctx}")
        if r["fix"]:
            print(f"    {r['fix']['applicability']} fix -> {r['fix']['after_fix']!r}")
        if r.get("verdict"):
            print(f"    verdict {r['verdict']} {r.get('fix_verdict', '')}: {r.get('reason', '')}")


def cmd_set(a) -> None:
    stored = load()
    by_id = {r["id"]: r for r in stored.values()}
    with open(a.file, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            rid, verdict, fix_verdict, reason = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
            r = by_id.get(rid)
            if r is None or verdict not in VERDICTS or fix_verdict not in ("", *FIX_VERDICTS):
                sys.exit(f"{a.file}: bad line (unknown id or verdict): {line.strip()}")
            r.update(verdict=verdict, fix_verdict=fix_verdict, reason=reason)
    save(stored)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("draw", "check", "show", "set"):
        p = sub.add_parser(name)
        if name in ("draw", "check"):
            p.add_argument("--mt", type=int, default=45, help="findings drawn per corpus from MT (45)")
            p.add_argument("--human", type=int, default=15, help="findings drawn per corpus from human text (15)")
            p.add_argument("--corpus", action="append")
            p.add_argument("-v", "--verbose", action="store_true")
        if name == "show":
            p.add_argument("--unjudged", action="store_true")
            p.add_argument("--rule")
            p.add_argument("--id", nargs="*")
        if name == "set":
            p.add_argument("file")
    a = ap.parse_args()
    {"draw": cmd_draw, "check": cmd_check, "show": cmd_show, "set": cmd_set}[a.cmd](a)


if __name__ == "__main__":
    main()
