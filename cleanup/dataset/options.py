"""The dataset options of `mtclean check` and `mtclean fix` (click only: imported on every start-up)."""
from __future__ import annotations

import click

from . import format_of, is_url

DATASET_KEYS = ("text_column", "id_column", "engine", "scheduler", "workers", "partition_size", "retries",
                "resume", "overwrite")


def dataset_options(fn):
    options = [
        click.option("--text-column", metavar="NAME",
                     help="Dataset mode: the column (JSON key) holding the text. Inputs are JSONL/Parquet."),
        click.option("--id-column", metavar="NAME", help="Dataset: a column naming each row in error reports."),
        click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
                     help="Dataset: run partitions in local processes (default) or on Dask."),
        click.option("--scheduler", metavar="ADDRESS", help="Dataset, --engine dask: a running scheduler (tcp://host:8786)."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Dataset, --engine dask: start a local cluster of N worker processes (default: CPUs)."),
        click.option("--partition-size", metavar="SIZE", default=None,
                     help="Dataset: input bytes per partition, e.g. 32MB (default), 256MiB."),
        click.option("--retries", type=click.IntRange(min=0), default=None,
                     help="Dataset: attempts after a partition fails (default 1)."),
        click.option("--resume", is_flag=True,
                     help="Dataset: continue a run in --output, skipping finished partitions."),
        click.option("--overwrite", is_flag=True, help="Dataset: replace an earlier run's output in --output."),
    ]
    for opt in reversed(options):
        fn = opt(fn)
    return fn


def dataset_mode(o: dict) -> bool:
    """Dataset mode: --text-column given, or an input named like a dataset (.jsonl, .jsonl.gz, .parquet) or
    given as a URL (s3://..., which only the dataset path reads). In file mode a dataset-only option is a
    mistake worth one line (exit 2)."""
    if o.get("text_column") is not None:
        return True
    if any(p != "-" and (format_of(p) is not None or is_url(p)) for p in o.get("paths", ())):
        return True
    given = [k for k in DATASET_KEYS if o.get(k) not in (None, False)]
    if given:
        from ..cli import UserError

        name = "--" + given[0].replace("_", "-")
        raise UserError(f"{name} applies to datasets (JSONL or Parquet files read with --text-column NAME)")
    return False
