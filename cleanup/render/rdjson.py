"""reviewdog's diagnostic format: rdjson (one DiagnosticResult) and rdjsonl (one Diagnostic a line).

reviewdog counts columns in UTF-8 bytes (its proto: "byte count in UTF-8"); the contract counts code
points, so every position is converted with the article's text (``é`` is two bytes, ``𐐀`` four). Ranges
are [start, end), as ours. A fix becomes one ``suggestion``: the span from its first edit to its last,
with the edits applied, so that a reviewer commits it (or not) in one click; unsafe fixes are suggested
too, since nothing is applied without that click. A file that could not be read is a diagnostic
without a range.
"""
from __future__ import annotations

import json

from .contract import article_text
from .positions import LineIndex

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
SOURCE = {"name": "mtclean"}


def _range(index: LineIndex, start: int, end: int) -> dict:
    (line, col), (end_line, end_col) = index.byte_position(start), index.byte_position(end)
    return {"start": {"line": line, "column": col}, "end": {"line": end_line, "column": end_col}}


def suggestion(text: str, index: LineIndex, fix: dict) -> dict:
    edits = sorted(fix["edits"], key=lambda e: (e["start"], e["end"]))
    lo, hi = edits[0]["start"], max(e["end"] for e in edits)
    parts, pos = [], lo
    for e in edits:
        parts.append(text[pos:e["start"]])
        parts.append(e["replacement"])
        pos = e["end"]
    parts.append(text[pos:hi])
    return {"range": _range(index, lo, hi), "text": "".join(parts)}


def diagnostics(files: list[dict], source: bool = False):
    """One Diagnostic dict a finding (``source`` on each, for rdjsonl)."""
    for d in files:
        extra = {"source": SOURCE} if source else {}
        if d.get("error"):
            yield {"message": d["error"], "location": {"path": d["path"]}, "severity": "ERROR", **extra}
            continue
        text = article_text(d)
        index = LineIndex(text) if text is not None else None
        for f in d["findings"]:
            diag = {"message": f["message"], "location": {"path": d["path"]},
                    "severity": SEVERITIES.get(f["severity"], "WARNING"), **extra,
                    "code": {"value": f["rule"]}}
            if text is not None and index is not None:
                diag["location"]["range"] = _range(index, f["start"], f["end"])
                if f.get("fix"):
                    diag["suggestions"] = [suggestion(text, index, f["fix"])]
            else:  # without the text, code-point columns are the best there is (exact for ASCII lines)
                diag["location"]["range"] = {"start": {"line": f["line"], "column": f["column"]},
                                             "end": {"line": f["end_line"], "column": f["end_column"]}}
            yield diag


def report(files: list[dict]) -> str:
    return json.dumps({"source": SOURCE, "diagnostics": list(diagnostics(files))}, ensure_ascii=False, indent=2)


def lines(files: list[dict]):
    for diag in diagnostics(files, source=True):
        yield json.dumps(diag, ensure_ascii=False)
