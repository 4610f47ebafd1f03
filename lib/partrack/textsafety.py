"""Text that crosses a trust boundary: cells read from submitted files, text written to files people open.

Three dangers, one module: control characters in a cell (NUL, ESC, DEL) that would reach HTML or fake a
terminal's output, ANSI escapes printed to a terminal, and spreadsheet formulas (``=HYPERLINK(…)``,
``+cmd|…``) hidden in a note that Excel would run when someone opens a CSV or XLSX partrack wrote.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, and the C1 block: never meaningful in a submitted cell.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Everything a terminal could interpret, TAB and LF included, for one-line messages.
_TERMINAL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What Excel, LibreOffice and Google Sheets take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_controls(text: str) -> str:
    """A cell without control characters (CR becomes LF: line breaks in a note survive)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def has_controls(text: str) -> bool:
    """Whether ``strip_controls`` would change the text (so that a change can be reported)."""
    return bool(_CONTROLS.search(text.replace("\r", "")))


def terminal_safe(text: object) -> str:
    r"""Text for a terminal line: every control character shown as a visible ``\xNN`` escape."""
    return _TERMINAL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
