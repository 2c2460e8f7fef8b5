"""The JSON report: exactly the contract in docs/json-output.md (version 1, additive changes only)."""
from __future__ import annotations

import json

VERSION = 1


def report(files: list[dict], config: str | None = None) -> str:
    """The report; ``config``: the config file in use, reported as the additive top-level key ``config``."""
    n_findings = sum(len(f["findings"]) for f in files)
    fixable = sum(1 for f in files for x in f["findings"] if x["fix"] and x["fix"]["applicability"] == "safe")
    doc = {
        "version": VERSION,
        "files": [{"path": f["path"], "encoding": f.get("encoding"), "findings": f["findings"],
                   "error": f.get("error"), **({"notices": f["notices"]} if f.get("notices") else {})}
                  for f in files],
        "summary": {"files": len(files), "findings": n_findings, "fixable": fixable,
                    "errors": sum(1 for f in files if f.get("error"))},
    }
    if config:
        doc["config"] = config
    return json.dumps(doc, ensure_ascii=False, indent=2)
