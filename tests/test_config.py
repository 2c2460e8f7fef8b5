"""Configuration, end to end through the CLI: where it is found, what every key does, and clear errors.
Also --rules FILE (a user rule pack for one run) and inline suppression comments."""
import json

import pytest

from conftest import run_cli

ART = "Weapons that Kiev says will help Kyiv. It can only stop them. by force, he said. Talk to Zelensky.\n"


def rules_found(r):
    assert b"Traceback" not in r.stderr
    rep = json.loads(r.stdout)
    return [(f["rule"], f["severity"]) for x in rep["files"] for f in x["findings"]]


def project(tmp_path, config_name, body, article=ART, name="a.txt"):
    (tmp_path / config_name).write_text(body, encoding="utf-8")
    sub = tmp_path / "docs" / "deep"
    sub.mkdir(parents=True, exist_ok=True)
    f = sub / name
    f.write_text(article, encoding="utf-8")
    return f


@pytest.mark.parametrize("name,body", [
    ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.mtclean]\nselect = ['MT101']\n"),
    ("mtclean.toml", "select = ['MT101']\n"),
    (".mtclean.toml", "select = ['MT101']\n"),
])
def test_config_is_found_from_the_input_upward(tmp_path, name, body):
    f = project(tmp_path, name, body)
    assert rules_found(run_cli("check", "--format", "json", str(f))) == [("MT101", "error")]


def test_pyproject_without_a_tool_mtclean_table_is_skipped(tmp_path):
    (tmp_path / "mtclean.toml").write_text("select = ['MT201']\n", encoding="utf-8")
    (tmp_path / "inner").mkdir()
    f = project(tmp_path / "inner", "pyproject.toml", "[project]\nname = 'x'\n")
    assert {r for r, _ in rules_found(run_cli("check", "--format", "json", str(f)))} == {"MT201"}


def test_config_option_overrides_the_found_file(tmp_path):
    f = project(tmp_path, "mtclean.toml", "select = ['MT101']\n")
    other = tmp_path / "other.toml"
    other.write_text("select = ['names']\n", encoding="utf-8")
    got = rules_found(run_cli("check", "--format", "json", "--config", str(other), str(f)))
    assert {r for r, _ in got} == {"MT201"}


def test_select_ignore_by_category_and_severity_and_fail_on(tmp_path):
    f = project(tmp_path, "mtclean.toml",
                'ignore = ["names"]\nfail-on = "error"\n[severity]\nMT101 = "info"\nMT103 = "error"\n')
    r = run_cli("check", "--format", "json", str(f))
    assert rules_found(r) == [("MT101", "info")]
    assert r.returncode == 0  # only an info finding; fail-on is error
    (tmp_path / "mtclean.toml").write_text('select = ["artifact"]\n[severity]\nMT101 = "info"\n', encoding="utf-8")
    r = run_cli("check", "--format", "json", str(f))
    assert rules_found(r) == [("MT101", "info")] and r.returncode == 0  # default fail-on: warning


def test_unsafe_fixes_from_config(tmp_path):
    art = "Kyiv says tanks will help it regain control of parts of the country. more territory.\n"
    f = project(tmp_path, "mtclean.toml", "unsafe-fixes = false\n", article=art)
    assert run_cli("fix", str(f)).stdout.decode() == art
    (tmp_path / "mtclean.toml").write_text("unsafe-fixes = true\n", encoding="utf-8")
    # The project's own config (run from the project: see test_config_trust.py for configs from above).
    assert run_cli("fix", str(f), cwd=tmp_path).stdout.decode() == \
        "Kyiv says tanks will help it regain control of parts of the country.\n"


def test_house_style_reaches_the_names_detector(tmp_path):
    art = "Talks in Bakhmut and Artemovsk went on. Zelensky spoke.\n"
    f = project(tmp_path, "mtclean.toml", '[house-style]\nBakhmut = ["Artemovsk"]\nZelenskyy = ["Zelensky"]\n',
                article=art)
    r = run_cli("fix", str(f), cwd=tmp_path)
    assert r.stdout.decode() == "Talks in Bakhmut and Bakhmut went on. Zelenskyy spoke.\n"
    got = rules_found(run_cli("check", "--format", "json", str(f)))
    assert ("MT201", "warning") in got
    # The built-in house style is still there.
    f.write_text("Kiev, Kyiv and Artemovsk.\n", encoding="utf-8")
    assert run_cli("fix", str(f), cwd=tmp_path).stdout.decode() == "Kyiv, Kyiv and Bakhmut.\n"


def test_extra_rules_relative_to_the_config_and_rules_option(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yaml").write_text(
        "rules:\n  - id: HS1\n    pattern: '\\butilise\\b'\n    message: Say use\n    replacement: use\n",
        encoding="utf-8")
    f = project(tmp_path, "mtclean.toml", 'extra-rules = ["house/rules.yaml"]\nselect = ["HS1"]\n',
                article="We utilise tanks.\n")
    assert rules_found(run_cli("check", "--format", "json", str(f))) == [("HS1", "warning")]
    # User rules are unsafe by default: `fix` leaves them, --unsafe-fixes applies them.
    assert run_cli("fix", str(f)).stdout.decode() == "We utilise tanks.\n"
    assert run_cli("fix", "--unsafe-fixes", str(f), cwd=tmp_path).stdout.decode() == "We use tanks.\n"
    # --rules adds a file for one run; `applicability: safe` opts in to `fix`.
    extra = tmp_path / "one.yaml"
    extra.write_text("rules:\n  - id: X1\n    pattern: tanks\n    message: Armour\n    replacement: armour\n"
                     "    applicability: safe\n    severity: error\n", encoding="utf-8")
    r = run_cli("fix", "--rules", str(extra), "--select", "X1", str(f))
    assert r.stdout.decode() == "We utilise armour.\n"


def test_per_file_ignores_relative_to_the_config(tmp_path):
    f = project(tmp_path, "mtclean.toml", '[per-file-ignores]\n"docs/deep/*.txt" = ["names"]\n')
    assert "MT201" not in {r for r, _ in rules_found(run_cli("check", "--format", "json", str(f)))}
    g = tmp_path / "b.txt"
    g.write_text(ART, encoding="utf-8")
    assert "MT201" in {r for r, _ in rules_found(run_cli("check", "--format", "json", str(g)))}


def test_grammar_and_include_exclude_from_config(tmp_path):
    f = project(tmp_path, "mtclean.toml",
                'include = ["*.text"]\nexclude = ["skip*"]\n[grammar]\nmode = "none"\ndisable = ["EN_A_VS_AN"]\n')
    (f.parent / "x.text").write_text(ART, encoding="utf-8")
    (f.parent / "skip.text").write_text(ART, encoding="utf-8")
    r = run_cli("check", "--format", "concise", str(tmp_path / "docs"), "-q")
    assert {line.split(":")[0] for line in r.stdout.decode().splitlines()} == {str(f.parent / "x.text")}


@pytest.mark.parametrize("body,needle", [
    ("colour = 1\n", "unknown key 'colour'"),
    ('fail-on = "sometimes"\n', "'fail-on' must be one of"),
    ("select = 3\n", "'select' must be a list of strings"),
    ('select = ["MT999"]\n', "'select': no rule matches 'MT999'"),
    ('[severity]\nMT101 = "fatal"\n', "'severity' must map"),
    ('[severity]\nMT999 = "error"\n', "'severity': no rule with id 'MT999'"),
    ('unsafe-fixes = "yes"\n', "'unsafe-fixes' must be true or false"),
    ('[house-style]\nKyiv = "Kiev"\n', "'house-style' must map"),
    ('[per-file-ignores]\n"*.md" = ["MT9"]\n', "'per-file-ignores' for '*.md': no rule matches 'MT9'"),
    ('[grammar]\nmode = "always"\n', "'grammar.mode' must be one of"),
    ('[grammar]\nserver = "x"\n', "unknown key 'grammar.server'"),
    ("select = [\n", "not valid TOML"),
    ('extra-rules = ["missing.yaml"]\n', "missing.yaml: cannot read rule file"),
])
def test_bad_config_is_one_clear_line_with_file_and_key(tmp_path, body, needle):
    f = project(tmp_path, "mtclean.toml", body)
    r = run_cli("check", str(f))
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    assert needle in err, err
    assert len(err.strip().splitlines()) == 1
    if "rule file" not in needle:
        assert str(tmp_path / "mtclean.toml") in err


def test_bad_rule_file_and_unknown_cli_rule_are_clear_errors(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ART, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: X1\n    message: m\n", encoding="utf-8")
    r = run_cli("check", "--rules", str(bad), str(f))
    assert r.returncode == 2 and b"Traceback" not in r.stderr and b"bad.yaml: rule X1: needs 'pattern'" in r.stderr
    r = run_cli("check", "--select", "MT9x9", str(f))
    assert r.returncode == 2 and b"--select: no rule matches 'MT9x9'" in r.stderr


# -- inline suppression -----------------------------------------------------------------------------
SUPPRESSED = """Weapons that Kiev says will help Kyiv.
<!-- mtclean-disable MT201 -->
Kiev again. It can only stop them. by force, he said.
<!-- mtclean-enable -->
Kiev three.
<!-- mtclean-disable -->
Kiev four. It can only stop them. by force, he said.
<!-- mtclean-enable MT101 -->
Kiev five. It can only stop them. by force, he said.
<!-- mtclean-enable -->
<!-- mtclean-disable MT101, names -->
Kiev six. It can only stop them. by force, he said.
"""


def _check_and_fix(tmp_path, name, text):
    """(rule, line) of each finding `check` reports, and the text `fix` makes, through the CLI."""
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    rep = json.loads(run_cli("check", "--format", "json", str(f)).stdout)
    return [(x["rule"], x["line"]) for x in rep["files"][0]["findings"]], run_cli("fix", str(f)).stdout.decode()


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
def test_inline_suppression(tmp_path, name):
    got, fixed = _check_and_fix(tmp_path, name, SUPPRESSED)
    assert got == [("MT201", 1), ("MT101", 3), ("MT201", 5), ("MT101", 9)]
    assert fixed.splitlines()[2] == "Kiev again. It can only stop them by force, he said."
    assert fixed.splitlines()[6] == "Kiev four. It can only stop them. by force, he said."
    assert fixed.splitlines()[8] == "Kiev five. It can only stop them by force, he said."
    assert fixed.splitlines()[11] == "Kiev six. It can only stop them. by force, he said."


LINE_SUPPRESSED = """Kiev one. It can only stop them. by force, he said.
<!-- mtclean-disable-next-line MT201 -->
Kiev two. It can only stop them. by force, he said.
Kiev three. It can only stop them. by force, he said. <!-- mtclean-disable-line -->
<!-- mtclean-disable-next-line -->

Kiev five. It can only stop them. by force, he said.
Kyiv agreed.
"""


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
def test_line_suppression(tmp_path, name):
    got, fixed = _check_and_fix(tmp_path, name, LINE_SUPPRESSED)
    fixed = fixed.splitlines()
    # Line 2's directive covers line 3 for MT201 only; line 4 is off entirely; line 5's covers the blank line 6.
    assert got == [("MT201", 1), ("MT101", 1), ("MT101", 3), ("MT201", 7), ("MT101", 7)]
    assert fixed[2] == "Kiev two. It can only stop them by force, he said."
    assert fixed[3] == LINE_SUPPRESSED.splitlines()[3]
    assert fixed[6] == "Kyiv five. It can only stop them by force, he said."


def test_readme_config_and_rule_examples_are_valid(tmp_path):
    import re

    import yaml

    from cleanup.config import check_rule_refs, from_mapping
    from cleanup.rulepacks import builtin_rules, parse_rules

    readme = (__import__("conftest").ROOT / "README.md").read_text(encoding="utf-8")
    toml_text = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    yaml_text = re.search(r"```yaml\nrules:\n(.*?)```", readme, re.S).group(0)[len("```yaml\n"):-3]
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    cfg = from_mapping(tomllib.loads(toml_text), str(tmp_path / "mtclean.toml"))
    check_rule_refs(cfg, [s.rule for s in builtin_rules()])
    spec = parse_rules(yaml.safe_load(yaml_text), "README", user=True)[0]
    assert spec.applicability == "unsafe"
    from cleanup.engine import Engine

    assert Engine([spec]).fix("We utilise it.", unsafe=True).text == "We use it."
