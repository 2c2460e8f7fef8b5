"""Datasets on a 2-worker Dask LocalCluster (processes, no dashboard, no network beyond loopback): the same
output as --engine local and as `mtclean fix` on files; two worker processes; failures, retries and
resumption; bad rows kept and reported; SIGKILL then --resume.

One cluster for the module; the CLI runs in this process and reaches it with --scheduler, except where a
run must be killed (a subprocess with its own cluster, killed with its process group).
"""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dataset tests need mtclean[dask] (pip install '.[test]')")
pytest.importorskip("pyarrow", reason="the dataset tests need pyarrow (pip install '.[test]')")

from dataset_helpers import (
    ROOT,
    cli,
    documents,
    markers,
    parts,
    read_rows,
    same_parts,
    write_jsonl,
    write_parquet,
)

N_DOCS = 90


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as lc, Client(lc, set_as_default=False) as client:
        yield lc.scheduler_address, client


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The same documents as JSONL (one file, several byte ranges) and as Parquet (row groups of 15), with a
    config beside them that changes a severity (so the config is seen to apply everywhere)."""
    d = tmp_path_factory.mktemp("data")
    (d / "mtclean.toml").write_text('[severity]\nMT103 = "error"\n', encoding="utf-8")
    docs = documents(N_DOCS)
    rows = [{"id": f"doc-{i}", "text": t, "n": i} for i, t in enumerate(docs)]
    jsonl = write_jsonl(d / "docs.jsonl", rows)
    parquet = write_parquet(d / "docs.parquet", rows, row_group_size=15)
    size = str(jsonl.stat().st_size // 5 + 1)  # five partitions
    return {"dir": d, "docs": docs, "rows": rows, "jsonl": jsonl, "parquet": parquet, "size": size}


@pytest.fixture(scope="module")
def baseline(data, tmp_path_factory):
    """The uninterrupted run with --engine local --jobs 2 that the Dask runs are compared with."""
    out = tmp_path_factory.mktemp("baseline") / "out"
    code, _, err = cli("fix", data["jsonl"], "--text-column", "text", "--id-column", "id", "--output", out,
                       "--partition-size", data["size"], "--engine", "local", "--jobs", "2")
    assert code == 0, err
    return out


def dask_fix(data, scheduler, out, *extra, source="jsonl"):
    return cli("fix", data[source], "--text-column", "text", "--id-column", "id", "--output", out,
               "--partition-size", data["size"], "--engine", "dask", "--scheduler", scheduler, *extra)


# 1 -------------------------------------------------------------------------------------------------------
def test_dask_equals_local_and_fix_on_files(cluster, data, baseline, tmp_path):
    scheduler, _ = cluster
    out = tmp_path / "dask"
    code, _, err = dask_fix(data, scheduler, out)
    assert code == 0, err
    assert len(parts(out)) == 5 and same_parts(out, baseline)
    rows = read_rows(out)
    assert [r["id"] for r in rows] == [r["id"] for r in data["rows"]]
    assert f"{N_DOCS} rows processed" in err

    # The same texts as files, through the file path of the CLI (same config: it sits above both).
    files = data["dir"] / "as-files"
    files.mkdir(exist_ok=True)
    for i, t in enumerate(data["docs"]):
        (files / f"{i:03d}.txt").write_bytes(t.encode("utf-8"))
    fixed = tmp_path / "fixed"
    code, _, err = cli("fix", files, "--output-dir", fixed, "--jobs", "1")
    assert code == 0, err
    code, left_json, _ = cli("check", "--format", "json", fixed, "--jobs", "1",
                             "--config", data["dir"] / "mtclean.toml")
    left = {Path(f["path"]).stem: f["findings"] for f in json.loads(left_json)["files"]}
    changed = 0
    for i, r in enumerate(rows):
        after = (fixed / f"{i:03d}.txt").read_bytes().decode("utf-8")
        assert r["mtclean_text"] == after
        assert r["mtclean_changed"] == (after != data["docs"][i])
        changed += r["mtclean_changed"]
        remaining = [(f["rule"], f["start"], f["end"], f["severity"])
                     for f in r["mtclean_findings"] if not f["applied"]]
        assert remaining == [(f["rule"], f["start"], f["end"], f["severity"]) for f in left[f"{i:03d}"]]
        assert r["mtclean_n_findings"] == len(r["mtclean_findings"])
        assert r["mtclean_error"] is None
    assert 10 < changed < N_DOCS  # the documents exercise fixes, and some are left alone
    assert any(f["severity"] == "error" and f["rule"] == "MT103" for r in rows for f in r["mtclean_findings"])


def test_check_and_unsafe_fixes_equal_the_file_path(cluster, data, tmp_path):
    scheduler, _ = cluster
    files = tmp_path / "files"
    files.mkdir()
    for i, t in enumerate(data["docs"][:30]):
        (files / f"{i:03d}.txt").write_bytes(t.encode("utf-8"))
    sub = tmp_path / "sub.jsonl"
    write_jsonl(sub, data["rows"][:30])
    out = tmp_path / "check"
    code, _, err = cli("check", sub, "--text-column", "text", "--output", out, "--engine", "dask",
                       "--scheduler", scheduler, "--fail-on", "never")
    assert code == 0, err
    _, report, _ = cli("check", "--format", "json", files, "--jobs", "1")
    expected = {Path(f["path"]).stem: f["findings"] for f in json.loads(report)["files"]}
    for i, r in enumerate(read_rows(out)):
        assert "mtclean_text" not in r
        assert [(f["rule"], f["start"], f["end"], f["severity"]) for f in r["mtclean_findings"]] == [
            (f["rule"], f["start"], f["end"], f["severity"]) for f in expected[f"{i:03d}"]]
        assert not any(f["applied"] for f in r["mtclean_findings"])

    out = tmp_path / "unsafe"
    code, _, err = cli("fix", sub, "--text-column", "text", "--output", out, "--unsafe-fixes", "--engine", "dask",
                       "--scheduler", scheduler)
    assert code == 0, err
    fixed = tmp_path / "fixed"
    cli("fix", files, "--output-dir", fixed, "--unsafe-fixes", "--jobs", "1")
    texts = [r["mtclean_text"] for r in read_rows(out)]
    assert texts == [(fixed / f"{i:03d}.txt").read_bytes().decode("utf-8") for i in range(30)]


def test_parquet_dask_equals_local_and_jsonl(cluster, data, baseline, tmp_path):
    scheduler, _ = cluster
    out_d, out_l = tmp_path / "d", tmp_path / "l"
    assert dask_fix(data, scheduler, out_d, source="parquet")[0] == 0
    code, _, err = cli("fix", data["parquet"], "--text-column", "text", "--id-column", "id", "--output", out_l,
                       "--partition-size", data["size"], "--engine", "local", "--jobs", "1")
    assert code == 0, err
    assert same_parts(out_d, out_l) and len(parts(out_d)) > 1
    added = ("mtclean_text", "mtclean_changed", "mtclean_n_findings", "mtclean_findings", "mtclean_error")
    pq_rows, js_rows = read_rows(out_d), read_rows(baseline)
    assert [{k: r[k] for k in ("id", "text", "n", *added)} for r in pq_rows] == [
        {k: r[k] for k in ("id", "text", "n", *added)} for r in js_rows]
    assert [dict(r["mtclean_by_rule"]) for r in pq_rows] == [r["mtclean_by_rule"] for r in js_rows]


# 2 -------------------------------------------------------------------------------------------------------
def test_work_ran_in_both_worker_processes(cluster, data, tmp_path):
    scheduler, client = cluster
    out = tmp_path / "o"
    assert dask_fix(data, scheduler, out)[0] == 0
    pids = {m["worker"]["pid"] for m in markers(out).values()}
    workers = set(client.run(os.getpid).values())
    assert len(workers) == 2 and pids == workers and os.getpid() not in pids


# 3 -------------------------------------------------------------------------------------------------------
def test_failed_partition_then_resume_redoes_only_it(cluster, data, baseline, tmp_path, monkeypatch):
    scheduler, _ = cluster
    out = tmp_path / "o"
    monkeypatch.setenv("MTCLEAN_TEST_FAULTS", "2:raise")
    code, _, err = dask_fix(data, scheduler, out, "--retries", "1")
    assert code == 2
    assert "partition 2" in err and "injected failure" in err and "--resume" in err
    assert not (out / "_SUCCESS").exists()
    first = markers(out)
    assert sorted(first) == [0, 1, 3, 4]
    assert (out / "part-00002.jsonl").exists()  # written before the failure, never marked done
    stamps = {p.name: p.stat().st_mtime_ns for p in parts(out)}

    monkeypatch.delenv("MTCLEAN_TEST_FAULTS")
    code, _, err = dask_fix(data, scheduler, out, "--resume")
    assert code == 0, err
    assert "4 done earlier" in err
    after = markers(out)
    assert sorted(after) == [0, 1, 2, 3, 4]
    assert {i for i in after if after[i]["run_id"] != first.get(i, {}).get("run_id")} == {2}
    assert all(p.stat().st_mtime_ns == stamps[p.name] for p in parts(out) if p.name != "part-00002.jsonl")
    assert same_parts(out, baseline)
    assert len(read_rows(out)) == N_DOCS == sum(m["rows"] for m in after.values())
    success = json.loads((out / "_SUCCESS").read_text())
    assert success["rows"] == N_DOCS and success["partitions"] == 5


# 4 -------------------------------------------------------------------------------------------------------
def test_one_off_failure_is_absorbed_by_retries(cluster, data, baseline, tmp_path, monkeypatch):
    scheduler, _ = cluster
    token = tmp_path / "fired"
    monkeypatch.setenv("MTCLEAN_TEST_FAULTS", f"1:once:{token}")
    out = tmp_path / "o"
    code, _, err = dask_fix(data, scheduler, out, "--retries", "1")
    assert code == 0, err
    assert token.exists()  # the failure did happen
    assert (out / "_SUCCESS").exists() and same_parts(out, baseline)

    # A worker process that dies is replaced, and its partition retried (the local pool's own logic).
    token.unlink()
    monkeypatch.setenv("MTCLEAN_TEST_FAULTS", f"1:die-once:{token}")
    out = tmp_path / "died"
    code, _, err = cli("fix", data["jsonl"], "--text-column", "text", "--id-column", "id", "--output", out,
                       "--partition-size", data["size"], "--engine", "local", "--jobs", "2", "--retries", "1")
    assert code == 0, err
    assert token.exists() and same_parts(out, baseline)

    # Without retries the same one-off failure fails the partition.
    monkeypatch.setenv("MTCLEAN_TEST_FAULTS", f"1:once:{token}")
    token.unlink()
    code, _, err = dask_fix(data, scheduler, tmp_path / "o2", "--retries", "0")
    assert code == 2 and "partition 1" in err


# 5 -------------------------------------------------------------------------------------------------------
BAD_JSONL = [
    (b'{"id": 1, "text": "A good one. the army said so."}', None),
    (b'{"id": 2, "text": null}', "text is null"),
    (b'{"id": 3, "text": 42}', "text is a number, not a string"),
    (b'{"id": 4, "text": ["a", "list"]}', "text is a list, not a string"),
    (b'{"id": 5, "body": "no text key"}', "no 'text' key"),
    (b'{"id": 6, "text": "broken', "line is not valid JSON"),
    (b'[1, 2, 3]', "line is a JSON list, not an object"),
    (b'{"id": 8, "text": "caf\xe9"}', "line is not valid UTF-8"),
    (b'{"id": 9, "text": "\\ud800 lone"}', "unpaired surrogate (U+D800)"),
    (b'{"id": 10, "text": "' + b"word " * 1000 + b'"}', "over --max-size"),
    (b'{"id": 11, "text": "nul \\u0000 inside"}', "looks binary"),
    (b'{"id": 12, "text": ""}', None),
    (b'{"id": 13, "text": "Kyiv and Kiev. it can only stop them. by force."}', None),
]


def test_bad_rows_are_reported_and_kept(cluster, tmp_path):
    scheduler, _ = cluster
    src = tmp_path / "bad.jsonl"
    src.write_bytes(b"\n".join(line for line, _ in BAD_JSONL) + b"\n\n   \n")  # blank lines are no rows
    out = tmp_path / "o"
    code, _, err = cli("fix", src, "--text-column", "text", "--id-column", "id", "--output", out, "--engine", "dask",
                       "--scheduler", scheduler, "--max-size", "2000", "--partition-size", "300")
    assert code == 0, err
    assert len(parts(out)) > 3 and (out / "_SUCCESS").exists()
    rows = read_rows(out)
    assert len(rows) == len(BAD_JSONL)
    for r, (line, error) in zip(rows, BAD_JSONL, strict=True):
        if error is None:
            assert r["mtclean_error"] is None and isinstance(r["mtclean_text"], str)
        else:
            assert error in r["mtclean_error"], (line, r["mtclean_error"])
            assert r["mtclean_text"] is None and r["mtclean_findings"] == [] and r["mtclean_by_rule"] == {}
    assert rows[12]["mtclean_changed"] and rows[12]["mtclean_text"].endswith("stop them by force.")
    assert rows[11]["mtclean_text"] == ""
    # The input's own keys and values come through as they were; non-objects keep their line.
    assert rows[4]["body"] == "no text key" and rows[3]["text"] == ["a", "list"] and rows[2]["text"] == 42
    assert rows[6]["mtclean_raw"] == "[1, 2, 3]" and rows[5]["mtclean_raw"] == '{"id": 6, "text": "broken'
    out_bytes = b"".join(p.read_bytes() for p in parts(out))
    assert out_bytes.startswith(b'{"id": 1, "text": "A good one. the army said so.","mtclean_text":')
    assert "10 rows not processed" in err and "bad.jsonl byte 0" not in err and "[id=2]" in err
    assert sum(m["errors"] for m in markers(out).values()) == 10


def test_bad_parquet_values_are_reported_and_kept(cluster, tmp_path):
    import pyarrow as pa

    scheduler, _ = cluster
    rows = [{"id": i, "text": t} for i, t in enumerate(["Fine text. the end.", None, "x" * 5000, "a\x00b", ""])]
    write_parquet(tmp_path / "s.parquet", rows, row_group_size=2)
    write_parquet(tmp_path / "b.parquet", [{"id": 9, "text": b"bytes"}],
                  schema=pa.schema([("id", pa.int64()), ("text", pa.binary())]))
    for name, errors in (("s", [None, "text is null", "over --max-size", "looks binary", None]),
                         ("b", ["text is binary (5 bytes)"])):
        out = tmp_path / f"out-{name}"
        code, _, err = cli("fix", tmp_path / f"{name}.parquet", "--text-column", "text", "--output", out,
                           "--engine", "dask", "--scheduler", scheduler, "--max-size", "2000")
        assert code == 0, err
        got = read_rows(out)
        assert [r["id"] for r in got] == [r["id"] for r in (rows if name == "s" else [{"id": 9}])]
        for r, e in zip(got, errors, strict=True):
            assert (r["mtclean_error"] is None) if e is None else (e in r["mtclean_error"]), r


# 6 -------------------------------------------------------------------------------------------------------
def _kill_midway(args, out, hold_part, release, env_extra=None):
    """Start the CLI in its own process group, wait until some partitions are done (one is held before its
    marker), and SIGKILL the whole group: the client and any worker processes it started."""
    env = dict(os.environ, MTCLEAN_TEST_FAULTS=f"{hold_part}:hold:{release}", **(env_extra or {}))
    proc = subprocess.Popen([sys.executable, "-m", "cleanup", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            done = list((out / "_markers").glob("*.done")) if (out / "_markers").exists() else []
            if len(done) >= 2 and (out / f"part-{hold_part:05d}.jsonl").exists():
                break
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.05)
        else:
            pytest.fail("the run never got going")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "_SUCCESS").exists()


@pytest.mark.parametrize("engine", ["dask", "local"])
def test_sigkill_then_resume_equals_uninterrupted(cluster, data, baseline, tmp_path, engine):
    scheduler, _ = cluster
    out = tmp_path / "o"
    common = ["fix", data["jsonl"], "--text-column", "text", "--id-column", "id", "--output", out,
              "--partition-size", data["size"]]
    how = ["--engine", "dask", "--workers", "2"] if engine == "dask" else ["--engine", "local", "--jobs", "2"]
    _kill_midway(common + how, out, 3, tmp_path / "never-released")
    assert 3 not in markers(out)
    code, _, err = cli(*common, "--resume", "--engine", "dask", "--scheduler", scheduler)
    assert code == 0, err
    assert same_parts(out, baseline)
    assert len(read_rows(out)) == N_DOCS
    assert sorted(markers(out)) == [0, 1, 2, 3, 4] and (out / "_SUCCESS").exists()
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == sorted([p.name for p in parts(baseline)] + ["_SUCCESS", "_manifest.json", "_markers"])


# The library path for Dask users ------------------------------------------------------------------------------
def test_clean_frame_on_the_cluster_equals_the_cli(cluster, data, baseline):
    import dask.dataframe as dd
    import pandas as pd

    from cleanup.dataset.frame import clean_frame, settings_for

    _, client = cluster
    df = pd.DataFrame(data["rows"][:40])
    ddf = dd.from_pandas(df, npartitions=4)
    cleaned = clean_frame(ddf, "text", settings_for(str(data["dir"] / "mtclean.toml")))
    got = client.compute(cleaned).result()
    want = read_rows(baseline)[:40]
    assert got["mtclean_text"].tolist() == [r["mtclean_text"] for r in want]
    assert got["mtclean_findings"].tolist() == [r["mtclean_findings"] for r in want]
    assert [dict(x) for x in got["mtclean_by_rule"].tolist()] == [r["mtclean_by_rule"] for r in want]
    # An empty partition has the meta's columns and dtypes exactly.
    empty = client.compute(cleaned[cleaned["n"] < 0].partitions[0]).result()
    assert len(empty) == 0 and list(empty.dtypes) == list(cleaned._meta.dtypes)


@pytest.mark.filterwarnings("ignore:Port .* is already in use")
def test_a_scheduler_without_workers_is_one_line(data, tmp_path, monkeypatch):
    from distributed import LocalCluster

    from cleanup.dataset import engines

    monkeypatch.setattr(engines, "WAIT_FOR_WORKERS", 1)
    with LocalCluster(n_workers=0, dashboard_address=None, silence_logs=logging.CRITICAL) as lc:
        code, _, err = cli("fix", data["jsonl"], "--text-column", "text", "-o", tmp_path / "o", "--engine", "dask",
                           "--scheduler", lc.scheduler_address)
    errors = [x for x in err.splitlines() if not x.startswith("mtclean: using config ")]  # the config is named
    assert code == 2 and len(errors) == 1
    assert f"no Dask worker joined the scheduler at {lc.scheduler_address} within 1 s" in err
