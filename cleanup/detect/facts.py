"""Article-wide facts: what a rule decides from the whole article rather than from one paragraph.

MT310 follows the article's majority quote style (and MT402 turns a CJK quote into that kind of quote),
MT202 its majority spelling of a name, MT203 compares every spelling of a name. Each such decision is an
ArticleFacts: counts that add up over lines (so fix() can update them from the lines its edits touch,
see cleanup/redetect.py), the facts derived from the counts, and the verdict a detector reads.

A detector declares the facts it reads in its registration (``@detector(..., facts=(QUOTE_STYLE,))``)
and reads ``verdict(doc, QUOTE_STYLE)``: computed once from the whole document, or, in a part of a larger
document, the larger document's verdict that fix() handed down.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass


class ArticleFacts:
    """Subclass per kind of fact; detectors name an instance in their registration."""

    name = ""  # unique: the key of its verdict in Document.verdicts

    def count(self, doc) -> dict:
        """Counts over the document's text; for whole lines, the counts of a text are the sum of its lines'."""
        return self.count_lines(doc, None)

    def count_lines(self, doc, ranges) -> dict:
        """The counts of the whole lines in ``ranges`` (sorted, disjoint; None: all) of ``doc``, read from
        what ``doc`` found once (fix() asks for the lines a round touched, see cleanup/redetect.py)."""
        raise NotImplementedError

    def facts(self, totals: dict):
        """What the counts decide (compared for equality after each round of fixes)."""
        return totals

    def updated_facts(self, facts, totals: dict, delta: dict):
        """facts(totals), knowing the facts before ``delta`` was added; a subclass may redo only part."""
        return self.facts(totals)

    def detail(self, doc, facts) -> dict:
        """Counts, given the facts, of what the verdict also reads in the text (additive over lines too)."""
        return self.detail_lines(doc, None, facts)

    def detail_lines(self, doc, ranges, facts) -> dict:
        """detail() of the whole lines in ``ranges`` of ``doc``, as count_lines() is to count()."""
        return {}

    def verdict(self, facts, detail: dict):
        """What the detector's findings depend on, besides each finding's own paragraph."""
        return facts

    def maintainable(self, verdict) -> bool:
        """False when a part of the document cannot be judged by this verdict alone (fix() then detects the
        whole text each round)."""
        return True


@dataclass
class State:
    totals: dict
    facts: object
    detail: dict
    verdict: object


def state(doc, af: ArticleFacts) -> State:
    """The whole document's counts, facts and verdict for ``af``, computed once per document."""

    def compute() -> State:
        totals = af.count(doc)
        facts = af.facts(totals)
        detail = af.detail(doc, facts)
        return State(totals, facts, detail, af.verdict(facts, detail))

    return doc.remember(("article", af.name), compute)


def verdict(doc, af: ArticleFacts):
    if af.name in doc.verdicts:
        return doc.verdicts[af.name]  # a part of a larger document
    return state(doc, af).verdict


def difference(after: dict, before: dict) -> dict:
    """after - before, without zeros."""
    return added(after, {k: -v for k, v in before.items()})


def added(totals: dict, delta: dict) -> dict:
    """totals + delta, without zeros."""
    out = dict(totals)
    for k, v in delta.items():
        n = out.get(k, 0) + v
        if n:
            out[k] = n
        else:
            out.pop(k, None)
    return out


def within(doc, key: str, items: list, ranges, start, end):
    """The items that lie inside one of ``ranges`` (sorted, disjoint; None: all). ``items`` are what
    ``doc`` remembers under ``key``, sorted by start: a bisection per range, not a test per item."""
    if ranges is None:
        yield from items
        return
    keys = doc.remember((key, "starts"), lambda: [start(x) for x in items])
    for s, e in ranges:
        i = bisect.bisect_left(keys, s)
        while i < len(items) and keys[i] < e:
            if end(items[i]) <= e:
                yield items[i]
            i += 1
