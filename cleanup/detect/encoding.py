"""Encoding damage (MT601): UTF-8 text decoded as Windows-1252 or Latin-1 (``itâ€™s``, ``CafÃ©``).

ftfy repairs it well, but only its encoding repair is used, and only on the damaged words: curly quotes,
accented names (``Škoda``, ``Zürich``, ``Renée``) and the euro sign stay exactly as they are. ftfy is not
even imported for a text without the tell-tale pairs of characters, which is almost every text.
"""
from __future__ import annotations

import difflib
import re

from ..model import Edit
from . import detector

# A lead character of a UTF-8 sequence as Windows-1252 shows it (Â Ã Ä Å Ð Ñ â ...), followed by a
# continuation byte as Windows-1252 or Latin-1 shows it (€ ™ œ © ¼ ...).
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
TELLTALE = re.compile(f"[\u00c2-\u00df\u00e2-\u00ef][{_CONT}]")
# The damaged stretch: the non-space characters around a tell-tale pair.
DAMAGED = re.compile(f"\\S*[\u00c2-\u00df\u00e2-\u00ef][{_CONT}]\\S*")
# What a plausible repair never contains: the replacement character, controls, or mojibake still left.
IMPLAUSIBLE = re.compile(f"[\ufffd\u0000-\u0008\u000e-\u001f\u007f-\u009f]|{TELLTALE.pattern}")
# A right double quote whose last byte (0x9D, undefined in Windows-1252) was lost: â€ before a space.
LOST_RDQUO = re.compile("â€(?=[\\s.,;:!?)]|$)")


@detector("encoding", rules=("MT601",))
def detect(doc, ctx):
    text = doc.text
    if TELLTALE.search(text) is None:
        return
    import ftfy

    for m in DAMAGED.finditer(text):
        s, e = m.span()
        if doc.is_masked(s, e):
            continue
        old = m.group(0)
        lost = [(s + k.start(), s + k.end()) for k in LOST_RDQUO.finditer(old)]
        new = ftfy.fix_encoding(LOST_RDQUO.sub("â€\x9d", old))
        if new == old or IMPLAUSIBLE.search(new):
            continue
        edits = _minimal_edits(old, new, s)
        if not edits:
            continue
        # A guessed closing quote is a guess: unsafe.
        applicability = "unsafe" if lost else "safe"
        yield ctx.finding("MT601", edits[0].start, edits[-1].end, "damage", damaged=old, repaired=new, edits=edits,
                          applicability=applicability)


def _minimal_edits(old: str, new: str, offset: int) -> list[Edit]:
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [Edit(offset + i1, offset + i2, new[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
