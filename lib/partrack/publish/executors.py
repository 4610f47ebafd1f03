"""Where tasks run, registered by name: a local process pool, or a Dask distributed cluster.

Local workers never outlive the run: each watches the run's process (a pidfd) and asks Linux to send it
SIGTERM when its parent dies (``PR_SET_PDEATHSIG``), so even a ``kill -9`` of the run stops them; on SIGTERM
it kills its kernel and exits at once. Workers ignore SIGINT: Ctrl-C reaches the whole terminal process group,
and the run, not every worker, decides what to do (stop the workers, remove its partial folder).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.forkserver
import os
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from partrack.registry import Registry

if TYPE_CHECKING:  # the tasks' code (papermill, nbconvert) is the workers'; the run imports it when it submits
    from partrack.publish.tasks import Task, TaskResult

EXECUTORS: Registry = Registry("executor")  # usable as --executor NAME
register_executor = EXECUTORS.register
PR_SET_PDEATHSIG = 1
# what every worker imports first, done once by the fork server: the run's main module (a worker started from a
# server without it imports it again before its first task: the partrack command and pandas, ~0.7 s) and the tasks
PRELOAD = ["__main__", "partrack.publish.tasks"]
T = TypeVar("T")
# A LocalCluster's workers without a dashboard: its statistical profiler (every thread sampled every 10 ms), event
# loop ticks every 20 ms and system monitor every 500 ms wake a worker's event loop, which then takes the GIL from
# the brief running in the worker's other thread; the memory limits are still checked, once a second.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}


def _stop_worker(signum: int, frame: object) -> None:
    """SIGTERM in a worker: kill its kernel (no event loop, no waiting) and leave."""
    from partrack.publish.engine import WarmKernelEngine

    WarmKernelEngine.kill_all()
    os._exit(128 + signum)


def _die_with_run(run: int) -> None:
    """Stop this worker when the run ends, however it ends (even ``kill -9``).

    A worker's parent is the run's fork server, which lives as long as any worker does: Linux sends the
    worker SIGTERM when that parent exits (``PR_SET_PDEATHSIG``), and a thread waits on the run's own process
    (a pidfd) and stops the worker the moment the run is gone.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        try:
            watched = os.pidfd_open(run)
        except ProcessLookupError:  # already gone
            _stop_worker(signal.SIGTERM, None)
        except OSError:  # a kernel without pidfds: the parent's death still stops this worker
            pass
        else:
            threading.Thread(target=_stop_when_readable, args=(watched,), name="partrack-run-watch",
                             daemon=True).start()  # fmt: skip
    if os.getppid() != parent or not _running(run):  # the run died before the watch took effect
        _stop_worker(signal.SIGTERM, None)


def _stop_when_readable(pidfd: int) -> None:
    """Block until the watched process exits (its pidfd becomes readable), then stop this worker."""
    select.select([pidfd], [], [])
    _stop_worker(signal.SIGTERM, None)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, and not ours to signal
        return True
    return True


@dataclass(frozen=True)
class Warmup:
    """What a worker does before its first task, while the run still validates the data.

    It starts its kernel and imports the briefs' code in it: seconds that otherwise come before the first brief.
    """

    kernel_name: str = "python3"
    start_timeout: int = 120
    runtime_dir: str | None = None  # where kernel connection files go (removed with the run)
    code: str = "import partrack.brief"  # run in the kernel
    modules: tuple[str, ...] = ("partrack.publish.assemble",)  # imported by the worker meanwhile (combined PDFs)


def warm_up(warmup: Warmup | None) -> None:
    """Start this worker's kernel and run the warm-up code; a failure here is the first task's to report."""
    if warmup is None:
        return
    from partrack.publish.engine import WarmKernelEngine

    with suppress(Exception):
        WarmKernelEngine.warm_up(warmup.kernel_name, warmup.start_timeout, warmup.runtime_dir, warmup.code,
                                 meanwhile=warmup.modules)  # fmt: skip


def _worker_start(run: int, warmup: Warmup | None = None) -> None:
    """Worker set-up: die with the run, leave Ctrl-C to the run, stop the warm kernel on a normal exit, warm up."""
    from multiprocessing.util import Finalize

    from partrack.publish.engine import WarmKernelEngine

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _die_with_run(run)
    Finalize(None, WarmKernelEngine.shutdown, exitpriority=10)
    warm_up(warmup)


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked from a clean server process that has imported the tasks' code once.

    Spawned workers each start an interpreter, import papermill and nbconvert, and first re-import the
    run's own main module (the ``partrack`` command and everything it imports): about 1.7 s of CPU a worker.
    The fork server starts clean (no threads, no kernels to inherit) and imports ``PRELOAD`` once; a worker is
    then a fork of it, ready in milliseconds. Elsewhere than Linux: spawned workers.
    """
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # has effect until this process's fork server starts
    return context


def start_fork_server() -> None:
    """Start the workers' fork server now, so that it imports their code while the run imports its own."""
    if sys.platform.startswith("linux"):
        _context()
        multiprocessing.forkserver.ensure_running()


def _pool(workers: int, warmup: Warmup | None = None) -> ProcessPoolExecutor:
    """Local worker processes that die with the run and leave Ctrl-C to it (``_worker_start``)."""
    context = _context()
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                               initargs=(os.getpid(), warmup))  # fmt: skip


class Executor:
    """Workers for one run, started when it begins so that they warm up while it validates the data.

    ``run`` yields the briefs' results as they complete; ``map`` runs the documents assembled after them
    (the combined PDFs) on the same warm workers. As a context manager: an exception stops every worker
    at once, a normal exit lets them finish and shut their kernels down.
    """

    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        """Every task's result, in the order they complete."""
        raise NotImplementedError

    def map(self, function: Callable[..., T], jobs: list[tuple]) -> list[T]:
        """``function(*job)`` for every job, in the jobs' order."""
        raise NotImplementedError

    def close(self) -> None:
        """Let the workers finish and exit."""

    def stop(self) -> None:
        """Stop every worker now."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.stop()


@register_executor("local")
class LocalPool(Executor):
    """Worker processes on this machine; every one is started (and warms up) at once."""

    def __init__(self, workers: int = 2, scheduler: str | None = None, warmup: Warmup | None = None) -> None:
        self.pool = _pool(workers, warmup)
        for _ in range(workers):  # a pool starts a worker per submission while none is idle: start them all now
            self.pool.submit(os.getpid)

    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        """Every task on the pool; an interrupt or a broken pool stops every worker."""
        from partrack.publish.tasks import run_task

        futures = [self.pool.submit(run_task, task) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:  # an interrupt, a broken pool, or the consumer gave up: no worker outlives the run
            self.stop()
            raise

    def map(self, function: Callable[..., T], jobs: list[tuple]) -> list[T]:
        """The jobs on the pool's workers, in order."""
        return list(self.pool.map(function, *zip(*jobs, strict=True))) if jobs else []

    def close(self) -> None:
        """Let the workers finish; each shuts its kernel down as it exits."""
        self.pool.shutdown(wait=True)

    def stop(self) -> None:
        """SIGTERM to every worker now (each kills its kernel); pending tasks are cancelled."""
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


@register_executor("dask")
class DaskCluster(Executor):
    """A Dask distributed cluster: ``scheduler`` is its address, else a LocalCluster of ``workers`` processes.

    Workers need partrack installed and the same paths for the notebooks, data and output folder. Each warms
    up with a first task of its own.
    """

    def __init__(self, workers: int = 2, scheduler: str | None = None, warmup: Warmup | None = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler is None:  # no dashboard: none of the sampling it shows, which takes the GIL from the briefs
            with dask.config.set(QUIET_WORKERS):
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)  # fmt: skip
        self.client = Client(scheduler or self.cluster)
        self.futures = [self.client.submit(warm_up, warmup, workers=[address], pure=False)
                        for address in self.client.scheduler_info()["workers"]]  # fmt: skip

    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        """Every task on the cluster, results as they complete."""
        from distributed import as_completed as dask_completed

        from partrack.publish.tasks import run_task

        futures = self.client.map(run_task, tasks, pure=False)
        self.futures += futures
        for future in dask_completed(futures):
            yield future.result()

    def map(self, function: Callable[..., T], jobs: list[tuple]) -> list[T]:
        """The jobs on the cluster, in order."""
        if not jobs:
            return []
        futures = self.client.map(function, *zip(*jobs, strict=True), pure=False)
        self.futures += futures
        return self.client.gather(futures)

    def close(self) -> None:
        """Close the client, and the cluster when this run started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def stop(self) -> None:
        """Cancel what is still queued, then close."""
        with suppress(Exception):
            self.client.cancel(self.futures)
        self.close()
