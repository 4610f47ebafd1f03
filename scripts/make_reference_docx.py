"""Write lib/partrack/publish/templates/reference.docx: the styles of the Word briefs (Nghị định 30/2020).

pandoc takes page size, margins, header and every style from a reference document. This one is pandoc's own
default (``pandoc --print-default-data-file reference.docx``) edited with python-docx, so that it carries every
style pandoc writes, set as the PDF is (lib/partrack/publish/templates/print.css and brief.css): A4, margins
20/15/20/30 mm (top/right/bottom/left), Times New Roman 13 pt (Liberation Serif, its metric twin, where it is
missing), black headings that Word's navigation pane lists, tables with a visible grid, a borderless letterhead
table, and the page number centred at the top from page 2. Its body is emptied: pandoc keeps only the styles,
the page set-up and the header.

The file is committed as package data (a run needs neither python-docx nor this script) and is rebuilt
byte for byte by running this script again (fixed zip dates): python scripts/make_reference_docx.py
tests/test_word.py checks that the committed file is what the script writes.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "lib" / "partrack" / "publish" / "templates" / "reference.docx"
FONT = "Times New Roman"
BODY_PT = 13
BLACK = RGBColor(0x11, 0x11, 0x11)
GRID = "999999"  # the tables' rules, as brief.css draws them
ZIP_DATE = (2021, 9, 29, 0, 0, 0)  # fixed, so that the file is the same on every rebuild

# style name → (size in points, bold, italic, alignment, space before, space after in points)
PARAGRAPH_STYLES = {
    "Letterhead": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Letterhead Date": (13, False, True, WD_ALIGN_PARAGRAPH.CENTER, 6, 0),
    "Banner": (11, False, False, WD_ALIGN_PARAGRAPH.CENTER, 4, 8),
    "Brief Subtitle": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 2, 2),
    "Basis": (12, False, True, WD_ALIGN_PARAGRAPH.CENTER, 2, 6),
    "Glossary": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 4, 4),
    "Legend": (11, False, False, WD_ALIGN_PARAGRAPH.CENTER, 4, 6),
    "Annex Intro": (12, False, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 6),
    "Contents Entry": (13, False, False, WD_ALIGN_PARAGRAPH.LEFT, 2, 2),
}
# heading level → (size in points, italic, alignment, space before, space after), as brief.css sets h1–h3
HEADINGS = {
    1: (14, False, WD_ALIGN_PARAGRAPH.CENTER, 10, 4),
    2: (13, False, WD_ALIGN_PARAGRAPH.LEFT, 12, 4),
    3: (13, True, WD_ALIGN_PARAGRAPH.LEFT, 9, 3),
}


def pandoc_default() -> bytes:
    """pandoc's own reference document, from the pandoc that pypandoc-binary ships."""
    return subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                          capture_output=True, check=True).stdout  # fmt: skip


def _explicit_fonts(element) -> None:
    """Every w:rFonts below ``element`` names Times New Roman itself (no theme font, which is Calibri/Aptos)."""
    for fonts in element.iter(qn("w:rFonts")):
        for name in list(fonts.attrib):
            if name.endswith("Theme") or name.endswith("theme"):
                del fonts.attrib[name]
        for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(script), FONT)


def _defaults(document) -> None:
    """Document defaults: Times New Roman 13 pt, Vietnamese spelling left to the ``lang`` pandoc writes."""
    styles = document.styles.element
    run = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _explicit_fonts(run)
    for tag in ("w:sz", "w:szCs"):
        run.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")  # each style says its own spacing; an empty table cell adds none
    _explicit_fonts(styles)
    for color in styles.iter(qn("w:color")):  # headings and links drawn in the theme's blue: black, as on paper
        for name in list(color.attrib):
            if name != qn("w:val"):
                del color.attrib[name]
        color.set(qn("w:val"), "111111")


def _paragraph(style, size: float, bold: bool, italic: bool, align, before: float, after: float) -> None:
    style.font.name, style.font.size, style.font.bold, style.font.italic = FONT, Pt(size), bold, italic
    style.font.color.rgb = BLACK
    fmt = style.paragraph_format
    fmt.alignment, fmt.space_before, fmt.space_after = align, Pt(before), Pt(after)


def _body(document) -> None:
    """Body text justified, 6 pt after, 1.15 lines (Nghị định 30: between single and 1.5); table cells 11 pt."""
    for name in ("Normal", "Body Text", "First Paragraph"):
        style = document.styles[name]
        style.font.name, style.font.size = FONT, Pt(BODY_PT)
    for name in ("Body Text", "First Paragraph"):
        fmt = document.styles[name].paragraph_format
        fmt.alignment, fmt.space_before, fmt.space_after, fmt.line_spacing = WD_ALIGN_PARAGRAPH.JUSTIFY, 0, Pt(6), 1.15
    compact = document.styles["Compact"]  # table cells and tight lists
    compact.font.size = Pt(11)
    fmt = compact.paragraph_format
    fmt.alignment, fmt.space_before, fmt.space_after, fmt.line_spacing = WD_ALIGN_PARAGRAPH.LEFT, Pt(1), Pt(1), 1.0
    for name in ("Figure", "Captioned Figure"):
        fmt = document.styles[name].paragraph_format
        fmt.alignment, fmt.keep_together = WD_ALIGN_PARAGRAPH.CENTER, True
    quote = document.styles["Block Text"]
    quote.font.size, quote.font.italic = Pt(11.5), True


def _headings(document) -> None:
    """Heading 1–3 as brief.css sets h1–h3 (bold, black, Times New Roman); their outline levels stay pandoc's."""
    for level in range(1, 10):
        size, italic, align, before, after = HEADINGS.get(level, HEADINGS[3])
        _paragraph(document.styles[f"Heading {level}"], size, True, italic, align, before, after)
        document.styles[f"Heading {level}"].paragraph_format.keep_with_next = True


def _borders(parent, tag: str, value: str, size: int = 4, color: str = GRID, inside: bool = True) -> None:
    borders = OxmlElement(tag)
    for side in ("top", "left", "bottom", "right") + (("insideH", "insideV") if inside else ()):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), value)
        if value != "nil":
            edge.set(qn("w:sz"), str(size))
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), color)
        borders.append(edge)
    parent.append(borders)


def _tables(document) -> None:
    """Every table pandoc writes ("Table"): a visible grid, a bold shaded header row; the letterhead's: no border."""
    table = document.styles["Table"].element
    properties = table.find(qn("w:tblPr"))
    _borders(properties, "w:tblBorders", "single")
    header = table.find(qn("w:tblStylePr"))
    for child in list(header):
        header.remove(child)
    run = OxmlElement("w:rPr")
    run.append(OxmlElement("w:b"))
    cell = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "EEEEEE")):
        shading.set(qn(name), value)
    cell.append(shading)
    header.append(run)
    header.append(cell)
    letterhead = document.styles.add_style("Letterhead Table", WD_STYLE_TYPE.TABLE)
    letterhead.element.set(qn("w:customStyle"), "1")
    properties = OxmlElement("w:tblPr")
    _borders(properties, "w:tblBorders", "nil")
    letterhead.element.append(properties)


def _page(document) -> None:
    """A4 with the PDF's margins; the page number centred at the top from page 2 (print.css @page)."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, number = OxmlElement("w:r"), OxmlElement("w:t")
    number.text = "2"  # what Word shows until it updates the field (it does when it lays the page out)
    run.append(number)
    field.append(run)
    paragraph._p.append(field)
    section.first_page_header.is_linked_to_previous = False  # an empty header on the first page


def _empty_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def build(default: bytes) -> bytes:
    """The reference document from pandoc's default one."""
    document = Document(io.BytesIO(default))
    _defaults(document)
    _body(document)
    _headings(document)
    for name, settings in PARAGRAPH_STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        _paragraph(style, *settings)
    banner = document.styles["Banner"].element.get_or_add_pPr()
    _borders(banner, "w:pBdr", "single", 6, "888888", inside=False)
    _tables(document)
    _page(document)
    _empty_body(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(package: bytes) -> bytes:
    """The same zip with fixed member dates, so that a rebuild gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            member = zipfile.ZipInfo(item.filename, ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(item.filename))
    return out.getvalue()


def main() -> int:
    OUT.write_bytes(build(pandoc_default()))
    print(f"{OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
