"""The command line as linter users expect it: stdin names, special files, exit codes, previews.

Every test runs the real CLI in a subprocess, as a user, an editor or a pre-commit hook would.
"""
import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, run_cli
from ltserver import FakeLanguageTool

KIEV = "Weapons that Kiev says will help Kyiv.\n"
KYIV = "Weapons that Kyiv says will help Kyiv.\n"
ORPHAN = "Kyiv says tanks will help it regain control of parts of the country. more territory.\n"  # unsafe fix only
MARKDOWN = ("# Kiev report\n\nWeapons that Kiev says will help Kyiv.\n\n```\nKiev. via. code\n```\n\n"
            "Use `Kiev` in code.\n")


def _rules(stdout):
    return [f["rule"] for x in json.loads(stdout)["files"] for f in x["findings"]]


# -- bug 2: --stdin-filename -----------------------------------------------------------------------------
def test_stdin_filename_makes_markdown_on_stdin_markdown():
    r = run_cli("fix", "--grammar", "none", "--stdin-filename", "docs/report.md", "-", input=MARKDOWN.encode())
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "```\nKiev. via. code\n```" in out and "`Kiev`" in out  # code untouched
    assert "# Kyiv report" in out and "that Kyiv says" in out  # prose fixed


def test_stdin_filename_names_the_input_and_picks_its_config_and_per_file_ignores(tmp_path):
    (tmp_path / "mtclean.toml").write_text('[per-file-ignores]\n"drafts/*.txt" = ["names"]\n', encoding="utf-8")
    # No path at all: standard input, by the name given.
    r = run_cli("check", "--grammar", "none", "--format", "concise", "--stdin-filename", "news/a.txt",
                input=KIEV.encode(), cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.decode().startswith("news/a.txt:1:14: MT201"), r.stdout
    r = run_cli("check", "--grammar", "none", "--format", "json", "--stdin-filename", "drafts/a.txt", "-",
                input=KIEV.encode(), cwd=tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["files"][0]["path"] == "drafts/a.txt"
    assert _rules(r.stdout) == []


def test_no_path_and_no_stdin_filename_is_a_usage_error():
    r = run_cli("check")
    assert r.returncode == 2 and b"Missing argument" in r.stderr


# -- bug 3: special files named on the command line --------------------------------------------------------
def test_fifo_named_on_the_command_line_is_one_line_and_exit_2_and_never_blocks(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    good = tmp_path / "a.txt"
    good.write_text(KIEV, encoding="utf-8")
    for cmd in (("check", "--format", "concise"), ("fix", "--diff")):
        r = run_cli(*cmd, "--grammar", "none", str(pipe), str(good), timeout=30)
        assert r.returncode == 2, r.stderr
        err = [x for x in r.stderr.decode().splitlines() if "pipe.txt" in x and "error" in x]
        assert len(err) == 1 and "is a FIFO (named pipe)" in err[0] and "Traceback" not in r.stderr.decode()
        assert b"Kiev" in r.stdout  # the rest of the run went on
    r = run_cli("check", "--grammar", "none", "/dev/null", timeout=30)
    assert r.returncode == 2 and b"/dev/null: is a device" in r.stderr
    # Found in a folder: the same line, the rest of the folder checked.
    r = run_cli("check", "--grammar", "none", "--format", "concise", str(tmp_path), timeout=30)
    assert r.returncode == 2 and f"mtclean: error: {pipe}: is a FIFO".encode() in r.stderr
    assert r.stdout.startswith(f"{good}:1:14: MT201".encode())


# -- bug 4: fix --fail-on ---------------------------------------------------------------------------------
def test_fix_fail_on_takes_the_findings_left_after_fixing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ORPHAN, encoding="utf-8")  # MT103, a warning with only an unsafe fix: left after fix
    out = tmp_path / "out.txt"
    assert run_cli("fix", "--grammar", "none", str(f), "-o", str(out)).returncode == 0  # default: never
    assert run_cli("fix", "--grammar", "none", "--fail-on", "info", str(f), "-o", str(out)).returncode == 1
    assert run_cli("fix", "--grammar", "none", "--fail-on", "warning", str(f)).returncode == 1
    assert run_cli("fix", "--grammar", "none", "--fail-on", "error", str(f)).returncode == 0
    # Fixed away: nothing left, exit 0 whatever the level.
    g = tmp_path / "b.txt"
    g.write_text(KIEV, encoding="utf-8")
    assert run_cli("fix", "--grammar", "none", "--fail-on", "info", str(g)).returncode == 0


# -- bug 5: --diff is a preview ---------------------------------------------------------------------------
def test_diff_exits_1_on_changes_and_never_writes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(KIEV, encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", "--diff", str(f))
    assert r.returncode == 1 and b"-Weapons that Kiev" in r.stdout and b"+Weapons that Kyiv" in r.stdout
    for opts in (["--in-place"], ["--in-place", "--backup"], ["-o", str(tmp_path / "o.txt")],
                 ["--output-dir", str(tmp_path / "out")]):
        r = run_cli("fix", "--grammar", "none", "--diff", *opts, str(f))
        assert r.returncode == 1 and b"+Weapons that Kyiv" in r.stdout, opts
        assert b"nothing was written" in r.stderr
        assert f.read_text(encoding="utf-8") == KIEV
        assert sorted(os.listdir(tmp_path)) == ["a.txt"], opts
    f.write_text(KYIV, encoding="utf-8")
    r = run_cli("fix", "--grammar", "none", "--diff", str(f))
    assert r.returncode == 0 and r.stdout == b""


def test_diff_applies_with_patch_and_git_apply_even_with_unusual_line_breaks(tmp_path):
    # Form feeds and U+2028 are no line breaks to patch or git: the diff must not treat them as such.
    text = "Weapons that Kiev says\u2028will help.\x0cIt can only stop them. by force, he said.\r\nEnd.\n"
    for tool in (["patch", "-s", "-p1"], ["git", "apply", "-p1", "--unsafe-paths"]):
        if shutil.which(tool[0]) is None:
            pytest.skip(f"{tool[0]} is not installed")
        work = tmp_path / tool[0]
        work.mkdir()
        (work / "a.txt").write_bytes(text.encode())
        r = run_cli("fix", "--grammar", "none", "--diff", "a.txt", cwd=work)
        assert r.returncode == 1, r.stderr
        fixed = run_cli("fix", "--grammar", "none", "a.txt", cwd=work).stdout
        assert fixed != text.encode()
        subprocess.run(tool, input=r.stdout, cwd=work, check=True, capture_output=True)
        assert (work / "a.txt").read_bytes() == fixed, tool


# -- bug 6: unreadable files and empty folders -------------------------------------------------------------
def _as_non_root() -> list[str]:
    """A command prefix that runs as a user without root's right to read everything: none needed when not
    root; as root, a user namespace (the process keeps its uid for files, without the capability to
    override their permissions)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("unshare") and subprocess.run(["unshare", "--user", "true"], capture_output=True).returncode == 0:
        return ["unshare", "--user"]
    pytest.skip("running as root, which reads every file, and user namespaces (unshare --user) are unavailable")


def test_unreadable_file_named_directly_gets_one_line_not_a_usage_block(tmp_path):
    prefix = _as_non_root()
    f = tmp_path / "secret.txt"
    f.write_text(KIEV, encoding="utf-8")
    f.chmod(0)
    r = subprocess.run([*prefix, sys.executable, "-m", "cleanup", "check", "--grammar", "none", str(f), str(SEED)],
                       cwd=ROOT, capture_output=True, timeout=120, env={**os.environ, "MTCLEAN_CACHE_DIR": ""})
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Usage:" not in err and "Invalid value" not in err
    assert f"mtclean: error: {f}: permission denied" in err
    assert b"article.txt:" in r.stdout  # the rest of the run went on


def test_folder_or_glob_without_files_says_no_files_found(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.rst").write_text(KIEV, encoding="utf-8")
    r = run_cli("check", "--grammar", "none", str(empty))
    assert r.returncode == 0
    assert f"mtclean: warning: no files found in {empty}".encode() in r.stderr
    assert b"No findings in 0 files" not in r.stdout
    r = run_cli("check", "--grammar", "none", "-q", str(tmp_path / "drafts" / "*.txt"))
    assert r.returncode == 0 and b"no files found matching" in r.stderr  # said even with --quiet
    # A glob the shell left alone is expanded by mtclean.
    (tmp_path / "a.txt").write_text(KIEV, encoding="utf-8")
    r = run_cli("check", "--grammar", "none", "--format", "concise", str(tmp_path / "*.txt"))
    assert r.returncode == 1 and r.stdout.decode().startswith(f"{tmp_path / 'a.txt'}:1:14: MT201")


# -- bug 7: --language --------------------------------------------------------------------------------------
def test_language_selects_languagetools_english_variant(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("She ate a apple in Kyiv.\n", encoding="utf-8")
    with FakeLanguageTool() as fake:
        common = ("--grammar", "languagetool", "--languagetool-url", fake.url, "--format", "json")
        r = run_cli("check", *common, str(f))
        assert r.returncode == 1 and fake.last_form["language"] == "en-US"
        r = run_cli("check", *common, "--language", "en-gb", str(f))
        assert r.returncode == 1 and fake.last_form["language"] == "en-GB", r.stderr
        assert "LT:EN_A_VS_AN" in _rules(r.stdout)
        r = run_cli("check", *common, "--language", "en-AU", str(f))
        assert r.returncode == 2 and b"does not offer en-AU" in r.stderr
    (tmp_path / "mtclean.toml").write_text('[grammar]\nlanguage = "en-NZ"\nmode = "none"\n', encoding="utf-8")
    assert run_cli("check", str(f)).returncode == 0
    (tmp_path / "mtclean.toml").write_text('[grammar]\nlanguage = "de-DE"\n', encoding="utf-8")
    r = run_cli("check", str(f))
    assert r.returncode == 2 and b"'grammar.language' must be one of" in r.stderr
    r = run_cli("check", "--language", "de-DE", str(f))
    assert r.returncode == 2


# -- --exit-zero ---------------------------------------------------------------------------------------------
def test_exit_zero(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(KIEV, encoding="utf-8")
    assert run_cli("check", "--grammar", "none", "--exit-zero", str(f)).returncode == 0
    assert run_cli("fix", "--grammar", "none", "--exit-zero", "--diff", str(f)).returncode == 0
    # A file that cannot be read is still exit 2.
    assert run_cli("check", "--grammar", "none", "--exit-zero", str(f), str(tmp_path / "nope.txt")).returncode == 2
    r = run_cli("fix", "--exit-zero", "--exit-non-zero-on-fix", str(f))
    assert r.returncode == 2 and b"only one of --exit-zero and --exit-non-zero-on-fix" in r.stderr


def test_unreadable_file_keeps_its_mode_untouched(tmp_path):
    """--diff never writes: not even the mode of a read-only file changes."""
    f = tmp_path / "a.txt"
    f.write_text(KIEV, encoding="utf-8")
    f.chmod(0o444)
    before = os.stat(f)
    r = run_cli("fix", "--grammar", "none", "--in-place", "--diff", str(f))
    assert r.returncode == 1
    after = os.stat(f)
    assert (after.st_mtime_ns, stat.S_IMODE(after.st_mode)) == (before.st_mtime_ns, 0o444)
