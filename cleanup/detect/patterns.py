"""Pattern rules: one regular expression and an optional replacement per YAML entry."""
from __future__ import annotations

from ..model import Edit, Finding, Fix
from . import quoted


def run_pattern_rules(doc, ctx):
    text = doc.text
    out = []
    for spec in ctx.specs.values():
        if spec.pattern is None or (spec.requires is not None and spec.requires.search(text) is None):
            continue
        for m in _finditer(spec, text, ctx, doc.path):
            s, e = m.span()
            if s == e and spec.replacement is None:
                continue
            edits = None
            if spec.replacement is not None:
                try:
                    repl = m.expand(spec.replacement)
                except Exception:  # noqa: BLE001 - a bad group reference in a user's replacement
                    ctx.notices.append(f"{doc.path}: rule {spec.rule.id} ({spec.source}): its replacement refers to "
                                       f"a group the pattern does not have; fix skipped")
                    repl = None
                if repl is not None and repl != m.group(0):
                    edits = [_minimal_edit(s, m.group(0), repl)]
            message = spec.rule.messages.get("finding") or spec.rule.message
            if "{match}" in message:
                message = message.replace("{match}", m.group(0).strip())
            if "{context}" in message:
                message = message.replace("{context}", quoted(text, s, e))
            out.append(Finding(rule=spec.rule, start=s, end=e, message=message,
                               fix=Fix(spec.applicability, tuple(edits)) if edits else None))
    return out


def _minimal_edit(start: int, old: str, new: str) -> Edit:
    """Trim what the match and its replacement share at both ends: the edit touches only what changes."""
    p, n = 0, min(len(old), len(new))
    while p < n and old[p] == new[p]:
        p += 1
    q = 0
    while q < n - p and old[-1 - q] == new[-1 - q]:
        q += 1
    return Edit(start + p, start + len(old) - q, new[p:len(new) - q])


def _finditer(spec, text, ctx, path="<text>"):
    if not spec.user:
        return spec.pattern.finditer(text)
    from ..regex_budget import user_matches  # a user's pattern: its timeout and the file's time budget

    return user_matches(spec, text, ctx.notices, path)
