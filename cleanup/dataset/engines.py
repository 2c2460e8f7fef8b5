"""Where partitions run: ``local`` (a process pool on this machine, no Dask import) or ``dask`` (a Dask
cluster: a running scheduler, or a LocalCluster started for the run). Both run the same
``partition.run_partition`` and report each partition through the same two callbacks, so their output is
the same file for file.

Retries: a partition whose attempt raised is run again, up to ``retries`` more times (Dask's own task
retries; the local pool resubmits). A worker process that dies is replaced: Dask reschedules its task
(counted by the scheduler's allowed-failures), the local pool is rebuilt and its unfinished partitions
resubmitted, each counting an attempt.
"""
from __future__ import annotations

import os

from .inputs import DatasetError
from .partition import run_partition

WAIT_FOR_WORKERS = 120  # seconds a scheduler may have no worker before the run gives up


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    msg = f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
    if isinstance(exc, ModuleNotFoundError) and "cleanup" in str(exc):
        msg += " (install mtclean on every worker: pip install 'mtclean[dask]')"
    return msg


def run_local(parts, job, jobs: int, retries: int, on_done, on_failed) -> None:
    if jobs <= 1 or len(parts) <= 1:
        _run_in_process(parts, job, retries, on_done, on_failed)
    else:
        _run_in_pool(parts, job, jobs, retries, on_done, on_failed)


def _run_in_process(parts, job, retries: int, on_done, on_failed) -> None:
    for p in parts:
        for attempt in range(retries + 1):
            try:
                on_done(run_partition(p, job))
                break
            except Exception as exc:  # noqa: BLE001 - a partition's failure is reported, the rest goes on
                if attempt == retries:
                    on_failed(p, _reason(exc))


def _run_in_pool(parts, job, jobs: int, retries: int, on_done, on_failed) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # Not fork: the calling process may hold threads (a progress bar's, a Dask client's in tests).
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    attempts = {p.index: 0 for p in parts}
    left = list(parts)
    while left:
        broken: list = []
        with ProcessPoolExecutor(max_workers=min(jobs, len(left)), mp_context=ctx) as ex:
            futures: dict = {}

            def submit(p, ex=ex, futures=futures, broken=broken):
                try:
                    futures[ex.submit(run_partition, p, job)] = p
                except (BrokenProcessPool, RuntimeError):  # the pool broke (or shut down) meanwhile
                    broken.append(p)

            for p in left:
                submit(p)
            left = []
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    p = futures.pop(fut)
                    try:
                        marker = fut.result()
                    except BrokenProcessPool:
                        broken.append(p)
                        continue
                    except Exception as exc:  # noqa: BLE001 - a partition's failure is reported, the rest goes on
                        attempts[p.index] += 1
                        if attempts[p.index] > retries:
                            on_failed(p, _reason(exc))
                        else:
                            submit(p)
                        continue
                    on_done(marker)
        for p in broken:  # a worker died: a new pool for what was still running or waiting
            attempts[p.index] += 1
            if attempts[p.index] > retries:
                on_failed(p, "a worker process died (killed, or out of memory)")
            else:
                left.append(p)


def dask_client(scheduler: str | None, workers: int | None):
    """(client, cluster or None): the scheduler at ``scheduler``, else a LocalCluster of ``workers``
    one-thread processes (the engine is pure Python: threads would share one core)."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError:
        raise DatasetError("--engine dask needs Dask: pip install 'mtclean[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise DatasetError(f"cannot reach the Dask scheduler at {scheduler} ({_reason(exc)}); "
                               f"check --scheduler") from None
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except (TimeoutError, OSError):
            client.close()
            raise DatasetError(f"no Dask worker joined the scheduler at {scheduler} within {WAIT_FOR_WORKERS} s; "
                               f"start workers (dask worker {scheduler} --nthreads 1)") from None
        return client, None
    import warnings

    import dask

    # No dashboard, so no use for the workers' statistical profiler (a thread sampling every 10 ms); worker
    # tracebacks stay quiet (each failure is reported in one line by the run).
    with dask.config.set({"distributed.worker.profile.enabled": False}), warnings.catch_warnings():
        # Its scheduler's HTTP endpoint takes another port when 8787 is busy (another cluster): no news.
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.CRITICAL)
    return Client(cluster, set_as_default=False), cluster


def run_dask(parts, job, scheduler, workers, retries: int, on_done, on_failed, client=None) -> None:
    own = client is None
    cluster = None
    if own:
        client, cluster = dask_client(scheduler, workers)
    try:
        from distributed import as_completed

        # The job (settings, parsed rules, schema) goes to each worker once, not with every task.
        job_future = client.scatter(job, broadcast=True, hash=False)
        keys = [f"mtclean-{job.run_id}-part-{p.index}" for p in parts]
        futures = client.map(run_partition, parts, job=job_future, key=keys, retries=retries, pure=False)
        by_key = {f.key: p for f, p in zip(futures, parts, strict=True)}
        for fut in as_completed(futures, loop=client.loop):
            p = by_key[fut.key]
            if fut.status == "finished":
                on_done(fut.result())
            else:
                exc = fut.exception()
                reason = _reason(exc)
                if type(exc).__name__ == "KilledWorker":
                    reason = "the workers running it died (killed, or out of memory), also on retry"
                on_failed(p, reason)
            fut.release()
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
