"""What a person reads: the full and concise reports, colour, diffs, statistics, summaries and
the progress bar. Every test runs the real CLI in a subprocess."""
import json
import os
import re
import subprocess
import sys
import time
import unicodedata

import pytest

from conftest import ROOT, SEED, read_terminal, run_cli

KIEV = "Weapons that Kiev says will help Kyiv.\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NO_LT = ("--grammar", "none")


def _cells(ch: str, col: int) -> int:
    """Terminal cells of one character of the excerpt (as a terminal draws it; tabs are already spaces)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _under_carets(excerpt: str, carets: str) -> str:
    """The characters of ``excerpt`` drawn above the ``^`` run of ``carets``."""
    start = carets.index("^")
    end = start + len(carets.strip())
    out, col = [], 0
    for ch in excerpt:
        if start <= col < end:
            out.append(ch)
        col += _cells(ch, col)
    return "".join(out)


def _blocks(stdout: bytes) -> list[list[str]]:
    """The full report's findings: each a list of lines (header, gutter, excerpt, carets, ...)."""
    text = stdout.decode()
    return [b.splitlines() for b in text.split("\n\n") if re.match(r"\S+:\d+:\d+: ", b)]


def _excerpt(block):
    """(excerpt text, caret line text) of one finding, without the gutters."""
    num = [x for x in block if re.match(r"\d+ \| ", x)][0]
    gutter = num.index("|") + 2
    carets = block[block.index(num) + 1]
    return num[gutter:], carets[gutter:]


# -- full and concise ------------------------------------------------------------------------------------
def test_full_format_puts_the_caret_under_the_span_whatever_the_characters(tmp_path):
    lines = [
        "Kiev says the tanks will help.",  # at the line start
        "東京の記者によると、Kiev says the tanks will help.",  # wide characters before the span
        "\tWeapons that\tKiev says will help.",  # tabs before it
        "Cafe\u0301 owners in Kiev say they will stay.",  # a combining accent before it
        "Officials in Kiev\u200b said so.",  # a zero-width space after it
        " ".join(f"Report {i} came in on day {i * 7}." for i in range(30)) + " Officials in Kiev said so. "
        + " ".join(f"Note {i} followed on day {i * 3}." for i in range(30)),  # long: a window around the span
    ]
    f = tmp_path / "a.txt"
    f.write_text("\n\n".join(lines) + "\n\nKyiv agreed.\n", encoding="utf-8")  # the house form: Kiev is a variant
    r = run_cli("check", *NO_LT, str(f), env={"COLUMNS": "80"})
    assert r.returncode == 1, r.stderr
    blocks = _blocks(r.stdout)
    assert len(blocks) == len(lines)
    for block in blocks:
        assert block[0].startswith(f"{f}:") and " MT201 warning: " in block[0] and block[0].endswith("[*]")
        excerpt, carets = _excerpt(block)
        assert _under_carets(excerpt, carets) == "Kiev", block
        assert "= fix: replace 'Kiev' with 'Kyiv'" in block[-1]
        assert all(len(x) <= 80 for x in block[1:]), block
    long_excerpt = _excerpt(blocks[-1])[0]
    assert long_excerpt.startswith("…") and long_excerpt.endswith("…")
    assert "\t" not in _excerpt(blocks[2])[0]


def test_full_format_shows_control_characters_visibly(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("A\x07bell and Kiev, not Kyiv.\n", encoding="utf-8")
    block = _blocks(run_cli("check", *NO_LT, "--select", "names", str(f)).stdout)[0]
    excerpt, carets = _excerpt(block)
    assert "\x07" not in excerpt and "\u2407" in excerpt and _under_carets(excerpt, carets) == "Kiev"


def test_concise_format_is_one_line_a_finding_in_the_old_shape():
    r = run_cli("check", *NO_LT, "--format", "concise", "-q", str(SEED))
    lines = r.stdout.decode().splitlines()
    assert lines[0] == (f"{SEED}:12:111: MT201 warning: Use the house-style spelling 'Kyiv' for 'Kiev' [*]")
    assert len(lines) == 5 and all(re.match(r"\S+:\d+:\d+: MT\d+ (error|warning|info): .+", x) for x in lines)
    # The retired name of the format still works.
    assert run_cli("check", *NO_LT, "--format", "text", "-q", str(SEED)).stdout == r.stdout


# -- colour ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("opts,env,coloured", [
    ((), {}, False),  # a pipe: no colour
    (("--color", "always"), {}, True),
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
    (("--color", "always"), {"NO_COLOR": "1"}, True),  # the command line wins
    (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ((), {"FORCE_COLOR": "0"}, False),
])
def test_colour_choice_and_environment(opts, env, coloured, plain_report):
    r = run_cli("check", *NO_LT, *opts, str(SEED), env={"NO_COLOR": "", "FORCE_COLOR": "", **env})
    assert bool(ANSI.search(r.stdout.decode())) == coloured, (opts, env)
    assert ANSI.sub("", r.stdout.decode()) == plain_report  # colour never changes the text itself


@pytest.fixture(scope="module")
def plain_report():
    return run_cli("check", *NO_LT, str(SEED)).stdout.decode()


def test_concise_format_in_colour():
    r = run_cli("check", *NO_LT, "--format", "concise", "--color", "always", str(SEED))
    text = r.stdout.decode()
    assert ANSI.search(text)
    assert ANSI.sub("", text) == run_cli("check", *NO_LT, "--format", "concise", str(SEED)).stdout.decode()


def test_colour_on_a_terminal_by_default():
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "cleanup", "check", *NO_LT, str(SEED)], cwd=ROOT, stdout=slave,
                           stderr=subprocess.PIPE, timeout=60,
                           env={**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm"})
        os.close(slave)
        out = read_terminal(master)
    finally:
        os.close(master)
    assert p.returncode == 1
    text = out.decode()
    assert re.search(r"\x1b\[[0-9;]*mMT102", text), text


# -- diffs -------------------------------------------------------------------------------------------------
def test_coloured_diff_marks_the_changed_words_inside_the_lines():
    r = run_cli("fix", *NO_LT, "--diff", "--color", "always", str(SEED))
    assert r.returncode == 1
    text = r.stdout.decode()
    minus = [x for x in text.splitlines() if "weapons that" in x and ANSI.sub("", x).startswith("-")][0]
    plus = [x for x in text.splitlines() if "weapons that" in x and ANSI.sub("", x).startswith("+")][0]
    assert re.search(r"\x1b\[7m[^\x1b]*Kiev", minus) and re.search(r"\x1b\[7m[^\x1b]*Kyiv", plus)
    assert not re.search(r"\x1b\[7m[^\x1b]*weapons", minus)  # unchanged words are not marked
    # Without colour, the same diff, plain (what patch and git apply take).
    plain = run_cli("fix", *NO_LT, "--diff", str(SEED)).stdout.decode()
    assert ANSI.sub("", text) == plain and not ANSI.search(plain)


def test_word_diff_marks_changes_inline_and_is_a_preview(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_cli("fix", *NO_LT, "--word-diff", "--in-place", str(f))
    assert r.returncode == 1 and f.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")
    out = r.stdout.decode()
    assert out.startswith(f"--- {f}\n+++ {f}\n@@ -12 +12 @@\n")
    assert "weapons that [-Kiev-]{+Kyiv+} says will help" in out and "It can only stop them[-.-] by force" in out
    hunks = re.split(r"^@@ .* @@\n", out, flags=re.M)[1:]
    assert len(hunks) == 3  # one hunk a changed paragraph, no context
    # Each hunk is the old paragraph and the new one at once.
    old_lines, new_lines = SEED.read_text(encoding="utf-8").splitlines(), \
        run_cli("fix", *NO_LT, str(SEED)).stdout.decode().splitlines()
    for hunk in hunks:
        old = re.sub(r"\{\+.*?\+\}", "", re.sub(r"\[-(.*?)-\]", r"\1", hunk)).rstrip("\n")
        new = re.sub(r"\[-.*?-\]", "", re.sub(r"\{\+(.*?)\+\}", r"\1", hunk)).rstrip("\n")
        assert old in old_lines and new in new_lines and old != new
    assert run_cli("fix", *NO_LT, "--word-diff", str(ROOT / "README.md")).stdout == b""


# -- statistics, fixes, hints -----------------------------------------------------------------------------------
def test_statistics_count_by_rule():
    r = run_cli("check", *NO_LT, "--statistics", str(SEED))
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert re.match(r"2  MT103  \s*orphan-fragment\s+warning$", lines[0])
    assert {re.split(r"\s+", x.strip())[1] for x in lines} == {"MT101", "MT102", "MT103", "MT201"}
    assert re.match(r"1  MT101  \[\*\] stray-period\s+error$", [x for x in lines if "MT101" in x][0])
    rows = json.loads(run_cli("check", *NO_LT, "--statistics", "--format", "json", str(SEED)).stdout)
    assert sum(x["count"] for x in rows) == 5 and rows[0] == {"rule": "MT103", "name": "orphan-fragment",
                                                             "severity": "warning", "count": 2, "fixable": 0}


def test_show_fixes_lists_what_was_fixed_by_rule(tmp_path):
    r = run_cli("fix", *NO_LT, "--show-fixes", str(SEED), "-o", str(tmp_path / "out.txt"))
    assert r.returncode == 0
    err = r.stderr.decode()
    assert f"Fixed 3 findings:\n- {SEED}:\n" in err
    for rule, name in (("MT101", "stray-period"), ("MT102", "stray-token"), ("MT201", "house-style-name")):
        assert f"    1 × {rule} ({name})\n" in err
    r = run_cli("fix", *NO_LT, "--show-fixes", "--diff", str(SEED))
    assert "Would fix 3 findings:" in r.stderr.decode()


def test_check_summary_hints_at_unsafe_fixes():
    out = run_cli("check", *NO_LT, str(SEED)).stdout.decode()
    assert out.endswith("Found 5 findings in 1 file (artifact: 4, names: 1).\n"
                        "[*] 3 fixable with `mtclean fix`; 2 more with `mtclean fix --unsafe-fixes`.\n")


# -- summaries say what happened --------------------------------------------------------------------------------
def test_fix_summaries_say_what_happened(tmp_path):
    out = tmp_path / "out.txt"
    r = run_cli("fix", *NO_LT, str(SEED), "-o", str(out))
    assert r.stderr.decode() == ("Fixed 3 findings in 1 file (artifact: 2, names: 1); 2 findings left to review, "
                                 "2 of them fixable with --unsafe-fixes (`mtclean check`).\n")
    r = run_cli("fix", *NO_LT, "--diff", str(SEED))
    assert "Would fix 3 findings in 1 file" in r.stderr.decode() and "nothing was written" in r.stderr.decode()
    r = run_cli("fix", *NO_LT, "--unsafe-fixes", str(SEED), "-o", str(out))
    assert r.stderr.decode() == "Fixed 5 findings in 1 file (artifact: 4, names: 1); nothing left to review.\n"
    r = run_cli("fix", *NO_LT, str(out), "-o", str(tmp_path / "again.txt"))
    assert r.stderr.decode() == "Nothing to fix in 1 file; nothing left to review.\n"


def test_one_summary_a_run_and_failed_files_not_counted(tmp_path):
    src = tmp_path / "in"
    (src / "x").mkdir(parents=True)
    (src / "x" / "a.txt").write_text(KIEV, encoding="utf-8")
    (src / "b.txt").write_text(KIEV, encoding="utf-8")
    (src / "c.txt").write_text("The talks resume next week.\n", encoding="utf-8")
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = run_cli("check", *NO_LT, "--format", "concise", str(src))
    assert r.returncode == 2
    assert r.stdout.decode().splitlines()[2:] == [
        "Found 2 findings in 2 of 3 files (names: 2).", "[*] 2 fixable with `mtclean fix`.",
        "1 file could not be checked:", f"  {src / 'scan.txt'}"]
    assert r.stderr.decode().splitlines() == [
        f"mtclean: error: {src / 'scan.txt'}: looks like a binary file, not text; skipped (exclude it with --exclude)"]
    r = run_cli("fix", *NO_LT, str(src), "--output-dir", str(tmp_path / "out"))
    err = r.stderr.decode().splitlines()
    assert err[1:] == ["Fixed 2 findings in 2 of 3 files (names: 2); nothing left to review.",
                       "1 file could not be fixed:", f"  {src / 'scan.txt'}"], err


# -- progress bar ---------------------------------------------------------------------------------------------
def _tty_stderr(args, columns, timeout=120):
    """Run the CLI with stderr on a terminal of ``columns`` columns; returns (exit code, what the terminal got,
    seconds taken)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24 if columns else 0, columns, 0, 0))
    started = time.monotonic()
    try:
        p = subprocess.Popen([sys.executable, "-m", "cleanup", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=slave, env={**os.environ, "COLUMNS": "", "LINES": ""})
        os.close(slave)
        got = read_terminal(master)
        p.wait(timeout=timeout)
    finally:
        os.close(master)
    return p.returncode, got.decode(errors="replace"), time.monotonic() - started


def _corpus(root, n, lines=10):
    for i in range(n):
        d = root / f"s{i % 5}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"a{i:04d}.txt").write_text(f"Weapons that Kiev says will help Kyiv, on day {i}.\n" * lines,
                                         encoding="utf-8")


def test_progress_bar_on_a_terminal_that_reports_no_width(tmp_path):
    _corpus(tmp_path / "a", 30)
    code, tty, _ = _tty_stderr(["check", *NO_LT, "-j", "1", str(tmp_path / "a")], columns=0)
    assert code == 1
    assert "30/30 files" in tty and "findings" in tty and "Traceback" not in tty


def test_progress_bar_first_time_estimate_is_not_wild(tmp_path):
    _corpus(tmp_path / "a", 600)
    code, tty, took = _tty_stderr(["check", *NO_LT, "-j", "2", str(tmp_path / "a")], columns=120)
    assert code == 1 and "600/600 files" in tty
    etas = [sum(int(x) * 60 ** i for i, x in enumerate(reversed(m.split(":"))))
            for m in re.findall(r"ETA (\d+:\d+(?::\d+)?)", tty)]
    # Every estimate of the time left is within reach of the whole run's real length.
    assert all(eta <= 3 * took + 2 for eta in etas), (etas, took)
