"""Batches: collect the files under folders, and run them through the pipeline in parallel."""
from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import time
from dataclasses import dataclass

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")
# Left behind only by a process killed mid-write (write.py removes its own otherwise): hidden, and
# never taken as input.
TEMP_GLOB = ".mtclean-*.tmp"


@dataclass(frozen=True)
class Job:
    path: str  # the file to read
    display: str  # the path as reported
    out_path: str | None = None  # where the fixed text goes, if anywhere
    error: str | None = None  # a planning error: reported for this file, the rest of the batch goes on


def _git_visible(root: str) -> set[str] | None:
    """Files git does not ignore under ``root`` (absolute paths), or None outside a git work tree."""
    try:
        top = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, timeout=20)
        if top.returncode != 0:
            return None
        # A folder that git itself ignores was named on purpose: take its files (like ruff does).
        ign = subprocess.run(["git", "-C", root, "check-ignore", "-q", "."], capture_output=True, timeout=20)
        if ign.returncode == 0:
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


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def collect(root: str, include=(), exclude=(), skip_dirs=()) -> list[str]:
    """Files under ``root``, sorted; symlinks are not followed out of ``root`` (symlinked folders are not
    walked at all); folders in ``skip_dirs`` (real paths, e.g. the output folder) are skipped. A FIFO,
    socket or device that matches ``include`` is listed too: reading refuses it (one error line, without
    opening it), so that it is reported rather than silently left out."""
    include = tuple(include) or DEFAULT_INCLUDE
    real_root = os.path.realpath(root)
    visible = _git_visible(root)
    found = []
    # Folders to skip, by identity: the walk never follows a link, so a folder inside one of them is
    # reached only through it (and a realpath per folder would cost the depth of the tree each time).
    skip_ids = {_folder_id(x) for x in skip_dirs} - {None}
    for dirpath, dirnames, filenames in _walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not _matches_any(
            os.path.relpath(os.path.join(dirpath, d), root), exclude)
            and not (skip_ids and _folder_id(os.path.join(dirpath, d)) in skip_ids))
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if fnmatch.fnmatch(name, TEMP_GLOB):
                continue
            if not _matches_any(rel, include) or _matches_any(rel, exclude):
                continue
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not _inside(target, real_root) or not os.path.isfile(target):
                    continue
            if visible is not None and os.path.normpath(os.path.abspath(full)) not in visible:
                continue
            found.append(full)
    return found


def _folder_id(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: str):
    """os.walk(root) top-down without following links, but iterative: os.walk recurses, and a tree
    deeper than Python's recursion limit (~1,000 folders) would end the run with a RecursionError."""
    stack = [root]
    while stack:
        top = stack.pop()
        dirs: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(top) as it:
                for entry in it:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else files).append(entry.name)
        except OSError:
            continue  # unreadable or vanished: as os.walk, skip it
        yield top, dirs, files  # the caller may prune ``dirs`` in place
        stack.extend(os.path.join(top, d) for d in reversed(dirs))


def plan(paths, output_dir: str | None, in_place: bool, include=(), exclude=(),
         output_file: str | None = None) -> tuple[list[Job], bool]:
    """Jobs for the given paths, and whether any folder was among them (a batch). Where each output may
    go (links, special files, collisions, the input itself) is cleanup/write.py's policy, applied here
    before anything is read."""
    jobs: list[Job] = []
    batch = False
    skip = (os.path.realpath(output_dir),) if output_dir else ()
    for p in paths:
        if p != "-" and os.path.isdir(p):
            batch = True
            for f in collect(p, include, exclude, skip):
                rel = os.path.relpath(f, p)
                jobs.append(Job(f, f, os.path.join(output_dir, rel) if output_dir else (f if in_place else None)))
        else:
            out = output_file
            if output_dir:
                out = os.path.join(output_dir, "stdin.txt" if p == "-" else os.path.basename(p))
            elif in_place and p != "-":
                out = p
            jobs.append(Job(p, p, out))
    if not any(j.out_path for j in jobs):
        return jobs, batch  # check, or fix to standard output: nothing is written (and write.py not loaded)
    from .write import plan as apply_write_policy

    return apply_write_policy(jobs, in_place=in_place, root=output_dir), batch


# -- parallel execution ------------------------------------------------------------------------------
_worker_engines = None  # set in each worker by _init_worker
_worker_mode = ""


def _init_worker(settings, mode):
    global _worker_engines, _worker_mode
    from .runner import EngineCache

    _worker_engines = EngineCache(settings)
    _worker_mode = mode


def _error_result(job: Job, error: str):
    from .result import FileResult

    return FileResult(job.display, error=error)


def _run_one(job: Job, engines, mode: str):
    """One job, whatever happens: a file's internal error is its result, never the end of the batch.

    Only a LanguageTool failure propagates, so that the run can decide (exit 2, or go on without it)."""
    from .errors import GrammarUnavailable
    from .runner import process_file

    if job.error:
        return _error_result(job, job.error)
    try:
        return process_file(job.path, engines, mode, job.out_path, job.display)
    except GrammarUnavailable:
        raise  # the run decides: exit 2, or go on without the grammar layer
    except Exception as exc:  # noqa: BLE001
        return _error_result(job, f"{job.display}: internal error ({type(exc).__name__}: {exc}); please report it")


def _work(job: Job):
    return _run_one(job, _worker_engines, _worker_mode)


def run_jobs(jobs: list[Job], engines, mode: str, n_jobs: int, progress: bool, threads: bool = False):
    """Results in the order of ``jobs``, whatever order the workers finish in."""
    bar = Progress(len(jobs), shown=progress)
    results: list = []

    def tick(r):
        results.append(r)
        bar.done(r)

    try:
        if n_jobs <= 1 or len(jobs) <= 1:
            for j in jobs:
                tick(_run_one(j, engines, mode))
        elif threads:
            # The grammar layer holds one LanguageTool session: share it between threads.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=n_jobs) as ex:
                for r in ex.map(lambda j: _run_one(j, engines, mode), jobs):
                    tick(r)
        else:
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            chunk = max(1, min(32, len(jobs) // (n_jobs * 8) or 1))
            try:
                with ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker,
                                         initargs=(engines.settings, mode)) as pool:
                    for r in pool.map(_work, jobs, chunksize=chunk):
                        tick(r)
            except BrokenProcessPool:
                # A worker died (killed, out of memory): finish the rest here, one file at a time.
                global _worker_engines, _worker_mode
                _worker_engines, _worker_mode = engines, mode
                for j in jobs[len(results):]:
                    tick(_work(j))
    finally:
        bar.close()
    return results


class Estimate:
    """Files per second and the time left, measured from the first finished file on: the time before it
    is start-up (workers, rule packs, a LanguageTool session), and counting it would make the first
    estimates wild (minutes for a run of seconds). Nothing is estimated until results have come in for
    MIN_SPAN seconds."""

    MIN_SPAN = 0.5

    def __init__(self, total: int):
        self.total, self.n, self.n0 = total, 0, 0
        self.t0: float | None = None

    def done(self, now: float) -> None:
        self.n += 1
        if self.t0 is None:
            self.t0, self.n0 = now, self.n

    def text(self, now: float) -> tuple[str, str]:
        """(rate, time left) as shown: "12 files/s", "00:41"; "?" until there is enough to go on."""
        if self.t0 is None or now - self.t0 < self.MIN_SPAN or self.n == self.n0:
            return "? files/s", "?"
        rate = (self.n - self.n0) / (now - self.t0)
        left = round((self.total - self.n) / rate)
        shown = f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}"
        hours = f"{left // 3600}:" if left >= 3600 else ""
        return f"{shown} files/s", f"{hours}{left // 60 % 60:02d}:{left % 60:02d}"


class Progress:
    """The progress bar on stderr: files done, files/s, findings so far, the time left (or nothing, when
    not ``shown``)."""

    def __init__(self, total: int, shown: bool = True):
        self.bar = None
        if not shown:
            return
        from tqdm import tqdm

        # Files done, the rate, findings so far and the time left come first, so a narrow terminal cuts the
        # bar. A terminal that reports no size (0x0: some IDE consoles, serial lines) gets 80x24: tqdm would
        # take it literally and draw nothing at all.
        try:
            shape = os.get_terminal_size(sys.stderr.fileno())
        except (OSError, ValueError):
            shape = os.terminal_size((0, 0))
        size = {"dynamic_ncols": True} if shape.columns > 0 and shape.lines > 0 else {"ncols": 80, "nrows": 24}
        self.bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False,
                        bar_format="{n_fmt}/{total_fmt} files{postfix} |{bar}|", **size)
        self.bar.set_postfix_str("? files/s, 0 findings, ETA ?")
        self.estimate = Estimate(total)
        self.findings = 0

    def done(self, result) -> None:
        if self.bar is None:
            return
        self.findings += len(result.findings)
        now = time.monotonic()
        self.estimate.done(now)
        rate, eta = self.estimate.text(now)
        self.bar.set_postfix_str(f"{rate}, {self.findings} findings, ETA {eta}", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is None:
            return
        self.bar.refresh()  # the final count, before the bar is cleared for the summary
        self.bar.close()
