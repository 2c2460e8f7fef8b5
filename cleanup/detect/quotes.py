"""Quotation marks: mixed straight/curly styles in one article (MT310) and unbalanced quotes (MT311).

The article's style is decided by counting, separately, double quotation marks (``"`` vs ``“ ”``) and
apostrophes inside words (``'`` vs ``’`` in ``it's``). Marks that are not quotation marks are never
counted nor touched: inch and second marks after a digit (``12"``, ``5'11"``), feet and minute marks
(``5'``, ``50°27'``), masked regions (URLs, e-mail addresses, code).
"""
from __future__ import annotations

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
@detector("quotes", rules=("MT310", "MT311"), reads="neighbours", facts=(QUOTE_STYLE,))
def detect(doc, ctx):
    if ctx.enabled("MT310") and doc.scope != "neighbours":
        yield from _mixed_doubles(doc, ctx)
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
            yield ctx.finding("MT310", i, i + 1, key, edits=[Edit(i, i + 1, want)], context=quoted(text, i, i + 1))
        else:
            yield ctx.finding("MT310", i, i + 1, "mixed-apostrophes", context=quoted(text, i, i + 1))


def _unbalanced(doc, ctx):
    text = doc.text
    paras = doc.paragraphs
    for k, p in enumerate(paras):
        marks = double_quotes(doc, p.start, p.end, collapse=True)
        if not marks:
            continue
        unmatched, trailing = _unmatched(text, marks, p.start, p.end)
        if not unmatched:
            continue
        inches = {i for i in marks if is_inch(text, i)}
        if inches:
            # Read every mark after a digit as an inch mark; report only what stays unmatched either way.
            unmatched, trailing = _unmatched(text, [i for i in marks if i not in inches], p.start, p.end)
            if not unmatched:
                continue
        nxt = _first_char(text, paras[k + 1]) if k + 1 < len(paras) else ""
        for i, kind in unmatched:
            if i == trailing and nxt in ('"', OPEN, "„"):
                continue  # a quotation running on into the next paragraph, which reopens it
            yield ctx.finding("MT311", i, i + 1, f"unmatched-{kind}", reads="next", context=quoted(text, i, i + 1))


def _first_char(text, p) -> str:
    return text[p.start] if p.start < p.end else ""


def _unmatched(text: str, marks: list[int], start: int, end: int) -> tuple[list[tuple[int, str]], int]:
    """Quotes without a partner, as (offset, 'open'|'close'), and the offset of the quote still open at
    the end of the paragraph (-1 if none)."""
    out: list[tuple[int, str]] = []
    open_at = -1
    for i in marks:
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
                at = "close" if open_at >= 0 else "open"
        if at == "open":
            if open_at >= 0:
                out.append((open_at, "open"))
            open_at = i
        else:
            if open_at < 0:
                out.append((i, "close"))
            open_at = -1
    if open_at >= 0:
        out.append((open_at, "open"))
    return out, open_at

