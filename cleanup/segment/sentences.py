"""Sentence segmentation that knows English abbreviations.

A boundary is sentence punctuation followed by white space. It is *not* a boundary after an abbreviation
that never ends a sentence (``Mr.``, ``No. 5``, ``vs.``), after an initial (``J. R. R.``), or inside an
ellipsis that runs on in lowercase. A boundary followed by a lowercase word is kept: that is exactly the
shape of an MT stray period, and the detectors decide what it is.
"""
from __future__ import annotations

import re

# Titles before a name: never a sentence end when capitalised ("Mr. Smith", "Gen. Zaluzhnyi").
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "gov",
    "sen", "rep", "pres", "st", "mt", "ft", "rev", "hon", "messrs", "mme", "mlle", "supt", "insp",
}
# Never a sentence end.
NEVER_FINAL = {"vs", "cf", "e.g", "i.e", "eg", "ie", "viz", "approx", "et"}
# Not a sentence end before a number ("No. 5", "Jan. 27", "p. 12", "Art. 5").
BEFORE_NUMBER = {
    "no", "nos", "fig", "figs", "vol", "pp", "p", "art", "sec", "ch", "op", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tel", "ext", "approx", "ca",
}
# Abbreviations that may end a sentence: a boundary only when a capitalised word follows.
MAYBE_FINAL = {
    "etc", "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "ltd", "inc", "co", "corp", "plc", "llc",
    "d.c", "b.c", "a.d", "ph.d", "jr", "sr", "esq", "s.a", "n.v", "ag", "gmbh", "bhd", "pte", "k.k",
    # "incl. tax", "(excl. VAT)", "var. japonica", "subsp.", "esp. in", Czech "ml." (junior)
    "incl", "excl", "var", "subsp", "ssp", "esp", "ml",
    # "(aka. the Old Town)": also known as
    "aka",
    # "Smith et al. found", "Warner Bros. studio", "the Dept. of Justice", "Univ. of Texas", "Govt. of India",
    # "Bufo spp. hunt", "ed. in chief", "a 10 min. walk", "5 yrs. ago"
    "al", "bros", "dept", "depts", "univ", "govt", "assn", "natl", "intl", "spp", "sp", "ed", "eds",
    "min", "mins", "hr", "hrs", "yr", "yrs",
    # "Fifth Ave. near the park", "2 lbs. of flour", "500 sq. ft. flat", "10 ft. high", "see ibid. for"
    "ave", "blvd", "rd", "hwy", "lb", "lbs", "oz", "tbsp", "tsp", "sq", "ft", "ibid",
}
ABBREVIATIONS = TITLES | NEVER_FINAL | BEFORE_NUMBER | MAYBE_FINAL
_LONGEST = max(len(a) for a in ABBREVIATIONS)  # letters, apostrophes stripped

# A run of sentence punctuation (". ! ? …", so "..." too), then closing quotes/brackets, then white space.
# Written so that it runs in linear time: a plain `[.!?…]+` rescans a long run (a line of dots, "?!?!…")
# from every position of it, which is quadratic. The lookbehind starts a match only at the beginning of a
# run; `(?=(X))\1` is an atomic group (no backtracking into the run), which cannot change the result
# because a shorter run is always followed by more punctuation, never by white space. (Callers pass a
# ``pos`` that is not inside a run: a paragraph starts after white space or at the start of the text.)
# It opens with a character class so that the regex engine can skip ahead to the next punctuation mark;
# the look-behind after it then checks that this mark starts its run (5x faster than a look-behind first).
_BOUNDARY = re.compile(r"[.!?…](?<![.!?…].)(?=([.!?…]*))\1(?=([\"”’»)\]']*))\2(?=\s)")
_DOTTED = re.compile(r"[A-Za-z]{1,2}(?:\.[A-Za-z]{1,2})+")  # initials and dotted acronyms: "U.S", "S.A.R"
_TOKEN_CHARS = frozenset("_.'’-")


def token_before_period(text: str, period: int, start: int) -> str:
    """The word (with inner dots) that ends at the period at index ``period``: the run of word characters,
    dots, apostrophes and hyphens just before it, looking back at most 40 characters (not before ``start``)."""
    lo = max(start, period - 40)
    i = period
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in _TOKEN_CHARS):
        i -= 1
    return text[i:period]


def is_abbreviation(token: str) -> bool:
    t = token.lower().strip("'’")
    if t in ABBREVIATIONS:
        return True
    if "-" in t.strip("-"):
        return is_abbreviation(token.rsplit("-", 1)[1])  # "Sino-U.S", "Russia-U.S", "pre-Jan"
    # Initials and dotted acronyms: "J", "U.S", "S.A.R" (each piece one or two letters).
    if _DOTTED.fullmatch(token):
        return True
    return len(token) == 1 and token.isalpha() and token.isupper()


# Capitalised words that usually open a sentence (after "U.S." they mean the sentence ended).
SENTENCE_STARTERS = frozenset("""the a an it he she they we i you this that these those there but and or so yet
in on at for from with by as after before when while if although though however meanwhile his her their its
our my your some many most no not one two according earlier later last next since still also then
""".split())


def _abbreviation_continues(tok: str, nxt_word: str) -> bool:
    """True when the period after ``tok`` belongs to an abbreviation and the sentence runs on."""
    t = tok.lower().strip("'’")
    if "-" in t.strip("-"):
        tok = tok.rsplit("-", 1)[1]  # "Sino-U.S. relations": the abbreviation is the last part
        t = tok.lower().strip("'’")
    if not tok:
        return False
    nxt = nxt_word[:1]
    if t in NEVER_FINAL:
        return True
    if t in TITLES and tok[0].isupper():
        return True
    if t in BEFORE_NUMBER and nxt.isdigit():
        return True
    if len(tok) == 1 and tok.isupper():
        return True  # an initial: "J. Smith"
    if t in MAYBE_FINAL or _DOTTED.fullmatch(tok):
        # "U.S. exports" and "the U.S. Department" run on; "to the U.S. The deal" ends.
        if not nxt_word[:1].isupper():
            return True
        return "." in t and nxt_word.lower() not in SENTENCE_STARTERS
    return False


_WORD_AT = re.compile(r"\S+")


def _next_word(text: str, pos: int, end: int) -> str:
    m = _WORD_AT.search(text, pos, end)
    if not m:
        return ""
    return m.group(0).strip("\"“”‘’'([") or m.group(0)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        punct = m.group(0)
        nxt_word = _next_word(text, m.end(), end)
        if not nxt_word:
            continue
        nxt = nxt_word[0]
        core = punct.rstrip("\"”’»)]'")
        if core == ".":
            tok = token_before_period(text, m.start(), start)
            # No abbreviation is longer than six letters, and dotted or hyphenated ones have a dot or hyphen:
            # an ordinary long word (most sentence ends) needs no lookup.
            if tok and (len(tok.strip("'’")) <= _LONGEST or "." in tok or "-" in tok) \
                    and _abbreviation_continues(tok, nxt_word):
                continue
        elif core.endswith("...") or core.endswith("…"):
            # An ellipsis running on in lowercase is a pause, not a sentence end.
            if nxt.islower():
                continue
        e = m.end()
        if s < e:
            spans.append((s, e))
        s = m.end()
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        spans.append((s, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]
