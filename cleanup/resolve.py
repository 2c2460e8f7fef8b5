"""Resolve overlapping fixes: choose a set of edits that can be applied together.

Deterministic, as ruff and ESLint do it: fixes are taken in order of position, then rule priority, then
rule id; a fix whose edits overlap an already accepted edit (or touch a masked region) is left for a
later pass or reported only.
"""
from __future__ import annotations

import bisect

from .model import Edit, Finding


def edits_conflict(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    # Insertions (or an insertion next to a replacement) at one point: their order would be a guess.
    if (a.start == a.end or b.start == b.end) and a.start <= b.end and b.start <= a.end:
        return True
    return False


def applicable(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and (fix.applicability == "safe" or unsafe)


def resolve(findings: list[Finding], unsafe: bool, is_masked=None) -> tuple[list[Finding], list[Finding]]:
    """Split fixable findings into (accepted, deferred). Findings without an applicable fix are ignored."""
    candidates = sorted((f for f in findings if applicable(f, unsafe)), key=_order)
    accepted: list[Finding] = []
    deferred: list[Finding] = []
    taken = _Taken()
    for f in candidates:
        assert f.fix is not None  # applicable()
        edits = f.fix.edits
        if is_masked is not None and any(is_masked(e.start, e.end) for e in edits):
            continue
        if any(taken.conflicts(e) for e in edits) or _self_conflict(edits):
            deferred.append(f)
            continue
        accepted.append(f)
        for e in edits:
            taken.add(e)
    return accepted, deferred


def _order(f: Finding) -> tuple:
    """The order fixes are taken in: by start, then rule priority, rule id and end."""
    assert f.fix is not None  # applicable()
    return f.fix.start, f.rule.priority, f.rule.id, f.fix.end


class _Taken:
    """The accepted edits, sorted, so that a conflict test costs O(log n), not O(n).

    Accepted edits never conflict with each other, so as intervals they are disjoint (replacements may
    only touch) and sorting them by start also sorts them by end. An edit can then conflict only with the
    accepted edits from the first one ending at or after its start to the last one starting at or before
    its end; all but at most two of those (the ones merely touching it) do conflict, so the scan stops at
    once."""

    def __init__(self):
        self.spans: list[tuple[int, int]] = []
        self.ends: list[int] = []

    def conflicts(self, e: Edit) -> bool:
        i = bisect.bisect_left(self.ends, e.start)
        spans = self.spans
        while i < len(spans) and spans[i][0] <= e.end:
            s, t = spans[i]
            if edits_conflict(e, Edit(s, t, "")):
                return True
            i += 1
        return False

    def add(self, e: Edit) -> None:
        i = bisect.bisect_left(self.spans, (e.start, e.end))
        self.spans.insert(i, (e.start, e.end))
        self.ends.insert(i, e.end)


def _self_conflict(edits) -> bool:
    es = sorted(edits)
    return any(es[i].end > es[i + 1].start for i in range(len(es) - 1))
