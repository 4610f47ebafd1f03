"""Build validated observations from short inline tables, as the tests write them."""

import pandas as pd

from conftest import validate_tables
from partrack.ingest.readers import RawTable

COLUMNS = ["indicator", "unit", "period", "value", "rank", "rank_of", "assessment", "note"]


def observations(*rows, catalogue=None):
    """Rows are (indicator, unit, period, value[, rank, rank_of, assessment, note]); text as people type it."""
    padded = [tuple("" if v is None else str(v) for v in row) + ("",) * (len(COLUMNS) - len(row)) for row in rows]
    frame = pd.DataFrame(padded, columns=COLUMNS).replace("", pd.NA)
    frame["source_row"] = range(2, 2 + len(frame))
    result = validate_tables([RawTable("inline.csv", None, frame)], catalogue=catalogue)
    assert result.ok, [str(p) for p in result.errors]
    return result.observations


def row(table, indicator, unit="36"):
    """The one progress row of an indicator and unit."""
    found = table[(table["indicator"] == indicator) & (table["unit"] == unit)]
    assert len(found) == 1, found
    return found.iloc[0]
