"""After the tasks: the combined briefing PDF (and its Word copy) per unit and language, the index page, the manifest.

The combined briefing is laid out from the executed notebooks' own HTML in one WeasyPrint pass, so its pages are
numbered straight through and its contents page gives the printed numbers.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import subprocess
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape

from partrack.catalogue import Catalogue
from partrack.narrative.style import as_of
from partrack.paths import PROJECT_ROOT
from partrack.periods import Period
from partrack.progress.close import plan_close
from partrack.publish.exporters import HEADER, TEMPLATES, brief_css, html_outputs, html_to_pdf
from partrack.publish.tasks import TaskResult
from partrack.publish.word import COMBINED, html_to_docx
from partrack.units import UnitRegistry
from partrack.words.labels import status_label
from partrack.words.numbers import short_date
from partrack.words.vocabulary import LANGS, word

PACKAGES = ("partrack", "pandas", "numpy", "pydantic", "papermill", "nbconvert", "matplotlib", "weasyprint",
            "jinja2", "babel", "openpyxl", "pandera", "pypandoc-binary")  # fmt: skip
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def _titles(catalogue: Catalogue, lang: str) -> dict[str, str]:
    titles = {"00_overview": word("contents.overview", lang), FINAL: word("final.index_title", lang)}
    for index, area in enumerate(catalogue.areas, start=1):
        titles[f"{index:02d}_{area.code}"] = f"{area.number}. {area.name(lang)}"
    return titles


ANNEX = re.compile(r'<section class="annex[ "].*?</section><!--/annex-->', re.DOTALL)
OVERVIEW = "00_overview"
FINAL = "final"  # the plan's final assessment (partrack run --final)


def _split(fragment: str) -> tuple[str, list[str]]:
    """A section's HTML without its annex parts, and the annex parts (``<section class="annex">``)."""
    return ANNEX.sub("", fragment).strip(), ANNEX.findall(fragment)


def combined_html(parts: list[tuple[str, str, list[str]]], lang: str, title: str) -> str:
    """The combined briefing's HTML from each part's (notebook, title, section fragments), in order.

    One cover: the first part's header (the overview's letterhead, title and date of issue) with the contents
    under it; every other header is left out. Each part starts a page under its title; the annexes go to the end,
    as one part: the overview's (which covers every goal) when there is one, else each part's in turn.
    """
    cover, body, annexes, overview_annex = None, [], [], None
    for notebook, name, fragments in parts:
        kept, annex = [], []
        for fragment in fragments:
            if HEADER.search(fragment):
                cover = cover or fragment
                continue
            text, found = _split(fragment)
            annex += found
            if text:
                kept.append(text)
        body.append((f"part-{notebook}", name, kept))
        if notebook == OVERVIEW:
            overview_annex = annex
        annexes += annex
    annex = overview_annex if overview_annex is not None else annexes
    if annex:
        body.append(("part-annex", word("contents.annex", lang), annex))
    return _environment.get_template("combined.html.j2").render(
        css=brief_css(), lang=lang, title=title, cover=cover or "", contents_title=word("contents.title", lang),
        entries=[(id_, name) for id_, name, _ in body], parts=body,
    )  # fmt: skip


def _combined(
    results: list[TaskResult], work: Path, unit: str, lang: str, catalogue: Catalogue, units: UnitRegistry,
    period: Period, fmt: str,
) -> str | None:  # fmt: skip
    """The combined briefing's HTML from the briefs of a unit and language that produced ``fmt``; None if none did."""
    done = [r for r in results if (r.unit, r.lang) == (unit, lang) and fmt in r.outputs and r.notebook_path]
    if not done:
        return None
    titles = _titles(catalogue, lang)
    parts = []
    for result in sorted(done, key=lambda r: r.notebook):
        notebook = nbformat.read(work / result.notebook_path, as_version=4)
        parts.append((result.notebook, titles.get(result.notebook, result.notebook), html_outputs(notebook)))
    # A unit that ended before the period (a district merged away) is titled with its own close.
    title = word("brief.document_title", lang, part=word("index.combined_title", lang), unit=units[unit].name(lang),
                 period=as_of(period, units[unit].valid_to, lang))  # fmt: skip
    return combined_html(parts, lang, title)


def combined_pdf(
    results: list[TaskResult],
    work: Path,
    unit: str,
    lang: str,
    catalogue: Catalogue,
    units: UnitRegistry,
    period: Period,
) -> str | None:
    """Overview then the areas in one PDF laid out once, the technical annex at the end.

    One cover and letterhead, a contents page whose numbers are the printed page numbers (numbered straight
    through), bookmarks.
    """
    document = _combined(results, work, unit, lang, catalogue, units, period, "pdf")
    if document is None:
        return None
    path = work / "pdf" / f"briefing_{unit}_{lang}.pdf"
    path.write_bytes(html_to_pdf(document))
    return str(path.relative_to(work))


def combined_docx(
    results: list[TaskResult], work: Path, unit: str, lang: str, catalogue: Catalogue, units: UnitRegistry,
    period: Period,
) -> str | None:  # fmt: skip
    """The same combined briefing as one Word document, from the same HTML: each part from a new page.

    Raises WordError (one line) when pandoc fails; the run records it and goes on.
    """
    document = _combined(results, work, unit, lang, catalogue, units, period, "docx")
    if document is None:
        return None
    path = work / "docx" / f"briefing_{unit}_{lang}.docx"
    path.write_bytes(html_to_docx(document, COMBINED))
    return str(path.relative_to(work))


def index_page(
    results: list[TaskResult], combined: dict[tuple[str, str], str], work: Path, catalogue: Catalogue,
    units: UnitRegistry, period: Period, illustrative: bool, combined_word: dict[tuple[str, str], str] | None = None,
) -> None:  # fmt: skip
    """index.html: every brief with its status summary, grouped by unit and language (in the order of LANGS).

    Every goal is counted, as in the briefs; every link is relative to the run's folder.
    """
    groups = []
    for unit, lang in sorted({(r.unit, r.lang) for r in results}, key=lambda k: (k[0], LANGS.index(k[1]))):
        titles = _titles(catalogue, lang)
        rows = []
        for result in sorted((r for r in results if (r.unit, r.lang) == (unit, lang)), key=lambda r: r.notebook):
            headline = result.headline or {}
            counts = ", ".join(f"{status_label(s, lang)}: {n}" for s, n in headline.get("status_counts", {}).items())
            total = headline.get("goals", sum(headline.get("status_counts", {}).values()))
            summary = (
                f"{word('index.total', lang, total=total, numeric=headline.get('numeric_goals', total))} — {counts}"
            )
            rows.append({"title": titles.get(result.notebook, result.notebook), "status": result.status,
                         "error": result.error, "summary": summary if counts else "", **result.outputs})  # fmt: skip
        words = {key: word(f"index.{key}", lang) for key in ("combined", "brief", "goals", "failed", "language")}
        words |= {"word": word("word.link", lang), "combined_word": word("word.combined", lang)}
        groups.append({"unit": units[unit].name(lang), "lang": lang, "language": words["language"], "words": words,
                       "rows": rows, "combined": combined.get((unit, lang)), "word": any("docx" in r for r in rows),
                       "combined_word": (combined_word or {}).get((unit, lang))})  # fmt: skip
    lang = groups[0]["lang"] if groups else LANGS[0]
    banner = word("brief.advisory", lang) + (f" · {word('brief.illustrative', lang)}" if illustrative else "")
    when, subheading = period.label(lang), word("index.title", lang, period=period.label(lang))
    if results and all(r.notebook == FINAL for r in results):  # a final run: the plan at its close, not a period
        when = subheading = word("final.index_heading", lang, date=short_date(plan_close(catalogue, units), lang))
    html = _environment.get_template("index.html.j2").render(
        css=brief_css(), lang=lang, title=f"{catalogue.plan.title(lang)} — {when}",
        heading=catalogue.plan.title(lang), subheading=subheading,
        banner=banner, groups=groups, footer=word("index.footer", lang),
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
