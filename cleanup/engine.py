"""The engine: detect -> resolve -> apply, repeated to a fixpoint.

``check`` reports findings on the text as given. ``fix`` applies the chosen fixes, re-detects on the new
text and repeats until no applicable fix is left (at most MAX_PASSES), as ruff and ESLint do; after the
first pass only the lines an edit touched are detected again (redetect.py), with the same result.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .apply import apply_edits
from .detect import Context, run_detectors
from .model import Edit, Finding, Fix
from .redetect import Rounds
from .resolve import resolve
from .segment.document import LINE_BREAK, Document

MAX_PASSES = 8


@dataclass
class FixResult:
    text: str
    applied: list[Finding] = field(default_factory=list)  # offsets refer to the text of their own pass
    remaining: list[Finding] = field(default_factory=list)  # on the final text
    passes: int = 0
    full_detections: int = 0  # detections of the whole text; the other passes detected only what they touched
    converged: bool = True  # False: MAX_PASSES passes and still fixes to apply (rules undoing each other)

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
        return self.finish(doc, findings)

    def _part_findings(self, part) -> list[Finding]:
        """A part document's findings, as reported but without positions (redetect.py places them)."""
        return self.finish(part, run_detectors(part, self.ctx), positions=False)

    def _rounds(self, doc, findings, incremental: bool) -> Rounds | None:
        # Extra layers (LanguageTool) read the whole text: every round detects it in full.
        if not incremental or self.extra_layers:
            return None
        return Rounds.start(self.ctx, self._part_findings, doc, findings)

    def finish(self, doc, findings, positions: bool = True) -> list[Finding]:
        """What the detectors found, as reported: inside the text, outside masked and suppressed regions,
        with fixes faithful to the document's line breaks, once each, with configured severities."""
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
            if f.fix is not None:
                f.fix = _faithful_fix(doc, f.fix)
            if f.fix is not None and any(doc.is_masked(e.start, e.end) for e in f.fix.edits):
                # The finding is prose, but its fix would edit a masked region (a Markdown paragraph's
                # indentation, say): report it without a fix, which `fix` could never apply.
                f.fix = None
            key = (f.rule.id, f.start, f.end)
            if key in seen:
                continue
            seen.add(key)
            if self.config is not None:
                sev = self.config.severity_for(f.rule)
                if sev is not None:
                    f.severity = sev
            if positions:
                f.line, f.column = doc.position(f.start)
                f.end_line, f.end_column = doc.position(f.end)
            out.append(f)
        out.sort(key=lambda f: f.sort_key)
        return out

    def fix(self, text: str, path: str = "<text>", unsafe: bool = False, incremental: bool = True) -> FixResult:
        result = FixResult(text=text, full_detections=1)
        doc = self.document_factory(text, path)
        findings = self._findings(doc)
        is_masked = doc.is_masked
        # After the first round, only the lines an edit touched are detected again (redetect.py);
        # ``incremental=False`` detects the whole text every round (the reference the tests compare with).
        rounds = self._rounds(doc, findings, incremental)
        for _ in range(MAX_PASSES):
            accepted, _deferred = resolve(findings, unsafe, is_masked)
            if not accepted:
                break
            edits = sorted(e for f in accepted if f.fix is not None for e in f.fix.edits)  # all have one
            new_text = apply_edits(result.text, edits)
            result.applied.extend(accepted)
            result.passes += 1
            if rounds is not None and rounds.advance(new_text, edits):
                findings, is_masked = rounds.findings, rounds.doc.is_masked
            else:
                del rounds, doc, findings, is_masked  # let the old text's structures go first
                doc = self.document_factory(new_text, path)
                findings = self._findings(doc)
                is_masked = doc.is_masked
                result.full_detections += 1
                rounds = self._rounds(doc, findings, incremental)
            result.text = new_text
        else:  # every pass used: converged only if nothing is left to apply (ruff's "failed to converge")
            result.converged = not resolve(findings, unsafe, is_masked)[0]
        result.remaining = findings
        return result


def _faithful_fix(doc, fix: Fix) -> Fix | None:
    """The fix as it may be applied to this document, or None when it cannot be applied faithfully.

    - A line break in a replacement takes the document's own style: the break that ends the line the edit
      is on (else the nearest one before it, else LF), so a fix never brings in CRLF, CR or LF from outside.
    - An edit whose start or end falls between the CR and the LF of a CRLF would split that line break:
      the fix is dropped and the finding only reported.
    - Edits of one fix that overlap each other can never be applied (resolve defers such a fix forever):
      the fix is dropped, so that `check` never marks as fixable what `fix` will not fix."""
    text = doc.text
    es = sorted(fix.edits)
    if any(a.end > b.start for a, b in zip(es, es[1:], strict=False)):
        return None
    edits = []
    changed = False
    for e in fix.edits:
        if e.start < 0 or e.end > len(text) or e.start > e.end:
            return None
        for pos in (e.start, e.end):
            if 0 < pos < len(text) and text[pos - 1] == "\r" and text[pos] == "\n":
                return None
        r = e.replacement
        if "\r" in r or "\n" in r:
            style = _line_break_at(doc, e.start)
            r2 = LINE_BREAK.sub(style, r)
            if r2 != r:
                e = Edit(e.start, e.end, r2)
                changed = True
        edits.append(e)
    return Fix(fix.applicability, tuple(edits)) if changed else fix


def _line_break_at(doc, offset: int) -> str:
    starts = doc.line_starts
    i = bisect.bisect_right(starts, offset) - 1
    text = doc.text
    while i >= 0:
        if i + 1 < len(starts):
            s = starts[i + 1]
            return "\r\n" if text[max(0, s - 2):s] == "\r\n" else text[s - 1]
        i -= 1  # the last line has no break: use the one before it
    return "\n"
