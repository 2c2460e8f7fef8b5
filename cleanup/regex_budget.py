"""User regexes under a time budget: per rule, and one budget for all user rules of one file.

A user's pattern may backtrack catastrophically. Each scan of a document by a user rule stops after the
rule's own timeout (``options: {timeout: N}``, default 1 s; the `regex` module checks it while matching),
and all user rules of one file together, over every pass of `fix`, stop after the file's budget:
``FILE_BUDGET`` (or the largest rule timeout, if larger), times the size in MB for texts over 1 MB.
Without it, 30 slow rules cost 30 s per pass. A rule stopped once is not run again on that file; once the
file's budget is spent, the user rules not yet run are skipped, and the file gets one notice naming them.
Budgets count CPU time of the scanning thread, as the `regex` module's timeouts do: a busy machine does
not eat into them.

The budget of the file being processed lives in a context variable, so threads (the grammar layer's
batches) and worker processes each have their own; ``runner.process_file`` opens it.
"""
from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager

DEFAULT_TIMEOUT = 1.0  # seconds per user rule and scan (YAML: options: {timeout: N})
FILE_BUDGET = 3.0  # seconds for all user rules of one file (per MB of text), every pass of fix included
MAX_USER_MATCHES = 10_000  # per user rule and scan: a pattern matching everywhere must not eat memory


class FileBudget:
    def __init__(self, seconds: float):
        self.total = self.left = seconds
        self.stopped: set[str] = set()  # rules stopped by their own timeout on this file
        self.skipped: dict[str, str] = {}  # rule id -> its file: not run (or cut short) for want of budget


_current: contextvars.ContextVar[FileBudget | None] = contextvars.ContextVar("mtclean_regex_budget", default=None)


@contextmanager
def file_budget(specs, text_length: int):
    """The budget for one file's user rules (``specs``: the engine's rules), for the duration of the block."""
    timeouts = [s.options.get("timeout", DEFAULT_TIMEOUT) for s in specs if getattr(s, "user", False)]
    seconds = max([FILE_BUDGET, *timeouts]) * max(1.0, text_length / 1_000_000)
    budget = FileBudget(seconds)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def notice(budget: FileBudget, shown: str) -> str | None:
    if not budget.skipped:
        return None
    rules = ", ".join(f"{rid} ({src})" for rid, src in budget.skipped.items())
    return (f"{shown}: user rules {rules} were not run: the user rules' time budget for this file "
            f"({budget.total:g} s) was spent; their findings in this file are skipped")


def user_matches(spec, text: str, notices: list, path: str = "<text>") -> list:
    """The matches of a user rule's pattern in ``text``, within its timeout and the file's budget."""
    own = spec.options.get("timeout", DEFAULT_TIMEOUT)
    budget = _current.get()
    limit = own
    if budget is not None:
        if spec.rule.id in budget.stopped:
            return []
        if budget.left <= 0:
            budget.skipped.setdefault(spec.rule.id, spec.source)
            return []
        limit = min(own, budget.left)
    out = []
    started = time.thread_time()  # CPU time of this thread: what the regex module's timeout counts
    try:
        for m in spec.pattern.finditer(text, timeout=limit):
            out.append(m)
            if len(out) >= MAX_USER_MATCHES:
                notices.append(f"{path}: rule {spec.rule.id} ({spec.source}): more than {MAX_USER_MATCHES} "
                               f"matches; the rest were not reported")
                break
    except TimeoutError:
        if budget is not None and limit < own:
            budget.skipped.setdefault(spec.rule.id, spec.source)  # cut short by the file's budget
        else:
            notices.append(f"{path}: rule {spec.rule.id} ({spec.source}): pattern ran longer than its {own:g} s "
                           f"budget and was stopped; its findings in this file are skipped")
        if budget is not None:
            budget.stopped.add(spec.rule.id)
        return []
    finally:
        if budget is not None:
            budget.left -= time.thread_time() - started
    return out
