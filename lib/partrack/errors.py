"""The command line's one error boundary: every expected failure becomes one message and an exit code.

Exit codes: 0 fine, 1 the data, the catalogue or a brief had errors (or the disk is full), 2 a usage
problem (a path, an option, a parameter file), 128+N stopped by signal N (130 Ctrl-C, 143 SIGTERM).
Anything not listed here is a bug: one line and a pointer to ``--debug``, which shows the traceback.
"""

from __future__ import annotations

import csv
import errno
import signal
from dataclasses import dataclass

import yaml

from partrack.catalogue import CatalogueError
from partrack.periods import PeriodError

EXIT_OK, EXIT_DATA_ERROR, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 1

_OS_WORDS = {  # errno → (Vietnamese, English, exit code)
    errno.ENOENT: ("không tìm thấy", "not found", EXIT_USAGE),
    errno.EACCES: ("không có quyền truy cập", "permission denied", EXIT_USAGE),
    errno.EPERM: ("không được phép", "operation not permitted", EXIT_USAGE),
    errno.EROFS: ("ổ đĩa chỉ đọc", "read-only file system; choose another --out", EXIT_USAGE),
    errno.ENOSPC: ("ổ đĩa đã đầy", "no space left on the disk; free some space and run again", EXIT_DATA_ERROR),
    errno.EDQUOT: ("vượt hạn mức đĩa", "disk quota exceeded", EXIT_DATA_ERROR),
    errno.ENOTDIR: ("không phải thư mục", "not a folder", EXIT_USAGE),
    errno.EISDIR: ("là thư mục, cần một tệp", "is a folder, a file is needed", EXIT_USAGE),
    errno.EEXIST: ("đã tồn tại", "already exists", EXIT_USAGE),
    errno.ENAMETOOLONG: ("tên quá dài", "name too long", EXIT_USAGE),
}


@dataclass(frozen=True)
class Explained:
    """What to print and which exit code to return."""

    message: str
    code: int
    bug: bool = False


def _os_error(error: OSError) -> Explained:
    vi, en, code = _OS_WORDS.get(error.errno, ("lỗi hệ thống tệp", error.strerror or "file system error", EXIT_USAGE))
    where = error.filename or ""
    if error.filename2:
        where = f"{where} → {error.filename2}"
    return Explained(f"{where}: {vi} / {en}" if where else f"{vi} / {en}", code)


def explain(error: BaseException) -> Explained:
    """The message and exit code for an error that reached the command line."""
    from partrack.brief.parameters import ParameterError
    from partrack.publish.parameters import RunParameterError
    from partrack.publish.runner import NothingProduced, OutputRefused, RunLocked
    from partrack.units import UnitRegistryError

    stopped = getattr(error, "signum", None)
    if stopped is not None:
        name = signal.Signals(stopped).name
        return Explained(f"đã dừng ({name}); báo cáo trước được giữ nguyên / stopped by {name}; "
                         "the last briefs are kept", 128 + stopped)  # fmt: skip
    if isinstance(error, KeyboardInterrupt):
        return Explained("đã dừng (Ctrl-C); báo cáo trước được giữ nguyên / interrupted; the last briefs are kept",
                         128 + signal.SIGINT)  # fmt: skip
    if isinstance(error, RunLocked | NothingProduced | CatalogueError | UnitRegistryError):
        return Explained(str(error), EXIT_DATA_ERROR)
    if isinstance(error, OutputRefused | RunParameterError | ParameterError | PeriodError):
        return Explained(str(error), EXIT_USAGE)
    if isinstance(error, yaml.YAMLError):
        return Explained(f"YAML không hợp lệ / invalid YAML: {error}", EXIT_USAGE)
    if isinstance(error, MemoryError):
        return Explained("hết bộ nhớ / out of memory: split the input files or lower their size limits",
                         EXIT_DATA_ERROR)  # fmt: skip
    if isinstance(error, csv.Error):
        return Explained(f"tệp CSV không đọc được / unreadable CSV: {error}", EXIT_DATA_ERROR)
    if isinstance(error, OSError):
        return _os_error(error)
    if isinstance(error, ValueError):
        return Explained(str(error), EXIT_USAGE)
    return Explained(f"lỗi không mong đợi / unexpected error: {type(error).__name__}: {error}", EXIT_BUG, bug=True)
