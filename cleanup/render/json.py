"""The JSON report: exactly the contract in docs/json-output.md (version 1, additive changes only)."""
from __future__ import annotations

import json

from .escape import utf8_text

VERSION = 1


def report(files, config: str | None = None) -> str:
    """``files``: FileResults, in report order; ``config``: the config file in use, reported as the additive
    top-level key ``config`` (present when a config was used)."""
    n_findings = sum(len(f.findings) for f in files)
    fixable = sum(1 for f in files for x in f.findings if x["fix"] and x["fix"]["applicability"] == "safe")
    doc = {
        "version": VERSION,
        "files": [f.to_json() for f in files],
        "summary": {"files": len(files), "findings": n_findings, "fixable": fixable,
                    "errors": sum(1 for f in files if f.error)},
    }
    if config:
        doc["config"] = utf8_text(config)
    return json.dumps(doc, ensure_ascii=False, indent=2)
