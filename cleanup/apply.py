"""Apply accepted edits, and prove that nothing outside them changed (as Black verifies its output)."""
from __future__ import annotations

from .errors import UnsafeEditError
from .model import Edit


def apply_edits(text: str, edits: list[Edit]) -> str:
    edits = sorted(edits)
    parts = []
    pos = 0
    for e in edits:
        if e.start < pos or e.end > len(text) or e.start > e.end:
            raise UnsafeEditError(f"edit {e} overlaps another or lies outside the text")
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    out = "".join(parts)
    verify(text, out, edits)
    return out


def verify(old: str, new: str, edits: list[Edit]) -> None:
    """Check, independently of how ``new`` was built, that every gap between edits is byte-identical."""
    pos_old = pos_new = 0
    for e in sorted(edits):
        gap = e.start - pos_old
        if old[pos_old:e.start] != new[pos_new:pos_new + gap]:
            raise UnsafeEditError("text outside the edits changed")
        pos_new += gap
        if new[pos_new:pos_new + len(e.replacement)] != e.replacement:
            raise UnsafeEditError("an edit was not applied as planned")
        pos_new += len(e.replacement)
        pos_old = e.end
    if old[pos_old:] != new[pos_new:]:
        raise UnsafeEditError("text after the last edit changed")
