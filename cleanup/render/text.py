"""The report a person reads: findings (full or concise), statistics, what fix did, and the summaries.

``concise`` is one line a finding, ``path:line:col: RULE severity: message`` with ``[*]`` when `mtclean
fix` can fix it (the shape editors' problem matchers and pre-commit logs parse). ``full`` (the default,
as ruff's) adds the line with a caret under the flagged text and the fix, if any. Everything takes a
``Style`` so that colour is one decision made by the CLI.
"""
from __future__ import annotations

from collections import Counter

from .escape import one_line
from .excerpt import excerpt
from .style import PLAIN, Style


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _safe(f: dict) -> bool:
    return bool(f["fix"]) and f["fix"]["applicability"] == "safe"


def _unsafe(f: dict) -> bool:
    return bool(f["fix"]) and f["fix"]["applicability"] == "unsafe"


def finding_line(path: str, f: dict, style: Style = PLAIN) -> str:
    mark = " " + style("[*]", fg="cyan") if _safe(f) else ""
    sev = f["severity"]
    # A file name (or a quoted bit of text) with a line break or an escape must not break the line.
    return (f"{style(one_line(path), bold=True)}:{f['line']}:{f['column']}: "
            f"{style.severity(f['rule'], sev, bold=True)} {style.severity(sev, sev)}: {one_line(f['message'])}{mark}")


def _quote(s: str, limit: int = 40) -> str:
    s = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if len(s) > limit:
        s = s[: limit // 2] + "…" + s[-(limit // 2):]
    return f"'{s}'"


def describe_fix(f: dict, lines: dict[int, tuple[int, str]]) -> str | None:
    """What the fix does, in words: "replace 'Kiev' with 'Kyiv'", "delete ' via.'" (edits on the finding's
    line are quoted; others are counted)."""
    fix = f["fix"]
    if not fix:
        return None
    start, text = lines.get(f["line"], (0, None))
    parts: list[str | None] = []  # None: an edit off the finding's line
    for e in fix["edits"]:
        s, t, rep = e["start"] - start, e["end"] - start, e["replacement"]
        if text is None or s < 0 or t > len(text):
            parts.append(None)
        elif s == t:
            parts.append(f"insert {_quote(rep)}")
        elif rep == "":
            parts.append(f"delete {_quote(text[s:t])}")
        else:
            parts.append(f"replace {_quote(text[s:t])} with {_quote(rep)}")
    quoted = [p for p in parts if p is not None]
    if len(quoted) < len(parts):
        return _plural(len(parts), "edit")
    shown = "; ".join(quoted[:3])
    return shown + (f"; and {len(quoted) - 3} more" if len(quoted) > 3 else "")


def finding_full(path: str, f: dict, lines: dict[int, tuple[int, str]], width: int, style: Style = PLAIN) -> str:
    """ruff's ``full`` style: the concise line, then the line excerpt with a caret under the span."""
    out = [finding_line(path, f, style)]
    if f["line"] in lines:
        start, text = lines[f["line"]]
        num = str(f["line"])
        gutter = " " * len(num)
        bar = style("|", fg="blue", bold=True)
        end = f["end"] - start if f["end_line"] == f["line"] else len(text)
        shown, at, n = excerpt(text, f["start"] - start, end, max(20, width - len(num) - 3))
        out.append(f"{gutter} {bar}")
        out.append(f"{style(num, fg='blue', bold=True)} {bar} {shown}".rstrip())
        out.append(f"{gutter} {bar} {' ' * at}{style.severity('^' * n, f['severity'], bold=True)}")
        out.append(f"{gutter} {bar}")
        how = describe_fix(f, lines)
        if how:
            label = "fix" if _safe(f) else "unsafe fix (--unsafe-fixes)"
            out.append(f"{gutter} {style('=', fg='blue', bold=True)} {style(label, fg='cyan')}: {how}")
    return "\n".join(out) + "\n"


def by_category(findings) -> str:
    c = Counter(f["category"] for f in findings)
    return ", ".join(f"{cat}: {n}" for cat, n in sorted(c.items()))


def statistics(results) -> list[dict]:
    """Findings by rule, most frequent first: rule, name, severity, count and how many are safely fixable."""
    rows: dict[str, dict] = {}
    for r in results:
        for f in r.findings:
            row = rows.setdefault(f["rule"], {"rule": f["rule"], "name": f["name"], "severity": f["severity"],
                                              "count": 0, "fixable": 0})
            row["count"] += 1
            row["fixable"] += _safe(f)
    return sorted(rows.values(), key=lambda x: (-x["count"], x["rule"]))


def statistics_lines(rows: list[dict], style: Style = PLAIN) -> list[str]:
    if not rows:
        return []
    wc = max(len(str(x["count"])) for x in rows)
    wr = max(len(x["rule"]) for x in rows)
    wn = max(len(x["name"]) for x in rows)
    out = []
    for x in rows:
        mark = style("[*]", fg="cyan") if x["fixable"] else "   "
        out.append(f"{x['count']:>{wc}}  {style.severity(x['rule'].ljust(wr), x['severity'], bold=True)}  {mark} "
                   f"{x['name'].ljust(wn)}  {x['severity']}".rstrip())
    return out


def check_summary(results, style: Style = PLAIN) -> list[str]:
    """One summary for a run of check: what was found where, what fix would do, and what failed."""
    ok = [r for r in results if r.error is None]
    failed = [r for r in results if r.error is not None]
    found = [f for r in ok for f in r.findings]
    lines = []
    if ok or not failed:
        if not found:
            lines.append(f"No findings in {_plural(len(ok), 'file')}.")
        else:
            where = _plural(len(ok), "file") if len(ok) == 1 else \
                f"{sum(1 for r in ok if r.findings)} of {_plural(len(ok), 'file')}"
            lines.append(f"Found {_plural(len(found), 'finding')} in {where} ({by_category(found)}).")
            safe, unsafe = sum(map(_safe, found)), sum(map(_unsafe, found))
            if safe and unsafe:
                lines.append(f"{style('[*]', fg='cyan')} {safe} fixable with `mtclean fix`; {unsafe} more with "
                             f"`mtclean fix --unsafe-fixes`.")
            elif safe:
                lines.append(f"{style('[*]', fg='cyan')} {safe} fixable with `mtclean fix`.")
            elif unsafe:
                lines.append(f"{unsafe} fixable with `mtclean fix --unsafe-fixes` (none with `mtclean fix`).")
    lines.extend(_failed_lines(failed, "checked", style))
    return lines


def _failed_lines(failed, verb: str, style: Style) -> list[str]:
    if not failed:
        return []
    # Each reason was printed when it happened; here, which files, so that none goes unnoticed.
    return [style(f"{_plural(len(failed), 'file')} could not be {verb}:", fg="red", bold=True)] + \
        [f"  {one_line(r.path)}" for r in failed]


def fix_summary_lines(results, written: bool, unsafe: bool, style: Style = PLAIN) -> list[str]:
    """One summary for a run of fix. ``written``: the fixed text went to files (False for --diff, where
    nothing is written); ``unsafe``: unsafe fixes were applied too. Files that failed are not counted as
    processed, nor their edits as fixed."""
    ok = [r for r in results if r.error is None]
    failed = [r for r in results if r.error is not None]
    changed = [r for r in ok if r.changed]
    applied = [f for r in changed for f in r.applied]
    left = [f for r in ok for f in r.findings]
    lines = []
    if ok or not failed:
        where = _plural(len(ok), "file") if len(ok) == 1 else f"{len(changed)} of {_plural(len(ok), 'file')}"
        if applied and written:
            head = f"Fixed {_plural(len(applied), 'finding')} in {where} ({by_category(applied)})"
        elif applied:
            head = (f"Would fix {_plural(len(applied), 'finding')} in {where} ({by_category(applied)}); "
                    f"nothing was written (--diff)")
        else:
            head = f"Nothing to fix in {_plural(len(ok), 'file')}"
        if left:
            more = sum(map(_unsafe, left)) if not unsafe else 0
            hint = f", {more} of them fixable with --unsafe-fixes" if more else ""
            head += f"; {_plural(len(left), 'finding')} left to review{hint} (`mtclean check`)."
        else:
            head += "; nothing left to review."
        lines.append(head)
    lines.extend(_failed_lines(failed, "fixed", style))
    return lines


def show_fixes_lines(results, written: bool, style: Style = PLAIN) -> list[str]:
    """--show-fixes: per file, what was fixed, by rule (as ruff's)."""
    rows = [(r.path, Counter((f["rule"], f["name"]) for f in r.applied)) for r in results
            if r.error is None and r.changed and r.applied]
    if not rows:
        return ["No fixes applied." if written else "No fixes to apply."]
    n = sum(sum(c.values()) for _, c in rows)
    out = [f"{'Fixed' if written else 'Would fix'} {_plural(n, 'finding')}:"]
    for path, c in rows:
        out.append(f"- {style(one_line(path), bold=True)}:")
        for (rule, name), k in sorted(c.items(), key=lambda x: (-x[1], x[0])):
            out.append(f"    {k} × {style(rule, bold=True)} ({name})")
    return out
