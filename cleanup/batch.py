"""Batches: collect the files under folders, and run them through the pipeline in parallel."""
from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
from dataclasses import dataclass

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")


@dataclass(frozen=True)
class Job:
    path: str  # the file to read
    display: str  # the path as reported
    out_path: str | None = None  # where the fixed text goes, if anywhere


def _git_visible(root: str) -> set[str] | None:
    """Files git does not ignore under ``root`` (absolute paths), or None outside a git work tree."""
    try:
        top = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, timeout=20)
        if top.returncode != 0:
            return None
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return {os.path.normpath(os.path.join(os.path.abspath(root), p.decode("utf-8", "surrogateescape")))
            for p in out.stdout.split(b"\0") if p}


def _matches_any(rel: str, patterns) -> bool:
    name = os.path.basename(rel)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or rel.startswith(p.rstrip("/") + "/")
               for p in patterns)


def collect(root: str, include=(), exclude=()) -> list[str]:
    """Files under ``root``, sorted; symlinks are not followed out of ``root``."""
    include = tuple(include) or DEFAULT_INCLUDE
    real_root = os.path.realpath(root)
    visible = _git_visible(root)
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not _matches_any(
            os.path.relpath(os.path.join(dirpath, d), root), exclude))
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if not _matches_any(rel, include) or _matches_any(rel, exclude):
                continue
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not (target == real_root or target.startswith(real_root + os.sep)) or not os.path.isfile(target):
                    continue
            if visible is not None and os.path.normpath(os.path.abspath(full)) not in visible:
                continue
            found.append(full)
    return found


def plan(paths, output_dir: str | None, in_place: bool, include=(), exclude=()) -> tuple[list[Job], bool]:
    """Jobs for the given paths, and whether any folder was among them (a batch)."""
    jobs: list[Job] = []
    batch = False
    for p in paths:
        if p != "-" and os.path.isdir(p):
            batch = True
            for f in collect(p, include, exclude):
                rel = os.path.relpath(f, p)
                out = os.path.join(output_dir, rel) if output_dir else (f if in_place else None)
                jobs.append(Job(f, f, out))
        else:
            out = None
            if output_dir:
                out = os.path.join(output_dir, "stdin.txt" if p == "-" else os.path.basename(p))
            elif in_place and p != "-":
                out = p
            jobs.append(Job(p, p, out))
    return jobs, batch


# -- parallel execution ------------------------------------------------------------------------------
_worker_engines = None
_worker_mode = None


def _init_worker(settings, mode):
    global _worker_engines, _worker_mode
    from .runner import EngineCache

    _worker_engines = EngineCache(settings)
    _worker_mode = mode


def _work(job: Job) -> dict:
    from .runner import process_file

    try:
        return process_file(job.path, _worker_engines, _worker_mode, job.out_path, job.display)
    except Exception as exc:  # noqa: BLE001 - one file's internal error must not stop the batch
        return {"path": job.display, "encoding": None, "findings": [], "changed": False,
                "error": f"{job.display}: internal error ({type(exc).__name__}: {exc}); please report it"}


def run_jobs(jobs: list[Job], engines, mode: str, n_jobs: int, progress: bool, threads: bool = False):
    """Results in the order of ``jobs``, whatever order the workers finish in."""
    from .runner import process_file

    bar = _progress_bar(len(jobs)) if progress else None
    results: list[dict] = []
    n_findings = 0

    def tick(r):
        nonlocal n_findings
        results.append(r)
        if bar is not None:
            n_findings += len(r["findings"])
            bar.set_postfix_str(f"{n_findings} findings", refresh=False)
            bar.update(1)

    try:
        if n_jobs <= 1 or len(jobs) <= 1:
            for j in jobs:
                try:
                    r = process_file(j.path, engines, mode, j.out_path, j.display)
                except Exception as exc:  # noqa: BLE001
                    if type(exc).__name__ == "GrammarUnavailable":
                        raise
                    r = {"path": j.display, "encoding": None, "findings": [], "changed": False,
                         "error": f"{j.display}: internal error ({type(exc).__name__}: {exc}); please report it"}
                tick(r)
        elif threads:
            # The grammar layer holds one LanguageTool session: share it between threads.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=n_jobs) as ex:
                for r in ex.map(lambda j: process_file(j.path, engines, mode, j.out_path, j.display), jobs):
                    tick(r)
        else:
            from concurrent.futures import ProcessPoolExecutor

            chunk = max(1, min(32, len(jobs) // (n_jobs * 8) or 1))
            with ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker,
                                     initargs=(engines.settings, mode)) as ex:
                for r in ex.map(_work, jobs, chunksize=chunk):
                    tick(r)
    finally:
        if bar is not None:
            bar.close()
    return results


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, leave=False)


def summary_lines(results: list[dict], mode: str) -> list[str]:
    from collections import Counter

    by_cat = Counter(f["category"] for r in results for f in r["findings"])
    failed = [r for r in results if r.get("error")]
    changed = sum(1 for r in results if r.get("changed"))
    lines = [f"{len(results)} files {'checked' if mode == 'check' else 'processed'}"
             + (f", {changed} changed" if mode == "fix" else "")
             + f", {sum(by_cat.values())} findings" + (" remaining" if mode == "fix" else "")
             + (" (" + ", ".join(f"{c}: {n}" for c, n in sorted(by_cat.items())) + ")" if by_cat else "")
             + f", {len(failed)} failed"]
    lines.extend(f"  failed: {r['error']}" for r in failed)
    return lines
