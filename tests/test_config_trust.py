"""Which config applies, said out loud; --isolated; a config found above the current folder and outside the
git work tree may not send text away or change it unasked; conflicting house style is a config error;
a fix loop that does not converge says so.

The threat: discovery walks up from the input, so a config planted in a parent folder (a shared /tmp, a
multi-user project root, the folder an archive was unpacked into) would otherwise apply to an article its
owner never thought of. See docs/robustness.md, "Configuration discovery".
"""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import run_cli
from ltserver import FakeLanguageTool

APPROVE = "The board did not approve the plan.\n"


@pytest.fixture
def fake():
    with FakeLanguageTool() as srv:
        yield srv


def _err(r) -> str:
    return r.stderr.decode("utf-8", "replace")


def _nest(tmp_path, levels=3, text=APPROVE):
    """tmp_path/top/l1/l2/.../a.txt; returns (top, folder of a.txt, a.txt)."""
    top = tmp_path / "top"
    d = top
    for i in range(levels):
        d = d / f"l{i}"
    d.mkdir(parents=True)
    f = d / "a.txt"
    f.write_text(text, encoding="utf-8")
    return top, d, f


# -- the config in use is named ----------------------------------------------------------------------------
def test_the_config_in_use_is_named_on_stderr_and_in_the_json_report(tmp_path):
    cfg = tmp_path / "mtclean.toml"
    cfg.write_text('ignore = ["MT103"]\n', encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text(APPROVE, encoding="utf-8")
    r = run_cli("check", "--grammar", "none", "--format", "json", str(f), cwd=tmp_path)
    assert f"mtclean: using config {cfg}" in _err(r)
    assert json.loads(r.stdout)["config"] == str(cfg)
    r = run_cli("check", "--grammar", "none", "--quiet", str(f), cwd=tmp_path)
    assert "using config" not in _err(r)


def test_without_a_config_nothing_is_said_and_the_report_is_unchanged(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(APPROVE, encoding="utf-8")
    r = run_cli("check", "--grammar", "none", "--format", "json", str(f), cwd=tmp_path)
    assert "config" not in _err(r) and set(json.loads(r.stdout)) == {"version", "files", "summary"}


def test_isolated_ignores_every_config_file(tmp_path):
    (tmp_path / "mtclean.toml").write_text('select = ["MT201"]\n', encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text("It can only stop them. by force.\n", encoding="utf-8")
    r = run_cli("check", "--grammar", "none", "--format", "json", "--isolated", str(f), cwd=tmp_path)
    assert [x["rule"] for x in json.loads(r.stdout)["files"][0]["findings"]] == ["MT101"]
    assert "using config" not in _err(r)
    r = run_cli("check", "--isolated", "--config", str(tmp_path / "mtclean.toml"), str(f), cwd=tmp_path)
    assert r.returncode == 2 and "--isolated" in _err(r)


# -- configs from above the current folder ------------------------------------------------------------------
def test_a_config_two_levels_up_does_not_send_the_article_to_its_server(tmp_path, fake):
    top, folder, f = _nest(tmp_path, levels=2)
    cfg = top / "pyproject.toml"
    cfg.write_text(f'[tool.mtclean.grammar]\nurl = "{fake.url}"\n', encoding="utf-8")
    r = run_cli("check", f.name, cwd=folder)
    assert r.returncode == 2 and fake.checks == 0
    err = _err(r)
    assert str(cfg) in err and fake.url.rstrip("/") in err and f"--config {cfg}" in err and "--isolated" in err
    r = run_cli("check", "--config", str(cfg), f.name, cwd=folder)  # named: trusted
    assert r.returncode in (0, 1) and fake.checks >= 1, _err(r)


def test_a_safe_user_rule_from_three_levels_up_does_not_change_the_text(tmp_path):
    top, folder, f = _nest(tmp_path, levels=3)
    (top / "rules.yaml").write_text(
        "rules:\n  - {id: NOT1, message: x, pattern: '\\bnot ', replacement: '', applicability: safe}\n",
        encoding="utf-8")
    (top / "mtclean.toml").write_text('extra-rules = ["rules.yaml"]\n', encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", "--in-place", f.name, cwd=folder)
    assert r.returncode == 2 and "NOT1" in _err(r) and "--config" in _err(r)
    assert f.read_text(encoding="utf-8") == APPROVE
    # Reading is harmless: `check` with the same config runs (and names it).
    r = run_cli("check", "--grammar", "none", f.name, cwd=folder)
    assert r.returncode == 1 and f"using config {top / 'mtclean.toml'}" in _err(r)


@pytest.mark.parametrize("body,needle", [
    ('unsafe-fixes = true\n', "unsafe-fixes"),
    ('[house-style]\nKyiv = ["Kyyiv"]\n', "house-style"),
])
def test_other_text_changing_settings_from_above_are_refused_too(tmp_path, body, needle):
    top, folder, f = _nest(tmp_path, levels=2)
    (top / "mtclean.toml").write_text(body, encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", f.name, cwd=folder)
    assert r.returncode == 2 and needle in _err(r) and r.stdout == b""


def test_a_config_inside_the_current_folder_or_the_inputs_git_work_tree_is_trusted(tmp_path):
    top, folder, f = _nest(tmp_path, levels=2)
    (top / "rules.yaml").write_text(
        "rules:\n  - {id: NOT1, message: x, pattern: '\\bnot ', replacement: '', applicability: safe}\n",
        encoding="utf-8")
    (top / "mtclean.toml").write_text('extra-rules = ["rules.yaml"]\n', encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", str(f), cwd=top)  # the config is in the current folder
    assert r.returncode == 0 and r.stdout == b"The board did approve the plan.\n", _err(r)
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    r = run_cli("fix", "--grammar", "none", str(f), cwd=tmp_path)  # run from outside, the file's repository
    assert r.returncode == 0 and r.stdout == b"The board did approve the plan.\n", _err(r)
    r = run_cli("fix", "--grammar", "none", f.name, cwd=folder)  # from deep inside the repository
    assert r.returncode == 0, _err(r)


def test_reporting_settings_from_above_still_apply(tmp_path):
    top, folder, f = _nest(tmp_path, levels=2, text="It can only stop them. by force.\n")
    (top / "mtclean.toml").write_text('ignore = ["MT101"]\n', encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", f.name, cwd=folder)
    assert r.returncode == 0 and r.stdout == b"It can only stop them. by force.\n"
    assert f"using config {top / 'mtclean.toml'}" in _err(r)


# -- house style that fights itself ---------------------------------------------------------------------------
@pytest.mark.parametrize("body,needle", [
    ('Kiev = ["Kyiv"]\n', "'Kyiv'"),  # turns the built-in Kiev -> Kyiv around
    ('Kievv = ["Kiev"]\n', "'Kyiv'"),  # the built-in already replaces Kiev by Kyiv
    ('Alpha = ["Beta"]\nGamma = ["Beta"]\n', "'Beta'"),  # one variant, two preferred spellings
    ('Alpha = ["Beta"]\nBeta = ["Gamma"]\n', "'Beta'"),  # a chain: Gamma -> Beta -> Alpha
])
def test_conflicting_house_style_is_a_config_error(tmp_path, body, needle):
    (tmp_path / "mtclean.toml").write_text("[house-style]\n" + body, encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text("Kiev and Kyiv.\n", encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", "--in-place", str(f), cwd=tmp_path)
    err = _err(r)
    assert r.returncode == 2 and "house-style" in err and needle in err and str(tmp_path / "mtclean.toml") in err
    assert "fixed" not in err and f.read_text(encoding="utf-8") == "Kiev and Kyiv.\n"


FLIP = ("rules:\n"
        "  - {id: FLIP1, message: a, pattern: 'alpha', replacement: beta, applicability: safe}\n"
        "  - {id: FLIP2, message: b, pattern: 'beta', replacement: alpha, applicability: safe}\n")


def test_a_fix_loop_that_does_not_converge_says_so(tmp_path):
    from cleanup.engine import MAX_PASSES, Engine
    from cleanup.rulepacks import rule_specs

    rules = tmp_path / "flip.yaml"
    rules.write_text(FLIP, encoding="utf-8")
    engine = Engine([s for s in rule_specs([str(rules)]) if s.rule.id.startswith("FLIP")])
    result = engine.fix("alpha\n")
    assert result.passes == MAX_PASSES and result.converged is False
    assert engine.fix("gamma\n").converged is True
    f = tmp_path / "a.txt"
    f.write_text("alpha\n", encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", "--rules", str(rules), "--select", "FLIP", str(f), cwd=tmp_path)
    lines = [x for x in _err(r).splitlines() if "converge" in x]
    assert len(lines) == 1 and lines[0].startswith("mtclean: warning: ") and "FLIP1" in lines[0], _err(r)
    assert f"after {MAX_PASSES} passes" in lines[0]
