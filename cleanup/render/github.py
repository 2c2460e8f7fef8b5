"""GitHub Actions workflow commands: one annotation a finding, then a summary line.

``::warning file=PATH,line=L,endLine=L,col=C,endColumn=C,title=RULE name::message`` (error, warning,
notice for our error, warning, info). Escaping follows GitHub's toolkit: in the message ``%``, CR and
LF become %25, %0D, %0A; in a property also ``:`` and ``,`` (%3A, %2C). Columns count code points (the
contract's); GitHub takes col/endColumn only when the annotation is on one line, so a finding across
lines gives lines alone. GitHub shows only the first few annotations of each kind per step (10 at the
time of writing), so the last line, a plain one, gives the whole count and how to see every finding.
"""
from __future__ import annotations

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: dict) -> str:
    props = [("file", path), ("line", f["line"]), ("endLine", f["end_line"])]
    if f["line"] == f["end_line"]:
        props += [("col", f["column"]), ("endColumn", f["end_column"])]
    props.append(("title", f"{f['rule']} {f['name']}"))
    message = f["message"]
    if f.get("fix") and f["fix"]["applicability"] == "safe":
        message += " (fixable: mtclean fix)"
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{COMMANDS.get(f['severity'], 'warning')} {head}::{escape_data(message)}"


def lines(files: list[dict]):
    """The annotations, one a line, then the summary line."""
    counts = {"error": 0, "warning": 0, "info": 0}
    n_files = n_failed = 0
    for d in files:
        n_files += 1
        if d.get("error"):
            n_failed += 1
            yield f"::error file={escape_property(d['path'])},title=mtclean::{escape_data(d['error'])}"
            continue
        for f in d["findings"]:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
            yield annotation(d["path"], f)
    yield summary(n_files, counts, n_failed)


def summary(n_files: int, counts: dict, n_failed: int) -> str:
    n = sum(counts.values())
    out = (f"mtclean: {_n(n, 'finding')} in {_n(n_files, 'file')} ({_n(counts.get('error', 0), 'error')}, "
           f"{_n(counts.get('warning', 0), 'warning')}, {_n(counts.get('info', 0), 'notice')})")
    if n_failed:
        out += f"; {_n(n_failed, 'file')} could not be read"
    if n:
        out += "; GitHub shows only the first annotations of each kind: run `mtclean check` for every finding"
    return out + "."


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'s' if k != 1 else ''}"


def report(files: list[dict]) -> str:
    return "\n".join(lines(files))
