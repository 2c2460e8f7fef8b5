"""Helpers for the dataset tests: generated MT-like documents, dataset files, the CLI in-process, outputs."""
from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

from strategies import INLINE, JOINS, NAMES, WORDS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "article.txt"


def documents(n: int, seed: int = 14) -> list[str]:
    """``n`` documents: paragraphs of the seed article and generated sentences with MT artifacts (stray
    periods, `via.`, doubled words, name variants, CJK punctuation, mojibake), some clean."""
    rng = random.Random(seed)
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    docs = []
    for i in range(n):
        parts = []
        if i % 3 == 0:
            parts.append(rng.choice(paragraphs))
        for _ in range(rng.randint(1, 4)):
            out = []
            for k in range(rng.randint(1, 5)):
                ws = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
                if rng.random() < 0.4:
                    ws.insert(rng.randint(0, len(ws)), rng.choice(NAMES))
                sent = " ".join(ws)
                if rng.random() < 0.2:
                    j = rng.randint(0, len(sent))
                    sent = sent[:j] + rng.choice(INLINE) + sent[j:]
                if k == 0 or out[-1].endswith((". ", "? ", "! ")):
                    sent = sent[:1].upper() + sent[1:]
                out += [sent, rng.choice(JOINS) if rng.random() < 0.5 else ". "]
            out[-1] = "."
            parts.append("".join(out))
        docs.append(rng.choice(["\n", "\n\n", "\r\n"]).join(parts) + rng.choice(["", "\n"]))
    return docs


def write_jsonl(path, rows, gz=False) -> Path:
    path = Path(path)
    data = b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in rows)
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    return path


def write_parquet(path, rows, row_group_size=20, schema=None) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, str(path), row_group_size=row_group_size)
    return Path(path)


def cli(*args, env=None):
    """The real CLI in this process (Dask clients and local pools start from here). Returns
    (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from cleanup.cli import main

    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2: stderr is always separate
        runner = CliRunner()
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        r = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return r.exit_code, r.stdout, r.stderr


def parts(out) -> list[Path]:
    return sorted(p for p in Path(out).iterdir() if p.name.startswith("part-"))


def read_rows(out) -> list[dict]:
    """Every output row, part by part, as dicts (JSONL or Parquet)."""
    rows = []
    for p in parts(out):
        if p.name.endswith(".parquet"):
            import pyarrow.parquet as pq

            rows += pq.read_table(p).to_pylist()
        else:
            data = gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes()
            rows += [json.loads(line) for line in data.splitlines()]
    return rows


def markers(out) -> dict[int, dict]:
    d = Path(out) / "_markers"
    return {int(p.name[5:-5]): json.loads(p.read_text()) for p in sorted(d.glob("part-*.done"))}


def same_parts(a, b) -> bool:
    """The same part files, byte for byte."""
    pa_, pb = parts(a), parts(b)
    return [p.name for p in pa_] == [p.name for p in pb] and all(x.read_bytes() == y.read_bytes()
                                                                for x, y in zip(pa_, pb, strict=True))
