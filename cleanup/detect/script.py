"""Source-script leftovers: words of the source language (MT401) and CJK punctuation (MT402).

A word in Cyrillic, CJK, Arabic, Hebrew, Devanagari or Thai script (or a lowercase Vietnamese word) left
inside an English sentence is flagged. It is deleted safely only when its English rendering plainly
stands beside it: a lowercase Cyrillic word directly followed by English words (``кожна every family``).
Names given in their original script in parentheses or quotes, and whole lines in another script, are
not leftovers. CJK punctuation in English prose becomes its English equivalent where that is
unambiguous (``，`` -> ``, ``); brackets and quote marks that need a choice get an unsafe fix.
"""
from __future__ import annotations

import bisect
import re

from ..model import Edit
from . import detector, quoted
from .quoting import QUOTE_STYLE, quote_open, quote_style

_CJK = ("\u3005\u3006\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\uff66-\uff9f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af")
_CYRILLIC = "\u0400-\u0481\u048a-\u052f"
# Hebrew, Arabic, Devanagari, Thai, Armenian and Georgian letters.
_OTHER = ("\u0591-\u05c7\u05d0-\u05f4\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u0900-\u0963"
          "\u0966-\u097f\u0e01-\u0e3a\u0e40-\u0e5b\u0531-\u0556\u0561-\u0587\u10a0-\u10ff")
# Diacritics that only Vietnamese uses (ư, ơ, đ and the tone marks on top of them or under a vowel).
_VIET_ONLY = "ươđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
_VIET_ANY = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"

SOURCE_CHAR = re.compile(f"[{_CJK}{_CYRILLIC}{_OTHER}]")
# One source-script word; several separated by single spaces form one leftover.
_WORD = rf"(?:[{_CYRILLIC}]+(?:['’ʼ-][{_CYRILLIC}]+)*|[{_CJK}]+|[{_OTHER}]+)"
SOURCE_RUN = re.compile(rf"{_WORD}(?:[ \t]{_WORD})*")
# Letters of Czech, Slovak, Polish, Turkish, Romanian and Hungarian that English loanwords never carry: a
# lowercase word with one ("slivoň", "šarlatan", "lužice na mostecku") is a word of the source language, or a
# name that lost its capital ("Petra srncová").
_CE_ONLY = "ěščřžůňťďľĺŕłśćźżńąęğşıșțőű"
_CE_ANY = _CE_ONLY + "áéíóúýäöüàèìòùâêîôûçñ"
CE_WORD = re.compile(rf"(?<![^\W\d_])[a-z{_CE_ANY}]*[{_CE_ONLY}][a-z{_CE_ANY}]*(?![^\W\d_])")
# Such words at home in English text: the Polish currency.
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")
CE_LOANWORDS = frozenset("złoty złotys złotych zł grosz groszy".split())
VIET_WORD = re.compile(rf"(?<![^\W\d_])[a-z{_VIET_ANY}]*[{_VIET_ONLY}][a-z{_VIET_ANY}]*(?![^\W\d_])")
VIET_RUN_WORD = re.compile(rf"[a-z{_VIET_ANY}]*[{_VIET_ANY}][a-z{_VIET_ANY}]*")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’-]*")
CJK_CHAR = re.compile(f"[{_CJK}]")

OPENERS = "(（[【「『〈《＜\"“„«‘'*_"
CLOSERS = ")）]】」』〉》＞\"”»’'*_"


# MT402 turns a CJK quote into the article's kind of quotation mark.
@detector("script", rules=("MT401", "MT402", "MT405"), facts=(QUOTE_STYLE,))
def detect(doc, ctx):
    text = doc.text
    if ctx.enabled("MT401") and " na " in text:
        yield from _czech_districts(doc, ctx)
    if not _has_candidates(text):
        return
    english: bool | None = None  # whether the article around a line in another script is English
    for line in doc.lines:
        body = text[line.start:line.end]
        if not _has_candidates(body):
            continue
        if _mostly_foreign(body):
            # Not a leftover inside an English sentence (MT401), but in an English article a line of its own
            # in the source script: a caption, a credit, a comment form or a teaser the pipeline left
            # untranslated ("Источник: Зеркало недели", "Залишити відгук"), or a quotation given in the original.
            if ctx.enabled("MT405") and _source_line(body):
                if english is None:
                    english = sum(map(len, _ASCII_LETTERS.findall(text))) >= _ENGLISH_ARTICLE
                if english and not doc.is_masked(line.start, line.end):
                    s = line.start + len(body) - len(body.lstrip())
                    e = line.start + len(body.rstrip())
                    yield ctx.finding("MT405", s, e, "line", context=quoted(text, s, e))
            continue
        ln = _Line(text, line.start, line.end)
        if ctx.enabled("MT401"):
            yield from _leftovers(doc, ctx, ln)
            yield from _lowercase_foreign(doc, ctx, ln)
        if ctx.enabled("MT402"):
            doubles = quote_style(doc).doubles
            yield from _punctuation(doc, ctx, ln, doubles is not None and doubles.majority == "curly")


class _Line:
    """What the checks of one line look up around each leftover, found once per line, so that a check costs a
    bisection instead of a rescan of the line (a long line full of leftovers stays linear)."""

    BOUNDARY = re.compile(r"[.!?] |。")  # where a sentence ends inside a line

    def __init__(self, text: str, ls: int, le: int):
        self.text, self.ls, self.le = text, ls, le
        self.bounds = [m.span() for m in self.BOUNDARY.finditer(text, ls, le)]
        self.bound_starts = [b[0] for b in self.bounds]
        self.words = [m.start() for m in LATIN_WORD.finditer(text, ls, le)]
        self.marks = {c: [m.start() for m in re.finditer(re.escape(c), text[ls:le])] for c in "()（）"}

    def sentence(self, s: int, e: int) -> tuple[int, int]:
        """The sentence around [s, e): after the last boundary that ends at or before s, up to and
        including the first mark of a boundary that starts at or after e (else the line's ends)."""
        i = bisect.bisect_left(self.bound_starts, s) - 1
        while i >= 0 and self.bounds[i][1] > s:
            i -= 1
        a = self.bounds[i][0] + 1 if i >= 0 else self.ls
        j = bisect.bisect_left(self.bound_starts, e)
        b = self.bounds[j][0] + 1 if j < len(self.bounds) else self.le
        return a, b

    def latin_words(self, a: int, b: int) -> int:
        return bisect.bisect_left(self.words, b) - bisect.bisect_left(self.words, a)

    def last(self, mark: str, before: int) -> int:
        """The offset in the line of the last ``mark`` before ``before`` (an offset in the text), or -1."""
        xs = self.marks[mark]
        i = bisect.bisect_left(xs, before - self.ls) - 1
        return xs[i] if i >= 0 else -1

    def next(self, mark: str, after: int) -> int:
        """The offset in the text of the first ``mark`` at or after ``after``, or -1."""
        xs = self.marks[mark]
        i = bisect.bisect_left(xs, after - self.ls)
        return xs[i] + self.ls if i < len(xs) else -1


_CANDIDATE = re.compile(f"[{_CJK}{_CYRILLIC}{_OTHER}{_VIET_ONLY}{_CE_ONLY}"
                        "、，。：；！？（）「」『』【】〈〉《》＜＞・]")


def _has_candidates(s: str) -> bool:
    # Every candidate is a non-ASCII character, and str.isascii() is a flag lookup: most English texts
    # (seven in ten on ja-en) need no scan at all.
    return not s.isascii() and _CANDIDATE.search(s) is not None


_ASCII_LETTERS = re.compile(r"[A-Za-z]+")


# MT405: a line of four source-script characters or more, in an article of 200 ASCII letters or more.
_SOURCE_LINE_MIN = 4
_ENGLISH_ARTICLE = 200


def _source_line(body: str) -> bool:
    """A line written in the source script, with little English in it: a CJK character weighs about a word,
    three letters, so "東京の記者によると、Kiev says the tanks will help." is half English and stays MT401's."""
    cjk = len(CJK_CHAR.findall(body))
    weight = len(SOURCE_CHAR.findall(body)) - cjk + 3 * cjk
    return weight >= _SOURCE_LINE_MIN and 3 * sum(map(len, _ASCII_LETTERS.findall(body))) <= weight


def _mostly_foreign(body: str) -> bool:
    foreign = len(SOURCE_CHAR.findall(body))
    # A CJK character is about a word; a Cyrillic letter is a letter.
    cjk = len(CJK_CHAR.findall(body))
    latin_words = len(LATIN_WORD.findall(body))
    latin_letters = sum(map(len, _ASCII_LETTERS.findall(body)))
    return cjk >= latin_words or (foreign - cjk) >= latin_letters


# -- MT401 -----------------------------------------------------------------------------------------
# Cyrillic letters that look like Latin ones: inside a Latin word ("Mоscow" with a Cyrillic о) they are a
# keyboard or OCR confusion, and the repair is the Latin twin, not a deletion.
LATIN_TWIN = dict(zip("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅУ", "aeopcyxijsdqwABEKMHOPCTXIJSY", strict=True))
_LETTERS_BEFORE = re.compile(r"[A-Za-z\u00c0-\u024f]+$")
_LETTERS_AFTER = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def _lookalike(text, s, e, ls, le):
    """The span of the Latin word around a run of Cyrillic look-alike letters glued to it ("Mоscow", "Тhe",
    "сity"), or None."""
    run = text[s:e]
    if not all(c in LATIN_TWIN for c in run):
        return None
    b = _LETTERS_BEFORE.search(text, max(ls, s - 40), s)
    a = _LETTERS_AFTER.match(text, e, le)
    if not (a or b):
        return None
    return (b.start() if b else s), (a.end() if a else e)


def _leftovers(doc, ctx, ln):
    text, ls, le = doc.text, ln.ls, ln.le
    for m in SOURCE_RUN.finditer(text, ls, le):
        s, e = m.span()
        if doc.is_masked(s, e):
            continue
        word = _lookalike(text, s, e, ls, le)
        if word:
            latin = text[word[0]:s] + "".join(LATIN_TWIN[c] for c in text[s:e]) + text[e:word[1]]
            yield ctx.finding("MT401", word[0], word[1], "lookalike", text=text[word[0]:word[1]], latin=latin,
                              edits=[Edit(i, i + 1, LATIN_TWIN[text[i]]) for i in range(s, e)])
            continue
        if s > ls and text[s - 1] in "#@":
            continue  # a hashtag or a handle: a name as it is written, in its own script
        if _bracket_insertion(text, s, e, ls, le):
            # An editor's insertion into a quotation ("the territory [of Ukraine]") that the pipeline left in
            # the source language: brackets in an English sentence hold English, so no name is written so.
            yield ctx.finding("MT401", s - 1, e + 1, "bracketed", text=text[s - 1:e + 1],
                              edits=[Edit(s - 2, e + 1, "")], applicability="unsafe")
            continue
        # A lowercase Cyrillic word right before a lowercase English word ("кожна every") is a leftover beside
        # its translation even inside a quotation; anything else quoted is a name or title as written.
        beside = text[s].islower() and bool(_CYRILLIC_RUN.match(text, s)) and bool(_LOWER_NEXT.match(text, e, le))
        if _enclosed(doc, ln, s, e, quoted_too=not beside) or _mentioned(text, s, ls):
            continue
        if not _in_english_sentence(ln, s, e):
            continue
        run = m.group(0)
        if not run.strip("ー \t"):
            continue  # a lone prolonged-sound mark used as a dash: "BunkaーSaga"
        cyrillic = bool(re.match(f"[{_CYRILLIC}]", run))
        glued = (s > ls and text[s - 1].isalpha()) or (e < le and text[e].isalpha())
        if glued:  # part of a longer word ("Kyivщина"): only an editor can tell what the word was
            edits, applicability = [Edit(s, e, "")], "unsafe"
        else:
            edits, applicability = _delete_beside_english(text, s, e, ls, le, safe=cyrillic and run[0].islower()
                                                          and len(run.split()) <= 3)
        yield ctx.finding("MT401", s, e, "source", text=run, edits=edits, applicability=applicability)
    runs = _VietRuns(text, ls, le)
    for m in VIET_WORD.finditer(text, ls, le):
        s, e = runs.extend(m.start(), m.end())
        if s != m.start() and VIET_WORD.fullmatch(text, *_first_word(text, s, e)):
            continue  # reported from its first word
        if _enclosed(doc, ln, s, e) or doc.is_masked(s, e) or not _in_english_sentence(ln, s, e):
            continue
        if _mentioned(text, s, ls) or all(w in VIET_LOANWORDS for w in text[s:e].split()):
            continue
        edits, applicability = _delete_beside_english(text, s, e, ls, le, safe=False)
        yield ctx.finding("MT401", s, e, "vietnamese", text=text[s:e], edits=edits, applicability=applicability)


def _lowercase_foreign(doc, ctx, ln):
    """MT401: a lowercase word with a Czech, Polish, Turkish or Romanian letter (no fix: the repair may be a
    capital or a translation)."""
    text, ls, le = doc.text, ln.ls, ln.le
    for m in CE_WORD.finditer(text, ls, le):
        s, e = m.span()
        if m.group(0) in CE_LOANWORDS or (s > ls and text[s - 1] in "#@") or doc.is_masked(s, e):
            continue
        before = _WORD_BEFORE.search(text, max(ls, s - 40), s)
        if before and not before.group(1).isascii():
            continue  # inside a name of several source words, as that language capitalises it ("Sdružení
            # nezávislých kandidátů", "Dominikánské náměstí"): the name as written
        if _enclosed(doc, ln, s, e) or not _in_english_sentence(ln, s, e) or _mentioned(text, s, ls):
            continue  # quoted or mentioned on purpose ("the words "svízel" (trouble)"), or a line in the language
        yield ctx.finding("MT401", s, e, "lowercase-foreign", text=m.group(0))


# Words an English writer uses to mention a foreign word on purpose: "the word воля", "known as đổi mới".
MENTION_CUES = frozenset("""word words term phrase slogan called named dubbed nicknamed known meaning means
spelled spelt written titled literally translated translates greeting cry shouted chanted chant motto name
expression""".split())
# Vietnamese words at home in English text: dishes, dress, the currency.
VIET_LOANWORDS = frozenset("""phở pho bánh mì banh áo dài ao nước mắm nuoc mam bún chả cà phê chè gỏi cuốn xôi
đồng dong bò ông bà""".split())


def _mentioned(text, s, ls) -> bool:
    before = re.findall(r"[A-Za-z]+", text[max(ls, s - 40):s])[-2:]
    return any(w.lower() in MENTION_CUES for w in before)


_NON_SPACE = re.compile(r"\S+")


def _first_word(text, s, e):
    m = _NON_SPACE.match(text, s, e)
    return s, m.end() if m else e


_VIET_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz" + _VIET_ANY)
_VIET_ANY_SET = frozenset(_VIET_ANY)
_NEXT_VIET_WORD = re.compile(rf"[ \t]({VIET_RUN_WORD.pattern})(?![^\W\d_])")


class _VietRuns:
    """Grows a Vietnamese word to the neighbouring lowercase words with Vietnamese diacritics. Each word's
    furthest reach to the left and to the right is remembered, so that a line of many such words is walked
    once, not once per word."""

    def __init__(self, text: str, ls: int, le: int):
        self.text, self.ls, self.le = text, ls, le
        self.left: dict[int, int] = {}
        self.right: dict[int, int] = {}

    def _word_before(self, s: int) -> int:
        """The start of the lowercase word with a Vietnamese diacritic that ends one space or tab before
        ``s`` (as a search for that word followed by ``[ \t]`` at the end of text[ls:s] finds it), or -1."""
        text, ls = self.text, self.ls
        if s - 2 < ls or text[s - 1] not in " \t":
            return -1
        k, viet = s - 1, False
        while k > ls and text[k - 1] in _VIET_LETTERS:
            k -= 1
            viet = viet or text[k] in _VIET_ANY_SET
        return k if viet and k < s - 1 else -1

    def extend(self, s: int, e: int) -> tuple[int, int]:
        path = []
        while s not in self.left:
            path.append(s)
            k = self._word_before(s)
            if k < 0:
                self.left[s] = s
                break
            s = k
        start = self.left[s]
        for p in path:
            self.left[p] = start
        path = []
        while e not in self.right:
            path.append(e)
            m = _NEXT_VIET_WORD.match(self.text, e, self.le)
            if not m:
                self.right[e] = e
                break
            e = m.end(1)
        end = self.right[e]
        for p in path:
            self.right[p] = end
        return start, end


_CYRILLIC_RUN = re.compile(f"[{_CYRILLIC}]")
_LOWER_NEXT = re.compile(r"[ \t][a-z]")


def _enclosed(doc, ln, s, e, quoted_too=True) -> bool:
    """True when the run sits in parentheses, brackets or quotes: a name or title in its own script."""
    before = _prev_char(doc.text, s, ln.ls)
    after = _next_char(doc.text, e, ln.le)
    if before and before in OPENERS:
        return True
    if after and after in CLOSERS and after not in "'’":
        return True
    # Inside a parenthesis opened earlier on the line: "Tokyo (東京, Tōkyō)".
    for o, c in (("(", ")"), ("（", "）")):
        if ln.last(o, s) > ln.last(c, s):
            return True
    return quoted_too and quote_open(doc, ln.ls, s)  # inside a quotation


def _bracket_insertion(text: str, s: int, e: int, ls: int, le: int) -> bool:
    """The run fills square brackets that follow an English word: ``the president [Украины Владимир] Zelensky``."""
    return (s - 2 > ls and e < le and text[s - 1] == "[" and text[e] == "]" and text[s - 2] == " "
            and text[s - 3].isascii() and text[s - 3].isalpha())


def _in_english_sentence(ln, s, e) -> bool:
    return ln.latin_words(*ln.sentence(s, e)) >= 3


def _delete_beside_english(text, s, e, ls, le, safe):
    """Delete the run and one space beside it, when English words stand right next to it."""
    nxt = LATIN_WORD.match(text, e + 1) if e < le and text[e] == " " else None
    prv = re.search(r"[A-Za-z][A-Za-z'’-]* $", text[max(ls, s - 40):s])
    if nxt and nxt.group(0)[0].islower():
        return [Edit(s, e + 1, "")], "safe" if safe else "unsafe"
    if prv and (e == le or text[e] in ".,;:!?"):
        return [Edit(s - 1, e, "")], "safe" if safe else "unsafe"
    if nxt or prv or (e < le and text[e].isalpha()) or (s > ls and text[s - 1].isalpha()):
        return [Edit(s, e, "")], "unsafe"
    return None, "unsafe"


# -- MT402 -----------------------------------------------------------------------------------------
# Closing punctuation: its English form, written without a space before it and with one after it.
CLOSING = {"，": ",", "、": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "）": ")"}
PAIRS = {"「": "」", "『": "』", "〈": "〉", "《": "》", "＜": "＞", "【": "】"}
CLOSE_OF = {v: k for k, v in PAIRS.items()}
FULL_PUNCT = re.compile("[，、。：；！？（）「」『』〈〉《》＜＞【】・]")
SENTENCE_FINAL = ".!?…"


def _punctuation(doc, ctx, ln, curly):
    text, ls, le = doc.text, ln.ls, ln.le
    open_pairs: dict[str, int] = {}
    paired_parens: set[int] = set()
    for m in FULL_PUNCT.finditer(text, ls, le):
        i = m.start()
        ch = m.group(0)
        if i in paired_parens or doc.is_masked(i, i + 1):
            continue
        prev = _prev_char(text, i, ls)
        nxt = _next_char(text, i + 1, le)
        if CJK_CHAR.match(prev or " ") or CJK_CHAR.match(nxt or " "):
            continue  # punctuation of a CJK phrase: part of that leftover, not of the English text
        if ch in CLOSING:
            edit = _closing_edit(text, i, ch, ls, le, prev)
            yield _finding(ctx, text, i, i + 1, [edit], "safe")
        elif ch == "（":
            j = i + 1
            while j < le and text[j] in " \t":
                j += 1
            edits = [Edit(i, j, "(" if i == ls or text[i - 1] in " \t(\"“" else " (")]
            # One finding for the pair: "（see below）" -> " (see below)".
            k = ln.next("）", i + 1)
            if k > 0 and ln.next("（", i + 1) not in range(i + 1, k) and not doc.is_masked(k, k + 1):
                paired_parens.add(k)
                close = _closing_edit(text, k, "）", ls, le, _prev_char(text, k, ls))
                # "（ ）": both edits would eat the space between; the opening one already has it.
                edits.append(Edit(max(close.start, j), close.end, close.replacement))
                e = k + 1 if not doc.is_masked(i, k + 1) else i + 1
            else:
                e = i + 1
            yield _finding(ctx, text, i, e, edits, "safe")
        elif ch == "・":
            yield from _middle_dot(ctx, doc, i, ls, le)
        elif ch in PAIRS:
            open_pairs[PAIRS[ch]] = i
        else:  # a closing bracket or quote
            o = open_pairs.pop(ch, None)
            yield from _pair(ctx, text, o, i, CLOSE_OF[ch], ch, curly, ls, le)
    for closer, o in open_pairs.items():
        yield from _pair(ctx, text, o, None, CLOSE_OF[closer], closer, curly, ls, le)


def _prev_char(text, i, ls):
    k = i - 1
    while k >= ls and text[k] in " \t":
        k -= 1
    return text[k] if k >= ls else ""


def _next_char(text, i, le):
    while i < le and text[i] in " \t":
        i += 1
    return text[i] if i < le else ""


def _finding(ctx, text, s, e, edits, applicability):
    return ctx.finding("MT402", s, e, "punctuation", context=quoted(text, s, e), edits=edits,
                       applicability=applicability)


def _closing_edit(text, i, ch, ls, le, prev) -> Edit:
    """The English form of a closing mark: no space before it (but never eat the line's indentation),
    one after it before a word."""
    s = i
    while s > ls and text[s - 1] in " \t":
        s -= 1
    if s == ls:
        s = i
    if ch in "。！？" and prev and prev in SENTENCE_FINAL + "\"”’":
        q = s - 1  # after a closing quote, the sentence ends only if the quotation did: "levels.”。"
        while q > ls and text[q - 1] in "\"”’":
            q -= 1
        ended = prev in SENTENCE_FINAL or (q > ls and text[q - 1] in SENTENCE_FINAL)
        if ended and (ch == "。" or prev == CLOSING[ch]):
            # "... 。" or "!" ！": the sentence already ends; the mark is a duplicate.
            return Edit(s, i + 1, "")
    repl = CLOSING[ch]
    after = text[i + 1] if i + 1 < le else ""
    if after and not after.isspace() and (after.isalpha() or after in "(\"“") \
            and not (ch in "：，" and after.isdigit()):
        repl += " "
    return Edit(s, i + 1, repl)


def _middle_dot(ctx, doc, i, ls, le):
    text = doc.text
    if quote_open(doc, ls, i):
        return  # a stylised title: "BE・LOVE"
    before = text[i - 1] if i > ls else ""
    after = text[i + 1] if i + 1 < le else ""
    if before.isalnum() and after.isalnum():
        # Between two words: "so・called" -> "so-called"; between capitalised names: "Joe・Biden".
        k = i
        while k > ls and (text[k - 1].isalnum() or text[k - 1] == "_"):
            k -= 1  # the start of the word before the dot
        repl = " " if text[k].isupper() and after.isupper() else "-"
        yield _finding(ctx, text, i, i + 1, [Edit(i, i + 1, repl)], "unsafe")
        return
    prev = _prev_char(text, i, ls)
    if not prev or prev in SENTENCE_FINAL + ":\"”’)":
        return  # a list bullet after a finished sentence or at the start of a line
    nxt = _next_char(text, i + 1, le)
    j = i + 1
    while j < le and text[j] in " \t":
        j += 1
    s = i
    while s > ls and text[s - 1] in " \t":
        s -= 1
    if nxt and nxt.isupper():
        # A bullet that runs one list item into the next: "happened recently ・Because ..." -> ". Because"
        yield _finding(ctx, text, i, i + 1, [Edit(s, j, ". ")], "unsafe")
    else:
        yield _finding(ctx, text, i, i + 1, None, "unsafe")


def _pair(ctx, text, o, c, open_ch, close_ch, curly, ls, le):
    """Brackets and quote marks: 【】 -> [ ], 「」『』〈〉《》＜＞ -> quotation marks (unsafe: a choice)."""
    if open_ch == "【":
        lq, rq = "[", "]"
    elif curly:
        lq, rq = "“", "”"
    else:
        lq, rq = '"', '"'
    edits = []
    if o is not None:
        before = text[o - 1] if o > ls else ""
        edits.append(Edit(o, o + 1, (" " if before.isalnum() else "") + lq))
    if c is not None:
        after = text[c + 1] if c + 1 < le else ""
        edits.append(Edit(c, c + 1, rq + (" " if after.isalnum() else "")))
    s = o if o is not None else c
    e = (c if c is not None else o) + 1
    yield _finding(ctx, text, s, e, edits, "unsafe")


# MT401, a Czech town and its district ("Lužice na Mostecku", "Nová Ves na Liberecku", "Lusatia na Mosteck"):
# Czech names a village by its district with "na" and the district's name in the locative, which English
# writes "Lužice in the Most district". Only a district's name (its -sku/-cku ending, or MT's truncation
# -sk/-ck, or the nominative -sko/-cko) counts: "Nové Město na Moravě" is a town's official name, and the Irish
# "Bord na Móna" is no Czech.
_DISTRICT = re.compile(r"[ ]na[ ](?=[^\W\d_])([\w-]+?(?:sku|cku|sko|cko|sk|ck))\b")
_NAME_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w-]*)$")


def _czech_districts(doc, ctx):
    text = doc.text
    for m in _DISTRICT.finditer(text):
        district = m.group(1)
        before = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if not district[0].isupper() or before is None or not before.group(1)[0].isupper():
            continue
        s, e = before.start(), m.end()
        if doc.is_masked(s, e):
            continue
        yield ctx.finding("MT401", s, e, "district", text=text[s:e], district=district)
