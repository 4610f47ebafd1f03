"""Readers turn one submitted file into a raw table of text, keeping where every row came from.

One reader per file type, registered by extension in ``READERS``. A reader never interprets values
(validation does); it reports what it could not read as Problems and never raises on bad content.

Submitted files come from many hands and some are hostile or broken, so every read is bounded by
``ReadLimits``: ``read_file`` refuses anything that is not a regular file (a FIFO would block forever, a
device never ends) and any file over the size limit before opening it, and the readers refuse oversized
cells and sheets instead of filling memory. The helpers below build the frame the same way for every
format, so a CSV and an XLSX with the same cells give the same table and the same problems.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from partrack import columns as C
from partrack.ingest.problems import Problem, problem
from partrack.registry import Registry

HEADER_SEARCH_ROWS = 20
MIB = 1024 * 1024
NOTE_STEMS = ("readme",)  # notes left beside the data in a folder (README.txt would be read as a CSV)
HEADER_ONLY = "chỉ có dòng tiêu đề / header only"


@dataclass(frozen=True)
class ReadLimits:
    """What one submitted file may hold; beyond it the file is refused with a problem, never read."""

    max_file_bytes: int = 200 * MIB
    max_cell_chars: int = 32_767  # Excel's own limit for a cell: a longer one was not typed in Excel
    max_rows: int = 2_000_000
    max_columns: int = 200


@dataclass
class RawTable:
    """The cells of one file (or sheet) as text, with the row number the user sees."""

    file: str
    sheet: str | None
    frame: pd.DataFrame  # one column per header (normalised names) + C.ROW; cells are str or NA
    numbers: pd.DataFrame | None = None  # numeric cells as typed in Excel (NaN elsewhere), same shape
    problems: list[Problem] = field(default_factory=list)
    header_row: int = 1
    # Same shape as numbers: True where Excel shows the number as a percentage (65,4% is stored as 0.654).
    percent_cells: pd.DataFrame | None = None


READERS: Registry = Registry("file type")  # by extension, lower case with the dot
register_reader = READERS.register


def refusal(display: str, rule: str, sheet: str | None = None, **where: object) -> RawTable:
    """A table with no rows and one problem: the validator holds the whole file back with it."""
    return RawTable(display, sheet, pd.DataFrame(), problems=[problem(rule, display, sheet=sheet, **where)])


def normalise_header(name: object) -> str:
    """Header text as a column key: NFC, trimmed, lower case, spaces as underscores."""
    text = unicodedata.normalize("NFC", "" if name is None else str(name)).strip().lower()
    return "_".join(text.split())


def find_header(rows: Iterable[list[object]]) -> int | None:
    """Index of the first row that names the required columns (the template has title rows above it)."""
    for index, row in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            break
        names = {normalise_header(v) for v in row}
        if len(names & set(C.OBSERVATION_COLUMNS)) >= 3:  # so that a missing column is named, not "no header"
            return index
    return None


def column_names(header: list[object], width: int) -> tuple[list[str], list[str]]:
    """Keys of ``width`` columns (the normalised header, ``column_N`` where it is empty) and the unnamed ones."""
    names = [normalise_header(v) for v in header[:width]]
    names += [""] * (width - len(names))
    keys = [name or f"column_{i + 1}" for i, name in enumerate(names)]
    return keys, [key for key, name in zip(keys, names, strict=True) if not name]


def named_width(header: list[object]) -> int:
    """Columns up to the last named one (Excel and CSV exports pad the header with empty cells)."""
    width = len(header)
    while width and not normalise_header(header[width - 1]):
        width -= 1
    return width


def _content_width(row: list[object]) -> int:
    """Cells up to the last one holding a value."""
    width = len(row)
    while width and row[width - 1] in (None, ""):
        width -= 1
    return width


def table_width(header: list[object], rows: list[list[object]]) -> int:
    """Columns up to the last named one or the last one holding a value, whichever is further right."""
    width = named_width(header)
    wider = (_content_width(row) for row in rows if len(row) > width)
    return max(wider, default=width)


def rectangular(rows: list[list[object]], width: int, fill: object) -> list[list[object]]:
    """Every row cut or padded to ``width`` cells (what lies beyond is empty: ``table_width`` saw to that)."""
    pad = [fill] * width
    return [row if len(row) == width else (row + pad)[:width] for row in rows]


def table_problems(
    display: str, sheet: str | None, header_row: int, header: list[object], width: int, limits: ReadLimits
) -> list[Problem]:
    """What makes a table's rows unusable: two columns with one name, or more columns than the limit."""
    found = _duplicate_columns(display, sheet, header_row, header)
    if width > limits.max_columns:
        detail = f"{width} cột / columns > {limits.max_columns}"
        found.append(problem("sheet_too_large", display, sheet=sheet, detail=detail))
    return found


def _duplicate_columns(display: str, sheet: str | None, header_row: int, header: list[object]) -> list[Problem]:
    """One problem per name heading two columns (``value``, ``Value``): no one can tell which holds the figure."""
    positions: dict[str, list[str]] = {}
    for index, value in enumerate(header):
        if name := normalise_header(value):
            positions.setdefault(name, []).append(get_column_letter(index + 1))
    return [
        problem("duplicate_column", display, sheet=sheet, row=header_row, column=name, detail=", ".join(letters))
        for name, letters in positions.items()
        if len(letters) > 1
    ]


def long_cells(
    display: str, sheet: str | None, limit: int, rows: Iterable[tuple[int, list[object]]], header: list[object]
) -> list[Problem]:
    """A problem for every text cell longer than the limit, with its place, length and first characters."""
    found = []
    for number, row in rows:
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > limit:
                name = normalise_header(header[index]) if index < len(header) else ""
                detail = f"{len(value)} ký tự / characters > {limit}"
                column = name or get_column_letter(index + 1)
                found.append(
                    problem(
                        "cell_too_large",
                        display,
                        sheet=sheet,
                        row=number,
                        column=column,
                        value=value[:40] + "…",
                        detail=detail,
                    )
                )
    return found


def finish_table(
    display: str,
    sheet: str | None,
    header_index: int,
    text: pd.DataFrame,
    unnamed: list[str],
    problems: list[Problem],
    numbers: pd.DataFrame | None = None,
    percent: pd.DataFrame | None = None,
) -> RawTable:
    """Keep the rows holding a value (and the unnamed columns holding one); no such row is an empty file.

    ``text`` carries C.ROW; ``numbers`` and ``percent`` have the same rows and columns without it.
    """
    text = text.drop(columns=[name for name in unnamed if text[name].isna().all()])
    keep = text.drop(columns=[C.ROW]).notna().any(axis=1).to_numpy()
    if not keep.any():
        problems = [*problems, problem("empty_file", display, sheet=sheet, detail=HEADER_ONLY)]
        return RawTable(display, sheet, pd.DataFrame(), problems=problems, header_row=header_index + 1)
    columns = [c for c in text.columns if c != C.ROW]

    def rows_kept(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        return None if frame is None else frame[keep].reset_index(drop=True)[columns]

    return RawTable(
        display,
        sheet,
        text[keep].reset_index(drop=True),
        numbers=rows_kept(numbers),
        problems=problems,
        header_row=header_index + 1,
        percent_cells=rows_kept(percent),
    )


def _file_kind(mode: int) -> str | None:
    """What a path that is not a regular file is, in both languages (None for a regular file)."""
    kinds = (
        (stat.S_ISDIR, "thư mục / folder"),
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISCHR, "thiết bị / device"),
        (stat.S_ISBLK, "thiết bị / device"),
        (stat.S_ISSOCK, "socket"),
    )
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in kinds if test(mode)), "không phải tệp / not a file")


def _refuse_unopened(path: Path, limits: ReadLimits) -> RawTable | None:
    """Refuse, from ``os.stat`` alone, what must not be opened: a FIFO blocks, a device never ends."""
    display = str(path)
    try:
        info = os.stat(path)
    except OSError as error:
        return refusal(display, "file_unreadable", detail=error.strerror or error)
    kind = _file_kind(info.st_mode)
    if kind is not None:
        return refusal(display, "not_regular_file", detail=kind)
    if info.st_size > limits.max_file_bytes:
        detail = f"{info.st_size / MIB:.1f} MiB > {limits.max_file_bytes / MIB:g} MiB"
        return refusal(display, "file_too_large", detail=detail)
    return None


def read_file(path: Path, sheet: str | None = None, limits: ReadLimits | None = None) -> RawTable:
    """Read one file with the reader registered for its extension, within the limits."""
    path, limits = Path(path), limits or ReadLimits()
    display = str(path)
    refused = _refuse_unopened(path, limits)
    if refused is not None:
        return refused
    extension = path.suffix.lower()
    if extension == ".xls":
        return refusal(display, "not_xlsx", detail="Excel 97-2003")
    reader = READERS.get(extension)
    if reader is None:
        return refusal(display, "file_unreadable", detail=f"use {', '.join(sorted(READERS))}")
    return reader(path, sheet, limits)


def _listed(child: Path) -> bool:
    """Whether a folder entry is read: anything but a sub-folder, so that a FIFO or device is reported.

    ``lstat``, not ``is_file()``: ``is_file()`` is False for a FIFO, which would then be skipped in silence.
    """
    if child.name.startswith((".", "~$")) or child.stem.lower() in NOTE_STEMS:
        return False
    if child.suffix.lower() not in (*READERS, ".xls"):
        return False
    try:
        return not stat.S_ISDIR(child.lstat().st_mode)
    except OSError:  # gone since the listing: read_file reports it
        return True


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files in the order given; a folder contributes its readable files sorted by name.

    The order matters: when two files report the same figure, the later one wins (a revision).
    Hidden files, Excel lock files (``~$…``) and notes (README) inside a folder are skipped.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found += [child for child in sorted(item.iterdir(), key=lambda p: p.name) if _listed(child)]
        elif item.exists():
            found.append(item)
        else:
            raise FileNotFoundError(2, "no such file or folder", str(item))
    return found
