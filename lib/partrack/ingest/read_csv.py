"""CSV submissions: UTF-8 with or without BOM, comma or semicolon separated."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from partrack import columns as C
from partrack.ingest.problems import problem
from partrack.ingest.readers import RawTable, find_header, normalise_header, register_reader


def _delimiter(first_line: str) -> str:
    """Excel in a Vietnamese locale writes ';' (the comma is the decimal separator there)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


@register_reader(".csv", ".txt")
def read_csv(path: Path, sheet: str | None = None) -> RawTable:
    """Read a CSV file as text; refuse a non-UTF-8 file with a hint instead of guessing its code page."""
    display = str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        detail = f"byte 0x{data[error.start]:02x} at position {error.start}"
        return RawTable(display, None, pd.DataFrame(), problems=[problem("encoding", display, detail=detail)])
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return RawTable(display, None, pd.DataFrame(), problems=[problem("encoding", display, detail="UTF-16")])

    lines = text.splitlines()
    if not lines:
        return RawTable(display, None, pd.DataFrame(), problems=[problem("empty_file", display)])
    delimiter = _delimiter(lines[0])
    header_index = find_header(csv.reader(lines[:20], delimiter=delimiter))
    if header_index is None:
        return RawTable(display, None, pd.DataFrame(), problems=[problem("no_header", display, row=1)])
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            skiprows=header_index,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as error:
        return RawTable(display, None, pd.DataFrame(), problems=[problem("file_unreadable", display, detail=error)])
    frame.columns = [normalise_header(c) for c in frame.columns]
    frame = frame.replace("", pd.NA)
    frame[C.ROW] = range(header_index + 2, header_index + 2 + len(frame))  # as Excel numbers them
    filled = frame.drop(columns=[C.ROW]).notna().any(axis=1)
    return RawTable(display, None, frame[filled].reset_index(drop=True), header_row=header_index + 1)
