"""Locale leftovers a pattern cannot say: dotted dates (MT702), ``27.01.2023`` -> ``27 January 2023``; a day
written as a German or Czech ordinal (MT705), ``3. December``; a time with a space after its colon (MT706),
``at 7: 45 p.m.``; thousands grouped by spaces (MT707), ``10 016 896`` -> ``10,016,896``; a 24-hour clock
with "o'clock" (MT708), ``18 o'clock`` -> ``18:00``.

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


_DIGIT_DOT_DIGIT = re.compile(r"[.](?<=\d[.])(?=\d)")  # led by the period: a literal-led scan, ten times faster


def _valid(day: int, month: int, year: int) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month - 1]):
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def _english(day: int, month: int, year: int) -> str:
    return f"{day} {MONTHS[month - 1]} {year}"


@detector("locale", rules=("MT702", "MT705", "MT706", "MT707", "MT708"))
def detect(doc, ctx):
    if ctx.enabled("MT702") and _DIGIT_DOT_DIGIT.search(doc.text) is not None:
        # (no dotted number at all, as in most texts: the slower scan led by a look-behind is skipped)
        yield from _dotted_dates(doc, ctx)
        yield from _day_months(doc, ctx)
    if ctx.enabled("MT705"):
        yield from _dotted_days(doc, ctx)
    if ctx.enabled("MT706"):
        yield from _spaced_times(doc, ctx)
    if ctx.enabled("MT707"):
        yield from _spaced_thousands(doc, ctx)
    if ctx.enabled("MT708") and ("clock" in doc.text or "Uhr" in doc.text):
        yield from _clock_hours(doc, ctx)


# MT705: "by 3. December", "on Saturday 11. December": German and Czech write the day as an ordinal with a
# period. Not in a numbered list whose items may open with a month ("5. Milan de Chocobo 6. March of the
# Empire"): another "N. Word" nearby says it is a list.
# Led by the period and the month (a literal-led scan); the day before it is checked after.
DAY_MONTH = re.compile(r"\.[ ](?=(?:January|February|March|April|May|June|July|August|September|October|November|"
                       r"December)\b)")
_DAY = re.compile(r"(?<![\w.,])(?:[12]\d|3[01]|0?[1-9])$")
_LIST_ITEM = re.compile(r"(?<![\w.,])\d{1,2}\.[ ][A-Z]")
_MONTH_WORD = re.compile(r"[A-Za-z]+")


def _dotted_days(doc, ctx):
    text = doc.text
    for m in DAY_MONTH.finditer(text):
        p = m.start()
        day = _DAY.search(text, max(0, p - 3), p)
        if day is None:
            continue
        month = _MONTH_WORD.match(text, m.end())
        s, e = day.start(), month.end() if month else m.end()
        if doc.is_masked(s, e):
            continue
        items = _LIST_ITEM.findall(text, max(0, s - 80), min(len(text), e + 80))
        if len(items) > 1:
            continue  # a numbered list
        date = text[s:e]
        yield ctx.finding("MT705", s, e, "day", date=date, words=date.replace(".", "", 1), edits=[Edit(p, p + 1, "")])


# MT706: "at 7: 45 p.m.", "around 19: 45": a time with a space after its colon. Only where the text says it
# is a time (a preposition of time before it, or a.m./p.m. after it): "Step 3: 10 minutes" is a label.
# Led by the colon and its space (a literal-led scan); the hour before it is checked after.
SPACED_COLON = re.compile(r":[ ](?=[0-5]\d(?![\d:]))")
_HOUR = re.compile(r"(?<![\w.,:])(?:[01]?\d|2[0-4])$")  # 24:00, the end of a day's schedule
_TIME_BEFORE = re.compile(r"(?:\b(?:at|around|about|from|to|until|till|before|after|by|since|approximately|"
                          r"between|and)[ ]+)$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"[ ]?(?:[ap]\.?m\b\.?|o'clock|o’clock|h\b|hrs\b|hours\b)", re.IGNORECASE)
# A capitalised word and its number before the colon make a label ("Session 1: 10am - 12.30pm", "Round 2: 15
# hours"), whatever follows; a day or a month before the hour does not ("Monday 7: 45 p.m.").
_LABEL_BEFORE = re.compile(r"\b(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|"
                           r"June|July|August|September|October|November|December)\b)[A-Z][a-z]+[ ]$")


def _spaced_times(doc, ctx):
    text = doc.text
    for m in SPACED_COLON.finditer(text):
        c = m.start()
        hour = _HOUR.search(text, max(0, c - 3), c)
        if hour is None:
            continue
        s, e = hour.start(), m.end() + 2
        if doc.is_masked(s, e):
            continue
        if not (_TIME_BEFORE.search(text, max(0, s - 16), s)
                or (_TIME_AFTER.match(text, e) and not _LABEL_BEFORE.search(text, max(0, s - 16), s))):
            continue
        yield ctx.finding("MT706", s, e, "time", time=text[s:e], edits=[Edit(c + 1, c + 2, "")])


def _dotted_dates(doc, ctx):
    text = doc.text
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


# MT707: "10 016 896 infections", "CZK 720 000": thousands grouped by spaces, as Czech, Russian, Ukrainian,
# French and German write them; English groups them with commas. 1-3 digits, then groups of exactly three
# (a Czech postcode "120 00" has two), not a decimal's first part ("1 500,5" is left to an editor).
# Led by a digit (an ASCII class: the scan skips ahead), the character before it checked after.
SPACED_THOUSANDS = re.compile(r"[0-9](?<=(?<![\w.,+#/:@-])[0-9])[0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})++"
                              r"(?![0-9]|[.,][0-9]|[ \u00a0\u202f][0-9])")
# Numbers that are names, not quantities: "designation 255 001", "call 605 123 456", "No. 100 200".
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:designation|number|numbers|no|nos|nr|code|id|class|series|model|type|serial|phone|telephone|tel|"
    r"fax|mobile|call|dial|account|postcode|zip|ticket|order|invoice|item|article|reference|ref|file|isbn|issn|"
    r"iban|vat|line|route|bus|flight|platform|room|page|pages|pp|p|section|version|batch|lot|box)[.:]?|[+#№])"
    r"[ \u00a0]*$", re.IGNORECASE)
# A word earlier in the sentence that makes the number a name: "the designation that was intended, 255 001".
_IDENTIFIER_IN_SENTENCE = re.compile(
    r"\b(?:designation|designated|serial|code|id|phone|telephone|tel|fax|mobile|account|postcode|zip|ticket|"
    r"invoice|isbn|issn|iban|registration|plate|licen[cs]e|catalog(?:ue)?|part|model|series)\b[^.!?]*$",
    re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?[ \u00a0]+$", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"[0-9][ \u00a0]+$")
_FIELD_BEFORE = re.compile(r"(?:^|\n)[ \t]*:[\w-]+:[ \t]*$")  # a reStructuredText option: ":widths: 10 100"


def _spaced_thousands(doc, ctx):
    text = doc.text
    for m in SPACED_THOUSANDS.finditer(text):
        s, e = m.span()
        before = text[max(0, s - 24):s]
        if _IDENTIFIER_BEFORE.search(before) or _MONTH_BEFORE.search(before) or _NUMBER_BEFORE.search(before) \
                or _IDENTIFIER_IN_SENTENCE.search(text, max(0, s - 80), s) or _FIELD_BEFORE.search(before):
            continue  # an identifier or a phone number; "May 15 500 people" (a date, then a count); a list
        if doc.is_masked(s, e):
            continue
        number = m.group()
        edits = [Edit(s + i, s + i + 1, ",") for i, c in enumerate(number) if not c.isdigit()]
        yield ctx.finding("MT707", s, e, "spaces", number=number, english=number.translate(_TO_COMMA), edits=edits,
                          applicability="unsafe")


_TO_COMMA = str.maketrans({" ": ",", "\u00a0": ",", "\u202f": ","})


# MT708: "since Saturday 18 o'clock", "around 19.15 o'clock", "at 20 Uhr": the German "18 Uhr" (a 24-hour
# clock) carried over. English says "o'clock" only of the hours 1 to 12 without minutes ("7 o'clock"): a later
# hour, or any hour with minutes, is written as a time ("18:00", "19:15"). Led by the literal "clock"/"Uhr",
# found by str.find before any scan.
CLOCK_WORD = re.compile(r"(?:(?<=o['’])clock|Uhr)\b")  # led by a literal: a fast scan
_CLOCK_HOUR = re.compile(r"(?<![\w.,:])([01]?[0-9]|2[0-4])(?:[.:]([0-5][0-9]))?[ \u00a0]?$")


def _clock_hours(doc, ctx):
    text = doc.text
    for w in CLOCK_WORD.finditer(text):
        uhr = w.group() == "Uhr"
        m = _CLOCK_HOUR.search(text, max(0, w.start() - 10), w.start() - (0 if uhr else 2))
        if m is None:
            continue
        hour, minutes = int(m.group(1)), m.group(2)
        if 1 <= hour <= 12 and minutes is None and not uhr:
            continue  # "7 o'clock": English
        s, e = m.start(), w.end()
        if doc.is_masked(s, e):
            continue
        time = f"{hour:02d}:{minutes or '00'}" if hour in (0, 24) else f"{hour}:{minutes or '00'}"
        yield ctx.finding("MT708", s, e, "clock", found=text[s:e], time=time, edits=[Edit(s, e, time)])


# MT702, day and month alone: "informed on 18.01. that", "shipping starts on 16.3.?", "sent on 26.12. 2021":
# German and Czech write the day and month with a period after each. Only after a word that introduces a date
# ("on", "from", "until", "since", "by", "before", "after", "dated", "the"): "version 4.5." ends a sentence.
# Led by the period after the day (a literal-led scan); the day and the word before it are checked after.
DAY_MONTH_DOTTED = re.compile(r"\.(?<=[0-9]\.)(?P<m>0?[1-9]|1[0-2])\.(?![0-9]|\.)")
_DATE_INTRO = re.compile(r"\b(?:on|from|until|till|since|by|before|after|dated|the)[ \u00a0]+"
                         r"(?P<d>0?[1-9]|[12][0-9]|3[01])$", re.IGNORECASE)


def _day_months(doc, ctx):
    text = doc.text
    for m in DAY_MONTH_DOTTED.finditer(text):
        intro = _DATE_INTRO.search(text, max(0, m.start() - 12), m.start())
        if intro is None:
            continue
        day, month = int(intro.group("d")), int(m.group("m"))
        if day > DAYS_IN_MONTH[month - 1]:
            continue
        s, e = intro.start("d"), m.end()
        if doc.is_masked(s, e):
            continue
        words = f"{day} {MONTHS[month - 1]}"
        rest = text[e:e + 2]
        # The date's last period may also end the sentence ("on 16.3. Then"): keep one there.
        ends = rest[:1] == "" or rest[:1] == "\n" or (rest[:1] == " " and rest[1:2].isupper())
        glued = rest[:1] and not rest[:1].isspace() and rest[:1] not in ".,;:!?)]\"'”’"  # "26.12.2021" is not here
        new = words + ("." if ends else "") + (" " if glued else "")
        yield ctx.finding("MT702", s, e, "day-month", date=text[s:e], words=words,
                          edits=[Edit(s, e, new)], applicability="unsafe")
