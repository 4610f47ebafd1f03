"""One task: execute one notebook for one unit and language, then export its HTML and PDF brief.

Runs in a worker process (local pool or Dask worker); each worker builds its own exporters and keeps
its own warm kernel. A failure is a result, not an exception: the partial notebook and the error
message are kept for the manifest, and the other tasks go on.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from partrack.headline import read_headline
from partrack.paths import PROJECT_ROOT
from partrack.publish.engine import ENGINE_NAME, WarmKernelEngine
from partrack.publish.exporters import ANALYST_ONLY, INDEX_LINK, PartrackHTMLExporter, html_to_pdf
from partrack.publish.memory import give_back_free_memory, peak_mb, reset_peak
from partrack.publish.word import html_to_docx


@dataclass(frozen=True)
class Task:
    """What to run and where to put it (paths as text so that tasks pickle to any worker)."""

    notebook: str
    unit: str
    lang: str
    period: str
    data: tuple[str, ...]
    work_dir: str
    notebook_dir: str
    formats: tuple[str, ...] = ("html", "pdf")
    catalogue: str | None = None
    execution_timeout: int = 600
    task_timeout: int = 1800
    start_timeout: int = 120
    area: str | None = None  # the reform area of an area brief (a notebook parameter)
    notebook_file: str | None = None  # the notebook to run when it is not <notebook>.ipynb (the generic area one)
    runtime_dir: str | None = None  # where kernel connection files go (removed with the run)
    preload: str | None = None  # the run's validated data, so that kernels do not validate again
    issued: str | None = None  # the date of issue (ISO), stated by every brief; the run's date unless given

    @property
    def name(self) -> str:
        """File stem of the task's outputs: notebook_unit_lang."""
        return f"{self.notebook}_{self.unit}_{self.lang}"


@dataclass
class TaskResult:
    """What happened, for the manifest and the index."""

    name: str
    notebook: str
    unit: str
    lang: str
    status: str
    duration: float
    error: str | None = None
    notebook_path: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    headline: dict | None = None
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: execute, html, pdf
    started: str | None = None  # when the worker began it (UTC, ISO): the order in which a worker ran its briefs
    worker: int | None = None  # the process that ran it, and the peak resident memory (MB) of that worker and of
    peak_rss_mb: float | None = None  # its warm kernel while running this brief (a leak: the same brief needing
    kernel_peak_rss_mb: float | None = None  # more for a later unit; see partrack.publish.memory)

    def as_dict(self) -> dict:
        """JSON-ready form for the manifest."""
        return asdict(self)


@cache
def _html_exporter() -> PartrackHTMLExporter:
    """One exporter per worker process (templates are loaded once)."""
    return PartrackHTMLExporter()


def portable(path: str | None) -> str | None:
    """A path as a notebook parameter, relative to the project root (notebooks resolve from there).

    So no executed notebook records where the data or the run lives on this machine.
    """
    if path is None:
        return None
    try:
        return Path(os.path.relpath(Path(path).resolve(), PROJECT_ROOT)).as_posix()
    except ValueError:  # another drive: only an absolute path reaches it
        return path


@cache
def _brief_cells(path: str, modified: int) -> nbformat.NotebookNode:
    """The notebook as a brief needs it: without its analyst-only cells, read once per worker (and per change).

    Those cells (notes, tables to sort, worked examples) never reach a brief; running them cost about a
    fifth of a brief's execution. The executed notebook of a run is the record of what the brief ran.
    """
    notebook = nbformat.read(path, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if ANALYST_ONLY not in cell.metadata.get("tags", [])]
    return notebook


def _named_without_machine_paths(task: Task, executed: Path) -> dict[str, str]:
    """The input and output notebooks as papermill's record names them: from the notebook and run folders."""
    return {"input_path": task.notebook_file or f"{task.notebook}.ipynb",
            "output_path": executed.relative_to(Path(task.work_dir)).as_posix()}  # fmt: skip


def run_task(task: Task) -> TaskResult:
    """Execute and export one brief; never raises for a notebook's own failure."""
    started = time.perf_counter()
    work = Path(task.work_dir)
    executed = work / "notebooks" / f"{task.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    parameters = {"period": task.period, "data": [portable(p) for p in task.data],
                  "catalogue": portable(task.catalogue), "unit": task.unit, "lang": task.lang}  # fmt: skip
    if task.area is not None:
        parameters["area"] = task.area
    if task.issued is not None:
        parameters["issued"] = task.issued
    result = TaskResult(task.name, task.notebook, task.unit, task.lang, "succeeded", 0.0,
                        notebook_path=str(executed.relative_to(work)),
                        started=datetime.now(UTC).isoformat(timespec="milliseconds"))  # fmt: skip
    give_back_free_memory()  # what the last brief freed in C (PDF layout) goes back to the system
    for pid in (os.getpid(), WarmKernelEngine.kernel_pid("python3")):
        reset_peak(pid)  # this brief's own peak, not the largest brief's so far
    try:
        clock = time.perf_counter()
        source = Path(task.notebook_dir) / (task.notebook_file or f"{task.notebook}.ipynb")
        notebook = papermill.execute_notebook(
            _brief_cells(str(source), source.stat().st_mtime_ns),  # papermill reads a copy (it adds its own cells)
            str(executed),
            parameters=parameters,
            engine_name=ENGINE_NAME,
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=task.execution_timeout,
            start_timeout=task.start_timeout,
            task_timeout=task.task_timeout,
            runtime_dir=task.runtime_dir,
            preload=task.preload,
            record=_named_without_machine_paths(task, executed),
        )
        result.stages["execute"], clock = _lap(clock)
        result.headline = read_headline(notebook)
        resources = {"metadata": {"name": task.name}, "partrack_index": INDEX_LINK}
        html, _ = _html_exporter().from_notebook_node(notebook, resources=resources)
        if "html" in task.formats:
            path = work / "html" / f"{task.name}.html"
            path.parent.mkdir(exist_ok=True)
            path.write_text(html, encoding="utf-8")
            result.outputs["html"] = str(path.relative_to(work))
        result.stages["html"], clock = _lap(clock)
        if "pdf" in task.formats:
            path = work / "pdf" / f"{task.name}.pdf"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(html_to_pdf(html))
            result.outputs["pdf"] = str(path.relative_to(work))
            result.stages["pdf"], clock = _lap(clock)
        if "docx" in task.formats:  # the Word copy, from the same HTML (a pandoc failure fails the brief)
            path = work / "docx" / f"{task.name}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(html_to_docx(html))
            result.outputs["docx"] = str(path.relative_to(work))
            result.stages["docx"], clock = _lap(clock)
    except PapermillExecutionError as error:
        result.status, result.error = "failed", f"{error.ename}: {error.evalue} (cell {error.exec_count})"
    except CellTimeoutError:
        elapsed = time.perf_counter() - started
        limit = (f"task_timeout = {task.task_timeout} s" if elapsed >= task.task_timeout - 1
                 else f"execution_timeout = {task.execution_timeout} s")  # fmt: skip
        result.status, result.error = "timeout", f"quá thời gian / timed out ({limit}); the kernel was stopped"
    except DeadKernelError:
        result.status, result.error = "failed", "kernel đã dừng đột ngột / the kernel died (crash or killed)"
    except Exception as error:  # a kernel that did not start, an export failure, a full disk: recorded, never fatal
        result.status, result.error = "failed", f"{type(error).__name__}: {error}"
    result.duration = round(time.perf_counter() - started, 3)
    result.worker, result.peak_rss_mb = os.getpid(), peak_mb(os.getpid())
    result.kernel_peak_rss_mb = WarmKernelEngine.peak_rss_mb("python3")
    return result


def _lap(since: float) -> tuple[float, float]:
    """Seconds since ``since`` (rounded for the manifest), and the time now to measure the next stage from."""
    now = time.perf_counter()
    return round(now - since, 3), now
