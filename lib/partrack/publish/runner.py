"""``partrack run``: validate once, run every brief, assemble, then swap the result in atomically.

Safety: a lock file keeps two runs off the same output; the run works in ``<out>/.runs/<period>-<stamp>
.partial`` and only at the end becomes ``<out>/<period>`` (a symbolic link replaced atomically), so the
previous good briefs stay readable until the new ones are complete; a failed notebook is recorded and
the others go on; an interrupted run leaves its partial folder, which the next run removes.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from partrack.catalogue import catalogue_hash, load_catalogue
from partrack.ingest.readers import expand_paths
from partrack.ingest.validate import validate
from partrack.paths import resolve
from partrack.periods import Period, resolve_period
from partrack.publish.assemble import combined_pdf, git_commit, index_page, sha256, versions, write_manifest
from partrack.publish.executors import EXECUTORS
from partrack.publish.parameters import RunParameters
from partrack.publish.tasks import Task, TaskResult
from partrack.units import UnitRegistry, load_units

log = logging.getLogger("partrack.run")


class RunLocked(RuntimeError):
    """Another run holds the output folder."""


@dataclass
class RunReport:
    """What a run produced and whether everything went well."""

    period: Period
    output: Path
    results: list[TaskResult]
    data_errors: int

    @property
    def failed(self) -> list[TaskResult]:
        """The tasks that did not succeed."""
        return [r for r in self.results if r.status != "succeeded"]

    @property
    def exit_code(self) -> int:
        """1 when a brief failed or the data had errors, else 0."""
        return 1 if self.failed or self.data_errors else 0


def expand_units(requested: list[str], units: UnitRegistry, period: Period, province: str) -> list[str]:
    """``all`` is the province and its districts that existed in the period; codes are checked."""
    if requested == ["all"]:
        codes = [province] + [u.code for u in units.children(province)]
        return [c for c in codes if units[c].overlaps(period.start, period.end)]
    unknown = [c for c in requested if c not in units]
    if unknown:
        raise ValueError(f"unknown unit code(s): {', '.join(unknown)}")
    return requested


def _swap_in(work: Path, out: Path, period: Period) -> Path:
    """Make ``out/<period>`` point at the finished run in one atomic step; drop the run it replaced."""
    final = work.with_name(work.name.removesuffix(".partial"))
    work.rename(final)
    target = out / period.code
    previous = None
    if target.is_symlink():
        previous = target.resolve()
    elif target.exists():  # a real folder left by hand or by an older layout: keep it among the runs
        kept = out / ".runs" / f"{period.code}-kept-{int(time.time())}"
        target.rename(kept)
        previous = kept
    link = out / f".{period.code}.link"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(final.relative_to(out))
    os.replace(link, target)
    if previous is not None and previous != final and previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
    return target


def run(params: RunParameters) -> RunReport:
    """Produce the briefs described by the parameters; return the report (exit code included)."""
    started = datetime.now(UTC)
    catalogue, units = load_catalogue(params.catalogue), load_units()
    out = params.out_dir
    (out / ".runs").mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / ".partrack.lock"), timeout=params.lock_timeout)
    try:
        lock.acquire()
    except Timeout:
        raise RunLocked(
            f"một lần chạy khác đang ghi vào {out} / another run is writing to {out}; "
            f"try again later or raise lock_timeout"
        ) from None
    try:
        return _run_locked(params, catalogue, units, out, started)
    finally:
        lock.release()


def _run_locked(params, catalogue, units, out: Path, started: datetime) -> RunReport:
    for stale in (out / ".runs").glob("*.partial"):  # left by an interrupted run; we hold the lock
        shutil.rmtree(stale, ignore_errors=True)
    validation = validate(params.data_paths, catalogue=catalogue, units=units)
    if validation.errors:
        log.warning("%d data error(s): the affected rows are left out and the run will exit 1", len(validation.errors))
    period = resolve_period(params.period, set(validation.observations["period"].unique()))
    unit_codes = expand_units(params.units, units, period, catalogue.plan.province)
    if not unit_codes or not params.notebooks or not params.langs:
        raise ValueError(
            f"không có báo cáo nào để lập cho kỳ {period.code} (đơn vị: {', '.join(params.units)}) / "
            f"nothing to produce for {period.code}: no unit of {params.units} existed then; the last briefs are kept"
        )
    stamp = started.strftime("%Y%m%dT%H%M%S")
    work = out / ".runs" / f"{period.code}-{stamp}-{os.getpid()}.partial"
    work.mkdir(parents=True)
    tasks = [
        Task(
            notebook=name,
            unit=unit,
            lang=lang,
            period=period.code,
            data=tuple(map(str, params.data_paths)),
            work_dir=str(work),
            notebook_dir=str(resolve(params.notebook_dir)),
            formats=tuple(params.formats),
            catalogue=params.catalogue,
            execution_timeout=params.execution_timeout,
            start_timeout=params.start_timeout,
        )
        for unit in unit_codes
        for lang in params.langs
        for name in params.notebooks
    ]
    interactive = sys.stderr.isatty() and not params.quiet
    bar = tqdm(total=len(tasks), desc=f"partrack {period.code}", unit="brief", disable=not interactive)
    results: list[TaskResult] = []
    for result in EXECUTORS[params.executor](tasks, workers=params.workers, scheduler=params.scheduler):
        results.append(result)
        bar.update(1)
        if not interactive and not params.quiet:
            log.info("%s %s in %.1f s%s", result.name, result.status, result.duration,
                     f": {result.error}" if result.error else "")  # fmt: skip
    bar.close()
    results.sort(key=lambda r: (r.unit, r.lang, r.notebook))

    combined = {}
    if "pdf" in params.formats:
        for unit in unit_codes:
            for lang in params.langs:
                path = combined_pdf(results, work, unit, lang, catalogue, units, period)
                if path:
                    combined[(unit, lang)] = path
    index_page(results, combined, work, catalogue, units, period, validation.illustrative)
    inputs = expand_paths(params.data_paths)  # exactly the files validation reads, in its order
    write_manifest(work, {
        "parameters": params.model_dump(),
        "period": period.code,
        "units": unit_codes,
        "inputs": [{"path": str(p), "sha256": sha256(p)} for p in inputs],
        "catalogue_sha256": catalogue_hash(params.catalogue),
        "data_errors": len(validation.errors),
        "data_warnings": len(validation.warnings),
        "versions": versions(),
        "git_commit": git_commit(),
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "notebooks": [r.as_dict() for r in results],
        "combined": {f"{u}_{lang}": p for (u, lang), p in combined.items()},
    })  # fmt: skip
    target = _swap_in(work, out, period)
    return RunReport(period, target, results, len(validation.errors))
