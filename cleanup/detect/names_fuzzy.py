"""A name spelled two ways in one article (MT203): ``Matviyenko`` three times, ``Matvienko`` once.

Capitalised words are clustered within the article: a rare form that differs from a more frequent one
only by a transliteration-sized edit (a vowel, ``y``/``i``/``j``, an ``h``, a doubled letter), or that has
the same transliteration key (``Kharitonenko``/``Haritonenko``, ``Tsvetkova``/``Cvetkova``), is flagged,
and the majority form is suggested (unsafe fix). Different words stay apart: ``Austria``/``Australia``,
``Johnson``/``Johnston``, ``Sweden``/``Swedes``, and derived forms (``Russia``/``Russian``). Names that
rules/names.yaml already handles (MT201, MT202) are left to those rules.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Edit
from ..rulepacks import pack_data
from ..segment.sentences import SENTENCE_STARTERS, TITLES
from . import detector
from .facts import ArticleFacts, verdict, within

# A capitalised word of five letters or more (or a hyphenated run of them), not inside a longer word. The
# capital comes first and the look-behind after it, so that the scan skips ahead to capitals.
NAME = re.compile(r"([A-Z](?<![\w'’-].)[a-z\u00e0-\u024f]{4,}(?:-[A-Z][a-z\u00e0-\u024f]+)*)(?=(?:['’]s)?(?![\w-]))")
MIN_RATIO = 85
VOWELS = set("aeiouy")
# Letters a transliteration adds, drops or swaps: vowels, y/i/j, h (kh, zh), w/v, doubled letters.
SOFT = VOWELS | set("jhwv")
SWAPS = [set("iyj"), set("kc"), set("sz"), set("vw"), set("ei"), set("ao"), set("ou"), set("ie"), set("ey")]
# Endings that derive a different word: Russia/Russian, Sweden/Swedes, Japan/Japanese, Mark/Marks.
# Also Germany/German, a region named from its river or people (Amazon/Amazonia, Croat/Croatia), and the feminine
# form of a surname, another person: Ivanov/Ivanova, Daniel/Daniela.
DERIVED = re.compile(r"(?:n|ns|an|ans|ian|ians|ese|ish|s|es|i|ia|ic|er|ers|ite|ites|y|a)$")


# Different places or people that look like transliteration variants of each other.
DISTINCT = frozenset(frozenset(p) for p in [("Shanxi", "Shaanxi"), ("Austria", "Australia")])


@lru_cache(maxsize=1)
def _known_names() -> frozenset:
    data = pack_data("names")
    words = set()
    for k, vs in (data.get("house_style") or {}).items():
        for w in [k, *vs]:
            words.update(w.split())
    for g in data.get("variant_groups") or []:
        words.update(g)
    for k in data.get("keep") or []:
        words.update(re.findall(r"\w+", k))
    return frozenset(words)


_START, _END = (lambda c: c[1][0]), (lambda c: c[1][1])  # of a candidate's span


def _candidates(doc) -> list[tuple[str, tuple[int, int], bool]]:
    """(form, span, opens a sentence) for every capitalised word that may be a name; once per document."""
    return doc.remember("name_candidates", lambda: _find_candidates(doc))


def _find_candidates(doc) -> list[tuple[str, tuple[int, int], bool]]:
    text = doc.text
    starts = {s.start for s in doc.sentences}
    for ln in doc.lines:
        starts.add(ln.start)
    known = _known_names()
    masked = doc.is_masked if doc.masked else None  # most texts have no URL or code to skip
    found = []
    for m in NAME.finditer(text):
        w = m.group(1)
        span = m.span(1)
        if w in known or (masked is not None and masked(*span)):
            continue
        found.append((w, span, _at_sentence_start(text, span[0], starts)))
    return found


class _Spellings(ArticleFacts):
    """Every spelling of every name in the article: MT203 flags a rare one close to a frequent one."""

    name = "names_fuzzy"

    def count_lines(self, doc, ranges) -> dict:
        """How often each candidate name occurs, and how often inside a sentence."""
        out: dict[tuple, int] = {}
        for w, _span, opens in within(doc, "name_candidates", _candidates(doc), ranges, _START, _END):
            out["n", w] = out.get(("n", w), 0) + 1
            if not opens:
                out["mid", w] = out.get(("mid", w), 0) + 1
        return out

    def facts(self, totals) -> tuple:
        """(minority, majority) by the counts alone: a rare form (at most twice, once inside a sentence)
        one transliteration-sized edit from a form used at least twice as often."""
        return _pairs(totals)

    def updated_facts(self, pairs, totals, delta) -> tuple:
        # A form is compared only with forms of its letter group (the same first letter, or the first letter
        # of a transliteration twin: K/Kh/H, Ts/C, W/V, Y/J/I): redo only the groups touched.
        groups = {_group(k[1]) for k in delta}
        kept = [p for p in pairs if _group(p[0]) not in groups]
        return tuple(sorted(kept + list(_pairs(totals, groups))))

    def detail_lines(self, doc, ranges, pairs) -> dict:
        """What the text says about those pairs: each form's neighbouring names, and whether a minority
        form also occurs as an ordinary lowercase word."""
        if not pairs:
            return {}
        text = doc.text
        forms = {w for pair in pairs for w in pair}
        out: dict[tuple, int] = {}
        for w, span, _ in within(doc, "name_candidates", _candidates(doc), ranges, _START, _END):
            if w in forms:
                for x in _neighbours(text, [span]):
                    out["nb", w, x] = out.get(("nb", w, x), 0) + 1
        # The forms that can be an ordinary word: lowercase ASCII, five letters or more.
        lines = text if ranges is None else "".join(text[s:e] for s, e in ranges)
        words = sorted({w for w in (mi.lower() for mi, _ in pairs) if _ORDINARY.fullmatch(w)})
        if len(words) < 100:  # a str.find scan a word, fast for a few words
            counts = {w: _whole_word_count(lines, w) for w in words}
        else:  # one pass over every lowercase word
            wanted, counts = set(words), {}
            for w in _LOWER_WORD.findall(lines):
                if w in wanted:
                    counts[w] = counts.get(w, 0) + 1
        for w in words:
            if counts.get(w):
                out["low", w] = counts[w]
        return out

    def verdict(self, pairs, detail) -> tuple:
        """The pairs to flag: not an ordinary word capitalised, not two people with their own spellings."""
        neighbours: dict[str, set] = {}
        for k in detail:
            if k[0] == "nb":
                neighbours.setdefault(k[1], set()).add(k[2])
        out = []
        for minority, best in pairs:
            if ("low", minority.lower()) in detail:
                continue  # an ordinary word, capitalised here
            if _both_words(minority, best):
                continue  # Minister/Ministry, Slovak/Slovakia: two English words, not two spellings
            if len(minority) != len(best) and _is_word(best):
                continue  # Douglas/Douglass, Charleston/Charlestown, German/Germain: another name or word
            mine, theirs = neighbours.get(minority, set()), neighbours.get(best, set())
            if mine and theirs and not (mine & theirs):
                continue  # "Serhii Nykyforov" beside "Serhiy Kyslytsya": two people, each spelled their way
            out.append((minority, best))
        return tuple(out)


def _both_words(a: str, b: str) -> bool:
    """Whether both forms are words of the English lexicon (english.py, read only when a pair is found).
    Without the lexicon: False."""
    return _is_word(a) and _is_word(b)


def _is_word(form: str) -> bool:
    """Whether the form is in the English lexicon (words and established names: Douglas, Charleston). A
    letter added to or dropped from such a name makes another established name (Douglass, Charlestown) far
    more often than a misspelling; MT's transliteration variants are of names no lexicon holds. A letter
    swapped in place (Franciz for Francis, Ottomon for Ottoman) is still flagged. Without the lexicon: False."""
    from . import english

    return bool(english.known(form.lower()))


_ORDINARY = re.compile(r"[a-z]{5,}")
_LOWER_WORD = re.compile(r"\b[a-z]{5,}\b")


def _whole_word_count(text: str, word: str) -> int:
    """How often ``word`` occurs as a whole word (as ``\\bword\\b`` matches); str.find, a fast scan."""
    n, i = 0, text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not _is_word_char(text[i - 1])) and (j == len(text) or not _is_word_char(text[j])):
            n += 1
        i = text.find(word, i + 1)
    return n


def _same_key(minority: str, by_key, occ, need: int) -> str | None:
    """The most frequent form (used at least ``need`` times) with the minority's transliteration key."""
    twins = by_key.get(translit_key(minority), ()) if by_key else ()
    if len(twins) > _NearIndex.MAX_SHARED:
        return None  # a key that many forms share is no evidence (crafted text): bounds the work per form
    same = [w for w in twins if occ[w] >= need and w != minority and frozenset((w, minority)) not in DISTINCT]
    return min(same, key=lambda w: (-occ[w], w)) if same else None


def _accented_forms(forms, occ) -> dict[str, list[str]]:
    """Accented forms by their plain spelling, where the plain spelling occurs too."""
    accented: dict[str, list[str]] = {}
    for w in forms:
        if not w.isascii():
            plain = _without_accents(w)
            if plain != w and plain in occ:
                accented.setdefault(plain, []).append(w)
    return accented


def _accent_pair(plain: str, accented, occ, mid) -> tuple[str, str] | None:
    """(plain, accented) when ``plain`` is a name that also occurs with its accents: "Slovacek" beside
    "Slováček" is one name with its accents lost (MT drops accents, it never adds them), whatever the counts,
    as long as the plain form is not the clear majority (then the accented form is the rare one)."""
    # Not where the plain form is the majority that the rare accented form gets (Raikkonen 2, Räikkönen 1: the
    # majority rule flags Räikkönen), so that the two rules never pull one pair both ways.
    twins = [w for w in accented.get(plain, ()) if occ[plain] <= occ[w] + 1
             and not (occ[w] <= 2 and w in mid and occ[plain] >= max(2, 2 * occ[w]))]
    if not twins or plain not in mid:
        return None
    return plain, min(twins, key=lambda w: (-occ[w], w))


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _pairs(totals, groups=None) -> tuple:
    """The pairs (sorted) whose forms belong to one of these letter groups (None: all)."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    occ = {k[1]: n for k, n in totals.items() if k[0] == "n" and n > 0 and (groups is None or _group(k[1]) in groups)}
    mid = {k[1]: n for k, n in totals.items() if k[0] == "mid" and n > 0 and (groups is None or _group(k[1]) in groups)}
    forms = sorted(occ, key=lambda w: (-occ[w], w))
    # Candidate majority forms by first letter and length: a transliteration edit changes at most two
    # letters, so only lengths within two of the minority's can match. Where many forms share a first
    # letter and a length (crafted text), the forms near a minority are found through an index of the
    # strings they become with up to two letters deleted, so comparisons never grow with the square of
    # the article's vocabulary.
    majors, by_key = _majority_forms(forms, occ, mid)
    accented = _accented_forms(forms, occ)
    if not majors and not accented:
        return ()  # no form used twice inside a sentence, and no accent twins: nothing to pair (most articles)
    near: dict[str, _NearIndex] = {}

    def candidates_of(minority: str) -> list[str]:
        first, n = minority[0], len(minority)
        buckets = [majors.get((first, k), ()) for k in range(n - 2, n + 3)]
        if sum(map(len, buckets)) <= 64:
            return [w for b in buckets for w in b]
        if first not in near:
            index = near[first] = _NearIndex()
            for (f, _), ws in majors.items():
                if f == first:
                    for w in ws:
                        index.add(w)
        return [w for w in near[first].around(minority) if abs(len(w) - n) <= 2]

    out = []
    for minority in forms:
        n_min = occ[minority]
        accent = _accent_pair(minority, accented, occ, mid)
        if accent:  # Slovacek 2 beside Slováček 3, Tvrdik 1 beside Tvrdík 1
            out.append(accent)
            continue
        if n_min > 2 or minority not in mid:
            continue  # frequent in its own right, or only ever capitalised as a sentence opener
        need = max(2, 2 * n_min)
        same = _same_key(minority, by_key, occ, need)
        if same:  # Kharitonenko/Haritonenko, Tsvetkova/Cvetkova: one spelling under transliteration
            out.append((minority, same))
            continue
        candidates = [w for w in candidates_of(minority) if occ[w] >= need and w != minority]
        # The most frequent form that passes (the first in alphabetical order among equals).
        candidates.sort(key=lambda w: (-occ[w], w))
        for major in candidates:
            if fuzz.ratio(major, minority) >= MIN_RATIO and _transliteration_edit(major, minority, Levenshtein):
                out.append((minority, major))
                break
    return tuple(sorted(out))


def _majority_forms(forms, occ, mid) -> tuple[dict[tuple[str, int], list[str]], dict[str, list[str]]]:
    """The forms that can be a majority (used twice or more, once inside a sentence), by first letter and
    length, and by transliteration key."""
    majors: dict[tuple[str, int], list[str]] = {}
    by_key: dict[str, list[str]] = {}
    for w in forms:
        if occ[w] >= 2 and w in mid:
            majors.setdefault((w[0], len(w)), []).append(w)
            by_key.setdefault(translit_key(w), []).append(w)
    return majors, by_key


# Transliteration pairs: kh/h, zh/z, ts/tz/c, w/v, y/i/j, doubled letters, accents. Two forms with the same key are
# one name spelled by two transliteration schemes; a derived form never shares the key (its ending differs),
# and nor do two different names of the same shape (Johnson/Johnston).
# The Ukrainian h and ie beside the Russian g and e come last: Syniehubov/Sinegubov, Halushchenko/Galushchenko.
_KEY_STEPS = (("kh", "h"), ("zh", "z"), ("tz", "c"), ("ts", "c"), ("w", "v"), ("y", "i"), ("j", "i"),
              ("h", "g"), ("ie", "e"))
_DOUBLED = re.compile(r"(.)\1+")
# First letters that a transliteration key can change into one another: a pair's two forms share a group.
_GROUPS = {c: g for g in ("khg", "tc", "wv", "yji") for c in g}


# Letters without a decomposition: their plain twins. Other accented letters lose their marks (NFKD).
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})


def _without_accents(k: str) -> str:
    if k.isascii():
        return k
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", k.translate(_PLAIN)) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    # Accents too: "Tvrdík" beside "Tvrdik", "Erdoğan" beside "Erdogan" are one name spelled two ways.
    k = _without_accents(name.lower())
    for a, b in _KEY_STEPS:
        k = k.replace(a, b)
    return _DOUBLED.sub(r"\1", k)


def _group(form: str) -> str:
    c = _without_accents(form[0]).lower()  # "Šumava" and "Sumava" are compared, and recounted, together
    return _GROUPS.get(c, c)


SPELLINGS = _Spellings()


@detector("names_fuzzy", rules=("MT203",), facts=(SPELLINGS,))
def detect(doc, ctx):
    flagged = dict(verdict(doc, SPELLINGS))
    if not flagged:
        return
    for s, e in sorted(_occurrences(doc, flagged)):
        w = doc.text[s:e]
        yield ctx.finding("MT203", s, e, "minority", found=w, majority=flagged[w], edits=[Edit(s, e, flagged[w])],
                          applicability="unsafe")


def _occurrences(doc, forms):
    """The spans of these candidate names."""
    return (span for w, span, _ in _candidates(doc) if w in forms)


_NEIGHBOUR_BEFORE = re.compile(r"([A-Z][\w-]+)(?:['’]s)? $")
_NEIGHBOUR_AFTER = re.compile(r"(?:['’]s)? ([A-Z][\w-]+)")


def _neighbours(text, spans) -> set:
    """The capitalised words right beside a name: the rest of a full name (not a title or a sentence's
    first word: "Minister Kuleba" and "Later Kouleba" are one person)."""
    out: set[str] = set()
    for s, e in spans:
        b = _NEIGHBOUR_BEFORE.search(text, max(0, s - 40), s)
        a = _NEIGHBOUR_AFTER.match(text, e)
        out.update(m.group(1) for m in (a, b) if m and m.group(1).lower() not in NOT_NAME_PARTS)
    return out


NOT_NAME_PARTS = SENTENCE_STARTERS | TITLES | frozenset((
    "minister", "president", "mayor", "governor", "spokesman", "spokeswoman", "spokesperson", "general", "chairman",
    "chairwoman", "director", "prime", "foreign", "deputy", "secretary", "chief", "commander", "head", "leader",
    "premier", "chancellor", "ambassador", "senator", "coach", "captain", "professor", "doctor", "officer", "later",
    "then", "when", "meanwhile", "yesterday", "today",
))


class _NearIndex:
    """Words by the strings they become with up to two letters deleted (lowercase), for finding the words
    within two edits of a word. A string that more than MAX_SHARED words become is no evidence (only
    crafted text makes so many near-identical names) and is not used, which bounds the work per word."""

    MAX_SHARED = 16

    def __init__(self):
        self.by_key: dict[str, list[str]] = {}

    @staticmethod
    def keys(word: str) -> set[str]:
        w = word.lower()
        once = {w[:i] + w[i + 1:] for i in range(len(w))}
        return {w} | once | {v[:i] + v[i + 1:] for v in once for i in range(len(v))}

    def add(self, word: str) -> None:
        for k in self.keys(word):
            self.by_key.setdefault(k, []).append(word)

    def around(self, word: str) -> list[str]:
        """The words added that are within two edits of ``word`` (and possibly a few more), once each."""
        found: dict[str, None] = {}
        for k in self.keys(word):
            ws = self.by_key.get(k, ())
            if len(ws) <= self.MAX_SHARED:
                found.update(dict.fromkeys(ws))
        return list(found)


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
