"""User rule files (`--rules FILE`, config `extra-rules`): loaded with a safe YAML loader and schema-checked.

Every error path goes through the real CLI: exit 2, one line that names the file, the rule and the key,
no traceback, and nothing checked or written.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from cleanup.cli import main
from conftest import run_cli


def invoke(*args):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2
        runner = CliRunner()
    return runner.invoke(main, [*args, "--grammar", "none"], catch_exceptions=False)


GOOD = ('rules:\n'
        '  - id: ACME1\n'
        '    message: "Use Kyiv"\n'
        '    pattern: "\\\\bKiev\\\\b"\n'
        '    replacement: Kyiv\n')

# (file content, what the one error line must contain besides the file name)
BAD = {
    "not yaml": ("rules: [\n  - id: X1\n", ["is not valid YAML", "line"]),
    "tab indentation": ("rules:\n\t- id: X1\n", ["is not valid YAML"]),
    "python tag": ("rules: !!python/object/apply:os.system ['true']\n", ["is not valid YAML"]),
    "empty file": ("", ["expected a mapping with a 'rules' list"]),
    "a list": ("- id: X1\n  message: m\n  pattern: x\n", ["expected a mapping with a 'rules' list"]),
    "a scalar": ("just words\n", ["expected a mapping with a 'rules' list"]),
    "rules not a list": ("rules: {id: X1}\n", ["expected a mapping with a 'rules' list"]),
    "unknown top-level key": ("rules: []\nhouse_style: {}\n", ["unknown top-level key 'house_style'"]),
    "rule not a mapping": ("rules:\n  - X1\n", ["rule #1", "must be a mapping"]),
    "missing id": ("rules:\n  - {message: m, pattern: x}\n", ["rule #1", "missing 'id'"]),
    "id not a string": ("rules:\n  - {id: 12, message: m, pattern: x}\n",
                        ["rule #1", "'id' must be a non-empty string"]),
    "missing message": ("rules:\n  - {id: X1, pattern: x}\n", ["rule X1", "missing 'message'"]),
    "message not a string": ("rules:\n  - {id: X1, message: [a], pattern: x}\n", ["rule X1", "'message'"]),
    "missing pattern": ("rules:\n  - {id: X1, message: m}\n", ["rule X1", "needs 'pattern'"]),
    "pattern not a string": ("rules:\n  - {id: X1, message: m, pattern: [x]}\n", ["rule X1", "'pattern' must be"]),
    "bad regex": ("rules:\n  - {id: X1, message: m, pattern: 'a(b'}\n", ["rule X1", "bad 'pattern'"]),
    "unknown key": ("rules:\n  - {id: X1, message: m, pattern: x, replace: y}\n", ["rule X1", "unknown key 'replace'"]),
    "bad severity": ("rules:\n  - {id: X1, message: m, pattern: x, severity: fatal}\n",
                     ["rule X1", "'severity' must be one of info, warning, error", "fatal"]),
    "bad applicability": ("rules:\n  - {id: X1, message: m, pattern: x, applicability: always}\n",
                          ["rule X1", "'applicability' must be safe or unsafe"]),
    "unknown flag": ("rules:\n  - {id: X1, message: m, pattern: x, flags: [DOTALL]}\n",
                     ["rule X1", "unknown flag 'DOTALL'"]),
    "flags not a list": ("rules:\n  - {id: X1, message: m, pattern: x, flags: IGNORECASE}\n",
                         ["rule X1", "'flags' must be a list"]),
    "replacement not a string": ("rules:\n  - {id: X1, message: m, pattern: x, replacement: [y]}\n",
                                 ["rule X1", "'replacement' must be a string"]),
    "replacement group missing": ("rules:\n  - {id: X1, message: m, pattern: '(x)', replacement: '\\2'}\n",
                                  ["rule X1", "'replacement' refers to group '2'"]),
    "priority not a number": ("rules:\n  - {id: X1, message: m, pattern: x, priority: high}\n",
                              ["rule X1", "'priority' must be a whole number"]),
    "options not a mapping": ("rules:\n  - {id: X1, message: m, pattern: x, options: fast}\n",
                              ["rule X1", "'options' must be a mapping"]),
    "bad timeout": ("rules:\n  - {id: X1, message: m, pattern: x, options: {timeout: -1}}\n",
                    ["rule X1", "'options.timeout' must be a number of seconds"]),
    "timeout not a number": ("rules:\n  - {id: X1, message: m, pattern: x, options: {timeout: soon}}\n",
                             ["rule X1", "'options.timeout'"]),
    "bad fixable": ("rules:\n  - {id: X1, message: m, pattern: x, fixable: maybe}\n",
                    ["rule X1", "'fixable' must be one of"]),
    "name not a string": ("rules:\n  - {id: X1, message: m, pattern: x, name: [a]}\n",
                          ["rule X1", "'name' must be a string"]),
    "a detector": ("rules:\n  - {id: X1, message: m, detector: telepathy}\n", ["rule X1", "gives a 'pattern'"]),
    "pattern and detector": ("rules:\n  - {id: X1, message: m, detector: names, pattern: x}\n",
                             ["rule X1", "gives a 'pattern'"]),
    "examples not a list": ("rules:\n  - {id: X1, message: m, pattern: x, examples: bad}\n",
                            ["rule X1", "'examples' must be a list of mappings"]),
    "duplicate of a built-in id": ("rules:\n  - {id: MT101, message: m, pattern: x}\n", ["MT101", "already defined"]),
    "duplicate within the file": ("rules:\n  - {id: X1, message: m, pattern: x}\n"
                                  "  - {id: X1, message: n, pattern: y}\n", ["X1", "already defined"]),
}


@pytest.mark.parametrize("case", list(BAD))
@pytest.mark.parametrize("cmd", ["check", "fix"])
def test_bad_rule_file_is_one_clear_error(tmp_path, case, cmd):
    content, expected = BAD[case]
    rules = tmp_path / "team-rules.yaml"
    rules.write_text(content, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Kiev.\n", encoding="utf-8")
    r = invoke(cmd, "--rules", str(rules), str(article), *(["--in-place"] if cmd == "fix" else []))
    assert r.exit_code == 2, r.output
    lines = r.stderr_bytes.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtclean: error: "), lines
    assert str(rules) in lines[0], lines[0]
    for part in expected:
        assert part in lines[0], (part, lines[0])
    assert r.stdout_bytes == b""
    assert article.read_text(encoding="utf-8") == "Kiev.\n"


def test_missing_and_unreadable_rule_files(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Kiev.\n", encoding="utf-8")
    r = invoke("check", "--rules", str(tmp_path / "nope.yaml"), str(article))
    assert r.exit_code == 2 and b"nope.yaml: cannot read rule file" in r.stderr_bytes
    r = invoke("check", "--rules", str(tmp_path), str(article))
    assert r.exit_code == 2 and b"cannot read rule file" in r.stderr_bytes
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("rules:\n  - {id: X1, message: 'caf\u00e9', pattern: x}\n".encode("latin-1"))
    r = invoke("check", "--rules", str(latin), str(article))
    assert r.exit_code == 2 and b"latin.yaml: rule file is not UTF-8" in r.stderr_bytes


def test_yaml_is_loaded_safely(tmp_path):
    """A tag that would run code with an unsafe loader is a YAML error, and nothing runs."""
    marker = tmp_path / "pwned"
    rules = tmp_path / "evil.yaml"
    rules.write_text(f"rules: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Kiev.\n", encoding="utf-8")
    r = run_cli("check", "--rules", str(rules), str(article))
    assert r.returncode == 2 and b"is not valid YAML" in r.stderr and b"Traceback" not in r.stderr
    assert not marker.exists()


def test_good_rule_file_works_and_user_fixes_default_to_unsafe(tmp_path):
    rules = tmp_path / "team.yaml"
    rules.write_text(GOOD, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Troops left Kiev.\n", encoding="utf-8")
    r = run_cli("check", "--rules", str(rules), "--select", "ACME", str(article))
    assert r.returncode == 1 and b"ACME1" in r.stdout, r.stderr
    r = run_cli("fix", "--rules", str(rules), "--select", "ACME", str(article))
    assert r.returncode == 0 and r.stdout == b"Troops left Kiev.\n"  # unsafe unless the file says safe
    r = run_cli("fix", "--unsafe-fixes", "--rules", str(rules), "--select", "ACME", str(article))
    assert r.stdout == b"Troops left Kyiv.\n"


def test_rule_file_errors_are_reported_before_any_file_is_touched(tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text("rules:\n  - {id: Z1, message: m, pattern: '['}\n", encoding="utf-8")
    d = tmp_path / "articles"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text("Kiev.\n", encoding="utf-8")
    r = run_cli("fix", "--in-place", "--rules", str(good), "--rules", str(bad), str(d))
    assert r.returncode == 2 and b"bad.yaml: rule Z1: bad 'pattern'" in r.stderr
    assert all((d / f"{i}.txt").read_text(encoding="utf-8") == "Kiev.\n" for i in range(3))
