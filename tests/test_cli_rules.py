"""`mtclean rules` and `mtclean explain`: users' rules, JSON, LanguageTool ids, installed paths."""
import json
import os
import re

from cleanup.rulepacks import builtin_rules
from conftest import run_cli

RULE_FILE = """rules:
  - id: HS1
    name: say-use
    pattern: '\\butilise\\b'
    message: "Say 'use'"
    description: "House style prefers the short word."
    replacement: use
    severity: info
    examples: [{bad: "We utilise it.", fixed: "We use it."}]
"""


def _project(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yaml").write_text(RULE_FILE, encoding="utf-8")
    (tmp_path / "extra.yaml").write_text(RULE_FILE.replace("HS1", "HS2").replace("say-use", "say-use-too"),
                                         encoding="utf-8")
    (tmp_path / "mtclean.toml").write_text('extra-rules = ["house/rules.yaml"]\nignore = ["MT103"]\n'
                                           '[severity]\nMT201 = "error"\n', encoding="utf-8")


def test_rules_lists_users_rules_from_config_and_rules_option(tmp_path):
    _project(tmp_path)
    r = run_cli("rules", "--rules", "extra.yaml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert len(lines) == len(builtin_rules()) + 2
    hs1 = [x for x in lines if x.startswith("HS1 ")][0]
    assert "say-use" in hs1 and "info" in hs1 and str(tmp_path / "house" / "rules.yaml") in hs1
    assert [x for x in lines if x.startswith("HS2 ")][0].endswith("extra.yaml")
    assert re.search(r"^MT103 .*\boff$", "\n".join(lines), re.M)  # the config ignores it
    assert re.search(r"^MT201 .* error ", "\n".join(lines), re.M)  # the config's severity
    # --config names another config; without one only the built-in rules.
    assert len(run_cli("rules", cwd=tmp_path / "house").stdout.decode().splitlines()) == len(builtin_rules()) + 1
    r = run_cli("rules", "--config", os.devnull + "-missing", cwd=tmp_path)
    assert r.returncode == 2 and b"config file not found" in r.stderr


def test_rules_format_json(tmp_path):
    _project(tmp_path)
    rows = json.loads(run_cli("rules", "--format", "json", cwd=tmp_path).stdout)
    by_id = {x["id"]: x for x in rows}
    assert set(by_id) == {s.rule.id for s in builtin_rules()} | {"HS1"}
    assert by_id["HS1"] == {"id": "HS1", "name": "say-use", "category": "style", "severity": "info",
                            "fixable": "unsafe", "message": "Say 'use'",
                            "description": "House style prefers the short word.", "fix_safety": "",
                            "source": str(tmp_path / "house" / "rules.yaml"), "enabled": True, "default": True,
                            "examples": [{"bad": "We utilise it.", "fixed": "We use it."}]}
    assert by_id["MT101"]["source"] == "built-in" and by_id["MT103"]["enabled"] is False
    assert by_id["MT201"]["severity"] == "error"
    # an opt-in rule: off until select names it
    assert by_id["MT313"]["default"] is False and by_id["MT313"]["enabled"] is False
    (tmp_path / "mtclean.toml").write_text('select = ["ALL", "MT313"]\n', encoding="utf-8")
    by_id = {x["id"]: x for x in json.loads(run_cli("rules", "--format", "json", cwd=tmp_path).stdout)}
    assert by_id["MT313"]["enabled"] is True and by_id["MT101"]["enabled"] is True


def test_rules_and_explain_say_a_rule_is_opt_in(tmp_path):
    lines = run_cli("rules", cwd=tmp_path).stdout.decode().splitlines()
    assert re.search(r"^MT313 .*\bopt-in$", "\n".join(lines), re.MULTILINE)
    assert not re.search(r"^MT310 .*(off|opt-in)$", "\n".join(lines), re.MULTILINE)
    out = run_cli("explain", "apostrophe-style", cwd=tmp_path).stdout.decode()
    assert out.startswith("MT313 apostrophe-style (punctuation, info, fix: sometimes)\nOpt-in: runs only when selected")


def test_explain_users_rules(tmp_path):
    _project(tmp_path)
    r = run_cli("explain", "HS1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert out.startswith("HS1 say-use (style, info, fix: unsafe)\n")
    assert f"A user rule from {tmp_path / 'house' / 'rules.yaml'}." in out and "We utilise it." in out
    assert run_cli("explain", "say-use-too", "--rules", "extra.yaml", cwd=tmp_path).returncode == 0
    assert run_cli("explain", "HS2", cwd=tmp_path).returncode == 2


def test_explain_an_unknown_languagetool_id_says_it_is_unknown():
    r = run_cli("explain", "LT:NO_SUCH_RULE_EVER")
    assert r.returncode == 0
    first = r.stdout.decode().splitlines()[0]
    assert first == "LT:NO_SUCH_RULE_EVER no-such-rule-ever (LanguageTool; unknown to mtclean)"
    r = run_cli("explain", "LT:WHITESPACE_RULE")
    assert "unknown" not in r.stdout.decode() and "safe fix" in r.stdout.decode()


def test_explain_names_only_paths_an_installed_user_has(tmp_path):
    """Run where the source tree is not: every file a rule's explanation names must exist. `rules --format
    json` carries the texts `explain` prints (description and fix safety) for every rule at once."""
    def paths(text):
        return re.findall(r"[\w./-]+\.(?:yaml|py|md|toml)\b", text)

    rows = json.loads(run_cli("rules", "--format", "json", cwd=tmp_path).stdout)
    texts = {x["id"]: x["description"] + " " + x["fix_safety"] for x in rows}
    for rid in ("MT102", "LT:EN_QUOTES", "LT:WHITESPACE_RULE"):
        r = run_cli("explain", rid, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        texts[rid] = r.stdout.decode()
    for rid, text in texts.items():
        for path in paths(text):
            assert os.path.isabs(path) and os.path.exists(path), f"{rid} names {path}"
