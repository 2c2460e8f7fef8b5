"""The engine: detect -> resolve -> apply, repeated to a fixpoint.

``check`` reports findings on the text as given. ``fix`` applies the chosen fixes, re-detects on the new
text and repeats until no applicable fix is left (at most MAX_PASSES), as ruff and ESLint do.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .apply import apply_edits
from .detect import Context, run_detectors
from .model import SEVERITY_RANK, Finding
from .resolve import resolve
from .segment.document import Document

MAX_PASSES = 8


@dataclass
class FixResult:
    text: str
    applied: list[Finding] = field(default_factory=list)  # offsets refer to the text of their own pass
    remaining: list[Finding] = field(default_factory=list)  # on the final text
    passes: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.applied)


class Engine:
    """One configured rule set; reusable across many documents (rules are compiled once)."""

    def __init__(self, specs, config=None, document_factory=None):
        self.ctx = Context(specs, config)
        self.config = config
        self.document_factory = document_factory or (lambda text, path: Document(text, path))
        self.extra_layers = []  # callables (doc, findings) -> findings, e.g. the grammar layer

    def check(self, text: str, path: str = "<text>") -> list[Finding]:
        doc = self.document_factory(text, path)
        return self._findings(doc)

    def _findings(self, doc) -> list[Finding]:
        findings = run_detectors(doc, self.ctx)
        for layer in self.extra_layers:
            findings = layer(doc, findings)
        from .segment.suppress import suppressions

        suppressed = suppressions(doc.text)  # <!-- mtclean-disable ... --> regions
        out = []
        seen = set()
        for f in findings:
            if f.start < 0 or f.end > len(doc.text) or f.start > f.end:
                continue  # a detector bug must never reach an editor's file
            if doc.is_masked(f.start, f.end):
                continue
            if suppressed and suppressed.drops(f):
                continue
            key = (f.rule.id, f.start, f.end)
            if key in seen:
                continue
            seen.add(key)
            if self.config is not None:
                sev = self.config.severity_for(f.rule)
                if sev is not None:
                    f.severity = sev
            f.line, f.column = doc.position(f.start)
            f.end_line, f.end_column = doc.position(f.end)
            out.append(f)
        out.sort(key=lambda f: f.sort_key)
        return out

    def fix(self, text: str, path: str = "<text>", unsafe: bool = False) -> FixResult:
        result = FixResult(text=text)
        for _ in range(MAX_PASSES):
            doc = self.document_factory(result.text, path)
            findings = self._findings(doc)
            accepted, _deferred = resolve(findings, unsafe, doc.is_masked)
            if not accepted:
                result.remaining = findings
                return result
            result.text = apply_edits(result.text, [e for f in accepted for e in f.fix.edits])
            result.applied.extend(accepted)
            result.passes += 1
        doc = self.document_factory(result.text, path)
        result.remaining = self._findings(doc)
        return result


def at_or_above(findings, level: str) -> list[Finding]:
    if level == "never":
        return []
    rank = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK[f.effective_severity] >= rank]
