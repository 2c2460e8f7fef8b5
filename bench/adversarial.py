"""Time on hostile input: every stage of `check` and `fix` must grow linearly with the text.

Each generator builds a text that pushes one detector (or the segmentation) towards its worst case: the
reproductions of issue 16 and our own. Every generator runs at 100 KB, 400 KB and 1.6 MB; the script
prints the CPU time of segmentation, of each detector, of the pattern rules, of a whole `check` and of a
whole `fix`, and the growth per 4x size (target: at most 5x). Each size runs in a subprocess with a time
limit, so a quadratic case shows as a timeout instead of hanging the benchmark.

    python bench/adversarial.py                  # every generator, three sizes
    python bench/adversarial.py --only mt401-cyrillic --sizes 100000,400000
    python bench/adversarial.py --list
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (100_000, 400_000, 1_600_000)
TARGET = 5.0  # growth per 4x size
LIMIT = 120.0  # seconds per generator and size


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _lines(unit_line: str, size: int) -> str:
    return _repeat(unit_line + "\n", size)


def _names(size: int, seed: int = 0) -> str:
    """Many capitalised names that share a first letter and a length: MT203's comparison of spellings."""
    rnd = random.Random(seed)
    letters = "bcdfghklmnprstvz"
    out, n = [], 0
    while n < size:
        a = "Z" + "".join(rnd.choice(letters) for _ in range(7))
        b = a[:-1] + rnd.choice("aeiou")
        s = f"Then {a} met {a} and {b} in town. "
        out.append(s)
        n += len(s)
        if len(out) % 12 == 0:
            out.append("\n")
    return "".join(out)[:size]


def _mojibake(word: str) -> str:
    return word.encode("utf-8").decode("cp1252", errors="replace")


GENERATORS = {
    # issue 16, item 11: MT601
    "mt601-contractions": lambda n: _repeat(_mojibake("don’t,can’t,won’t,it’s,"), n),
    "mt601-glued": lambda n: _repeat("itâ€™sxyz", n),
    "mt601-long-word": lambda n: "a" * (n - 6) + " itÃ©s",
    # item 12: MT401/MT402 on one long line
    "mt401-cyrillic": lambda n: _repeat("кожна every family ", n),
    "mt401-vietnamese": lambda n: _repeat("đổi mới every family ", n),
    "mt402-middle-dot": lambda n: _repeat("so・called word ", n),
    "mt401-u2028": lambda n: _repeat("кожна every family.\u2028", n),
    # item 13: MT203
    "mt203-names": _names,
    # item 14: suppression comments
    "suppressions": lambda n: _lines(
        "<!-- mtclean-disable MT101 --> It stopped. by force. <!-- mtclean-enable MT101 -->", n),
    # our own
    "one-line-sentences": lambda n: _repeat("The army said it had repelled the attack. by force, he said. via. ", n),
    "one-line-quotes": lambda n: _repeat("He said “we stay” and \"we go\" and it's over. ", n),
    "doubled-words": lambda n: _lines("The the army said that that the the plan of of the city would fail.", n),
    "no-spaces": lambda n: _repeat("a.b,c;d:e", n),
    "cjk-line": lambda n: _repeat("これは日本語の文です。それでも、英語ではありません。", n),
    "many-urls": lambda n: _repeat("see https://example.com/a.b,c and www.x.org/y.Z ", n),
    "repeated-sentences": lambda n: _repeat("The bridge was closed on Monday again. ", n),
    "dotted-dates": lambda n: _repeat("On 27.01.2023 and 03.04.2023 and 1.500 rounds and 3,5 million. ", n),
    "markdown": lambda n: _lines("Text with `code` and [a link](http://x.org/a.b) and **bold** words. by force.", n),
}


def measure(name: str, size: int) -> dict:
    """CPU seconds of each stage on one generated text (runs in the child process)."""
    sys.path.insert(0, str(REPO))
    from cleanup.detect.patterns import run_pattern_rules
    from cleanup.runner import EngineCache, Settings
    from cleanup.segment import make_document

    text = GENERATORS[name](size)
    path = "article.md" if name in ("markdown", "suppressions") else "article.txt"
    engine = EngineCache(Settings()).for_path(path)
    ctx = engine.ctx
    out: dict[str, float] = {}

    def timed(key, fn):
        t = time.process_time()
        result = fn()
        out[key] = time.process_time() - t
        return result

    doc = timed("segment", lambda: _segmented(make_document(text, path)))
    for d in ctx.detectors:
        doc.memo.clear()
        timed(d.name, lambda d=d: list(d.run(doc, ctx)))
    timed("patterns", lambda: run_pattern_rules(doc, ctx))
    timed("check", lambda: engine.check(text, path))
    timed("fix", lambda: engine.fix(text, path))
    return out


def _segmented(doc):
    doc.sentences_by_paragraph, doc.masked, doc.line_starts  # noqa: B018 - computed once, cached on the doc
    return doc


def run_child(name: str, size: int, limit: float, repeat: int = 1) -> dict | None:
    """Each stage's best CPU time over ``repeat`` fresh processes (None: a run passed the time limit)."""
    best: dict[str, float] = {}
    cmd = [sys.executable, __file__, "--child", name, str(size)]
    for _ in range(repeat):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, cwd=REPO)
        except subprocess.TimeoutExpired:
            return None
        if p.returncode != 0:
            raise SystemExit(f"{name} at {size}: {p.stderr[-2000:]}")
        for stage, t in json.loads(p.stdout).items():
            best[stage] = min(t, best.get(stage, t))
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated generator names")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--limit", type=float, default=LIMIT, help="seconds per generator and size")
    ap.add_argument("--repeat", type=int, default=2, help="runs per generator and size; the best CPU time counts")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return 0
    if args.list:
        print("\n".join(GENERATORS))
        return 0
    names = args.only.split(",") if args.only else list(GENERATORS)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"CPU seconds per stage, best of {args.repeat}; growth per 4x size (target <= {TARGET:g}x); "
          f"limit {args.limit:g} s a run; "
          f"load average {os.getloadavg()[0]:.1f}")
    worst = 0.0
    failed = []
    for name in names:
        runs = [run_child(name, n, args.limit, args.repeat) for n in sizes]
        stages = next((list(r) for r in runs if r), ["check"])
        print(f"\n{name}")
        print(f"  {'stage':18}" + "".join(f"{n // 1000:>9} KB" for n in sizes) + "   growth per 4x")
        for stage in stages:
            cells, growth = [], []
            for i, r in enumerate(runs):
                cells.append(f"{r[stage]:12.3f}" if r else f"{'> limit':>12}")
                if i and r and runs[i - 1]:
                    prev = max(runs[i - 1][stage], 0.002)  # below the clock's resolution, growth means nothing
                    if r[stage] > 0.02:
                        growth.append(r[stage] / prev)
            g = ", ".join(f"{x:.1f}x" for x in growth)
            if growth and max(growth) > TARGET:
                failed.append(f"{name}/{stage}")
            worst = max([worst, *growth])
            print(f"  {stage:18}" + "".join(cells) + f"   {g}")
        if any(r is None for r in runs):
            failed.append(f"{name}: a run took longer than {args.limit:g} s")
    print(f"\nworst growth per 4x: {worst:.1f}x (target <= {TARGET:g}x): {'PASS' if not failed else 'FAIL'}")
    for f in failed:
        print(f"  over target: {f}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
