"""A slash with a space on each side (MT309): MT's detokeniser writes ``healthy / fit`` and ``69 CZK / kg`` where
the source and English write ``healthy/fit`` and ``CZK 69/kg``. English spaces a slash only between phrases
(``World War I / the Great War``), so only a single word on each side is flagged."""
from __future__ import annotations

import re

from ..model import Edit
from ..segment.document import looks_like_heading
from . import detector, quoted
from .lexicon import FUNCTION_WORDS

# Led by the literal " / " (a fast scan); a word character or "%" before it, a word character after it.
SPACED_SLASH = re.compile(r" / (?<=[\w%] / )(?=\w)")
# A unit per unit: "45 km / h", "69 CZK / kg", "300 yuan / person". The number (and a unit or currency) before,
# the unit after: nothing but the spaces can be wrong there.
_UNITS = (r"kg|g|mg|t|h|hr|hrs|hour|s|sec|min|l|L|ml|m|m2|m²|m3|m³|km|cm|mm|kWh|Wh|W|V|A|year|month|week|day|"
          r"night|person|piece|pcs|unit|box|pack|bag|bottle|kHz|MHz|GHz|MB|GB")
_UNIT_LEFT = re.compile(r"\d(?:[ \u00a0]?(?:%|CZK|EUR|USD|RMB|CNY|UAH|RUB|PLN|JPY|yuan|yen|euros?|dollars?|crowns?|"
                        rf"{_UNITS}))?$")
_UNIT_RIGHT = re.compile(rf"(?:{_UNITS})\b")
_WORD_BEFORE = re.compile(r"(\S*)[ \t]+[\w%-]+$")
_WORD = re.compile(r"[\w'’-]+")
_LAST_WORD = re.compile(r"[\w'’%-]+$")
# A capital after the slash that opens a sentence or a heading: "insurance / What is covered?"
_OPENERS = frozenset("""the a an this that these those what how why when where who which is are do does did can
will i we you he she they it there my our your his her their""".split())


# Words that cannot carry a phrase on past the slash's word: "very healthy / fit and", "the lord / ruler of".
_SMALL_WORDS = FUNCTION_WORDS | frozenset(("is", "are", "was", "were", "be"))


def _function_word(w: str) -> bool:
    return w.lower() in _SMALL_WORDS


@detector("slashes", rules=("MT309",))
def detect(doc, ctx):
    text = doc.text
    for m in SPACED_SLASH.finditer(text):
        s, e = m.span()
        ls = text.rfind("\n", 0, s) + 1
        if _UNIT_LEFT.search(text, max(ls, s - 12), s) and _UNIT_RIGHT.match(text, e):
            if not doc.is_masked(s, e):
                yield ctx.finding("MT309", s, e, "unit", context=quoted(text, s, e), edits=[Edit(s, e, "/")])
            continue
        if _single_words(text, ls, s, e) and not doc.is_masked(s, e) and not _heading_or_table(text, ls, e):
            yield ctx.finding("MT309", s, e, "words", context=quoted(text, s, e), edits=[Edit(s, e, "/")],
                              applicability="unsafe")


def _heading_or_table(text: str, ls: int, e: int) -> bool:
    """A heading ("References / Thanks") or a table row ("| MT / human |"): a separator of labels, which
    writers space on purpose."""
    le = text.find("\n", e)
    line = text[ls:len(text) if le < 0 else le]
    return line.lstrip().startswith("|") or looks_like_heading(line)


def _single_words(text: str, ls: int, s: int, e: int) -> bool:
    """Whether the slash stands between two single words (not a chain ``a / b / c``, not phrases, not a
    heading's separator), so that English would write it tight."""
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    before, after = text[max(ls, s - 60):s], text[e:min(le, e + 60)]
    left = _LAST_WORD.search(before)
    right = _WORD.match(after)
    if right is None or left is None:
        return False
    lw, rw = left.group(), right.group()
    if lw[0].isdigit() or rw[0].isdigit():
        return False  # "15 / 30": a score or a fraction, not two words
    if re.search(r"/[ ]?\S+$", before) or re.match(r"\S+[ ]?/", after):
        return False  # a chain: "changed / adapted / removed"
    if rw.lower() in ("a", "an", "the") or (rw[0].isupper() and (lw[0].islower() or rw.lower() in _OPENERS)):
        return False  # a phrase or a sentence after the slash: "damage / a combat mod", "PKV / What is"
    prev = _WORD_BEFORE.search(before)
    if prev and prev.group(1) and prev.group(1)[-1].isalnum() and not _function_word(prev.group(1)):
        return False  # the left side may be a phrase: "NPC kills / power attacks"
    nxt = re.match(r"[\w'’-]+[ \t]+([\w'’-]+)", after)
    if nxt and not _function_word(nxt.group(1)):
        return False  # the right side may be a phrase
    return True
