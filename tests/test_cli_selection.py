"""Every rule, by id and by name, under --select and --ignore (issue 12, bug 1).

The article is every rule's first bad example, one paragraph each, so every rule has something to find. A
detector that reports several rules must report only the selected ones, and never fail on a rule the run
left out (before the detector registry, MT101-MT103, MT201 and MT202 did: KeyError).
"""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from cleanup.rulepacks import builtin_rules
from conftest import run_cli

RULES = sorted(builtin_rules(), key=lambda s: s.rule.id)
TEXT = "\n\n".join(next(e["bad"] for e in s.rule.examples if "bad" in e) for s in RULES
                   if any("bad" in e for e in s.rule.examples)) + "\n"


def _findings(path, *opts):
    r = run_cli("check", "--grammar", "none", "--format", "json", *opts, str(path))
    assert r.returncode in (0, 1), r.stderr.decode()
    entry = json.loads(r.stdout)["files"][0]
    assert entry["error"] is None, entry["error"]
    return [(f["rule"], f["start"], f["end"]) for f in entry["findings"]]


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    f = tmp_path_factory.mktemp("selection") / "article.txt"
    f.write_text(TEXT, encoding="utf-8")
    return f, _findings(f)


def test_every_rule_has_something_to_find(article):
    _, full = article
    assert {r for r, _, _ in full} >= {s.rule.id for s in RULES}


@pytest.mark.parametrize("rule", [s.rule for s in RULES], ids=[s.rule.id for s in RULES])
def test_select_and_ignore_each_rule_by_id_and_by_name(article, rule):
    path, full = article
    own = {x for x in full if x[0] == rule.id}
    others = {x for x in full if x[0] != rule.id}
    runs = [(how, sel) for sel in (rule.id, rule.name) for how in ("--select", "--ignore")]
    with ThreadPoolExecutor(len(runs)) as pool:  # four CLI runs at once: this test is 21 of them
        found = dict(zip(runs, pool.map(lambda run: set(_findings(path, *run)), runs), strict=True))
    for (how, selector), got in found.items():
        if how == "--select":
            assert {r for r, _, _ in got} == {rule.id} and own <= got, selector
        else:
            assert rule.id not in {r for r, _, _ in got} and others <= got, selector
