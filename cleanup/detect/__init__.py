"""Detectors: find artifacts in a Document and describe each as a Finding with an optional Fix.

Two kinds, both declared in YAML under ``rules/``:
- pattern rules (``pattern`` + ``replacement``) run by ``patterns.py``;
- code detectors, for what a pattern cannot say, registered here by name with ``@detector("name")``.
A new code detector is a module in this folder, imported in ``_load_builtin`` below, plus its rule
entries (with examples) in ``rules/artifacts.yaml``.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..model import Edit, Finding, Fix, Rule

DETECTORS: dict[str, Callable] = {}
# Detectors with a check that reads the paragraph before or after the one it reports on (a repeated
# paragraph, a quotation running on). Every other check reads only its own paragraph and the article-wide
# verdicts of article.py, which lets fix() detect again only the lines its edits touched; such a check
# marks its findings (Finding.reads) and runs in a document whose scope is "neighbours" (Document.scope).
NEIGHBOUR_DETECTORS: set[str] = set()


def detector(name: str):
    def register(fn):
        DETECTORS[name] = fn
        return fn

    return register


class Context:
    """What a detector may use besides the document: its rules, the rule-pack data and the config."""

    def __init__(self, specs, config=None):
        self.specs = {s.rule.id: s for s in specs}
        self.config = config
        self.notices: list[str] = []

    def rule(self, rule_id: str) -> Rule:
        return self.specs[rule_id].rule

    def enabled(self, rule_id: str) -> bool:
        return rule_id in self.specs

    def finding(self, rule_id: str, start: int, end: int, message: str | None = None,
                edits: Iterable[Edit] | None = None, applicability: str = "safe", reads: str = "") -> Finding:
        rule = self.rule(rule_id)
        edits = tuple(edits or ())
        fix = Fix(applicability, edits) if edits else None
        return Finding(rule=rule, start=start, end=end, message=message or rule.message, fix=fix, reads=reads)


_loaded = False


def _load_builtin():
    global _loaded
    if _loaded:
        return
    from . import names, sentence_breaks  # noqa: F401  (registration by import)

    for optional in ("repetition", "script", "encoding", "quotes", "locale", "names_fuzzy"):
        try:
            __import__(f"{__name__}.{optional}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{optional}":
                raise
    _loaded = True


def run_detectors(doc, ctx: Context) -> list[Finding]:
    """Run every detector that has an enabled rule; keep only findings of enabled rules."""
    _load_builtin()
    from .patterns import run_pattern_rules

    findings: list[Finding] = []
    keep = ctx.specs
    wanted = {s.detector for s in ctx.specs.values() if s.detector}
    if doc.scope == "neighbours":
        wanted &= NEIGHBOUR_DETECTORS
    for name in sorted(wanted):
        fn = DETECTORS.get(name)
        if fn is None:
            raise KeyError(f"rule pack names an unknown detector '{name}'")
        findings.extend(f for f in fn(doc, ctx) if f.rule.id in keep)
    if doc.scope != "neighbours":
        findings.extend(run_pattern_rules(doc, ctx))
    return findings
