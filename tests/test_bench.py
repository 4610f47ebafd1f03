"""The benchmark's own arithmetic."""

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


def test_memory_compares_the_first_and_second_half_of_each_workers_briefs_in_the_order_it_ran_them():
    def brief(worker, started, peak, kernel):
        return {"worker": worker, "started": f"2026-11-29T10:00:{started:02d}", "peak_rss_mb": peak,
                "kernel_peak_rss_mb": kernel}  # fmt: skip

    manifest = {"notebooks": [brief(7, 3, 210.0, 180.0), brief(7, 1, 200.0, 170.0), brief(7, 4, 190.0, 175.0),
                              brief(7, 2, 180.0, 171.0), brief(9, 1, 190.0, None)]}  # fmt: skip
    rows = sorted(bench_run.memory(manifest), key=lambda r: r["briefs"])
    assert rows[0] == {"briefs": 1, "worker": None, "kernel": None}
    assert rows[1]["worker"] == (180.0, 210.0, 200.0, 210.0, pytest.approx(0.05))  # ran 200, 180 | 210, 190
    assert rows[1]["kernel"] == (170.0, 180.0, 171.0, 180.0, pytest.approx(9 / 171))


def test_percentile_and_verdict():
    assert bench_run.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert bench_run.percentile([1.0, 2.0, 3.0, 4.0, 100.0], 0.9) == 100.0
    assert bench_run.verdict(True) == "met" and bench_run.verdict(False) == "NOT met"
