"""`mtclean fix --decisions FILE`: exactly the accepted edits, nothing else; refused when a file changed.

The decisions file is built here as the HTML report exports it (tests/test_report_browser.py exports a real
one from the page)."""
import hashlib
import json
from pathlib import Path

from conftest import SEED, run_cli

KEYS = ("rule", "name", "category", "severity", "message", "start", "end", "line", "column", "end_line", "end_column",
        "fix")


def decisions_for(paths, choose, cwd=None):
    """A decisions document for ``paths``: ``choose(path, finding) -> accepted|rejected|undecided``."""
    rep = json.loads(run_cli("check", "--format", "json", *map(str, paths), cwd=cwd).stdout)
    files = []
    for entry, p in zip(rep["files"], paths, strict=True):
        raw = (Path(cwd or ".") / p).read_bytes()
        files.append({"path": entry["path"], "sha256": hashlib.sha256(raw).hexdigest(),
                      "findings": [{**{k: f[k] for k in KEYS}, "decision": choose(entry["path"], f)}
                                   for f in entry["findings"]]})
    return {"format": "mtclean-decisions", "version": 1, "report": "test", "files": files}


def apply(text, findings):
    edits = sorted((e for f in findings for e in f["fix"]["edits"]), key=lambda e: e["start"], reverse=True)
    for e in edits:
        text = text[:e["start"]] + e["replacement"] + text[e["end"]:]
    return text


def _write(tmp_path, doc, name="decisions.json"):
    p = tmp_path / name
    p.write_text(json.dumps(doc), encoding="utf-8")
    return p


def test_applies_exactly_the_accepted_edits(tmp_path, seed_text):
    art = tmp_path / "a.txt"
    art.write_bytes(SEED.read_bytes())
    # Accept one safe fix (MT201) and one unsafe fix (the first MT103); reject MT102; MT101 stays undecided.
    picked = {}

    def choose(path, f):
        if f["rule"] == "MT201" or (f["rule"] == "MT103" and "MT103" not in picked):
            picked[f["rule"]] = f
            return "accepted"
        return "rejected" if f["rule"] == "MT102" else "undecided"

    doc = decisions_for([art], choose)
    d = _write(tmp_path, doc)
    r = run_cli("fix", "--decisions", str(d), "--in-place", str(art))
    assert r.returncode == 0, r.stderr
    assert art.read_text(encoding="utf-8") == apply(seed_text, picked.values())
    # Neither the rejected nor the undecided safe fix was applied; `mtclean fix` alone would apply both.
    got = art.read_text(encoding="utf-8")
    assert "via." in got and "stop them. by force" in got and "Kiev" not in got and "more territory." not in got


def test_audit_record_and_stdout(tmp_path, seed_text):
    art = tmp_path / "a.txt"
    art.write_bytes(SEED.read_bytes())
    d = _write(tmp_path, decisions_for([art], lambda p, f: "accepted" if f["rule"] == "MT102" else "undecided"))
    r = run_cli("fix", "--decisions", str(d), str(art))
    assert r.returncode == 0 and r.stdout.decode("utf-8") == seed_text.replace(" via.", "", 1)
    rec = json.loads(run_cli("fix", "--decisions", str(d), "--format", "json", str(art)).stdout)
    assert [f["rule"] for f in rec["files"][0]["applied"]] == ["MT102"]
    assert "decision" not in rec["files"][0]["applied"][0]
    assert len(rec["files"][0]["findings"]) == 4  # the undecided ones are left to review
    assert art.read_bytes() == SEED.read_bytes()


def test_refuses_a_file_changed_since_the_report(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(SEED.read_bytes())
    b.write_text("Weapons that Kiev says will help Kyiv.\n", encoding="utf-8")
    d = _write(tmp_path, decisions_for([a, b], lambda p, f: "accepted"))
    a.write_bytes(SEED.read_bytes() + b"One more line.\n")
    r = run_cli("fix", "--decisions", str(d), "--in-place", str(a), str(b))
    assert r.returncode == 2
    err = [line for line in r.stderr.decode().splitlines() if line.startswith("mtclean: error")]
    assert len(err) == 1 and "a.txt: changed since the report was made" in err[0]
    assert a.read_bytes() == SEED.read_bytes() + b"One more line.\n"  # untouched
    assert b.read_text(encoding="utf-8") == "Weapons that Kyiv says will help Kyiv.\n"  # the rest of the batch goes on


def test_files_outside_the_decisions_and_bad_files(tmp_path):
    a, other = tmp_path / "a.txt", tmp_path / "other.txt"
    a.write_bytes(SEED.read_bytes())
    other.write_text("Kiev.\n", encoding="utf-8")
    d = _write(tmp_path, decisions_for([a], lambda p, f: "accepted"))
    r = run_cli("fix", "--decisions", str(d), "--in-place", str(other))
    assert r.returncode == 2 and b"not in the decisions file" in r.stderr
    assert other.read_text(encoding="utf-8") == "Kiev.\n"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for f, what in ((bad, b"cannot read the decisions file"), (tmp_path / "none.json", b"no such decisions file"),
                    (_write(tmp_path, {"files": []}, "x.json"), b"not a decisions file")):
        r = run_cli("fix", "--decisions", str(f), str(a))
        assert r.returncode == 2 and what in r.stderr and b"Traceback" not in r.stderr
        assert len(r.stderr.decode().strip().splitlines()) == 1
    r = run_cli("fix", "--decisions", str(d), "--unsafe-fixes", str(a))
    assert r.returncode == 2 and b"--unsafe-fixes" in r.stderr


def test_overlapping_accepted_edits_are_refused(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("We saw Kiev today, not Kyiv.\n", encoding="utf-8")
    doc = decisions_for([a], lambda p, f: "accepted")
    f = doc["files"][0]["findings"][0]
    clash = {**f, "rule": "HS1", "fix": {"applicability": "unsafe",
                                         "edits": [{"start": f["start"] + 1, "end": f["end"], "replacement": "x"}]}}
    doc["files"][0]["findings"].append(clash)
    r = run_cli("fix", "--decisions", str(_write(tmp_path, doc)), "--in-place", str(a))
    assert r.returncode == 2 and b"overlap" in r.stderr and b"MT201" in r.stderr and b"HS1" in r.stderr
    assert a.read_text(encoding="utf-8") == "We saw Kiev today, not Kyiv.\n"


def test_found_by_name_and_hash_from_another_folder(tmp_path):
    sub = tmp_path / "articles"
    sub.mkdir()
    (sub / "a.txt").write_text("Weapons that Kiev says will help Kyiv.\n", encoding="utf-8")
    d = _write(tmp_path, decisions_for(["articles/a.txt"], lambda p, f: "accepted", cwd=tmp_path))
    assert json.loads(d.read_text())["files"][0]["path"] == "articles/a.txt"
    r = run_cli("fix", "--decisions", str(d), "a.txt", cwd=sub)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"Weapons that Kyiv says will help Kyiv.\n"
