"""Detection after a round of fixes, limited to the lines the round's edits touched.

``fix`` repeats detect -> resolve -> apply until no applicable fix is left. Detecting the whole text in
every round made ``fix`` superlinear: a longer article more often needs one more round, and each round
cost a full detection. But edits are local, and so are the rules, given a few article-wide verdicts: a
finding depends on its own paragraph, at most the paragraph on either side, and verdicts such as the
article's quote style or its majority spelling of a name (detect/article.py). So after a round:

- the counts behind each verdict are updated from the touched lines (their old counts out, their new
  counts in); if a verdict would change, the round detects the whole text instead;
- a window of lines around each run of touched lines (two paragraphs on either side) is detected again as
  a part document that judges by the article's verdicts; its findings that start in the touched lines or
  the paragraph on either side replace the old ones there;
- every other finding is the previous round's, shifted by the edits.

Text whose paragraphs are not lines (hard-wrapped text, Markdown), suppression comments, user pattern
rules (which may look anywhere) and extra layers (LanguageTool) are detected in full every round. The
result is the same as detecting the whole text again: tests/test_redetect.py compares both, on the corpus
and on generated text.
"""
from __future__ import annotations

import bisect
import dataclasses

from .detect import READS_NEXT_PARAGRAPH, READS_PREVIOUS_PARAGRAPH, run_detectors
from .detect.article import FACTS, added, difference, state
from .model import Edit, Finding, Fix
from .segment.document import LINE_BREAK, Document, is_hard_wrapped, part_document, wrap_counts


class Unmappable(Exception):
    """A position fell inside an edit: it has no place in the new text."""


class Rounds:
    """The state of ``fix`` between rounds: the current text, its findings, masks and article-wide counts."""

    def __init__(self, engine, doc, findings, facts):
        self.engine = engine
        self.path = doc.path
        self.text = doc.text
        self.doc = doc
        self.findings = findings
        self.line_starts = doc.line_starts
        self.masked = doc.masked
        self.wrap = wrap_counts(doc.text, doc.lines)
        self.facts = facts  # detector name -> ArticleFacts
        self.states = {name: state(doc, af) for name, af in facts.items()}
        self.fallback = ""

    @classmethod
    def start(cls, engine, doc, findings):
        """The state after a full detection, or None when this document must be detected in full each round."""
        ctx = engine.ctx
        if engine.extra_layers or any(s.user for s in ctx.specs.values()):
            return None
        if type(doc) is not Document or doc.markdown or doc._extra_masks or doc.hard_wrapped:
            return None
        if "mtclean-" in doc.text:
            return None  # suppression comments: their regions are the whole document's business
        detectors = {s.detector for s in ctx.specs.values() if s.detector}
        facts = {name: FACTS[name] for name in sorted(detectors) if name in FACTS}
        if not all(af.maintainable(state(doc, af).verdict) for af in facts.values()):
            return None
        return cls(engine, doc, findings, facts)

    # -- a round --------------------------------------------------------------------------------------
    def advance(self, new_text: str, edits: list[Edit]) -> bool:
        """Move to ``new_text`` (``self.text`` with ``edits`` applied). False when it needs a full detection."""
        try:
            return self._advance(new_text, edits)
        except Unmappable:
            return self._full("an offset fell inside an edit")

    def _full(self, why: str) -> bool:
        self.fallback = why  # for tests and the benchmark: why this round detected the whole text
        return False

    def _advance(self, new_text: str, edits: list[Edit]) -> bool:
        if "mtclean-" in new_text:
            return self._full("suppression comment")
        old_text = self.text
        shift = _Shift(edits)
        new_starts = [0]
        new_starts.extend(m.end() for m in LINE_BREAK.finditer(new_text))
        old_lines = _Lines(old_text, self.line_starts)
        new_lines = _Lines(new_text, new_starts)

        # Runs of touched lines, each in a window of one more paragraph on either side: the context a
        # paragraph of the run is read with, and where a rule that reads a neighbouring paragraph may find
        # something new.
        groups: list[list[tuple[int, int]]] = []  # [run, window], in old coordinates
        for s, e in _dirty_runs(old_lines, edits):
            g = [(s, e), old_lines.widen(s, e, 1)]
            if groups and g[1][0] <= groups[-1][1][1]:  # windows meet: one window
                last = groups[-1]
                last[0] = (last[0][0], e)
                last[1] = (last[1][0], g[1][1])
            else:
                groups.append(g)

        # Article-wide counts, updated from the touched lines (and one line either side, for line pairs).
        inner, total = self.wrap
        deltas = {name: ({}, {}) for name in self.facts}  # counts, detail
        for (s, e), _ in groups:
            ns, ne = shift.start_of_run(s), shift.end_of_run(e)
            ps, pe = old_lines.around(s, e)
            qs, qe = shift.start_of_run(ps), shift.end_of_run(pe)
            oi, ot = wrap_counts(old_text, old_lines.spans(ps, pe))
            ni, nt = wrap_counts(new_text, new_lines.spans(qs, qe))
            inner, total = inner - oi + ni, total - ot + nt
            if not self.facts:
                continue
            before, after = Document(old_text[s:e], self.path), Document(new_text[ns:ne], self.path)
            for name, af in self.facts.items():
                st = self.states[name]
                dc, dd = deltas[name]
                dc.update(added(dc, difference(af.count(after), af.count(before))))
                dd.update(added(dd, difference(af.detail(after, st.facts), af.detail(before, st.facts))))
        if is_hard_wrapped(inner, total):
            return self._full("the text now reads as hard-wrapped")
        states = dict(self.states)
        for name, af in self.facts.items():
            dc, dd = deltas[name]
            dc = {k: v for k, v in dc.items() if v}
            dd = {k: v for k, v in dd.items() if v}
            if not dc and not dd:
                continue
            st = self.states[name]
            totals = added(st.totals, dc)
            facts = af.facts(totals) if dc else st.facts
            if facts != st.facts:
                return self._full(f"the article-wide facts of {name} changed")
            detail = added(st.detail, dd)
            verdict = af.verdict(facts, detail) if dd else st.verdict
            if verdict != st.verdict:
                return self._full(f"the article-wide verdict of {name} changed")
            states[name] = dataclasses.replace(st, totals=totals, detail=detail)
        verdicts = {name: st.verdict for name, st in states.items()}

        # Findings: the previous ones outside the runs, shifted; new ones from the windows.
        window_starts = [w[0] for _, w in groups]
        out: list[Finding] = []
        for f in self.findings:
            i = bisect.bisect_right(window_starts, f.start) - 1
            if i >= 0 and f.start < groups[i][1][1] and _redetected(f, groups[i][0], f.start):
                continue
            out.append(_moved(f, shift))
        masked = [(shift(s), shift(e)) for s, e in self.masked if not _within(s, e, groups, window_starts)]
        # All windows in one part document, one after the other: a window begins and ends with a paragraph
        # of context whose own findings are not taken (but for the neighbour-reading rules, which read
        # inward), so what meets at a seam is never read for a finding kept.
        pieces, seams, runs = [], [], []  # seams: (offset in the part, offset in the new text)
        at = 0
        for (rs, re_), (ws, we) in groups:
            nws, nwe = shift.start_of_run(ws), shift.end_of_run(we)
            if pieces and not pieces[-1].endswith(("\n", "\r")):
                return self._full("a window ends without a line break")
            pieces.append(new_text[nws:nwe])
            seams.append((at, nws))
            runs.append((shift.start_of_run(rs), shift.end_of_run(re_)))
            at += nwe - nws
        part = part_document("".join(pieces), self.path, verdicts)
        seam_starts = [p for p, _ in seams]
        for f in self.engine.finish(part, run_detectors(part, self.engine.ctx), positions=False):
            k = bisect.bisect_right(seam_starts, f.start) - 1
            lo, offset = seams[k]
            hi = seams[k + 1][0] if k + 1 < len(seams) else len(part.text)
            if not _redetected(f, runs[k], f.start + offset - lo):
                continue
            if not all(lo <= a <= b <= hi for a, b in _spans_of(f)):
                return self._full("a finding reaches across a window's edge")
            out.append(_moved(f, lambda p, d=offset - lo: p + d))
        for s, e in part.masked:
            k = bisect.bisect_right(seam_starts, s) - 1
            masked.append((s + seams[k][1] - seams[k][0], e + seams[k][1] - seams[k][0]))
        masked.sort()

        doc = Document(new_text, self.path)
        doc.__dict__["line_starts"] = new_starts
        doc.__dict__["masked"] = masked
        for f in out:
            f.line, f.column = doc.position(f.start)
            f.end_line, f.end_column = doc.position(f.end)
        out.sort(key=lambda f: f.sort_key)
        self.doc, self.text, self.findings, self.line_starts, self.masked = doc, new_text, out, new_starts, masked
        self.wrap, self.states = (inner, total), states
        return True


def _redetected(f: Finding, run: tuple[int, int], at: int) -> bool:
    """Whether a finding starting at ``at``, in the window around ``run``, comes from detecting the window
    again: inside the run every finding does; before it, the findings of rules that read the next paragraph
    (the run's first); after it, those of rules that read the previous paragraph (the run's last)."""
    if at < run[0]:
        return f.rule.id in READS_NEXT_PARAGRAPH
    if at >= run[1]:
        return f.rule.id in READS_PREVIOUS_PARAGRAPH
    return True


def _spans_of(f: Finding):
    yield f.start, f.end
    if f.fix is not None:
        for e in f.fix.edits:
            yield e.start, e.end


def _within(s: int, e: int, groups, window_starts) -> bool:
    """Whether [s, e) lies in one of the windows (masks there are found again)."""
    i = bisect.bisect_right(window_starts, s) - 1
    return i >= 0 and e <= groups[i][1][1]


def _moved(f: Finding, shift) -> Finding:
    fix = f.fix
    if fix is not None:
        fix = Fix(fix.applicability, tuple(Edit(shift(e.start), shift(e.end), e.replacement) for e in fix.edits))
    return dataclasses.replace(f, start=shift(f.start), end=shift(f.end), fix=fix, extra=dict(f.extra))


class _Shift:
    """Maps offsets of the old text to the new one. An offset strictly inside an edit, or at an insertion,
    has no image (Unmappable), except the bounds of a run of touched lines, which take the edits at their
    bounds inside the run."""

    def __init__(self, edits: list[Edit]):
        self.edits = sorted(edits)
        self.starts = [e.start for e in self.edits]
        self.ends = [e.end for e in self.edits]
        self.deltas = [0]
        for e in self.edits:
            self.deltas.append(self.deltas[-1] + len(e.replacement) - (e.end - e.start))

    def __call__(self, p: int) -> int:
        # Edits are disjoint and sorted; the ones starting before p are wholly before it unless p is inside.
        i = bisect.bisect_left(self.starts, p)
        if i > 0 and self.edits[i - 1].end > p:
            raise Unmappable(p)
        if i < len(self.edits) and self.edits[i].start == p and self.edits[i].end == p:
            raise Unmappable(p)  # an insertion at p: before or after it is a guess
        return p + self.deltas[i]

    def start_of_run(self, p: int) -> int:
        """A line start at which a run of touched lines begins: before any insertion there."""
        i = bisect.bisect_left(self.starts, p)
        if i > 0 and self.edits[i - 1].end > p:
            raise Unmappable(p)
        return p + self.deltas[i]

    def end_of_run(self, p: int) -> int:
        """A line start (or the end of the text) at which a run of touched lines ends: after any insertion."""
        i = bisect.bisect_right(self.ends, p)  # the edits ending at or before p
        if i < len(self.edits) and self.edits[i].start < p:
            raise Unmappable(p)
        return p + self.deltas[i]

    def untouched(self, s: int, e: int) -> bool:
        """No edit touches [s, e], not even at its ends."""
        i = bisect.bisect_left(self.ends, s)  # the first edit ending at or after s
        return i == len(self.edits) or self.edits[i].start > e


class _Lines:
    """Line arithmetic over a text and its line starts."""

    def __init__(self, text: str, starts: list[int]):
        self.text = text
        self.starts = starts

    def index(self, p: int) -> int:
        return bisect.bisect_right(self.starts, p) - 1

    def start_of(self, i: int) -> int:
        return self.starts[i]

    def next_start(self, i: int) -> int:
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def blank(self, i: int) -> bool:
        return not self.text[self.starts[i]:self.next_start(i)].strip()

    def widen(self, s: int, e: int, paragraphs: int) -> tuple[int, int]:
        """[s, e) (whole lines) grown by ``paragraphs`` non-blank lines on each side."""
        first, last = self.index(s), self.index(e) - 1 if e < len(self.text) else len(self.starts) - 1
        n = 0
        while first > 0 and n < paragraphs:
            first -= 1
            n += not self.blank(first)
        n = 0
        while last + 1 < len(self.starts) and n < paragraphs:
            last += 1
            n += not self.blank(last)
        return self.start_of(first), self.next_start(last)

    def around(self, s: int, e: int) -> tuple[int, int]:
        """[s, e) (whole lines) with one more line on each side."""
        first = max(0, self.index(s) - 1)
        last = self.index(e) if e < len(self.text) else len(self.starts) - 1
        return self.start_of(first), self.next_start(min(last, len(self.starts) - 1))

    def spans(self, s: int, e: int):
        """The lines in [s, e) (whole lines), without their terminators, as Document.lines gives them."""
        out = []
        i = self.index(s)
        while i < len(self.starts) and self.starts[i] < e:
            ls, le = self.starts[i], self.next_start(i)
            while le > ls and self.text[le - 1] in "\r\n":
                le -= 1
            out.append(_Span(ls, le))
            i += 1
        return out


@dataclasses.dataclass(frozen=True)
class _Span:
    start: int
    end: int

    def __len__(self):
        return self.end - self.start


def _dirty_runs(lines: _Lines, edits: list[Edit]) -> list[tuple[int, int]]:
    """The whole lines holding the edits, merged into runs: [start of first line, start of the next line)."""
    runs: list[tuple[int, int]] = []
    for e in sorted(edits):
        s = lines.start_of(lines.index(e.start))
        end = lines.next_start(lines.index(e.end))
        if runs and s <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((s, end))
    return runs
