"""Readers turn one submitted file into a raw table of text, keeping where every row came from.

One reader per file type, registered by extension in ``READERS``. A reader never interprets values
(validation does); it reports what it could not read as Problems and never raises on bad content.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from partrack import columns as C
from partrack.ingest.problems import Problem, problem
from partrack.registry import Registry

HEADER_SEARCH_ROWS = 20


@dataclass
class RawTable:
    """The cells of one file (or sheet) as text, with the row number the user sees."""

    file: str
    sheet: str | None
    frame: pd.DataFrame  # one column per header (normalised names) + C.ROW; cells are str or NA
    numbers: pd.DataFrame | None = None  # numeric cells as typed in Excel (NaN elsewhere), same shape
    problems: list[Problem] = field(default_factory=list)
    header_row: int = 1


READERS: Registry = Registry("file type")  # by extension, lower case with the dot
register_reader = READERS.register


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


def read_file(path: Path, sheet: str | None = None) -> RawTable:
    """Read one file with the reader registered for its extension."""
    display = str(path)
    extension = path.suffix.lower()
    if extension == ".xls":
        return RawTable(display, None, pd.DataFrame(), problems=[problem("not_xlsx", display, detail="Excel 97-2003")])
    reader = READERS.get(extension)
    if reader is None:
        known = ", ".join(sorted(READERS))
        return RawTable(
            display, None, pd.DataFrame(), problems=[problem("file_unreadable", display, detail=f"use {known}")]
        )
    return reader(path, sheet)


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files in the order given; a folder contributes its readable files sorted by name.

    The order matters: when two files report the same figure, the later one wins (a revision).
    Hidden files, Excel lock files (``~$…``) and notes (README) inside a folder are skipped.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            for child in sorted(item.iterdir(), key=lambda p: p.name):
                if (
                    child.is_file()
                    and not child.name.startswith((".", "~$"))
                    and child.suffix.lower()
                    in (
                        *READERS,
                        ".xls",
                    )
                ):
                    found.append(child)
        elif item.exists():
            found.append(item)
        else:
            raise FileNotFoundError(2, "no such file or folder", str(item))
    return found
