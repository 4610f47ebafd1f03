"""XLSX submissions, read defensively: what Excel users send is not always what it seems.

Before openpyxl touches a file: refuse .xls (BIFF/OLE2) and non-zip content with a "save as .xlsx"
message, a password-protected workbook (Office writes it as an OLE2 file, not a zip) with "remove the
password", and a zip bomb from the sizes in the zip directory, before inflating anything. openpyxl then
parses with defusedxml in force, reading only the cells present: a sheet's declared ``<dimension>`` is
ignored, since openpyxl pads every row to it and 5 KB declaring A1:XFD1048576 would be 17 billion cells.
Formula cells without a cached value, merged cells in the data area, hidden rows and columns, and sheets
that were not read are reported, never misread. Percent-formatted numbers (65,4% is stored as 0.654) are
marked in ``percent_cells``, not scaled: validation knows whether the indicator is a percentage.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path, PurePosixPath

import numpy as np
import openpyxl
import openpyxl.xml
import pandas as pd
from defusedxml import ElementTree
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from partrack import columns as C
from partrack.ingest.problems import Problem, problem
from partrack.ingest.readers import (
    HEADER_SEARCH_ROWS,
    RawTable,
    ReadLimits,
    column_names,
    find_header,
    finish_table,
    long_cells,
    normalise_header,
    rectangular,
    refusal,
    register_reader,
    table_problems,
    table_width,
)

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny parts compress extremely well and are harmless
OLE2_SCAN_BYTES = 1024 * 1024  # the stream names sit in the OLE2 directory, near the start or the end

DATA_SHEET_NAMES = ("solieu", "so_lieu", "số_liệu", "data")  # the template's data sheet, matched after normalise_header
INFO_SHEET_NAMES = ("huongdan", "huong_dan", "hướng_dẫn", "instructions", "danh_muc", "danh_mục")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_WIDE_CELL = re.compile(rb'\br="([A-Z]{2,3})([0-9]+)"[^>]*>')  # a cell in columns AA to XFD, to its tag's end
ENCRYPTION_STREAMS = tuple(name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage"))

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


class SheetTooLarge(Exception):
    """The sheet holds more rows or columns than the limits; carries the detail for the problem."""


def _encrypted(path: Path) -> bool:
    """Whether an OLE2 file is a password-protected workbook: its directory names the encryption streams."""
    with path.open("rb") as handle:
        head = handle.read(OLE2_SCAN_BYTES)
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(size - OLE2_SCAN_BYTES, len(head)))  # a big file: its last MiB too, never twice
        tail = handle.read()
    return any(name in head or name in tail for name in ENCRYPTION_STREAMS)


def check_container(path: Path) -> None:
    """Refuse .xls, non-zip content and zip bombs from the zip directory alone (nothing is inflated)."""
    display = str(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE2_MAGIC) and _encrypted(path):
        raise XlsxRefused(problem("encrypted_xlsx", display))
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


@lru_cache(maxsize=512)
def is_percent_format(number_format: str) -> bool:
    """Whether Excel shows a number ×100 with a % sign: a % outside quotes and not escaped (``0.0"%"`` is not)."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


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


def _as_number(value: object) -> float:
    """A number Excel stored as a number (never a bool, never inf), NaN for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return math.nan


def _pick_sheet(names: list[str], wanted: str | None) -> str | None:
    if wanted is not None:
        return wanted if wanted in names else None
    for name in names:
        if normalise_header(name) in DATA_SHEET_NAMES:
            return name
    return names[0] if names else None


def _data_width(xml: bytes, limits: ReadLimits) -> int | None:
    """Columns to read, from the sheet XML: None if no cell lies beyond Z, else up to the last one holding something.

    openpyxl pads each row to its last cell, value or not: a styled empty cell at XFD in every row (500 KB for
    100,000 rows) would cost 16384 cells a row. Raises SheetTooLarge for a value beyond the column limit.
    """
    width, wide = 26, False
    for match in _WIDE_CELL.finditer(xml):
        wide = True
        column = column_index_from_string(match[1].decode())
        if column > width and not match[0].endswith(b"/>"):  # a self-closed cell has a style, not a value
            if column > limits.max_columns:
                cell = (match[1] + match[2]).decode()
                raise SheetTooLarge(f"{cell}: {column} cột / columns > {limits.max_columns}")
            width = column
    return width if wide else None


def _present_rows(worksheet, limits: ReadLimits, width: int | None) -> tuple[list[list[object]], set[tuple[int, int]]]:
    """Values of the cells present, row by row (index = row number - 1), and the percent-formatted numbers.

    Raises SheetTooLarge as soon as a value lies beyond the row or column limit, before reading further.
    """
    worksheet.reset_dimensions()  # only the cells present, whatever <dimension> the sheet declares
    rows: list[list[object]] = []
    percent: set[tuple[int, int]] = set()  # (row number, column index)
    for number, cells in enumerate(worksheet.iter_rows(max_col=width), start=1):
        values = [cell.value for cell in cells]
        while values and values[-1] is None:
            values.pop()
        if values and number > limits.max_rows:
            raise SheetTooLarge(f"{number} dòng / rows > {limits.max_rows}")
        if len(values) > limits.max_columns:
            last = f"{get_column_letter(len(values))}{number}"
            raise SheetTooLarge(f"{last}: {len(values)} cột / columns > {limits.max_columns}")
        percent.update(
            (number, index)
            for index, cell in enumerate(cells[: len(values)])
            if cell.data_type == "n" and cell.value is not None and is_percent_format(cell.number_format)
        )
        rows.append(values)
    return rows, percent


def _load_rows(
    path: Path, sheet: str, limits: ReadLimits, width: int | None
) -> tuple[list[list[object]], set[tuple[int, int]]]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return _present_rows(workbook[sheet], limits, width)
    finally:
        workbook.close()


def _percent_frame(percent: set[tuple[int, int]], row_numbers: list[int], numbers: pd.DataFrame) -> pd.DataFrame:
    """True where a number is shown as a percentage, in the shape of ``numbers``."""
    flags = np.zeros(numbers.shape, dtype=bool)
    position = {number: i for i, number in enumerate(row_numbers)}
    for number, index in percent:
        if number in position and index < flags.shape[1]:
            flags[position[number], index] = True
    return pd.DataFrame(flags & numbers.notna().to_numpy(), columns=numbers.columns)


def _open_parts(path: Path, sheet: str | None) -> tuple[dict[str, str], str | None, bytes] | RawTable:
    """The workbook's sheet parts, the chosen sheet and its XML; or the refusal of the file."""
    display = str(path)
    try:
        check_container(path)
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            chosen = _pick_sheet(list(parts), sheet)
            xml = archive.read(parts[chosen]) if chosen in parts else b""
    except XlsxRefused as refused:
        return RawTable(display, None, pd.DataFrame(), problems=[refused.problem])
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError) as error:
        return refusal(display, "not_xlsx", detail=error)
    except Exception as error:  # defusedxml's EntitiesForbidden and friends: hostile content
        return refusal(display, "file_unreadable", detail=error)
    if chosen is None:
        return refusal(display, "file_unreadable", detail=f"no sheet named {sheet!r}" if sheet else "no sheet")
    return parts, chosen, xml


@register_reader(".xlsx", ".xlsm")
def read_xlsx(path: Path, sheet: str | None = None, limits: ReadLimits | None = None) -> RawTable:
    """Read the data sheet of an XLSX workbook (a named sheet, the template's, else the first)."""
    limits = limits or ReadLimits()
    display = str(path)
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a hard dependency
        raise RuntimeError("defusedxml must be installed so that openpyxl parses XLSX safely")
    opened = _open_parts(path, sheet)
    if isinstance(opened, RawTable):
        return opened
    parts, chosen, xml = opened
    problems = [
        problem("extra_sheet", display, sheet=name, detail=name)
        for name in parts
        if name != chosen and normalise_header(name) not in INFO_SHEET_NAMES
    ]

    def refused(*found: Problem, header_row: int = 1) -> RawTable:
        return RawTable(display, chosen, pd.DataFrame(), problems=[*problems, *found], header_row=header_row)

    try:
        width = _data_width(xml, limits)
        rows, percent = _load_rows(path, chosen, limits, width)
    except SheetTooLarge as error:
        return refused(problem("sheet_too_large", display, sheet=chosen, detail=error))
    except Exception as error:  # openpyxl raises many types on damaged or hostile parts
        return refused(problem("file_unreadable", display, detail=error))
    if not any(rows):
        return refused(problem("empty_file", display, sheet=chosen, detail="trang tính trống / empty sheet"))
    header_index = find_header(rows[:HEADER_SEARCH_ROWS])
    if header_index is None:
        return refused(problem("no_header", display, sheet=chosen, row=1))

    header_row, header = header_index + 1, rows[header_index]
    body = [(number, row) for number, row in enumerate(rows[header_row:], start=header_row + 1) if row]
    width = table_width(header, [row for _, row in body])
    unusable = table_problems(display, chosen, header_row, header, width, limits)
    unusable += long_cells(display, chosen, limits.max_cell_chars, [(header_row, header), *body], header)
    if unusable:
        return refused(*unusable, header_row=header_row)

    names, unnamed = column_names(header, width)
    cells = rectangular([row for _, row in body], width, None)
    text = pd.DataFrame([[_as_text(v) for v in r] for r in cells], columns=names, dtype=object)
    numbers = pd.DataFrame([[_as_number(v) for v in r] for r in cells], columns=names, dtype=float)
    row_numbers = [number for number, _ in body]
    text[C.ROW] = row_numbers
    if b"<f" in xml:
        try:
            problems += _formula_problems(path, chosen, header_row, rows, names, display, width)
        except Exception as error:  # the cached values parsed, the formulas did not
            return refused(problem("file_unreadable", display, detail=error), header_row=header_row)
    problems += _layout_problems(xml, display, chosen, header_row, ["" if n in unnamed else n for n in names])
    percent_cells = _percent_frame(percent, row_numbers, numbers)
    return finish_table(display, chosen, header_index, text, unnamed, problems, numbers, percent_cells)


def _formula_problems(
    path: Path,
    sheet: str,
    header_row: int,
    cached: list[list[object]],
    names: list[str],
    display: str,
    width: int | None,
) -> list[Problem]:
    """Cells below the header with a formula and no cached value (written by a program, never opened in Excel).

    ``cached`` holds the rows as read with cached values (index = row number - 1).
    """
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()
        cells = worksheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
        rows = enumerate(cells, start=header_row + 1)
        return [
            problem("formula_without_value", display, sheet=sheet, row=number, column=names[index], value=value)
            for number, row in rows
            for index, value in enumerate(row[: len(names)])
            if isinstance(value, str) and value.startswith("=") and _cached(cached, number, index) is None
        ]
    finally:
        workbook.close()


def _cached(rows: list[list[object]], number: int, index: int) -> object:
    row = rows[number - 1] if number <= len(rows) else []
    return row[index] if index < len(row) else None
