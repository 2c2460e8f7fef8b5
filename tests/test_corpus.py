"""Real machine translation: `fix` is idempotent on every document of the shared corpus.

The corpus lives beside the project checkout (``<repo>/../shared/corpora/wmt22-ja-en``, or under
$MTCLEAN_SHARED: MT output of 14 WMT22 systems and the human reference). It is read in place and never
copied into the repository; without it these tests are skipped, saying where it was looked for.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cleanup.engine import Engine
from cleanup.read.source import decode
from cleanup.rulepacks import builtin_rules
from cleanup.segment import make_document
from conftest import SHARED, needs_shared

CORPUS = SHARED / "corpora" / "wmt22-ja-en"
FILES = sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=needs_shared("corpora/wmt22-ja-en"))


@pytest.fixture(scope="module")
def engine():
    return Engine(builtin_rules(), None, make_document)


def _name(p: Path) -> str:
    return str(p.relative_to(CORPUS))


def test_corpus_is_complete():
    assert len(list((CORPUS / "ref").glob("*.txt"))) >= 70
    assert len([d for d in (CORPUS / "hyp").iterdir() if d.is_dir()]) >= 10


@pytest.mark.parametrize("system", sorted({p.relative_to(CORPUS).parts[1] if p.parts[-3] == "hyp" else "ref"
                                          for p in FILES}))
def test_fix_is_idempotent_and_leaves_nothing_safe(engine, system):
    """Per system (MT) and for the human reference: fix(fix(x)) == fix(x); no safe fix left after fix;
    every offset inside the text; unchanged documents come back byte-identical through the bytes path."""
    files = [p for p in FILES if (p.parts[-3] == "hyp" and p.parts[-2] == system) or
             (system == "ref" and p.parts[-2] == "ref")]
    assert files
    problems = []
    for path in files:
        raw = path.read_bytes()
        src = decode(raw, str(path))
        findings = engine.check(src.text, str(path))
        if any(not (0 <= f.start <= f.end <= len(src.text)) for f in findings):
            problems.append(f"{_name(path)}: finding outside the text")
        once = engine.fix(src.text, str(path))
        twice = engine.fix(once.text, str(path))
        if twice.text != once.text:
            problems.append(f"{_name(path)}: not idempotent ({len(twice.applied)} more fixes on the second run: "
                            f"{sorted({f.rule.id for f in twice.applied})})")
        left = [f.rule.id for f in once.remaining if f.fix and f.fix.applicability == "safe"]
        if left:
            problems.append(f"{_name(path)}: safe fixes left after fix: {left}")
        out = src.encode(once.text)
        if once.text == src.text and out != raw:
            problems.append(f"{_name(path)}: unchanged text but different bytes")
        if out.count(b"\r\n") > raw.count(b"\r\n") or (raw.endswith(b"\n") != out.endswith(b"\n")):
            problems.append(f"{_name(path)}: line endings changed")
    assert not problems, "\n".join(problems)
