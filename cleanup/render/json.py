"""The JSON report: exactly the contract in docs/json-output.md (version 1, additive changes only)."""
from __future__ import annotations

import json

from .escape import utf8_text

VERSION = 1


def report(files: list[dict], config: str | None = None) -> str:
    """The report; ``config``: the config file in use, reported as the additive top-level key ``config``."""
    n_findings = sum(len(f["findings"]) for f in files)
    fixable = sum(1 for f in files for x in f["findings"] if x["fix"] and x["fix"]["applicability"] == "safe")
    doc = {
        "version": VERSION,
        # File names may hold bytes that are not UTF-8 (a POSIX name is bytes): shown as \xNN (escape.py).
        "files": [{"path": utf8_text(f["path"]), "encoding": f.get("encoding"), "findings": f["findings"],
                   "error": f.get("error") and utf8_text(f["error"]),
                   **({"notices": [utf8_text(n) for n in f["notices"]]} if f.get("notices") else {})}
                  for f in files],
        "summary": {"files": len(files), "findings": n_findings, "fixable": fixable,
                    "errors": sum(1 for f in files if f.get("error"))},
    }
    if config:
        doc["config"] = utf8_text(config)
    return json.dumps(doc, ensure_ascii=False, indent=2)
