r"""CSV submissions: UTF-8 with or without BOM, comma or semicolon separated.

The csv module alone splits the file, so that the header search, the rows and their numbers follow one
set of line rules: ``str.splitlines`` also breaks at \x0b, \x1c or U+2028, which the csv module keeps
inside a cell, and pandas' reader silently shifts every column when the first row has one cell more than
the header. Excel numbers a CSV's rows by record (a quoted cell over two lines is one row), and so do we.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import pandas as pd

from partrack import columns as C
from partrack.ingest.readers import (
    HEADER_SEARCH_ROWS,
    RawTable,
    ReadLimits,
    column_names,
    find_header,
    finish_table,
    long_cells,
    rectangular,
    refusal,
    register_reader,
    table_problems,
    table_width,
)


def _delimiter(first_line: str) -> str:
    """Excel in a Vietnamese locale writes ';' (the comma is the decimal separator there)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


@contextmanager
def _field_size_limit(limit: int) -> Iterator[None]:
    """The csv module's cell limit is process-wide: set it for one parse, then put it back."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _records(text: str, delimiter: str, max_rows: int, cell_limit: int) -> list[list[str]]:
    """The file's records, at most ``max_rows + 1`` (the one more says the file is over the limit)."""
    with _field_size_limit(cell_limit):
        return list(islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), max_rows + 1))


def _explain(display: str, text: str, delimiter: str, limits: ReadLimits, error: csv.Error) -> RawTable:
    """A csv.Error is a cell over the limit (parsed again without one to name it) or a damaged file."""
    try:
        rows = _records(text, delimiter, limits.max_rows, len(text) + 1)  # no cell is longer than the file
    except csv.Error as again:
        return refusal(display, "file_unreadable", detail=again)
    header_index = find_header(rows[:HEADER_SEARCH_ROWS])
    header = rows[header_index] if header_index is not None else []
    found = long_cells(display, None, limits.max_cell_chars, enumerate(rows, start=1), header)
    if not found:
        return refusal(display, "file_unreadable", detail=error)
    return RawTable(display, None, pd.DataFrame(), problems=found)


def _decode(display: str, data: bytes) -> str | RawTable:
    """The text of the file, or the refusal of a file that is empty or not UTF-8."""
    if not data:
        return refusal(display, "empty_file", detail="0 byte")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return refusal(display, "encoding", detail="UTF-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return refusal(display, "encoding", detail=f"byte 0x{data[error.start]:02x} at position {error.start}")


@register_reader(".csv", ".txt")
def read_csv(path: Path, sheet: str | None = None, limits: ReadLimits | None = None) -> RawTable:
    """Read a CSV file as text; refuse a non-UTF-8 file with a hint instead of guessing its code page."""
    limits = limits or ReadLimits()
    display = str(path)
    text = _decode(display, path.read_bytes())
    if isinstance(text, RawTable):
        return text
    delimiter = _delimiter(text.partition("\n")[0])
    try:
        rows = _records(text, delimiter, limits.max_rows, limits.max_cell_chars)
    except csv.Error as error:
        return _explain(display, text, delimiter, limits, error)
    if len(rows) > limits.max_rows:
        return refusal(display, "sheet_too_large", detail=f"> {limits.max_rows} dòng / rows")
    if not any(any(row) for row in rows):
        return refusal(display, "empty_file", detail="trống / blank")
    header_index = find_header(rows[:HEADER_SEARCH_ROWS])
    if header_index is None:
        return refusal(display, "no_header", row=1)

    header, body = rows[header_index], rows[header_index + 1 :]
    width = table_width(header, body)
    problems = table_problems(display, None, header_index + 1, header, width, limits)
    if problems:
        return RawTable(display, None, pd.DataFrame(), problems=problems, header_row=header_index + 1)
    names, unnamed = column_names(header, width)
    frame = pd.DataFrame(rectangular(body, width, ""), columns=names, dtype=object).replace("", pd.NA)
    frame[C.ROW] = range(header_index + 2, header_index + 2 + len(frame))  # as Excel numbers them
    return finish_table(display, None, header_index, frame, unnamed, [])
