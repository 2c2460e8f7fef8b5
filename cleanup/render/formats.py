"""`mtclean check --format F`: which renderer, what it needs from the run, and where its output may go.

Imported only when a format other than full, concise or json is asked for, so plain `check` starts no faster or
slower for it; each renderer is imported only when used.
"""
from __future__ import annotations

# These read the article's text (code-point to byte columns, fingerprints' context, the page itself) and
# the SHA-256 of its bytes (SARIF's artifact hashes, the report's guard for `fix --decisions`).
NEEDS_SOURCE = frozenset({"sarif", "rdjson", "rdjsonl", "html"})


def tool_version() -> str:
    try:
        from importlib.metadata import version

        return version("mtclean")
    except Exception:  # noqa: BLE001 - run from a source tree without metadata
        return ""


def render_check(fmt: str, results, specs, config: str | None = None) -> str:
    """The whole report for ``results`` (the runner's per-file results) in format ``fmt``, as text;
    ``config``: the config file in use (the JSON report names it)."""
    if fmt == "json":
        from .json import report as json_report

        return json_report(results, config=config)
    from .contract import file_dicts

    files = file_dicts(results)
    if fmt == "github":
        from .github import report as github_report

        return github_report(files)
    if fmt == "json-lines":
        from .jsonlines import lines

        return "\n".join(lines(files))
    if fmt == "rdjson":
        from .rdjson import report as rdjson_report

        return rdjson_report(files)
    if fmt == "rdjsonl":
        from .rdjson import lines

        return "\n".join(lines(files))
    from .rulemeta import rule_table

    rules = rule_table(specs, files)
    if fmt == "sarif":
        from .sarif import report as sarif_report

        return sarif_report(files, rules, tool_version())
    if fmt == "html":
        from .html import render

        return render(files, rules, tool_version())
    raise ValueError(f"unknown format {fmt!r}")
