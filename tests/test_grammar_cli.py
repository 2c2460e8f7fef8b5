"""`mtclean check|fix --grammar ...` end to end, against tests/ltserver.py on 127.0.0.1."""
import json
import socket

import pytest

from conftest import run_cli
from ltserver import FakeLanguageTool

A_APPLE = "She ate a apple in Kyiv on Monday.\n"


@pytest.fixture
def fake():
    with FakeLanguageTool() as srv:
        yield srv


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _write(tmp_path, text=A_APPLE, name="a.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def _lt(report, rule_id):
    return [(f["start"], f["end"]) for fl in report["files"] for f in fl["findings"] if f["rule"] == rule_id]


def test_check_json_reports_languagetool_finding(tmp_path, fake):
    f = _write(tmp_path)
    r = run_cli("check", "--grammar", "languagetool", "--languagetool-url", fake.url, "--format", "json", str(f))
    assert r.returncode == 1, r.stderr
    spans = _lt(json.loads(r.stdout), "LT:EN_A_VS_AN")
    assert [A_APPLE[s:e] for s, e in spans] == ["a apple"]
    finding = json.loads(r.stdout)["files"][0]["findings"][0]
    assert finding["name"] == "en-a-vs-an" and finding["fix"]["applicability"] == "unsafe"


def test_url_from_environment(tmp_path, fake):
    f = _write(tmp_path)
    r = run_cli("check", "--grammar", "languagetool", "--format", "json", str(f), env={"MTCLEAN_LT_URL": fake.url})
    assert _lt(json.loads(r.stdout), "LT:EN_A_VS_AN"), r.stderr


def test_languagetool_disable(tmp_path, fake):
    f = _write(tmp_path)
    r = run_cli("check", "--grammar", "languagetool", "--languagetool-url", fake.url,
                "--languagetool-disable", "EN_A_VS_AN", "--format", "json", str(f))
    assert _lt(json.loads(r.stdout), "LT:EN_A_VS_AN") == []
    assert "EN_A_VS_AN" in fake.last_form["disabledRules"].split(",")


def test_unreachable_server_exits_2_with_one_line(tmp_path):
    f = _write(tmp_path)
    url = f"http://127.0.0.1:{_closed_port()}/"
    r = run_cli("check", "--grammar", "languagetool", "--languagetool-url", url, str(f))
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("mtclean: error: LanguageTool server at " + url), err
    assert "unreachable" in err[0]
    assert b"Traceback" not in r.stderr and r.stdout == b""


def test_auto_with_unreachable_server_is_a_note_and_runs_without(tmp_path):
    f = _write(tmp_path, "Weapons that Kiev says will help Kyiv.\n")
    r = run_cli("check", "--grammar", "auto", "--languagetool-url", f"http://127.0.0.1:{_closed_port()}",
                "--format", "json", str(f))
    assert r.returncode == 1
    assert [x["rule"] for x in json.loads(r.stdout)["files"][0]["findings"]] == ["MT201"]
    notes = [ln for ln in r.stderr.decode().splitlines() if "LanguageTool" in ln]
    assert len(notes) == 1 and notes[0].startswith("mtclean: note:")


def test_server_failing_mid_run(tmp_path, fake):
    f = _write(tmp_path, "Weapons that Kiev says a apple will help Kyiv.\n")
    fake.fail_status = 500  # /v2/languages answers, every /v2/check fails
    r = run_cli("check", "--grammar", "languagetool", "--languagetool-url", fake.url, str(f))
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    assert "HTTP 500" in r.stderr.decode().strip().splitlines()[-1]
    r = run_cli("check", "--grammar", "auto", "--languagetool-url", fake.url, "--format", "json", str(f))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    assert [x["rule"] for x in json.loads(r.stdout)["files"][0]["findings"]] == ["MT201"]
    assert "HTTP 500" in r.stderr.decode()


def test_fix_applies_safe_languagetool_fixes(fake):
    r = run_cli("fix", "--grammar", "languagetool", "--languagetool-url", fake.url, "-",
                input=b"Troops  entered the city , officials said, and ate a apple.\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"Troops entered the city, officials said, and ate a apple.\n"


def _batch_report(tmp_path, url, n: int, jobs: str) -> dict:
    """The JSON report of `check` with LanguageTool over ``n`` one-line articles, each with an "a apple"."""
    d = tmp_path / "batch"
    d.mkdir()
    for i in range(n):
        _write(d, f"Report {i}: she ate a apple in Kyiv on Monday.\n", f"{i:03}.txt")
    r = run_cli("check", "--grammar", "languagetool", "--languagetool-url", url, "--format", "json",
                "-j", jobs, str(d))
    return json.loads(r.stdout)


def test_200_file_batch_uses_one_session(tmp_path, fake):
    report = _batch_report(tmp_path, fake.url, 200, "1")
    assert len(report["files"]) == 200
    assert all(any(x["rule"] == "LT:EN_A_VS_AN" for x in fl["findings"]) for fl in report["files"])
    assert fake.checks == 200 and fake.connections == 1


def test_threaded_batch_shares_the_session(tmp_path, fake):
    report = _batch_report(tmp_path, fake.url, 30, "3")
    assert len(_lt(report, "LT:EN_A_VS_AN")) == 30
    assert fake.checks == 30 and 1 <= fake.connections <= 3
