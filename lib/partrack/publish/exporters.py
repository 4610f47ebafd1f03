"""nbconvert exporters for briefs: self-contained HTML without code, and an A4 PDF through WeasyPrint.

Both are registered as nbconvert entry points, so ``jupyter nbconvert --to partrack_pdf file.ipynb``
works as well as ``partrack run``. The PDF is WeasyPrint's rendering of the same HTML with a print
stylesheet (Nghị định 30/2020 page setup: A4, its margins, Times New Roman or Liberation Serif at 13 pt, the
page number at the top from page 2, the advisory note at the foot of every page); its serif font falls back
to Noto Serif shipped by a pip package, so Vietnamese never depends on the fonts a machine happens to have.

The page takes its language (``<html lang>``) and its title from the brief's own header, which the brief
writes in its language; a brief made by a run links back to the run's index page.
"""

from __future__ import annotations

import atexit
import copy
import html
import importlib.resources
import re
from functools import cache
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from traitlets import default

from partrack.words.vocabulary import LANGS, word

TEMPLATES = Path(__file__).resolve().parent / "templates"
ANALYST_ONLY = "analyst-only"  # cells for analysts in JupyterLab (brief/guide.py): never part of a brief
REMOVED_TAGS = {ANALYST_ONLY, "headline", "parameters", "injected-parameters"}
HEADER = re.compile(r'<header class="brief-header" lang="(?P<lang>[a-z]{2})" data-title="(?P<title>[^"]*)"')
INDEX_LINK = "../index.html"  # from a run's html/ folder to its index page


def brief_css() -> str:
    """The brief's stylesheet (screen and paper)."""
    return (TEMPLATES / "brief.css").read_text(encoding="utf-8")


def fallback_font() -> Path:
    """Noto Serif from the fontpkg-noto-serif package (full Vietnamese coverage)."""
    files = importlib.resources.files("fontpkg_noto_serif") / "files"
    return next(Path(str(p)) for p in files.iterdir() if p.name.startswith("NotoSerif[") and p.name.endswith(".ttf"))


def print_css() -> str:
    """The print stylesheet, with the fallback serif font declared from its local file."""
    face = f'@font-face {{ font-family: "Noto Serif"; src: url("{fallback_font().as_uri()}"); }}\n'
    return face + (TEMPLATES / "print.css").read_text(encoding="utf-8")


def html_outputs(notebook) -> list[str]:
    """The HTML a notebook's cells displayed, in order, without the cells a brief never shows."""
    found = []
    for cell in notebook.cells:
        if cell.get("cell_type") != "code" or REMOVED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html")
            if text:
                found.append(text if isinstance(text, str) else "".join(text))
    return found


def document_facts(notebook) -> tuple[str | None, str | None]:
    """The brief's language and readable title, as its header states them (None when it has no header)."""
    for fragment in html_outputs(notebook):
        found = HEADER.search(fragment)
        if found:
            return found["lang"], html.unescape(found["title"])
    return None, None


class PartrackHTMLExporter(HTMLExporter):
    """HTML brief: outputs only (no code, no prompts), images embedded, nothing fetched from the network."""

    export_from_notebook = "partrack brief (HTML)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "partrack"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
        for preprocessor in self._preprocessors:
            if type(preprocessor).__name__ == "TagRemovePreprocessor":
                preprocessor.remove_cell_tags = REMOVED_TAGS

    def from_notebook_node(self, nb, resources=None, **kw):
        """Export with the brief's stylesheet, language, title and (in a run) the link back to the index.

        ``resources["partrack_index"]``, set by a run, is the relative address of the run's index page.
        """
        lang, title = document_facts(nb)
        if title:
            nb = copy.deepcopy(nb)
            nb.metadata["title"] = title
        self.language_code = lang if lang in LANGS else type(self).language_code.default_value
        resources = self._init_resources(resources)
        resources["partrack_css"] = brief_css()
        index = resources.get("partrack_index")
        resources["partrack_back"] = {"href": index, "text": word("brief.back", lang or LANGS[0])} if index else None
        return super().from_notebook_node(nb, resources, **kw)


class PartrackPDFExporter(PartrackHTMLExporter):
    """A4 PDF brief: the HTML brief laid out by WeasyPrint with the print stylesheet."""

    export_from_notebook = "partrack brief (PDF)"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_file")
    def _template_file_default(self) -> str:
        return "index.html.j2"

    def from_notebook_node(self, nb, resources=None, **kw):
        """Export to HTML, then lay it out as PDF."""
        html_text, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return html_to_pdf(html_text), resources


def html_to_pdf(document: str) -> bytes:
    """Lay out brief HTML on A4 pages, with the fonts and print stylesheet this process has already set up."""
    from weasyprint import HTML

    fonts, stylesheet = _print_setup()
    return HTML(string=document, base_url=str(TEMPLATES)).write_pdf(stylesheets=[stylesheet], font_config=fonts)


@cache
def _print_setup():
    """WeasyPrint's font configuration and the parsed print stylesheet, made once per process for every document.

    A new configuration per document meant reading the fallback serif (a 2 MB variable font) and parsing the
    stylesheet again for each brief. JupyterLab's CSS uses rules WeasyPrint skips: not worth a warning.
    """
    import logging

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fonts = FontConfiguration()
    # released before the interpreter tears modules down: its __del__ calls into them ("Exception ignored" at exit)
    atexit.register(_print_setup.cache_clear)
    return fonts, CSS(string=print_css(), base_url=str(TEMPLATES), font_config=fonts)
