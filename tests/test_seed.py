"""Golden tests on the seed article: exactly what mtclean finds and fixes there."""
import json

from conftest import FIXTURES, SEED, run_cli

GOLDEN_FIXED = FIXTURES / "seed" / "article.fixed.txt"
GOLDEN_JSON = FIXTURES / "seed" / "article.check.json"


def test_fix_output_matches_golden_file():
    r = run_cli("fix", str(SEED.relative_to(FIXTURES.parent)))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == GOLDEN_FIXED.read_text(encoding="utf-8")


def test_fix_changes_exactly_the_three_artifact_lines(seed_text):
    fixed = GOLDEN_FIXED.read_text(encoding="utf-8")
    before, after = seed_text.splitlines(keepends=True), fixed.splitlines(keepends=True)
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 3
    assert "weapons that Kyiv says" in after[11] and "Kiev" not in fixed
    assert "this month. If Moscow moves deeper" in fixed and "via." not in fixed
    assert "It can only stop them by force,” he added." in fixed
    # The flagged-only fragments are left for the editor.
    assert "country. more territory." in fixed and "Endless to unleash on the battlefield." in fixed


def test_check_findings_match_golden_json():
    r = run_cli("check", "--format", "json", str(SEED.relative_to(FIXTURES.parent)))
    assert r.returncode == 1
    got = json.loads(r.stdout)
    assert got == json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))


def test_check_flags_the_fragments_and_stays_short(seed_text):
    r = run_cli("check", "--format", "json", str(SEED))
    findings = json.loads(r.stdout)["files"][0]["findings"]
    flagged = {seed_text[f["start"]:f["end"]] for f in findings}
    assert "more territory." in flagged
    assert "Endless to unleash on the battlefield." in flagged
    assert len(findings) <= 15
    for f in findings:
        line = seed_text.splitlines()[f["line"] - 1]
        assert line[f["column"] - 1:].startswith(seed_text[f["start"]:f["end"]].split("\n")[0])


def test_diff_is_a_unified_diff():
    r = run_cli("fix", "--diff", "fixtures/seed/article.txt")
    out = r.stdout.decode()
    assert out.startswith("--- a/fixtures/seed/article.txt\n+++ b/fixtures/seed/article.txt\n@@ ")
    assert out.count("\n-") == 3 and out.count("\n+") == 3 + 1  # three lines changed, plus the +++ header


def test_fix_to_output_file_leaves_input_alone(tmp_path, seed_text):
    art = tmp_path / "a.txt"
    art.write_bytes(SEED.read_bytes())
    out = tmp_path / "clean.txt"
    r = run_cli("fix", str(art), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert art.read_bytes() == SEED.read_bytes()
    assert out.read_text(encoding="utf-8") == GOLDEN_FIXED.read_text(encoding="utf-8")
