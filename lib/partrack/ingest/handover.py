"""A run's validation handed to its kernels: the run validates once, each warm kernel loads the result.

Here rather than in the brief package so that ``partrack run`` (which only writes the file) does not import the
notebooks' whole toolkit — charts, seaborn, IPython display — a second of start-up on every run.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from partrack.ingest.readers import expand_paths
from partrack.ingest.validate import ValidationResult


def signature(paths: list[Path]) -> tuple:
    """The data files with their size and modification time: a change of any of them is a new input."""
    files = expand_paths(paths)
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files) + tuple(map(str, paths))


def save_validated(validation: ValidationResult, paths: list[Path], catalogue_path: str | None, file: Path) -> None:
    """Write a run's validation for its kernels, keyed by the inputs it was computed from.

    A large submission took minutes and gigabytes to validate in every kernel; now it is done once per run.
    """
    with file.open("wb") as handle:
        pickle.dump((signature(paths), catalogue_path, validation), handle, protocol=pickle.HIGHEST_PROTOCOL)


def load_validated(file: str) -> tuple[tuple, str | None, ValidationResult]:
    """The inputs' signature, the catalogue path and the validation written by ``save_validated``."""
    with open(file, "rb") as handle:
        return pickle.load(handle)  # our own file, written by this run in its own folder
