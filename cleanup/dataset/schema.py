"""The output columns: every input column as it came, then mtclean's own, fixed before any row is read.

    mtclean_text        string    fix only: the cleaned text (null when the row has an error)
    mtclean_changed     bool      fix only: the cleaned text differs from the input
    mtclean_n_findings  int32     number of entries in mtclean_findings
    mtclean_by_rule     map<string, int32>    findings per rule id (JSONL: an object)
    mtclean_findings    list<struct<rule: string, start: int64, end: int64, severity: string, applied: bool>>
                        fix: the applied findings (offsets into the text of the round that applied them; the
                        first round's are offsets into the input text), then those left (offsets into
                        mtclean_text); check: the findings on the input text, applied = false. Offsets count
                        code points, as in the JSON report.
    mtclean_error       string    why the row was not processed (null text, not a string, binary, too
                        large...), else null; the row is kept, its other mtclean_ columns empty

A JSONL line that is not a JSON object has no columns to keep: its row is {"mtclean_raw": the line, ...the
columns above}. Input columns named ``mtclean_*`` (an earlier run's output read again) are replaced.
Parquet parts carry the input's schema (unified over its files) plus these fields, also when empty; JSONL
parts keep each input line's own text and append the keys.
"""
from __future__ import annotations

import json

PREFIX = "mtclean_"
FIX_COLUMNS = ("mtclean_text", "mtclean_changed", "mtclean_n_findings", "mtclean_by_rule", "mtclean_findings",
               "mtclean_error")
CHECK_COLUMNS = FIX_COLUMNS[2:]
FINDING_KEYS = ("rule", "start", "end", "severity", "applied")


def columns(mode: str) -> tuple:
    return FIX_COLUMNS if mode == "fix" else CHECK_COLUMNS


# -- JSONL -------------------------------------------------------------------------------------------------
def json_values(outcome, mode: str) -> dict:
    d = {}
    if mode == "fix":
        d["mtclean_text"] = outcome.text
        d["mtclean_changed"] = outcome.changed
    d["mtclean_n_findings"] = len(outcome.findings)
    d["mtclean_by_rule"] = outcome.by_rule()
    d["mtclean_findings"] = [dict(zip(FINDING_KEYS, f, strict=True)) for f in outcome.findings]
    d["mtclean_error"] = outcome.error
    return d


def json_line(line: str, obj, outcome, mode: str) -> bytes:
    """The output line for an input line: for an object, its own text with mtclean's keys appended (the
    input's keys, values, order and spelling kept exactly); otherwise the line under "mtclean_raw"."""
    added = json_values(outcome, mode)
    if not isinstance(obj, dict):
        return _dumps({"mtclean_raw": line, **added})
    if any(k.startswith(PREFIX) for k in obj):
        return _dumps({**{k: v for k, v in obj.items() if not k.startswith(PREFIX)}, **added})
    body = _dumps(added)[1:]  # '"mtclean_text":...}'
    head = line.rstrip()[:-1].rstrip()  # the object without its closing brace
    return (head.encode("utf-8") + (b"," if obj else b"") + body)


def _dumps(d: dict) -> bytes:
    try:
        return json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (kept in mtclean_raw): escape it, as JSON allows
        return json.dumps(d, separators=(",", ":")).encode("ascii")


# -- Parquet ------------------------------------------------------------------------------------------------
def arrow_types():
    import pyarrow as pa

    finding = pa.struct([("rule", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                         ("severity", pa.string()), ("applied", pa.bool_())])
    return {"mtclean_text": pa.large_string(), "mtclean_changed": pa.bool_(), "mtclean_n_findings": pa.int32(),
            "mtclean_by_rule": pa.map_(pa.string(), pa.int32()), "mtclean_findings": pa.list_(finding),
            "mtclean_error": pa.string()}


def input_schema(schema):
    """The input columns that are kept: all but an earlier run's mtclean_* columns."""
    import pyarrow as pa

    return pa.schema([f for f in schema if not f.name.startswith(PREFIX)], metadata=schema.metadata)


def output_schema(schema, mode: str):
    """The Parquet schema of every part: the kept input columns, then mtclean's."""
    import pyarrow as pa

    types = arrow_types()
    kept = input_schema(schema)
    return pa.schema(list(kept) + [pa.field(c, types[c]) for c in columns(mode)], metadata=kept.metadata)


def conform(table, schema):
    """``table`` (one file's row group) with exactly ``schema``'s columns: missing ones null, types cast."""
    import pyarrow as pa

    cols = []
    for f in schema:
        i = table.schema.get_field_index(f.name)
        if i < 0:
            cols.append(pa.nulls(table.num_rows, f.type))
        else:
            col = table.column(i)
            cols.append(col if col.type == f.type else col.cast(f.type))
    return pa.Table.from_arrays(cols, schema=schema)


def arrow_table(table, outcomes: list, mode: str, schema):
    """``table`` (conformed input) with mtclean's columns built from the outcomes, in ``schema``."""
    import pyarrow as pa

    types = arrow_types()
    n_offsets, by_offsets, keys, counts = [0], [0], [], []
    rules, starts, ends, sevs, applied = [], [], [], [], []
    for o in outcomes:
        for f in o.findings:
            rules.append(f[0])
            starts.append(f[1])
            ends.append(f[2])
            sevs.append(f[3])
            applied.append(f[4])
        n_offsets.append(len(rules))
        for k, v in o.by_rule().items():
            keys.append(k)
            counts.append(v)
        by_offsets.append(len(keys))
    finding_type = types["mtclean_findings"].value_type
    findings = pa.ListArray.from_arrays(
        pa.array(n_offsets, pa.int32()),
        pa.StructArray.from_arrays([pa.array(rules, pa.string()), pa.array(starts, pa.int64()),
                                    pa.array(ends, pa.int64()), pa.array(sevs, pa.string()),
                                    pa.array(applied, pa.bool_())], fields=list(finding_type)))
    by_rule = pa.MapArray.from_arrays(pa.array(by_offsets, pa.int32()), pa.array(keys, pa.string()),
                                      pa.array(counts, pa.int32()))
    added = {
        "mtclean_text": lambda: pa.array([o.text for o in outcomes], types["mtclean_text"]),
        "mtclean_changed": lambda: pa.array([o.changed for o in outcomes], pa.bool_()),
        "mtclean_n_findings": lambda: pa.array([len(o.findings) for o in outcomes], pa.int32()),
        "mtclean_by_rule": lambda: by_rule.cast(types["mtclean_by_rule"]),
        "mtclean_findings": lambda: findings.cast(types["mtclean_findings"]),
        "mtclean_error": lambda: pa.array([o.error for o in outcomes], pa.string()),
    }
    arrays = list(table.columns) + [added[c]() for c in columns(mode)]
    return pa.Table.from_arrays(arrays, schema=schema)
