"""The `mtclean` command line: check, fix, rules, explain.

Exit codes: 0 nothing at or above --fail-on; 1 findings (check) or, with --exit-non-zero-on-fix, changes
(fix); 2 a usage error or a file that could not be processed (the rest of a batch still runs).
Heavy modules (tqdm, ftfy, markdown-it, LanguageTool) are imported only when a run needs them.
"""
from __future__ import annotations

import os
import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UserError(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file=None):
        click.echo(_line(f"mtclean: error: {self.format_message()}"), err=True)


def _line(s: str) -> str:
    """One line on the terminal whatever a file name holds (render/escape.py)."""
    from .render.escape import one_line

    return one_line(s)


def _common(fn):
    options = [
        click.argument("paths", nargs=-1, type=click.Path(), required=True),
        click.option("--config", "config_path", type=click.Path(), help="Config file (default: found from the input upward)."),
        click.option("--isolated", is_flag=True, help="Ignore every config file."),
        click.option("--select", help="Only these rules: ids, id prefixes or categories, comma-separated."),
        click.option("--ignore", help="Skip these rules: ids, id prefixes or categories, comma-separated."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Add a YAML rule file for this run."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
                     help="Lowest severity that makes the exit code 1 (default: warning)."),
        click.option("--include", multiple=True, help="Glob of files to take from folders (default: *.txt *.md *.markdown)."),
        click.option("--exclude", multiple=True, help="Glob of files or folders to skip."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel workers for folders (default: CPUs)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary, no notices."),
        click.option("--encoding", help="Force the input encoding (default: UTF-8 with BOM detection, else detected)."),
        click.option("--max-size", type=click.IntRange(min=1), default=None, help="Refuse files larger than this many bytes (default 20 MB)."),
        click.option("--grammar", type=click.Choice(["auto", "none", "languagetool"]), default=None,
                     help="LanguageTool layer: auto (when configured), none, or languagetool (required)."),
        click.option("--languagetool-url", envvar="MTCLEAN_LT_URL", help="LanguageTool HTTP server (env MTCLEAN_LT_URL)."),
        click.option("--languagetool-disable", help="LanguageTool rule ids to switch off, comma-separated."),
    ]
    for opt in reversed(options):
        fn = opt(fn)
    return fn


def _split(v):
    return [x.strip() for x in (v or "").split(",") if x.strip()]


def _settings(o, unsafe=False, keep_text=False, backup=False, in_place=False, output_dir=None, fixing=False):
    from .config import find_config, load_config
    from .errors import ConfigError, RulePackError
    from .read.source import DEFAULT_MAX_SIZE
    from .runner import Settings

    first = next((p for p in o["paths"] if p != "-"), ".")
    cfg_path = o["config_path"]
    if cfg_path and o["isolated"]:
        raise UserError("use either --config FILE or --isolated, not both")
    if cfg_path and not os.path.lexists(cfg_path):
        raise UserError(f"{cfg_path}: config file not found; check --config")
    try:
        cfg = load_config(cfg_path or (None if o["isolated"] else find_config(first)))
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    try:
        from .config import check_house_style, check_rule_refs, foreign_risks, trusted_location
        from .rulepacks import rule_specs

        specs = rule_specs(list(cfg.extra_rules) + list(o["rule_files"]))
        check_rule_refs(cfg, [s.rule for s in specs], _split(o["select"]), _split(o["ignore"]))
        check_house_style(cfg)
    except (ConfigError, RulePackError) as exc:
        raise UserError(str(exc)) from None
    if cfg.path and not cfg_path and not trusted_location(cfg.path, first):
        # Found above the current folder and outside its (and the input's) git work tree: it may narrow
        # and report, but sending text away or changing it needs the user to name it.
        risks = foreign_risks(cfg, specs, fixing=fixing, unsafe=unsafe, url_given=bool(o["languagetool_url"]),
                              grammar_off=o["grammar"] == "none")
        if risks:
            raise UserError(f"{cfg.path}: this config was found above the current folder and outside its git work "
                            f"tree, and it {'; it '.join(risks)}; to use it, name it with --config {cfg.path} "
                            f"(or ignore it with --isolated)")
    if o["select"]:
        cfg.select = _split(o["select"])
    if o["ignore"]:
        cfg.ignore = cfg.ignore + _split(o["ignore"])
    if o["fail_on"]:
        cfg.fail_on = o["fail_on"]
    if o["grammar"]:
        cfg.grammar_mode = o["grammar"]
    if o["languagetool_url"]:
        cfg.grammar_url = o["languagetool_url"]
    if o["languagetool_disable"]:
        cfg.grammar_disable = cfg.grammar_disable + _split(o["languagetool_disable"])
    cfg.include = list(o["include"]) or cfg.include
    cfg.exclude = cfg.exclude + list(o["exclude"])
    if cfg.path and not o["quiet"]:
        click.echo(_line(f"mtclean: using config {cfg.path}"), err=True)  # (a config that failed said so above)
    return Settings(config=cfg, unsafe=unsafe or cfg.unsafe_fixes, encoding=o["encoding"],
                    max_size=o["max_size"] or DEFAULT_MAX_SIZE, rule_files=tuple(o["rule_files"]), specs=tuple(specs),
                    keep_text=keep_text, backup=backup, in_place=in_place, output_dir=output_dir)


def _grammar_layer(settings, notices):
    cfg = settings.config
    if cfg.grammar_mode == "none":
        return None
    try:
        from .grammar import open_grammar
    except ImportError:
        if cfg.grammar_mode == "languagetool":
            raise UserError("LanguageTool support is not available in this installation") from None
        return None
    # LanguageTool rules the user ignores are not even asked for.
    lt_off = [i for i in cfg.ignore if i.upper().startswith("LT:") and len(i) > 3]
    from .errors import GrammarUnavailable

    try:
        return open_grammar(cfg.grammar_mode, cfg.grammar_url, cfg.grammar_disable + lt_off, notices)
    except GrammarUnavailable as exc:
        raise UserError(str(exc)) from None


def _run(o, mode, settings, output_dir=None, in_place=False, output_file=None):
    """Plan, run and return (results, batch?, notices). Shared by check and fix (and fix -o FILE)."""
    from .batch import plan, run_jobs
    from .errors import GrammarUnavailable, RulePackError
    from .runner import EngineCache

    notices: list[str] = []
    layer = _grammar_layer(settings, notices)
    try:
        try:
            engines = EngineCache(settings, [layer] if layer else [])
        except RulePackError as exc:
            raise UserError(str(exc)) from None
        jobs, batch = plan(o["paths"], output_dir, in_place, settings.config.include, settings.config.exclude,
                           output_file=output_file)
        n_jobs = o["jobs"] or os.cpu_count() or 1
        progress = batch and not o["quiet"] and sys.stderr.isatty()
        try:
            results = run_jobs(jobs, engines, mode, n_jobs, progress, threads=layer is not None)
        except GrammarUnavailable as exc:
            if settings.config.grammar_mode == "languagetool":
                raise UserError(str(exc)) from None
            notices.append(f"{exc}; grammar findings skipped")
            engines = EngineCache(settings)
            results = run_jobs(jobs, engines, mode, n_jobs, progress)
        notices.extend(n for e in engines._engines.values() for n in e.ctx.notices)
    finally:
        if layer is not None:
            layer.close()
    return results, batch, notices


def _emit_notices(notices, quiet, results=()):
    if quiet:
        return
    # Per-file warnings (e.g. a user rule stopped by its time budget) come with the results, also from
    # worker processes; the rest are notes about the run.
    warnings = dict.fromkeys(n for r in results for n in r.get("notices", ()))
    for n in dict.fromkeys(notices):
        if n not in warnings:
            click.echo(_line(f"mtclean: note: {n}"), err=True)
    for n in warnings:
        click.echo(_line(f"mtclean: warning: {n}"), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mtclean", prog_name="mtclean")
def main():
    """Find and fix machine-translation artifacts in English articles."""


@main.command()
@_common
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Report format.")
def check(fmt, **o):
    """Report artifacts in articles (files, folders, or - for standard input)."""
    from .model import SEVERITY_RANK

    settings = _settings(o)
    results, batch, notices = _run(o, "check", settings)
    if fmt == "json":
        from .render.json import report

        click.echo(report(results, config=settings.config.path))
    else:
        from .render.text import finding_line, summary_line

        for r in results:
            if r["error"]:
                click.echo(_line(f"mtclean: error: {r['error']}"), err=True)
            for f in r["findings"]:
                click.echo(finding_line(r["path"], f))
        if not o["quiet"]:
            n = sum(len(r["findings"]) for r in results)
            fixable = sum(1 for r in results for f in r["findings"] if f["fix"] and f["fix"]["applicability"] == "safe")
            click.echo(summary_line(len(results), n, fixable, sum(1 for r in results if r["error"])))
        if batch and not o["quiet"]:
            from .batch import summary_lines

            for line in summary_lines(results, "check"):
                click.echo(line, err=True)
    _emit_notices(notices, o["quiet"], results)
    if any(r["error"] for r in results):
        sys.exit(EXIT_ERROR)
    level = settings.config.fail_on
    if level != "never":
        rank = SEVERITY_RANK[level]
        if any(SEVERITY_RANK[f["severity"]] >= rank for r in results for f in r["findings"]):
            sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


@main.command()
@_common
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the cleaned text.")
@click.option("-o", "--output", "output", type=click.Path(), help="Write the cleaned text of one input here.")
@click.option("--output-dir", type=click.Path(), help="Write every input file, cleaned or not, under this folder.")
@click.option("--in-place", is_flag=True, help="Rewrite the input files (atomically).")
@click.option("--backup", is_flag=True, help="With --in-place: keep the original as FILE.orig.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a file was changed.")
def fix(unsafe_fixes, show_diff, output, output_dir, in_place, backup, exit_non_zero_on_fix, **o):
    """Apply safe fixes; print the cleaned text, a diff, or write files."""
    paths = o["paths"]
    several = len(paths) > 1 or any(p != "-" and os.path.isdir(p) for p in paths)
    if sum(bool(x) for x in (output, output_dir, in_place)) > 1:
        raise UserError("use only one of -o, --output-dir and --in-place")
    if backup and not in_place:
        raise UserError("--backup goes with --in-place")
    if output:
        if several:
            raise UserError("-o takes one input file; for several use --output-dir DIR")
        if os.path.isdir(output):
            raise UserError(f"{output}: -o names a folder; give a file path, or use --output-dir")
    if in_place and "-" in paths:
        raise UserError("--in-place cannot rewrite standard input")
    if several and not (output_dir or in_place or show_diff):
        raise UserError("several inputs need --output-dir DIR, --in-place or --diff")
    if output_dir and os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise UserError(f"{output_dir}: --output-dir exists and is not a folder")
    if output_dir and any(p != "-" and os.path.isdir(p) and os.path.realpath(p) == os.path.realpath(output_dir)
                          for p in paths):
        raise UserError(f"{output_dir}: --output-dir is the input folder itself; use --in-place to rewrite it")
    to_stdout = not (output or output_dir or in_place or show_diff)
    settings = _settings(o, unsafe=unsafe_fixes, keep_text=show_diff or to_stdout, backup=backup, in_place=in_place,
                         output_dir=output_dir, fixing=True)
    results, batch, notices = _run(o, "fix", settings, output_dir=output_dir, in_place=in_place,
                                   output_file=output)
    for r in results:
        if r["error"]:
            click.echo(_line(f"mtclean: error: {r['error']}"), err=True)
            continue
        if show_diff:
            from .render.diff import unified

            d = unified(r["path"], r["before"], r["after"])
            if d:
                click.echo(d, nl=False)
        elif to_stdout:
            sys.stdout.flush()
            sys.stdout.buffer.write(r["out_bytes"])
            sys.stdout.buffer.flush()
    if not o["quiet"]:
        n_changed = sum(1 for r in results if r.get("changed"))
        n_applied = sum(len(r.get("applied", [])) for r in results)
        n_left = sum(len(r["findings"]) for r in results)
        if batch or not to_stdout:
            click.echo(f"mtclean: fixed {n_applied} finding{'s' if n_applied != 1 else ''} in {n_changed} "
                       f"file{'s' if n_changed != 1 else ''}; {n_left} left to review (run `mtclean check`)", err=True)
        if batch:
            from .batch import summary_lines

            for line in summary_lines(results, "fix"):
                click.echo(line, err=True)
    _emit_notices(notices, o["quiet"], results)
    if any(r["error"] for r in results):
        sys.exit(EXIT_ERROR)
    if exit_non_zero_on_fix and any(r.get("changed") for r in results):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


@main.command("rules")
def list_rules():
    """List the built-in rules."""
    from .rulepacks import builtin_rules

    for s in sorted(builtin_rules(), key=lambda s: s.rule.id):
        r = s.rule
        click.echo(f"{r.id:7} {r.name:28} {r.category:12} {r.severity:8} fix: {r.fixable}")


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Explain a rule, with its examples."""
    from .rulepacks import builtin_rules

    if rule_id.upper().startswith("LT:"):
        from .grammar.explain import describe

        text = describe(rule_id)
        if text:
            click.echo(text)
            return

    for s in builtin_rules():
        r = s.rule
        if r.id.lower() == rule_id.lower() or r.name == rule_id:
            click.echo(f"{r.id} {r.name} ({r.category}, {r.severity}, fix: {r.fixable})\n")
            click.echo(r.description or r.message)
            if r.fix_safety:
                click.echo(f"\nFix safety: {r.fix_safety}")
            if r.examples:
                click.echo("\nExamples:")
                for ex in r.examples:
                    if "good" in ex:
                        click.echo(f"  ok:    {ex['good']}")
                    else:
                        click.echo(f"  bad:   {ex['bad']}")
                        if "fixed" in ex:
                            how = "fixed (--unsafe-fixes)" if ex.get("unsafe") else "fixed"
                            click.echo(f"  {how}: {ex['fixed']}")
            return
    raise UserError(f"no rule '{rule_id}'; `mtclean rules` lists them")


if __name__ == "__main__":
    main()
