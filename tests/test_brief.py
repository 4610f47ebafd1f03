"""What the notebooks call: parameters, the brief context and sections, marks for data errors."""

import base64
import dataclasses
import re
import shutil
from datetime import date

import pytest
from markupsafe import escape

from conftest import REPO
from partrack import brief
from partrack.brief.sections import roman
from partrack.catalogue.model import NUMERIC_KINDS, StatusThresholds
from partrack.narrative.render import priorities


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
    assert "Lead agency: Department of Information and Communications" in brief.area_summary(context).data


# A plan is data: whatever the brief says about the plan comes from the catalogue, every word from the vocabulary.

SECTIONS = REPO / "lib" / "partrack" / "brief" / "sections.py"
TEMPLATES = REPO / "lib" / "partrack" / "brief" / "templates"


def _open(area=None, lang="vi", **extra):
    return brief.open_brief(area=area, data="data/sample", unit="36", lang=lang, **extra)


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
    context = _open()
    assert "ngày 31 tháng 12 năm 2025" in brief.method_note(context).data  # the bundled plan's deadline
    other = _with_plan(context, deadline=date(2030, 12, 31), baseline_year=2026,
                       thresholds=StatusThresholds(on_track=0.9, needs_acceleration=0.45))  # fmt: skip
    html = brief.method_note(other).data
    assert "đến ngày 31 tháng 12 năm 2030" in html and "kể từ năm 2026" in html
    assert "từ 0,9 trở lên là “Đúng tiến độ”, từ 0,45 đến dưới 0,9 là “Cần đẩy nhanh”" in html
    assert "2025" not in html and "2021" not in html and "0,95" not in html
    english = brief.method_note(_with_plan(_open(lang="en"), deadline=date(2030, 12, 31), baseline_year=2026)).data
    assert "by 31 December 2030" in english and "since 2026" in english and "1 or more is “On track”" in english


def test_the_table_projects_to_the_plans_deadline():
    context = _open(area="procedures")
    assert ">Dự báo 2025</th>" in brief.status_table(context).data
    assert ">Dự báo 2030</th>" in brief.status_table(_with_plan(context, deadline=date(2030, 12, 31))).data


def test_overview_sections_are_numbered_in_order_and_skip_what_the_plan_lacks():
    """The leadership edition: summary, priorities, rankings, the table of every goal; the rest is the annex.

    At the sample's latest period (the close of Nam Định) the priorities are the goals not achieved and the table
    gives final results; before the close, the ordinary headings.
    """
    context = _open()
    assert brief.plan_summary(context).data.startswith("<h2>I. Tóm tắt</h2>")
    assert brief.most_behind(context).data.startswith("<h2>II. Các chỉ tiêu không đạt</h2>")
    assert brief.rankings(context).data.startswith("<h2>III. Xếp hạng của tỉnh</h2>")
    assert brief.changes(context).data.startswith("<h2>IV. Kết quả từng chỉ tiêu</h2>")
    before = _open(period="2024-Q4")
    assert brief.most_behind(before).data.startswith("<h2>II. Các chỉ tiêu cần ưu tiên</h2>")
    assert brief.changes(before).data.startswith("<h2>IV. Trạng thái từng chỉ tiêu</h2>")
    for notes in (brief.data_notes(context).data, brief.data_notes(_open(area="procedures")).data):
        assert notes.startswith('<section class="annex annex-start"') and "Chất lượng số liệu" not in notes
    ranked = {i.id for i in context.catalogue.rankings}
    unranked = context.catalogue.model_copy(
        update={"indicators": [i for i in context.catalogue.indicators if i.id not in ranked]}
    )
    plain = dataclasses.replace(
        context, catalogue=unranked, table=context.table[~context.table["indicator"].isin(ranked)]
    )
    assert brief.rankings(plain).data == ""  # a plan without national rankings has no such section
    assert brief.changes(plain).data.startswith("<h2>III. Kết quả từng chỉ tiêu</h2>")


def test_a_district_overview_compares_instead_of_ranking():
    district = brief.open_brief(unit="358")
    html = brief.rankings(district).data
    assert html.startswith("<h2>III. So sánh với toàn tỉnh và các huyện, thành phố</h2>")
    assert (
        "Xếp hạng của tỉnh" not in html and "PAR INDEX" not in html and 'class="status-table comparison-table"' in html
    )
    assert "Các chỉ số xếp hạng" not in brief.most_behind(district).data
    assert brief.changes(district).data.startswith("<h2>IV. Kết quả từng chỉ tiêu</h2>")


def test_roman_numerals():
    assert [roman(n) for n in (1, 2, 4, 5, 9, 14, 40, 1990)] == ["I", "II", "IV", "V", "IX", "XIV", "XL", "MCMXC"]


def _ranked_out(context):
    numeric = context.own[context.own["target_kind"].isin(NUMERIC_KINDS)]
    return numeric[~numeric["indicator"].isin({i.id for i in context.catalogue.rankings})]


def test_the_priority_list_names_or_counts_every_other_goal_behind():
    """No silent cut: a few others are named; more are counted and pointed to the table, which shows each status."""
    context = _open()
    numeric = _ranked_out(context)
    shown, rest = priorities(numeric, 1)
    assert len(shown) >= 1 and len(rest) > 5  # the sample has many goals not achieved at its close: cut after one
    html = brief.most_behind(context, limit=1).data
    assert html.count('<p class="indicator') == len(shown)
    assert f"Ngoài ra, {len(rest)} chỉ tiêu định lượng khác cũng không đạt (xem bảng tại mục IV)." in html
    table = brief.changes(context).data
    for indicator in rest["indicator"]:  # each one is in the table with its verdict
        name = str(escape(context.catalogue.indicator(indicator).name("vi")))
        assert re.search(re.escape(name) + r"</td>.*?status-not_achieved", table, re.S), name
    few = len(shown) + len(rest) - 2
    shown, rest = priorities(numeric, few)
    names = "; ".join(context.catalogue.indicator(i).name("vi") for i in rest["indicator"])
    html = brief.most_behind(context, limit=few).data
    assert str(escape(f"Ngoài ra, {len(rest)} chỉ tiêu định lượng khác cũng không đạt: {names}.")) in html
    milestone = [r["indicator"] for _, r in numeric.iterrows() if "behind_milestone" in (r["flags"] or ())]
    assert milestone  # the digitisation goal is below its 2024 minimum in the sample
    for indicator in milestone:  # below its yearly minimum: always given its paragraph
        assert (
            str(escape(context.catalogue.indicator(indicator).name("vi"))) + "</strong>"
            in brief.most_behind(context, limit=1).data
        )


def test_at_the_close_the_priorities_are_the_shortfalls_and_say_shared_facts_once():
    context = _open()
    html = brief.most_behind(context).data
    numeric = _ranked_out(context)
    shown, rest = priorities(numeric, 5)
    assert (shown["status"] == "not_achieved").all() and (rest["status"] == "not_achieved").all()
    ordered = shown[~shown["flags"].map(lambda f: "behind_milestone" in (f or ()))]
    assert list(ordered["share_done"]) == sorted(ordered["share_done"])  # the largest shortfall first
    names = [str(escape(context.catalogue.indicator(i).name("vi"))) for i in shown["indicator"]]
    assert [n for n in sorted(names, key=html.index)] == names  # in that order in the text
    intro = html[html.index('class="list-intro"') : html.index('<p class="indicator')]
    assert f"Tính đến ngày\u00a030/6/2025, {len(shown) + len(rest)} chỉ tiêu định lượng không đạt mục tiêu." in intro
    assert "số liệu Quý\u00a0II/2025" in intro and "so với Quý\u00a0I/2025" in intro
    items = html[html.index('<p class="indicator') :]
    for said_once in ("Kết quả cuối cùng", "30/6/2025", "So với", "Quý II/2025", "Quý I/2025", "vào năm 2025"):
        assert said_once not in items, said_once
    assert "đạt 86,4% (tăng 3,6\u00a0điểm phần trăm), mục tiêu 100%, còn thiếu 13,6\u00a0điểm phần trăm." in items
    assert "nếu giữ xu hướng này thì sẽ đạt 96,1%. Chưa đạt mốc tối thiểu năm 2024 (90%).</p>" in items
    rankings = brief.rankings(context).data
    assert rankings.count("Kết quả cuối cùng") == 1 and "So với" not in rankings
    assert "— không đạt, còn cách 20\u00a0bậc." in rankings  # the verdict in the sentence, not repeated after it


def test_before_the_close_the_priorities_keep_the_ordinary_wording():
    context = _open(period="2024-Q4")
    html = brief.most_behind(context).data
    assert "xếp theo mức độ cần ưu tiên (số liệu Quý\u00a0IV/2024;" in html and "Kết quả cuối cùng" not in html
    assert "Cả 6 chỉ tiêu dưới đây đều ở trạng thái “Cần đẩy nhanh”." in html  # the shared status, said once
    assert "theo xu hướng này, dự kiến đạt" in html and "Trạng thái:" not in html


def test_every_source_is_listed_in_full_and_only_http_sources_are_links():
    context = _open()
    sources = context.validation.observations["source"].dropna().unique()
    html = brief.data_notes(context).data
    listed = html[html.index('class="sources"') :]
    assert listed.count("<li>") == len(sources)  # none cut
    assert "(illustrative)" not in html  # an English gloss of submitted text stays out of a Vietnamese brief
    hostile = context.validation.observations.copy()
    hostile.loc[hostile.index[:2], "source"] = ["javascript:alert(1)", "ftp://example.org/data.csv"]
    validation = dataclasses.replace(context.validation, observations=hostile)
    html = brief.data_notes(dataclasses.replace(context, validation=validation)).data
    assert "javascript:alert(1)" in html and 'href="javascript' not in html and 'href="ftp' not in html
    assert all(h.startswith(("http://", "https://")) for h in re.findall(r'href="([^"]*)"', html))


def test_the_annex_names_files_from_the_data_folder_never_by_their_full_path():
    from partrack.brief.sections import relative_file, scrub

    context = _open()
    html = brief.data_notes(context).data + brief.data_notes(_open(area="procedures")).data
    folder = str(REPO / "data" / "sample")
    assert folder not in html and str(REPO) not in html
    assert "2025-Q2_dieu_chinh.csv" in html
    base = REPO / "data" / "sample"
    assert relative_file(str(base / "huyen" / "a.csv"), [base]) == "huyen/a.csv"
    assert relative_file(str(base / "a.csv"), [base / "a.csv"]) == "a.csv"
    assert scrub(f"thay giá trị 57 ({base}/a.csv:12)", [base]) == "thay giá trị 57 (a.csv:12)"


def test_a_district_brief_carries_only_its_own_data_notes():
    district = brief.open_brief(unit="358", area="procedures")
    html = brief.data_notes(district).data
    other_districts = [
        u.name("vi") for u in district.units.children(district.catalogue.plan.province) if u.code != "358"
    ]
    assert not [name for name in other_districts if name in html]
    assert "xep_hang_cong_bo.csv, dòng" not in html  # the province's rankings are not the district's data


def test_the_header_follows_nghi_dinh_30_and_states_the_date_of_issue():
    context = _open(issued="2025-07-20")
    html = brief.header(context).data
    assert '<span class="nation-title">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</span>' in html  # one line (nowrap)
    assert '<span class="motto">Độc lập - Tự do - Hạnh phúc</span>' in html and "<u>" not in html
    assert '<span class="office">SỞ NỘI VỤ</span>' in html
    assert '<td class="place-date">Nam Định, ngày 20 tháng 7 năm 2025</td>' in html  # the date of issue
    assert 'lang="vi" data-title="Tình hình thực hiện Kế hoạch cải cách hành chính — Tổng quan — Tỉnh Nam Định' in html
    assert "<strong>Chữ viết tắt:</strong>" in html and "TTHC</span>: thủ tục hành chính" in html
    assert "29/9/2021" in html and "29/09/2021" not in html
    english = brief.header(_open(lang="en")).data
    assert "PROGRESS OF THE PUBLIC ADMINISTRATION REFORM PLAN<br/>" in english and " OF<br/>" not in english


def test_goals_table_counts_every_goal_and_uses_one_term():
    context = _open()
    html = brief.changes(context).data
    assert html.count('<td class="col-ref">') == len(context.own) and "điểm %" not in html
    assert "xem Phụ lục kỹ thuật" in html  # the leadership edition ends by pointing to the annex
    numeric = len(context.own[context.own["target_kind"].isin(NUMERIC_KINDS)])
    summary = brief.plan_summary(context).data
    assert (
        f"Kết quả cuối cùng của {len(context.own)} chỉ tiêu" in summary
        and f"Trong đó, {numeric} chỉ tiêu định lượng" in summary
    )
    assert "điểm %" not in brief.status_table(_open(area="procedures")).data
    assert "1.2/" not in brief.status_table(_open(area="procedures")).data  # plan references in words


def test_no_section_capitalises_a_unit_word_mid_sentence():
    from test_narrative import assert_no_capital_mid_sentence

    texts = []
    for unit in ("36", "358"):
        context = brief.open_brief(unit=unit)
        texts += [f(context).data for f in (brief.plan_summary, brief.most_behind, brief.rankings, brief.data_notes)]
        area = brief.open_brief(unit=unit, area="procedures")
        texts += [f(area).data for f in (brief.area_summary, brief.indicator_sections, brief.district_comparison,
                                         brief.qualitative_goals)]  # fmt: skip
    assert_no_capital_mid_sentence([re.sub(r"<(td|th)[^>]*>.*?</\1>", "", t, flags=re.S) for t in texts])


def test_charts_are_embedded_as_svg_with_text():
    html = brief.status_overview(_open()).data
    found = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert found and "<text" in base64.b64decode(found.group(1)).decode("utf-8")


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


def test_the_table_shows_the_previous_status_where_the_summary_points_to_it():
    from partrack.narrative.render import pointed_goals

    context = _open(period="2025-Q1")  # a quarter in which more than five goals moved to the same status
    pointed = pointed_goals(context.own)
    assert len(pointed) > 5
    assert ": xem mục IV)" in brief.plan_summary(context).data
    table = brief.changes(context).data
    assert table.count('<span class="previous">trước đó: ') == len(pointed)
    for closed in (_open(), _open(period="2024-Q4")):  # nothing pointed: the summary names every change
        assert not pointed_goals(closed.own) and '<span class="previous">' not in brief.changes(closed).data


def test_the_summary_shows_the_status_chart_first_and_the_priorities_no_chart():
    context = _open()
    summary = brief.plan_summary(context).data
    assert summary.index("<figure") < summary.index('<p class="overview-summary">')
    assert "<figure" not in brief.most_behind(context).data


def test_a_district_that_ended_is_briefed_at_its_own_close():
    """Mỹ Lộc (358) ended on 31/8/2024: its brief says so on its cover, whatever later period the run is for."""
    for period in ("latest", "2024-Q3"):
        district = brief.open_brief(unit="358", period=period)
        header = brief.header(district).data
        assert 'Huyện Mỹ Lộc — <span class="nw">đến ngày 31/8/2024</span>' in header
        assert "số liệu đến hết ngày\u00a031/8/2024" in header and "Quý" not in header
        assert "đến ngày 31/8/2024" in re.search(r'data-title="([^"]*)"', header).group(1)
        summary = brief.plan_summary(district).data
        assert summary.count("kết thúc hoạt động sau ngày\u00a031/8/2024") == 1  # said once, in the summary
        for section in (brief.most_behind, brief.changes):
            assert "kết thúc hoạt động" not in section(district).data
    english = brief.header(brief.open_brief(unit="358", lang="en")).data
    assert 'Mỹ Lộc district — <span class="nw">up to 31 Aug 2024</span>' in english and "Q2 2025" not in english


def test_counts_are_written_with_what_they_count_in_tables_and_text():
    area = _open(area="apparatus")
    table = brief.status_table(area).data
    assert "737 đơn\u00a0vị" in table and "28.452 biên\u00a0chế" in table and "307 biên\u00a0chế" in table
    blocks = brief.indicator_sections(area).data
    assert "giảm còn 737\u00a0đơn vị" in blocks and "mức tối đa theo Kế hoạch là 737\u00a0đơn vị" in blocks
    assert "Tốc độ giảm bình quân 829\u00a0biên chế/năm" in blocks and "cần giảm thêm 307\u00a0biên chế" in blocks
    assert "28.452 biên\u00a0chế" in brief.changes(_open()).data
    english = brief.indicator_sections(_open(area="apparatus", lang="en")).data
    assert "down to 737\u00a0units" in english and "a further 307\u00a0posts to cut" in english


def test_an_area_that_sets_a_unit_no_goal_says_so():
    district = brief.open_brief(unit="356", area="institutions")
    assert "không có chỉ tiêu nào áp dụng cho thành phố Nam Định." in brief.area_summary(district).data
    assert brief.status_table(district).data == ""
    english = brief.open_brief(unit="356", area="institutions", lang="en")
    assert "sets no goal for Nam Định city." in brief.area_summary(english).data
