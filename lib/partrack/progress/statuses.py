"""Status codes, in the order the methodology's rules are applied (labels live in the narrative)."""

LINEAR_STATUSES = (
    "achieved",
    "not_achieved",
    "insufficient_data",
    "regressing",
    "on_track",
    "needs_acceleration",
    "off_track",
)
QUALITATIVE_STATUSES = ("achieved", "on_track", "needs_acceleration", "off_track", "not_achieved", "not_assessed")
STATCAN_STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
# The analyst's assessment of a qualitative or yes/no goal, as a status (methodology, last paragraph).
ASSESSMENT_STATUS = {
    "achieved": "achieved",
    "on_track": "on_track",
    "at_risk": "needs_acceleration",
    "off_track": "off_track",
    "not_started": "off_track",
}
# Statuses that count as "achieved or on track" in the area roll-up.
GOOD_STATUSES = frozenset({"achieved", "on_track", "target_achieved", "substantial_progress"})
# The order statuses are listed in (legends, counts): best first, no verdict last.
DISPLAY_ORDER = ("achieved", "on_track", "needs_acceleration", "off_track", "regressing", "not_achieved",
                 "insufficient_data", "not_assessed")  # fmt: skip
