"""Datasets without a cluster: the plan, the command line's checks and errors, the output folder's rules
(--resume, --overwrite), formats, and what `mtclean check FILE` must not import. The runs here use
--engine local --jobs 1 (in this process); tests/test_dataset_dask.py covers the engines."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanup.dataset.inputs import (
    DatasetError,
    InputFile,
    jsonl_lines,
    parse_size,
    plan,
)
from dataset_helpers import (
    ROOT,
    SEED,
    cli,
    documents,
    markers,
    parts,
    read_rows,
    same_parts,
    write_jsonl,
    write_parquet,
)

pyarrow = pytest.importorskip("pyarrow", reason="the dataset tests need pyarrow (pip install '.[test]')")


def local(*args):
    return cli(*args, "--engine", "local", "--jobs", "1")


@pytest.fixture
def small(tmp_path):
    rows = [{"id": i, "text": t} for i, t in enumerate(documents(12, seed=3))]
    return write_jsonl(tmp_path / "small.jsonl", rows), rows


# -- the plan -----------------------------------------------------------------------------------------------
@given(st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=30),
       st.integers(1, 120), st.booleans())
def test_byte_ranges_give_every_line_once(tmp_path_factory, lines, size, final_newline):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path_factory.mktemp("plan") / "x.jsonl"
    path.write_bytes(data)
    parts_ = plan([InputFile(str(path), str(path), "jsonl", len(data))], size)
    got = [(pos, line) for p in parts_ for pos, line in jsonl_lines(p)]
    expected, pos = [], 0
    for line in (x + b"\n" for x in data.split(b"\n")):
        line = line if pos + len(line) <= len(data) else line[:-1]
        if line:
            expected.append((pos, line))
        pos += len(line)
    assert got == expected
    assert len(parts_) == max(1, -(-len(data) // size))


def test_parse_size():
    assert parse_size("32MB") == 32_000_000
    assert parse_size("256MiB") == 256 * 2**20
    assert parse_size("1.5 kB") == 1500
    assert parse_size("1000") == 1000
    for bad in ("lots", "12XB", "0"):
        with pytest.raises(DatasetError):
            parse_size(bad)


def test_parquet_partitions_follow_row_groups(tmp_path):
    rows = [{"id": i, "text": "Some text. " * 20} for i in range(100)]
    path = write_parquet(tmp_path / "p.parquet", rows, row_group_size=10)
    size = path.stat().st_size
    f = InputFile(str(path), str(path), "parquet", size)
    ten = plan([f], 1)
    assert [p.row_groups for p in ten] == [(i,) for i in range(10)]
    assert [p.first_row for p in ten] == list(range(0, 100, 10))
    assert [p.row_groups for p in plan([f], 10 * size)] == [tuple(range(10))]


# -- the command line ---------------------------------------------------------------------------------------
def test_usage_errors_are_one_line(small, tmp_path):
    src, _ = small
    out = tmp_path / "out"
    seed = str(SEED)
    cases = [
        (["fix", src, "--output", out], "needs --text-column NAME"),
        (["fix", src, "--text-column", "text"], "add --output OUT/"),
        (["check", src, "--text-column", "text"], "add --output OUT/"),
        (["fix", src, "--text-column", "text", "-o", out, "--resume", "--overwrite"], "only one of --resume"),
        (["fix", src, "--text-column", "text", "-o", out, "--workers", "2"], "--workers goes with --engine dask"),
        (["fix", src, "--text-column", "text", "-o", out, "--engine", "dask", "--jobs", "2"], "--jobs is for"),
        (["fix", src, "--text-column", "text", "-o", out, "--diff"], "--diff applies to files"),
        (["fix", src, "--text-column", "text", "-o", out, "--encoding", "cp1252"], "--encoding applies to files"),
        (["check", src, "--text-column", "text", "-o", out, "--format", "json"], "--format applies to files"),
        (["fix", src, "--text-column", "text", "-o", out, "--partition-size", "big"], "--partition-size 'big'"),
        (["fix", tmp_path / "nope.jsonl", "--text-column", "text", "-o", out], "no such file or folder"),
        (["fix", seed, "--text-column", "text", "-o", out], "not a dataset file"),
        (["check", seed, "--engine", "dask"], "--engine applies to datasets"),
        (["fix", src, "--text-column", "text", "--id-column", "text", "-o", out], "name the same column"),
        (["fix", src, "--text-column", "text", "-o", out, "--grammar", "languagetool"], "not available for datasets"),
    ]
    for args, message in cases:
        code, _, err = cli(*args)
        assert code == 2, (args, err)
        assert err.startswith("mtclean: error: ") and err.count("\n") == 1 and message in err, (args, err)
    assert not out.exists()


def test_dask_engine_without_dask_names_the_extra(small, tmp_path, monkeypatch):
    src, _ = small
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if mtclean[dask] were not installed
    code, _, err = cli("fix", src, "--text-column", "text", "-o", tmp_path / "o", "--engine", "dask")
    assert code == 2 and "pip install 'mtclean[dask]'" in err


def test_input_problems(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"text": "x"}])
    write_parquet(tmp_path / "b.parquet", [{"body": "x", "n": 1}])
    code, _, err = local("fix", tmp_path / "a.jsonl", tmp_path / "b.parquet", "--text-column", "text",
                         "-o", tmp_path / "o")
    assert code == 2 and "one run takes one format" in err
    code, _, err = local("fix", tmp_path / "b.parquet", "--text-column", "text", "-o", tmp_path / "o")
    assert code == 2 and "b.parquet: no column 'text' for --text-column (its columns: body, n)" in err
    (tmp_path / "c.parquet").write_bytes(b"not parquet at all")
    code, _, err = local("fix", tmp_path / "c.parquet", "--text-column", "text", "-o", tmp_path / "o")
    assert code == 2 and "c.parquet: not a readable Parquet file" in err


def test_file_mode_is_unchanged_and_imports_no_dataset_machinery():
    # Cold start matters: `mtclean check FILE` imports neither Dask, nor pyarrow, nor pandas.
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "cleanup", "check", str(SEED)],
                       capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert r.returncode == 1 and "MT101" in r.stdout
    heavy = [line for line in r.stderr.splitlines()
             if any(m in line for m in ("dask", "distributed", "pyarrow", "pandas", "numpy", "fsspec", "tqdm"))]
    assert heavy == []


# -- the output folder --------------------------------------------------------------------------------------
def test_output_files_and_summary(small, tmp_path):
    src, rows = small
    out = tmp_path / "out"
    code, stdout, err = local("fix", src, "--text-column", "text", "--id-column", "id", "-o", out,
                              "--partition-size", "2kB")
    assert code == 0 and stdout == ""
    n = len(parts(out))
    assert n == -(-src.stat().st_size // 2000)
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in parts(out)] + [
        "_SUCCESS", "_manifest.json", "_markers"])
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["command"] == "fix" and len(manifest["partitions"]) == n
    assert manifest["arguments"]["text_column"] == "text" and len(manifest["ruleset_hash"]) == 64
    assert manifest["output_columns"] == ["mtclean_text", "mtclean_changed", "mtclean_n_findings",
                                          "mtclean_by_rule", "mtclean_findings", "mtclean_error"]
    ms = markers(out)
    assert sorted(ms) == list(range(n)) and sum(m["rows"] for m in ms.values()) == len(rows)
    success = json.loads((out / "_SUCCESS").read_text())
    out_rows = read_rows(out)
    assert success["rows"] == len(rows) and success["changed"] == sum(r["mtclean_changed"] for r in out_rows)
    by_rule: dict = {}
    for r in out_rows:
        for f in r["mtclean_findings"]:
            if f["applied"]:
                by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    assert success["fixed_by_rule"] == dict(sorted(by_rule.items()))
    assert f"mtclean: {len(rows)} rows processed, {success['changed']} changed" in err
    assert f"{n} partitions, 0 failed (local" in err and "_SUCCESS written" in err


def test_output_must_be_empty_unless_resume_or_overwrite(small, tmp_path):
    src, _ = small
    out = tmp_path / "out"
    args = ("fix", src, "--text-column", "text", "-o", out, "--partition-size", "3kB")
    assert local(*args)[0] == 0
    first = {p.name: p.read_bytes() for p in parts(out)}
    code, _, err = local(*args)
    assert code == 2 and "--output is not empty; add --resume" in err

    code, _, err = local(*args, "--resume")  # everything done already: nothing to redo
    assert code == 0 and f"{len(first)} done earlier" in err and (out / "_SUCCESS").exists()

    code, _, err = local(*args, "--overwrite")
    assert code == 0 and {p.name: p.read_bytes() for p in parts(out)} == first

    (out / "notes.txt").write_text("mine")
    code, _, err = local(*args, "--overwrite")
    assert code == 2 and "has files mtclean did not write (e.g. notes.txt)" in err
    assert (out / "notes.txt").exists() and (out / "_SUCCESS").exists()

    (tmp_path / "file").write_text("x")
    code, _, err = local("fix", src, "--text-column", "text", "-o", tmp_path / "file")
    assert code == 2 and "is not a folder" in err


def test_resume_refuses_another_run(small, tmp_path):
    src, rows = small
    out = tmp_path / "out"
    args = ("fix", src, "--text-column", "text", "-o", out, "--partition-size", "3kB")
    assert local(*args)[0] == 0
    code, _, err = local(*args, "--resume", "--select", "MT1")
    assert code == 2 and "the rules or config changed since this run started" in err
    code, _, err = local(*args, "--resume", "--unsafe-fixes")
    assert code == 2 and "rules or config changed" in err
    code, _, err = local("fix", src, "--text-column", "text", "-o", out, "--partition-size", "4kB", "--resume")
    assert code == 2 and "the partition plan changed" in err
    code, _, err = local("check", src, "--text-column", "text", "-o", out, "--partition-size", "3kB", "--resume")
    assert code == 2 and "holds a `mtclean fix` run, not `check`" in err
    write_jsonl(src, rows + [{"id": 99, "text": "One more."}])
    code, _, err = local(*args, "--resume")
    assert code == 2 and "the partition plan changed" in err
    (out / "_manifest.json").unlink()
    code, _, err = local(*args, "--resume")
    assert code == 2 and "has no _manifest.json" in err


def test_exit_codes(small, tmp_path):
    src, _ = small
    common = (src, "--text-column", "text")
    assert local("check", *common, "-o", tmp_path / "a")[0] == 1  # findings at warning or above
    assert local("check", *common, "-o", tmp_path / "b", "--fail-on", "never")[0] == 0
    assert local("fix", *common, "-o", tmp_path / "c")[0] == 0
    assert local("fix", *common, "-o", tmp_path / "d", "--exit-non-zero-on-fix")[0] == 1
    assert local("fix", *common, "-o", tmp_path / "f", "--fail-on", "info")[0] == 1  # findings left after fix
    assert local("check", *common, "-o", tmp_path / "g", "--exit-zero")[0] == 0
    code, _, err = local("check", *common, "-o", tmp_path / "e", "--quiet")
    assert code == 1 and err == ""


# -- formats ------------------------------------------------------------------------------------------------
def test_jsonl_keeps_each_input_line_exactly(tmp_path):
    lines = [b'{ "text" :  "Caf\\u00e9 it. the army said so.",   "x": 1.10, "nested": {"a": [1, 2]} }',
             b'{"text": "Ok.", "mtclean_text": "old", "keep": true}',
             b'{}']
    src = tmp_path / "odd.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n")  # a BOM and CRLF line ends
    out = tmp_path / "o"
    code, _, err = local("fix", src, "--text-column", "text", "-o", out)
    assert code == 0, err
    data = parts(out)[0].read_bytes().split(b"\n")
    assert data[0].startswith(lines[0][:-1].rstrip() + ',"mtclean_text":"Café it. The army said so."'.encode())
    first = json.loads(data[0])
    assert first["x"] == 1.10 and first["nested"] == {"a": [1, 2]} and first["mtclean_changed"] is True
    second = json.loads(data[1])  # an earlier run's mtclean_ keys are replaced, the rest kept
    assert second["mtclean_text"] == "Ok." and second["keep"] is True and list(second)[:2] == ["text", "keep"]
    assert json.loads(data[2])["mtclean_error"] == "no 'text' key"


def test_gzip_in_gzip_out_and_deterministic(small, tmp_path):
    _, rows = small
    src = write_jsonl(tmp_path / "small.jsonl.gz", rows, gz=True)
    plain = write_jsonl(tmp_path / "plain.jsonl", rows)
    for out in ("a", "b"):
        assert local("fix", src, "--text-column", "text", "-o", tmp_path / out)[0] == 0
    assert [p.name for p in parts(tmp_path / "a")] == ["part-00000.jsonl.gz"]
    assert same_parts(tmp_path / "a", tmp_path / "b")
    assert local("fix", plain, "--text-column", "text", "-o", tmp_path / "p")[0] == 0
    assert gzip.decompress(parts(tmp_path / "a")[0].read_bytes()) == parts(tmp_path / "p")[0].read_bytes()


def test_empty_partitions_have_the_full_schema(tmp_path):
    import pyarrow.parquet as pq

    (tmp_path / "empty.jsonl").write_bytes(b"")
    long_line = json.dumps({"text": "It can only stop them. by force. " * 30}).encode() + b"\n"
    (tmp_path / "long.jsonl").write_bytes(long_line)  # one line across five ranges: four are empty
    out = tmp_path / "o"
    code, _, err = local("fix", tmp_path, "--text-column", "text", "-o", out, "--partition-size",
                         str(len(long_line) // 5 + 1))
    assert code == 0, err
    sizes = [p.stat().st_size for p in parts(out)]
    assert len(sizes) == 6 and sizes[0] == 0 and sizes[1] > 0 and sizes[2:] == [0] * 4

    rows = [{"id": i, "text": "Fine. the end."} for i in range(3)]
    write_parquet(tmp_path / "p.parquet", rows)
    write_parquet(tmp_path / "none.parquet", [], schema=pq.read_schema(tmp_path / "p.parquet"))
    out = tmp_path / "op"
    code, _, err = local("fix", tmp_path / "none.parquet", tmp_path / "p.parquet", "--text-column", "text",
                         "-o", out)
    assert code == 0, err
    empty, full = (pq.read_table(p) for p in parts(out))
    assert empty.num_rows == 0 and full.num_rows == 3 and empty.schema == full.schema
    assert full.schema.names == ["id", "text", "mtclean_text", "mtclean_changed", "mtclean_n_findings",
                                 "mtclean_by_rule", "mtclean_findings", "mtclean_error"]


def test_parquet_schemas_are_unified_and_rows_numbered(tmp_path):
    write_parquet(tmp_path / "a.parquet", [{"id": 1, "text": "One. the end."}])
    write_parquet(tmp_path / "b.parquet", [{"id": 2, "text": None, "extra": "e"}])
    out = tmp_path / "o"
    code, _, err = local("fix", tmp_path, "--text-column", "text", "--id-column", "id", "-o", out)
    assert code == 0, err
    got = read_rows(out)
    assert [(r["id"], r["extra"], r["mtclean_error"]) for r in got] == [(1, None, None), (2, "e", "text is null")]
    assert "b.parquet row 0 [id=2]: text is null" in err


def test_folders_globs_and_hidden_files(small, tmp_path):
    _, rows = small
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    write_jsonl(d / "one.jsonl", rows[:5])
    write_jsonl(d / "sub" / "two.jsonl", rows[5:])
    write_jsonl(d / "_skip.jsonl", rows)
    write_jsonl(d / ".hidden.jsonl", rows)
    (d / "notes.txt").write_text("not data")
    code, _, err = local("fix", str(d / "**" / "*.jsonl"), "--text-column", "text", "-o", tmp_path / "g")
    assert code == 0, err
    assert len(read_rows(tmp_path / "g")) == len(rows)
    out = d / "out"  # inside the input folder: never read as input
    assert local("fix", d, "--text-column", "text", "-o", out)[0] == 0
    assert [r["id"] for r in read_rows(out)] == [r["id"] for r in rows]
    assert local("fix", d, "--text-column", "text", "-o", out, "--overwrite")[0] == 0
    assert len(read_rows(out)) == len(rows)


def test_fsspec_urls_for_input_and_output(small, tmp_path):
    pytest.importorskip("fsspec")
    src, rows = small
    code, _, err = local("fix", f"file://{src}", "--text-column", "text", "-o", "memory://mtclean-test/out")
    assert code == 0, err
    import fsspec

    fs = fsspec.filesystem("memory")
    names = sorted(p.rsplit("/", 1)[-1] for p in fs.find("/mtclean-test/out"))
    assert "_SUCCESS" in names and "part-00000.jsonl" in names and not any(n.endswith(".tmp") for n in names)
    lines = fs.cat("/mtclean-test/out/part-00000.jsonl").splitlines()
    assert [json.loads(x)["id"] for x in lines] == [r["id"] for r in rows]


def test_a_worker_with_other_code_refuses(small, tmp_path):
    from cleanup.dataset.partition import Job, WorkerMismatch, run_partition
    from cleanup.runner import Settings

    src, _ = small
    f = InputFile(str(src), str(src), "jsonl", src.stat().st_size)
    job = Job(mode="fix", settings=Settings(), text_column="text", id_column=None, out_root=str(tmp_path / "o"),
              out_suffix=".jsonl", width=5, ruleset_hash="r", code_hash="0" * 64, run_id="x")
    with pytest.raises(WorkerMismatch, match="different mtclean"):
        run_partition(plan([f], 10**9)[0], job)
    assert not (tmp_path / "o").exists()
