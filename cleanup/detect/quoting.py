"""Quotation marks, for every detector: which characters they are, which of them are really inch marks,
whether a quotation is open at a point, and the article's quote style (one article-wide fact).

MT310 makes the minority style follow the article's majority, MT402 turns a CJK quote into the majority
kind, MT311 pairs marks, and the doubled-word, repetition, name and source-script checks leave quoted
text alone. They all read quotes through this module, so they agree on what a quote is.
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from .facts import ArticleFacts, verdict, within

STRAIGHT = '"'
OPEN, CLOSE = "“", "”"
LOW = "„"  # opens a quotation in Russian, Ukrainian and German typography
DOUBLES = frozenset('"“”')  # the double marks whose style an article chooses
QUOTATION_MARKS = '"“”„«»'  # every mark that opens or closes a quotation
QUOTES_AND_APOSTROPHES = QUOTATION_MARKS + "‘’'"


def char_positions(text: str, chars: str, start: int = 0, end: int | None = None) -> list[int]:
    """Sorted offsets of these characters in text[start:end]. A str.find per occurrence: several times
    faster than a regex scan for a class of non-ASCII characters, which visits every position."""
    end = len(text) if end is None else end
    out: list[int] = []
    for c in chars:
        i = text.find(c, start, end)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1, end)
    if len(chars) > 1:
        out.sort()
    return out


def _letter(c: str) -> bool:
    """A letter as the regex class [^\\W\\d_] has it: a word character that is no decimal digit nor "_"."""
    return c.isalnum() and not c.isdecimal()

# Minority share at or below which the majority is clear enough for a safe fix (majority >= 2/3).
CLEAR_MAJORITY = 2 / 3
# Characters after which a straight quote opens ("(" and dashes) and before which it closes.
OPENERS_BEFORE = set("([{‘—–-/")
CLOSERS_AFTER = set(".,;:!?)]}—–…'’")


def is_inch(text: str, i: int) -> bool:
    """A straight double quote right after a digit or a prime is an inch/second mark: ``12"``, ``5'11"``."""
    return text[i] == STRAIGHT and i > 0 and (text[i - 1].isdigit() or text[i - 1] in "'′°")


def may_be_inch(text: str, i: int) -> bool:
    """An inch or second mark, or a quotation mark: a straight quote after a digit or a prime, and a curly
    closing mark after a digit (word processors turn the ``"`` of ``2-3" of snow`` into ``2-3” of snow``).
    The unbalanced-quote rules read such a paragraph both ways."""
    return is_inch(text, i) or (text[i] == CLOSE and i > 0 and text[i - 1].isdigit())


def role(text: str, i: int, start: int, end: int) -> str:
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


def double_quotes(doc, start: int, end: int, collapse: bool = False) -> list[int]:
    """Offsets of double quotation marks in [start, end), outside masked regions. With ``collapse``, a run
    of adjacent marks (the MT artifact ``""word""``) counts once, at its first mark, and the low opening
    mark ``„`` counts too (for pairing only)."""
    marks = char_positions(doc.text, '"“”„' if collapse else '"“”', start, end)
    masked = doc.is_masked if doc.masked else None  # most texts have no URL, no code: no test per mark
    if not collapse:
        return [i for i in marks if not masked(i, i + 1)] if masked else marks
    out = []
    prev = -2
    for i in marks:
        adjacent, prev = i == prev + 1, i
        if adjacent or (masked and masked(i, i + 1)):
            continue
        out.append(i)
    return out


# A quotation that opens and closes on one line, up to 200 characters long.
QUOTATION_ON_A_LINE = re.compile(r"“[^“”\n]{1,200}”|\"[^\"\n]{1,200}\"|«[^«»\n]{1,200}»")


# -- is a quotation open here? ------------------------------------------------------------------------


class _QuoteIndex:
    """Positions of quotation marks, so "is a quote open here?" costs a bisection, not a recount."""

    def __init__(self, text: str):
        self.at: dict[str, list[int]] = {q: char_positions(text, q) for q in '"“”«»'}

    def count(self, q: str, start: int, pos: int) -> int:
        xs = self.at[q]
        return bisect.bisect_left(xs, pos) - bisect.bisect_left(xs, start)


def quote_open(doc, start: int, pos: int) -> bool:
    """True when a quotation opened in doc.text[start:pos] is still open at ``pos`` (an odd number of
    straight marks, or more opening than closing curly or guillemet marks)."""
    qi = doc.remember("quote_index", lambda: _QuoteIndex(doc.text))
    if qi.count('"', start, pos) % 2:
        return True
    return (qi.count("“", start, pos) > qi.count("”", start, pos)
            or qi.count("«", start, pos) > qi.count("»", start, pos))


# -- the article's quote style ---------------------------------------------------------------------------
class Style(NamedTuple):
    majority: str  # "straight" or "curly" (a tie counts as curly)
    clear: bool  # the majority holds at least CLEAR_MAJORITY of the marks: safe to follow


class QuoteFacts(NamedTuple):
    low: bool  # low-high quotes („…“) are used: a third style
    doubles: Style | None  # None: no double quotation marks
    apostrophes: Style | None  # None: no apostrophes inside words


def style(straight: int, curly: int) -> Style | None:
    """The majority style from the article's counts; None when there are no marks. With one style only,
    that style is a clear majority and no mark is in the minority."""
    if not straight and not curly:
        return None
    total = straight + curly
    majority, minority = ("curly", straight) if curly >= straight else ("straight", curly)
    return Style(majority, (total - minority) / total >= CLEAR_MAJORITY)


_AT, _AFTER = (lambda i: i), (lambda i: i + 1)  # a mark's span


def counted_doubles(doc) -> list[int]:
    """The double quotation marks the style is counted from: not inch marks, not masked. Once per document."""
    text = doc.text
    return doc.remember("counted_doubles",
                        lambda: [i for i in double_quotes(doc, 0, len(text)) if not is_inch(text, i)])


def word_apostrophes(doc) -> list[int]:
    """Apostrophes between two letters (``it's``, ``Moscow’s``), outside masked regions; once per document."""
    def find() -> list[int]:
        text = doc.text
        n = len(text)
        marks = [i for i in char_positions(text, "'’")
                 if 0 < i < n - 1 and _letter(text[i - 1]) and _letter(text[i + 1])]
        return [i for i in marks if not doc.is_masked(i, i + 1)] if doc.masked else marks

    return doc.remember("apostrophes", find)


class QuoteStyle(ArticleFacts):
    """The article's quotation marks and apostrophes by style. Inch marks and masked text do not count."""

    name = "quote-style"

    def count_lines(self, doc, ranges) -> dict:
        text = doc.text
        marks = list(within(doc, "counted_doubles", counted_doubles(doc), ranges, _AT, _AFTER))
        straight = sum(1 for i in marks if text[i] == STRAIGHT)
        apostrophes = list(within(doc, "apostrophes", word_apostrophes(doc), ranges, _AT, _AFTER))
        ap_straight = sum(1 for i in apostrophes if text[i] == "'")
        low = text.count(LOW) if ranges is None else sum(text.count(LOW, s, e) for s, e in ranges)
        return {"low": low, "dq_straight": straight, "dq_curly": len(marks) - straight,
                "ap_straight": ap_straight, "ap_curly": len(apostrophes) - ap_straight}

    def facts(self, totals) -> QuoteFacts:
        n = totals.get
        return QuoteFacts(bool(n("low")), style(n("dq_straight", 0), n("dq_curly", 0)),
                          style(n("ap_straight", 0), n("ap_curly", 0)))


QUOTE_STYLE = QuoteStyle()


def quote_style(doc) -> QuoteFacts:
    return verdict(doc, QUOTE_STYLE)
