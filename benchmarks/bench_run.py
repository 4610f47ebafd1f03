"""Benchmark: `partrack run` against the naive chain and against the briefs' own code, in one run on this machine.

Printed, each against its baseline measured in the same run, with the target and "met" or "NOT met":
- the province's quarterly set (the overview and every area, HTML + PDF, vi): the naive chain (for each notebook
  the papermill CLI, `jupyter nbconvert --to html --no-input`, the weasyprint CLI) against `partrack run` with
  2 workers (target ≥ 5×);
- `partrack run` with 1 worker (HTML, the floor's output) against the in-process floor: the same briefs' code
  (open_brief and every section of every notebook) called in one Python process, no kernel, no exporter
  (target ≤ 1.3×); the same run with PDFs is printed beside it;
- per-stage totals of the runs (execute, HTML export, PDF, combined PDF) from their manifests;
- charts per kind (count, median, p90 ms: drawing and SVG) in the floor (target: median ≤ 80 ms);
- the batch of every unit (the province and its districts, at the latest quarter in which every one existed:
  11 units × 8 notebooks = 88 briefs, HTML + PDF) with 1 and 2 local workers (target ≥ 1.7×), and on a Dask
  LocalCluster of 2 workers (target ≤ 1.15× the local pool); each brief's own peak RSS in its worker and in
  the worker's kernel, and whether the second half of a worker's briefs needs more than the first
  (target: flat, growth ≤ 5 %).
Every `partrack run` is a fresh CLI process, as is the floor, so each pays its own interpreter start and imports.
The floor and the 1-worker run are each run --repeat times (3), alternated, and the best of each compared: on this
shared machine one run of either varies by ±10 %.

Run: .venv/bin/python benchmarks/bench_run.py [--quick] [--skip-naive] [--skip-batch] [--skip-dask] [--repeat N]
(--quick: the floor, the charts and the province runs only; about a minute.)
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from partrack.paths import NOTEBOOKS, PROJECT_ROOT, SAMPLE_DATA

BIN = Path(sys.executable).parent
CHARTS_TARGET_MS = 80.0
PR_SET_CHILD_SUBREAPER = 36
TARGETS = {"naive": 5.0, "floor": 1.3, "scaling": 1.7, "dask": 1.15, "rss_growth": 0.05}


# --- the in-process floor (runs in its own process: `bench_run.py --floor UNIT LANG`) ------------------------------


def _sections() -> tuple[list[str], list[str]]:
    """The sections the notebooks call, from the script that writes the notebooks (one list, not a copy)."""
    spec = importlib.util.spec_from_file_location("make_notebooks", PROJECT_ROOT / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.OVERVIEW_SECTIONS, module.AREA_SECTIONS


def time_charts() -> dict[str, list[float]]:
    """Time every chart the briefs draw, by kind: the kind's drawing plus its SVG (ms), as the briefs call them."""
    import partrack.brief.sections as sections
    from partrack.charts import CHARTS

    timings: dict[str, list[float]] = {}

    def timed(kind, draw):
        def drawing(*args, **kwargs):
            started = time.perf_counter()
            figure = draw(*args, **kwargs)
            figure.bench = (kind, time.perf_counter() - started)
            return figure

        return drawing

    for kind in list(CHARTS):
        CHARTS[kind] = timed(kind, CHARTS[kind])
    to_svg = sections.figure_to_svg

    def svg(figure):
        started = time.perf_counter()
        text = to_svg(figure)
        kind, drawing = getattr(figure, "bench", ("other", 0.0))
        timings.setdefault(kind, []).append((drawing + time.perf_counter() - started) * 1000)
        return text

    sections.figure_to_svg = svg
    return timings


def floor(unit: str, lang: str) -> dict:
    """The briefs' code in this process: open_brief and every section of the overview and of every area."""
    started = time.perf_counter()
    from partrack import brief
    from partrack.catalogue import load_catalogue

    overview, area_sections = _sections()
    timings = time_charts()
    imported = time.perf_counter()
    catalogue = load_catalogue()
    opened = 0.0
    for area in [None, *(a.code for a in catalogue.areas)]:
        clock = time.perf_counter()
        b = brief.open_brief(data=str(SAMPLE_DATA), unit=unit, lang=lang, area=area)
        opened += time.perf_counter() - clock
        for section in overview if area is None else area_sections:
            getattr(brief, section)(b)
        brief.record(b)  # the headline cell
    done = time.perf_counter()
    return {"wall": done - started, "imports": imported - started, "open": opened, "briefs": done - imported,
            "charts": timings}  # fmt: skip


# --- the runs ---------------------------------------------------------------------------------------------------


CPU = {"seconds": 0.0}  # CPU seconds (user + system) of every process the last measured step ran


def in_process_floor(unit: str, lang: str) -> tuple[float, float, dict]:
    """The floor in a fresh process (interpreter start and imports included): wall, CPU seconds, its own figures."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, __file__, "--floor", unit, lang], capture_output=True, text=True,
                          check=True)  # fmt: skip
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
    return wall, cpu, json.loads(done.stdout.strip().splitlines()[-1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished children and what they waited for
    return usage.ru_utime + usage.ru_stime


def _adopt_orphans() -> None:
    """Become the reaper of this benchmark's orphaned descendants (Linux), so that their CPU time is counted.

    A run's workers are forked from its fork server, which ends a moment after the run itself: orphaned, it
    would be reaped by init and its CPU seconds, and its workers', would be lost to ``RUSAGE_CHILDREN``.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_orphans(seconds: float = 30.0) -> None:
    """Wait for the orphans a step left (its fork server ends when its last worker has); fail if one lives on."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0 and time.monotonic() > deadline:
            raise SystemExit(f"a process of the last step still runs {seconds:.0f} s after it ended")
        if pid == 0:
            time.sleep(0.05)


def _timed(command: list[str], cwd: Path | None = None) -> float:
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    seconds = time.perf_counter() - started
    _reap_orphans()
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    CPU["seconds"] = _children_cpu() - cpu
    return seconds


def naive(folder: Path, names: list[str], unit: str, lang: str) -> float:
    """One fresh process per step and notebook: papermill, nbconvert to HTML without input, weasyprint."""
    started, cpu = time.perf_counter(), _children_cpu()
    for name, file, area in names:
        executed = folder / f"{name}.ipynb"
        parameters = ["-p", "unit", unit, "-p", "lang", lang, "-p", "data", str(SAMPLE_DATA)]
        if area is not None:
            parameters += ["-p", "area", area]
        _timed([str(BIN / "papermill"), str(NOTEBOOKS / file), str(executed), *parameters, "--no-progress-bar"])
        _timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
        _timed([str(BIN / "weasyprint"), str(folder / f"{name}.html"), str(folder / f"{name}.pdf")])
    CPU["seconds"] = _children_cpu() - cpu
    return time.perf_counter() - started


def partrack_run(out: Path, units: str, workers: int, formats: str, lang: str, period: str = "latest",
                 executor: str = "local") -> tuple[float, dict]:  # fmt: skip
    """`partrack run` as a user starts it; the wall time and the run's manifest."""
    command = [str(BIN / "partrack"), "run", "--units", units, "--lang", lang, "--out", str(out), "--workers",
               str(workers), "--formats", formats, "--period", period, "--executor", executor, "--quiet"]  # fmt: skip
    seconds = _timed(command, cwd=PROJECT_ROOT)
    manifest = next(out.glob("*/manifest.json"))
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["cpu"] = CPU["seconds"]
    failed = [n["name"] for n in document["notebooks"] if n["status"] != "succeeded"]
    if failed:
        raise SystemExit(f"briefs failed: {failed}")
    return seconds, document


def stages(manifest: dict) -> dict[str, float]:
    """Seconds per stage summed over the briefs (work done in the workers), and the combined PDFs' when recorded."""
    totals: dict[str, float] = {}
    for brief in manifest["notebooks"]:
        for stage, seconds in (brief.get("stages") or {}).items():
            totals[stage] = totals.get(stage, 0.0) + seconds
    for stage, seconds in (manifest.get("stages") or {}).items():
        totals[stage] = totals.get(stage, 0.0) + seconds
    return totals


def memory(manifest: dict) -> list[dict]:
    """Per worker, over its briefs in the order it ran them: for the worker and for its kernel, the range of the
    briefs' own peak RSS (MB), the highest peak of the first half and of the second half, and the growth between.

    Each brief's peak is its own (reset when it starts). Caches fill during the first briefs and the largest briefs
    (run first) set the level; a leak shows as the second half needing more than the first.
    """
    workers: dict[int, list[dict]] = {}
    for brief in manifest["notebooks"]:
        if brief.get("worker") is not None:
            workers.setdefault(brief["worker"], []).append(brief)
    rows = []
    for briefs in workers.values():
        briefs = sorted(briefs, key=lambda b: b.get("started") or "")
        row = {"briefs": len(briefs)}
        for who, key in (("worker", "peak_rss_mb"), ("kernel", "kernel_peak_rss_mb")):
            peaks = [b[key] for b in briefs if b.get(key)]
            if len(peaks) < 2:
                row[who] = None
                continue
            half = len(peaks) // 2
            first, second = max(peaks[:half]), max(peaks[half:])
            row[who] = (min(peaks), max(peaks), first, second, (second - first) / first)
        rows.append(row)
    return rows


def batch_period() -> tuple[str, int]:
    """The latest quarter of the sample data in which every unit of the plan existed, and how many units that is."""
    from partrack.catalogue import load_catalogue
    from partrack.ingest.validate import validate
    from partrack.periods import parse_period
    from partrack.publish.runner import expand_units
    from partrack.units import units_for

    catalogue, units = load_catalogue(), units_for(None)
    province = catalogue.plan.province
    quarters = {p for p in validate([SAMPLE_DATA], catalogue=catalogue, units=units).observations["period"]}
    quarters = sorted((parse_period(p) for p in quarters if "-Q" in p), key=lambda p: p.end)
    everyone = len(units.children(province)) + 1
    for period in reversed(quarters):
        if len(expand_units(["all"], units, period, province)) == everyone:
            return period.code, everyone
    return quarters[-1].code, len(expand_units(["all"], units, quarters[-1], province))


# --- printing ----------------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def print_stages(title: str, manifest: dict, wall: float) -> None:
    totals = stages(manifest)
    written = ", ".join(f"{k} {v:.1f} s" for k, v in totals.items())
    print(f"  {title:<26}: wall {wall:6.1f} s; summed over briefs: {written}")


def print_charts(timings: dict[str, list[float]]) -> None:
    every = [t for values in timings.values() for t in values]
    print(f"charts in the floor ({len(every)} drawn; drawing + SVG, ms)")
    for kind, values in sorted(timings.items()):
        print(f"  {kind:<16} n = {len(values):3d}  median {statistics.median(values):6.0f}  "
              f"p90 {percentile(values, 0.9):6.0f}  max {max(values):6.0f}")  # fmt: skip
    if every:
        middle = statistics.median(every)
        print(f"  {'every chart':<16} n = {len(every):3d}  median {middle:6.0f}  p90 {percentile(every, 0.9):6.0f}"
              f"  (target median ≤ {CHARTS_TARGET_MS:.0f} ms: {verdict(middle <= CHARTS_TARGET_MS)})")  # fmt: skip


def print_memory(title: str, manifest: dict) -> None:
    for row in memory(manifest):
        parts, growths = [], []
        for who in ("worker", "kernel"):
            if row[who] is None:
                continue
            low, high, first, second, growth = row[who]
            growths.append(growth)
            parts.append(f"{who} {low:5.1f}–{high:5.1f} MB, highest in the first half {first:5.1f}, in the second "
                         f"{second:5.1f} ({growth:+.1%})")  # fmt: skip
        flat = verdict(max(growths) <= TARGETS["rss_growth"]) if growths else "too few briefs"
        print(f"  {title}, {row['briefs']} briefs, each brief's own peak RSS: {'; '.join(parts)}"
              f"  (growth ≤ {TARGETS['rss_growth']:.0%}: {flat})")  # fmt: skip


def line(title: str, wall: float, cpu: float, note: str = "") -> None:
    print(f"  {title:<28}: {wall:6.1f} s wall, {cpu:6.1f} s CPU{note}")


def ratio_note(ratio: float, cpu_ratio: float | None, target: float, at_least: bool) -> str:
    ok = ratio >= target if at_least else ratio <= target
    sign = "≥" if at_least else "≤"
    cpu = f"CPU {cpu_ratio:4.2f}×; " if cpu_ratio is not None else ""
    return f": {ratio:4.2f}× ({cpu}target {sign} {target}×: {verdict(ok)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the floor, the charts and the province runs only")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the floor and of the 1-worker run (the best)")
    parser.add_argument("--floor", nargs=2, metavar=("UNIT", "LANG"), help=argparse.SUPPRESS)  # the floor's process
    args = parser.parse_args()
    _adopt_orphans()
    if args.floor:
        print(json.dumps(floor(*args.floor)))
        return

    from partrack.catalogue import load_catalogue
    from partrack.publish.runner import plan_briefs

    catalogue = load_catalogue()
    province, lang = catalogue.plan.province, "vi"
    briefs = [(b.name, b.file, b.area) for b in plan_briefs(catalogue, NOTEBOOKS, [])]
    load = os.getloadavg()
    print(f"bench_run {date.today().isoformat()} · {os.cpu_count()} cores · load average before "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other jobs on this machine make wall times noisier; CPU "
          f"seconds, of every process a step ran, much less so)")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        floors, htmls = [], []
        for attempt in range(args.repeat):  # alternated, so that a busy moment of the machine hits both
            floors.append(in_process_floor(province, lang))
            htmls.append(partrack_run(tmp / f"html1-{attempt}", province, 1, "html", lang))
        floor_wall, floor_cpu, measured = min(floors, key=lambda f: f[0])
        html_1, html_1_manifest = min(htmls, key=lambda h: h[0])
        full_1, full_1_manifest = partrack_run(tmp / "full1", province, 1, "html,pdf", lang)
        full_2, full_2_manifest = partrack_run(tmp / "full2", province, 2, "html,pdf", lang)
        slow = None
        if not (args.quick or args.skip_naive):
            (tmp / "naive").mkdir()
            slow = naive(tmp / "naive", briefs, province, lang)
            slow_cpu = CPU["seconds"]

        print(f"\nprovince quarterly set: {len(briefs)} notebooks for unit {province}, {lang}")
        print(
            f"  (floor and 1-worker run: the best of {args.repeat} each, alternated; floors "
            f"{', '.join(f'{f[0]:.1f}' for f in floors)} s, runs {', '.join(f'{h[0]:.1f}' for h in htmls)} s)"
        )
        line("in-process floor (HTML)", floor_wall, floor_cpu,
             f" (imports {measured['imports']:.1f} s, open_brief {measured['open']:.1f} s, sections "
             f"{measured['briefs'] - measured['open']:.1f} s)")  # fmt: skip
        cpu_1 = html_1_manifest["cpu"]
        line(
            "partrack run, 1 worker, HTML",
            html_1,
            cpu_1,
            ratio_note(html_1 / floor_wall, cpu_1 / floor_cpu, TARGETS["floor"], False) + " of the floor",
        )
        line("partrack run, 1 worker, +PDF", full_1, full_1_manifest["cpu"], " (the floor makes no PDF)")
        line("partrack run, 2 workers, +PDF", full_2, full_2_manifest["cpu"])
        if slow is not None:
            line("naive chain (CLI per step)", slow, slow_cpu,
                 ratio_note(slow / full_2, slow_cpu / full_2_manifest["cpu"], TARGETS["naive"], True)
                 + " slower than partrack run, 2 workers")  # fmt: skip
        print("stages (seconds of work in the workers, summed over the briefs; combined PDF in the run itself)")
        print_stages("run, 1 worker, HTML", html_1_manifest, html_1)
        print_stages("run, 1 worker, HTML + PDF", full_1_manifest, full_1)
        print_stages("run, 2 workers, HTML + PDF", full_2_manifest, full_2)
        print_charts(measured["charts"])
        print_memory("province set, 2 workers", full_2_manifest)

        if args.quick or args.skip_batch:
            return
        period, count = batch_period()
        one, one_manifest = partrack_run(tmp / "batch1", "all", 1, "html,pdf", lang, period)
        two, two_manifest = partrack_run(tmp / "batch2", "all", 2, "html,pdf", lang, period)
        done = len(two_manifest["notebooks"])
        print(f"\nbatch: every unit ({count} = the province and its districts, {period}) × {len(briefs)} notebooks "
              f"= {done} briefs, HTML + PDF, {lang}")  # fmt: skip
        line("local, 1 worker", one, one_manifest["cpu"], f" ({done / one:4.2f} briefs/s)")
        line("local, 2 workers", two, two_manifest["cpu"],
             f" ({done / two:4.2f} briefs/s)" + ratio_note(one / two, None, TARGETS["scaling"], True)
             + " from 1 to 2 workers")  # fmt: skip
        print_stages("local, 1 worker", one_manifest, one)
        print_stages("local, 2 workers", two_manifest, two)
        print_memory("batch, 1 worker", one_manifest)
        print_memory("batch, 2 workers", two_manifest)
        if not args.skip_dask:
            on_dask, dask_manifest = partrack_run(tmp / "dask", "all", 2, "html,pdf", lang, period, "dask")
            line("Dask LocalCluster, 2 workers", on_dask, dask_manifest["cpu"],
                 ratio_note(on_dask / two, dask_manifest["cpu"] / two_manifest["cpu"], TARGETS["dask"], False)
                 + " the local pool's time")  # fmt: skip
            print_stages("Dask, 2 workers", dask_manifest, on_dask)
            print_memory("batch, Dask", dask_manifest)
    load = os.getloadavg()
    print(f"load average after {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
