"""Locale leftovers a pattern cannot fix: dotted dates (MT702), ``27.01.2023`` -> ``27 January 2023``.

Decimal commas (MT701) and dotted thousands (MT703) are pattern rules beside it in rules/locale.yaml.
"""
from __future__ import annotations

import re

from ..model import Edit
from . import detector

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# day.month.year (Russian, Ukrainian, Vietnamese, German...) or year.month.day (Chinese, Japanese, Korean).
# Not part of a longer dotted or comma'd number (versions 1.2.3.4, IP addresses), nor after a letter (v1.2.2023).
DOTTED_DATE = re.compile(
    r"(?<![\w.,/-])"
    r"(?:(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>(?:19|20)\d\d)"
    r"|(?P<Y>(?:19|20)\d\d)\.(?P<m>\d{1,2})\.(?P<d>\d{1,2}))"
    r"(?![\w/-]|[.,]\d)"
)


_DIGIT_DOT_DIGIT = re.compile(r"\d[.]\d")


def _valid(day: int, month: int, year: int) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month - 1]):
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def _english(day: int, month: int, year: int) -> str:
    return f"{day} {MONTHS[month - 1]} {year}"


@detector("locale", rules=("MT702",))
def detect(doc, ctx):
    text = doc.text
    if _DIGIT_DOT_DIGIT.search(text) is None:
        return  # no dotted number at all (most texts): skip the slower scan led by a look-behind
    for m in DOTTED_DATE.finditer(text):
        s, e = m.span()
        if doc.is_masked(s, e):
            continue
        if m.group("Y"):
            year, month, day = int(m.group("Y")), int(m.group("m")), int(m.group("d"))
            if not _valid(day, month, year):
                continue
            words = _english(day, month, year)
            yield ctx.finding("MT702", s, e, "year-first", date=m.group(0), words=words, edits=[Edit(s, e, words)],
                              applicability="unsafe")
            continue
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        day_first = _valid(a, b, year)
        month_first = _valid(b, a, year)
        if not (day_first or month_first):
            continue  # not a date (a version or a section number)
        if day_first and month_first and a != b:
            yield ctx.finding("MT702", s, e, "ambiguous", date=m.group(0))
            continue
        day, month = (a, b) if day_first else (b, a)
        words = _english(day, month, year)
        if day_first:
            # Keep the day as written ("27"), replace ".01." by " January " (minimal edit).
            d1 = s + len(m.group("a"))
            d2 = d1 + 1 + len(m.group("b"))
            edits = [Edit(d1, d2 + 1, f" {MONTHS[month - 1]} ")] if m.group("a") == str(day) else [Edit(s, e, words)]
        else:
            edits = [Edit(s, e, words)]
        yield ctx.finding("MT702", s, e, "date", date=m.group(0), words=words, edits=edits, applicability="unsafe")
