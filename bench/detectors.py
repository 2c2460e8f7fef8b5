#!/usr/bin/env python3
"""Where the time of `mtclean check` goes: segmentation, each detector, the pattern rules and the engine.

    python bench/detectors.py [--corpus DIR] [--profile NAME]

Each stage runs over every corpus document and is timed in CPU seconds (best of 3). The documents are
segmented first (lines, paragraphs, sentences, masks), so a detector's figure is its own work. With
``--profile NAME`` (a detector's name, ``segment`` or ``patterns``) cProfile's top functions for it follow.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cleanup.detect import Context  # noqa: E402
from cleanup.detect.patterns import run_pattern_rules  # noqa: E402
from cleanup.runner import EngineCache, Settings  # noqa: E402
from cleanup.segment import make_document  # noqa: E402
from run import DEFAULT_CORPUS, MB, load_corpus, read_all, size_of  # noqa: E402


def cpu(fn, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def segmented(texts):
    docs = [make_document(t, "article.txt") for t in texts]
    for d in docs:
        d.sentences_by_paragraph, d.masked, d.line_starts  # noqa: B018 - computed once, cached on the doc
    return docs


def fresh(doc):
    """The document without what detectors found in an earlier run (their per-document memos and
    article-wide counts), so that each timed run does the detector's whole work."""
    doc.memo.clear()
    return doc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--profile", help="a detector's name, 'segment' or 'patterns'")
    args = ap.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        files, desc = load_corpus(args.corpus, Path(tmp))
        texts = read_all(files)
    nbytes = size_of(texts)
    engine = EngineCache(Settings()).for_path("article.txt")
    engine.check(texts[0])
    ctx: Context = engine.ctx
    docs = segmented(texts)

    stages = {"segment": lambda: segmented(texts)}
    for d in ctx.detectors:
        stages[d.name] = (lambda fn: lambda: [list(fn(fresh(doc), ctx)) for doc in docs])(d.run)
    stages["patterns"] = lambda: [run_pattern_rules(d, ctx) for d in docs]
    total = cpu(lambda: [engine.check(t) for t in texts])

    print(f"corpus: {desc}, {nbytes / MB:.2f} MB; CPU seconds, best of 3")
    print(f"  {'stage':24}{'CPU s':>9}{'MB/CPU-s':>10}{'share':>8}")
    parts = 0.0
    for name, fn in stages.items():
        t = cpu(fn)
        parts += t
        print(f"  {name:24}{t:9.3f}{nbytes / t / MB:10.2f}{t / total:8.0%}")
    print(f"  {'engine (rest)':24}{max(0.0, total - parts):9.3f}{'':10}{max(0.0, total - parts) / total:8.0%}")
    print(f"  {'Engine.check, all':24}{total:9.3f}{nbytes / total / MB:10.2f}{1:8.0%}")
    if args.profile:
        fn = stages[args.profile]
        pr = cProfile.Profile()
        pr.enable()
        fn()
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
