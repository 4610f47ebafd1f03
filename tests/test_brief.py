"""What the notebooks call: parameters, the brief context and sections, marks for data errors."""

import dataclasses
import re
import shutil
from datetime import date

import pytest
from markupsafe import escape

from conftest import REPO
from partrack import brief
from partrack.brief.sections import roman
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.narrative.render import most_behind as behind_rows


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


# A plan is data: whatever the brief says about the plan comes from the catalogue, every word from the vocabulary.

SECTIONS = REPO / "lib" / "partrack" / "brief" / "sections.py"
TEMPLATES = REPO / "lib" / "partrack" / "brief" / "templates"


def _open(area=None, lang="vi"):
    return brief.open_brief(area=area, data="data/sample", unit="36", lang=lang)


def _with_plan(context, **changes):
    """The same brief under a plan with other facts (another province's letterhead, deadline, thresholds)."""
    plan = context.catalogue.plan.model_copy(update=changes)
    return dataclasses.replace(context, catalogue=context.catalogue.model_copy(update={"plan": plan}))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_letterhead_comes_from_the_plan(lang):
    other = _with_plan(
        _open(lang=lang),
        **{f"authority_{lang}": "UBND TỈNH HÀ NAM", f"office_{lang}": "SỞ NỘI VỤ HÀ NAM",
           f"issuer_{lang}": "Ủy ban nhân dân tỉnh Hà Nam", f"scope_{lang}": "tỉnh Hà Nam giai đoạn 2026 - 2030"},
        province_name="Phủ Lý <Hà Nam>",
    )  # fmt: skip
    html = brief.header(other).data
    assert "UBND TỈNH HÀ NAM" in html and "SỞ NỘI VỤ HÀ NAM" in html and "TỈNH HÀ NAM GIAI ĐOẠN 2026 - 2030" in html
    assert "Phủ Lý &lt;Hà Nam&gt;, " in html  # the place-and-date line, escaped like any text from data
    assert "Ủy ban nhân dân tỉnh Hà Nam" in html
    assert "NAM ĐỊNH" not in html


def test_the_method_states_the_plans_deadline_baseline_and_thresholds():
    from partrack.catalogue.model import StatusThresholds

    context = _open()
    assert "ngày 31 tháng 12 năm 2025" in brief.method_note(context).data  # the bundled plan's deadline
    other = _with_plan(context, deadline=date(2030, 12, 31), baseline_year=2026,
                       thresholds=StatusThresholds(on_track=0.9, needs_acceleration=0.45))  # fmt: skip
    html = brief.method_note(other).data
    assert "đến ngày 31 tháng 12 năm 2030" in html and "kể từ năm 2026" in html
    assert "từ 0,9 trở lên là “Đúng tiến độ”, từ 0,45 đến dưới 0,9 là “Cần đẩy nhanh”" in html
    assert "2025" not in html and "2021" not in html and "0,95" not in html
    english = brief.method_note(_with_plan(_open(lang="en"), deadline=date(2030, 12, 31), baseline_year=2026)).data
    assert "by 31 December 2030" in english and "since 2026" in english and "0.95 or more is “On track”" in english


def test_the_table_projects_to_the_plans_deadline():
    context = _open(area="procedures")
    assert "<th>Dự báo 2025</th>" in brief.status_table(context).data
    assert "<th>Dự báo 2030</th>" in brief.status_table(_with_plan(context, deadline=date(2030, 12, 31))).data


def test_overview_sections_are_numbered_in_order_and_skip_what_the_plan_lacks():
    context = _open()
    assert brief.plan_summary(context).data.startswith("<h2>I. Tóm tắt</h2>")
    assert brief.rankings(context).data.startswith("<h2>III. Xếp hạng của tỉnh</h2>")
    assert brief.method_note(context).data.startswith("<h2>V. Phương pháp</h2>")
    assert "<h2>Ghi chú về số liệu</h2>" in brief.data_notes(_open(area="procedures")).data  # not numbered
    ranked = {i.id for i in context.catalogue.rankings}
    unranked = context.catalogue.model_copy(
        update={"indicators": [i for i in context.catalogue.indicators if i.id not in ranked]}
    )
    plain = dataclasses.replace(context, catalogue=unranked)
    assert brief.rankings(plain).data == ""  # a plan without national rankings has no such section
    assert brief.data_notes(plain).data.startswith("<h2>III. Chất lượng số liệu</h2>")
    assert brief.method_note(plain).data.startswith("<h2>IV. Phương pháp</h2>")


def test_roman_numerals():
    assert [roman(n) for n in (1, 2, 4, 5, 9, 14, 40, 1990)] == ["I", "II", "IV", "V", "IX", "XIV", "XL", "MCMXC"]


def test_a_cut_list_names_or_counts_the_rest():
    context = _open()
    numeric = context.own[context.own["target_kind"].isin(NUMERIC_KINDS)]
    behind = behind_rows(numeric, len(numeric))
    assert len(behind) >= 3  # the sample has several goals behind: cut after one
    rest = [context.catalogue.indicator(i).name("vi") for i in behind["indicator"][1:]]
    html = brief.most_behind(context, limit=1).data
    assert html.count('<p class="indicator') == 1
    assert str(escape(f"… và {len(rest)} chỉ tiêu khác: {', '.join(rest)}.")) in html
    assert "chỉ tiêu khác" not in brief.most_behind(context, limit=len(behind)).data

    sources = context.validation.observations["source"].dropna().unique()
    assert len(sources) > 2
    html = brief.data_notes(context, max_sources=2).data
    assert html.count("<li>", html.index('class="sources"')) == 3
    assert f"… và {len(sources) - 2} nguồn khác" in html
    english = brief.data_notes(_open(lang="en"), max_sources=2).data
    assert f"… and {len(sources) - 2} more" in english


def test_changes_beyond_the_chart_are_named():
    html = brief.changes(_open(), limit=3).data
    assert html.count("<figure") == 1 and re.search(r"… và \d+ chỉ tiêu khác: ", html)


def test_no_language_branch_province_year_or_code_in_sections_and_templates():
    code = SECTIONS.read_text(encoding="utf-8")
    assert not re.search(r"lang\s*[!=]=|[!=]=\s*lang|\blang\s+in\b", code)
    assert "WORDS" not in code and "METHOD" not in code
    catalogue = _open().catalogue
    texts = {SECTIONS: code} | {p: p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.j2")}
    assert len(texts) > 5
    for path, text in texts.items():
        assert not re.search(r"\b(19|20)\d\d\b", text), path
        assert "nam định" not in text.lower(), path
        assert f'"{catalogue.plan.province}"' not in text, path
        assert not [i.id for i in catalogue.indicators if f'"{i.id}"' in text or f"'{i.id}'" in text], path
        assert not re.search(r"\b(I|II|III|IV|V)\. ", text), path  # section numbers come from the outline
