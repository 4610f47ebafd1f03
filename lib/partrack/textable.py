"""Plain-text tables for people reading a terminal: aligned columns, grouped sections.

Kept dependency-free on purpose: the CLI prints short tables, and a rich-text library would add
terminal-control codes that end up in cron logs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def _width(text: str) -> int:
    """Display width: combining marks take no column, East Asian wide characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()) -> str:
    """Render rows under headers; columns whose index is in ``right`` are right-aligned (numbers)."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))
    line = "  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(headers))
    rule = "  ".join("─" * w for w in widths)
    body = ["  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(row)) for row in cells]
    return "\n".join(text.rstrip() for text in [line, rule, *body])
