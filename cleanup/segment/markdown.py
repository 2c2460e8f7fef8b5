"""Markdown: which parts of a ``.md`` file are prose, and which no rule may flag or edit.

Never flagged or changed (masked): fenced and indented code blocks, inline code, link targets
(``](target "title")``, ``][label]``), autolinks, HTML blocks, inline HTML tags and comments, entities,
reference definitions, thematic breaks, setext underlines, table delimiter rows, YAML front matter, a site
generator's template directives on one line (``{{ … }}``, ``{% … %}``), and the container markup at the start
of lines (list markers, ``>``, indentation).

The prose units (paragraphs, headings, list items, table rows) come from markdown-it-py's block tokens,
whose ``.map`` gives line ranges. Inside each unit, inline syntax is found by scanning the *original*
source lines, so every offset is an exact code-point offset of the file as read (CRLF, tabs and all).
The scan is cross-checked against markdown-it's own inline tokens: when they disagree about the number
of code spans, HTML tags or autolinks, the whole unit is masked (never flag what we do not understand).

markdown-it-py is imported here only, and this module only for Markdown files.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from .document import Document, Paragraph, line_starts

ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_FRONT_OPEN = re.compile(r"\ufeff?---[ \t]*$")
_FRONT_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*$")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>"
                       r"|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>")
_ATTR = r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)"
_HTML = re.compile(r"<[A-Za-z][A-Za-z0-9-]*" + _ATTR + r"*\s*/?>"  # open tag
                   r"|</[A-Za-z][A-Za-z0-9-]*\s*>"  # closing tag
                   r"|<!---->|<!--(?:-?[^>-])(?:-?[^-])*-->"  # comment
                   r"|<[?].*?[?]>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ATX = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*$")


@dataclass
class Block:
    start: int
    end: int
    kind: str  # "paragraph" | "heading" | "list_item" | "table_row"


@dataclass
class Layout:
    masks: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def markdown_masks(text: str) -> list[tuple[int, int]]:
    """Code-point spans of ``text`` that are not prose (see the module docstring)."""
    return analyse(text).masks


class MarkdownDocument(Document):
    """A Document whose paragraphs are Markdown's own blocks: a heading, a list item or a table row is
    never merged with its neighbours, so none of them reads as an orphan fragment of another."""

    def __init__(self, text: str, path: str = "<text>"):
        self._layout = analyse(text)
        super().__init__(text, path, masked=self._layout.masks, markdown=True)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(b.start, b.end, is_heading=b.kind in ("heading", "table_row"),
                          is_list_item=b.kind == "list_item") for b in self._layout.blocks if b.start < b.end]


def markdown_document(text: str, path: str = "<text>") -> Document:
    return MarkdownDocument(text, path)


# -- analysis ------------------------------------------------------------------------------------------
def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line without its terminator, with the same line breaks markdown-it uses."""
    starts = line_starts(text)
    out = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(text)
        while e > s and text[e - 1] in "\r\n":
            e -= 1
        out.append((s, e))
    return out


def _front_matter(text: str, lines) -> int:
    """Number of lines of YAML front matter at the very top (0 when there is none)."""
    if not lines or not _FRONT_OPEN.fullmatch(text[lines[0][0]:lines[0][1]]):
        return 0
    for i in range(1, len(lines)):
        s, e = lines[i]
        if _FRONT_CLOSE.fullmatch(text[s:e]):
            return i + 1
    return 0


def analyse(text: str) -> Layout:
    from markdown_it import MarkdownIt

    lines = _lines(text)
    layout = Layout()
    masks = layout.masks
    fm = _front_matter(text, lines)
    # markdown-it sees the front matter as blank lines, so that its line numbers stay ours.
    parse_src = "\n" * fm + "\n".join(text[s:e] for s, e in lines[fm:])
    if fm:
        masks.append((0, lines[fm - 1][1]))
    tokens = MarkdownIt("commonmark").enable("table").parse(parse_src)

    covered = [False] * len(lines)
    for i in range(fm):
        covered[i] = True
    depth_list = 0
    row_cells: dict[int, list] = {}
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "list_item_open":
            depth_list += 1
        elif t.type == "list_item_close":
            depth_list -= 1
        elif t.type == "inline" and t.map is not None:
            parent = tokens[i - 1].type if i else ""
            if parent in ("th_open", "td_open"):
                row_cells.setdefault(t.map[0], []).append(t)
            else:
                kind = "heading" if parent == "heading_open" else ("list_item" if depth_list else "paragraph")
                _inline_block(text, lines, t, kind, layout, covered)
        i += 1
    for row, cells in sorted(row_cells.items()):
        _table_row(text, lines, row, cells, layout, covered)
    for n, (s, e) in enumerate(lines):
        if not covered[n] and text[s:e].strip():
            masks.append((s, e))  # code, HTML blocks, reference definitions, rules, underlines, delimiter rows
    if "{{" in text or "{%" in text:
        masks.extend(m.span() for m in _TEMPLATE.finditer(text))
    masks.sort()
    layout.blocks.sort(key=lambda b: b.start)
    return layout


# A site generator's template directive inside the Markdown (Hugo and Go `{{ image "a.jpg" 800 }}`,
# `{{< figure >}}`, Jekyll's Liquid `{% include x.html %}`): code, whose quotes and spacing are its own.
_TEMPLATE = re.compile(r"\{\{[^\n]*?\}\}|\{%[^\n]*?%\}")


def _inline_block(text, lines, tok, kind, layout, covered):
    first, last = tok.map[0], tok.map[1]
    content_lines = tok.content.split("\n")
    n_src = last - first
    if kind == "heading" and n_src == 2 and len(content_lines) == 1:
        n_src = 1  # setext heading: the underline is masked as an uncovered line
    elif kind == "heading" and len(content_lines) < n_src:
        n_src = len(content_lines)  # multi-line setext heading
    segs: list[tuple[int, int]] = []  # (start, end) in the source of each line's content
    ok = len(content_lines) == n_src
    for k in range(n_src):
        ls, le = lines[first + k]
        covered[first + k] = True
        line = text[ls:le]
        if kind == "heading" and n_src == 1 and (m := _ATX.match(line)):
            close = _ATX_CLOSE.search(line, m.end())
            assert close is not None  # it matches the empty string at the end
            body_end = len(line) - len(close.group(0))
            segs.append((ls + m.end(), ls + max(m.end(), body_end)))
            continue
        cl = content_lines[k] if ok else None
        if cl is None:
            segs.append((ls, le))
            continue
        stripped = line.rstrip(" \t")
        if stripped.endswith(cl):
            segs.append((ls + len(stripped) - len(cl), ls + len(stripped)))
        elif line.endswith(cl):
            segs.append((ls + len(line) - len(cl), le))
        else:
            ok = False  # e.g. a tab expanded inside a container prefix: keep the line whole and masked
            segs.append((ls, le))
    if not segs:
        return
    if not ok:
        layout.masks.append((segs[0][0], segs[-1][1]))
        return
    # The container markup before each line's content is not prose.
    for k, (s, _e) in enumerate(segs):
        ls = lines[first + k][0]
        if s > ls:
            layout.masks.append((ls, s))
    start, end = segs[0][0], segs[-1][1]
    if not _scan_inline(text, segs, [tok], layout.masks):
        layout.masks.append((start, end))
    layout.blocks.append(Block(start, end, kind))


def _table_row(text, lines, row, cells, layout, covered):
    ls, le = lines[row]
    covered[row] = True
    line = text[ls:le]
    s = ls + (len(line) - len(line.lstrip()))
    e = ls + len(line.rstrip())
    if not _scan_inline(text, [(s, e)], cells, layout.masks):
        layout.masks.append((s, e))
        return
    layout.blocks.append(Block(s, e, "table_row"))


def _scan_inline(text, segs, tokens, masks) -> bool:
    """Mask inline code, link targets, autolinks, HTML and entities in the source segments ``segs``
    (one per line of a block). False when the scan disagrees with markdown-it's tokens."""
    joined = "\n".join(text[s:e] for s, e in segs)
    bases = []  # offset in `joined` where each segment starts
    pos = 0
    for s, e in segs:
        bases.append(pos)
        pos += e - s + 1

    def src(j: int) -> int:
        k = bisect.bisect_right(bases, j) - 1
        return segs[k][0] + (j - bases[k])

    spans, found = _inline_spans(joined)
    if found != _expected_inline(tokens):
        return False
    for a, b in spans:
        masks.append((src(a), src(b - 1) + 1))
    return True


def _inline_spans(s: str) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """The spans of inline code, autolinks, HTML, entities and link targets in ``s``, and how many of the
    first three kinds were found (to compare with markdown-it's tokens)."""
    found = {"code": 0, "html": 0, "autolink": 0}
    spans: list[tuple[int, int]] = []
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in ASCII_PUNCT:
            i += 2
            continue
        if c == "`":
            i = _code_span(s, i, spans, found)
            continue
        if c == "<":
            m = _AUTOLINK.match(s, i)
            kind = "autolink"
            if not m:
                m, kind = _HTML.match(s, i), "html"
            if m:
                spans.append(m.span())
                found[kind] += 1
                i = m.end()
                continue
        if c == "&":
            m = _ENTITY.match(s, i)
            if m:
                spans.append(m.span())
                i = m.end()
                continue
        if c == "]" and i + 1 < n and s[i + 1] in "([":
            end = _link_tail(s, i + 1)
            if end is not None:
                spans.append((i + 1, end))
                i = end
                continue
        i += 1
    return spans, found


def _code_span(s: str, i: int, spans: list[tuple[int, int]], found: dict[str, int]) -> int:
    """At a run of backticks ``s[i]``: records the code span it opens, if it is closed; returns where the scan
    goes on (after the span, or after the run)."""
    k = i
    while k < len(s) and s[k] == "`":
        k += 1
    run = k - i
    close = _closing_backticks(s, k, run)
    if close is None:
        return k
    spans.append((i, close + run))
    found["code"] += 1
    return close + run


def _expected_inline(tokens) -> dict[str, int]:
    """How many inline code spans, HTML tags and autolinks markdown-it found."""
    expected = {"code": 0, "html": 0, "autolink": 0}
    for tok in tokens:
        for ch in tok.children or []:
            if ch.type == "code_inline":
                expected["code"] += 1
            elif ch.type == "html_inline":
                expected["html"] += 1
            elif ch.type == "link_open" and ch.markup == "autolink":
                expected["autolink"] += 1
    return expected


def _closing_backticks(s: str, i: int, run: int) -> int | None:
    n = len(s)
    while i < n:
        j = s.find("`", i)
        if j < 0:
            return None
        k = j
        while k < n and s[k] == "`":
            k += 1
        if k - j == run:
            return j
        i = k
    return None


def _link_tail(s: str, i: int) -> int | None:
    """End (exclusive) of ``(destination "title")`` or ``[label]`` starting at ``s[i]``; None if not one."""
    if s[i] == "[":
        return _label_end(s, i)
    j = _destination_end(s, _skip_blanks(s, i + 1))
    if j is None:
        return None
    k = _title_end(s, j)
    if k is not None and k < len(s) and s[k] == ")":
        return k + 1
    return None


def _skip_blanks(s: str, j: int) -> int:
    n = len(s)
    while j < n and s[j] in " \t\n":
        j += 1
    return j


def _label_end(s: str, i: int) -> int | None:
    """End (exclusive) of the ``[label]`` of a reference link at ``s[i]``; None if not one."""
    n = len(s)
    j = i + 1
    while j < n and s[j] != "]":
        if s[j] == "\\":
            j += 1
        elif s[j] == "[":
            return None
        j += 1
    return j + 1 if j < n and j - i <= 1000 else None


def _destination_end(s: str, j: int) -> int | None:
    """End (exclusive) of a link destination at ``s[j]``: ``<...>``, or bare with balanced parentheses."""
    n = len(s)
    if j < n and s[j] == "<":
        j += 1
        while j < n and s[j] not in ">\n<":
            j += 2 if s[j] == "\\" else 1
        if j >= n or s[j] != ">":
            return None
        return j + 1
    depth = 0
    while j < n:
        ch = s[j]
        if ch == "\\" and j + 1 < n:
            j += 2
            continue
        if ch.isspace() or ord(ch) < 32:
            break
        if ch == "(":
            depth += 1
            if depth > 32:
                return None  # CommonMark/markdown-it limit; also keeps "[a](" * n linear
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    return j


def _title_end(s: str, j: int) -> int | None:
    """After a destination ending at ``j``: where the closing ``)`` must be, past blanks and an optional
    title (``"..."``, ``'...'``, ``(...)``, which needs a blank before it); None for a broken title."""
    n = len(s)
    k = _skip_blanks(s, j)
    if k < n and s[k] in "\"'(" and k > j:
        close = {"\"": "\"", "'": "'", "(": ")"}[s[k]]
        k += 1
        while k < n and s[k] != close:
            if close == ")" and s[k] == "(":
                return None  # no unescaped "(" in a (title); also keeps "[a](x (" * n linear
            k += 2 if s[k] == "\\" else 1
        if k >= n:
            return None
        k = _skip_blanks(s, k + 1)
    return k
