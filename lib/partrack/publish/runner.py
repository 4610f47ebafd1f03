"""``partrack run``: validate once, run every brief, assemble, then swap the result in atomically.

Safety: a lock file keeps two runs off the same output; the run works in ``<out>/.runs/<period>-<stamp>-<pid>
.partial`` and only at the end becomes ``<out>/<period>`` (a symbolic link replaced atomically), so the
previous good briefs stay readable until the new ones are complete (``--final``: the plan's final assessment goes
to ``<out>/<period>-final``, beside the close period's briefs, never over them). partrack deletes only what it made:
folders under ``<out>/.runs/`` whose names match ``RUN_NAME``. An ``<out>/<period>`` that is a real folder
or a link to anywhere else is the user's, and the run refuses before any work. A run that read no input,
found no valid row, or whose every brief failed is never swapped in; a failed or interrupted run removes
its own partial folder (a killed one leaves it for the next run to remove).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import sys
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from partrack.catalogue import Catalogue, catalogue_hash, load_catalogue
from partrack.ingest.handover import save_validated
from partrack.ingest.readers import expand_paths
from partrack.ingest.validate import ValidationResult, validate
from partrack.paths import PROJECT_ROOT, resolve
from partrack.periods import Kind, Period
from partrack.progress.close import assessed_period, containing, plan_close
from partrack.publish.assemble import (
    FINAL,
    combined_docx,
    combined_pdf,
    git_commit,
    index_page,
    sha256,
    versions,
    write_manifest,
)
from partrack.publish.executors import EXECUTORS, Executor, Warmup
from partrack.publish.parameters import RunParameterError, RunParameters
from partrack.publish.tasks import Task, TaskResult
from partrack.publish.word import WordError
from partrack.units import UnitRegistry, units_for
from partrack.words.numbers import short_date
from partrack.words.vocabulary import LANGS, word

log = logging.getLogger("partrack.run")

# What a run creates under <out>/.runs/: <period>[-final]-<YYYYmmddTHHMMSS>-<pid>[.partial|.failed.json], and its
# scratch folder <YYYYmmddTHHMMSS>-<pid>.work (made before the data tell the period)
RUN_NAME = re.compile(
    r"^(?:(?P<period>\d{4}(?:-[A-Z0-9]{2,3})?(?:-final)?)-)?\d{8}T\d{6}-\d+(?P<suffix>\.partial|\.work)?$"
)
SYSTEM_FOLDERS = ("/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/root", "/run", "/sbin",
                  "/srv", "/sys", "/tmp", "/usr", "/var", "/home", "/mnt", "/media", "/opt")  # fmt: skip
NEVER_INSIDE = ("/proc", "/sys", "/dev", "/boot", "/etc", "/usr", "/bin", "/sbin")


class RunLocked(RuntimeError):
    """Another run holds the output folder."""


class OutputRefused(ValueError):
    """The output folder is not one partrack may write or replace (a usage problem: exit 2)."""


class NothingProduced(RuntimeError):
    """The run has nothing worth swapping in; the last briefs stay (exit 1)."""


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
    """``all`` is the province and its districts that existed in the period; none is the province; codes are checked."""
    if not requested:
        return [province]
    if requested == ["all"]:
        codes = [province] + [u.code for u in units.children(province)]
        return [c for c in codes if units[c].overlaps(period.start, period.end)]
    unknown = [c for c in requested if c not in units]
    if unknown:
        raise ValueError(f"unknown unit code(s): {', '.join(unknown)}")
    return requested


def check_output(out: Path) -> None:
    """Refuse system folders and anything under them that must never hold briefs."""
    resolved = out.resolve()
    text = str(resolved)
    if (
        text in SYSTEM_FOLDERS
        or resolved == Path.home().resolve()
        or any(text == f or text.startswith(f + "/") for f in NEVER_INSIDE)
    ):
        raise OutputRefused(f"{out}: thư mục hệ thống, không ghi báo cáo vào đây / a system folder; choose --out DIR")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out}: không phải thư mục / not a folder; choose --out DIR")
    if (out / ".runs").is_symlink():
        raise OutputRefused(
            f"{out / '.runs'}: là liên kết, không phải do partrack tạo / is a link partrack did not make"
        )


def check_target(out: Path, period_code: str) -> None:
    """``out/<period>`` must be absent or a link partrack made into ``out/.runs/``; anything else is the user's."""
    target = out / period_code
    if target.is_symlink():
        pointed = Path(os.readlink(target))
        inside = pointed.parent == Path(".runs") and RUN_NAME.match(pointed.name) is not None
        if not inside:
            raise OutputRefused(
                f"{target} là liên kết tới {pointed}, không phải do partrack tạo: không ghi đè / "
                f"is a link to {pointed}, not one partrack made; move it or choose another --out"
            )
    elif target.exists():
        raise OutputRefused(
            f"{target} là thư mục/tệp có sẵn, không phải do partrack tạo: không ghi đè / "
            f"already exists and was not made by partrack; move it or choose another --out"
        )


def _ours(path: Path, suffix: str | None) -> bool:
    """Whether a path under .runs/ is something a run made, with the given suffix (None: a finished run)."""
    found = RUN_NAME.match(path.name)
    return found is not None and found["suffix"] == suffix and not path.is_symlink() and path.is_dir()


def _remove(path: Path, attempts: int = 5) -> None:
    """Delete a folder partrack made (never follows a link out of it); retry while a dying kernel writes in it."""
    for _ in range(attempts):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.2)


def _kill_strays(scratch: Path, wait: float = 5.0) -> None:
    """SIGKILL any kernel still using a connection file of this run (one caught mid-start by a stop).

    A worker stopped while its kernel is being launched cannot know the kernel's process id yet; the
    kernel would live a second more and write into the removed folder. Linux only (/proc); elsewhere the
    kernel's own parent watch ends it.
    """
    marker = str(scratch).encode()
    if not Path("/proc").is_dir():
        return
    strays = [pid for pid in _pids() if pid != os.getpid() and marker in _cmdline(pid)]
    for pid in strays:
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and any(_cmdline(pid) for pid in strays):  # a zombie has an empty one
        time.sleep(0.05)


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _swap_in(work: Path, out: Path, name: str) -> Path:
    """Make ``out/<name>`` (the period, or ``<period>-final``) point at the finished run in one atomic step.

    The run it replaced is dropped.
    """
    check_target(out, name)  # again: the target could have changed while the run worked
    final = work.with_name(work.name.removesuffix(".partial"))
    work.rename(final)
    target = out / name
    previous = out / ".runs" / Path(os.readlink(target)).name if target.is_symlink() else None
    link = out / f".{name}.link"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(Path(".runs") / final.name)
    os.replace(link, target)
    if previous is not None and previous != final and _ours(previous, None):
        _remove(previous)
    return target


def run(params: RunParameters) -> RunReport:
    """Produce the briefs described by the parameters; return the report (exit code included)."""
    started = datetime.now(UTC)
    out = params.out_dir
    check_output(out)
    catalogue, units = load_catalogue(params.catalogue), units_for(params.catalogue)
    plan_briefs(catalogue, resolve(params.notebook_dir), _notebooks(params))  # a typo is refused before any work
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


OVERVIEW = "00_overview"
GENERIC_AREA = "area"  # the area notebook used for an area that has no notebook of its own


@dataclass(frozen=True)
class NotebookRun:
    """One notebook to run for each unit and language: its output name, file and area."""

    name: str
    file: str
    area: str | None


def plan_briefs(catalogue: Catalogue, folder: Path, requested: list[str]) -> list[NotebookRun]:
    """The overview and one brief per area of the plan (``NN_<area>``), or the notebooks asked for by name.

    An area's own notebook is used when there is one; otherwise the generic area notebook with its code.
    """
    areas = {f"{i:02d}_{a.code}": a.code for i, a in enumerate(catalogue.areas, start=1)}
    names = requested or [OVERVIEW, *areas]
    briefs, missing = [], []
    for name in names:
        own = folder / f"{name}.ipynb"
        if own.is_file():
            briefs.append(NotebookRun(name, own.name, areas.get(name)))
        elif name in areas and (folder / f"{GENERIC_AREA}.ipynb").is_file():
            briefs.append(NotebookRun(name, f"{GENERIC_AREA}.ipynb", areas[name]))
        else:
            missing.append(name)
    if missing:
        known = ", ".join([OVERVIEW, *areas, *sorted(p.stem for p in folder.glob("*.ipynb") if p.stem != OVERVIEW)])
        raise ValueError(f"không có sổ tay / unknown notebook(s): {', '.join(missing)}; available: {known}")
    return briefs


def _notebooks(params: RunParameters) -> list[str]:
    """The notebooks asked for: the final assessment alone with ``--final``."""
    return [FINAL] if params.final else params.notebooks


def output_name(period: Period, final: bool) -> str:
    """The run's link in the output folder: ``2025-Q2``, or ``2025-Q2-final`` for the final assessment."""
    return f"{period.code}-{FINAL}" if final else period.code


def check_close(period: Period, catalogue: Catalogue, units: UnitRegistry) -> None:
    """``--final`` assesses the plan at its close: a period that ends before it is a usage error (exit 2)."""
    close = plan_close(catalogue, units)
    if period.end < close:
        raise RunParameterError(" / ".join(
            word("final.before_close", lang, period=period.code, close=short_date(close, lang),
                 suggested=containing(close, Kind.QUARTER).code)
            for lang in LANGS
        ))  # fmt: skip


def _check_inputs(validation: ValidationResult) -> None:
    if not validation.files:
        raise NothingProduced("không có tệp số liệu nào / no data file was read; the last briefs are kept")
    if validation.observations.empty:
        raise NothingProduced(
            f"không có dòng số liệu hợp lệ nào trong {len(validation.files)} tệp / no valid row in "
            f"{len(validation.files)} file(s) ({len(validation.errors)} error(s): partrack validate); "
            "the last briefs are kept"
        )


def _run_locked(params: RunParameters, catalogue, units, out: Path, started: datetime) -> RunReport:
    runs = out / ".runs"
    for stale in runs.iterdir():  # left by a killed run; we hold the lock, and remove only what a run made
        if _ours(stale, ".partial") or _ours(stale, ".work"):
            _remove(stale)
    stamp = f"{started:%Y%m%dT%H%M%S}-{os.getpid()}"
    scratch = runs / f"{stamp}.work"  # kernel connection files and the validated data, whatever happens
    scratch.mkdir()
    try:
        warmup = Warmup(start_timeout=params.start_timeout, runtime_dir=str(scratch / "kernels"))
        # the workers start (and their kernels import the briefs' code) while this process validates the data
        with EXECUTORS[params.executor](workers=_most_workers(params), scheduler=params.scheduler,
                                        warmup=warmup) as executor:  # fmt: skip
            return _validate_and_produce(params, catalogue, units, out, started, stamp, scratch, executor)
    finally:
        _kill_strays(scratch)
        _remove(scratch)


def _most_workers(params: RunParameters) -> int:
    """No more workers than there can be briefs (the final assessment is one per language)."""
    return min(params.workers, len(params.langs)) if params.final else params.workers


def _validate_and_produce(params, catalogue, units, out, started, stamp, scratch, executor) -> RunReport:
    validation = validate(params.data_paths, catalogue=catalogue, units=units, limits=params.read_limits)
    if validation.errors:
        log.warning("%d data error(s): the affected rows are left out and the run will exit 1", len(validation.errors))
    _check_inputs(validation)
    available = set(validation.observations["period"].unique())
    period = assessed_period(
        params.period, available, plan_close(catalogue, units)
    )  # latest after the close: the close
    if params.final:
        check_close(period, catalogue, units)
    link = output_name(period, params.final)
    check_target(out, link)
    province = catalogue.plan.province  # the final assessment is the province's, its districts inside it
    unit_codes = [province] if params.final else expand_units(params.units, units, period, province)
    if not unit_codes or not params.langs:
        raise NothingProduced(
            f"không có báo cáo nào để lập cho kỳ {period.code} (đơn vị: {', '.join(params.units)}) / "
            f"nothing to produce for {period.code}: no unit of {params.units} existed then; the last briefs are kept"
        )
    work = out / ".runs" / f"{link}-{stamp}.partial"
    try:
        work.mkdir()
        return _produce(params, catalogue, units, validation, period, unit_codes, out, work, scratch, started,
                        executor)  # fmt: skip
    except BaseException:
        _remove(work)  # a failed or interrupted run takes its partial folder with it
        raise


def _data_name(path: Path, folders: list[Path]) -> str:
    """An input file named from the data folder it was read from (the manifest records no machine's paths)."""
    for folder in folders:
        folder = folder.resolve()
        if path.resolve() == folder:
            return path.name
        if folder.is_dir() and path.resolve().is_relative_to(folder):
            return f"{folder.name}/{path.resolve().relative_to(folder).as_posix()}"
    return path.name


def _portable(path: str, out: Path) -> str:
    """A path parameter as the manifest records it: from the project root, or from the output folder, or by name."""
    resolved = resolve(path).resolve()
    for base, prefix in ((PROJECT_ROOT, ""), (out.resolve(), "<out>/")):
        if resolved == base or resolved.is_relative_to(base):
            return prefix + (resolved.relative_to(base).as_posix() or ".")
    return resolved.name


def _portable_parameters(params: RunParameters, out: Path) -> dict:
    """The run's parameters with every path written without the machine's folders (the output folder is "<out>")."""
    document = params.model_dump(mode="json")
    document["data"] = [_portable(p, out) for p in params.data]
    document["out"] = "<out>"
    document["notebook_dir"] = _portable(params.notebook_dir, out)
    if params.catalogue:
        document["catalogue"] = _portable(params.catalogue, out)
    return document


def _combined_word(params, results, work, unit_codes, catalogue, units, period) -> tuple[dict, dict]:
    """The combined briefings' Word copies (with --formats docx); a pandoc failure is logged and recorded."""
    made, errors = {}, {}
    if "docx" not in params.formats:
        return made, errors
    for unit in unit_codes:
        for lang in params.langs:
            try:
                path = combined_docx(results, work, unit, lang, catalogue, units, period)
            except WordError as error:
                log.warning("briefing_%s_%s.docx: %s", unit, lang, error)
                errors[f"{unit}_{lang}"] = f"{type(error).__name__}: {error}"
                continue
            if path:
                made[(unit, lang)] = path
    return made, errors


def _goals(task: Task, catalogue: Catalogue) -> int:
    """How many goals a brief covers (every goal for the overview): the longest briefs go to the workers first.

    Workers take tasks in order; when the longest come last, one worker ends the run alone on one of them
    (the procedures brief, 14 goals, takes nine times the civil service's 2).
    """
    return len(catalogue.in_area(task.area)) if task.area else len(catalogue.indicators)


def _produce(params, catalogue, units, validation, period, unit_codes, out, work, scratch, started,
             executor: Executor) -> RunReport:  # fmt: skip
    preload = scratch / "validation.pickle"
    save_validated(validation, params.data_paths, params.catalogue, preload)
    briefs = plan_briefs(catalogue, resolve(params.notebook_dir), _notebooks(params))
    issued = params.issued or date.today()  # the date of issue; it changes no number
    tasks = [
        Task(
            notebook=brief.name,
            notebook_file=brief.file,
            area=brief.area,
            unit=unit,
            lang=lang,
            period=period.code,
            data=tuple(map(str, params.data_paths)),
            work_dir=str(work),
            notebook_dir=str(resolve(params.notebook_dir)),
            formats=tuple(params.formats),
            catalogue=params.catalogue,
            execution_timeout=params.execution_timeout,
            task_timeout=params.task_timeout,
            start_timeout=params.start_timeout,
            runtime_dir=str(scratch / "kernels"),
            preload=str(preload),
            issued=issued.isoformat(),
        )
        for unit in unit_codes
        for lang in params.langs
        for brief in briefs
    ]
    tasks.sort(key=lambda task: _goals(task, catalogue), reverse=True)
    interactive = sys.stderr.isatty() and not params.quiet
    bar = tqdm(total=len(tasks), desc=f"partrack {period.code}", unit="brief", disable=not interactive)
    results: list[TaskResult] = []
    # closing(): an interrupt between two results stops the workers now, before the partial folder goes
    with closing(executor.run(tasks)) as done:
        for result in done:
            results.append(result)
            bar.update(1)
            if not interactive and not params.quiet:
                log.info("%s %s in %.1f s%s", result.name, result.status, result.duration,
                         f": {result.error}" if result.error else "")  # fmt: skip
    bar.close()
    results.sort(key=lambda r: (r.unit, r.lang, r.notebook))

    clock = time.perf_counter()
    combined_units = [] if params.final else unit_codes  # the final assessment is one document already
    pairs = [(unit, lang) for unit in combined_units for lang in params.langs] if "pdf" in params.formats else []
    jobs = [(results, work, unit, lang, catalogue, units, period) for unit, lang in pairs]
    paths = executor.map(combined_pdf, jobs)  # one combined PDF per unit and language, on the warm workers
    combined = {pair: path for pair, path in zip(pairs, paths, strict=True) if path}
    stages = {"combined_pdf": round(time.perf_counter() - clock, 3)}  # seconds (wall), after the briefs
    combined_word, word_errors = _combined_word(params, results, work, combined_units, catalogue, units, period)
    index_page(results, combined, work, catalogue, units, period, validation.illustrative, combined_word)
    inputs = [p for p in expand_paths(params.data_paths) if p.is_file()]  # exactly the files validation read
    manifest = {
        "parameters": _portable_parameters(params, out),
        "period": period.code,
        "issued": issued.isoformat(),
        "units": unit_codes,
        "inputs": [{"path": _data_name(p, params.data_paths), "sha256": sha256(p)} for p in inputs],
        "catalogue_sha256": catalogue_hash(params.catalogue),
        "data_errors": len(validation.errors),
        "data_warnings": len(validation.warnings),
        "versions": versions(),
        "git_commit": git_commit(),
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "notebooks": [r.as_dict() for r in results],
        "combined": {f"{u}_{lang}": p for (u, lang), p in combined.items()},
        "stages": stages,
        "combined_docx": {f"{u}_{lang}": p for (u, lang), p in combined_word.items()} | word_errors,
    }
    write_manifest(work, manifest)
    if not any(r.status == "succeeded" for r in results):
        kept = out / ".runs" / f"{work.name.removesuffix('.partial')}.failed.json"
        write_manifest(kept.parent, manifest, kept.name)
        reasons = "; ".join(sorted({f"{r.name}: {r.error}" for r in results})[:3])
        raise NothingProduced(
            f"không báo cáo nào lập được / every brief failed ({reasons}); the last briefs are kept; details: {kept}"
        )
    target = _swap_in(work, out, output_name(period, params.final))
    return RunReport(period, target, results, len(validation.errors))
