"""Inline suppression with HTML comments (Markdown, HTML, and plain text alike):

    <!-- mtclean-disable -->             every rule off from here
    <!-- mtclean-disable MT101, names --> these rules off from here (ids, id prefixes, categories, names)
    <!-- mtclean-enable -->              every rule back on
    <!-- mtclean-enable MT101 -->         this rule back on (the others stay as they were); under a
                                          blanket disable, every other rule stays off
    <!-- mtclean-disable-next-line [rules] -->   every rule (or these) off on the next line only
    <!-- mtclean-disable-line [rules] -->        every rule (or these) off on the comment's own line

A region runs from the end of its comment to the start of the comment that ends it, or to the end of the
file; a line directive's region is the whole line (without its line break), and adds to the others. A
finding is dropped when it starts inside a region where its rule is off, or when its fix would edit such a
region. Nothing else changes: the comments themselves are never flagged in Markdown (they are masked as
HTML). A directive's rule list is at most 500 characters (a longer one is not a directive).

Cost: linear in the text. The block regions follow each other, and line regions are whole lines, so each
family sorted by start is sorted by end too: the regions at a point, or overlapping a span, are found by
bisection, never by testing every region; a line directive finds its line in a table of line breaks built
once, never by scanning back through a long line.
"""
from __future__ import annotations

import bisect
import re

from ..config import matches_selector

# The rule list is bounded: "<!-- mtclean-disable" with no "-->" after it must not make every later
# attempt scan the rest of the text.
DIRECTIVE = re.compile(r"<!--\s*mtclean-(disable-next-line|disable-line|disable|enable)(?![\w-])([^>]{0,500}?)\s*-->",
                       re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
MAX_SELECTORS = 1000  # rules named at once by block directives; more (only ever hostile) turns every rule off


class _Sorted:
    """Regions that are disjoint or identical, sorted by start (and so by end)."""

    def __init__(self, regions):
        self.regions = sorted(regions, key=lambda r: (r[0], r[1]))
        self.starts = [r[0] for r in self.regions]
        self.ends = [r[1] for r in self.regions]

    def at(self, start: int, end: int | None):
        if end is None or end == start:  # the regions holding ``start``: s <= start < e
            lo, hi = bisect.bisect_right(self.ends, start), bisect.bisect_right(self.starts, start)
        else:  # the regions overlapping [start, end): s < end and e > start
            lo, hi = bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)
        return self.regions[lo:hi]


class Suppressions:
    """The disabled regions of one text: [(start, end, off_all, selectors, exceptions)]."""

    def __init__(self, regions, line_regions=()):
        self.regions = list(regions) + list(line_regions)
        self._families = [_Sorted(regions), _Sorted(line_regions)]
        self._verdicts: dict[tuple[int, str], bool] = {}  # (region, rule id) -> is the rule off there

    def __bool__(self):
        return bool(self.regions)

    def off(self, rule, start: int, end: int | None = None) -> bool:
        """True when ``rule`` is off at ``start`` (end None), or anywhere in the edit span [start, end)."""
        for family in self._families:
            for region in family.at(start, end):
                key = (id(region), rule.id)
                verdict = self._verdicts.get(key)
                if verdict is None:
                    _s, _e, off_all, sels, exceptions = region
                    verdict = self._verdicts[key] = bool(
                        (off_all or any(matches_selector(rule, x) for x in sels))
                        and not any(matches_selector(rule, x) for x in exceptions))
                if verdict:
                    return True
        return False

    def drops(self, finding) -> bool:
        if self.off(finding.rule, finding.start):
            return True
        if finding.fix is not None:
            return any(self.off(finding.rule, e.start, e.end) for e in finding.fix.edits)
        return False


def _ids(arg: str) -> list[str]:
    return [x for x in re.split(r"[\s,]+", arg.strip()) if x]


class _Lines:
    """The line breaks of a text, found once: the line holding a position, and the line after it."""

    def __init__(self, text: str):
        self.n = len(text)
        breaks = [m.span() for m in _LINE_BREAK.finditer(text)]
        self.break_starts = [s for s, _ in breaks]
        self.break_ends = [e for _, e in breaks]

    def start_of(self, pos: int) -> int:
        """The start of the line holding ``pos``: just after the last line break ending at or before it."""
        i = bisect.bisect_right(self.break_ends, pos) - 1
        return self.break_ends[i] if i >= 0 else 0

    def next_break(self, pos: int) -> tuple[int, int]:
        """The first line break starting at or after ``pos``, as (start, end); (n, n) at the end."""
        i = bisect.bisect_left(self.break_starts, pos)
        return (self.break_starts[i], self.break_ends[i]) if i < len(self.break_starts) else (self.n, self.n)


def _line_region(lines: _Lines, m, next_line: bool, ids: list[str]):
    """The region of a line directive: the comment's line, or the line after it."""
    start = lines.start_of(m.start())
    end = lines.next_break(m.end())[0]
    if next_line:
        start = lines.next_break(m.end())[1]
        end = lines.next_break(start)[0] if start < lines.n else start
    return (start, end, not ids, tuple(ids), ())


def suppressions(text: str) -> Suppressions:
    if "mtclean-" not in text:
        return Suppressions([])
    regions = []
    line_regions = []
    lines = None
    off_all = False
    sels: list[str] = []  # selectors switched off one by one
    exceptions: list[str] = []  # selectors switched back on (they win over off_all and sels)
    start = 0

    def close(at):
        nonlocal off_all, sels, exceptions
        if len(sels) + len(exceptions) > MAX_SELECTORS:  # hostile text: keep regions cheap, err on "off"
            off_all, sels, exceptions = True, [], []
        if off_all or sels:
            regions.append((start, at, off_all, tuple(sels), tuple(exceptions)))

    for m in DIRECTIVE.finditer(text):
        verb, ids = m.group(1).lower(), _ids(m.group(2))
        if verb in ("disable-line", "disable-next-line"):
            lines = lines or _Lines(text)
            line_regions.append(_line_region(lines, m, verb == "disable-next-line", ids))
            continue
        close(m.start())
        if not ids:
            off_all, sels, exceptions = verb == "disable", [], []
        elif verb == "disable":
            sels = sels + [x for x in ids if x not in sels]
            exceptions = [x for x in exceptions if x not in ids]
        else:
            sels = [x for x in sels if x not in ids]
            exceptions = exceptions + [x for x in ids if x not in exceptions]
        start = m.end()
    close(len(text))
    # Line regions of one line merge into one (a rule is off there if any of them turns it off): a line
    # with thousands of directives must not make every finding on it test thousands of regions.
    merged: dict[tuple[int, int], tuple[bool, dict]] = {}
    for s, e, every, ids, _ in line_regions:
        old_every, old_ids = merged.get((s, e), (False, {}))
        merged[(s, e)] = (old_every or every, {**old_ids, **dict.fromkeys(ids)})
    line_regions = [(s, e, every, tuple(ids), ()) for (s, e), (every, ids) in merged.items()]
    return Suppressions(regions, line_regions)
