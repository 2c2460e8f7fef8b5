"""Every rule, by id and by name, under --select and --ignore.

The article is every rule's first bad example, one paragraph each, so every rule has something to find. A
detector that reports several rules must report only the selected ones, and never fail on a rule the run
left out (before the detector registry, MT101-MT103, MT201 and MT202 did: KeyError).

The full matrix (84 runs) goes through the command's own entry point in this process (click's CliRunner:
the same code from option parsing to the JSON report, without 84 interpreter start-ups); a sample of it
runs as the real `mtclean` in a subprocess, and both must agree.
"""
import json

import pytest
from click.testing import CliRunner

from cleanup.cli import main
from cleanup.rulepacks import builtin_rules
from conftest import run_cli

RULES = sorted(builtin_rules(), key=lambda s: s.rule.id)
# Every rule: the defaults and the opt-in rules (which run only when named).
EVERY = ("--select", ",".join(["ALL", *(s.rule.id for s in RULES if not s.rule.default)]))
TEXT = "\n\n".join(next(e["bad"] for e in s.rule.examples if "bad" in e) for s in RULES
                   if any("bad" in e for e in s.rule.examples)) + "\n"


def _report(stdout: str, exit_code: int, err: str):
    assert exit_code in (0, 1), err
    entry = json.loads(stdout)["files"][0]
    assert entry["error"] is None, entry["error"]
    return {(f["rule"], f["start"], f["end"]) for f in entry["findings"]}


def _findings(path, *opts):
    r = CliRunner().invoke(main, ["check", "--grammar", "none", "--format", "json", *opts, str(path)])
    return _report(r.stdout, r.exit_code, f"{r.output}{r.exception!r}")


def _findings_subprocess(path, *opts):
    r = run_cli("check", "--grammar", "none", "--format", "json", *opts, str(path))
    return _report(r.stdout.decode(), r.returncode, r.stderr.decode())


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    f = tmp_path_factory.mktemp("selection") / "article.txt"
    f.write_text(TEXT, encoding="utf-8")
    return f, _findings_subprocess(f, *EVERY)


def test_every_rule_has_something_to_find(article):
    _, full = article
    assert {r for r, _, _ in full} >= {s.rule.id for s in RULES}


@pytest.mark.parametrize("rule", [s.rule for s in RULES], ids=[s.rule.id for s in RULES])
def test_select_and_ignore_each_rule_by_id_and_by_name(article, rule):
    path, full = article
    own = {x for x in full if x[0] == rule.id}
    others = {x for x in full if x[0] != rule.id}
    for selector in (rule.id, rule.name):
        selected = _findings(path, "--select", selector)
        assert {r for r, _, _ in selected} == {rule.id} and own <= selected, selector
        ignored = _findings(path, *EVERY, "--ignore", selector)
        assert rule.id not in {r for r, _, _ in ignored} and others <= ignored, selector


@pytest.mark.parametrize("how,selector", [("--select", "MT102"), ("--ignore", "MT101"), ("--select", "stray-token"),
                                          ("--ignore", "house-style-name")])
def test_the_real_command_agrees(article, how, selector):
    path, _ = article
    assert _findings_subprocess(path, how, selector) == _findings(path, how, selector)


def test_an_opt_in_rule_runs_only_when_named(tmp_path):
    """An opt-in rule (`default: false`) stays off by default, under "ALL" and under a prefix of its id; its
    id or name selects it; --ignore and per-file-ignores still switch it off."""
    opt_in = [s.rule for s in RULES if not s.rule.default]
    assert opt_in
    for rule in opt_in:
        folder = tmp_path / rule.id
        folder.mkdir()
        path, config = folder / "a.txt", folder / "mtclean.toml"
        path.write_text(next(e["bad"] for e in rule.examples if "bad" in e) + "\n", encoding="utf-8")

        def rules(*opts, path=path):
            return {r for r, _, _ in _findings(path, *opts)}

        assert rule.id not in rules() | rules("--select", "ALL") | rules("--select", rule.id[:3])
        assert rules("--select", rule.id) == rules("--select", rule.name) == {rule.id}
        assert rule.id in rules("--select", f"ALL,{rule.id}")
        assert rule.id not in rules("--select", rule.id, "--ignore", rule.id)
        config.write_text(f'select = ["ALL", "{rule.name}"]\n', encoding="utf-8")
        assert rule.id in rules()
        config.write_text(f'select = ["ALL", "{rule.name}"]\n[per-file-ignores]\n"a.txt" = ["{rule.id}"]\n',
                          encoding="utf-8")
        assert rule.id not in rules()
