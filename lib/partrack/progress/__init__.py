"""The progress engine: gap, pace, projection and status for every indicator, unit and period.

It knows nothing of pictures, words, notebooks or the command line: it turns validated observations
and the catalogue into the progress table (see ``PROGRESS_COLUMNS``), by a method registered by name.
"""

from partrack.progress.engine import PROGRESS_COLUMNS, compute_progress
from partrack.progress.methods import METHODS, register_method
from partrack.progress.rollup import area_rollup, missing_reports
from partrack.progress.statuses import LINEAR_STATUSES, QUALITATIVE_STATUSES, STATCAN_STATUSES

__all__ = [
    "LINEAR_STATUSES",
    "METHODS",
    "PROGRESS_COLUMNS",
    "QUALITATIVE_STATUSES",
    "STATCAN_STATUSES",
    "area_rollup",
    "compute_progress",
    "missing_reports",
    "register_method",
]
