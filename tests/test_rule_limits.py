"""User rule files and config files are bounded: a type error in a rule is one line, a rule
file or config that is huge, a device or a FIFO is refused without being read, and all user regexes of one
file share one time budget, over every pass of `fix`."""
from __future__ import annotations

import os
import stat
import time

import pytest
from click.testing import CliRunner

from cleanup.cli import main
from conftest import run_cli


def _err(r) -> str:
    return r.stderr.decode("utf-8", "replace")


def _article(tmp_path, text="Kiev said so.\n"):
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize("flags", ["[[IGNORECASE]]", "[{IGNORECASE: true}]", "[3]"])
def test_a_flag_of_the_wrong_type_is_one_line(tmp_path, flags):
    rules = tmp_path / "r.yaml"
    rules.write_text(f"rules:\n  - {{id: U1, message: m, pattern: x, flags: {flags}}}\n", encoding="utf-8")
    r = run_cli("check", "--grammar", "none", "--rules", str(rules), str(_article(tmp_path)))
    err = _err(r)
    assert r.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert f"{rules}: rule U1: 'flags'" in err


@pytest.mark.parametrize("opt", ["--rules", "--config"])
def test_a_device_as_rule_file_or_config_is_refused_without_reading(tmp_path, opt):
    started = time.monotonic()
    r = run_cli("check", "--grammar", "none", opt, "/dev/zero", str(_article(tmp_path)))
    assert r.returncode == 2 and "/dev/zero" in _err(r) and "not a regular file" in _err(r), _err(r)
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("opt", ["--rules", "--config"])
def test_a_fifo_as_rule_file_or_config_is_refused_without_waiting(tmp_path, opt):
    fifo = tmp_path / "rules.yaml"
    os.mkfifo(fifo)  # nobody ever writes to it: opening it for reading the usual way would wait forever
    r = run_cli("check", "--grammar", "none", opt, str(fifo), str(_article(tmp_path)))
    assert r.returncode == 2 and "a FIFO" in _err(r) and "not a regular file" in _err(r), _err(r)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_an_oversized_rule_file_is_refused(tmp_path):
    from cleanup.read.small import MAX_SMALL_FILE

    rules = tmp_path / "big.yaml"
    with open(rules, "w", encoding="utf-8") as fh:
        fh.write("rules:\n")
        fh.write("# padding\n" * (MAX_SMALL_FILE // 10 + 1))
    r = run_cli("check", "--grammar", "none", "--rules", str(rules), str(_article(tmp_path)))
    assert r.returncode == 2 and "larger than" in _err(r) and str(rules) in _err(r)


SLOW = "".join(f"  - {{id: SLOW{i}, message: slow, pattern: '(a|aa)+$', options: {{timeout: 0.4}}}}\n"
               for i in range(6))


def _invoke(*args):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2
        runner = CliRunner()
    return runner.invoke(main, [*args, "--grammar", "none"], catch_exceptions=False)


@pytest.mark.parametrize("cmd", ["check", "fix"])
def test_all_user_rules_of_a_file_share_one_time_budget(tmp_path, monkeypatch, cmd):
    """Six catastrophic rules of 0.4 s each took 2.4 s per pass before (4.8 s in `fix`, which takes two
    passes here): now the file's budget, 1 s in this test, stops them all."""
    import cleanup.regex_budget as budget_mod

    monkeypatch.setattr(budget_mod, "FILE_BUDGET", 1.0)
    rules = tmp_path / "slow.yaml"
    rules.write_text("rules:\n  - {id: FINE, message: f, pattern: Kiev, replacement: Kyiv, applicability: safe}\n"
                     + SLOW, encoding="utf-8")
    f = _article(tmp_path, "a" * 4000 + "!\nKiev. It can only stop them. by force.\n")
    started = time.thread_time()  # CPU time, as the budgets count it (the machine may be busy)
    r = _invoke(cmd, "--rules", str(rules), str(f))
    elapsed = time.thread_time() - started
    err = r.stderr_bytes.decode()
    assert elapsed < 2.0, (elapsed, err)
    assert "Traceback" not in err
    assert "time budget for this file" in err and "were not run" in err, err
    if cmd == "fix":
        assert r.stdout_bytes.decode().endswith("!\nKyiv. It can only stop them by force.\n")  # FINE still ran
