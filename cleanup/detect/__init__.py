"""Detectors: find artifacts in a Document and report each as a Finding with an optional Fix.

A rule is one unit in two files:

- its data in ``rules/<family>.yaml``: id, name, category, severity, the message templates it reports
  with, what makes its fix safe, and examples (``bad`` with the ``flag``ged span and the ``fixed`` text,
  ``good`` left alone), which tests/test_rule_examples.py runs;
- its code, unless a regular expression can say it (an entry with ``pattern:``, run by patterns.py): a
  function in a module of this folder, registered with ``@detector``. The registration declares which
  rules the function reports, what it reads besides its own paragraph (``reads="neighbours"``: the
  paragraph before or after) and which article-wide facts it decides from (``facts=``, see facts.py).

Modules here are discovered, not listed: a new detector is a new module plus its YAML entries. The
engine asks the registry which detectors have an enabled rule, and fix()'s incremental rounds
(cleanup/redetect.py) ask it what each detector reads.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Edit, Finding, Fix

if TYPE_CHECKING:
    from ..rulepacks import RuleSpec
    from ..segment.document import Document
    from .facts import ArticleFacts

READS = ("paragraph", "neighbours")


@dataclass(frozen=True)
class Detector:
    """A registered detector: what it reports, what it reads, and the function that finds it."""

    name: str
    rules: tuple[str, ...]
    run: Callable[[Document, Context], Iterable[Finding | None]]
    # "paragraph": every check reads its own paragraph (and the article-wide facts) only; "neighbours": a
    # check also reads the paragraph before or after. Such a check marks its findings (Finding.reads) and
    # runs where Document.scope is "neighbours"; the others run where it is "own" (see redetect.py).
    reads: str = "paragraph"
    facts: tuple[ArticleFacts, ...] = ()


_REGISTRY: dict[str, Detector] = {}
_BY_RULE: dict[str, Detector] = {}


def detector(name: str, *, rules: tuple[str, ...], reads: str = "paragraph", facts: tuple = ()):
    """Register ``fn(doc, ctx)`` as the detector ``name`` that reports ``rules``."""
    if reads not in READS:
        raise ValueError(f"detector {name}: reads must be one of {READS}")

    def register(fn):
        if name in _REGISTRY:
            raise ValueError(f"detector {name} is registered twice")
        d = Detector(name, tuple(rules), fn, reads, tuple(facts))
        for rule_id in d.rules:
            if rule_id in _BY_RULE:
                raise ValueError(f"rule {rule_id} is reported by {_BY_RULE[rule_id].name} and {name}")
            _BY_RULE[rule_id] = d
        _REGISTRY[name] = d
        return fn

    return register


_discovered = False


def registry() -> dict[str, Detector]:
    """Every detector, by name: the modules of this package are imported once, which registers them."""
    global _discovered
    if not _discovered:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _discovered = True
    return _REGISTRY


def detector_of(rule_id: str) -> Detector | None:
    """The detector that reports ``rule_id``; None for a pattern rule (or an unknown id)."""
    registry()
    return _BY_RULE.get(rule_id)


def detectors_for(specs: Iterable[RuleSpec]) -> list[Detector]:
    """The detectors that report at least one of these rules, by name."""
    reg = registry()
    names = {d.name for d in (_BY_RULE.get(s.rule.id) for s in specs) if d is not None}
    return [reg[n] for n in sorted(names)]


class Context:
    """What a detector may use besides the document: the enabled rules and the config."""

    def __init__(self, specs: Iterable[RuleSpec], config=None):
        self.specs = {s.rule.id: s for s in specs}
        self.config = config
        self.notices: list[str] = []
        self.detectors = detectors_for(self.specs.values())

    def enabled(self, rule_id: str) -> bool:
        return rule_id in self.specs

    def finding(self, rule_id: str, start: int, end: int, key: str | None = None, *,
                edits: Iterable[Edit] | None = None, applicability: str = "safe", reads: str = "",
                **params) -> Finding | None:
        """A finding of ``rule_id`` on [start, end), its message the rule's template ``key`` filled with
        ``params`` (no key: the rule's summary message). None when the rule is not enabled: a detector
        that reports several rules reports only those selected."""
        spec = self.specs.get(rule_id)
        if spec is None:
            return None
        rule = spec.rule
        message = rule.message if key is None else rule.messages[key].format(**params)
        edits = tuple(edits or ())
        fix = Fix(applicability, edits) if edits else None
        return Finding(rule=rule, start=start, end=end, message=message, fix=fix, reads=reads)


def quoted(text: str, start: int, end: int, limit: int = 40) -> str:
    """The words around [start, end) as a message quotes them (``tank ,`` for the space in ``tank , three``,
    ``3,5`` for its comma): the flagged text grown to whole words, and to the word beside it where the
    flagged text starts or ends with white space; at most ``limit`` characters, cut with ``…``."""
    a, b = start, end
    if a == b or text[a].isspace():
        while a > 0 and text[a - 1] in " \t":
            a -= 1
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    if a == b or text[b - 1].isspace():
        while b < len(text) and text[b] in " \t":
            b += 1
    while b < len(text) and not text[b].isspace():
        b += 1
    if b - a <= limit:
        return text[a:b]
    if end - start >= limit:
        return text[start:start + limit - 1] + "…"
    room = (limit - (end - start)) // 2
    left = text[max(a, start - room):start]
    right = text[end:min(b, end + room)]
    return (("…" if start - len(left) > a else "") + left + text[start:end] + right
            + ("…" if end + len(right) < b else ""))


def run_detectors(doc: Document, ctx: Context) -> list[Finding]:
    """Every detector with an enabled rule, then the pattern rules; only findings of enabled rules."""
    from .patterns import run_pattern_rules

    findings: list[Finding] = []
    for d in ctx.detectors:
        if doc.scope == "neighbours" and d.reads != "neighbours":
            continue
        findings.extend(f for f in d.run(doc, ctx) if f is not None)
    if doc.scope != "neighbours":
        findings.extend(run_pattern_rules(doc, ctx))
    return findings
