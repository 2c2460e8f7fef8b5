#!/usr/bin/env python3
"""Quality figures on real MT, on every corpus in ../shared/corpora (read in place, never copied).

1. devscore: runs ../shared/tools/devscore.py (the shared scorer) through the CLI on every corpus: findings
   per 1,000 words on the human translations and on each MT system, chrF change of `mtclean fix` against the
   human translation, documents still mixing name variants, and its summary table.
2. By rule (--by-rule): the same findings per 1,000 words split by rule, human vs. MT (mean of the systems'
   rates, as devscore's ratio), in process: where the false alarms of the human side come from.
2b. chrF by rule (--chrf-by-rule): for every system, the chrF change that each rule's safe fixes alone make
   (`fix` with that rule only), against the human translation: which rule moves MT away from its reference.
3. Injected artifacts: one artifact of each family (bench/injected.py) inserted into each human translation;
   how often mtclean flags it at the right place (detection) and how often `fix` gives exactly the repaired
   text (safe families: plain `fix`; unsafe ones: `fix --unsafe-fixes`), per corpus and pooled.

Leave-one-out: `--corpus NAME` (repeatable) restricts every part to some corpora; tune on three, then read
the fourth with `--corpus` alone.

Usage: python bench/quality.py [--corpus NAME] [--skip-devscore] [--skip-injected] [--by-rule] [--chrf-by-rule]
                              [--family SUBSTR] [--select OPT_IN_RULE]
Targets (issue 11), every corpus: human <= 0.30 findings per 1,000 words; MT/human >= 3; no system's chrF
falls; each injected family: detection >= 0.95 and the repair exact wherever it applies.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpora as C
import injected

SEED = 7


def run_devscore(dirs) -> None:
    devscore = os.path.join(C.ROOT, "..", "shared", "tools", "devscore.py")
    if not os.path.isfile(devscore):
        print("devscore: ../shared/tools/devscore.py not found; skipped")
        return
    env = dict(os.environ)
    env.setdefault("MTC_CMD", f"{sys.executable} -m cleanup")
    print("devscore (../shared/tools/devscore.py), through the CLI, --grammar none:", flush=True)
    args = [a for d in dirs for a in ("--corpus", d)]
    subprocess.run([sys.executable, devscore, *args, "--", "--grammar", "none", "-q"], env=env, cwd=C.ROOT,
                   check=False)


def by_rule(dirs, opt_in=()) -> None:
    eng = C.engine(opt_in=opt_in)
    print("\nfindings per 1,000 words by rule (in process, --grammar none): human | MT (mean over systems)")
    for d in dirs:
        r = C.rule_rates(d, eng)
        h, m = sum(r["human"].values()), sum(r["mt"].values())
        print(f"== {C.short(d)}: human {h:.2f}, MT {m:.2f}, MT/human {m / max(h, 1e-9):.1f}")
        for rule in sorted(r["human"], key=lambda x: -(r["human"][x] + r["mt"][x])):
            print(f"   {rule:8} human {r['human'][rule]:5.2f} ({r['human_n'][rule]:3} findings)   "
                  f"MT {r['mt'][rule]:5.2f} ({r['mt_n'][rule]:4} over {r['systems']} systems)")


def chrf_by_rule(dirs, opt_in=(), verbose=False) -> None:
    """Per corpus and system: chrF change of fix with all rules, and of each rule's safe fixes alone."""
    import sacrebleu

    from cleanup.engine import Engine

    eng = C.engine(opt_in=opt_in)
    specs = eng.ctx.specs
    single: dict[str, Engine] = {}
    print("\nchrF change of `fix` against the human translation, all rules and each rule alone (safe fixes):")
    for d in dirs:
        refs = {os.path.basename(k): t for k, _, t in C.documents(d, systems=False)}
        systems: dict[str, dict] = {}
        for key, side, text in C.documents(d):
            if side != "human":
                systems.setdefault(side, {})[os.path.basename(key)] = text
        print(f"== {C.short(d)}")
        for system, hyps in sorted(systems.items()):
            ks = sorted(k for k in hyps if k in refs)
            ref = [[refs[k] for k in ks]]
            base = sacrebleu.corpus_chrf([hyps[k] for k in ks], ref).score
            fixed_all = [eng.fix(hyps[k], k).text for k in ks]
            by_rule = {}
            touched: dict[str, set] = {}
            for k in ks:
                for f in eng.check(hyps[k], k):
                    if f.fix is not None and f.fix.applicability == "safe":
                        touched.setdefault(f.rule.id, set()).add(k)
            for rid, docs in sorted(touched.items()):
                e = single.get(rid) or single.setdefault(rid, Engine([specs[rid]], eng.config, eng.document_factory))
                out = [e.fix(hyps[k], k).text if k in docs else hyps[k] for k in ks]
                by_rule[rid] = sacrebleu.corpus_chrf(out, ref).score - base
            total = sacrebleu.corpus_chrf(fixed_all, ref).score - base
            worst = ", ".join(f"{r} {v:+.4f}" for r, v in sorted(by_rule.items(), key=lambda x: x[1])
                              if v < 0 or verbose)
            print(f"   {system:22} all {total:+.4f}   {'by rule' if verbose else 'below 0'}: {worst or '-'}")


def injected_recall(dirs, only=None, opt_in=()) -> dict:
    """Per family and corpus: [n, detected, repairable, repaired exactly, rules that caught it]."""
    eng = C.engine(opt_in=opt_in)
    table: dict[str, dict] = {}
    for d in dirs:
        refs = [text for _, _, text in C.documents(d, systems=False)]
        for inject in injected.families(random.Random(SEED)):
            name = inject.__name__
            if only and not any(o in name for o in only):
                continue
            mode = injected.FIX_MODE.get(name)
            row = table.setdefault(name, {}).setdefault(C.short(d), [0, 0, 0, 0, {}])
            for t in refs:
                r = inject(t)
                if not r:
                    continue
                bad, s, e, good = r
                row[0] += 1
                near = [f for f in eng.check(bad) if f.start <= e and f.end >= s]
                for f in near:
                    row[4][f.rule.id] = row[4].get(f.rule.id, 0) + 1
                row[1] += bool(near)
                if mode and good is not None:
                    unsafe = mode == "unsafe"
                    row[2] += 1
                    row[3] += eng.fix(bad, unsafe=unsafe).text == eng.fix(good, unsafe=unsafe).text
    names = [C.short(d) for d in dirs]
    print(f"\ninjected artifacts, one per human translation (seed {SEED}): detection / repaired exactly")
    print(f"  {'family':28}" + "".join(f"{n:>15}" for n in names) + f"{'pooled':>15}  fix     rules that caught it")
    for name, per in table.items():
        cells, tot = [], [0, 0, 0, 0]
        rules: dict[str, int] = {}
        for n in names:
            c = per.get(n, [0, 0, 0, 0, {}])
            tot = [a + b for a, b in zip(tot, c[:4], strict=True)]
            for k, v in c[4].items():
                rules[k] = rules.get(k, 0) + v
            cells.append(_cell(c))
        mode = injected.FIX_MODE.get(name, "flag")
        print(f"  {name:28}" + "".join(f"{x:>15}" for x in cells) + f"{_cell(tot):>15}  {mode:7} {rules}")
    return table


def _cell(c) -> str:
    n, hit, rep, fixed = c[:4]
    if not n:
        return "-"
    return f"{hit / n:.2f} / " + (f"{fixed / rep:.2f}" if rep else "  - ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append", help="a corpus name or folder (repeatable); default: all four")
    ap.add_argument("--skip-devscore", action="store_true")
    ap.add_argument("--by-rule", action="store_true", help="findings per 1,000 words by rule, human vs. MT")
    ap.add_argument("--chrf-by-rule", action="store_true", help="chrF change of each rule's safe fixes alone")
    ap.add_argument("-v", "--verbose", action="store_true", help="--chrf-by-rule: every rule, not only those below 0")
    ap.add_argument("--family", action="append", help="only injected families whose name contains this")
    ap.add_argument("--skip-injected", action="store_true")
    ap.add_argument("--select", action="append", default=[],
                    help="an opt-in rule to add to the default set (repeatable; devscore runs the defaults)")
    a = ap.parse_args()
    dirs = C.corpus_dirs(a.corpus)
    missing = [d for d in dirs if not os.path.isdir(d)]
    if missing or not dirs:
        sys.exit(f"bench/quality.py: no corpus at {', '.join(missing) or C.CORPORA}; pass --corpus DIR")
    if not a.skip_devscore:
        run_devscore(dirs)
    if a.by_rule:
        by_rule(dirs, a.select)
    if a.chrf_by_rule:
        chrf_by_rule(dirs, a.select, a.verbose)
    if not a.skip_injected:
        injected_recall(dirs, a.family, a.select)


if __name__ == "__main__":
    main()
