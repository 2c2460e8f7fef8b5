"""SARIF 2.1.0 (OASIS), the format of GitHub code scanning and most static-analysis viewers.

- Columns count Unicode code points, as the JSON contract does: ``run.columnKind`` says so
  ("unicodeCodePoints"); regions are 1-based line/column, ``endColumn`` exclusive.
- ``partialFingerprints["mtclean/v1"]`` identifies a finding across runs without its offsets: a hash of
  the rule, the flagged text and up to CONTEXT code points either side of it on its own line (white space
  folded), then ``:N`` for the N-th finding with that hash in the file. Editing another paragraph, or
  adding lines above, leaves it unchanged; editing the flagged words or their neighbours changes it.
- Fixable findings carry ``fixes`` (safe and unsafe: SARIF viewers propose, they never apply unasked), with
  one ``replacement`` per edit; ``properties.applicability`` says which.
- A file that could not be read is a ``toolExecutionNotification`` of the invocation, which is then
  ``executionSuccessful: false``.
"""
from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import quote

from .contract import article_text
from .positions import LineIndex

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
CONTEXT = 20
FINGERPRINT = "mtclean/v1"
_SPACE = re.compile(r"\s+")


def artifact_uri(path: str) -> str:
    """A relative path stays relative (resolved against the repository by viewers); an absolute one is a
    file:// URI; standard input is "stdin"."""
    if path == "-":
        return "stdin"
    p = path.replace("\\", "/")
    if p.startswith("/"):
        from pathlib import PurePosixPath

        return PurePosixPath(p).as_uri()
    while p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/")


def fingerprints(text: str | None, findings: list[dict]) -> list[str]:
    """One stable fingerprint a finding (see the module's docstring)."""
    index = LineIndex(text) if text is not None else None
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        if text is not None and index is not None and 0 <= f["start"] <= f["end"] <= len(text):
            lo, _ = index.line_bounds(f["start"])
            _, hi = index.line_bounds(f["end"])
            parts = (text[max(lo, f["start"] - CONTEXT):f["start"]], text[f["start"]:f["end"]],
                     text[f["end"]:min(hi, f["end"] + CONTEXT)])
        else:  # no text kept: the message names the flagged words for most rules
            parts = ("", f["message"], "")
        key = "\x1f".join((f["rule"],) + tuple(_SPACE.sub(" ", p) for p in parts))
        h = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[h] = seen.get(h, 0) + 1
        out.append(f"{h}:{seen[h]}")
    return out


def _region(index: LineIndex, start: int, end: int) -> dict:
    line, col = index.position(start)
    end_line, end_col = index.position(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _rule(r: dict) -> dict:
    examples = []
    for e in r.get("examples") or ():
        if "good" in e:
            examples.append(("ok", e["good"]))
        else:
            examples.append(("bad", e["bad"]))
            if "fixed" in e:
                examples.append(("fixed (--unsafe-fixes)" if e.get("unsafe") else "fixed", e["fixed"]))
    about = r["description"] + (f"\n\nFix safety: {r['fix_safety']}" if r.get("fix_safety") else "")
    help_text = about + ("\n\nExamples:\n" + "\n".join(f"  {k}: {v}" for k, v in examples)
                                    if examples else "")
    help_md = about + ("\n\n" + "\n".join(f"- {k}: `{v}`" if "`" not in v else f"- {k}: {v}"
                                                      for k, v in examples) if examples else "")
    return {
        "id": r["id"],
        "name": r["name"],
        "shortDescription": {"text": r["message"]},
        "fullDescription": {"text": r["description"]},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS.get(r["severity"], "warning")},
        "properties": {"category": r["category"], "fixable": r["fixable"], "tags": [r["category"]]},
    }


def _result(f: dict, rule_index: int, uri: str, index: LineIndex | None, text: str | None, fp: str) -> dict:
    region = {"startLine": f["line"], "startColumn": f["column"], "endLine": f["end_line"],
              "endColumn": f["end_column"]}
    if text is not None and f["end"] <= len(text):
        region["snippet"] = {"text": text[f["start"]:f["end"]]}
    res = {
        "ruleId": f["rule"],
        "ruleIndex": rule_index,
        "level": LEVELS.get(f["severity"], "warning"),
        "message": {"text": f["message"]},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "partialFingerprints": {FINGERPRINT: fp},
        "properties": {"category": f["category"], "name": f["name"]},
    }
    fix = f.get("fix")
    if fix and index is not None:
        res["properties"]["applicability"] = fix["applicability"]
        how = "safe: applied by `mtclean fix`" if fix["applicability"] == "safe" else \
            "unsafe: applied only by `mtclean fix --unsafe-fixes`"
        res["fixes"] = [{
            "description": {"text": f"{f['message']} ({how})"},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [{"deletedRegion": _region(index, e["start"], e["end"]),
                                  "insertedContent": {"text": e["replacement"]}} for e in fix["edits"]],
            }],
        }]
    return res


def log(files: list[dict], rules: dict[str, dict], version: str = "") -> dict:
    """The SARIF log (a dict) of one run over ``files`` (contract dicts, with ``text`` where kept)."""
    used = sorted({f["rule"] for d in files for f in d["findings"]} | set(rules))
    table = [rules.get(rid) or {"id": rid, "name": rid, "category": "other", "severity": "warning",
                                "message": rid, "description": rid, "fixable": "none"} for rid in used]
    position = {r["id"]: i for i, r in enumerate(table)}
    results, artifacts, notifications = [], [], []
    for d in files:
        uri = artifact_uri(d["path"])
        if d.get("error"):
            notifications.append({"level": "error", "message": {"text": d["error"]},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            continue
        artifact = {"location": {"uri": uri}}
        if d.get("encoding"):
            artifact["encoding"] = d["encoding"]
        if d.get("sha256"):
            artifact["hashes"] = {"sha-256": d["sha256"]}
        artifacts.append(artifact)
        text = article_text(d)
        index = LineIndex(text) if text is not None else None
        for f, fp in zip(d["findings"], fingerprints(text, d["findings"]), strict=True):
            results.append(_result(f, position[f["rule"]], uri, index, text, fp))
    driver = {"name": "mtclean", "rules": [_rule(r) for r in table]}
    if version:
        driver["version"] = driver["semanticVersion"] = version
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": not notifications,
                         **({"toolExecutionNotifications": notifications} if notifications else {})}],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def report(files: list[dict], rules: dict[str, dict], version: str = "") -> str:
    return json.dumps(log(files, rules, version), ensure_ascii=False, indent=2)
