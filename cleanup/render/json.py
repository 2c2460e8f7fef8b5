"""The JSON report: exactly the contract in docs/json-output.md (version 1, additive changes only)."""
from __future__ import annotations

import json

VERSION = 1


def report(files) -> str:
    """``files``: FileResults, in report order."""
    n_findings = sum(len(f.findings) for f in files)
    fixable = sum(1 for f in files for x in f.findings if x["fix"] and x["fix"]["applicability"] == "safe")
    doc = {
        "version": VERSION,
        "files": [f.to_json() for f in files],
        "summary": {"files": len(files), "findings": n_findings, "fixable": fixable,
                    "errors": sum(1 for f in files if f.error)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
