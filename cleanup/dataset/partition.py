"""One partition, start to finish, in whatever process runs it (a local worker or a Dask worker):
read its rows -> clean every text (process.py) -> write the part file atomically -> write its marker.

Running it twice gives the same bytes (a retry, a resumed run, or a speculative copy of the task can only
replace a part with an identical one), and the marker comes last, so a partition is done exactly when its
marker exists. What it returns is a small summary (the marker's content); rows never travel back.
"""
from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass

from . import faults as _faults
from .inputs import Partition, jsonl_lines, parquet_tables
from .process import Outcome, engines_for, process_value
from .schema import arrow_table, conform, json_line
from .store import MARKERS, Store

MAX_ERROR_SAMPLES = 5


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, shipped once per worker (Dask) or per task (local pool)."""

    mode: str  # "check" or "fix"
    settings: object  # cleanup.runner.Settings, with the parsed rules
    text_column: str
    id_column: str | None
    out_root: str
    out_suffix: str  # ".parquet", ".jsonl" or ".jsonl.gz"
    width: int  # digits in part numbers
    ruleset_hash: str
    code_hash: str
    run_id: str
    in_schema: object = None  # Parquet: the unified input schema (pyarrow)
    out_schema: object = None  # Parquet: the output schema
    faults: tuple = ()  # tests only (faults.py)

    def part_name(self, index: int) -> str:
        return f"part-{index:0{self.width}d}{self.out_suffix}"

    def marker_name(self, index: int) -> str:
        return f"{MARKERS}/part-{index:0{self.width}d}.done"


class WorkerMismatch(RuntimeError):
    """This worker's mtclean is not the client's: its output would differ."""


class _Tally:
    def __init__(self, mode):
        self.mode = mode
        self.rows = self.changed = self.errors = self.text_bytes = 0
        self.fixed: dict[str, int] = {}
        self.left: dict[str, int] = {}
        self.severities: dict[str, int] = {}
        self.samples: list[str] = []
        self.notices: dict[str, None] = {}

    def add(self, o: Outcome, where: str | None = None) -> None:
        """Count a row's outcome (``where``: the row's location, given when it has an error)."""
        self.rows += 1
        if o.error:
            self.errors += 1
            if len(self.samples) < MAX_ERROR_SAMPLES:
                self.samples.append(f"{where}: {o.error}")
            return
        self.changed += o.changed
        for rule, _s, _e, sev, applied in o.findings:
            if applied:
                self.fixed[rule] = self.fixed.get(rule, 0) + 1
            else:
                self.left[rule] = self.left.get(rule, 0) + 1
                self.severities[sev] = self.severities.get(sev, 0) + 1
        for n in o.notices:
            self.notices[n] = None


def run_partition(part: Partition, job: Job) -> dict:
    """Do one partition and return its marker (rows, changed, findings by rule...)."""
    from .manifest import code_hash

    started, cpu = time.time(), time.process_time()
    if code_hash() != job.code_hash:
        raise WorkerMismatch(f"worker {socket.gethostname()} has a different mtclean installed than the client "
                             f"(code hash {code_hash()[:12]}, client {job.code_hash[:12]}); install the same "
                             f"mtclean on every worker")
    store = Store(job.out_root)
    tally = _Tally(job.mode)
    with store.atomic(job.part_name(part.index)) as fh:
        if part.fmt == "parquet":
            _parquet(part, job, fh, tally)
        else:
            _jsonl(part, job, fh, tally)
    _faults.trigger(job.faults, part.index)
    marker = {
        "part": job.part_name(part.index), "index": part.index, "input": part.key(), "where": part.where(),
        "rows": tally.rows, "changed": tally.changed, "errors": tally.errors, "error_samples": tally.samples,
        "findings_left": sum(tally.left.values()), "findings_fixed": sum(tally.fixed.values()),
        "by_rule": dict(sorted(tally.left.items())), "severities": tally.severities, "text_bytes": tally.text_bytes,
        "notices": list(tally.notices),
        "worker": {"host": socket.gethostname(), "pid": os.getpid()}, "run_id": job.run_id,
        "seconds": round(time.time() - started, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
    }
    if job.mode == "fix":
        marker["fixed_by_rule"] = dict(sorted(tally.fixed.items()))
    store.write_json(job.marker_name(part.index), marker)
    return marker


def _id_of(row, id_column):
    if id_column is None or not isinstance(row, dict) or id_column not in row:
        return ""
    return f" [{id_column}={row[id_column]!r:.60}]"


def _jsonl(part: Partition, job: Job, fh, tally: _Tally) -> None:
    engines = engines_for(job.settings, job.ruleset_hash)
    out = fh
    if job.out_suffix == ".jsonl.gz":
        import gzip

        out = gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0)  # mtime 0: the same bytes every time
    pos_word = "line" if part.fmt == "jsonl.gz" else "byte"
    text_col, mode, path = job.text_column, job.mode, part.path
    buf: list[bytes] = []
    size = 0
    for pos, raw in jsonl_lines(part):
        if pos == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a UTF-8 byte-order mark before the first line
        raw = raw.strip()
        if not raw:
            continue  # a blank line is no row
        obj = None
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", "surrogateescape")
            outcome = Outcome(error=f"line is not valid UTF-8 (byte {exc.start})")
        else:
            try:
                obj = json.loads(line)
            except ValueError as exc:
                outcome = Outcome(error=f"line is not valid JSON ({exc})")
            else:
                if not isinstance(obj, dict):
                    outcome = Outcome(error=f"line is a JSON {type(obj).__name__}, not an object")
                elif text_col not in obj:
                    outcome = Outcome(error=f"no '{text_col}' key")
                else:
                    value = obj[text_col]
                    outcome = process_value(engines, value, path, mode)
                    if isinstance(value, str) and not outcome.error:
                        tally.text_bytes += len(value.encode("utf-8", "surrogatepass"))
        tally.add(outcome, outcome.error and f"{part.shown} {pos_word} {pos}{_id_of(obj, job.id_column)}")
        data = json_line(line, obj, outcome, mode)
        buf.append(data)
        size += len(data) + 1
        if size > 1 << 20:
            out.write(b"\n".join(buf) + b"\n")
            buf, size = [], 0
    if buf:
        out.write(b"\n".join(buf) + b"\n")
    if out is not fh:
        out.close()


def _parquet(part: Partition, job: Job, fh, tally: _Tally) -> None:
    import pyarrow.parquet as pq

    engines = engines_for(job.settings, job.ruleset_hash)
    writer = pq.ParquetWriter(fh, job.out_schema)
    row = part.first_row
    try:
        for table in parquet_tables(part):
            table = conform(table, job.in_schema)
            values = table.column(job.text_column).to_pylist()
            ids = table.column(job.id_column).to_pylist() if job.id_column else None
            outcomes = []
            for i, value in enumerate(values):
                o = process_value(engines, value, part.path, job.mode)
                if isinstance(value, str) and not o.error:
                    tally.text_bytes += len(value.encode("utf-8"))
                tally.add(o, o.error and f"{part.shown} row {row + i}" + (
                    f" [{job.id_column}={ids[i]!r:.60}]" if ids is not None else ""))
                outcomes.append(o)
            writer.write_table(arrow_table(table, outcomes, job.mode, job.out_schema))
            row += table.num_rows
    finally:
        writer.close()
