"""The Excel template: rows due, protections, data validation, and the round trip through validate."""

import openpyxl

from conftest import BUNDLED_CATALOGUE, BUNDLED_UNITS, validate
from partrack.ingest.template import DATA_SHEET, HEADER_ROW, write_template
from partrack.periods import parse_period


def _fill(path):
    """Fill the template as a department would: numbers in the value column, an assessment where needed."""
    book = openpyxl.load_workbook(path)
    ws = book[DATA_SHEET]
    header = [c.value for c in ws[HEADER_ROW]]
    col = {name: i + 1 for i, name in enumerate(header)}
    filled = 0
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        indicator = ws.cell(row=row, column=col["indicator"]).value
        if indicator is None:
            continue
        if indicator.startswith(("streamlined", "clear_", "professional", "merit", "budget", "law_", "plan_")):
            ws.cell(row=row, column=col["assessment"], value="on_track")
            ws.cell(row=row, column=col["note"], value="Báo cáo CCHC quý của Sở Nội vụ")
        elif indicator in ("one_stop_shop_renewed", "admin_units_rearranged"):
            ws.cell(row=row, column=col["value"], value=1)
        elif indicator.startswith("public_service"):
            ws.cell(row=row, column=col["value"], value=700 + row)
        else:
            ws.cell(row=row, column=col["value"], value="65,4")
        ws.cell(row=row, column=col["source"], value="Văn phòng UBND tỉnh")
        filled += 1
    book.save(path)
    return filled


def test_district_template_round_trips_without_manual_change(tmp_path, catalogue):
    path = tmp_path / "mau.xlsx"
    rows = write_template(path, parse_period("2025-Q2"), "district", catalogue=BUNDLED_CATALOGUE, units=BUNDLED_UNITS)
    district_indicators = [i for i in catalogue.indicators if "district" in i.levels and i.unit != "rank"]
    assert rows == 9 * len(district_indicators)
    assert _fill(path) == rows
    result = validate([path])
    assert result.ok, [str(p) for p in result.errors[:3]]
    assert len(result.observations) == rows
    assert not [p for p in result.warnings if p.rule != "jump"]


def test_province_template_in_a_year_includes_the_rankings(tmp_path):
    path = tmp_path / "nam.xlsx"
    write_template(path, parse_period("2024"), "province", catalogue=BUNDLED_CATALOGUE, units=BUNDLED_UNITS)
    ws = openpyxl.load_workbook(path)[DATA_SHEET]
    indicators = {ws.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    assert {"par_index", "sipas", "papi", "streamlined_apparatus"} <= indicators


def test_template_is_protected_with_input_cells_open_and_validation(tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template(path, parse_period("2024-Q3"), "province", catalogue=BUNDLED_CATALOGUE, units=BUNDLED_UNITS)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["HuongDan", DATA_SHEET]
    ws = book[DATA_SHEET]
    assert ws.protection.sheet
    first = HEADER_ROW + 1
    assert ws.cell(row=first, column=1).protection.locked  # indicator code
    assert not ws.cell(row=first, column=4).protection.locked  # value
    assert ws.cell(row=first, column=2).data_type == "s" and ws.cell(row=first, column=2).value == "36"
    kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ("decimal", "0") in kinds
    assert any(t == "list" and "on_track" in f for t, f in kinds)
    assert "HƯỚNG DẪN" in book["HuongDan"]["A1"].value


def test_no_template_when_no_unit_existed(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="no district-level unit existed in 2025-Q3"):
        write_template(
            tmp_path / "x.xlsx", parse_period("2025-Q3"), "district", catalogue=BUNDLED_CATALOGUE, units=BUNDLED_UNITS
        )
