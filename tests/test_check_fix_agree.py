"""What `check` marks fixable ([*]), `fix` fixes."""
from __future__ import annotations

import json

from cleanup.engine import Engine
from cleanup.model import Edit, Finding, Fix
from cleanup.rulepacks import builtin_rules
from conftest import run_cli

EMPTY_PARENS = "The army said （ ） it had left.\n"


def test_cjk_parentheses_around_nothing_are_fixed_when_check_says_so(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(EMPTY_PARENS, encoding="utf-8")
    rep = json.loads(run_cli("check", "--grammar", "none", "--format", "json", str(f)).stdout)
    [finding] = [x for x in rep["files"][0]["findings"] if x["rule"] == "MT402"]
    assert finding["fix"] and finding["fix"]["applicability"] == "safe"
    r = run_cli("fix", "--grammar", "none", str(f))
    assert r.stdout.decode() == "The army said () it had left.\n", r.stderr


def test_a_fix_whose_own_edits_overlap_is_reported_without_a_fix():
    engine = Engine(list(builtin_rules()))
    rule = next(s.rule for s in builtin_rules() if s.rule.id == "MT402")
    text = "a （ ） b\n"
    bad = Finding(rule=rule, start=2, end=5, message="m",
                  fix=Fix("safe", (Edit(2, 4, "("), Edit(3, 5, ")"))))
    doc = engine.document_factory(text, "<text>")
    [kept] = engine.finish(doc, [bad])
    assert kept.fix is None  # `check` shows no [*], and `fix` has nothing it could not apply
