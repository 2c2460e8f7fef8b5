"""The `mtclean` command line: check, fix, rules, explain.

Exit codes: 0 nothing at or above --fail-on; 1 findings (check, or left after fix with --fail-on), changes to
preview (fix --diff) or, with --exit-non-zero-on-fix, changes made; 2 a usage error or a file that could not be
processed (the rest of a batch still runs). --exit-zero turns 1 into 0.
Heavy modules (tqdm, ftfy, markdown-it, LanguageTool) are imported only when a run needs them.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace

import click

from .dataset.options import dataset_mode, dataset_options

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UserError(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file=None):
        click.echo(_line(f"mtclean: error: {self.format_message()}"), err=True)


def _line(s: str) -> str:
    """One line on the terminal whatever a file name holds (render/escape.py)."""
    from .render.escape import one_line

    return one_line(s)


class _Format(click.Choice):
    """A --format choice that also takes retired names (``text`` is now ``concise``) without listing them."""

    def __init__(self, choices, aliases):
        super().__init__(choices)
        self.aliases = aliases

    def convert(self, value, param, ctx):
        return super().convert(self.aliases.get(value, value), param, ctx)


def _common(fn):
    from .render.style import COLOR_CHOICES

    options = [
        # Not click.Path(readable): an unreadable file gets the batch's one-line reason, not a usage error.
        click.argument("paths", nargs=-1, type=click.Path(readable=False)),
        click.option("--config", "config_path", type=click.Path(readable=False),
                     help="Config file (default: found from the first input upward)."),
        click.option("--isolated", is_flag=True, help="Ignore every config file (pyproject.toml, mtclean.toml)."),
        click.option("--select", metavar="RULES",
                     help="Only these rules: ids, id prefixes, categories or names, comma-separated."),
        click.option("--ignore", metavar="RULES",
                     help="Skip these rules: ids, id prefixes, categories or names, comma-separated."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(readable=False),
                     help="Add a YAML rule file for this run."),
        click.option("--include", multiple=True, metavar="GLOB",
                     help="Files to take from folders (default: *.txt *.md *.markdown)."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip."),
        click.option("--stdin-filename", metavar="PATH",
                     help="The name of standard input (- or no path): sets its format (.md), config and "
                          "per-file ignores, and names it in reports."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Parallel workers for folders (default: the number of CPUs)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary, no notices."),
        click.option("--color", type=click.Choice(COLOR_CHOICES), default=None,
                     help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are left (2 still means a "
                                                       "file failed)."),
        click.option("--encoding", metavar="CODEC",
                     help="Force the input encoding (default: UTF-8 with BOM detection, else detected)."),
        click.option("--max-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
                     help="Refuse files larger than this (default: 20 MB)."),
        click.option("--grammar", type=click.Choice(["auto", "none", "languagetool"]), default=None,
                     help="LanguageTool layer: auto (when a server or local install is found), none, or "
                          "languagetool (required)."),
        click.option("--languagetool-url", envvar="MTCLEAN_LT_URL", metavar="URL",
                     help="LanguageTool HTTP server (env MTCLEAN_LT_URL)."),
        click.option("--languagetool-disable", metavar="IDS",
                     help="LanguageTool rule ids to switch off (a list separated by commas)."),
        click.option("--language", type=click.Choice(_LANGUAGES, case_sensitive=False), default=None,
                     metavar="LANG", help="LanguageTool's English variant: en-US (the default), en-GB, en-AU, "
                                          "en-CA, en-NZ, en-ZA or en."),
    ]
    for opt in reversed(options):
        fn = opt(fn)
    return fn


_LANGUAGES = ("en-US", "en-GB", "en-AU", "en-CA", "en-NZ", "en-ZA", "en")  # grammar.LANGUAGES, unimported


def _paths(o) -> None:
    """No path reads standard input when --stdin-filename names it; else a path is required."""
    if not o["paths"]:
        if not o["stdin_filename"]:
            raise click.UsageError("Missing argument 'PATHS...': give files or folders, or - for standard input.")
        o["paths"] = ("-",)


def _split(v):
    return [x.strip() for x in (v or "").split(",") if x.strip()]


def _first_path(o) -> str:
    """Where the config is looked for: the first input (standard input by its --stdin-filename), else here."""
    for p in o["paths"]:
        if p != "-":
            return p
        if o["stdin_filename"]:
            return o["stdin_filename"]
    return "."


def _config_and_rules(config_path, first, rule_files, select=(), ignore=(), isolated=False):
    """The config (``config_path``, else found from ``first`` upward; none when ``isolated``) and every rule
    (built-in, its extra-rules and ``rule_files``), checked against each other: any problem is one line,
    exit 2."""
    from .config import check_house_style, check_rule_refs, find_config, load_config
    from .errors import ConfigError, RulePackError
    from .rulepacks import rule_specs

    if config_path and isolated:
        raise UserError("use either --config FILE or --isolated, not both")
    if config_path and not os.path.lexists(config_path):
        raise UserError(f"{config_path}: config file not found; check --config")
    try:
        cfg = load_config(config_path or (None if isolated else find_config(first)))
        specs = rule_specs(list(cfg.extra_rules) + list(rule_files))
        check_rule_refs(cfg, [s.rule for s in specs], select, ignore)
        check_house_style(cfg)
    except (ConfigError, RulePackError) as exc:
        raise UserError(str(exc)) from None
    return cfg, specs


def _trust_config(cfg, specs, o, first, fixing, unsafe) -> None:
    """A discovered config above the current folder and outside its (and the input's) git work tree may
    narrow and report, but not send text away or change it unless the user names it (docs/robustness.md,
    "Configuration discovery")."""
    from .config import foreign_risks, trusted_location

    if not cfg.path or o["config_path"] or trusted_location(cfg.path, first):
        return
    risks = foreign_risks(cfg, specs, fixing=fixing, unsafe=unsafe, url_given=bool(o["languagetool_url"]),
                          grammar_off=o["grammar"] == "none")
    if risks:
        raise UserError(f"{cfg.path}: this config was found above the current folder and outside its git work "
                        f"tree, and it {'; it '.join(risks)}; to use it, name it with --config {cfg.path} "
                        f"(or ignore it with --isolated)")


def _settings(o, unsafe=False, keep_text=False, backup=False, in_place=False, keep_lines=False, output_dir=None,
              fixing=False):
    from .read.source import DEFAULT_MAX_SIZE
    from .runner import Settings

    first = _first_path(o)
    cfg, specs = _config_and_rules(o["config_path"], first, o["rule_files"], _split(o["select"]),
                                   _split(o["ignore"]), isolated=o["isolated"])
    _trust_config(cfg, specs, o, first, fixing, unsafe)
    if o["select"]:
        cfg.select = _split(o["select"])
    if o["ignore"]:
        cfg.ignore = cfg.ignore + _split(o["ignore"])
    if o.get("fail_on"):
        cfg.fail_on = o["fail_on"]
    _grammar_options(cfg, o)
    cfg.include = list(o["include"]) or cfg.include
    cfg.exclude = cfg.exclude + list(o["exclude"])
    if cfg.path and not o["quiet"]:
        click.echo(_line(f"mtclean: using config {cfg.path}"), err=True)  # (a config that failed said so above)
    return Settings(config=cfg, unsafe=unsafe or cfg.unsafe_fixes, encoding=o["encoding"],
                    max_size=o["max_size"] or DEFAULT_MAX_SIZE, rule_files=tuple(o["rule_files"]), specs=tuple(specs),
                    keep_text=keep_text, backup=backup, in_place=in_place, keep_lines=keep_lines,
                    output_dir=output_dir)


def _grammar_options(cfg, o) -> None:
    if o["grammar"]:
        cfg.grammar_mode = o["grammar"]
    if o["languagetool_url"]:
        cfg.grammar_url = o["languagetool_url"]
    if o["languagetool_disable"]:
        cfg.grammar_disable = cfg.grammar_disable + _split(o["languagetool_disable"])
    if o["language"]:
        cfg.grammar_language = o["language"]  # the choice as listed, whatever case it was given in


def _grammar_layer(settings, notices):
    cfg = settings.config
    if cfg.grammar_mode == "none":
        return None
    from .errors import GrammarUnavailable

    try:
        from .grammar import open_grammar
    except ImportError:
        if cfg.grammar_mode == "languagetool":
            raise UserError("LanguageTool support is not available in this installation") from None
        return None
    # LanguageTool rules the user ignores are not even asked for.
    lt_off = [i for i in cfg.ignore if i.upper().startswith("LT:") and len(i) > 3]
    try:
        return open_grammar(cfg.grammar_mode, cfg.grammar_url, cfg.grammar_disable + lt_off, notices,
                            language=cfg.grammar_language)
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
        # Where each output may go is write.py's policy, applied by plan() before anything is read.
        jobs, batch = plan(o["paths"], output_dir, in_place, settings.config.include, settings.config.exclude,
                           output_file=output_file)
        if not output_file:
            _no_files_found(o["paths"], jobs, settings.config.include, notices)
        if o["stdin_filename"]:
            jobs = [_stdin_named(j, o["stdin_filename"], output_dir) if j.path == "-" else j for j in jobs]
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


def _stdin_named(job, name: str, output_dir):
    """Standard input's job goes by the name --stdin-filename gave it, also in an --output-dir."""
    out = job.out_path
    if output_dir and out:
        out = os.path.join(os.path.dirname(out), os.path.basename(name))
    return replace(job, display=name, out_path=out)


NO_FILES = "no files found"


def _no_files_found(paths, jobs, include, notices) -> None:
    """A folder that gives no file to work on says so (as ruff's "No files found"), instead of a silent pass."""
    from .batch import DEFAULT_INCLUDE

    for p in paths:
        if p != "-" and os.path.isdir(p):
            prefix = os.path.join(p, "")
            if not any(j.path.startswith(prefix) for j in jobs):
                globs = " ".join(include or DEFAULT_INCLUDE)
                notices.append(f"warning: {NO_FILES} in {p} (looked for {globs}; --include takes other globs)")


def _expand_globs(paths) -> tuple[list[str], list[str]]:
    """Paths with glob patterns that the shell left alone (quoted, or matching nothing) expanded, in order;
    and a warning for each pattern that matches nothing."""
    import glob

    out, warnings = [], []
    for p in paths:
        if p != "-" and glob.has_magic(p) and not os.path.exists(p):
            found = sorted(glob.glob(p, recursive=True))
            if not found:
                warnings.append(f"warning: {NO_FILES} matching {p}")
            out.extend(found)
        else:
            out.append(p)
    return out, warnings


def _emit_notices(notices, quiet, results=()):
    # Per-file warnings (e.g. a user rule stopped by its time budget) come with the results, also from
    # worker processes; the rest are notes about the run ("warning: ..." ones stay even with --quiet).
    warnings = dict.fromkeys(n for r in results for n in r.notices)
    for n in dict.fromkeys(notices):
        if n.startswith("warning: "):
            click.echo(_line(f"mtclean: {n}"), err=True)
        elif n not in warnings and not quiet:
            click.echo(_line(f"mtclean: note: {n}"), err=True)
    if not quiet:
        for n in warnings:
            click.echo(_line(f"mtclean: warning: {n}"), err=True)


def _echo(text: str, style, err: bool = False, nl: bool = True) -> None:
    # click.echo drops colour codes unless told otherwise: the colour decision is the Style's.
    click.echo(text, err=err, nl=nl, color=True if style.on else None)


def _width() -> int:
    """Columns for excerpts: the terminal's (COLUMNS first), else 100 (a file or a pipe)."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _errors(results, style) -> None:
    for r in results:
        if r.error:
            _echo(f"{style('mtclean: error:', fg='red', bold=True)} {_line(r.error)}", style, err=True)


def _exit(results, fail: bool, exit_zero: bool):
    if any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if fail and not exit_zero else EXIT_OK)


def _fails(results, level: str) -> bool:
    from .model import SEVERITY_RANK

    if level == "never":
        return False
    return any(SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK[level] for r in results for f in r.findings)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="mtclean", prog_name="mtclean")
def main():
    """Find and fix machine-translation artifacts in English articles.

    Exit codes: 0 nothing to report, 1 findings (or changes, for fix with --diff or
    --exit-non-zero-on-fix), 2 a usage error or a file that could not be processed.
    """


_FAIL_ON = click.Choice(["error", "warning", "info", "never"])


def _print_statistics(results, fmt, style) -> None:
    from .render.text import statistics, statistics_lines

    rows = statistics(results)
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for line in statistics_lines(rows, style):
            _echo(line, style)


def _finding_lines(results, fmt, style, summary: bool) -> list[str]:
    from .render.text import check_summary, finding_full, finding_line

    width = _width()
    out = []
    for r in results:
        for f in r.findings:
            if fmt == "full":
                out.append(finding_full(r.path, f, r.lines, width, style))
            else:
                out.append(finding_line(r.path, f, style))
    if summary and results:
        out.extend(check_summary(results, style))
    return out


def _write_report(text: str, output: str | None, style=None) -> None:
    """A report to stdout, or (-o FILE) atomically to a file: complete or absent, never half-written."""
    if not output or output == "-":
        if style is None:
            click.echo(text)
        else:
            _echo(text, style)
        return
    from .errors import WriteError
    from .read.source import write_atomic

    try:
        write_atomic(output, (text + "\n").encode("utf-8", "surrogatepass"))
    except WriteError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{output}: cannot write the report ({exc.strerror or exc}); check the path") from None


CHECK_FORMATS = ["full", "concise", "json", "sarif", "github", "rdjson", "rdjsonl", "json-lines", "html"]


@main.command(short_help="Report artifacts (files, folders, or - for stdin).")
@click.option("--format", "fmt", type=_Format(CHECK_FORMATS, {"text": "concise"}), default="full",
              help="full: each finding with its line and a caret under it; concise: one line a finding; json: "
                   "the JSON report; sarif (SARIF 2.1.0); github (Actions annotations); rdjson, rdjsonl "
                   "(reviewdog); json-lines (one finding a line); html (a review report; needs -o).")
@click.option("-o", "--output", "output", type=click.Path(readable=False),
              help="Write the report to this file (atomically) instead of standard output; for a dataset, "
                   "the folder for the results.")
@click.option("--statistics", is_flag=True, help="Count the findings by rule instead of listing them.")
@click.option("--fail-on", type=_FAIL_ON, default=None,
              help="Lowest severity that makes the exit code 1 (default: warning, or the config's fail-on).")
@_common
@dataset_options
def check(fmt, output, statistics, **o):
    """Report artifacts in articles: files, folders (walked for *.txt, *.md and *.markdown), or - for
    standard input."""
    from .render.style import PLAIN, Style, color_enabled

    _paths(o)
    if dataset_mode(o):
        from .dataset.command import run

        run("check", o, _settings, output=output, not_for_datasets=[("--format", fmt != "full"),
                                                                     ("--statistics", statistics)])
    if output and os.path.isdir(output):
        raise UserError(f"{output}: -o names a folder; give a file path (e.g. {os.path.join(output, 'report.html')})")
    to_file = bool(output) and output != "-"
    if fmt == "html" and not to_file:
        raise UserError("--format html writes a self-contained page: give it a file with -o report.html")
    o["paths"], warnings = _expand_globs(o["paths"])
    style = PLAIN if to_file else Style(color_enabled(o["color"], sys.stdout))
    err_style = Style(color_enabled(o["color"], sys.stderr))
    settings = _settings(o, keep_lines=fmt == "full" and not statistics)
    if fmt in ("sarif", "rdjson", "rdjsonl", "html"):
        settings.keep_source = True  # these read the text (columns, fingerprints, the page) and its hash
    results, batch, notices = _run(o, "check", settings)
    notices[:0] = warnings
    if fmt in ("full", "concise") or to_file or statistics:
        _errors(results, err_style)  # a machine-readable report on stdout carries its own errors
    if statistics:
        _print_statistics(results, fmt, style)
    elif fmt in ("full", "concise"):
        lines = _finding_lines(results, fmt, style, summary=not o["quiet"])
        if lines or to_file:
            _write_report("\n".join(lines), output, style)
    else:
        from .render.formats import render_check

        _write_report(render_check(fmt, results, settings.specs, config=settings.config.path), output)
    _emit_notices(notices, o["quiet"], results)
    _exit(results, _fails(results, settings.config.fail_on), o["exit_zero"])


def _check_destinations(paths, output, output_dir, in_place, backup, preview) -> None:
    """Where fix may write, checked before anything runs: every mistake is a usage error (exit 2)."""
    several = len(paths) > 1 or any(p != "-" and os.path.isdir(p) for p in paths)
    if sum(bool(x) for x in (output, output_dir, in_place)) > 1:
        raise UserError("use only one of -o, --output-dir and --in-place")
    if backup and not in_place:
        raise UserError("--backup goes with --in-place")
    if output and several:
        raise UserError("-o takes one input file; for several use --output-dir DIR")
    if output and os.path.isdir(output):
        raise UserError(f"{output}: -o names a folder; give a file path, or use --output-dir")
    if output and paths[0] != "-" and os.path.exists(output) and os.path.exists(paths[0]) and \
            os.path.samefile(output, paths[0]):
        raise UserError(f"{output}: -o is the input file itself; use --in-place to rewrite it")
    if in_place and "-" in paths:
        raise UserError("--in-place cannot rewrite standard input")
    if several and not (output_dir or in_place or preview):
        raise UserError("several inputs need --output-dir DIR, --in-place or --diff")
    if output_dir and os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise UserError(f"{output_dir}: --output-dir exists and is not a folder")
    if output_dir and any(p != "-" and os.path.isdir(p) and os.path.realpath(p) == os.path.realpath(output_dir)
                          for p in paths):
        raise UserError(f"{output_dir}: --output-dir is the input folder itself; use --in-place to rewrite it")


def _print_fixed(results, preview: bool, word_diff: bool, to_stdout: bool, style) -> None:
    """The cleaned text (one input to stdout) or the diffs of a preview."""
    from .render.diff import highlight, unified
    from .render.diff import word_diff as words

    for r in results:
        if r.error:
            continue
        if preview:
            d = words(r.path, r.before, r.after, style) if word_diff else highlight(
                unified(r.path, r.before, r.after), style)
            if d:
                _echo(d, style, nl=False)
        elif to_stdout:
            sys.stdout.flush()
            sys.stdout.buffer.write(r.out_bytes)
            sys.stdout.buffer.flush()


@main.command(short_help="Apply safe fixes; print the text or a diff, or write files.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Preview: print a unified diff, write nothing, exit 1 if there are changes.")
@click.option("--word-diff", is_flag=True,
              help="Preview as --diff, with changed words marked inline: [-old-]{+new+}.")
@click.option("--show-fixes", is_flag=True, help="List what was fixed, by file and rule (on stderr).")
@click.option("-o", "--output", "output", type=click.Path(readable=False),
              help="Write the cleaned text of one input here (a dataset: its output folder).")
@click.option("--output-dir", type=click.Path(readable=False),
              help="Write every input file, cleaned or not, under this folder.")
@click.option("--in-place", is_flag=True, help="Rewrite the input files (atomically).")
@click.option("--backup", is_flag=True, help="With --in-place: keep the original as FILE.orig.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a file was changed.")
@click.option("--fail-on", type=_FAIL_ON, default=None,
              help="Exit 1 when findings of this severity or higher are left after fixing (default: never).")
@click.option("--format", "fmt", type=_Format(["text", "json"], {}), default="text",
              help="json: print a record of what was changed (per file: the applied and the remaining "
                   "findings) instead of the cleaned text; without -o, --output-dir or --in-place nothing is "
                   "written.")
@click.option("--decisions", "decisions_path", type=click.Path(readable=False),
              help="Apply exactly the edits accepted in an HTML report's exported decisions, and nothing else.")
@_common
@dataset_options
def fix(unsafe_fixes, show_diff, word_diff, show_fixes, output, output_dir, in_place, backup, exit_non_zero_on_fix,
        fail_on, fmt, decisions_path, **o):
    """Apply the safe fixes; print the cleaned text (or a diff), or write files with -o, --output-dir or
    --in-place."""
    from .render.style import Style, color_enabled

    _paths(o)
    if dataset_mode(o):
        from .dataset.command import run

        run("fix", o, _settings, output=output, unsafe=unsafe_fixes, exit_non_zero_on_fix=exit_non_zero_on_fix,
            fail_on=fail_on, not_for_datasets=[("--diff", show_diff), ("--word-diff", word_diff),
                                               ("--show-fixes", show_fixes), ("--output-dir", output_dir),
                                               ("--in-place", in_place), ("--backup", backup),
                                               ("--format json", fmt == "json"), ("--decisions", decisions_path)])
    o["paths"], warnings = _expand_globs(o["paths"])
    paths = o["paths"]
    preview = show_diff or word_diff
    if exit_non_zero_on_fix and o["exit_zero"]:
        raise UserError("use only one of --exit-zero and --exit-non-zero-on-fix")
    if fmt == "json" and preview:
        raise UserError("use one of --diff, --word-diff and --format json")
    decisions = None
    if decisions_path:
        if unsafe_fixes:
            raise UserError("--decisions applies the edits accepted in the report and nothing else; "
                            "drop --unsafe-fixes")
        from .decisions import DecisionsError, load_decisions

        try:
            decisions = load_decisions(decisions_path)
        except DecisionsError as exc:
            raise UserError(str(exc)) from None
    dropped = [name for name, given in (("-o", output), ("--output-dir", output_dir), ("--in-place", in_place),
                                        ("--backup", backup)) if given]
    if preview:  # a preview never writes
        output = output_dir = None
        in_place = backup = False
    record = fmt == "json"  # a record of what changed goes to stdout: the cleaned text does not
    _check_destinations(paths, output, output_dir, in_place, backup, preview or record)
    to_stdout = not (output or output_dir or in_place or preview or record)
    style = Style(color_enabled(o["color"], sys.stdout))
    err_style = Style(color_enabled(o["color"], sys.stderr))
    settings = _settings(o, unsafe=unsafe_fixes, keep_text=preview or to_stdout, backup=backup, in_place=in_place,
                         output_dir=output_dir, fixing=True)
    settings.keep_source = record  # the record names each input's SHA-256
    if decisions is not None:
        settings.decisions = decisions
        settings.config.grammar_mode = "none"  # nothing is detected: the report's edits are applied as they are
    results, batch, notices = _run(o, "fix", settings, output_dir=output_dir, in_place=in_place,
                                   output_file=output)
    notices[:0] = warnings
    if preview and dropped:
        notices.append(f"{'--word-diff' if word_diff else '--diff'} only shows the changes: "
                       f"{', '.join(dropped)} ignored, nothing was written")
    _errors(results, err_style)
    _print_fixed(results, preview, word_diff, to_stdout, style)
    if show_fixes:
        from .render.text import show_fixes_lines

        for line in show_fixes_lines(results, written=not preview, style=err_style):
            _echo(line, err_style, err=True)
    if not o["quiet"] and (batch or not to_stdout) and results:
        from .render.text import fix_summary_lines

        for line in fix_summary_lines(results, written=not preview, unsafe=settings.unsafe, style=err_style):
            _echo(line, err_style, err=True)
    if record:
        from .render.audit import report as audit_report
        from .render.contract import file_dicts

        click.echo(audit_report(file_dicts(results)))
    _emit_notices(notices, o["quiet"], results)
    changed = any(r.changed and not r.error for r in results)
    # A preview with changes exits 1 (as ruff's --diff); so do changes with --exit-non-zero-on-fix, and what
    # is left after fixing at or above --fail-on (fix's default: never, so that the fix hook passes once
    # nothing is left to fix).
    fail = ((preview or exit_non_zero_on_fix) and changed) or _fails(results, fail_on or "never")
    _exit(results, fail, o["exit_zero"])


def _user_rules_options(fn):
    fn = click.option("--rules", "rule_files", multiple=True, type=click.Path(readable=False),
                      help="Add a YAML rule file.")(fn)
    return click.option("--config", "config_path", type=click.Path(readable=False),
                        help="Config file (default: found from this folder upward).")(fn)


def _rule_rows(config_path, rule_files) -> list[dict]:
    """Every rule a run here would know (built-in, the config's extra-rules, --rules), as the config has it:
    its severity, and whether select/ignore leave it on."""
    from .rulepacks import rules_dir

    cfg, specs = _config_and_rules(config_path, ".", rule_files)
    rows = []
    for s in sorted(specs, key=lambda s: (s.user, s.rule.id)):
        r = s.rule
        rows.append({"id": r.id, "name": r.name, "category": r.category,
                     "severity": cfg.severity_for(r) or r.severity, "fixable": r.fixable, "message": r.message,
                     "description": _installed_paths(r.description, rules_dir()),
                     "fix_safety": _installed_paths(r.fix_safety, rules_dir()),
                     "source": s.source if s.user else "built-in", "enabled": cfg.rule_enabled(r),
                     "default": r.default,
                     "examples": [dict(x) for x in r.examples]})
    return rows


def _installed_paths(text: str, folder) -> str:
    """Rule texts name the data files as the source tree has them (``rules/names.yaml``); an installed
    mtclean keeps them elsewhere: name the file where it is."""
    import re

    def where(m):
        f = folder.joinpath(m.group(1))
        return str(f) if f.is_file() else m.group(0)

    return re.sub(r"\brules/([\w.-]+\.yaml)\b", where, text or "")


@main.command("rules", short_help="List the rules (built-in, from config and --rules).")
@_user_rules_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def list_rules(config_path, rule_files, fmt):
    """List the rules: the built-in ones, and users' rules from the config and --rules, with the config's
    severities. Rules that the config's select and ignore switch off are marked "off"; opt-in rules that
    select does not name, "opt-in"."""
    rows = _rule_rows(config_path, rule_files)
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    w_id = max(7, *(len(x["id"]) for x in rows))
    w_name = max(28, *(len(x["name"]) for x in rows))
    for x in rows:
        extra = "".join(f"  {t}" for t in (x["source"] if x["source"] != "built-in" else "",
                                           "" if x["enabled"] else "off" if x["default"] else "opt-in")
                        if t)
        click.echo(f"{x['id']:{w_id}} {x['name']:{w_name}} {x['category']:12} {x['severity']:8} "
                   f"fix: {x['fixable']}{extra}")


@main.command(short_help="Explain a rule, with its examples.")
@click.argument("rule_id")
@_user_rules_options
def explain(rule_id, config_path, rule_files):
    """Explain a rule (an id such as MT101, a name such as stray-period, or LT:<id> for LanguageTool),
    with its examples. Users' rules from the config and --rules are explained too."""
    if rule_id.upper().startswith("LT:"):
        from .grammar.explain import describe

        text = describe(rule_id)
        if text:
            click.echo(text)
            return
    for x in _rule_rows(config_path, rule_files):
        if x["id"].lower() == rule_id.lower() or x["name"] == rule_id:
            click.echo(f"{x['id']} {x['name']} ({x['category']}, {x['severity']}, fix: {x['fixable']})")
            if x["source"] != "built-in":
                click.echo(f"A user rule from {x['source']}.")
            if not x["default"]:
                click.echo(f"Opt-in: runs only when selected by its id or name (select = [\"{x['id']}\"] or "
                           f"--select {x['id']}).")
            click.echo("")
            click.echo(x["description"] or x["message"])
            if x["fix_safety"]:
                click.echo(f"\nFix safety: {x['fix_safety']}")
            _print_examples(x["examples"])
            return
    raise UserError(f"no rule '{rule_id}'; `mtclean rules` lists them")


def _print_examples(examples) -> None:
    if not examples:
        return
    click.echo("\nExamples:")
    for ex in examples:
        if "good" in ex:
            click.echo(f"  ok:    {ex['good']}")
            continue
        click.echo(f"  bad:   {ex['bad']}")
        if "fixed" in ex:
            how = "fixed (--unsafe-fixes)" if ex.get("unsafe") else "fixed"
            click.echo(f"  {how}: {ex['fixed']}")


if __name__ == "__main__":
    main()
