"""XLSX submissions, read defensively: what Excel users send is not always what it seems.

Before openpyxl touches a file: refuse .xls (BIFF/OLE2) and non-zip content with a "save as .xlsx"
message, and refuse a zip bomb from the sizes in the zip directory, before inflating anything.
openpyxl then parses with defusedxml in force. Formula cells without a cached value, merged cells in
the data area, hidden rows and columns, and sheets that were not read are reported, never misread.
"""

from __future__ import annotations

import math
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath

import openpyxl
import openpyxl.xml
import pandas as pd
from defusedxml import ElementTree
from openpyxl.utils import range_boundaries

from partrack import columns as C
from partrack.ingest.problems import Problem, problem
from partrack.ingest.readers import RawTable, find_header, normalise_header, register_reader

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny parts compress extremely well and are harmless

DATA_SHEET_NAMES = ("solieu", "so_lieu", "số_liệu", "data")  # the template's data sheet, matched after normalise_header
INFO_SHEET_NAMES = ("huongdan", "huong_dan", "hướng_dẫn", "instructions", "danh_muc", "danh_mục")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


class XlsxRefused(Exception):
    """The file must not be opened; carries the problem to report."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.message_en)
        self.problem = found


def check_container(path: Path) -> None:
    """Refuse .xls, non-zip content and zip bombs from the zip directory alone (nothing is inflated)."""
    display = str(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE2_MAGIC):
        raise XlsxRefused(problem("not_xlsx", display, detail="Excel 97-2003 (.xls)"))
    if not head.startswith(ZIP_MAGIC):
        raise XlsxRefused(problem("not_xlsx", display, detail="not an Office Open XML file"))
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise XlsxRefused(problem("not_xlsx", display, detail=f"damaged zip: {error}")) from None
    total = sum(e.file_size for e in entries)
    if len(entries) > MAX_ENTRIES:
        raise XlsxRefused(problem("zip_bomb", display, detail=f"{len(entries)} parts"))
    if total > MAX_UNPACKED_BYTES:
        raise XlsxRefused(problem("zip_bomb", display, detail=f"{total / 2**20:.0f} MiB unpacked"))
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise XlsxRefused(problem("zip_bomb", display, detail=f"{entry.filename}: ratio {ratio:.0f}:1"))


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet XML part, from workbook.xml and its relationships (parsed by defusedxml)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name")] = part
    return parts


def _layout_problems(xml: bytes, display: str, sheet: str, header_row: int, names: list[str]) -> list[Problem]:
    """Merged ranges, hidden rows and hidden columns below the header, found in the sheet's XML."""
    found: list[Problem] = []
    for ref in re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', xml):
        _min_col, min_row, _max_col, max_row = range_boundaries(ref.decode())
        if max_row > header_row:
            found.append(problem("merged_cells", display, sheet=sheet, row=max(min_row, header_row + 1),
                                 detail=ref.decode()))  # fmt: skip
    for row in re.findall(rb'<row [^>]*?r="(\d+)"[^>]*?hidden="(?:1|true)"', xml):
        if int(row) > header_row:
            found.append(problem("hidden_row", display, sheet=sheet, row=int(row)))
    for low, high in re.findall(rb'<col [^>]*?min="(\d+)" max="(\d+)"[^>]*?hidden="(?:1|true)"', xml):
        for index in range(int(low), min(int(high), len(names)) + 1):
            if names[index - 1]:
                found.append(problem("hidden_column", display, sheet=sheet, column=names[index - 1]))
    return found


def _as_text(value: object) -> object:
    """Cell value as the text a person would read; dates stay visible as ISO text (never guessed)."""
    if value is None:
        return pd.NA
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else pd.NA


def _pick_sheet(names: list[str], wanted: str | None) -> str | None:
    if wanted is not None:
        return wanted if wanted in names else None
    for name in names:
        if normalise_header(name) in DATA_SHEET_NAMES:
            return name
    return names[0] if names else None


@register_reader(".xlsx", ".xlsm")
def read_xlsx(path: Path, sheet: str | None = None) -> RawTable:
    """Read the data sheet of an XLSX workbook (a named sheet, the template's, else the first)."""
    display = str(path)
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a hard dependency
        raise RuntimeError("defusedxml must be installed so that openpyxl parses XLSX safely")
    try:
        check_container(path)
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            chosen = _pick_sheet(list(parts), sheet)
            xml = archive.read(parts[chosen]) if chosen in parts else b""
    except XlsxRefused as refused:
        return RawTable(display, None, pd.DataFrame(), problems=[refused.problem])
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError) as error:
        return RawTable(display, None, pd.DataFrame(), problems=[problem("not_xlsx", display, detail=error)])
    except Exception as error:  # defusedxml's EntitiesForbidden and friends: hostile content
        return RawTable(display, None, pd.DataFrame(), problems=[problem("file_unreadable", display, detail=error)])
    if chosen is None:
        detail = f"no sheet named {sheet!r}" if sheet else "no sheet"
        return RawTable(display, None, pd.DataFrame(), problems=[problem("file_unreadable", display, detail=detail)])

    problems = [
        problem("extra_sheet", display, sheet=name, detail=name)
        for name in parts
        if name != chosen and normalise_header(name) not in INFO_SHEET_NAMES
    ]
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in workbook[chosen].iter_rows(values_only=True)]
        workbook.close()
    except Exception as error:  # openpyxl raises many types on damaged or hostile parts
        return RawTable(display, chosen, pd.DataFrame(), problems=[problem("file_unreadable", display, detail=error)])

    header_index = find_header(rows)
    if header_index is None:
        problems.append(problem("no_header", display, sheet=chosen, row=1))
        return RawTable(display, chosen, pd.DataFrame(), problems=problems)
    names = [normalise_header(v) for v in rows[header_index]]
    width = len(names)
    while width and not names[width - 1]:
        width -= 1
    names = names[:width]
    first_row = header_index + 2
    body = [(r + [None] * width)[:width] for r in rows[header_index + 1 :]]
    unnamed = [i for i, n in enumerate(names) if not n]
    names = [n or f"column_{i + 1}" for i, n in enumerate(names)]

    text = pd.DataFrame([[_as_text(v) for v in r] for r in body], columns=names, dtype=object)
    numbers = pd.DataFrame(
        [[v if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) else math.nan
          for v in r] for r in body],
        columns=names,
        dtype=float,
    )  # fmt: skip
    text[C.ROW] = range(first_row, first_row + len(text))
    if unnamed:  # a value under no header is data nobody can place: keep the column so validation reports it
        text = text.drop(columns=[names[i] for i in unnamed if text[names[i]].isna().all()])

    if b"<f" in xml:
        problems += _formula_problems(path, chosen, header_index, names, body, display)
    problems += _layout_problems(xml, display, chosen, header_index + 1, names)
    filled = text.drop(columns=[C.ROW]).notna().any(axis=1)
    keep = filled.to_numpy()
    return RawTable(
        display,
        chosen,
        text[keep].reset_index(drop=True),
        numbers=numbers[keep].reset_index(drop=True)[[c for c in text.columns if c != C.ROW]],
        problems=problems,
        header_row=header_index + 1,
    )


def _formula_problems(
    path: Path, sheet: str, header_index: int, names: list[str], cached: list[list[object]], display: str
) -> list[Problem]:
    """Cells with a formula and no cached value (a file written by a program, never opened in Excel)."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    found = []
    for offset, row in enumerate(workbook[sheet].iter_rows(min_row=header_index + 2, values_only=True)):
        for index, value in enumerate(row[: len(names)]):
            if isinstance(value, str) and value.startswith("=") and cached[offset][index] is None:
                found.append(
                    problem(
                        "formula_without_value",
                        display,
                        sheet=sheet,
                        row=header_index + 2 + offset,
                        column=names[index],
                        value=value,
                    )
                )
    workbook.close()
    return found
