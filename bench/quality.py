#!/usr/bin/env python3
"""Quality figures on real MT: precision on human text, chrF of `fix`, recall on injected artifacts.

1. Runs ../shared/tools/devscore.py (the shared scorer) on ../shared/corpora/wmt22-ja-en through the CLI:
   findings per 1,000 words on the human translations and on each MT system, chrF change of `mtclean fix`
   against the human translation, documents still mixing name variants.
2. Injects one artifact of each family into each human translation (read in place, never copied) and
   reports how often mtclean flags it at the right place (recall) and how often `fix` restores the text
   exactly (for families with a safe fix).

Usage: python bench/quality.py [--corpus DIR] [--skip-devscore]      (needs sacrebleu for part 1)
Targets (issue 3): <= 0.5 findings per 1,000 words on human text; MT/human ratio >= 5; chrF change >= 0
for every system; 0 documents mixing name variants after `fix`.
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def injections(rng):
    """(family, inject(text) -> (bad, start, end, expected_after_fix | None) or None)."""
    preps = "by|with|in|for|from|on|at|to"

    def pick(pattern, t):
        ms = list(re.finditer(pattern, t))
        return rng.choice(ms) if ms else None

    def stray_period(t):
        m = pick(rf"(?<=[a-z]) ({preps}) (?=[a-z])", t)
        return m and (t[:m.start()] + "." + t[m.start():], m.start(), m.start() + 1, t)

    def stray_token(t):
        m = pick(r"(?<=[a-z])\. (?=[A-Z])", t)
        return m and (t[:m.start() + 1] + " via." + t[m.start() + 1:], m.start() + 1, m.start() + 6, t)

    def orphan_fragment(t):
        m = pick(r" (\w+ \w+)\. (?=[A-Z])", t)
        if not m:
            return None
        frag = " more " + m.group(1).split()[1] + "."
        return t[:m.end() - 1] + frag + t[m.end() - 1:], m.end(), m.end() - 1 + len(frag), None

    def doubled_word(t):
        m = pick(r"(?<= )(the|of|and|to|in) (?=[a-z])", t)
        return m and (t[:m.end()] + m.group(1) + " " + t[m.end():], m.start(), m.end() + len(m.group(1)), t)

    def name_variant(t):
        m = pick(r"(?<=[a-z])\. (?=[A-Z])", t)
        if not m:
            return None
        add_bad, add_good = " Officials in Kyiv agreed, and Kiev said so.", " Officials in Kyiv agreed, and Kyiv said so."
        i = m.start() + 1
        return t[:i] + add_bad + t[i:], i, i + len(add_bad), t[:i] + add_good + t[i:]

    def source_script(t):
        m = pick(r"(?<= )(every|the) ", t)
        return m and (t[:m.start()] + "кожна " + t[m.start():], m.start(), m.start() + 6, t)

    def punctuation_spacing(t):
        m = pick(r"(?<=[a-z]),(?= )", t)
        return m and (t[:m.start()] + " " + t[m.start():], m.start(), m.start() + 2, t)

    def mojibake(t):
        m = pick(r"(?<=[a-z])[’'](?=[a-z])", t)
        return m and (t[:m.start()] + "â€™" + t[m.end():], m.start(), m.start() + 3, t[:m.start()] + "’" + t[m.end():])

    def decimal_comma(t):
        m = pick(r"(?<=[a-z]) (?=[a-z])", t)
        return m and (t[:m.start()] + " 3,5 million" + t[m.start():], m.start() + 1, m.start() + 12,
                      t[:m.start()] + " 3.5 million" + t[m.start():])

    def duplicated_sentence(t):
        m = pick(r"(?<=[.!?] )([A-Z][^.!?\n\"“”]{30,200}[.!?]) ", t)
        return m and (t[:m.end()] + m.group(1) + " " + t[m.end():], m.end(), m.end() + len(m.group(1)), t)

    def missing_space(t):
        m = pick(r"(?<=[a-z]{3})\. (?=[A-Z][a-z])", t)
        return m and (t[:m.start() + 1] + t[m.end():], m.start(), m.start() + 2, t)

    def doubled_quote(t):
        m = pick(r"(?<= )([a-z]+ [a-z]+)(?= [a-z])", t)
        return m and (t[:m.start()] + '""' + m.group(1) + '""' + t[m.end():], m.start(), m.end() + 4,
                      t[:m.start()] + '"' + m.group(1) + '"' + t[m.end():])

    def repeated_tail(t):
        m = pick(r"(?<= )([a-z]+ [a-z]+ [a-z]+)\. (?=[A-Z])", t)
        if not m:
            return None
        tail = " " + m.group(1) + "."
        return t[:m.end() - 1] + tail + t[m.end() - 1:], m.end(), m.end() - 1 + len(tail), t

    return [stray_period, stray_token, orphan_fragment, doubled_word, name_variant, source_script,
            punctuation_spacing, mojibake, decimal_comma, duplicated_sentence, missing_space, doubled_quote,
            repeated_tail]


def injected_recall(corpus: str) -> None:
    from cleanup.engine import Engine
    from cleanup.rulepacks import builtin_rules
    from cleanup.segment import make_document

    refs = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(f"{corpus}/ref/*.txt"))]
    engine = Engine(builtin_rules(), None, make_document)
    print(f"\ninjected artifacts, one per human translation ({len(refs)} documents, seed 7)")
    print(f"  {'family':22} {'n':>4} {'recall':>7} {'fixed exactly':>14}  rules that caught it")
    for inject in injections(random.Random(7)):
        n = hit = fixed = expected = 0
        rules: dict[str, int] = {}
        for t in refs:
            r = inject(t)
            if not r:
                continue
            bad, s, e, good = r
            n += 1
            near = [f for f in engine.check(bad) if f.start <= e and f.end >= s]
            for f in near:
                rules[f.rule.id] = rules.get(f.rule.id, 0) + 1
            hit += bool(near)
            if good is not None:
                expected += 1
                fixed += engine.fix(bad).text == engine.fix(good).text
        fx = f"{fixed / expected:14.2f}" if expected else f"{'(flag only)':>14}"
        print(f"  {inject.__name__:22} {n:4} {hit / max(n, 1):7.2f} {fx}  {rules}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpora", "wmt22-ja-en"))
    ap.add_argument("--skip-devscore", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(a.corpus):
        sys.exit(f"bench/quality.py: no corpus at {a.corpus}; pass --corpus DIR")
    devscore = os.path.join(ROOT, "..", "shared", "tools", "devscore.py")
    if not a.skip_devscore and os.path.isfile(devscore):
        env = dict(os.environ)
        env.setdefault("MTC_CMD", f"{sys.executable} -m cleanup")
        print("devscore (../shared/tools/devscore.py), through the CLI:")
        subprocess.run([sys.executable, devscore, "--corpus", a.corpus, "--", "--grammar", "none", "-q"],
                       env=env, cwd=ROOT, check=False)
    injected_recall(a.corpus)


if __name__ == "__main__":
    main()
