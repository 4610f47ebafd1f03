"""The progress engine: gap, pace, projection and status for every indicator, unit and period.

It knows nothing of pictures, words, notebooks or the command line: it turns validated observations
and the catalogue into the progress table (see ``PROGRESS_COLUMNS``), by a method registered by name; at or
after a unit's close every goal gets its final verdict (``final``, ``close``, the method's ``trend_status``).
"""

from partrack.progress.close import assessed_period, plan_close, unit_close
from partrack.progress.engine import PROGRESS_COLUMNS, compute_progress
from partrack.progress.methods import METHODS, register_method
from partrack.progress.rollup import area_rollup, missing_reports
from partrack.progress.statuses import FINAL_STATUSES, LINEAR_STATUSES, QUALITATIVE_STATUSES, STATCAN_STATUSES

__all__ = [
    "FINAL_STATUSES",
    "LINEAR_STATUSES",
    "METHODS",
    "PROGRESS_COLUMNS",
    "QUALITATIVE_STATUSES",
    "STATCAN_STATUSES",
    "area_rollup",
    "assessed_period",
    "compute_progress",
    "missing_reports",
    "plan_close",
    "register_method",
    "unit_close",
]
