"""After the tasks: the combined briefing PDF per unit and language, the index page, the manifest."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import subprocess
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pypdf import PdfReader, PdfWriter

from partrack.catalogue import Catalogue
from partrack.paths import PROJECT_ROOT
from partrack.periods import Period
from partrack.publish.exporters import TEMPLATES, brief_css, html_to_pdf
from partrack.publish.tasks import TaskResult
from partrack.units import UnitRegistry
from partrack.words.labels import status_label
from partrack.words.vocabulary import LANGS, word

PACKAGES = ("partrack", "pandas", "numpy", "pydantic", "papermill", "nbconvert", "matplotlib", "weasyprint",
            "jinja2", "babel", "openpyxl", "pandera")  # fmt: skip
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def _titles(catalogue: Catalogue, lang: str) -> dict[str, str]:
    titles = {"00_overview": word("contents.overview", lang)}
    for index, area in enumerate(catalogue.areas, start=1):
        titles[f"{index:02d}_{area.code}"] = f"{area.number}. {area.name(lang)}"
    return titles


def combined_pdf(
    results: list[TaskResult],
    work: Path,
    unit: str,
    lang: str,
    catalogue: Catalogue,
    units: UnitRegistry,
    period: Period,
) -> str | None:
    """Overview then the seven areas in one PDF, with a contents page and bookmarks."""
    parts = sorted((r for r in results if (r.unit, r.lang) == (unit, lang) and "pdf" in r.outputs),
                   key=lambda r: r.notebook)  # fmt: skip
    if not parts:
        return None
    titles = _titles(catalogue, lang)
    readers = [PdfReader(work / r.outputs["pdf"]) for r in parts]
    starts, page = [], 2
    for reader in readers:
        starts.append(page)
        page += len(reader.pages)
    contents = _environment.get_template("contents.html.j2").render(
        css=brief_css(),
        title=word("contents.title", lang),
        heading=catalogue.plan.title(lang),
        subtitle=f"{units[unit].name(lang)} — {period.label(lang)}",
        entries=[(titles.get(r.notebook, r.notebook), start) for r, start in zip(parts, starts, strict=True)],
    )
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(html_to_pdf(contents))))
    for result, reader in zip(parts, readers, strict=True):
        writer.append(reader, outline_item=titles.get(result.notebook, result.notebook))
    path = work / "pdf" / f"briefing_{unit}_{lang}.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return str(path.relative_to(work))


def index_page(
    results: list[TaskResult], combined: dict[tuple[str, str], str], work: Path, catalogue: Catalogue,
    units: UnitRegistry, period: Period, illustrative: bool,
) -> None:  # fmt: skip
    """index.html: every brief with its status summary, grouped by unit and language (in the order of LANGS)."""
    groups = []
    for unit, lang in sorted({(r.unit, r.lang) for r in results}, key=lambda k: (k[0], LANGS.index(k[1]))):
        titles = _titles(catalogue, lang)
        rows = []
        for result in sorted((r for r in results if (r.unit, r.lang) == (unit, lang)), key=lambda r: r.notebook):
            counts = (result.headline or {}).get("status_counts", {})
            summary = ", ".join(f"{status_label(s, lang)}: {n}" for s, n in counts.items())
            rows.append({"title": titles.get(result.notebook, result.notebook), "status": result.status,
                         "error": result.error, "summary": summary, **result.outputs})  # fmt: skip
        groups.append({"unit": units[unit].name(lang), "lang": lang,
                       "rows": rows, "combined": combined.get((unit, lang))})  # fmt: skip
    html = _environment.get_template("index.html.j2").render(
        css=brief_css(), plan=catalogue.plan, period=period.label("vi"), period_en=period.label("en"),
        groups=groups, illustrative=illustrative,
    )  # fmt: skip
    (work / "index.html").write_text(html, encoding="utf-8")


def sha256(path: Path) -> str:
    """SHA-256 of a file, to say exactly which inputs produced a brief."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def git_commit() -> str | None:
    """The code's commit, when the project is a git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10, check=False)  # fmt: skip
    except OSError:
        return None
    return out.stdout.strip() or None


def versions() -> dict[str, str]:
    """Versions of the packages that shape the numbers and the documents."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def write_manifest(work: Path, document: dict, name: str = "manifest.json") -> None:
    """manifest.json: parameters, inputs, versions, timings and every notebook's outcome."""
    (work / name).write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
