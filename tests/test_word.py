"""Word copies (``--formats docx``): a real run, real pandoc and rsvg-convert, the .docx read back with python-docx.

What Word will show is read from the package itself (LibreOffice is not installed): the page set-up of the section,
the styles of the paragraphs and tables, the images and their parts, the text.
"""

import html as html_lib
import importlib.util
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

import nbformat
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import REPO
from partrack.paths import NOTEBOOKS as NOTEBOOK_DIR
from partrack.publish import word as word_module
from partrack.publish.assemble import index_page
from partrack.publish.parameters import RunParameterError, load_parameters
from partrack.publish.runner import run
from partrack.publish.tasks import TaskResult
from partrack.publish.word import BRIEF, COMBINED, REFERENCE, WordError, html_to_docx, printable
from partrack.words.vocabulary import word

NOTEBOOKS = "00_overview,01_institutions"
NAMES = ["00_overview_36_vi", "01_institutions_36_vi"]
MM = 36000  # EMU per millimetre


@pytest.fixture(scope="module")
def word_run(tmp_path_factory):
    """One small real run: the overview and one area for the province, in Vietnamese, HTML + PDF + Word."""
    out = tmp_path_factory.mktemp("word")
    report = run(load_parameters({"out": str(out), "units": "36", "langs": "vi", "notebooks": NOTEBOOKS,
                                  "formats": "html,pdf,docx", "quiet": True}))  # fmt: skip
    assert report.exit_code == 0, [r.error for r in report.failed]
    return report


def _text(document) -> str:
    """Every paragraph of the body and of its tables, spaces (non-breaking too) as one space."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", " ", " ".join(parts).replace("\u00a0", " "))


def _xml(path, part="word/document.xml") -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(part).decode("utf-8")


def _page_margins_of_the_pdf() -> list[float]:
    """The @page margins of print.css in millimetres (top, right, bottom, left)."""
    css = (REPO / "lib/partrack/publish/templates/print.css").read_text(encoding="utf-8")
    found = re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css)
    return [float(v) for v in found.groups()]


def test_every_brief_and_the_briefing_get_a_word_copy_linked_from_the_index(word_run):
    output = word_run.output
    for name in NAMES:
        assert (output / "docx" / f"{name}.docx").is_file()
    assert (output / "docx" / "briefing_36_vi.docx").is_file()
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert {n["name"]: n["outputs"]["docx"] for n in manifest["notebooks"]} == {n: f"docx/{n}.docx" for n in NAMES}
    assert all(n["stages"]["docx"] > 0 for n in manifest["notebooks"])  # the time it took, for the benchmarks
    assert manifest["combined_docx"] == {"36_vi": "docx/briefing_36_vi.docx"}
    index = (output / "index.html").read_text(encoding="utf-8")
    assert f"<th>{word('word.link', 'vi')}</th>" in index
    for name in NAMES:
        assert f'href="docx/{name}.docx"' in index
    assert f'<a href="docx/briefing_36_vi.docx">{word("word.combined", "vi")}</a>' in index


@pytest.mark.parametrize("name", [*NAMES, "briefing_36_vi"])
def test_the_page_is_a4_with_the_margins_of_the_pdf(word_run, name):
    document = Document(word_run.output / "docx" / f"{name}.docx")
    assert len(document.sections) == 1
    section = document.sections[0]
    assert abs(section.page_width - 210 * MM) < 0.1 * MM and abs(section.page_height - 297 * MM) < 0.1 * MM
    top, right, bottom, left = _page_margins_of_the_pdf()
    for found, wanted in ((section.top_margin, top), (section.right_margin, right), (section.bottom_margin, bottom),
                          (section.left_margin, left)):  # fmt: skip
        assert abs(found - wanted * MM) < 0.1 * MM, (found / MM, wanted)
    assert section.different_first_page_header_footer  # the page number from page 2, as on paper
    assert 'w:instr="PAGE"' in _xml(word_run.output / "docx" / f"{name}.docx", "word/header1.xml")


def test_the_body_is_times_new_roman_13_pt(word_run):
    path = word_run.output / "docx" / "00_overview_36_vi.docx"
    document = Document(path)
    for name in ("Normal", "Body Text", "First Paragraph", "Heading 1", "Heading 2"):
        assert document.styles[name].font.name == "Times New Roman", name
    assert document.styles["Body Text"].font.size == Pt(13)
    assert 13 <= document.styles["Heading 1"].font.size.pt <= 14
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert not any(name.endswith("Theme") for name in fonts.attrib)  # no theme font (Calibri/Aptos) underneath
    assert "w:rFonts" not in _xml(path)  # no paragraph of the brief sets another font
    body = [p for p in document.paragraphs if p.text.strip() and p.style.name in ("Body Text", "First Paragraph")]
    assert len(body) >= 5


def test_the_title_and_every_narrative_paragraph_are_there(word_run):
    for name in NAMES:
        html = (word_run.output / "html" / f"{name}.html").read_text(encoding="utf-8")
        document = Document(word_run.output / "docx" / f"{name}.docx")
        text = _text(document)
        title = next(p for p in document.paragraphs if p.style.name == "Heading 1")
        assert "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH" in title.text
        paragraphs = [re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", p))).replace("\u00a0", " ").strip()
                      for p in re.findall(r"<p>(.*?)</p>", html, re.DOTALL)]  # fmt: skip
        narrative = [p for p in paragraphs if len(p) > 80]
        assert narrative, name
        missing = [p for p in narrative if p not in text]
        assert not missing, missing[:2]


def test_tables_are_word_tables_with_a_grid_and_the_letterhead_has_none(word_run):
    path = word_run.output / "docx" / "00_overview_36_vi.docx"
    document = Document(path)
    letterhead, *tables = document.tables
    assert letterhead.style.name == "Letterhead Table" and len(letterhead.columns) == 2
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead.cell(0, 1).text
    styles = {p.style.name for row in letterhead.rows for cell in row.cells for p in cell.paragraphs if p.text}
    assert styles == {"Letterhead", "Letterhead Date"}  # centred; the place and date in italics
    borders = letterhead.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    assert tables and all(t.style.name == "Table" for t in tables)
    grid = document.styles["Table"].element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {edge.tag.split("}")[1] for edge in grid} >= {"top", "bottom", "left", "right", "insideH", "insideV"}
    assert {edge.get(qn("w:val")) for edge in grid} == {"single"}
    goals = max(tables, key=lambda t: len(t.rows))
    assert len(goals.rows) > 30 and len(goals.columns) >= 5
    widths = [int(c.get(qn("w:w"))) for c in goals._tbl.find(qn("w:tblGrid"))]
    assert max(widths) == widths[1]  # the goal's name gets the widest column, not an equal share


def test_charts_are_svg_with_a_png_for_older_word(word_run):
    for name in NAMES:
        path = word_run.output / "docx" / f"{name}.docx"
        charts = (word_run.output / "html" / f"{name}.html").read_text(encoding="utf-8").count("data:image/svg+xml")
        document = _xml(path)
        blips = re.findall(r"<a:blip r:embed=\"(rId\d+)\">.*?<asvg:svgBlip [^>]*r:embed=\"(rId\d+)\"", document)
        assert charts >= 1 and len(blips) == charts == document.count("<w:drawing>")
        relations = dict(re.findall(r'Id="(rId\d+)" Target="([^"]+)"', _xml(path, "word/_rels/document.xml.rels")))
        with zipfile.ZipFile(path) as package:
            for png, svg in blips:
                assert relations[png].endswith(".png") and relations[svg].endswith(".svg")
                data = package.read(f"word/{relations[png]}")
                assert data[:8] == b"\x89PNG\r\n\x1a\n"
                assert int.from_bytes(data[16:20], "big") >= 1000  # pixels wide: sharp on paper
        assert re.findall(r'<wp:docPr descr="([^"]*)"', document)[0]  # the chart's alt text, for a screen reader


def test_headings_are_word_headings_for_the_navigation_pane(word_run):
    for name in NAMES:
        html = (word_run.output / "html" / f"{name}.html").read_text(encoding="utf-8")
        document = Document(word_run.output / "docx" / f"{name}.docx")
        headings = {p.text for p in document.paragraphs if p.style.name == "Heading 2"}
        wanted = {re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", h))).strip()
                  for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.DOTALL)}  # fmt: skip
        assert wanted and wanted <= headings
    for level in (1, 2, 3):
        outline = document.styles[f"Heading {level}"].element.pPr.find(qn("w:outlineLvl"))
        assert outline is not None and outline.get(qn("w:val")) == str(level - 1)


def test_the_vietnamese_copy_has_no_english_caption_nfc_text_and_no_machine_path(word_run, tmp_path):
    for path in (word_run.output / "docx").glob("*_vi.docx"):
        text = _text(Document(path))
        assert not re.search(r"\b(Figure|Table|Contents)\b", text), path.name
        assert unicodedata.is_normalized("NFC", text)
        assert re.search(r'<w:lang [^>]*w:val="vi"', _xml(path, "word/styles.xml"))  # Vietnamese spelling
        with zipfile.ZipFile(path) as package:
            for part in package.namelist():
                if part.endswith((".xml", ".rels")):
                    content = package.read(part).decode("utf-8")
                    for machine in (str(REPO), str(word_run.output.resolve().parent), "/tmp/", "file:"):
                        assert machine not in content, (path.name, part, machine)


def test_what_paper_never_shows_does_not_reach_word(word_run):
    # the analyst's notes are in the notebook as written (a run leaves its analyst-only cells out of execution)
    notebook = nbformat.read(NOTEBOOK_DIR / "00_overview.ipynb", as_version=4)
    analyst = []  # the opening words of each analyst's note (the sentence under its heading)
    for cell in notebook.cells:
        lines = [line for line in re.sub(r"[*`_#]", "", cell.source).splitlines() if line.strip()]
        if "analyst-only" in cell.metadata.get("tags", []) and cell.cell_type == "markdown" and len(lines) > 1:
            analyst.append(lines[1].strip()[:40])
    assert len(analyst) >= 3
    text = _text(Document(word_run.output / "docx" / "00_overview_36_vi.docx"))
    assert not [a for a in analyst if a in text]
    assert word("brief.back", "vi") not in text  # the link back to the index page (not printed)
    assert "index.html" not in _xml(word_run.output / "docx" / "00_overview_36_vi.docx", "word/_rels/document.xml.rels")


def test_printable_html_drops_hidden_parts_and_keeps_paragraph_classes():
    page = ('<nav class="back"><a href="../index.html">back</a></nav><p class="basis">kept</p><p hidden>gone 1</p>'
            '<div style="display: none"><p>gone 2</p></div><div class="analyst-only"><img src="x.svg"/>gone 3</div>'
            "<p>plain &amp; N\u0303</p><section class='annex'><h2 class='annex-title'>annex</h2></section>")  # fmt: skip
    brief, combined = printable(page, BRIEF), printable(page, COMBINED)
    assert '<div class="basis"><p>kept</p></div>' in brief and "<p>plain &amp; Ñ</p>" in brief
    assert not re.search(r"gone|back|x\.svg", brief)
    assert "annex-title" in brief and "annex-title" not in combined  # the combined briefing titles its annex itself


def test_the_combined_copy_has_one_cover_a_contents_and_each_part_on_a_new_page(word_run):
    path = word_run.output / "docx" / "briefing_36_vi.docx"
    document = Document(path)
    assert len(document.tables) >= 3 and document.tables[0].style.name == "Letterhead Table"
    assert sum(t.style.name == "Letterhead Table" for t in document.tables) == 1
    entries = [p.text for p in document.paragraphs if p.style.name == "Contents Entry"]
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 1"][2:]  # after the title and contents
    assert entries == parts and len(parts) == 3  # the overview, the area, the annex
    assert entries[-1] == word("contents.annex", "vi")
    assert sum(p.text == word("contents.annex", "vi") for p in document.paragraphs) == 2  # contents + its heading
    body = _xml(path)
    for part in ("part-00_overview", "part-01_institutions", "part-annex"):
        assert f'w:anchor="{part}"' in body  # the contents link to each part ...
        page_break = r'<w:br w:type="page"\s*/>\s*</w:r>\s*</w:p>(\s*<w:bookmarkEnd [^>]*/>)*\s*'
        assert re.search(page_break + f'<w:bookmarkStart [^>]*w:name="{part}"', body)  # ... which starts a page


def test_the_index_has_no_word_column_when_no_copy_was_made(word_run, tmp_path, catalogue, units):
    manifest = json.loads((word_run.output / "manifest.json").read_text(encoding="utf-8"))
    fields = set(TaskResult.__dataclass_fields__)
    results = [TaskResult(**{k: v for k, v in n.items() if k in fields}) for n in manifest["notebooks"]]
    for result in results:
        result.outputs.pop("docx")
    index_page(results, {}, tmp_path, catalogue, units, word_run.period, True)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "docx" not in index and f"<th>{word('word.link', 'vi')}</th>" not in index


def test_formats_accept_docx_and_refuse_others():
    assert load_parameters({"formats": "html,pdf,docx"}).formats == ["html", "pdf", "docx"]
    assert load_parameters({}).formats == ["html", "pdf"]  # Word copies on request (see README for the cost)
    with pytest.raises(RunParameterError, match="formats"):
        load_parameters({"formats": "html,odt"})


def test_a_pandoc_failure_is_one_line(monkeypatch, tmp_path):
    page = "<html lang='vi'><body><p>Một đoạn.</p></body></html>"
    broken = tmp_path / "reference.docx"
    broken.write_bytes(b"not a zip")
    monkeypatch.setattr(word_module, "REFERENCE", broken)
    with pytest.raises(WordError) as failure:
        html_to_docx(page)
    message = str(failure.value)
    assert "\n" not in message and "pandoc" in message
    assert word("word.failed", "vi") in message and word("word.failed", "en") in message
    monkeypatch.setattr(word_module, "REFERENCE", REFERENCE)
    monkeypatch.setattr(word_module.shutil, "which", lambda name: None)
    chart = '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=" alt="x"/>'
    with pytest.raises(WordError, match="librsvg2-bin"):
        html_to_docx(f"<html lang='vi'><body>{chart}</body></html>")


def test_a_run_whose_pandoc_fails_fails_that_brief_in_one_line_without_a_traceback(tmp_path):
    fake = tmp_path / "pandoc"  # answers --version like pandoc, fails every conversion
    fake.write_text('#!/bin/sh\n[ "$1" = "--version" ] && { echo "pandoc 99.0"; exit 0; }\n'
                    'echo "pandoc: simulated failure" >&2\nexit 64\n')  # fmt: skip
    fake.chmod(0o755)
    env = {**os.environ, "PYPANDOC_PANDOC": str(fake)}  # pypandoc then uses this pandoc only
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "partrack.cli", "run", "--units", "36", "--lang", "vi", "--notebooks",
                           "04_civil_service", "--formats", "html,docx", "--out", str(out), "--quiet"],
                          capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    (kept,) = (out / ".runs").glob("*.failed.json")  # its only brief failed: the run kept its manifest aside
    manifest = json.loads(kept.read_text(encoding="utf-8"))
    (brief,) = manifest["notebooks"]
    assert brief["status"] == "failed" and brief["outputs"].keys() == {"html"}
    assert brief["error"].startswith("WordError: ") and "simulated failure" in brief["error"]
    assert "\n" not in brief["error"] and "\n" not in done.stderr.strip()


def test_the_reference_document_is_what_its_script_writes():
    spec = importlib.util.spec_from_file_location("make_reference_docx", REPO / "scripts/make_reference_docx.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.build(script.pandoc_default()) == REFERENCE.read_bytes(), "run: python scripts/make_reference_docx.py"
