"""Where tasks run, registered by name: a local process pool, or a Dask distributed cluster.

Local workers never outlive the run: each asks Linux to send it SIGTERM when its parent dies
(``PR_SET_PDEATHSIG``, so even a ``kill -9`` of the run stops them), and on SIGTERM it kills its
kernel and exits at once. Workers ignore SIGINT: Ctrl-C reaches the whole terminal process group,
and the run, not every worker, decides what to do (stop the workers, remove its partial folder).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

from partrack.publish.tasks import Task, TaskResult, run_task
from partrack.registry import Registry

EXECUTORS: Registry = Registry("executor")  # usable as --executor NAME
register_executor = EXECUTORS.register
PR_SET_PDEATHSIG = 1
T = TypeVar("T")


def _stop_worker(signum: int, frame: object) -> None:
    """SIGTERM in a worker: kill its kernel (no event loop, no waiting) and leave."""
    from partrack.publish.engine import WarmKernelEngine

    WarmKernelEngine.kill_all()
    os._exit(128 + signum)


def _die_with_parent(parent: int) -> None:
    """Have the kernel send SIGTERM to this process when its parent exits, however it exits."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        _stop_worker(signal.SIGTERM, None)


def _worker_start(parent: int) -> None:
    """Worker set-up: die with the run, leave Ctrl-C to the run, stop the warm kernel on a normal exit."""
    from multiprocessing.util import Finalize

    from partrack.publish.engine import WarmKernelEngine

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _die_with_parent(parent)
    Finalize(None, WarmKernelEngine.shutdown, exitpriority=10)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now (each kills its kernel on SIGTERM); pending tasks are cancelled."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Local worker processes that die with the run and leave Ctrl-C to it (``_worker_start``)."""
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads or kernels
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                               initargs=(os.getpid(),))  # fmt: skip


@register_executor("local")
def local(tasks: list[Task], workers: int = 2, scheduler: str | None = None) -> Iterator[TaskResult]:
    """Worker processes on this machine, results as they complete."""
    pool = _pool(workers)
    try:
        futures = [pool.submit(run_task, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()
    except BaseException:  # an interrupt, a broken pool, or the consumer gave up: no worker outlives the run
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def in_parallel(function: Callable[..., T], jobs: list[tuple], workers: int = 1) -> list[T]:
    """``function(*job)`` for every job, in order, on up to ``workers`` local processes (here, when one is enough).

    For the documents a run assembles after its briefs (one combined PDF per unit and language): each lays out
    a whole briefing in one pass, so a batch of units is as parallel as its briefs were. The processes are
    workers like the briefs' (they die with the run and leave Ctrl-C to it).
    """
    workers = min(workers, len(jobs))
    if workers <= 1:
        return [function(*job) for job in jobs]
    pool = _pool(workers)
    try:
        found = list(pool.map(function, *zip(*jobs, strict=True)))
    except BaseException:
        _terminate(pool)
        raise
    pool.shutdown(wait=True)
    return found


@register_executor("dask")
def dask(tasks: list[Task], workers: int = 2, scheduler: str | None = None) -> Iterator[TaskResult]:
    """A Dask distributed cluster: ``scheduler`` is its address, else a LocalCluster of ``workers`` processes.

    Workers need partrack installed and the same paths for the notebooks, data and output folder.
    """
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    futures = []
    try:
        futures = client.map(run_task, tasks, pure=False)
        for future in dask_completed(futures):
            yield future.result()
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
