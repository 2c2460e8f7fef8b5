#!/usr/bin/env python3
"""The dataset path at scale (issue 14): `mtclean fix DATA --text-column text --output OUT/` on >= 100,000
documents, --engine local --jobs 2 against --engine dask --workers 2. Prints figures; not a timed test.

    pip install '.[dask]' && python bench/dataset.py              # 100,000 documents, ~125 MB of JSONL
    python bench/dataset.py --rows 20000 --format parquet         # smaller, or Parquet input

The documents are the MT and human translations of ../shared/corpora (every .txt file, read in place at run
time), repeated in order until there are --rows of them, written as one JSONL (or Parquet) file in a
temporary folder that is deleted afterwards. Each engine runs the real CLI in a fresh process; the bench
samples /proc every 50 ms for the RSS of every process in the CLI's tree.

Figures: rows/s and MB/s (input file bytes, and the UTF-8 bytes of the texts) on the wall clock; CPU seconds
of the CLI and its workers; peak RSS of each process that did work (the workers, and the CLI/client) and
of the whole tree; the Dask path's wall time as a ratio of the local path's (target <= 1.3x). The two
outputs are compared part by part (they must be identical). Load average is printed before and after each
run: on a shared machine wall-clock figures are only as good as the machine was quiet.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
MB = 1_000_000
TARGET_OVERHEAD = 1.3


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build(corpora: Path, rows: int, fmt: str, folder: Path) -> tuple[Path, int, int]:
    files = sorted(glob.glob(str(corpora / "*" / "*" / "**" / "*.txt"), recursive=True))
    if not files:
        sys.exit(f"no .txt files under {corpora}; give --corpora DIR")
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    names = [os.path.relpath(f, corpora) for f in files]
    records = [{"id": i, "source": names[i % len(texts)], "text": texts[i % len(texts)]} for i in range(rows)]
    text_bytes = sum(len(r["text"].encode("utf-8")) for r in records)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = folder / "docs.parquet"
        pq.write_table(pa.Table.from_pylist(records), path, row_group_size=2000)
    else:
        path = folder / "docs.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    print(f"data: {rows:,} documents from {len(texts):,} corpus files ({corpora}), {path.stat().st_size / MB:.1f} MB "
          f"{fmt.upper()}, {text_bytes / MB:.1f} MB of text")
    return path, path.stat().st_size, text_bytes


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _rss_and_cpu(pid: int) -> tuple[int, float] | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return rss, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError, IndexError):
        return None


def run(cmd: list[str]) -> dict:
    """Run ``cmd``; wall time, CPU of the tree, and the peak RSS of each process in it (sampled)."""
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tree_peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        nonlocal tree_peak
        while not done.is_set():
            stack, total = [proc.pid], 0
            while stack:
                pid = stack.pop()
                got = _rss_and_cpu(pid)
                if got:
                    peaks[pid] = max(peaks.get(pid, 0), got[0])
                    cpu[pid] = got[1]
                    total += got[0]
                stack += _children(pid)
            tree_peak = max(tree_peak, total)
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    err = proc.stderr.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd[:6])} ... exited {code}:\n{err}")
    workers = {pid: kb for pid, kb in peaks.items() if pid != proc.pid and cpu.get(pid, 0) >= 1.0}
    # wait4 counts only the children the CLI waited for (not the local pool's workers, which the forkserver
    # forks): the sampled CPU of every process in the tree covers both, within one 50 ms sample each.
    total_cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu.values()))
    return {"wall": wall, "cpu": total_cpu, "client_mb": peaks.get(proc.pid, 0) / 1024,
            "worker_mb": sorted(kb / 1024 for kb in workers.values()), "tree_mb": tree_peak / 1024,
            "summary": [line for line in err.splitlines() if line.startswith("mtclean:")]}


def same_output(a: Path, b: Path) -> bool:
    pa_ = sorted(p for p in a.iterdir() if p.name.startswith("part-"))
    pb = sorted(p for p in b.iterdir() if p.name.startswith("part-"))
    return [p.name for p in pa_] == [p.name for p in pb] and all(
        x.read_bytes() == y.read_bytes() for x, y in zip(pa_, pb, strict=True))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--partitions", type=int, default=16, help="cut the file into this many partitions "
                                                               "(default 16: 8 per worker)")
    ap.add_argument("--partition-size", help="passed to mtclean instead of --partitions")
    ap.add_argument("--engines", default="local,dask")
    args = ap.parse_args(argv)

    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}; "
          f"load average {load()} at the start")
    tmp = Path(tempfile.mkdtemp(prefix="mtclean-bench-dataset-"))
    try:
        data, file_bytes, text_bytes = build(args.corpora, args.rows, args.format, tmp)
        size = args.partition_size or str(-(-file_bytes // args.partitions))
        base = [sys.executable, "-m", "cleanup", "fix", str(data), "--text-column", "text", "--id-column", "id",
                "--partition-size", size]
        how = {"local": ["--engine", "local", "--jobs", "2"], "dask": ["--engine", "dask", "--workers", "2"]}
        results = {}
        for engine in args.engines.split(","):
            out = tmp / f"out-{engine}"
            before = load()
            r = run([*base, "--output", str(out), *how[engine]])
            r["load"] = (before, load())
            ms = [json.loads(p.read_text()) for p in (out / "_markers").glob("*.done")]
            r["part_cpu"] = sum(m["cpu_seconds"] for m in ms)
            results[engine] = r
            workers = ", ".join(f"{m:.0f}" for m in r["worker_mb"])
            print(f"\n--engine {engine} {' '.join(how[engine][2:])}: {r['wall']:.1f} s wall, {r['cpu']:.1f} CPU s "
                  f"(CLI and workers); load average {r['load'][0]} before, {r['load'][1]} after")
            print(f"  {args.rows / r['wall']:,.0f} rows/s, {file_bytes / MB / r['wall']:.2f} MB/s of input file, "
                  f"{text_bytes / MB / r['wall']:.2f} MB/s of text; {text_bytes / MB / r['cpu']:.2f} MB of text "
                  f"per CPU-second")
            print(f"  CPU inside the {len(ms)} partitions (read, clean, write; the workers' whole process): "
                  f"{r['part_cpu']:.1f} s; the rest (start-up, scheduling, the client) "
                  f"{r['cpu'] - r['part_cpu']:.1f} s")
            print(f"  peak RSS: workers {workers} MB; CLI {r['client_mb']:.0f} MB; whole tree {r['tree_mb']:.0f} MB")
            for line in r["summary"]:
                print(f"  {line}")
        if "local" in results and "dask" in results:
            ratio = results["dask"]["wall"] / results["local"]["wall"]
            same = same_output(tmp / "out-local", tmp / "out-dask")
            cpu_ratio = results["dask"]["cpu"] / results["local"]["cpu"]
            print(f"\nDask overhead: {ratio:.2f}x the local path's wall time (target <= {TARGET_OVERHEAD}x: "
                  f"{'PASS' if ratio <= TARGET_OVERHEAD else 'FAIL'}); {cpu_ratio:.2f}x its CPU time "
                  f"({results['dask']['cpu']:.1f} s vs {results['local']['cpu']:.1f} s); outputs identical: {same}")
        print(f"load average {load()} at the end")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
