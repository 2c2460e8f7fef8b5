"""File names that are not UTF-8 or hold a line break never break a report: the JSON
report stays valid UTF-8, and every line of the text report is one finding."""
from __future__ import annotations

import json
import os

from conftest import run_cli

A = "It can only stop them. by force.\n"


def _folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    with open(os.path.join(os.fsencode(d), b"caf\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write(A)
    (d / "line\nbreak.txt").write_text(A, encoding="utf-8")
    return d


def test_the_json_report_is_valid_utf8_whatever_the_file_names(tmp_path):
    d = _folder(tmp_path)
    r = run_cli("check", "--grammar", "none", "--format", "json", str(d))
    rep = json.loads(r.stdout.decode("utf-8"))  # strict: raw bytes of a file name would fail here
    paths = sorted(f["path"] for f in rep["files"])
    assert paths == sorted([str(d / "caf\\xe9.txt"), str(d / "line\nbreak.txt")])
    assert all(len(f["findings"]) == 1 for f in rep["files"])


def test_each_line_of_the_text_report_is_one_finding(tmp_path):
    d = _folder(tmp_path)
    r = run_cli("check", "--grammar", "none", "--quiet", "--format", "concise", str(d))
    lines = r.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2 and all(x.startswith(str(d)) and ": MT101 " in x for x in lines), lines
    assert f"{d}/line\\nbreak.txt:1:22: MT101" in lines[1] or f"{d}/line\\nbreak.txt:1:22: MT101" in lines[0]
    assert any("caf\\xe9.txt:1:22" in x for x in lines)


def test_an_error_about_such_a_file_is_one_line(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "bad\nname.txt").write_bytes(b"\x00binary")
    r = run_cli("check", "--grammar", "none", "--quiet", str(d / "bad\nname.txt"))
    err = [x for x in r.stderr.decode("utf-8").splitlines() if x]
    assert r.returncode == 2 and len(err) == 1 and "bad\\nname.txt" in err[0], err
