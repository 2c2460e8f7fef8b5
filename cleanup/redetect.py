"""Detection after a round of fixes, limited to the paragraphs the round's edits touched.

``fix`` repeats detect -> resolve -> apply until no applicable fix is left. Detecting the whole text in
every round made ``fix`` superlinear: a longer article more often needs one more round, and each round
cost a full detection. But edits are local, and so are the checks, given a few article-wide verdicts: a
finding depends on its own paragraph, at most the paragraph on either side, and verdicts such as the
article's quote style or its majority spelling of a name (detect/facts.py). Each detector's registration
says which of these it reads (cleanup/detect/__init__.py). So after a round:

- the counts behind each verdict are updated from the touched paragraphs' lines (their old counts out,
  their new counts in); if a verdict would change, the round detects the whole text instead;
- the touched paragraphs, one after the other, make a part document (scope "own") that judges by the
  article's verdicts: every check that reads only its own paragraph runs there;
- each run of touched paragraphs with one more paragraph on either side makes a window; the windows, one after
  the other, make a second part document (scope "neighbours") for the few checks that also read the
  paragraph before or after (Finding.reads): their findings in the runs and in those two paragraphs;
- every other finding is the previous round's, shifted by the edits.

In hard-wrapped text a paragraph is a block of lines between blank lines, and the runs grow to whole
blocks. Markdown (its own block structure), suppression comments, user pattern rules (which may look
anywhere) and extra layers (LanguageTool) are detected in full every round. The result is the same as
detecting the whole text again: tests/test_redetect.py compares both, on the corpus and on generated text.
"""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable

from .detect import Context
from .detect.facts import added, difference, state
from .model import Edit, Finding, Fix
from .segment.document import Document, is_hard_wrapped, line_span, line_starts, part_document, wrap_counts

# From this length on, a round that touched most of the text detects all of it instead (below it, the two
# cost about the same, and the incremental path stays the one exercised).
WHOLE_TEXT_AFTER = 100_000


class Unmappable(Exception):
    """A position fell inside an edit: it has no place in the new text."""


class Rounds:
    """The state of ``fix`` between rounds: the current text, its findings, masks and article-wide counts."""

    def __init__(self, ctx: Context, detect: Callable[[Document], list[Finding]], doc, findings, facts):
        self.ctx = ctx
        self.detect = detect  # a part document -> its findings, as reported (the engine's detection)
        self.path = doc.path
        self.text = doc.text
        self.doc = doc
        self.findings = findings
        self.line_starts = doc.line_starts
        self.masked = doc.masked
        self.wrap = doc.wrap_counts
        self.wrapped = doc.hard_wrapped
        self.facts = facts  # ArticleFacts.name -> ArticleFacts
        self.states = {name: state(doc, af) for name, af in facts.items()}
        self.counted = doc  # the fully detected document, until a round moves on from it
        self.fallback = ""

    @classmethod
    def start(cls, ctx: Context, detect: Callable[[Document], list[Finding]], doc, findings):
        """The state after a full detection, or None when this document must be detected in full each round.

        ``detect`` detects a part document and returns its findings as reported (the engine's detection)."""
        if any(s.user for s in ctx.specs.values()):
            return None
        if type(doc) is not Document or doc.markdown or doc._extra_masks:
            return None
        if "mtclean-" in doc.text:
            return None  # suppression comments: their regions are the whole document's business
        facts = {af.name: af for d in ctx.detectors for af in d.facts}
        facts = {name: facts[name] for name in sorted(facts)}
        if not all(af.maintainable(state(doc, af).verdict) for af in facts.values()):
            return None
        return cls(ctx, detect, doc, findings, facts)

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
        new_starts = line_starts(new_text)
        old_lines = _Lines(old_text, self.line_starts, self.wrapped)
        new_lines = _Lines(new_text, new_starts, self.wrapped)

        groups = _runs_in_windows(old_lines, edits)
        old_runs = [r for r, _ in groups]
        if len(old_text) >= WHOLE_TEXT_AFTER and sum(e - s for s, e in old_runs) * 2 > len(old_text):
            # A long text mostly touched: detecting it all is cheaper, and holds less in memory at once.
            return self._full("the round touched most of the text")
        new_runs = [(shift.start_of_run(s), shift.end_of_run(e)) for s, e in old_runs]
        new_windows = [(shift.start_of_run(s), shift.end_of_run(e)) for _, (s, e) in groups]
        for k in range(len(groups) - 1):
            if not new_text[new_runs[k][0]:new_runs[k][1]].endswith(("\n", "\r")):
                return self._full("a run of lines ends without a line break")

        inner, total = self._wrap_after(old_lines, new_lines, old_runs, shift)
        if is_hard_wrapped(inner, total) != self.wrapped:
            return self._full("the text's layout changed (hard-wrapped or not)")

        # The touched lines, one after the other, as one part document: every check that reads only its own
        # paragraph runs there, once the article-wide verdicts are known.
        verdicts: dict = {}
        runs_doc = part_document("".join(new_text[s:e] for s, e in new_runs), self.path, verdicts, "own",
                                 self.wrapped)

        states, changed = self._states_after(old_runs, runs_doc)
        if changed:
            return self._full(changed)
        verdicts.update((name, st.verdict) for name, st in states.items())

        # Findings: the previous ones, shifted, except where they are detected again.
        window_starts = [w[0] for _, w in groups]
        out: list[Finding] = []
        for f in self.findings:
            i = bisect.bisect_right(window_starts, f.start) - 1
            if i >= 0 and f.start < groups[i][1][1] and _redetected(f, groups[i][0], f.start):
                continue
            out.append(_moved(f, shift))
        masked = [(shift(s), shift(e)) for s, e in self.masked if not _within(s, e, old_runs)]
        # In the touched lines: every check that reads only its own paragraph.
        found = self._detect(runs_doc, new_runs)
        if found is None:
            return self._full("a finding reaches across the edge of a run")
        out.extend(found)
        masked.extend(self._masks(runs_doc, new_runs))
        # In the windows: the checks that read a neighbouring paragraph.
        if any(d.reads == "neighbours" for d in self.ctx.detectors):
            windows_doc = part_document("".join(new_text[s:e] for s, e in new_windows), self.path, verdicts,
                                        "neighbours", self.wrapped)
            found = self._detect(windows_doc, new_windows,
                                 keep=lambda f, k, at: _redetected(f, new_runs[k], at))
            if found is None:
                return self._full("a finding reaches across the edge of a window")
            out.extend(found)
        masked.sort()

        doc = Document.known(new_text, self.path, line_starts=new_starts, masked=masked)
        for f in out:
            f.line, f.column = doc.position(f.start)
            f.end_line, f.end_column = doc.position(f.end)
        out.sort(key=lambda f: f.sort_key)
        self.doc, self.text, self.findings, self.line_starts, self.masked = doc, new_text, out, new_starts, masked
        self.wrap, self.states, self.counted = (inner, total), states, None
        return True

    def _wrap_after(self, old_lines: _Lines, new_lines: _Lines, old_runs, shift: _Shift) -> tuple[int, int]:
        """The hard-wrapping counts of the new text, from the touched lines and one line either side (it
        counts pairs of lines)."""
        inner, total = self.wrap
        for s, e in old_runs:
            ps, pe = old_lines.around(s, e)
            oi, ot = wrap_counts(old_lines.text, old_lines.spans(ps, pe))
            ni, nt = wrap_counts(new_lines.text, new_lines.spans(shift.start_of_run(ps), shift.end_of_run(pe)))
            inner, total = inner - oi + ni, total - ot + nt
        return inner, total

    def _states_after(self, old_runs, runs_doc: Document) -> tuple[dict, str]:
        """The article-wide counts of the new text: the touched lines' old counts out, their new counts in.
        Returns (the states, "") or, when a fact or verdict changed, ({}, why the round detects the whole
        text)."""
        states = dict(self.states)
        # The old lines: as the text first detected found them, else as a document of their own.
        old_doc = self.counted or Document("".join(self.text[s:e] for s, e in old_runs), self.path)
        old_ranges = old_runs if self.counted else None
        for name, af in self.facts.items():
            st = self.states[name]
            before = af.count_lines(old_doc, old_ranges)
            before_detail = af.detail_lines(old_doc, old_ranges, st.facts)
            dc = difference(af.count(runs_doc), before)
            dd = difference(af.detail(runs_doc, st.facts), before_detail)
            if not dc and not dd:
                continue
            totals = added(st.totals, dc)
            facts = af.updated_facts(st.facts, totals, dc) if dc else st.facts
            if facts != st.facts:
                return {}, f"the article-wide facts of {name} changed"
            detail = added(st.detail, dd)
            verdict = af.verdict(facts, detail) if dd else st.verdict
            if verdict != st.verdict:
                return {}, f"the article-wide verdict of {name} changed"
            states[name] = dataclasses.replace(st, totals=totals, detail=detail)
        return states, ""

    def _detect(self, part, pieces, keep=None) -> list[Finding] | None:
        """Detect in ``part`` (``pieces`` of the new text, one after the other) and shift its findings into
        the new text; None when a finding reaches from one piece into the next."""
        starts = _offsets(pieces)
        out = []
        for f in self.detect(part):
            k = bisect.bisect_right(starts, f.start) - 1
            lo = starts[k]
            hi = starts[k + 1] if k + 1 < len(starts) else len(part.text)
            offset = pieces[k][0] - lo
            if keep is not None and not keep(f, k, f.start + offset):
                continue
            if not all(lo <= a <= b <= hi for a, b in _spans_of(f)):
                return None
            out.append(_moved(f, lambda p, d=offset: p + d))
        return out

    @staticmethod
    def _masks(part, pieces):
        """The masked regions of ``part``, in the new text."""
        starts = _offsets(pieces)
        for s, e in part.masked:
            k = bisect.bisect_right(starts, s) - 1
            yield s + pieces[k][0] - starts[k], e + pieces[k][0] - starts[k]


def _offsets(pieces) -> list[int]:
    """Where each piece starts in the part document made of them, one after the other."""
    out, at = [], 0
    for s, e in pieces:
        out.append(at)
        at += e - s
    return out


def _redetected(f: Finding, run: tuple[int, int], at: int) -> bool:
    """Whether a finding starting at ``at``, in the window around ``run``, is detected again: inside the
    run every finding is; in the paragraph before it, the findings that read the next paragraph (the run's
    first); in the paragraph after it, those that read the previous one (the run's last)."""
    if at < run[0]:
        return f.reads == "next"
    if at >= run[1]:
        return f.reads == "previous"
    return True


def _spans_of(f: Finding):
    yield f.start, f.end
    if f.fix is not None:
        for e in f.fix.edits:
            yield e.start, e.end


def _within(s: int, e: int, runs) -> bool:
    """Whether [s, e) lies in one of the runs (sorted, disjoint)."""
    i = bisect.bisect_right(runs, (s, float("inf"))) - 1
    return i >= 0 and e <= runs[i][1]


def _moved(f: Finding, shift) -> Finding:
    """A copy of ``f`` with its offsets shifted (a plain copy of its fields: dataclasses.replace is slow)."""
    g = object.__new__(Finding)
    g.__dict__.update(f.__dict__)
    g.start, g.end, g.extra = shift(f.start), shift(f.end), dict(f.extra)
    if f.fix is not None:
        g.fix = Fix(f.fix.applicability, tuple(Edit(shift(e.start), shift(e.end), e.replacement) for e in f.fix.edits))
    return g


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


class _Lines:
    """Line arithmetic over a text and its line starts."""

    def __init__(self, text: str, starts: list[int], wrapped: bool = False):
        self.text = text
        self.starts = starts
        self.wrapped = wrapped  # hard-wrapped text: a paragraph is a block of lines between blank lines

    def index(self, p: int) -> int:
        return bisect.bisect_right(self.starts, p) - 1

    def start_of(self, i: int) -> int:
        return self.starts[i]

    def next_start(self, i: int) -> int:
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def blank(self, i: int) -> bool:
        return not self.text[self.starts[i]:self.next_start(i)].strip()

    def last_index(self, e: int) -> int:
        """The last line of [s, e) (whole lines)."""
        return self.index(e) - 1 if e < len(self.text) else len(self.starts) - 1

    def paragraphs_of(self, s: int, e: int) -> tuple[int, int]:
        """[s, e) (whole lines) grown to whole paragraphs. A line is a paragraph, unless the text is
        hard-wrapped: then the blocks it touches (and, when a touched line is blank, the blocks on either
        side of it, which an edit there may join), with the blank lines after the last."""
        if not self.wrapped:
            return s, e
        n = len(self.starts)
        first, last = self.index(s), self.last_index(e)
        while first > 0 and self.blank(first):
            first -= 1
        while first > 0 and not self.blank(first - 1):
            first -= 1
        while last + 1 < n and self.blank(last):
            last += 1
        while last + 1 < n and not self.blank(last + 1):
            last += 1
        while last + 1 < n and self.blank(last + 1):
            last += 1
        return self.start_of(first), self.next_start(last)

    def widen(self, s: int, e: int, paragraphs: int) -> tuple[int, int]:
        """[s, e) (whole paragraphs) grown by ``paragraphs`` paragraphs on each side (hard-wrapped: with the
        blank lines after the last)."""
        n_lines = len(self.starts)
        first, last = self.index(s), self.last_index(e)
        n = 0
        while first > 0 and n < paragraphs:
            first -= 1
            # A paragraph is counted at its first line: a line, or a block's first line.
            n += not self.blank(first) and (not self.wrapped or first == 0 or self.blank(first - 1))
        n = 0
        while last + 1 < n_lines and n < paragraphs:
            last += 1
            n += not self.blank(last) and (not self.wrapped or last + 1 == n_lines or self.blank(last + 1))
        while self.wrapped and last + 1 < n_lines and self.blank(last + 1):
            last += 1
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
            out.append(line_span(self.text, self.starts, i))
            i += 1
        return out


def _runs_in_windows(old_lines: _Lines, edits: list[Edit]) -> list[list[tuple[int, int]]]:
    """Runs of touched lines, each in a window of one more paragraph on either side: where the checks that
    read a neighbouring paragraph may find something new, and what they read. [run, window] pairs, in old
    coordinates; runs whose windows meet share one window."""
    groups: list[list[tuple[int, int]]] = []
    for s, e in _dirty_runs(old_lines, edits):
        g = [(s, e), old_lines.widen(s, e, 1)]
        if groups and g[1][0] <= groups[-1][1][1]:  # windows meet: one window
            last = groups[-1]
            last[0] = (last[0][0], e)
            last[1] = (last[1][0], g[1][1])
        else:
            groups.append(g)
    return groups


def _dirty_runs(lines: _Lines, edits: list[Edit]) -> list[tuple[int, int]]:
    """The whole paragraphs holding the edits, merged into runs: [start of the first line, start of the line
    after the last)."""
    runs: list[tuple[int, int]] = []
    for e in sorted(edits):
        s, end = lines.paragraphs_of(lines.start_of(lines.index(e.start)), lines.next_start(lines.index(e.end)))
        if runs and s <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((s, end))
    return runs
