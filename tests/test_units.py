"""The unit registry: codes as strings, levels, parents, validity, the 2024 and 2025 mergers, and what they mean
for validation and for the briefs a run makes."""

from datetime import date

import pandas as pd
import pytest

from conftest import validate_tables
from partrack.ingest.readers import RawTable
from partrack.periods import parse_period
from partrack.publish.runner import expand_units
from partrack.units import UnitRegistryError, load_units


def test_nam_dinh_and_its_ten_districts(units):
    assert units["36"].level == "province" and units["36"].name_vi == "Tỉnh Nam Định"
    districts = units.children("36")
    assert [u.code for u in districts] == ["356", "358", "359", "360", "361", "362", "363", "364", "365", "366"]
    assert all(u.level == "district" for u in districts)
    assert units["360"].name_vi == "Huyện Ý Yên"


def test_codes_are_strings(units):
    assert all(isinstance(u.code, str) for u in units)
    assert "36" in units and 36 not in units


def test_validity_and_successor(units):
    district = units["359"]
    assert district.exists_on(date(2025, 6, 30)) and not district.exists_on(date(2025, 7, 1))
    assert units["36"].successor == "37"
    assert units["37"].exists_on(date(2025, 7, 1)) and not units["37"].exists_on(date(2025, 6, 30))
    assert units["VN"].assessed is False


def test_assessed_units_of_a_province_exclude_comparison_units(units):
    codes = [u.code for u in units.assessed_units("36")]
    assert codes[0] == "36" and len(codes) == 11 and "VN" not in codes


def test_a_numeric_code_in_yaml_is_refused_with_a_hint(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "units:\n  - {code: 036, name_vi: X, name_en: X, level: commune}\n", encoding="utf-8"
    )
    with pytest.raises(UnitRegistryError, match="must be quoted text"):
        load_units(tmp_path)


def test_an_unknown_parent_is_refused(tmp_path):
    (tmp_path / "x.yaml").write_text(
        'units:\n  - {code: "01", name_vi: X, name_en: X, level: commune, parent: "999"}\n', encoding="utf-8"
    )
    with pytest.raises(UnitRegistryError, match="parent '999' is not a known unit"):
        load_units(tmp_path)


def test_mi_loc_merged_into_nam_dinh_city_on_1_9_2024(units):
    """Nghị quyết 1104/NQ-UBTVQH15 (23/7/2024): Huyện Mỹ Lộc into Thành phố Nam Định from 1/9/2024."""
    mi_loc = units["358"]
    assert (mi_loc.valid_to, mi_loc.successor) == (date(2024, 8, 31), "356")
    assert mi_loc.exists_on(date(2024, 8, 31)) and not mi_loc.exists_on(date(2024, 9, 1))
    assert units["356"].exists_on(date(2025, 6, 30)) and units["356"].name_vi == "Thành phố Nam Định"


def _validated(*rows):
    frame = pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"]).assign(
        source_row=range(2, 2 + len(rows))
    )
    return validate_tables([RawTable("inline.csv", None, frame)])


def test_a_figure_for_mi_loc_after_the_merger_is_rejected_naming_its_successor():
    result = _validated(("dossiers_processed_online", "358", "2024-Q2", "50"),
                        ("dossiers_processed_online", "358", "2024-Q4", "52"))  # fmt: skip
    [error] = result.errors
    assert (error.rule, error.row, error.value) == ("unit_not_in_period", 3, "358")
    assert "Thành phố Nam Định" in error.message_vi and "Thành phố Nam Định" in error.message_en
    assert "2024-Q4" in error.message_vi
    assert result.observations["period"].tolist() == ["2024-Q2"]
    # a unit that did not exist yet has no successor to name
    [early] = _validated(("dossiers_processed_online", "37", "2024-Q4", "52")).errors
    assert early.rule == "unit_not_in_period" and "→" not in early.message_vi.split(";")[0]


def test_the_quarter_of_the_merger_may_still_be_reported_by_mi_loc():
    # 2024-Q3 straddles 1/9/2024: Mỹ Lộc existed for part of it (the sample data leaves it to the city)
    assert _validated(("dossiers_processed_online", "358", "2024-Q3", "50")).ok


def test_a_run_for_all_units_makes_no_brief_for_a_unit_that_had_ended(units):
    assert "358" not in expand_units(["all"], units, parse_period("2025-Q2"), "36")
    assert "356" in expand_units(["all"], units, parse_period("2025-Q2"), "36")
    assert "358" in expand_units(["all"], units, parse_period("2024-Q3"), "36")  # it existed until 31/8/2024
