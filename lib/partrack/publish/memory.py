"""Peak resident memory per brief, of a worker and of its kernel (Linux, from /proc).

A process's peak only grows, so a lifetime peak read after each brief rises with the largest brief seen so far
and cannot tell a leak from a larger brief. Each brief's own peak is measured instead: the peak is reset when
the brief starts (``clear_refs``) and read when it ends; a leak is the same brief needing more for a later unit.
"""

from __future__ import annotations

import ctypes
import os
import re
import resource
from contextlib import suppress
from pathlib import Path

HIGH_WATER = re.compile(r"^VmHWM:\s+(\d+) kB", re.MULTILINE)
RESET_PEAK = "5"  # proc(5): writing 5 to clear_refs resets the process's peak resident set size


def reset_peak(pid: int | None) -> None:
    """Start the process's peak resident memory from its present size (nothing where /proc does not allow it)."""
    if pid:
        with suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text(RESET_PEAK)


def peak_mb(pid: int | None) -> float | None:
    """The process's peak resident memory (MB) since it started or was last reset; None when it cannot be read."""
    if not pid:
        return None
    try:
        found = HIGH_WATER.search(Path(f"/proc/{pid}/status").read_text())
    except OSError:
        found = None
    if found:
        return round(int(found.group(1)) / 1024, 1)
    if pid == os.getpid():  # no /proc: the lifetime peak (Linux and BSD report kilobytes)
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return None


def give_back_free_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``); False where there is no glibc.

    A worker lays out one PDF after another: WeasyPrint, Pango and HarfBuzz allocate and free megabytes in C, and the
    freed pages stay with the process, fragmented, so its size drifts up from brief to brief. Trimmed before each
    brief, the worker starts every brief from what it really holds (about 16 MB less after a few PDFs).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True
