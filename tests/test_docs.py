"""The documentation a user reads first: the README's examples run, its output samples are true, the JSON
contract ships in step with the shared one, and `--help` reads well on an 80-column terminal.

README convention: every line of a fenced ``sh`` block in README.md that runs `mtclean` is an
example, run by test_readme_examples_run. A line is split at `&&` and each part that starts with `mtclean`
(after `VAR=value` assignments) or pipes into `mtclean` is run with `sh` in a fresh folder holding:
``article.txt`` (the seed article), ``draft.md``, ``articles/`` (the seed and a Markdown file),
``fixtures/seed/article.txt``, ``house/rules.yaml`` (the README's rule-file example), ``docs.jsonl`` and
``corpus/part-1.jsonl`` (the seed's paragraphs as JSONL rows, for the Datasets examples) and, for an example
that applies decisions, ``mtclean-decisions.json`` accepting every safe fix; no config, as on a fresh clone
(the README's configuration example has a test of its own). `mtclean` there is this checkout's
CLI; the LanguageTool URL
``http://localhost:8081`` is replaced by a local test server's. Install lines (``python3 -m venv ...``, ``pip
install ...``) and benchmarks are not examples: CI runs them (.ci/run). An example passes when it exits 0 or
1, says no error and prints no traceback.

A fenced block right after ``<!-- output of: COMMAND -->`` is a sample of COMMAND's output (run from the
checkout, 100 columns, no colour): its lines must appear in the output in that order, ``…`` standing for
any text.
"""
import json
import os
import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, SHARED, needs_shared, run_cli
from ltserver import FakeLanguageTool

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
LT_URL = "http://localhost:8081"


def _blocks(lang):
    return [m.group(2) for m in FENCE.finditer(README) if m.group(1) == lang]


def _mtclean_commands(line: str) -> list[str]:
    """The parts of one README line that run mtclean."""
    out = []
    for part in line.split("&&"):
        words = shlex.split(part, comments=True)
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words = words[1:]
        if words and (words[0] == "mtclean" or "mtclean" in [w for i, w in enumerate(words) if i and
                                                             words[i - 1] == "|"]):
            out.append(re.sub(r"\s+#.*$", "", part).strip())
    return out


EXAMPLES = [cmd for block in _blocks("sh") for line in block.splitlines() for cmd in _mtclean_commands(line)]


def _workdir(tmp_path):
    work = tmp_path / "work"
    (work / "articles").mkdir(parents=True)
    (work / "fixtures" / "seed").mkdir(parents=True)
    (work / "house").mkdir()
    text = SEED.read_text(encoding="utf-8")
    for rel in ("article.txt", "articles/bakhmut.txt", "fixtures/seed/article.txt"):
        (work / rel).write_text(text, encoding="utf-8")
    md = "# Kiev report\n\nWeapons that Kiev says will help.\n\n```\nKiev. via. code\n```\n"
    (work / "draft.md").write_text(md, encoding="utf-8")
    (work / "articles" / "report.md").write_text(md, encoding="utf-8")
    rows = [json.dumps({"id": i, "text": p}) + "\n" for i, p in enumerate(text.split("\n")) if p.strip()]
    (work / "docs.jsonl").write_text("".join(rows[:8]), encoding="utf-8")  # the Datasets examples' data
    (work / "corpus").mkdir()
    (work / "corpus" / "part-1.jsonl").write_text("".join(rows[8:]), encoding="utf-8")
    rule_file = [b for b in _blocks("yaml") if b.startswith("rules:")][0]
    (work / "house" / "rules.yaml").write_text(rule_file, encoding="utf-8")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "mtclean"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} '
                    f'-m cleanup "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return work, bindir


def test_readme_has_examples():
    assert len(EXAMPLES) >= 15
    assert "mtclean fix --diff fixtures/seed/article.txt" in EXAMPLES  # from the install line


@pytest.mark.parametrize("command", EXAMPLES)
def test_readme_examples_run(tmp_path, command):
    _run_example(tmp_path, command)


def _decisions_file(work, env):
    """mtclean-decisions.json for the files in articles/, every safe fix accepted: what an editor exports
    from the review report (tests/test_report_browser.py exports one from the page itself)."""
    import hashlib
    import json

    r = subprocess.run(["mtclean", "check", "--format", "json", "articles/"], cwd=work, env=env,
                       capture_output=True, timeout=120)
    files = []
    for f in json.loads(r.stdout)["files"]:
        raw = (work / f["path"]).read_bytes()
        findings = [dict(x, decision="accepted" if x["fix"] and x["fix"]["applicability"] == "safe" else
                         "undecided") for x in f["findings"]]
        files.append({"path": f["path"], "sha256": hashlib.sha256(raw).hexdigest(), "findings": findings})
    doc = {"format": "mtclean-decisions", "version": 1, "files": files}
    (work / "mtclean-decisions.json").write_text(json.dumps(doc), encoding="utf-8")


def _run_example(tmp_path, command, config=None):
    work, bindir = _workdir(tmp_path)
    if config is not None:
        (work / "mtclean.toml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "MTCLEAN_CACHE_DIR": ""}
    env.pop("MTCLEAN_LT_URL", None)
    env["LTP_PATH"] = str(ROOT / "tests" / "no-local-languagetool")
    if "--decisions" in command:
        _decisions_file(work, env)
    with FakeLanguageTool() as fake:
        r = subprocess.run(["sh", "-c", command.replace(LT_URL, fake.url.rstrip("/"))], cwd=work, env=env,
                           capture_output=True, timeout=120)
    err = r.stderr.decode()
    assert r.returncode in (0, 1), f"{command}: exit {r.returncode}\n{err}"
    assert "Traceback" not in err and "error:" not in err, f"{command}\n{err}"
    return r


def test_readme_configuration_example_works(tmp_path):
    config = [b for b in _blocks("toml") if "select" in b][0]
    r = _run_example(tmp_path, "mtclean check --format json article.txt", config)
    assert b'"MT103"' not in r.stdout  # ignored


def _matches(sample: str, output: str) -> bool:
    """Every non-blank line of ``sample`` is a whole line of ``output``, in order; ``…`` stands for any text."""
    lines = output.splitlines()
    i = 0
    for want in (x for x in sample.splitlines() if x.strip()):
        pattern = re.compile(".*?".join(re.escape(p) for p in want.split("…")) + r"\Z")
        while i < len(lines) and not pattern.match(lines[i]):
            i += 1
        if i == len(lines):
            return False
        i += 1
    return True


SAMPLES = re.findall(r"<!-- output of: (.*?) -->\n```\w*\n(.*?)^```", README, re.S | re.M)


def test_readme_has_output_samples():
    assert len(SAMPLES) >= 2


@pytest.mark.parametrize("command,sample", SAMPLES, ids=[c for c, _ in SAMPLES])
def test_readme_output_samples_are_true(command, sample):
    words = shlex.split(command)
    assert words[0] == "mtclean"
    r = run_cli(*words[1:], "--grammar", "none", env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert r.returncode in (0, 1), r.stderr
    assert _matches(sample, r.stdout.decode()), r.stdout.decode()


# -- the JSON contract ships with the project ------------------------------------------------------------------
def test_json_contract_ships_in_step_with_the_shared_one():
    shared = SHARED / "docs" / "json-output.md"
    if not shared.is_file():
        pytest.skip(needs_shared("docs/json-output.md"))
    ours = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    binding = shared.read_text(encoding="utf-8")
    # The binding contract word for word, then only what mtclean adds.
    assert ours.startswith(binding), "docs/json-output.md must start with ../shared/docs/json-output.md as it is"
    assert "## What mtclean adds" in ours[len(binding):]
    assert "docs/json-output.md" in README


# -- the README says what a user needs ---------------------------------------------------------------------------
def test_readme_documents_python_version_max_size_and_grammar_modes():
    assert re.search(r"Python 3\.10 or newer", README)
    assert "--max-size" in README and "20 MB" in README
    for mode in ("`auto`", "`none`", "`languagetool`"):
        assert re.search(rf"^- {mode}", README, re.M), mode
    assert "--language" in README and "download" in README


# -- help on an 80-column terminal -----------------------------------------------------------------------------------
COMMANDS = ["check", "fix", "rules", "explain"]


def _help(*args):
    r = run_cli(*args, "--help", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    return r.stdout.decode()


def test_top_level_help_lists_every_command_whole():
    text = _help()
    listing = text[text.index("Commands:"):].splitlines()[1:]
    assert sorted(x.split()[0] for x in listing if x.strip()) == sorted(COMMANDS)
    # Each command's description whole, not cut with "...".
    assert not [x for x in listing if x.rstrip().endswith("...")] and all(len(x) <= 80 for x in text.splitlines())
    assert "Exit codes" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_fits_80_columns_and_breaks_between_words(command):
    text = _help(command)
    lines = text.splitlines()
    assert all(len(x) <= 80 for x in lines), [x for x in lines if len(x) > 80]
    # No word cut at a line end ("comma-" / "separated"): a line ends in a whole word or punctuation.
    assert not [x for x in lines if re.search(r"[a-z]-$", x)], lines


def test_skipped_tests_say_why():
    """Without the shared folder, the tests that need it are skipped with a reason naming what is missing,
    where it was looked for and how to point elsewhere."""
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/test_corpus.py",
                        "tests/test_docs.py::test_json_contract_ships_in_step_with_the_shared_one"],
                       cwd=ROOT, capture_output=True, timeout=300,
                       env={**os.environ, "MTCLEAN_SHARED": str(ROOT / "no-such-shared-folder")})
    out = r.stdout.decode()
    skipped = [x for x in out.splitlines() if x.startswith("SKIPPED")]
    assert r.returncode == 0 and skipped, out
    for line in skipped:
        assert "from the shared folder, not found at" in line and "MTCLEAN_SHARED" in line, line
