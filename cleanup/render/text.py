"""Human-readable report: one line a finding, like a compiler, then a one-line summary."""
from __future__ import annotations

from .escape import one_line


def finding_line(path: str, f: dict) -> str:
    mark = " [*]" if f["fix"] and f["fix"]["applicability"] == "safe" else ""
    return one_line(f"{path}:{f['line']}:{f['column']}: {f['rule']} {f['severity']}: {f['message']}{mark}")


def summary_line(n_files: int, n_findings: int, n_fixable: int, n_errors: int) -> str:
    if n_findings == 0 and n_errors == 0:
        return f"No findings in {n_files} file{'s' if n_files != 1 else ''}."
    parts = [f"Found {n_findings} finding{'s' if n_findings != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}"]
    if n_fixable:
        parts.append(f"{n_fixable} fixable with `mtclean fix` (marked [*])")
    if n_errors:
        parts.append(f"{n_errors} file{'s' if n_errors != 1 else ''} could not be processed")
    return "; ".join(parts) + "."
