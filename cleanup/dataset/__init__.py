"""Datasets: JSONL and Parquet files with a text column, cleaned partition by partition.

A dataset run plans partitions (byte ranges of JSONL files, groups of Parquet row groups), runs each one
through the same function (``partition.run_partition``: read -> clean every text -> write the part file ->
write its marker) on a local process pool or on Dask workers, and writes ``_SUCCESS`` last:

    inputs.py     which files, which format, and the partition plan (by bytes)
    process.py    one text through the engine (the only place that calls Engine.fix/check)
    schema.py     the output columns, the same for every part (and for empty ones)
    partition.py  one partition, start to finish; what it returns is a small summary
    store.py      the output folder (local or fsspec): atomic part files, markers, manifest, _SUCCESS
    manifest.py   what a run is (arguments, rule-set hash, plan), so --resume can refuse a different run
    engines.py    --engine local (a process pool) and --engine dask (a Dask cluster), with retries
    command.py    the command line: options, checks, progress bar and summary
    frame.py      for Dask users: clean a dask DataFrame's text column (explicit meta)
    faults.py     a test hook that injects failures (never a user option)

Nothing here is imported on the path of ``mtclean check FILE``: cli.py imports only ``options`` (click).
"""
from __future__ import annotations

# A path is a dataset by its name: the format of every file is read from its suffix.
FORMATS = {".jsonl": "jsonl", ".jsonl.gz": "jsonl.gz", ".parquet": "parquet"}


def format_of(path: str) -> str | None:
    """"jsonl", "jsonl.gz" or "parquet" by the file's suffix (case-insensitive), else None."""
    low = path.lower()
    for suffix in (".jsonl.gz", ".jsonl", ".parquet"):
        if low.endswith(suffix):
            return FORMATS[suffix]
    return None


def is_url(path: str) -> bool:
    """An fsspec URL (s3://, gs://, memory://, file://...), not a local path."""
    head, sep, _ = path.partition("://")
    return bool(sep) and head.replace("+", "").replace("-", "").isalnum() and len(head) > 1
