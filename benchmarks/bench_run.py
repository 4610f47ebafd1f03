"""Benchmark: `partrack run` against the naive way, then throughput with 1 and 2 workers.

(a) naive: for each notebook, the papermill CLI, then `jupyter nbconvert --to html --no-input`, then the
    PDF of that HTML with the weasyprint CLI — one fresh process and kernel per step;
(b) `partrack run` with the same notebooks, formats and data (warm kernels, in-process exporters).
Then the district-level batch (11 units × 8 notebooks, HTML + PDF) with 1 and 2 workers.
Targets on 2 cores: (b) ≥ 5× faster than (a); ≥ 1.7× from 1 to 2 workers.

Run: .venv/bin/python benchmarks/bench_run.py [--skip-scaling]
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from partrack.catalogue import load_catalogue
from partrack.paths import NOTEBOOKS, SAMPLE_DATA
from partrack.publish.parameters import load_parameters
from partrack.publish.runner import plan_briefs, run

NOTEBOOK_NAMES = [b.name for b in plan_briefs(load_catalogue(), NOTEBOOKS, [])]

BIN = Path(sys.executable).parent


def naive(folder: Path) -> float:
    started = time.perf_counter()
    for name in NOTEBOOK_NAMES:
        executed = folder / f"{name}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOKS / f"{name}.ipynb"), str(executed), "-p", "unit", "36",
                        "-p", "lang", "vi", "-p", "data", str(SAMPLE_DATA), "--no-progress-bar"],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([str(BIN / "weasyprint"), str(folder / f"{name}.html"), str(folder / f"{name}.pdf")],
                       check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - started


def partrack(folder: Path, units: str, workers: int) -> tuple[float, int]:
    started = time.perf_counter()
    report = run(load_parameters({"out": str(folder), "units": units, "langs": "vi", "workers": workers,
                                  "quiet": True}))  # fmt: skip
    assert report.exit_code == 0, [r.error for r in report.failed]
    return time.perf_counter() - started, len(report.results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "naive").mkdir()
        slow = naive(tmp / "naive")
        fast, count = partrack(tmp / "partrack", "36", 2)
        print(f"province quarterly set ({count} notebooks, HTML + PDF, vi)")
        print(f"  naive (CLI per step) : {slow:7.1f} s")
        print(f"  partrack run (2 w.)  : {fast:7.1f} s")
        print(f"  ratio                : {slow / fast:7.1f}×  (target ≥ 5×)")
        if args.skip_scaling:
            return
        one, count = partrack(tmp / "one", "all", 1)
        two, _ = partrack(tmp / "two", "all", 2)
        print(f"district batch ({count} notebooks = 11 units × 8, HTML + PDF, vi)")
        print(f"  1 worker  : {one:7.1f} s  ({count / one:5.2f} briefs/s)")
        print(f"  2 workers : {two:7.1f} s  ({count / two:5.2f} briefs/s)")
        print(f"  scaling   : {one / two:7.2f}×  (target ≥ 1.7×)")


if __name__ == "__main__":
    main()
