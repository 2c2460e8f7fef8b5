"""The command line as users meet it: exit codes, errors, outputs."""
import json

from conftest import SEED, run_cli

CLEAN = ("The city council approved the budget on Tuesday. Members said the plan, which includes new bus "
         "routes, would take effect in March.\nThe mayor thanked residents for their patience.\n")


def test_clean_prose_exits_zero(tmp_path):
    f = tmp_path / "clean.txt"
    f.write_text(CLEAN, encoding="utf-8")
    r = run_cli("check", str(f))
    assert r.returncode == 0, r.stdout
    assert b"No findings" in r.stdout


def test_missing_file_is_one_clear_line_and_exit_2(tmp_path):
    r = run_cli("check", str(tmp_path / "nope.txt"))
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert any("nope.txt: no such file" in line for line in err)
    assert b"Traceback" not in r.stderr


def test_json_missing_file_gets_an_entry_with_error(tmp_path):
    r = run_cli("check", "--format", "json", str(tmp_path / "nope.txt"), str(SEED))
    assert r.returncode == 2
    rep = json.loads(r.stdout)
    assert rep["files"][0]["findings"] == [] and "no such file" in rep["files"][0]["error"]
    assert rep["files"][1]["error"] is None and rep["files"][1]["findings"]
    assert rep["summary"]["errors"] == 1 and rep["summary"]["files"] == 2


def test_fail_on_error_ignores_warnings(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Weapons that Kiev says will help Kyiv.\n", encoding="utf-8")
    assert run_cli("check", str(f)).returncode == 1
    assert run_cli("check", "--fail-on", "error", str(f)).returncode == 0


def test_stdin_to_stdout():
    r = run_cli("fix", "-", input=b"Weapons that Kiev says will help Kyiv.\n")
    assert r.returncode == 0
    assert r.stdout == b"Weapons that Kyiv says will help Kyiv.\n"


def test_in_place_rewrites_and_backup_keeps_original(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"Weapons that Kiev says will help Kyiv.\r\n")
    r = run_cli("fix", "--in-place", "--backup", str(f))
    assert r.returncode == 0, r.stderr
    assert f.read_bytes() == b"Weapons that Kyiv says will help Kyiv.\r\n"
    assert (tmp_path / "a.txt.orig").read_bytes() == b"Weapons that Kiev says will help Kyiv.\r\n"


def test_output_equal_to_input_is_refused(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kiev.\n", encoding="utf-8")
    r = run_cli("fix", str(f), "-o", str(f))
    assert r.returncode == 2 and b"--in-place" in r.stderr
    r = run_cli("fix", str(f), "-o", str(tmp_path))
    assert r.returncode == 2 and b"folder" in r.stderr


def test_several_inputs_need_a_destination(tmp_path):
    r = run_cli("fix", str(SEED), str(SEED))
    assert r.returncode == 2 and b"--output-dir" in r.stderr


def test_rules_and_explain():
    r = run_cli("rules")
    assert r.returncode == 0 and b"MT101" in r.stdout and b"stray-period" in r.stdout
    r = run_cli("explain", "MT102")
    assert r.returncode == 0 and b"via." in r.stdout
    r = run_cli("explain", "MT999")
    assert r.returncode == 2 and b"no rule" in r.stderr


def test_select_and_ignore(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Weapons that Kiev says will help Kyiv. It can only stop them. by force, he said.\n", encoding="utf-8")
    rep = json.loads(run_cli("check", "--format", "json", "--select", "MT101", str(f)).stdout)
    assert {x["rule"] for x in rep["files"][0]["findings"]} == {"MT101"}
    rep = json.loads(run_cli("check", "--format", "json", "--ignore", "names", str(f)).stdout)
    assert "MT201" not in {x["rule"] for x in rep["files"][0]["findings"]}
