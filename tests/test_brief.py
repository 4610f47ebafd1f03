"""What the notebooks call: parameters, the brief context and sections, marks for data errors."""

import shutil

import pytest

from conftest import REPO
from partrack import brief


def test_parameters_are_checked_with_readable_messages():
    with pytest.raises(brief.ParameterError, match="unknown unit '999'"):
        brief.BriefParameters.checked(unit="999")
    with pytest.raises(brief.ParameterError, match="data not found"):
        brief.BriefParameters.checked(data="no/such/folder")
    with pytest.raises(brief.ParameterError, match="perod: Extra inputs are not permitted"):
        brief.BriefParameters.checked(perod="2025-Q2")
    assert brief.BriefParameters.checked(unit=358).unit == "358"  # a code typed as a number stays text


def test_indicators_with_held_back_rows_are_marked(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "sample", data)
    (data / "zz_error.csv").write_text(
        "indicator,unit,period,value\ndossiers_processed_online,36,2025-Q2,160\n", encoding="utf-8"
    )
    context = brief.open_brief(area="procedures", data=str(data))
    assert not context.validation.ok
    table = brief.status_table(context).data
    assert table.count("có dòng số liệu lỗi bị giữ lại") == 1
    notes = brief.data_notes(context).data
    assert "Tỷ lệ 160 nằm ngoài khoảng 0–100" in notes


def test_sections_of_a_district_brief_in_english():
    context = brief.open_brief(area="digital_government", unit="358", lang="en")
    assert context.unit.name_en == "Mỹ Lộc district"
    assert "Mỹ Lộc district" in brief.header(context).data
    assert "Districts compared" in brief.district_comparison(context).data
    assert "Lead agency: Sở Thông tin và Truyền thông" in brief.area_summary(context).data
