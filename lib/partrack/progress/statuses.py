"""Status and flag codes as enums, in the order the methodology's rules are applied (words live in partrack.words).

They are ``StrEnum``s: a status in the progress table is its plain code ("on_track"), so tables stay
readable in CSV and JSON, while code refers to ``Status.ON_TRACK`` and a typo fails at import.
"""

from enum import StrEnum


class Status(StrEnum):
    """Every status a goal can have, under either method."""

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    INSUFFICIENT_DATA = "insufficient_data"
    REGRESSING = "regressing"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    OFF_TRACK = "off_track"
    NOT_ASSESSED = "not_assessed"
    # The final verdict at a unit's close also uses ACHIEVED and NOT_ACHIEVED (methodology, "The close of a plan")
    NO_DATA = "no_data"
    # Statistics Canada's method (Open SDG's sdg-build)
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


class Flag(StrEnum):
    """Facts about a row that qualify its status (a tuple of these in the table's ``flags`` column)."""

    STALE = "stale"
    BEHIND_MILESTONE = "behind_milestone"
    BASELINE_BEYOND_TARGET = "baseline_beyond_target"
    UNIT_ENDED = "unit_ended"
    NOT_REPORTED = "not_reported"
    REVISED = "revised"
    NO_NATIONAL_AVERAGE = "no_national_average"  # a ranking with no national average of the same year


S = Status
LINEAR_STATUSES = (S.ACHIEVED, S.NOT_ACHIEVED, S.INSUFFICIENT_DATA, S.REGRESSING, S.ON_TRACK, S.NEEDS_ACCELERATION,
                   S.OFF_TRACK)  # fmt: skip
QUALITATIVE_STATUSES = (S.ACHIEVED, S.ON_TRACK, S.NEEDS_ACCELERATION, S.OFF_TRACK, S.NOT_ACHIEVED, S.NOT_ASSESSED)
STATCAN_STATUSES = (S.TARGET_ACHIEVED, S.SUBSTANTIAL_PROGRESS, S.MODERATE_PROGRESS, S.LIMITED_PROGRESS,
                    S.DETERIORATION, S.NOT_AVAILABLE)  # fmt: skip
# The verdicts a goal can get at its unit's close (the table's ``final`` column is True), under either method.
FINAL_STATUSES = (S.ACHIEVED, S.NOT_ACHIEVED, S.NO_DATA)
# The analyst's assessment of a qualitative or yes/no goal, as a status (methodology, last paragraph).
ASSESSMENT_STATUS = {
    "achieved": S.ACHIEVED,
    "on_track": S.ON_TRACK,
    "at_risk": S.NEEDS_ACCELERATION,
    "off_track": S.OFF_TRACK,
    "not_started": S.OFF_TRACK,
}
# The one definition of "achieved or on track" (area roll-up, summaries), for either method.
GOOD_STATUSES = frozenset({S.ACHIEVED, S.ON_TRACK, S.TARGET_ACHIEVED, S.SUBSTANTIAL_PROGRESS})
# The order statuses are listed in (legends, counts): best first, no verdict last. A brief's legend lists all of
# these; a final assessment lists FINAL_STATUSES instead (NO_DATA, only ever a final verdict, is not here).
DISPLAY_ORDER = (S.ACHIEVED, S.ON_TRACK, S.NEEDS_ACCELERATION, S.OFF_TRACK, S.REGRESSING, S.NOT_ACHIEVED,
                 S.INSUFFICIENT_DATA, S.NOT_ASSESSED)  # fmt: skip
