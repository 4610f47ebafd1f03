"""Column names of the tables that flow between stages, in one place.

Functions take these as keyword defaults instead of repeating string literals, so a renamed column
is one edit here.
"""

INDICATOR, UNIT, PERIOD, VALUE = "indicator", "unit", "period", "value"
NUMERATOR, DENOMINATOR, RANK, RANK_OF = "numerator", "denominator", "rank", "rank_of"
ASSESSMENT, SOURCE, NOTE = "assessment", "source", "note"

REQUIRED = (INDICATOR, UNIT, PERIOD, VALUE)
OPTIONAL = (NUMERATOR, DENOMINATOR, RANK, RANK_OF, ASSESSMENT, SOURCE, NOTE)
OBSERVATION_COLUMNS = REQUIRED + OPTIONAL

# Columns the Excel template adds for the person filling it in; read and ignored, never an "unknown column".
INFO_COLUMNS = ("indicator_name", "unit_name", "plan_text", "target")

# Provenance kept with every row read: where it came from, as the user sees it.
FILE, SHEET, ROW = "source_file", "source_sheet", "source_row"
PROVENANCE = (FILE, SHEET, ROW)

# Added by validation.
PERIOD_END = "period_end"
REPLACED_VALUE, REPLACED_FILE = "replaced_value", "replaced_file"
PROBLEMS = "problems"
