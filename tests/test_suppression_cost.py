"""Suppression comments cost time linear in the text: every finding used to be tested
against every region (2 directives a line, 1.6 MB: 60 s), and a line directive looked for its line by
scanning back to the previous line break (one long line: quadratic too)."""
from __future__ import annotations

import time

import pytest

from cleanup.model import Finding, Rule
from cleanup.segment.suppress import suppressions

RULE = Rule(id="MT101", name="stray-period", category="artifact", severity="error", message="m")
OTHER = Rule(id="MT501", name="doubled-word", category="repetition", severity="warning", message="m")


def _many_lines(n):
    line = "<!-- mtclean-disable-line MT101 --> It can. by force <!-- mtclean-disable-next-line MT5 -->\n"
    return line * n, len(line)


def _one_line(n):
    unit = "It can. by force <!-- mtclean-disable-line MT5 --> and "
    return unit * n, len(unit)


def _cpu(make, n):
    text, width = make(n)
    findings = [Finding(rule=RULE if i % 2 else OTHER, start=i * width + 40, end=i * width + 44, message="m")
                for i in range(n)]
    started = time.thread_time()
    sup = suppressions(text)
    dropped = sum(1 for f in findings if sup.drops(f))
    return time.thread_time() - started, dropped


@pytest.mark.parametrize("make", [_many_lines, _one_line], ids=["many lines", "one long line"])
def test_suppression_cost_grows_linearly(make):
    small = min(_cpu(make, 4000)[0] for _ in range(2))  # the better of two: CPU time still has noise
    big, dropped = min(_cpu(make, 16000) for _ in range(2))  # 4x the text: ~4x the time if linear, 16x if not
    assert big < 1.5 and big < 8 * max(small, 0.03), (small, big)
    assert dropped > 0


def test_regions_still_apply_exactly_as_before():
    text = ("alpha <!-- mtclean-disable MT1 --> bravo <!-- mtclean-enable MT101 --> charlie\n"
            "<!-- mtclean-disable-next-line -->\ndelta\necho <!-- mtclean-disable-line MT501 --> foxtrot\n")
    sup = suppressions(text)
    at = text.index
    assert not sup.off(RULE, at("alpha"))
    assert sup.off(RULE, at("bravo")) and not sup.off(RULE, at("charlie"))  # MT101 back on
    assert sup.off(OTHER, at("delta")) and sup.off(RULE, at("delta"))  # the next line: every rule
    assert sup.off(OTHER, at("foxtrot")) and sup.off(OTHER, at("echo")) and not sup.off(RULE, at("echo"))
    assert sup.off(RULE, at("alpha"), at("bravo") + 1)  # an edit reaching into a region
    assert not sup.off(OTHER, at("charlie"), at("charlie") + 3)
