"""Where tasks run, registered by name: a local process pool, or a Dask distributed cluster."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from partrack.publish.tasks import Task, TaskResult, run_task
from partrack.registry import Registry

EXECUTORS: Registry = Registry("executor")  # usable as --executor NAME
register_executor = EXECUTORS.register


def _worker_start() -> None:
    """Stop this worker's warm kernel when the worker exits (multiprocessing runs finalizers, not atexit)."""
    from multiprocessing.util import Finalize

    from partrack.publish.engine import WarmKernelEngine

    Finalize(None, WarmKernelEngine.shutdown, exitpriority=10)


@register_executor("local")
def local(tasks: list[Task], workers: int = 2, scheduler: str | None = None) -> Iterator[TaskResult]:
    """Worker processes on this machine, results as they complete."""
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads or kernels
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start) as pool:
        futures = [pool.submit(run_task, task) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


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
    try:
        futures = client.map(run_task, tasks, pure=False)
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
