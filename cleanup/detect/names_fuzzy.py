"""A name spelled two ways in one article (MT203): ``Matviyenko`` three times, ``Matvienko`` once.

Capitalised words are clustered within the article: a rare form that differs from a more frequent one
only by a transliteration-sized edit (a vowel, ``y``/``i``/``j``, an ``h``, a doubled letter) is flagged,
and the majority form is suggested (unsafe fix). Different words stay apart: ``Austria``/``Australia``,
``Johnson``/``Johnston``, ``Sweden``/``Swedes``, and derived forms (``Russia``/``Russian``). Names that
rules/names.yaml already handles (MT201, MT202) are left to those rules.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..model import Edit
from ..rulepacks import load_data
from . import detector

NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z\u00e0-\u024f]{4,}(?:-[A-Z][a-z\u00e0-\u024f]+)*)(?=(?:['’]s)?(?![\w-]))")
MIN_RATIO = 85
VOWELS = set("aeiouy")
# Letters a transliteration adds, drops or swaps: vowels, y/i/j, h (kh, zh), w/v, doubled letters.
SOFT = VOWELS | set("jhwv")
SWAPS = [set("iyj"), set("kc"), set("sz"), set("vw"), set("ei"), set("ao"), set("ou"), set("ie"), set("ey")]
# Endings that derive a different word: Russia/Russian, Sweden/Swedes, Japan/Japanese, Mark/Marks.
# Also Germany/German, and the feminine form of a surname, another person: Ivanov/Ivanova, Daniel/Daniela.
DERIVED = re.compile(r"(?:n|ns|an|ans|ian|ians|ese|ish|s|es|i|ic|er|ers|ite|ites|y|a)$")


# Different places or people that look like transliteration variants of each other.
DISTINCT = frozenset(frozenset(p) for p in [("Shanxi", "Shaanxi"), ("Austria", "Australia")])


@lru_cache(maxsize=1)
def _known_names() -> frozenset:
    data = load_data("names.yaml")
    words = set()
    for k, vs in (data.get("house_style") or {}).items():
        for w in [k, *vs]:
            words.update(w.split())
    for g in data.get("variant_groups") or []:
        words.update(g)
    for k in data.get("keep") or []:
        words.update(re.findall(r"\w+", k))
    return frozenset(words)


@detector("names_fuzzy")
def detect(doc, ctx):
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    text = doc.text
    starts = {s.start for s in doc.sentences}
    for ln in doc.lines:
        starts.add(ln.start)
    known = _known_names()
    occ: dict[str, list[tuple[int, int]]] = {}
    mid: Counter = Counter()
    for m in NAME.finditer(text):
        w = m.group(1)
        if w in known or doc.is_masked(*m.span(1)):
            continue
        occ.setdefault(w, []).append(m.span(1))
        if not _at_sentence_start(text, m.start(1), starts):
            mid[w] += 1
    lower_words = None
    forms = sorted(occ, key=lambda w: (-len(occ[w]), w))
    # Candidate majority forms by first letter, most frequent first.
    majors: dict[str, list[str]] = {}
    for w in forms:
        if len(occ[w]) >= 2 and mid[w]:
            majors.setdefault(w[0], []).append(w)
    for minority in forms:
        n_min = len(occ[minority])
        if n_min > 2 or not mid[minority]:
            continue  # frequent in its own right, or only ever capitalised as a sentence opener
        best = None
        need = max(2, 2 * n_min)
        for major in majors.get(minority[0], ()):
            n_maj = len(occ[major])
            if n_maj < need:
                break  # most frequent first: no later form is frequent enough
            if major == minority:
                continue
            if fuzz.ratio(major, minority) < MIN_RATIO:
                continue
            if not _transliteration_edit(major, minority, Levenshtein):
                continue
            if best is None or n_maj > len(occ[best]):
                best = major
        if best is None:
            continue
        if lower_words is None:
            lower_words = set(re.findall(r"\b[a-z]{5,}\b", text))
        if minority.lower() in lower_words:
            continue  # an ordinary word, capitalised here
        if _other_person(text, occ[minority], occ[best]):
            continue  # "Serhii Nykyforov" beside "Serhiy Kyslytsya": two people, each spelled their way
        for s, e in occ[minority]:
            yield ctx.finding("MT203", s, e, f"'{minority}' is spelled '{best}' elsewhere in this article",
                              [Edit(s, e, best)], "unsafe")


_NEIGHBOUR_BEFORE = re.compile(r"([A-Z][\w-]+)(?:['’]s)? $")
_NEIGHBOUR_AFTER = re.compile(r"(?:['’]s)? ([A-Z][\w-]+)")


def _neighbours(text, spans) -> set:
    """The capitalised words right beside a name: the rest of a full name."""
    out = set()
    for s, e in spans:
        b = _NEIGHBOUR_BEFORE.search(text, max(0, s - 40), s)
        a = _NEIGHBOUR_AFTER.match(text, e)
        out.update(m.group(1) for m in (a, b) if m)
    return out


def _other_person(text, minority_spans, majority_spans) -> bool:
    mine, theirs = _neighbours(text, minority_spans), _neighbours(text, majority_spans)
    return bool(mine) and bool(theirs) and not (mine & theirs)


def _at_sentence_start(text, pos, starts) -> bool:
    k = pos
    while k > 0 and text[k - 1] in "\"“'‘(« ":
        k -= 1
    return k in starts or pos in starts


def _transliteration_edit(a: str, b: str, Levenshtein) -> bool:
    """True when a and b differ by at most two transliteration-sized edits and not by a derivation."""
    if a.startswith(b) or b.startswith(a):
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        tail = longer[len(shorter):]
        if DERIVED.fullmatch(tail):
            return False
    for x, y in ((a, b), (b, a)):
        if re.sub(DERIVED.pattern, "", x) == re.sub(DERIVED.pattern, "", y) and x[-1] != y[-1]:
            return False  # Sweden/Swedes: the same stem with different endings
    if sorted(a) == sorted(b):
        return False  # the same letters in another order: Alexander/Alexandra
    if frozenset((a, b)) in DISTINCT:
        return False
    ops = Levenshtein.editops(a.lower(), b.lower())
    if not ops or len(ops) > 2:
        return False
    al, bl = a.lower(), b.lower()
    for op in ops:
        if op.tag == "replace":
            x, y = al[op.src_pos], bl[op.dest_pos]
            if not any(x in sw and y in sw for sw in SWAPS):
                return False
        elif op.tag == "delete":
            ch = al[op.src_pos]
            if ch not in SOFT and not _doubled(al, op.src_pos):
                return False
        else:  # insert
            ch = bl[op.dest_pos]
            if ch not in SOFT and not _doubled(bl, op.dest_pos):
                return False
    return True


def _doubled(w: str, i: int) -> bool:
    return (i > 0 and w[i - 1] == w[i]) or (i + 1 < len(w) and w[i + 1] == w[i])
