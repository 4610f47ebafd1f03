"""The unit registry: codes as strings, levels, parents, validity and the 2025 merger."""

from datetime import date

import pytest

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
    district = units["358"]
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
