"""Resolve overlapping fixes: choose a set of edits that can be applied together.

Deterministic, as ruff and ESLint do it: fixes are taken in order of position, then rule priority, then
rule id; a fix whose edits overlap an already accepted edit (or touch a masked region) is left for a
later pass or reported only.
"""
from __future__ import annotations

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
    candidates = sorted((f for f in findings if applicable(f, unsafe)),
                        key=lambda f: (f.fix.start, f.rule.priority, f.rule.id, f.fix.end))
    accepted: list[Finding] = []
    deferred: list[Finding] = []
    taken: list[Edit] = []
    for f in candidates:
        edits = f.fix.edits
        if is_masked is not None and any(is_masked(e.start, e.end) for e in edits):
            continue
        if any(edits_conflict(e, t) for e in edits for t in taken) or _self_conflict(edits):
            deferred.append(f)
            continue
        accepted.append(f)
        taken.extend(edits)
    return accepted, deferred


def _self_conflict(edits) -> bool:
    es = sorted(edits)
    return any(es[i].end > es[i + 1].start for i in range(len(es) - 1))
