"""Which files a dataset is made of, how they are cut into partitions, and how a partition is read.

Inputs are local paths (files, folders, globs) or fsspec URLs (s3://, gs://, ...: the user installs the
package for the scheme). A partition is a byte range of a JSONL file (a line belongs to the partition its
first byte is in, so ranges need no reading to plan), a whole .jsonl.gz file (gzip cannot be split), or
consecutive row groups of a Parquet file (its footer says their sizes). The plan depends only on the files,
their sizes and the partition size, so the same inputs always give the same plan, which --resume relies on.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass

from . import format_of, is_url

DEFAULT_PARTITION_SIZE = 32_000_000
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 10**3, "m": 10**6, "g": 10**9}


class DatasetError(Exception):
    """A problem with the dataset or the output folder: the message is one line naming the file and what to
    do (the CLI prints it and exits 2)."""


def parse_size(text: str) -> int:
    """'32MB' -> 32_000_000, '256MiB' -> 268_435_456, '1000' -> 1000 (decimal and binary units, as Dask)."""
    s = str(text).strip().lower().replace(" ", "").replace("_", "")
    num = s.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = s[len(num):]
    try:
        value = float(num) * _UNITS[unit]
    except (ValueError, KeyError):
        raise DatasetError(f"--partition-size {text!r}: give bytes with a unit, e.g. 32MB or 256MiB") from None
    if value < 1:
        raise DatasetError(f"--partition-size {text!r}: must be at least one byte")
    return int(value)


@dataclass(frozen=True)
class InputFile:
    path: str  # what is opened: an absolute local path, or a URL
    shown: str  # as reported: the path as the user named it (or found under it), or the URL
    fmt: str  # "jsonl", "jsonl.gz" or "parquet"
    size: int


@dataclass(frozen=True)
class Partition:
    index: int
    path: str
    shown: str
    fmt: str
    size: int  # the file's size when planned; a file that changed since fails its partition
    start: int = 0  # JSONL: the byte range [start, end) where its lines begin
    end: int = 0
    row_groups: tuple = ()  # Parquet: the row groups
    first_row: int = 0  # Parquet: the file's row number of the first row

    def where(self) -> str:
        if self.fmt == "parquet":
            if not self.row_groups:
                return f"{self.shown} (no rows)"
            a, b = self.row_groups[0], self.row_groups[-1]
            return f"{self.shown} row group{'s' if a != b else ''} {a}{f'-{b}' if a != b else ''}"
        if self.fmt == "jsonl.gz":
            return self.shown
        return f"{self.shown} bytes {self.start:,}-{self.end:,}"

    def key(self) -> dict:
        """What the manifest records of it: enough to tell that a later plan is the same."""
        d = {"file": self.path, "format": self.fmt, "size": self.size}
        if self.fmt == "parquet":
            d["row_groups"] = list(self.row_groups)
        elif self.fmt == "jsonl":
            d["bytes"] = [self.start, self.end]
        return d


# -- listing -----------------------------------------------------------------------------------------------
def _hidden(rel: str) -> bool:
    """Names starting with '.' or '_' are not data (as in Spark and Dask): _SUCCESS, _markers, temp files."""
    return any(part.startswith((".", "_")) for part in rel.replace("\\", "/").split("/") if part not in ("", "."))


def _wanted(rel: str, include, exclude) -> bool:
    from ..batch import _matches_any

    if format_of(rel) is None or _hidden(rel):
        return False
    if include and not _matches_any(rel, include):
        return False
    return not (exclude and _matches_any(rel, exclude))


def _fs(url: str):
    try:
        import fsspec
    except ImportError:
        raise DatasetError(f"{url}: reading URLs needs fsspec and the package for its scheme "
                           f"(e.g. pip install s3fs, gcsfs; 'mtclean[dask]' brings fsspec)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise DatasetError(f"{url}: {str(exc).splitlines()[0]}") from None


def list_inputs(paths, include=(), exclude=(), skip=()) -> list[InputFile]:
    """The dataset files named by ``paths``, sorted, each once. Folders are walked (hidden and _-names
    skipped, and the folders in ``skip``, e.g. the output); globs are expanded, also in URLs."""
    found: dict[str, InputFile] = {}
    skip_real = tuple(os.path.realpath(s) for s in skip if s and not is_url(s))
    for p in paths:
        if p == "-":
            raise DatasetError("a dataset cannot be read from standard input; name its files")
        files = _list_url(p, include, exclude) if is_url(p) else _list_local(p, include, exclude, skip_real)
        for f in files:
            found.setdefault(f.path, f)
    return sorted(found.values(), key=lambda f: f.path)


def _format(path: str) -> str:
    """The format of a file already found to be a dataset file by its name."""
    fmt = format_of(path)
    assert fmt is not None
    return fmt


def _list_local(p: str, include, exclude, skip_real) -> list[InputFile]:
    def one(path, shown):
        return InputFile(os.path.abspath(path), shown, _format(path), os.path.getsize(path))

    if os.path.isdir(p):
        out = []
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_"))
                                 and os.path.realpath(os.path.join(dirpath, d)) not in skip_real)
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if _wanted(os.path.relpath(full, p), include, exclude) and os.path.isfile(full):
                    out.append(one(full, full))
        if not out:
            raise DatasetError(f"{p}: no .jsonl, .jsonl.gz or .parquet files in this folder")
        return out
    if os.path.isfile(p):
        if format_of(p) is None:
            raise DatasetError(f"{p}: not a dataset file; name .jsonl, .jsonl.gz or .parquet files (or their folder)")
        return [one(p, p)]
    if glob.has_magic(p):
        out = [one(f, f) for f in sorted(glob.glob(p, recursive=True))
               if os.path.isfile(f) and format_of(f) is not None and not _hidden(os.path.basename(f))
               and not (exclude and _matches(f, exclude))
               and not any(os.path.realpath(f).startswith(s + os.sep) for s in skip_real)]
        if not out:
            raise DatasetError(f"{p}: no .jsonl, .jsonl.gz or .parquet file matches")
        return out
    raise DatasetError(f"{p}: no such file or folder")


def _matches(path, patterns):
    from ..batch import _matches_any

    return _matches_any(path, patterns)


def _list_url(url: str, include, exclude) -> list[InputFile]:
    fs, root = _fs(url)
    try:
        if glob.has_magic(root):
            infos = fs.glob(root, detail=True)
            items = [(k, v) for k, v in sorted(infos.items()) if v.get("type") != "directory"
                     and format_of(k) and not _hidden(os.path.basename(k))
                     and not (exclude and _matches(k, exclude))]
        elif fs.isdir(root):
            infos = fs.find(root, detail=True)
            items = [(k, v) for k, v in sorted(infos.items())
                     if _wanted(k[len(root.rstrip("/")) + 1:], include, exclude)]
        else:
            info = fs.info(root)
            if format_of(root) is None:
                raise DatasetError(f"{url}: not a dataset file; name .jsonl, .jsonl.gz or .parquet files")
            items = [(root, info)]
    except FileNotFoundError:
        raise DatasetError(f"{url}: no such file or folder") from None
    except OSError as exc:
        raise DatasetError(f"{url}: cannot list ({exc})") from None
    if not items:
        raise DatasetError(f"{url}: no .jsonl, .jsonl.gz or .parquet files found")
    out = []
    for k, info in items:
        full = fs.unstrip_protocol(k)
        out.append(InputFile(full, full, _format(k), int(info.get("size") or 0)))
    return out


def open_input(path: str):
    """A binary file object for a local path or a URL (seekable)."""
    if is_url(path):
        fs, p = _fs(path)
        return fs.open(p, "rb")
    return open(path, "rb", buffering=1 << 20)


def current_size(path: str) -> int:
    if is_url(path):
        fs, p = _fs(path)
        return int(fs.size(p))
    return os.path.getsize(path)


# -- the plan ------------------------------------------------------------------------------------------------
def input_kind(files: list[InputFile]) -> str:
    """"jsonl" (plain or gzip) or "parquet"; a mix of the two is an error (the output has one format)."""
    kinds = {"parquet" if f.fmt == "parquet" else "jsonl" for f in files}
    if len(kinds) > 1:
        pq = next(f for f in files if f.fmt == "parquet")
        js = next(f for f in files if f.fmt != "parquet")
        raise DatasetError(f"{js.shown} is JSONL and {pq.shown} is Parquet: one run takes one format; "
                           f"run them separately")
    return kinds.pop()


def plan(files: list[InputFile], partition_size: int) -> list[Partition]:
    """Partitions of about ``partition_size`` input bytes each (JSONL by byte ranges, Parquet by row groups,
    .jsonl.gz whole). An empty file is one empty partition, so every input has a part in the output."""
    parts: list[Partition] = []
    for f in files:
        if f.fmt == "jsonl":
            n = max(1, -(-f.size // partition_size))
            for k in range(n):
                parts.append(Partition(len(parts), f.path, f.shown, f.fmt, f.size,
                                       start=k * partition_size, end=min((k + 1) * partition_size, f.size)))
        elif f.fmt == "jsonl.gz":
            parts.append(Partition(len(parts), f.path, f.shown, f.fmt, f.size))
        else:
            sizes, rows = parquet_row_groups(f)
            group: list[int] = []
            acc = first = row = 0
            for i, (nbytes, nrows) in enumerate(zip(sizes, rows, strict=True)):
                if group and acc + nbytes > partition_size:
                    parts.append(Partition(len(parts), f.path, f.shown, f.fmt, f.size, row_groups=tuple(group),
                                           first_row=first))
                    group, acc, first = [], 0, row
                group.append(i)
                acc += nbytes
                row += nrows
            parts.append(Partition(len(parts), f.path, f.shown, f.fmt, f.size, row_groups=tuple(group),
                                   first_row=first))
    return parts


def _pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        raise DatasetError("reading Parquet needs pyarrow: pip install 'mtclean[parquet]' "
                           "(or 'mtclean[dask]')") from None
    return pq


def parquet_file(path: str, shown: str):
    pq = _pyarrow()
    import pyarrow as pa

    try:
        return pq.ParquetFile(open_input(path))
    except (OSError, pa.ArrowException) as exc:
        raise DatasetError(f"{shown}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None


def parquet_row_groups(f: InputFile) -> tuple[list[int], list[int]]:
    """Compressed bytes and rows of each row group, from the footer."""
    md = parquet_file(f.path, f.shown).metadata
    sizes, rows = [], []
    for i in range(md.num_row_groups):
        rg = md.row_group(i)
        sizes.append(sum(rg.column(j).total_compressed_size for j in range(rg.num_columns)))
        rows.append(rg.num_rows)
    return sizes, rows


def parquet_schema(files: list[InputFile], columns: dict[str, str]):
    """The one input schema of all the Parquet files (their schemas unified: a column missing from a file is
    null there), after checking that the named columns (text, id) exist in every file."""
    import pyarrow as pa

    schemas = []
    for f in files:
        s = parquet_file(f.path, f.shown).schema_arrow
        for what, name in columns.items():
            if name is not None and s.get_field_index(name) < 0:
                cols = ", ".join(s.names[:12]) + (", ..." if len(s.names) > 12 else "")
                raise DatasetError(f"{f.shown}: no column '{name}' for {what} (its columns: {cols})")
        schemas.append(s)
    try:
        return pa.unify_schemas(schemas, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise DatasetError(f"{files[0].shown} and the other Parquet files have clashing column types "
                           f"({str(exc).splitlines()[0]}); run them separately") from None


# -- reading a partition -----------------------------------------------------------------------------------
def check_unchanged(part: Partition) -> None:
    """A file that changed since it was planned would give rows the plan never promised (or lose some)."""
    size = current_size(part.path)
    if size != part.size:
        raise DatasetError(f"{part.shown}: changed since the run was planned ({part.size:,} bytes then, {size:,} "
                           f"now); start the run again with --overwrite")


def jsonl_lines(part: Partition):
    """(position, line) for every line that begins in the partition: the byte offset of the line in a
    plain file, the line number in a gzip file (which is read whole)."""
    check_unchanged(part)
    with open_input(part.path) as raw:
        if part.fmt == "jsonl.gz":
            import gzip

            with gzip.GzipFile(fileobj=raw) as gz:
                for n, line in enumerate(gz, 1):
                    yield n, line
            return
        pos = part.start
        if pos > 0:
            # The line that straddles ``start`` belongs to the partition before (where it begins).
            raw.seek(pos - 1)
            pos += len(raw.readline()) - 1
        while pos < part.end:
            line = raw.readline()
            if not line:
                break
            yield pos, line
            pos += len(line)


def parquet_tables(part: Partition):
    """The partition's row groups, one pyarrow Table each."""
    check_unchanged(part)
    pf = parquet_file(part.path, part.shown)
    for rg in part.row_groups:
        yield pf.read_row_group(rg)
