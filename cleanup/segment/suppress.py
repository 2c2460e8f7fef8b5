"""Inline suppression with HTML comments (Markdown, HTML, and plain text alike):

    <!-- mtclean-disable -->             every rule off from here
    <!-- mtclean-disable MT101, names --> these rules off from here (ids, id prefixes, categories, names)
    <!-- mtclean-enable -->              every rule back on
    <!-- mtclean-enable MT101 -->         this rule back on (the others stay as they were); under a
                                          blanket disable, every other rule stays off
    <!-- mtclean-disable-next-line [rules] -->   every rule (or these) off on the next line only
    <!-- mtclean-disable-line [rules] -->        every rule (or these) off on the comment's own line

A region runs from the end of its comment to the start of the comment that ends it, or to the end of the
file; a line directive's region is the whole line (without its line break), and adds to the others. A finding is dropped when it starts inside a region where its rule is off, or when its fix would
edit such a region. Nothing else changes: the comments themselves are never flagged in Markdown (they
are masked as HTML).
"""
from __future__ import annotations

import re

from ..config import matches_selector

DIRECTIVE = re.compile(r"<!--\s*mtclean-(disable-next-line|disable-line|disable|enable)(?![\w-])([^>]*?)\s*-->",
                       re.IGNORECASE)
_LINE_END = re.compile(r"\r\n|\r|\n|\Z")


class Suppressions:
    """The disabled regions of one text: [(start, end, off_all, selectors, exceptions)]."""

    def __init__(self, regions):
        self.regions = regions

    def __bool__(self):
        return bool(self.regions)

    def off(self, rule, start: int, end: int | None = None) -> bool:
        """True when ``rule`` is off at ``start`` (end None), or anywhere in the edit span [start, end)."""
        for s, e, off_all, sels, exceptions in self.regions:
            if end is None or end == start:
                inside = s <= start < e
            else:
                inside = start < e and end > s
            if not inside:
                continue
            if (off_all or any(matches_selector(rule, x) for x in sels)) and not any(matches_selector(rule, x) for x in exceptions):
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


def _line_region(text: str, m, next_line: bool, ids: list[str]):
    """The region of a line directive: the comment's line, or the line after it."""
    start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
    end = _LINE_END.search(text, m.end()).start()
    if next_line:
        brk = _LINE_END.search(text, m.end())
        start = brk.end()
        end = _LINE_END.search(text, start).start() if start < len(text) else start
    return (start, end, not ids, tuple(ids), ())


def suppressions(text: str) -> Suppressions:
    if "mtclean-" not in text:
        return Suppressions([])
    regions = []
    off_all = False
    sels: list[str] = []  # selectors switched off one by one
    exceptions: list[str] = []  # selectors switched back on (they win over off_all and sels)
    start = 0

    def close(at):
        if off_all or sels:
            regions.append((start, at, off_all, tuple(sels), tuple(exceptions)))

    for m in DIRECTIVE.finditer(text):
        verb, ids = m.group(1).lower(), _ids(m.group(2))
        if verb in ("disable-line", "disable-next-line"):
            regions.append(_line_region(text, m, verb == "disable-next-line", ids))
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
    return Suppressions(regions)
