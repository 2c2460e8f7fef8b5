"""Quotation marks: mixed straight/curly double quotes in one article (MT310), unbalanced quotes (MT311),
and mixed apostrophes (MT313, opt-in: as common in human translations as in MT, a house-style preference).

The article's style is decided by counting, separately, double quotation marks (``"`` vs ``“ ”``) and
apostrophes inside words (``'`` vs ``’`` in ``it's``). Marks that are not quotation marks are never
counted nor touched: inch and second marks after a digit (``12"``, ``5'11"``), feet and minute marks
(``5'``, ``50°27'``), masked regions (URLs, e-mail addresses, code).
"""
from __future__ import annotations

import re

from ..model import Edit
from . import detector, quoted
from .quoting import (CLOSE, LOW, OPEN, QUOTE_STYLE, STRAIGHT, counted_doubles, double_quotes, is_inch, quote_style,
                      role, word_apostrophes)


def _paragraph_of(doc):
    """Map an offset to its paragraph's (start, end), for context at paragraph edges."""
    import bisect

    starts = [p.start for p in doc.paragraphs]

    def find(i):
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            return 0, len(doc.text)
        p = doc.paragraphs[k]
        return (p.start, p.end) if i < p.end else (p.start, len(doc.text))

    return find


# MT311 reads the next paragraph: a quotation that runs on into it reopens there.
@detector("quotes", rules=("MT310", "MT311", "MT313"), reads="neighbours", facts=(QUOTE_STYLE,))
def detect(doc, ctx):
    if ctx.enabled("MT310") and doc.scope != "neighbours":
        yield from _mixed_doubles(doc, ctx)
    if ctx.enabled("MT313") and doc.scope != "neighbours":
        yield from _mixed_apostrophes(doc, ctx)
    if ctx.enabled("MT311") and doc.scope != "own":
        yield from _unbalanced(doc, ctx)


def _mixed_doubles(doc, ctx):
    text = doc.text
    facts = quote_style(doc)
    if facts.low:
        return  # low-high quotes („…“) are a third style: a “ there closes, and no straight/curly count is fair
    if facts.doubles is None:
        return
    majority, clear = facts.doubles
    minority = [i for i in counted_doubles(doc) if (text[i] == STRAIGHT) == (majority == "curly")]
    para = _paragraph_of(doc)
    for i in minority:
        if not clear:
            yield ctx.finding("MT310", i, i + 1, "mixed-quotes", context=quoted(text, i, i + 1))
            continue
        edits = None
        if majority == "straight":
            edits = [Edit(i, i + 1, STRAIGHT)]
        else:
            at = role(text, i, *para(i))
            if at:
                edits = [Edit(i, i + 1, OPEN if at == "open" else CLOSE)]
        key = "straight-in-curly" if majority == "curly" else "curly-in-straight"
        yield ctx.finding("MT310", i, i + 1, key, edits=edits, context=quoted(text, i, i + 1))


def _mixed_apostrophes(doc, ctx):
    text = doc.text
    style = quote_style(doc).apostrophes
    if style is None:
        return
    majority, clear = style
    want = "’" if majority == "curly" else "'"
    for i in word_apostrophes(doc):
        if text[i] == want:
            continue
        if clear:
            key = "straight-apostrophe-in-curly" if majority == "curly" else "curly-apostrophe-in-straight"
            yield ctx.finding("MT313", i, i + 1, key, edits=[Edit(i, i + 1, want)], context=quoted(text, i, i + 1))
        else:
            yield ctx.finding("MT313", i, i + 1, "mixed-apostrophes", context=quoted(text, i, i + 1))


def _paragraph_quotes(doc, p):
    """(unmatched marks, the mark still open at the end, the paragraph's marks) of paragraph ``p``."""
    text = doc.text
    marks = double_quotes(doc, p.start, p.end, collapse=True)
    if not marks:
        return [], -1, marks
    unmatched, trailing = _unmatched(text, marks, p.start, p.end)
    if unmatched and any(is_inch(text, i) for i in marks):
        # Read every mark after a digit as an inch mark; report only what stays unmatched either way.
        marks = [i for i in marks if not is_inch(text, i)]
        unmatched, trailing = _unmatched(text, marks, p.start, p.end)
    return unmatched, trailing, marks


def _unbalanced(doc, ctx):
    text = doc.text
    paras = doc.paragraphs
    carried = -1  # the previous paragraph's last mark, when it left a quotation open
    for k, p in enumerate(paras):
        unmatched, trailing, marks = _paragraph_quotes(doc, p)
        runs_in, carried = carried, -1
        if not unmatched:
            continue
        nxt = _first_char(text, paras[k + 1]) if k + 1 < len(paras) else ""
        if trailing >= 0 and trailing == marks[-1] and k + 1 < len(paras):
            after, _, next_marks = _paragraph_quotes(doc, paras[k + 1])
            if after and next_marks and after[0] == (next_marks[0], "close"):
                carried = trailing  # opened here, closed by the next paragraph's first mark
        for i, kind in unmatched:
            if i == trailing and nxt in ('"', OPEN, "„"):
                continue  # a quotation running on into the next paragraph, which reopens it
            if i == carried or (runs_in >= 0 and kind == "close" and i == marks[0]):
                continue  # a quotation that opens in one paragraph and closes in the next
            yield ctx.finding("MT311", i, i + 1, f"unmatched-{kind}", reads="previous" if kind == "close" else "next",
                              context=quoted(text, i, i + 1))


def _first_char(text, p) -> str:
    return text[p.start] if p.start < p.end else ""


SENTENCE_END_RE = re.compile(r"[.!?…][\"”’']*\s+[\"“‘']?[A-Z]")


def _nests(text: str, marks: list[int], k: int, start: int, end: int) -> bool:
    """Whether the quotation opening at ``marks[k]`` while another is open is nested in it (“the word “war”
    is”): the next mark closes it within the same sentence, and a further mark closes the outer one.
    Anything else is a quotation left open before a new one starts."""
    if k + 2 >= len(marks):
        return False
    i, inner_close, outer_close = marks[k], marks[k + 1], marks[k + 2]
    if role(text, inner_close, start, end) == "open" or role(text, outer_close, start, end) == "open":
        return False
    if text[inner_close] == OPEN or text[outer_close] == OPEN:
        return False
    return not SENTENCE_END_RE.search(text, i, inner_close + 1)


def _unmatched(text: str, marks: list[int], start: int, end: int) -> tuple[list[tuple[int, str]], int]:
    """Quotes without a partner, as (offset, 'open'|'close'), and the offset of the quote still open at
    the end of the paragraph (-1 if none)."""
    out: list[tuple[int, str]] = []
    opened: list[int] = []  # a stack: a quotation may nest one of the same style (“the word “war” is”)
    for k, i in enumerate(marks):
        c = text[i]
        # The position decides (a curly mark turned the wrong way still pairs); when the position is
        # ambiguous, the shape of a curly mark, else alternation.
        at = role(text, i, start, end)
        if not at:
            if c in (OPEN, LOW):
                at = "open"
            elif c == CLOSE:
                at = "close"
            else:
                at = "close" if opened else "open"
        if at == "open":
            if opened and not _nests(text, marks, k, start, end):
                out.append((opened.pop(), "open"))  # a new quotation while one is open: the first never closed
            opened.append(i)
        elif opened:
            opened.pop()
        else:
            out.append((i, "close"))
    out.extend((i, "open") for i in opened)
    out.sort()
    return out, opened[-1] if opened else -1
