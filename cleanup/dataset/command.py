"""`mtclean check|fix DATA --text-column NAME --output OUT/`: the dataset run as the command line drives it.

plan the partitions -> check OUT (fresh, --resume, --overwrite) -> write the manifest -> run the partitions
not done yet (local pool or Dask) with a progress bar -> write _SUCCESS when every partition has its marker
-> print the summary. Exit codes as for files: 2 for a usage error or a partition that failed (the others
are kept; --resume redoes only the failed ones); 1 for findings at or above --fail-on (for `fix`: left after
fixing, default never) or, with `fix --exit-non-zero-on-fix`, a changed row; --exit-zero turns 1 into 0.
Rows that cannot be processed are reported in the output (their ``mtclean_error``) and in the summary; they
do not change the exit code.
"""
from __future__ import annotations

import os
import sys
import time
import uuid

import click

from .inputs import (
    DEFAULT_PARTITION_SIZE,
    DatasetError,
    input_kind,
    list_inputs,
    parquet_schema,
    parse_size,
    plan,
)


def run(mode: str, o: dict, settings_fn, *, output=None, unsafe=False, exit_non_zero_on_fix=False, fail_on=None,
        not_for_datasets=()) -> None:
    """Run the dataset command and exit. ``settings_fn`` is cli._settings (the same config as for files);
    ``not_for_datasets``: (option, given?) pairs of file-only options, each an error when given."""
    from ..cli import EXIT_ERROR, UserError

    try:
        code = _run(mode, o, settings_fn, output, unsafe, exit_non_zero_on_fix, fail_on, not_for_datasets)
    except DatasetError as exc:
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("mtclean: interrupted; finished partitions are kept: run the same command with --resume "
                   "to continue", err=True)
        sys.exit(130)
    sys.exit(code if code is not None else EXIT_ERROR)


def _usage(o, output, not_for_datasets, mode):
    for name, given in [*not_for_datasets, ("--encoding", o.get("encoding")),
                        ("--stdin-filename", o.get("stdin_filename"))]:
        if given:
            raise DatasetError(f"{name} applies to files, not to datasets (a dataset's results go to --output)")
    if o.get("text_column") is None:
        first = next(iter(o["paths"]), "DATA")
        raise DatasetError(f"{first}: a dataset needs --text-column NAME (the column or JSON key holding the text)")
    if not output:
        raise DatasetError(f"mtclean {mode} on a dataset writes its results to a folder: add --output OUT/")
    if o.get("exit_zero") and o.get("exit_non_zero_on_fix"):
        raise DatasetError("use only one of --exit-zero and --exit-non-zero-on-fix")
    if o.get("resume") and o.get("overwrite"):
        raise DatasetError("use only one of --resume and --overwrite")
    engine = o.get("engine") or "local"
    if engine == "local" and (o.get("scheduler") or o.get("workers")):
        raise DatasetError(f"{'--scheduler' if o.get('scheduler') else '--workers'} goes with --engine dask")
    if engine == "dask" and o.get("jobs"):
        raise DatasetError("--jobs is for --engine local; with --engine dask use --workers N (or --scheduler)")
    if o.get("scheduler") and o.get("workers"):
        raise DatasetError("use --scheduler ADDRESS (a running cluster) or --workers N (a local one), not both")
    if o.get("grammar") == "languagetool":
        raise DatasetError("--grammar languagetool is not available for datasets (the grammar layer needs one "
                           "LanguageTool server per worker); run without it")
    return engine


def _run(mode, o, settings_fn, output, unsafe, exit_non_zero_on_fix, fail_on, not_for_datasets):
    from . import manifest as mf
    from .engines import run_dask, run_local
    from .partition import Job
    from .store import SUCCESS, Store

    engine = _usage(o, output, not_for_datasets, mode)
    quiet = o.get("quiet")
    settings = settings_fn(o, unsafe=unsafe)
    settings.config.grammar_mode = "none"  # see _usage: no LanguageTool layer on workers
    text_col, id_col = o["text_column"], o.get("id_column")
    size = parse_size(o["partition_size"]) if o.get("partition_size") else DEFAULT_PARTITION_SIZE
    store = Store(output)
    files = list_inputs(o["paths"], o.get("include") or (), o.get("exclude") or (), skip=[output])
    kind = input_kind(files)
    parts = plan(files, size)
    in_schema = out_schema = None
    if kind == "parquet":
        from .schema import input_schema, output_schema

        unified = parquet_schema(files, {"--text-column": text_col, "--id-column": id_col})
        in_schema, out_schema = input_schema(unified), output_schema(unified, mode)
        suffix = ".parquet"
        columns = [[f.name, str(f.type)] for f in out_schema]
    else:
        from .schema import columns as added

        suffix = ".jsonl.gz" if all(f.fmt == "jsonl.gz" for f in files) else ".jsonl"
        columns = list(added(mode))
    if id_col == text_col:
        raise DatasetError("--id-column and --text-column name the same column")

    ruleset = mf.ruleset_hash(settings, mode)
    plan_h = mf.plan_hash(parts, kind, text_col, id_col, suffix)
    run_id = uuid.uuid4().hex[:12]
    arguments = {"inputs": list(o["paths"]), "text_column": text_col, "id_column": id_col,
                 "unsafe_fixes": bool(settings.unsafe and mode == "fix"), "partition_size": size,
                 "output": output, "output_format": suffix, "config": settings.config.path,
                 "select": settings.config.select, "ignore": settings.config.ignore}
    new = mf.build(mode=mode, arguments=arguments, parts=parts, ruleset=ruleset, plan=plan_h, schema=columns,
                   run_id=run_id, created=time.strftime("%Y-%m-%dT%H:%M:%S%z"))

    state = store.state()
    if state == "file":
        raise DatasetError(f"{output}: --output exists and is not a folder")
    done: dict[int, dict] = {}
    if state == "folder" and o.get("resume"):
        old = store.read_json(mf.MANIFEST)
        if not isinstance(old, dict):
            raise DatasetError(f"{output}: has no _manifest.json, so it is not an mtclean run to resume; "
                               f"use --overwrite or another folder")
        why = mf.refuse_resume(old, new, output)
        if why:
            raise DatasetError(why)
        new = old
        done = {i: m for i, m in store.markers().items() if i < len(parts) and m.get("input") == parts[i].key()}
    elif state == "folder" and o.get("overwrite"):
        store.clear()
    elif state == "folder":
        raise DatasetError(f"{output}: --output is not empty; add --resume to continue the run there, or "
                           f"--overwrite to replace it")
    if not done:
        store.prepare()
        store.write_json(mf.MANIFEST, new)
    store.remove(SUCCESS)  # only this run may declare it complete

    job = Job(mode=mode, settings=settings, text_column=text_col, id_column=id_col, out_root=output,
              out_suffix=suffix, width=max(5, len(str(len(parts) - 1))), ruleset_hash=ruleset,
              code_hash=mf.code_hash(), run_id=run_id, in_schema=in_schema, out_schema=out_schema,
              faults=_faults())
    todo = [p for p in parts if p.index not in done]
    report = Report(mode, len(parts), done, quiet, settings)
    started = time.time()
    try:
        if todo:
            if engine == "dask":
                run_dask(todo, job, o.get("scheduler"), o.get("workers"), _retries(o), report.done, report.failed)
            else:
                jobs = o.get("jobs") or os.cpu_count() or 1
                run_local(todo, job, jobs, _retries(o), report.done, report.failed)
    finally:
        report.close()
    if not report.failures and len(report.markers) == len(parts):
        totals = report.totals()
        store.write_json(SUCCESS, {"run_id": new.get("run_id"), "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                                   "partitions": len(parts), **totals})
    report.summary(store, time.time() - started, engine)
    if report.failures:
        return 2
    from ..model import SEVERITY_RANK

    # As for files: check fails on findings at or above --fail-on (default: the config's, warning); fix on
    # findings left at or above its --fail-on (default never), or on a change with --exit-non-zero-on-fix.
    level = settings.config.fail_on if mode == "check" else (fail_on or "never")
    fail = level != "never" and any(SEVERITY_RANK.get(s, 0) >= SEVERITY_RANK[level]
                                    for m in report.markers.values() for s, n in m["severities"].items() if n)
    if mode == "fix" and exit_non_zero_on_fix and any(m["changed"] for m in report.markers.values()):
        fail = True
    return 1 if fail and not o.get("exit_zero") else 0


def _retries(o) -> int:
    return 1 if o.get("retries") is None else o["retries"]


def _faults():
    from .faults import from_env

    return from_env()


class Report:
    """The progress bar while partitions finish, and the summary after."""

    def __init__(self, mode, n_parts, done, quiet, settings):
        self.mode, self.n_parts, self.quiet = mode, n_parts, quiet
        self.markers: dict[int, dict] = dict(done)
        self.n_earlier = len(done)
        self.failures: list[tuple] = []
        self.categories = {s.rule.id: s.rule.category for s in settings.specs}
        self.rows_now = 0
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=n_parts, initial=len(done), unit="part", file=sys.stderr, dynamic_ncols=True,
                            leave=False, bar_format="{n_fmt}/{total_fmt} partitions{postfix}, {elapsed} "
                                                    "elapsed, ETA {remaining} |{bar}|")
            self.bar.set_postfix_str(self._rows_text(), refresh=True)

    def _rows_text(self):
        rows = sum(m["rows"] for m in self.markers.values())
        return f"{rows:,} rows"

    def done(self, marker: dict) -> None:
        self.markers[marker["index"]] = marker
        self.rows_now += marker["rows"]
        if self.bar is not None:
            rate = self.rows_now / max(self.bar.format_dict["elapsed"], 1e-9)
            self.bar.set_postfix_str(f"{self._rows_text()} ({rate:,.0f} rows/s)", refresh=False)
            self.bar.update(1)

    def failed(self, part, reason: str) -> None:
        self.failures.append((part, reason))
        click.echo(f"mtclean: error: partition {part.index} ({part.where()}) failed: {reason}", err=True)

    def close(self):
        if self.bar is not None:
            self.bar.refresh()
            self.bar.close()
            self.bar = None

    def totals(self) -> dict:
        ms = self.markers.values()
        by_rule: dict[str, int] = {}
        fixed: dict[str, int] = {}
        for m in ms:
            for k, v in m["by_rule"].items():
                by_rule[k] = by_rule.get(k, 0) + v
            for k, v in m.get("fixed_by_rule", {}).items():
                fixed[k] = fixed.get(k, 0) + v
        t = {"rows": sum(m["rows"] for m in ms), "errors": sum(m["errors"] for m in ms),
             "findings_left": sum(by_rule.values()), "by_rule": dict(sorted(by_rule.items()))}
        if self.mode == "fix":
            t = {"rows": t["rows"], "changed": sum(m["changed"] for m in ms), "errors": t["errors"],
                 "findings_fixed": sum(fixed.values()), "fixed_by_rule": dict(sorted(fixed.items())),
                 "findings_left": t["findings_left"], "by_rule": t["by_rule"]}
        return t

    def _by_category(self, by_rule: dict) -> str:
        from collections import Counter

        c: Counter = Counter()
        for rule, n in by_rule.items():
            c[self.categories.get(rule, "other")] += n
        total = sum(c.values())
        return f"{total:,} finding{'s' if total != 1 else ''}" + (
            " (" + ", ".join(f"{cat}: {k:,}" for cat, k in sorted(c.items())) + ")" if c else "")

    def summary(self, store, seconds: float, engine: str) -> None:
        if self.quiet:
            return
        t = self.totals()
        rows = t["rows"]
        if self.mode == "fix":
            head = (f"{rows:,} row{'s' if rows != 1 else ''} processed, {t['changed']:,} changed, "
                    f"{self._by_category(t['fixed_by_rule'])} fixed, {self._by_category(t['by_rule'])} left")
        else:
            head = f"{rows:,} row{'s' if rows != 1 else ''} checked, {self._by_category(t['by_rule'])}"
        n_failed = len(self.failures)
        earlier = f", {self.n_earlier} done earlier" if self.n_earlier else ""
        click.echo(f"mtclean: {head}, {t['errors']:,} row{'s' if t['errors'] != 1 else ''} not processed; "
                   f"{self.n_parts} partition{'s' if self.n_parts != 1 else ''}{earlier}, {n_failed} failed "
                   f"({engine}, {seconds:,.1f} s)", err=True)
        samples = [s for m in sorted(self.markers.values(), key=lambda m: m["index"]) for s in m["error_samples"]]
        for s in samples[:5]:
            click.echo(f"  not processed: {s}", err=True)
        if t["errors"] > len(samples[:5]):
            click.echo("  ... every such row has its reason in the mtclean_error column", err=True)
        for part, _reason in self.failures:  # each reason was printed when it happened
            click.echo(f"  failed: partition {part.index} ({part.where()})", err=True)
        for n in dict.fromkeys(n for m in self.markers.values() for n in m.get("notices", ())):
            click.echo(f"mtclean: warning: {n}", err=True)
        if self.failures:
            click.echo(f"mtclean: {store.where()} is incomplete (no _SUCCESS): run the same command with --resume "
                       f"to redo the failed partitions", err=True)
        else:
            click.echo(f"mtclean: output in {store.where()}/ (_SUCCESS written)", err=True)
