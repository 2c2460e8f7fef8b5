"""Failure injection for the dataset tests. Not a user option: no flag, no config key, no documentation
beyond this docstring and docs/dataset.md's note for developers.

The environment variable ``MTCLEAN_TEST_FAULTS`` is read once, by the process that starts a run
(command.py), and travels to the workers inside the job, so it reaches a Dask cluster started long before
(a test's module-scoped cluster) as well as a local process pool. Its value is ``;``-separated
``PART:ACTION`` items; each acts after partition PART's part file is written and before its marker (the
moment that tests resumption hardest):

    3:raise          partition 3 fails, every attempt
    3:once:FILE      partition 3 fails on the attempt that creates FILE (exclusively), i.e. once
    3:hold:FILE      partition 3 waits until FILE exists (at most 120 s), so a test can kill the run there
    3:die-once:FILE  the worker process running partition 3 dies (os._exit) on the attempt that creates FILE
"""
from __future__ import annotations

import os
import time

ENV = "MTCLEAN_TEST_FAULTS"


class InjectedFault(RuntimeError):
    pass


def from_env() -> tuple:
    spec = os.environ.get(ENV, "").strip()
    faults = []
    for item in filter(None, (x.strip() for x in spec.split(";"))):
        part, _, rest = item.partition(":")
        action, _, arg = rest.partition(":")
        faults.append((int(part), action, arg))
    return tuple(faults)


def trigger(faults: tuple, index: int) -> None:
    for part, action, arg in faults:
        if part != index:
            continue
        if action == "raise":
            raise InjectedFault(f"injected failure in partition {index}")
        if action in ("once", "die-once"):
            try:
                os.close(os.open(arg, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                continue
            if action == "die-once":
                os._exit(70)
            raise InjectedFault(f"injected one-off failure in partition {index}")
        if action == "hold":
            deadline = time.monotonic() + 120
            while not os.path.exists(arg) and time.monotonic() < deadline:
                time.sleep(0.05)
