"""Diffs of the decoded text before and after fixing.

``unified`` is a standard line-based unified diff (what ``patch`` and ``git apply`` take), the default of
``fix --diff``. On prose one changed word in a 300-character paragraph is hard to see in it, so with colour
``highlight`` also marks the changed words inside each changed line (as git's diff-highlight does);
``word_diff`` (``fix --word-diff``) shows each changed paragraph once with the changes marked inline,
``[-removed-]{+added+}``, as ``git diff --word-diff`` does.
"""
from __future__ import annotations

import difflib
import os
import re
from itertools import groupby

from .escape import one_line
from .style import PLAIN, Style

LINE = re.compile(r"[^\n]*\n|[^\n]+")
TOKEN = re.compile(r"\w+|\s|[^\w\s]", re.UNICODE)  # words, single white-space characters, punctuation


def _labels(path: str) -> tuple[str, str]:
    path = one_line(path)  # a line break in a file name would end the header line
    if os.path.isabs(path) or path == "-":
        return path, path
    return f"a/{path}", f"b/{path}"


def lines(text: str) -> list[str]:
    """Lines as patch and git see them: ended by "\n" only (str.splitlines would also break at \f, U+2028
    and more, and the diff would no longer apply)."""
    return LINE.findall(text)


def unified(path: str, before: str, after: str) -> str:
    if before == after:
        return ""
    out = []
    old, new = _labels(path)
    for line in difflib.unified_diff(lines(before), lines(after), fromfile=old, tofile=new):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def _split_ending(line: str) -> tuple[str, str]:
    body = line[:-1] if line.endswith("\n") else line
    return body, line[len(body):]


def _word_ops(old: str, new: str):
    """(tag, old tokens, new tokens) runs between two texts, compared word by word."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        yield tag, "".join(a[i1:i2]), "".join(b[j1:j2])


def _marked_lines(text: str, changed: list[tuple[int, int]], base: str, style: Style) -> list[str]:
    """``text`` split into lines, each styled in ``base`` colour with the ``changed`` spans in reverse."""
    lines, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        parts, at = [], pos
        for s, e in changed:
            s, e = max(s, pos), min(e, end)
            if s >= e:
                continue
            parts.append(style(text[at:s], fg=base))
            parts.append(style(text[s:e], fg=base, reverse=True))
            at = e
        parts.append(style(text[at:end], fg=base))
        lines.append("".join(parts))
        pos = end + 1
    return lines


def _highlight_block(minus: list[str], plus: list[str], style: Style) -> list[str]:
    """A run of removed lines and the added lines after it, with the words that differ marked."""
    old_bodies, old_ends = zip(*(_split_ending(x[1:]) for x in minus), strict=True)
    new_bodies, new_ends = zip(*(_split_ending(x[1:]) for x in plus), strict=True)
    old, new = "\n".join(old_bodies), "\n".join(new_bodies)
    del_spans, ins_spans, i, j = [], [], 0, 0
    for tag, x, y in _word_ops(old, new):
        if tag in ("replace", "delete"):
            del_spans.append((i, i + len(x)))
        if tag in ("replace", "insert"):
            ins_spans.append((j, j + len(y)))
        i, j = i + len(x), j + len(y)
    out = [style("-", fg="red") + body + end
           for body, end in zip(_marked_lines(old, del_spans, "red", style), old_ends, strict=True)]
    out += [style("+", fg="green") + body + end
            for body, end in zip(_marked_lines(new, ins_spans, "green", style), new_ends, strict=True)]
    return out


def highlight(diff: str, style: Style) -> str:
    """A unified diff in colour, changed words marked; the same text as ``diff`` when colour is off."""
    if not style.on or not diff:
        return diff
    rows = lines(diff)
    # One file's diff: the lines before its first hunk are the file header.
    first = next((n for n, x in enumerate(rows) if x.startswith("@@")), len(rows))
    out = [_styled(x, style, bold=True) for x in rows[:first]]
    colors = {"@": "cyan", "-": "red", "+": "green"}
    groups = [(k, list(g)) for k, g in groupby(rows[first:], key=lambda x: x[:1] if x[:1] in colors else " ")]
    for n, (kind, group) in enumerate(groups):
        if kind == "+" and n and groups[n - 1][0] == "-":
            continue  # marked with the removed lines before it
        if kind == "-" and n + 1 < len(groups) and groups[n + 1][0] == "+":
            out.extend(_highlight_block(group, groups[n + 1][1], style))
        elif kind in colors:
            out.extend(_styled(x, style, fg=colors[kind]) for x in group)
        else:
            out.extend(group)
    return "".join(out)


def _styled(line: str, style: Style, **kw) -> str:
    body, end = _split_ending(line)
    return style(body, **kw) + end


def word_diff(path: str, before: str, after: str, style: Style = PLAIN) -> str:
    """Each changed run of lines once, the changes marked inline: ``[-removed-]{+added+}`` (git's
    ``--word-diff=plain``), under the usual file and hunk headers (no context lines: in prose a line is a
    paragraph)."""
    if before == after:
        return ""
    a, b = lines(before), lines(after)
    old_label, new_label = _labels(path)
    out = [style(f"--- {old_label}", bold=True) + "\n", style(f"+++ {new_label}", bold=True) + "\n"]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        out.append(style(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@", fg="cyan") + "\n")
        old = "".join(_split_ending(x)[0] + "\n" for x in a[i1:i2])
        new = "".join(_split_ending(x)[0] + "\n" for x in b[j1:j2])
        parts = []
        for op, x, y in _word_ops(old, new):
            if op == "equal":
                parts.append(x)
                continue
            if x:
                parts.append(style(f"[-{x}-]", fg="red", bold=True))
            if y:
                parts.append(style(f"{{+{y}+}}", fg="green", bold=True))
        text = "".join(parts)
        out.append(text if text.endswith("\n") else text + "\n")
    return "".join(out)


def _range(lo: int, hi: int) -> str:
    """A hunk range as unified diffs write it (1-based start, and the count when it is not 1)."""
    n = hi - lo
    if n == 1:
        return str(lo + 1)
    return f"{lo + 1 if n else lo},{n}"
