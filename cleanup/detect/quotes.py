"""Quotation marks: mixed straight/curly styles in one article (MT310) and unbalanced quotes (MT311).

The article's style is decided by counting, separately, double quotation marks (``"`` vs ``“ ”``) and
apostrophes inside words (``'`` vs ``’`` in ``it's``). Marks that are not quotation marks are never
counted nor touched: inch and second marks after a digit (``12"``, ``5'11"``), feet and minute marks
(``5'``, ``50°27'``), masked regions (URLs, e-mail addresses, code).
"""
from __future__ import annotations

import re

from ..model import Edit
from . import NEIGHBOUR_DETECTORS, detector
from .article import ArticleFacts, register, verdict, within

STRAIGHT = '"'
OPEN, CLOSE = "“", "”"
DOUBLES = frozenset('"“”')
APOSTROPHES = frozenset("'’")
DOUBLE_RE = re.compile('["“”]')
DOUBLE_OR_LOW_RE = re.compile('["“”„]')  # „ opens a quotation in Russian/Ukrainian/German typography
# Led by the apostrophe itself (the lookbehind after it), so that the scan skips to candidates quickly.
WORD_APOSTROPHE_RE = re.compile(r"['’](?<=[^\W\d_]['’])(?=[^\W\d_])")
# Minority share at or below which the majority is clear enough for a safe fix (majority >= 2/3).
CLEAR_MAJORITY = 2 / 3
# Characters after which a straight quote opens ("(" and dashes) and before which it closes.
OPENERS_BEFORE = set("([{‘—–-/")
CLOSERS_AFTER = set(".,;:!?)]}—–…'’")
NEIGHBOUR_DETECTORS.add("quotes")  # MT311: a quotation running on into the next paragraph, which reopens it


def _is_inch(text: str, i: int) -> bool:
    """A straight double quote right after a digit or a prime is an inch/second mark: ``12"``, ``5'11"``."""
    return text[i] == STRAIGHT and i > 0 and (text[i - 1].isdigit() or text[i - 1] in "'′°")


def _role(text: str, i: int, start: int, end: int) -> str:
    """'open', 'close' or '' (ambiguous) for the quote at ``i`` from its neighbours in [start, end)."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    space_before = before.isspace() or before in OPENERS_BEFORE
    space_after = after.isspace() or after in CLOSERS_AFTER or after in DOUBLES
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return ""


def _double_quotes(doc, start: int, end: int, collapse: bool = False) -> list[int]:
    """Offsets of double quotation marks in [start, end), outside masked regions. With ``collapse``, a run
    of adjacent marks (the MT artifact ``""word""``) counts once, at its first mark, and the low opening
    mark ``„`` counts too (for pairing only)."""
    out = []
    prev = -2
    for m in (DOUBLE_OR_LOW_RE if collapse else DOUBLE_RE).finditer(doc.text, start, end):
        i = m.start()
        adjacent, prev = i == prev + 1, i
        if doc.is_masked(i, i + 1) or (collapse and adjacent):
            continue
        out.append(i)
    return out


def _word_apostrophes(doc) -> list[int]:
    """Apostrophes between two letters (``it's``, ``Moscow’s``), outside masked regions."""
    return [m.start() for m in WORD_APOSTROPHE_RE.finditer(doc.text) if not doc.is_masked(m.start(), m.end())]


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


@detector("quotes")
def detect(doc, ctx):
    if ctx.enabled("MT310") and doc.scope != "neighbours":
        yield from _mixed_doubles(doc, ctx)
        yield from _mixed_apostrophes(doc, ctx)
    if ctx.enabled("MT311") and doc.scope != "own":
        yield from _unbalanced(doc, ctx)


def _style(straight: int, curly: int) -> tuple[str, bool] | None:
    """(the majority style, whether it is clear) from the article's counts; None when there are no marks.
    With one style only, that style is a clear majority and no mark is in the minority."""
    if not straight and not curly:
        return None
    total = straight + curly
    majority, minority = ("curly", straight) if curly >= straight else ("straight", curly)
    return majority, (total - minority) / total >= CLEAR_MAJORITY


_AT, _AFTER = (lambda i: i), (lambda i: i + 1)  # a mark's span


def _counted_doubles(doc) -> list[int]:
    """The double quotation marks the style is counted from: not inch marks, not masked. Once per document."""
    text = doc.text
    return doc.remember("counted_doubles",
                        lambda: [i for i in _double_quotes(doc, 0, len(text)) if not _is_inch(text, i)])


def _apostrophes(doc) -> list[int]:
    return doc.remember("apostrophes", lambda: _word_apostrophes(doc))


class _Style(ArticleFacts):
    """The article's quotation marks and apostrophes by style: MT310 follows the majority."""

    name = "quotes"

    def count_lines(self, doc, ranges) -> dict:
        text = doc.text
        marks = list(within(doc, "counted_doubles", _counted_doubles(doc), ranges, _AT, _AFTER))
        straight = sum(1 for i in marks if text[i] == STRAIGHT)
        apostrophes = list(within(doc, "apostrophes", _apostrophes(doc), ranges, _AT, _AFTER))
        ap_straight = sum(1 for i in apostrophes if text[i] == "'")
        low = text.count("„") if ranges is None else sum(text.count("„", s, e) for s, e in ranges)
        return {"low": low, "dq_straight": straight, "dq_curly": len(marks) - straight,
                "ap_straight": ap_straight, "ap_curly": len(apostrophes) - ap_straight}

    def facts(self, t) -> tuple:
        """(low quotes used, style of double quotes, style of apostrophes)."""
        n = t.get
        return bool(n("low")), _style(n("dq_straight", 0), n("dq_curly", 0)), _style(n("ap_straight", 0), n("ap_curly", 0))


STYLE = register(_Style())


def _mixed_doubles(doc, ctx):
    text = doc.text
    low, style, _ = verdict(doc, STYLE)
    if low:
        return  # low-high quotes („…“) are a third style: a “ there closes, and no straight/curly count is fair
    if style is None:
        return
    majority_name, clear = style
    minority = [i for i in _counted_doubles(doc) if (text[i] == STRAIGHT) == (majority_name == "curly")]
    para = _paragraph_of(doc)
    for i in minority:
        edits = None
        if clear:
            if majority_name == "straight":
                edits = [Edit(i, i + 1, STRAIGHT)]
            else:
                role = _role(text, i, *para(i))
                if role:
                    edits = [Edit(i, i + 1, OPEN if role == "open" else CLOSE)]
        if clear:
            msg = (f"{'Straight' if majority_name == 'curly' else 'Curly'} quotation mark in an article that "
                   f"uses {majority_name} quotes")
        else:
            msg = "Straight and curly quotation marks are mixed in this article; choose one style"
        yield ctx.finding("MT310", i, i + 1, msg, edits, "safe")


def _mixed_apostrophes(doc, ctx):
    text = doc.text
    _, _, style = verdict(doc, STYLE)
    if style is None:
        return
    majority_name, clear = style
    want = "’" if majority_name == "curly" else "'"
    minority = [i for i in _apostrophes(doc) if text[i] != want]
    for i in minority:
        if clear:
            yield ctx.finding("MT310", i, i + 1,
                              f"{'Straight' if majority_name == 'curly' else 'Curly'} apostrophe in an article that "
                              f"uses {majority_name} apostrophes", [Edit(i, i + 1, want)], "safe")
        else:
            yield ctx.finding("MT310", i, i + 1,
                              "Straight and curly apostrophes are mixed in this article; choose one style")


def _unbalanced(doc, ctx):
    text = doc.text
    paras = doc.paragraphs
    for k, p in enumerate(paras):
        marks = _double_quotes(doc, p.start, p.end, collapse=True)
        if not marks:
            continue
        unmatched, trailing = _unmatched(text, marks, p.start, p.end)
        if not unmatched:
            continue
        inches = {i for i in marks if _is_inch(text, i)}
        if inches:
            # Read every mark after a digit as an inch mark; report only what stays unmatched either way.
            unmatched, trailing = _unmatched(text, [i for i in marks if i not in inches], p.start, p.end)
            if not unmatched:
                continue
        nxt = _first_char(text, paras[k + 1]) if k + 1 < len(paras) else ""
        for i, kind in unmatched:
            if i == trailing and nxt in ('"', OPEN, "„"):
                continue  # a quotation running on into the next paragraph, which reopens it
            if kind == "open":
                msg = "Quotation mark opened but not closed in this paragraph"
            else:
                msg = "Closing quotation mark without an opening one in this paragraph"
            yield ctx.finding("MT311", i, i + 1, msg, reads="next")


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
        role = _role(text, i, start, end)
        if not role:
            if c in (OPEN, "„"):
                role = "open"
            elif c == CLOSE:
                role = "close"
            else:
                role = "close" if open_at >= 0 else "open"
        if role == "open":
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

