"""Good files validate clean; each broken file gives exactly its expected problem (rule, row, column)."""

import math

import pytest

from conftest import FIXTURES, validate

# file → (rule, row as seen in Excel, column); each broken file has one fault, named after it.
BROKEN_CSV = {
    "unknown_indicator": ("unknown_indicator", 3, "indicator"),
    "unknown_unit": ("unknown_unit", 3, "unit"),
    "unit_not_in_period": ("unit_not_in_period", 3, "unit"),
    "level_not_applicable": ("level_not_applicable", 3, "unit"),
    "bad_period": ("bad_period", 3, "period"),
    "not_a_number": ("not_a_number", 3, "value"),
    "ambiguous_number": ("ambiguous_number", 3, "value"),
    "percent_out_of_range": ("percent_out_of_range", 3, "value"),
    "negative_count": ("negative_count", 3, "value"),
    "not_whole": ("not_whole", 3, "value"),
    "numerator_gt_denominator": ("numerator_gt_denominator", 3, "numerator"),
    "value_disagrees": ("value_disagrees", 3, "value"),
    "bad_assessment": ("bad_assessment", 3, "assessment"),
    "missing_assessment": ("missing_assessment", 3, "assessment"),
    "bad_done_value": ("bad_done_value", 3, "value"),
    "missing_rank": ("missing_rank", 3, "rank"),
    "rank_out_of_range": ("rank_out_of_range", 3, "rank"),
    "missing_field": ("missing_field", 3, "unit"),
    "missing_column": ("missing_column", 1, "period"),
    "unknown_column": ("unknown_column", 1, "gia_tri"),
}


def test_every_broken_fixture_is_listed():
    assert {p.stem for p in (FIXTURES / "broken").glob("*.csv")} == set(BROKEN_CSV) | {"conflicting_duplicate"}


@pytest.mark.parametrize("name", sorted(BROKEN_CSV))
def test_broken_csv_gives_exactly_its_problem(name):
    result = validate([FIXTURES / "broken" / f"{name}.csv"])
    assert [(p.rule, p.row, p.column) for p in result.errors] == [BROKEN_CSV[name]]
    assert not result.ok
    found = result.errors[0]
    assert found.file.endswith(f"{name}.csv") and found.message_vi and found.message_en
    if name not in ("missing_column", "unknown_column"):
        assert len(result.observations) == 1  # the good row goes on
        assert len(result.quarantine) == 1  # the bad row waits, with its problem
        assert found.rule in result.quarantine.loc[0, "problems"]


def test_a_file_with_a_column_problem_is_held_back_whole():
    result = validate([FIXTURES / "broken" / "unknown_column.csv"])
    assert len(result.observations) == 0 and len(result.quarantine) == 1


def test_conflicting_duplicates_flag_both_rows():
    result = validate([FIXTURES / "broken" / "conflicting_duplicate.csv"])
    assert [(p.rule, p.row) for p in result.errors] == [("conflicting_duplicate", 3), ("conflicting_duplicate", 4)]
    assert "3, 4" in result.errors[0].message_en
    assert len(result.observations) == 1


def test_what_people_really_type_is_accepted():
    result = validate([FIXTURES / "good" / "typed_by_people.csv"])
    assert result.ok, [str(p) for p in result.errors]
    obs = result.observations.set_index(["indicator", "unit", "period"])
    for unit in ("36", "356", "358", "359", "360", "361"):
        assert obs.loc[("dossiers_processed_online", unit, "2024-Q1"), "value"] == 65.4
    assert obs.loc[("public_service_units", "36", "2021"), "value"] == 1234
    assert obs.loc[("public_service_payroll", "36", "2021"), "value"] == 31500
    assert obs.loc[("dossiers_processed_online", "362", "2024-Q1"), "value"] == pytest.approx(65.4)
    assert obs.loc[("par_index", "36", "2023"), "rank"] == 29
    assert math.isnan(obs.loc[("par_index", "VN", "2023"), "rank"])
    assert obs.loc[("streamlined_apparatus", "36", "2024"), "assessment"] == "on_track"
    assert obs.loc[("dossiers_processed_online", "361", "2024-Q1"), "source"] == "Sở Nội vụ"
    assert obs.loc[("streamlined_apparatus", "36", "2024"), "note"] == "đánh giá của chuyên viên"  # NFC
    assert obs.loc[("dossiers_processed_online", "358", "2024-Q1"), "raw_value"] == "65.4 %"


def test_codes_stay_strings_and_rows_keep_their_origin():
    result = validate([FIXTURES / "good" / "typed_by_people.csv"])
    obs = result.observations
    assert obs["unit"].map(type).eq(str).all()
    first = obs[(obs["unit"] == "36") & (obs["indicator"] == "dossiers_processed_online")].iloc[0]
    assert first["source_row"] == 2 and first["source_file"].endswith("typed_by_people.csv")


def test_the_sample_data_validates_clean(units):
    from conftest import REPO

    result = validate([REPO / "data" / "sample"])
    assert result.ok, [str(p) for p in result.errors[:5]]
    assert result.illustrative
    assert result.rows_read == len(result.observations) + 1  # one figure revised by a later file
    [revision] = [p for p in result.warnings if p.rule == "revision"]
    assert revision.file.endswith("2025-Q2_dieu_chinh.csv")
    districts = result.observations[result.observations["unit"].isin([u.code for u in units.children("36")])]
    assert districts["period_end"].max().date().isoformat() == "2025-06-30"
