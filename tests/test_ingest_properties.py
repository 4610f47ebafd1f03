"""Arbitrary cell text never raises: it becomes a value or a validation problem."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import validate_tables
from partrack.ingest.numbers import parse_numbers
from partrack.ingest.readers import RawTable

cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["65,4", "65,4%", "1.234", "-3", "'47", "\u00a050", "2024-Q1", "36", "VN", "on_track", "1e9"]),
)
indicators = st.sampled_from(["dossiers_processed_online", "public_service_units", "par_index", "papi",
                              "streamlined_apparatus", "one_stop_shop_renewed", "bogus", ""])  # fmt: skip
COLUMNS = ["indicator", "unit", "period", "value", "numerator", "denominator", "rank", "rank_of", "assessment",
           "source", "note"]  # fmt: skip


@given(st.lists(cells, min_size=1, max_size=20), st.sampled_from(["percent", "count", "points", "any"]))
def test_parse_numbers_never_raises(texts, kind):
    values, rules = parse_numbers(pd.Series(texts, dtype="object"), kind)
    assert len(values) == len(texts)
    assert set(rules.dropna()) <= {"not_a_number", "ambiguous_number"}
    assert not (values.notna() & rules.notna()).any()  # a cell is either a number or a problem


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(indicators, *[cells] * 10), min_size=1, max_size=8))
def test_validation_of_arbitrary_rows_never_raises_and_loses_nothing(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS).astype("object").where(lambda f: f.notna(), pd.NA)
    frame["source_row"] = range(2, 2 + len(frame))
    result = validate_tables([RawTable("random.csv", None, frame)])
    kept_out = {(p.row) for p in result.warnings if p.rule in ("no_figure", "identical_duplicate", "revision")}
    accounted = set(result.observations["source_row"]) | set(result.quarantine["source_row"]) | kept_out
    assert accounted == set(frame["source_row"])
    assert all(p.message_vi and p.message_en for p in result.problems)
