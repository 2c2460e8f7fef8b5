"""The line under a finding, as a terminal shows it: a window around the span and a caret line under it.

Columns on screen are not code points: a tab runs to the next tab stop, East Asian wide and fullwidth
characters take two cells, combining marks and format characters (zero-width space, joiners) none, and
control characters are drawn as their visible Unicode "control pictures" so they neither move the cursor
nor hide. A paragraph is often one line of hundreds of characters: it is cut to a window of ``width``
cells around the span, at a space when one is near, with ``…`` where it was cut.
"""
from __future__ import annotations

import unicodedata

TAB = 4
ELLIPSIS = "…"
SNAP = 12  # cells: a cut moves to a nearby space so that the window starts and ends with whole words


def cells(line: str) -> list[tuple[str, int]]:
    """Each character of ``line`` as (what to draw, width in cells)."""
    if line.isascii() and line.isprintable():
        return [(ch, 1) for ch in line]  # the common case: one cell each, no tab, no control character
    out: list[tuple[str, int]] = []
    col = 0
    for ch in line:
        if ch == "\t":
            w = TAB - col % TAB
            out.append((" " * w, w))
        else:
            o = ord(ch)
            if o < 0x20:
                drawn, w = chr(0x2400 + o), 1  # ␀ … ␟
            elif o == 0x7F:
                drawn, w = "\u2421", 1  # ␡
            elif 0x80 <= o < 0xA0:
                drawn, w = "\ufffd", 1  # C1 controls: no picture of their own
            elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
                drawn, w = ch, 0
            elif unicodedata.east_asian_width(ch) in ("W", "F"):
                drawn, w = ch, 2
            else:
                drawn, w = ch, 1
            out.append((drawn, w))
        col += out[-1][1]
    return out


def excerpt(line: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """(the text to show, caret column, caret length in cells) for code points ``[start, end)`` of ``line``
    (``end`` beyond the line: to its end). The caret is at least one cell, even under an insertion point."""
    # Only characters near the span can be shown: a paragraph of thousands of characters is measured
    # around the span alone (a character takes at least one cell, save the rare zero-width ones).
    margin = width + SNAP + 2
    a = max(0, start - margin)
    b = min(len(line), max(start, end) + margin)
    cs = cells(line[a:b])
    start = max(0, min(start - a, len(cs)))
    end = max(start, min(end - a, len(cs)))
    pos = [0]
    for _, w in cs:
        pos.append(pos[-1] + w)
    lo, hi = _window(cs, pos, start, end, width) if pos[-1] > width else (0, len(cs))
    cut_left, cut_right = lo > 0 or a > 0, hi < len(cs) or b < len(line)
    text = "".join(d for d, _ in cs[lo:hi])
    text = (ELLIPSIS if cut_left else "") + text + (ELLIPSIS if cut_right else "")
    return text, int(cut_left) + pos[start] - pos[lo], max(1, min(pos[end], pos[hi]) - pos[start])


def _window(cs, pos, start: int, end: int, width: int) -> tuple[int, int]:
    """Characters ``cs[lo:hi]`` to show of a line wider than ``width`` cells: a third of the window before
    the span, the rest after it, cut at a space when one is near."""
    budget = max(1, width - 2)  # room for an ellipsis at each end
    left = max(0, pos[start] - budget // 3)
    right = min(pos[-1], left + budget)
    left = max(0, min(left, right - budget))
    lo = next(i for i in range(len(cs) + 1) if pos[i] >= left)
    hi = max(lo, max(i for i in range(len(cs) + 1) if pos[i] <= right))
    if lo > 0:
        space = next((i for i in range(lo, start) if pos[i] - pos[lo] <= SNAP and cs[i][0] == " "), None)
        lo = lo if space is None else space + 1
    if hi < len(cs):
        space = next((i for i in range(hi - 1, max(end, lo), -1) if pos[hi] - pos[i] <= SNAP and cs[i][0] == " "),
                     None)
        hi = hi if space is None else space
    return lo, hi


def display_width(text: str) -> int:
    return sum(w for _, w in cells(text))
