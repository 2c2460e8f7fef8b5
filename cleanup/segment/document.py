"""Document: the decoded text and its structure, all as code-point spans.

Structure is computed lazily and once: lines, paragraphs (the units sentences live in), sentences,
headings, and masked regions (URLs, e-mail addresses, Markdown code...) that no rule may flag or edit.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from .sentences import split_sentences

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the one definition of a line break (CRLF, CR or LF)


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts: 0, then after every line break."""
    starts = [0]
    if "\r" in text:
        starts.extend(m.end() for m in LINE_BREAK.finditer(text))
        return starts
    i = text.find("\n")  # LF only, as in most texts: str.find is twenty times faster than the regex scan
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts

TLDS = "com|org|net|gov|edu|io|co|uk|jp|ru|ua|de|fr|cn|vn|info|news"
# A URL or an e-mail address: never flagged, never edited (their dots and commas are not prose).
URL_OR_EMAIL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'“”‘’()\[\]{}（）「」『』【】〈〉《》、。，；：！？]+"
    r"[^\s<>\"'“”‘’()\[\]{}（）「」『』【】〈〉《》、。，；：！？.,;:!?]"
    # Bounded repeats: unbounded ones backtrack quadratically on long runs like "abc.Def" * 5000.
    r"|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b"
    rf"|\b(?:[a-z0-9-]{{1,63}}\.){{1,8}}(?:{TLDS})"
    r"(?:/[^\s（）「」『』【】〈〉《》、。，；：！？]*)?\b",
    re.IGNORECASE,
)
# Every match of URL_OR_EMAIL contains a hint (URL_HINT_PLAIN), and no white space. So URL_OR_EMAIL need only
# run over the words (runs of non-space characters) that hold a hint, which is several times faster than
# scanning a whole text with URL_OR_EMAIL (it opens with \b).
URL_HINT_PLAIN = re.compile(rf"://|www\.|@|\.(?:{TLDS})", re.IGNORECASE)


def _any_case(word: str) -> str:
    # The letters IGNORECASE lets match an ASCII letter: both cases, and for i, s and k the non-ASCII
    # letters Python's re folds onto them (İ ı, ſ, the Kelvin sign).
    extra = {"i": "İı", "s": "ſ", "k": "\u212a"}
    return "".join(f"[{c}{c.upper()}{extra.get(c, '')}]" for c in word)


# URL_HINT_PLAIN's matches, found twice as fast: one character class first (the scan skips ahead to it;
# an alternation under IGNORECASE is tried at every position), then the rest of the hint it opens.
URL_HINT = re.compile(r"[:wW@.](?:(?<=:)//|(?<=[wW])[wW]{2}\.|(?<=@)|(?<=\.)(?:"
                      + "|".join(_any_case(t) for t in TLDS.split("|")) + "))")
_WORD_START = re.compile(r"(?:\A|(?<=\s))\S*\Z")  # searched up to a hint: where the hint's word begins
_WORD_REST = re.compile(r"\S*")


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of URL_OR_EMAIL in ``text``, exactly as ``URL_OR_EMAIL.finditer(text)`` gives them."""
    spans: list[tuple[int, int]] = []
    done = 0  # the end of the last word scanned
    for h in URL_HINT.finditer(text):
        if h.start() < done:
            continue  # in a word already scanned
        # Look back a little first; only a word longer than that needs the search from the last word scanned.
        word = _WORD_START.search(text, max(done, h.start() - 256), h.start())
        word = word or _WORD_START.search(text, done, h.start())
        rest = _WORD_REST.match(text, h.start())
        # Both match: text[done] is whitespace (or done is 0), and \S* matches the empty string.
        assert word is not None and rest is not None
        start, end = word.start(), rest.end()
        spans.extend(m.span() for m in URL_OR_EMAIL.finditer(text, start, end))
        done = end
    return spans


TERMINAL = set(".!?:;…\"”’»)]')")
SENTENCE_END = set(".!?…")


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __len__(self):
        return self.end - self.start


@dataclass(frozen=True)
class Paragraph(Span):
    """A unit of prose: one line of a one-paragraph-per-line article, or a block of a hard-wrapped one."""

    is_heading: bool = False  # a short line without final punctuation: a (sub)heading, not a fragment
    is_list_item: bool = False


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int  # index into Document.paragraphs
    index: int  # position within its paragraph


class Document:
    def __init__(self, text: str, path: str = "<text>", masked: list[tuple[int, int]] | None = None,
                 markdown: bool = False):
        self.text = text
        self.path = path
        self.markdown = markdown
        self._extra_masks = list(masked or [])
        # What rules decide from the whole article (its quote style, its majority spelling of a name), by
        # detector, handed down to a part of a larger document (detect/facts.py).
        self.verdicts: dict = {}
        # What detectors found once and read again (the name candidates MT203 both counts and flags, the
        # article-wide counts): see remember().
        self.memo: dict = {}
        # Which checks run: "all"; "own" (a part of a larger document: only checks that read nothing but
        # their own paragraph); "neighbours" (only checks that also read the paragraph before or after).
        self.scope = "all"

    @classmethod
    def known(cls, text: str, path: str, *, line_starts: list[int] | None = None,
              masked: list[tuple[int, int]] | None = None, hard_wrapped: bool | None = None) -> Document:
        """A Document whose structure a caller already knows (fix() after a round of edits, a part of a
        larger document): the given values stand in for what would otherwise be computed from the text."""
        doc = cls(text, path)
        for name, value in (("line_starts", line_starts), ("masked", masked), ("hard_wrapped", hard_wrapped)):
            if value is not None:
                doc.__dict__[name] = value  # presets the cached_property of that name
        return doc

    def remember(self, key, compute):
        """``compute()``, once per document and key."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = compute()
            return value

    # -- lines ---------------------------------------------------------------------------------------
    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    @cached_property
    def lines(self) -> list[Span]:
        """Each line's span without its terminator."""
        starts = self.line_starts
        return [line_span(self.text, starts, i) for i in range(len(starts))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset; columns count code points."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    # -- masks ---------------------------------------------------------------------------------------
    @cached_property
    def masked(self) -> list[tuple[int, int]]:
        spans = url_spans(self.text)
        spans.extend(self._extra_masks)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return merged

    @cached_property
    def _mask_starts(self) -> list[int]:
        return [s for s, _ in self.masked]

    def is_masked(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a masked region, or an insertion point lies strictly inside one."""
        masks = self.masked
        if not masks:
            return False
        # The last mask starting before the end of the query is the only one that can still reach it,
        # since masks are merged and sorted.
        i = bisect.bisect_left(self._mask_starts, max(end, start + 1)) - 1
        if i < 0:
            return False
        s, e = masks[i]
        return e > start and (start < end or s < start)

    # -- paragraphs ----------------------------------------------------------------------------------
    @cached_property
    def hard_wrapped(self) -> bool:
        """True for text wrapped at a fixed width, whose sentences run across single line breaks.

        Decided once per document: most lines inside multi-line blocks end without final punctuation.
        A one-paragraph-per-line article (the usual MT output) is not hard-wrapped."""
        return is_hard_wrapped(*self.wrap_counts)

    @cached_property
    def wrap_counts(self) -> tuple[int, int]:
        """wrap_counts() of the whole text: what hard_wrapped is decided from."""
        return wrap_counts(self.text, self.lines)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        text = self.text
        out: list[Paragraph] = []
        blocks: list[list[Span]] = []
        for ln in self.lines:
            if not text[ln.start:ln.end].strip():
                blocks.append([])
                continue
            if self.hard_wrapped and blocks and blocks[-1]:
                blocks[-1].append(ln)
            else:
                blocks.append([ln])
        blocks = [b for b in blocks if b]
        for b in blocks:
            s, e = b[0].start, b[-1].end
            # Leading/trailing spaces are not part of the paragraph.
            while s < e and text[s] in " \t\u00a0\ufeff":
                s += 1
            while e > s and text[e - 1] in " \t\u00a0":
                e -= 1
            body = text[s:e]
            is_list = bool(re.match(r"(?:[-*•+]|\d{1,3}[.)])\s", body))
            out.append(Paragraph(s, e, is_heading=len(b) == 1 and looks_like_heading(body),
                                 is_list_item=is_list))
        return out

    def paragraph_index(self, offset: int) -> int:
        """The index of the paragraph holding ``offset``, or -1 when it lies between paragraphs."""
        paras = self.paragraphs
        i = bisect.bisect_right(paras, offset, key=lambda p: p.start) - 1
        return i if i >= 0 and offset < paras[i].end else -1

    @cached_property
    def sentences(self) -> list[Sentence]:
        out = []
        text = self.text
        for pi, p in enumerate(self.paragraphs):
            for si, (s, e) in enumerate(split_sentences(text, p.start, p.end)):
                out.append(Sentence(s, e, pi, si))
        return out

    @cached_property
    def sentences_by_paragraph(self) -> list[list[Sentence]]:
        out: list[list[Sentence]] = [[] for _ in self.paragraphs]
        for s in self.sentences:
            out[s.paragraph].append(s)
        return out


def line_span(text: str, starts: list[int], i: int) -> Span:
    """Line ``i`` (by its start in ``starts``) without its terminator."""
    s = starts[i]
    e = starts[i + 1] if i + 1 < len(starts) else len(text)
    while e > s and text[e - 1] in "\r\n":
        e -= 1
    return Span(s, e)


def wrap_counts(text: str, lines) -> tuple[int, int]:
    """(inner, total) over pairs of adjacent non-empty lines: ``inner`` counts the pairs whose first line is
    long and ends without final punctuation. Additive over runs of lines, so it can be updated locally."""
    inner = total = 0
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if len(a) == 0 or len(b) == 0:
            continue
        total += 1
        if text[a.end - 1] not in TERMINAL and len(a) > 30:
            inner += 1
    return inner, total


def is_hard_wrapped(inner: int, total: int) -> bool:
    return total >= 2 and inner * 2 > total


def part_document(text: str, path: str, verdicts: dict, scope: str, hard_wrapped: bool = False) -> Document:
    """A Document over whole paragraphs cut from a larger text, which keeps the larger document's layout
    and judges by its article-wide verdicts (fix() detects again only the lines its edits touched; see
    cleanup/redetect.py)."""
    doc = Document.known(text, path, hard_wrapped=hard_wrapped)
    doc.verdicts = verdicts
    doc.scope = scope
    return doc


def looks_like_heading(line: str) -> bool:
    """A short line without final sentence punctuation: a heading, subheading, caption or byline."""
    stripped = line.strip().lstrip("#").strip()
    if not stripped:
        return False
    if stripped[-1] in SENTENCE_END or stripped[-1] in ",;":
        return False
    return len(stripped.split()) <= 14
