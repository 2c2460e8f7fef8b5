"""Hypothesis profiles and strategies for MT-like text, shared by the property tests.

Profiles: ``ci`` (the default: a bounded, deterministic number of examples), ``dev``, ``long`` (50x),
``soak`` (until stopped), chosen with MTCLEAN_HYPOTHESIS; see docs/robustness.md.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# -- profiles ----------------------------------------------------------------------------------------
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
               print_blob=True)
settings.register_profile("ci", max_examples=40, derandomize=True, database=None, **_COMMON)
settings.register_profile("dev", max_examples=100, **_COMMON)
settings.register_profile("long", max_examples=2000, **_COMMON)
settings.register_profile("soak", max_examples=10**9, **_COMMON)
PROFILE = os.environ.get("MTCLEAN_HYPOTHESIS", "ci")
settings.load_profile(PROFILE)


def scaled(n: int) -> int:
    """``n`` examples in CI, proportionally more under a longer profile."""
    base = settings.get_profile("ci").max_examples
    return max(1, n * settings().max_examples // base)


# -- strategies --------------------------------------------------------------------------------------
# Any code point except surrogates (a decoded file never contains them), with line breaks, controls,
# combining marks and astral characters made common.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
SPECIAL = st.sampled_from(["\n", "\r", "\r\n", "\r\n", " ", "\t", "\u00a0", "\ufeff", "\u0301", "\u200b",
                           "\x00", "\x1b", "\x0c", "\u2028", "\u2029", "\x85", "😀", "𝔘", ".", ". ", "…",
                           "“", "”", "'", "\u3002", "\uff0c"])
RANDOM_TEXT = st.lists(st.one_of(ANY_CHAR, SPECIAL), max_size=120).map("".join)

WORDS = ("the army said it had repelled the attack on the city according to officials in the region "
         "weapons that will help regain control of parts of country more territory he added they were "
         "seen on Monday and Tuesday while talks went well").split()
NAMES = ["Kiev", "Kyiv", "Kharkov", "Kharkiv", "Zelensky", "Zelenskyy", "Zelenskiy", "Odessa", "Kievan Rus",
         "Chicken Kiev", "Donbass", "Lvov", "Bakhmut", "Moscow", "U.S.", "Sony Co., Ltd.", "Mr. Smith",
         "No. 5", "J. R. R. Tolkien", "eBay", "iPhone"]
ARTIFACTS = [". ", ". via. ", ". by force, ", ". more territory. ", ". the army said ", ". Endless to unleash. ",
             " the the ", " is is ", "，", "。", "、", "「", "」", "Ã©", "â€™", "â€œ", "Ã¼", "...", "…", " etc. ",
             " via ", "? ", "! ", "\"Yes.\" ", "“Stop.” ", " (see https://example.com/Kiev.html) ",
             " kiev@example.org ", "  ", " ,", " .", "..", "?.", ". . ", "—", " - ", ": ", "; ", "1,500 ",
             "10 a.m. ", "e.g. ", "vs. ", "Photo: ", "Source: ", "theo. "]
SEPARATORS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", " ", ". ", ".\n", ".\r\n", ""]
HEADINGS = ["# Heading\n", "Bakhmut suffered heavy damage\n", "- a list item\n", "1. first item\n", "> quoted.\n"]


@st.composite
def soup(draw) -> str:
    """Words, names, artifacts and separators in any order: odd shapes the article generator never makes."""
    parts = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.integers(0, 9))
        if kind <= 4:
            ws = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
            if draw(st.booleans()):
                ws[0] = ws[0].capitalize()
            parts.append(" ".join(ws))
        elif kind <= 6:
            parts.append(draw(st.sampled_from(NAMES)))
        elif kind == 7:
            parts.append(draw(st.sampled_from(ARTIFACTS)))
        elif kind == 8:
            parts.append(draw(st.sampled_from(HEADINGS)))
        else:
            parts.append(draw(st.sampled_from(SEPARATORS)))
        parts.append(draw(st.sampled_from(SEPARATORS + [" ", " ", ". ", ". "])))
    text = "".join(parts)
    if draw(st.booleans()):
        text += draw(st.sampled_from(["\n", "\r\n", "\r", ".\n", "."]))
    return text


# Joins between two sentences: mostly clean, sometimes broken the way MT breaks them.
JOINS = [". ", ". ", ". ", "? ", "! ", ". via. ", ". by ", ". with ", ". the ", ". they ", ". more territory. ",
         ". Endless to unleash on the battlefield. ", ". theo. ", ", ", "... ", "… and ", ".” ", ".\" He said ",
         ". Photo: ", "。", "．", ". . ", "..", " etc. that ", " vs. ", " No. 5 ", " U.S. exports "]
INLINE = [" the the ", " is is ", "，", "、", "：", "（", "）", "Ã©", "â€™", "â€œ", "Ã¼", "Â ", " via ", "  ",
          " , ", " .", " https://example.com/Kiev.html ", " kiev@example.org ", " www.kiev.ua ", "\u00a0",
          "\u200b", "\u0301", "😀", " 1,500 ", " 10 a.m. ", " e.g. ", " Mr. Smith ", " (Kiev) ", " “Kiev” "]


@st.composite
def english(draw) -> str:
    """An article: paragraphs of English-looking sentences with names, with MT artifacts injected."""
    style = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    paragraphs = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 5)) == 0:
            paragraphs.append(draw(st.sampled_from(HEADINGS)).rstrip("\n"))
            continue
        out = []
        for k in range(draw(st.integers(1, 5))):
            ws = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=10))
            for _ in range(draw(st.integers(0, 2))):
                ws.insert(draw(st.integers(0, len(ws))), draw(st.sampled_from(NAMES)))
            sent = " ".join(ws)
            if draw(st.integers(0, 3)) == 0:
                i = draw(st.integers(0, len(sent)))
                sent = sent[:i] + draw(st.sampled_from(INLINE)) + sent[i:]
            if k == 0 or out[-1].endswith((". ", "? ", "! ", "。", "．")):
                sent = sent[:1].upper() + sent[1:]
            out.append(sent)
            out.append(draw(st.sampled_from(JOINS)))
        out[-1] = draw(st.sampled_from([".", ".", "?", "", "…", ".”"]))
        paragraphs.append("".join(out))
    breaks = []
    for _ in paragraphs:
        b = draw(st.sampled_from(["\n", "\r\n", "\r"])) if style == "mixed" else style
        breaks.append(b * draw(st.sampled_from([1, 1, 2])))
    text = "".join(p + b for p, b in zip(paragraphs, breaks, strict=True))
    if draw(st.integers(0, 3)) == 0:
        text = text.rstrip("\r\n")  # no final line break
    return text


TEXTS = st.one_of(english(), english(), soup(), RANDOM_TEXT, st.tuples(english(), RANDOM_TEXT, soup()).map("".join))


