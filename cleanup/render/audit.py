"""`mtclean fix --format json`: what a fix run changed, file by file, so that a batch can be audited.

Same envelope as the check report (version 1): per file ``changed``, ``applied`` (the findings whose
fixes were applied, each with its edits) and ``findings`` (what is left, on the fixed text). Applied
findings come in the order they were applied; their offsets refer to the text of the round that applied
them (the input, for the first round; `fix` repeats rounds until nothing is left to apply), remaining
findings' offsets to the fixed text. ``sha256`` is the input file's bytes, when the run kept it.
"""
from __future__ import annotations

import json

VERSION = 1


def record(files: list[dict]) -> dict:
    out = []
    for d in files:
        entry = {"path": d["path"], "encoding": d.get("encoding"), "changed": bool(d.get("changed")),
                 "applied": d.get("applied") or [], "findings": d["findings"], "error": d.get("error")}
        if d.get("sha256"):
            entry["sha256"] = d["sha256"]
        if d.get("notices"):
            entry["notices"] = d["notices"]
        out.append(entry)
    return {
        "version": VERSION,
        "mode": "fix",
        "files": out,
        "summary": {"files": len(out), "changed": sum(e["changed"] for e in out),
                    "applied": sum(len(e["applied"]) for e in out),
                    "remaining": sum(len(e["findings"]) for e in out),
                    "errors": sum(1 for e in out if e["error"])},
    }


def report(files: list[dict]) -> str:
    return json.dumps(record(files), ensure_ascii=False, indent=2)
