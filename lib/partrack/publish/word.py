"""Word copies of the briefs: a brief's exported HTML (the one its PDF is laid out from) → .docx, through pandoc.

Officials edit and sign in Word. pandoc (shipped in the pypandoc-binary wheel) writes the document with the
reference document ``templates/reference.docx`` (scripts/make_reference_docx.py): A4, the PDF's margins, Times
New Roman 13 pt, Word headings, tables with a grid. Five steps:

1. The HTML loses what paper never shows (the link back to the index, anything ``hidden`` or ``display: none``,
   the layout's hidden classes); a paragraph with a class is wrapped in a ``div``, since pandoc keeps the classes
   of a div and drops those of a paragraph.
2. pandoc reads it into its JSON document tree.
3. The tree is rewritten here: classes become the reference document's paragraph styles (``custom-style``), the
   letterhead's cells are centred, a page break goes where the print stylesheet breaks, tables get column widths
   from their text, and every chart (a data-URI image) is written to a file of the scratch folder.
4. pandoc writes the .docx from there. For an SVG chart it embeds the SVG and a PNG of it made by rsvg-convert
   (librsvg): the form Word itself writes (an ``svgBlip`` with a PNG fallback), so Word 2016 and later show the
   vector chart and an editor that reads no SVG the PNG. The chart is drawn once, by matplotlib.
5. The letterhead table gets the borderless table style (pandoc gives every table the style "Table").

A pandoc failure is a ``WordError`` with a one-line message; the task records it like a PDF failure.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache
from html import escape
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from partrack.publish.exporters import TEMPLATES
from partrack.words.vocabulary import LANGS, word

REFERENCE = TEMPLATES / "reference.docx"
DPI = 200  # the PNG fallback of a chart: sharp on paper (a 16 cm chart is about 1,250 pixels wide)
TIMEOUT = 120  # seconds for one pandoc call
CHART_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# class in the HTML → paragraph style of the reference document (brief.css gives each its look on paper)
STYLES = {"banner": "Banner", "subtitle": "Brief Subtitle", "basis": "Basis", "glossary": "Glossary",
          "legend": "Legend", "annex-intro": "Annex Intro"}  # fmt: skip
STRONG = {"office", "nation-title", "motto"}  # the letterhead's bold lines
LETTERHEAD = "partrack_letterhead"  # the letterhead table's bookmark, found again in step 5
LINE = 90  # characters of table text (11 pt) on a line of the page (165 mm): for column widths
SHORT_LABEL = 12  # a cell text this short is kept on one line
PADDING = 2  # characters of a cell's inner margins
PAGE_BREAK = {"t": "RawBlock", "c": ["openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>']}
BLOCKS = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList", "BulletList",
          "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div"}  # fmt: skip
INLINES = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Quoted",
           "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link", "Image", "Note", "Span"}  # fmt: skip


class WordError(RuntimeError):
    """The Word copy could not be made (one line, in every language)."""


@dataclass(frozen=True)
class Layout:
    """What a document shows on paper: the classes that start a page and those never shown (as its CSS says)."""

    page_breaks: frozenset[str]
    hidden: frozenset[str]


# never shown: the link back to the index (print.css), notebook prompts and inputs (brief.css), analysts' cells
NEVER = frozenset({"back", "analyst-only", "jp-InputPrompt", "jp-OutputPrompt", "jp-InputArea", "jp-Cell-inputWrapper"})
# print.css: the annex starts a page
BRIEF = Layout(page_breaks=frozenset({"annex-start"}), hidden=NEVER)
# combined.html.j2: every part starts a page under its own title, which replaces the annex's
COMBINED = Layout(page_breaks=frozenset({"part-title"}), hidden=NEVER | {"annex-title"})


def _message(key: str, detail: str = "", **values: object) -> str:
    text = " / ".join(word(f"word.{key}", lang, **values) for lang in LANGS)
    return " ".join(f"{text}: {detail}".split()) if detail else text


class _Cleaner(HTMLParser):
    """Re-emits the HTML without the hidden elements, each classed ``<p>`` inside a ``<div>`` of its classes."""

    def __init__(self, hidden: frozenset[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.hidden = hidden
        self.out: list[str] = []
        self.skipping: list[str] = []  # the open elements of a subtree being left out
        self.paragraphs: list[bool] = []  # per open <p>: whether it was wrapped

    def _hidden(self, attrs: list[tuple[str, str | None]]) -> bool:
        found = dict(attrs)
        style = (found.get("style") or "").replace(" ", "").lower()
        return (
            "hidden" in found or "display:none" in style or bool(set((found.get("class") or "").split()) & self.hidden)
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or self._hidden(attrs):
            if tag not in VOID:
                self.skipping.append(tag)
            return
        classes = dict(attrs).get("class") if tag == "p" else None
        if tag == "p":
            self.paragraphs.append(bool(classes))
        self.out.append(f'<div class="{escape(classes)}"><p>' if classes else self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not (self.skipping or self._hidden(attrs)):
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
            return
        wrapped = tag == "p" and self.paragraphs and self.paragraphs.pop()
        self.out.append("</p></div>" if wrapped else f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def printable(html: str, layout: Layout = BRIEF) -> str:
    """Step 1: the HTML as it is printed (NFC), classed paragraphs wrapped in a div."""
    cleaner = _Cleaner(layout.hidden)
    cleaner.feed(unicodedata.normalize("NFC", html))
    cleaner.close()
    return "".join(cleaner.out)


def _classes(node: dict) -> list[str]:
    attr = node["c"][1] if node["t"] == "Header" else node["c"][0]
    return attr[1] if node["t"] in {"Header", "Div", "Table", "Figure", "Span", "CodeBlock"} else []


def _text(node: object) -> str:
    """The plain text of any part of the tree."""
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in {"Space", "SoftBreak", "LineBreak"}:
            return " "
        return _text(node.get("c"))
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    return ""


def _rows(table: dict) -> list[list]:
    """Every row of a table: head, each body's head and body rows, foot."""
    _, _, _, head, bodies, foot = table["c"]
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    return rows + list(foot[1])


def _styled(style: str, blocks: list) -> dict:
    """A div of paragraphs in one style (a table cell's Plain would take the cell style "Compact" instead)."""
    paragraphs = [{"t": "Para", "c": b["c"]} if b["t"] == "Plain" else b for b in blocks]
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], paragraphs]}


def _letterhead(table: dict) -> dict:
    """The letterhead: each cell centred (the date in italics), the table marked for its borderless style."""
    table["c"][0][1] = [c for c in table["c"][0][1] if c != "letterhead"]  # done: not rewritten again
    for row in _rows(table):
        for cell in row[1]:
            cell[4] = [_styled("Letterhead Date" if "place-date" in cell[0][1] else "Letterhead", cell[4])]
    return {"t": "Div", "c": [[LETTERHEAD, [], []], [table]]}


def _contents(table: dict) -> dict:
    """The combined briefing's contents as one linked line per part (Word numbers its own pages)."""
    return _styled("Contents Entry", [block for row in _rows(table) for block in row[1][0][4][:1]])


def _widths(table: dict) -> None:
    """Column widths as a browser lays out an automatic table, where the HTML gives none.

    Each column gets at least its narrowest width (its longest word, or a short label whole: "1.2, ý 10",
    "Không đạt") and shares the rest of the line in proportion to how much wider its longest text is.
    """
    specs = table["c"][2]
    if any(spec[1]["t"] != "ColWidthDefault" for spec in specs):
        return
    narrow, wide = [1] * len(specs), [1] * len(specs)
    for row in _rows(table):
        column = 0
        for cell in row[1]:
            if cell[3] == 1 and column < len(specs):  # a cell spanning columns says nothing of one column
                text = " ".join(_text(cell[4]).split())
                words = max((len(w) for w in text.split()), default=0)
                narrow[column] = max(narrow[column], len(text) if len(text) <= SHORT_LABEL else words)
                wide[column] = max(wide[column], len(text))
            column += cell[3]
    spare = LINE - sum(narrow)
    if sum(wide) <= LINE or spare <= 0:
        widths = wide if sum(wide) <= LINE else narrow
    else:
        stretch = sum(w - n for w, n in zip(wide, narrow, strict=True))
        widths = [n + (w - n) * spare / stretch for w, n in zip(wide, narrow, strict=True)]
    for spec, width in zip(specs, widths, strict=True):
        spec[1] = {"t": "ColWidth", "c": round((width + PADDING) / (sum(widths) + PADDING * len(widths)), 4)}


class _Rewriter:
    """Step 3: the document tree with the reference document's styles and the charts as files."""

    def __init__(self, layout: Layout, folder: Path, lang: str) -> None:
        self.layout, self.folder, self.lang = layout, folder, lang
        self.charts: list[str] = []

    def walk(self, node: object) -> object:
        if isinstance(node, list):
            kinds = {n.get("t") for n in node if isinstance(n, dict)} if node else set()
            if kinds and all(isinstance(n, dict) for n in node) and kinds <= BLOCKS:
                node = self.blocks(node)
            elif kinds and all(isinstance(n, dict) for n in node) and kinds <= INLINES:
                node = self.inlines(node)
            return [self.walk(n) for n in node]
        if isinstance(node, dict):
            return {key: self.walk(value) for key, value in node.items()}
        return node

    def blocks(self, blocks: list[dict]) -> list[dict]:
        out = []
        for block in blocks:
            classes = set(_classes(block))
            if classes & self.layout.page_breaks:
                out.append(PAGE_BREAK)
            if block["t"] == "Div":
                if block["c"][0][0] != LETTERHEAD:  # a cell's id would be a Word bookmark nobody links to
                    block["c"][0][0] = ""
                style = next((STYLES[c] for c in block["c"][0][1] if c in STYLES), None)
                if style:
                    block["c"][0][2].append(["custom-style", style])
            elif block["t"] == "Table" and "letterhead" in classes:
                block = _letterhead(block)
            elif block["t"] == "Table" and "toc" in classes:
                block = _contents(block)
            elif block["t"] == "Table":
                _widths(block)
            out.append(block)
        return out

    def inlines(self, inlines: list[dict]) -> list[dict]:
        out: list[dict] = []
        for inline in inlines:
            kind = inline["t"]
            classes = set(inline["c"][0][1]) if kind == "Span" else set()
            if kind == "Image":
                out += self.image(inline)
                continue
            if "nw" in classes:  # kept on one line, as white-space: nowrap keeps it
                inline["c"][1] = [{"t": "Str", "c": "\u00a0"} if i["t"] == "Space" else i for i in inline["c"][1]]
            if "status" in classes and out and out[-1]["t"] == "Span" and "status" in out[-1]["c"][0][1]:
                out.append({"t": "Str", "c": word("word.legend_separator", self.lang)})  # chips side by side
            out.append({"t": "Strong", "c": inline["c"][1]} if classes & STRONG else inline)
        return out

    def image(self, image: dict) -> list[dict]:
        """A data-URI chart becomes a file pandoc embeds; any other image its alt text (nothing is fetched)."""
        source = image["c"][2][0]
        found = re.match(r"data:(?P<type>[\w/+.-]+)(?:;[^,]*)?;base64,(?P<data>.*)", source, re.DOTALL)
        kind = CHART_TYPES.get(found["type"]) if found else None
        if kind is None:
            return image["c"][1]
        try:
            data = base64.b64decode(found["data"], validate=False)
        except (binascii.Error, ValueError):
            return image["c"][1]
        name = f"{len(self.charts) + 1:02d}.{kind}"  # Word records the name: no word of any language in it
        (self.folder / name).write_bytes(data)
        self.charts.append(name)
        image["c"][2][0] = name
        return [image]


@cache
def pandoc() -> str:
    """The pandoc that pypandoc-binary ships (or a newer one on the PATH, as pypandoc chooses)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(arguments: list[str], source: bytes, folder: Path) -> bytes:
    try:
        done = subprocess.run([pandoc(), *arguments], input=source, capture_output=True, cwd=folder,
                              timeout=TIMEOUT, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise WordError(_message("failed", _message("timeout", seconds=TIMEOUT))) from None
    except OSError as error:
        raise WordError(_message("failed", f"pandoc: {error.strerror or error}")) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        detail = next((line for line in lines if "WARNING" in line or "rror" in line), lines[0] if lines else "")
        raise WordError(_message("failed", f"pandoc ({done.returncode}): {detail}"))
    return done.stdout


def _borderless_letterhead(package: bytes) -> bytes:
    """Step 5: the table after the letterhead's bookmark takes the borderless "Letterhead Table" style."""
    source = zipfile.ZipFile(BytesIO(package))
    document = source.read("word/document.xml").decode("utf-8")
    mark = re.search(f'w:name="_?{LETTERHEAD}"', document)
    if mark is None:
        return package
    found = re.compile(r'<w:tblStyle w:val="Table"\s*/>').search(document, mark.end())
    if found is None:
        return package
    document = document[: found.start()] + '<w:tblStyle w:val="LetterheadTable" />' + document[found.end() :]
    out = BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = document.encode("utf-8") if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, data)
    return out.getvalue()


def html_to_docx(html: str, layout: Layout = BRIEF) -> bytes:
    """A brief's HTML as a Word document (bytes of the .docx); raises WordError with a one-line message."""
    with tempfile.TemporaryDirectory(prefix="partrack-word-") as scratch:
        folder = Path(scratch)
        tree = json.loads(_pandoc(["--from", "html", "--to", "json"], printable(html, layout).encode("utf-8"), folder))
        lang = _text(tree.get("meta", {}).get("lang", {})) or LANGS[0]
        tree["meta"] = {key: value for key, value in tree.get("meta", {}).items() if key == "lang"}  # no title block
        rewriter = _Rewriter(layout, folder, lang if lang in LANGS else LANGS[0])
        tree = rewriter.walk(tree)
        if any(name.endswith(".svg") for name in rewriter.charts) and shutil.which("rsvg-convert") is None:
            raise WordError(_message("failed", _message("no_rsvg")))
        arguments = ["--from", "json", "--to", "docx", "--reference-doc", str(REFERENCE), "--dpi", str(DPI),
                     "--fail-if-warnings", "--output", "-"]  # fmt: skip
        package = _pandoc(arguments, json.dumps(tree, ensure_ascii=False).encode("utf-8"), folder)
    return _borderless_letterhead(package)
