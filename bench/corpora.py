"""The four real-MT corpora in ../shared/corpora, read in place (never copied), and mtclean run on them in
process: what bench/quality.py and bench/judged/judge.py share.

A corpus folder holds ``ref/<doc>.txt`` (one human translation per document) and ``hyp/<system>/<doc>.txt``.
A document's key is its path relative to the corpora folder (``wmt22-ja-en/hyp/KYB/doc3.txt``): stable across
runs and machines, unlike offsets or absolute paths.
"""
from __future__ import annotations

import glob
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpora"))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def corpus_dirs(names=None, root: str = CORPORA) -> list[str]:
    """Every corpus folder under ``root`` (or those named: a name like ``wmt22-de-en`` or a path)."""
    if names:
        return [n if os.path.isdir(n) else os.path.join(root, n) for n in names]
    return sorted(d for d in glob.glob(os.path.join(root, "*")) if os.path.isdir(os.path.join(d, "ref")))


def short(corpus: str) -> str:
    """``wmt22-ja-en`` -> ``ja-en``."""
    return os.path.basename(os.path.normpath(corpus)).replace("wmt22-", "")


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def documents(corpus: str, systems: bool = True):
    """(key, side, text) for every document: side is "human" for ref/, else the MT system's name."""
    base = os.path.dirname(os.path.normpath(corpus))
    for p in sorted(glob.glob(os.path.join(corpus, "ref", "*.txt"))):
        yield os.path.relpath(p, base), "human", read(p)
    if systems:
        for p in sorted(glob.glob(os.path.join(corpus, "hyp", "*", "*.txt"))):
            yield os.path.relpath(p, base), os.path.basename(os.path.dirname(p)), read(p)


def engine(rules=None, opt_in=()):
    """The CLI's rule set without the grammar layer (what devscore measures with --grammar none); ``rules``
    restricts it to some rules, ``opt_in`` adds opt-in rules to the default set."""
    from cleanup.config import Config
    from cleanup.engine import Engine
    from cleanup.rulepacks import builtin_rules
    from cleanup.segment import make_document

    cfg = Config(select=list(rules) if rules else (["ALL", *opt_in] if opt_in else []))
    specs = [s for s in builtin_rules() if cfg.rule_enabled(s.rule)]
    return Engine(specs, cfg, make_document)


def kilowords(text: str) -> float:
    return len(text.split()) / 1000


def rule_rates(corpus: str, eng=None) -> dict:
    """Findings per 1,000 words by rule, on the human side and on all MT systems pooled and averaged
    per system (devscore's MT/human ratio averages the systems' rates)."""
    eng = eng or engine()
    human, human_kw = Counter(), 0.0
    per_system: dict[str, Counter] = {}
    system_kw: Counter = Counter()
    for key, side, text in documents(corpus):
        counts = Counter(f.rule.id for f in eng.check(text, key))
        if side == "human":
            human.update(counts)
            human_kw += kilowords(text)
        else:
            per_system.setdefault(side, Counter()).update(counts)
            system_kw[side] += kilowords(text)
    rules = sorted(set(human) | {r for c in per_system.values() for r in c})
    mt_mean = {r: sum(per_system[s][r] / system_kw[s] for s in per_system) / max(len(per_system), 1) for r in rules}
    return {"human": {r: human[r] / human_kw for r in rules}, "human_n": {r: human[r] for r in rules}, "mt": mt_mean,
            "mt_n": {r: sum(c[r] for c in per_system.values()) for r in rules}, "systems": len(per_system)}
