"""What the reports say about each rule: id, name, category, severity, message, the `explain` text (its
description and fix safety) and examples, as plain data (it goes into SARIF's tool.driver.rules and into the
HTML report's data)."""
from __future__ import annotations


def rule_dict(rule) -> dict:
    return {"id": rule.id, "name": rule.name, "category": rule.category, "severity": rule.severity,
            "message": rule.message, "description": rule.description or rule.message,
            "fixable": rule.fixable, "fix_safety": getattr(rule, "fix_safety", "") or "",
            "examples": [dict(e) for e in rule.examples]}


def rule_table(specs, files=()) -> dict[str, dict]:
    """The rules of ``specs`` (a run's RuleSpecs: built-in and user rules) by id, plus any rule a finding in
    ``files`` names that they do not hold (LanguageTool's ``LT:*``), described from the finding."""
    table = {s.rule.id: rule_dict(s.rule) for s in specs}
    for d in files:
        for f in d.get("findings") or ():
            if f["rule"] not in table:
                table[f["rule"]] = _from_finding(f)
    return table


def _from_finding(f: dict) -> dict:
    description = f["message"]
    if f["rule"].upper().startswith("LT:"):
        try:
            from ..grammar.explain import describe

            description = describe(f["rule"]) or description
        except Exception:  # noqa: BLE001 - an explanation is a courtesy, never a reason to fail a report
            description = f["message"]
    fixable = "none" if not f.get("fix") else f["fix"]["applicability"]
    return {"id": f["rule"], "name": f.get("name") or f["rule"], "category": f.get("category") or "other",
            "severity": f.get("severity") or "warning", "message": f["message"], "description": description,
            "fixable": fixable, "fix_safety": "", "examples": []}
