"""Encoding damage (MT601): UTF-8 text decoded as Windows-1252 or Latin-1 (``itâ€™s``, ``CafÃ©``).

ftfy repairs it well, but only its encoding repair is used, and only on the damaged words: curly quotes,
accented names (``Škoda``, ``Zürich``, ``Renée``) and the euro sign stay exactly as they are. ftfy is not
even imported for a text without the tell-tale pairs of characters, which is almost every text.
"""
from __future__ import annotations

import re

from ..model import Edit
from . import detector

# A lead character of a UTF-8 sequence as Windows-1252 shows it (Â Ã Ä Å Ð Ñ â ...), followed by a
# continuation byte as Windows-1252 or Latin-1 shows it (€ ™ œ © ¼ ...).
_CONT = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
         "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
TELLTALE = re.compile(f"[\u00c2-\u00df\u00e2-\u00ef][{_CONT}]")
_LEADS = "".join(map(chr, [*range(0xC2, 0xE0), *range(0xE2, 0xF0)]))  # TELLTALE's first character
_REST_OF_WORD = re.compile(r"\S*")
# What a plausible repair never contains: the replacement character, controls, or mojibake still left.
IMPLAUSIBLE = re.compile(f"[\ufffd\u0000-\u0008\u000e-\u001f\u007f-\u009f]|{TELLTALE.pattern}")
# A right double quote whose last byte (0x9D, undefined in Windows-1252) was lost: â€ before a space.
LOST_RDQUO = re.compile("â€(?=[\\s.,;:!?)]|$)")


@detector("encoding", rules=("MT601",))
def detect(doc, ctx):
    text = doc.text
    # Mojibake needs one of TELLTALE's lead characters: an ASCII text (a flag lookup) or one without any
    # (a str.find a character) skips the regex scan, which visits every position.
    if text.isascii() or not any(c in text for c in _LEADS) or TELLTALE.search(text) is None:
        return
    import ftfy

    done = 0  # the end of the last damaged word
    for t in TELLTALE.finditer(text):
        if t.start() < done:
            continue  # in a word already repaired
        # The damaged word: the non-space characters around the tell-tale pair.
        s = t.start()
        while s > done and not text[s - 1].isspace():
            s -= 1
        rest = _REST_OF_WORD.match(text, t.end())  # \S* always matches
        e = done = rest.end() if rest else t.end()
        if doc.is_masked(s, e):
            continue
        old = text[s:e]
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
    """The edits that turn ``old`` into ``new``, each as small as it can be, in linear time.

    ftfy's encoding repair leaves ASCII alone (every byte of a damaged sequence is 0x80 or above), so the
    two words share their ASCII characters in order: align on them, and compare the runs of other
    characters between them (trimmed of what they share at both ends)."""
    edits = []
    i = j = 0
    n, m = len(old), len(new)
    while i < n or j < m:
        if i < n and j < m and old[i] == new[j] and old[i].isascii():
            i += 1
            j += 1
            continue
        i2, j2 = i, j
        while i2 < n and not old[i2].isascii():
            i2 += 1
        while j2 < m and not new[j2].isascii():
            j2 += 1
        if i2 == i and j2 == j:  # the ASCII differs after all: one edit for the rest
            i2, j2 = n, m
        edits.extend(_run_edits(old[i:i2], new[j:j2], offset + i))
        i, j = i2, j2
    return edits


SHORT_RUN = 64  # characters: runs up to this long are compared character by character


def _run_edits(a: str, b: str, offset: int) -> list[Edit]:
    """The edits that turn the run ``a`` into ``b``: by difflib's alignment for runs of ordinary length (a
    repaired character that was already right stays out of the edit: ``Â©`` -> ``©`` deletes ``Â``); one
    edit, trimmed of what both share at the ends, for a longer run (difflib takes quadratic time)."""
    if a == b:
        return []
    if len(a) <= SHORT_RUN and len(b) <= SHORT_RUN:
        import difflib

        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return [Edit(offset + i1, offset + i2, b[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    q = 0
    while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return [Edit(offset + p, offset + len(a) - q, b[p:len(b) - q])]
