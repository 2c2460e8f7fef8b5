"""For Dask users who already hold their documents in a dask DataFrame: add mtclean's columns lazily.

    import dask.dataframe as dd
    from cleanup.dataset.frame import clean_frame

    ddf = dd.read_parquet("s3://bucket/docs/")
    cleaned = clean_frame(ddf, "text", settings_for("mtclean.toml"))  # lazy, with an explicit meta
    cleaned.to_parquet("s3://bucket/clean/")        # or any other Dask sink

The added columns are those of the CLI's output (schema.py), as pyarrow-backed pandas dtypes built by the
same code as the CLI's Parquet parts, and each text goes through ``process.process_value`` like the CLI's
rows, so a row comes out as it would from `mtclean fix DATA --text-column text`. The meta (the empty frame
that tells Dask the schema) is built by the same function from an empty partition, so an empty partition
has exactly the meta's columns and dtypes. The CLI does not go through this: it writes its own part files
(atomic, with markers, resumable) instead of handing the writing to Dask.
"""
from __future__ import annotations

import math

PATH = "<dataframe>"  # the engine's file name for these texts (per-file-ignores see this; not Markdown)


def settings_for(config_path: str | None = None, unsafe: bool | None = None):
    """Settings as the CLI makes them from a config file (mtclean.toml or a pyproject.toml; None: built-in
    defaults). ``unsafe`` overrides the file's unsafe-fixes."""
    from ..config import load_config
    from ..rulepacks import rule_specs
    from ..runner import Settings

    cfg = load_config(config_path)
    return Settings(config=cfg, unsafe=cfg.unsafe_fixes if unsafe is None else unsafe,
                    specs=tuple(rule_specs(list(cfg.extra_rules))))


def clean_partition(df, text_column: str, mode: str = "fix", settings=None, key: str | None = None):
    """A pandas DataFrame with mtclean's columns appended (same index; an existing mtclean_* column is
    replaced)."""
    import pandas as pd
    import pyarrow as pa

    from .manifest import ruleset_hash
    from .process import engines_for, process_value
    from .schema import PREFIX, arrow_table, arrow_types, columns

    settings = settings or settings_for()
    engines = engines_for(settings, key or ruleset_hash(settings, mode))
    outcomes = [process_value(engines, v, PATH, mode) for v in _values(df[text_column])]
    types = arrow_types()
    schema = pa.schema([pa.field(c, types[c]) for c in columns(mode)])
    added = arrow_table(pa.table({}), outcomes, mode, schema)
    extra = added.to_pandas(types_mapper=pd.ArrowDtype)
    extra.index = df.index
    kept = df[[c for c in df.columns if not str(c).startswith(PREFIX)]]
    return pd.concat([kept, extra], axis=1)


def _values(series):
    """The column's cells as Python objects (None for pandas' missing values: None, NA, NaN, NaT)."""
    import pandas as pd

    return [None if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)) else v
            for v in series.astype(object).tolist()]


def clean_frame(ddf, text_column: str, settings=None, mode: str = "fix"):
    """``ddf`` with mtclean's columns, lazily (``mode``: "fix" or "check"; ``settings``: from
    ``settings_for``, default the built-in rules and no config)."""
    from .manifest import ruleset_hash

    settings = settings or settings_for()
    key = ruleset_hash(settings, mode)
    meta = clean_partition(ddf._meta, text_column, mode, settings, key)
    return ddf.map_partitions(clean_partition, text_column, mode, settings, key, meta=meta)
