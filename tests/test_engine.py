"""The engine: overlapping edits, fixpoint, and byte-exact preservation of everything else."""
import pytest

from cleanup.apply import UnsafeEditError, apply_edits
from cleanup.engine import Engine
from cleanup.model import Edit, Finding, Fix, Rule
from cleanup.read.source import decode
from cleanup.resolve import resolve
from cleanup.rulepacks import builtin_rules


def _f(rule_id, start, end, repl, priority=50, applicability="safe"):
    rule = Rule(rule_id, rule_id.lower(), "test", "warning", "m", priority=priority)
    return Finding(rule, start, end, "m", Fix(applicability, (Edit(start, end, repl),)))


def test_overlapping_edits_first_and_higher_priority_wins():
    a = _f("A", 0, 5, "x", priority=50)
    b = _f("B", 3, 8, "y", priority=10)
    c = _f("C", 0, 5, "z", priority=10)
    accepted, deferred = resolve([a, b, c], unsafe=False)
    assert [f.rule.id for f in accepted] == ["C"]
    assert {f.rule.id for f in deferred} == {"A", "B"}


def test_unsafe_fixes_only_when_asked():
    u = _f("U", 0, 1, "", applicability="unsafe")
    assert resolve([u], unsafe=False)[0] == []
    assert resolve([u], unsafe=True)[0] == [u]


def test_insertions_at_one_point_conflict():
    a, b = _f("A", 4, 4, "x"), _f("B", 4, 4, "y")
    accepted, deferred = resolve([a, b], unsafe=False)
    assert len(accepted) == 1 and len(deferred) == 1


def test_apply_refuses_overlaps():
    with pytest.raises(UnsafeEditError):
        apply_edits("abcdef", [Edit(0, 3, ""), Edit(2, 4, "")])


def test_fixpoint_reaches_a_stable_text():
    eng = Engine(builtin_rules())
    text = "Weapons that Kiev says will help. It can only stop them. by force, he said. Kharkov too.\n"
    once = eng.fix(text).text
    assert once == "Weapons that Kyiv says will help. It can only stop them by force, he said. Kharkiv too.\n"
    assert eng.fix(once).text == once
    assert eng.fix(once).applied == []


@pytest.mark.parametrize("raw", [
    b"Kiev is here.\r\nSecond line. via. Third one.\r\n",  # CRLF
    b"\xef\xbb\xbfKiev is here.\nNo final newline",  # BOM, no final newline
    b"Kiev is here.\rOld Mac line endings.\r",  # CR
    b"Kiev is here.\r\nmixed\nendings\r",  # mixed
])
def test_line_endings_bom_and_final_newline_survive(raw):
    src = decode(raw, "t.txt")
    fixed = Engine(builtin_rules()).fix(src.text).text
    out = src.encode(fixed)
    assert out == raw.replace(b"Kiev", b"Kyiv").replace(b" via.", b"")


def test_unchanged_document_is_returned_byte_identical():
    raw = b"\xef\xbb\xbfA clean line.\r\nAnother one.\n"
    src = decode(raw, "t.txt")
    assert src.encode(Engine(builtin_rules()).fix(src.text).text) is raw


def test_urls_and_emails_are_never_flagged_or_edited():
    text = "See https://example.com/Kiev.html or write to kiev@example.org for details.\n"
    assert Engine(builtin_rules()).check(text) == []
