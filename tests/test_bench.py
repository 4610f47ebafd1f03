"""The benchmark's own arithmetic, and the parallel helper a run assembles its combined documents with."""

import multiprocessing
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import bench_run


def _brief(worker, peak, kernel, **stages):
    return {"worker": worker, "peak_rss_mb": peak, "kernel_peak_rss_mb": kernel, "stages": stages}


def test_stage_totals_add_the_briefs_and_the_runs_own_stages():
    manifest = {"notebooks": [_brief(1, 100.0, 80.0, execute=1.5, html=0.25, pdf=1.0),
                              _brief(2, 100.0, 80.0, execute=2.5, html=0.25)],
                "stages": {"combined_pdf": 3.0}}  # fmt: skip
    assert bench_run.stages(manifest) == {"execute": 4.0, "html": 0.5, "pdf": 1.0, "combined_pdf": 3.0}


def test_memory_is_read_per_worker_after_its_first_warm_and_last_brief():
    manifest = {"notebooks": [_brief(7, 210.0, 180.0), _brief(7, 200.0, 170.0), _brief(7, 205.0, 175.0),
                              _brief(9, 190.0, None)]}  # fmt: skip
    rows = sorted(bench_run.memory(manifest, warm=2), key=lambda r: r["briefs"])
    assert rows == [{"briefs": 1, "worker": (190.0, 190.0, 190.0), "kernel": None},
                    {"briefs": 3, "worker": (200.0, 205.0, 210.0), "kernel": (170.0, 175.0, 180.0)}]  # fmt: skip


def test_percentile_and_verdict():
    assert bench_run.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert bench_run.percentile([1.0, 2.0, 3.0, 4.0, 100.0], 0.9) == 100.0
    assert bench_run.verdict(True) == "met" and bench_run.verdict(False) == "NOT met"


def test_in_parallel_keeps_the_order_of_the_jobs_on_several_processes_and_leaves_none():
    from partrack.publish.executors import in_parallel

    jobs = [(17, 5), (9, 2), (100, 7), (8, 8)]
    assert in_parallel(divmod, jobs, workers=2) == [divmod(*job) for job in jobs]
    assert in_parallel(divmod, jobs, workers=1) == [divmod(*job) for job in jobs]  # in this process
    with pytest.raises(ZeroDivisionError):
        in_parallel(divmod, [(1, 1), (1, 0)], workers=2)
    assert multiprocessing.active_children() == []
