"""The run's workers: started at once and warm before their first task, in order, and gone with the run."""

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partrack.publish.engine import WarmKernelEngine
from partrack.publish.executors import LocalPool, Warmup


def _gone(pids: set[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]:
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_the_pool_maps_in_the_jobs_order_and_leaves_no_worker():
    jobs = [(17, 5), (9, 2), (100, 7), (8, 8)]
    with LocalPool(workers=2) as pool:
        assert pool.map(divmod, jobs) == [divmod(*job) for job in jobs]
        assert pool.map(divmod, []) == []
    with pytest.raises(ZeroDivisionError), LocalPool(workers=2) as pool:
        pool.map(divmod, [(1, 1), (1, 0)])
    assert multiprocessing.active_children() == []


def test_every_worker_has_its_kernel_warm_before_its_first_task_and_none_outlives_the_pool(tmp_path):
    kernels = tmp_path / "kernels"
    warmup = Warmup(runtime_dir=str(kernels), code="import json")
    with LocalPool(workers=2, warmup=warmup) as pool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(kernels.glob("kernel-*.json"))) < 2:
            time.sleep(0.1)  # each worker starts its kernel as it starts, before any task is given
        assert len(list(kernels.glob("kernel-*.json"))) == 2
        memory = pool.map(WarmKernelEngine.peak_rss_mb, [("python3",)] * 4)
        workers = {int(pid) for pid in pool.map(os.readlink, [("/proc/self",)] * 4)}
        started = _kernels(kernels)
    assert all(mb and mb > 10 for mb in memory)  # a kernel was there for every task
    assert len(started) == 2 and _gone(started | workers)
    assert list(kernels.glob("kernel-*.json")) == []  # kernels shut down, their connection files removed


def _kernels(folder: Path) -> set[int]:
    """The kernel processes started with a connection file in ``folder``."""
    marker = str(folder).encode()
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def test_a_briefs_peak_memory_is_its_own_once_the_peak_is_reset():
    code = ("import os; from partrack.publish.memory import peak_mb, reset_peak; pid = os.getpid()\n"
            "block = b'x' * (200 * 1024 * 1024); del block  # a large brief, its memory given back\n"
            "before = peak_mb(pid); reset_peak(pid); after = peak_mb(pid); print(before, after)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = map(float, done.stdout.split())
    assert before > 200 and after < before - 150  # the next brief's peak starts from what the process now holds


def test_memory_freed_in_c_goes_back_to_the_system_before_the_next_brief():
    code = ("import ctypes, os; from partrack.publish.memory import give_back_free_memory, peak_mb, reset_peak\n"
            "libc = ctypes.CDLL('libc.so.6'); libc.malloc.restype = ctypes.c_void_p\n"
            "libc.free.argtypes = [ctypes.c_void_p]; libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]\n"
            "blocks = [libc.malloc(100_000) for _ in range(2000)]  # 200 MB in heap-sized pieces, as a layout frees\n"
            "for b in blocks: libc.memset(b, 1, 100_000)\n"
            "for b in blocks[:-1]: libc.free(b)  # the last one keeps the heap's top: nothing shrinks by itself\n"
            "rss = lambda: int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) / 1024\n"
            "held = rss(); done = give_back_free_memory(); print(held, rss(), done)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    held, after, done = float(out[0]), float(out[1]), out[2]
    assert done == "True" and held - after > 150  # MB: the freed pieces no longer count against the worker


def test_a_local_dask_clusters_workers_run_without_the_dashboards_sampling():
    import dask

    from partrack.publish.executors import QUIET_WORKERS, DaskCluster

    with DaskCluster(workers=1) as cluster:
        seen = cluster.client.run(dask.config.get, "distributed.worker.profile.enabled")
        ticks = cluster.client.run(dask.config.get, "distributed.admin.tick.interval")
    assert list(seen.values()) == [False] and list(ticks.values()) == [QUIET_WORKERS["distributed.admin.tick.interval"]]
