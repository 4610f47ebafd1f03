"""Paragraphs: golden text (vi and en) for the worked example and one case per status and kind; formatting."""

import re
from pathlib import Path

import pytest
from markupsafe import Markup, escape
from progress_helpers import observations, row

import partrack
from partrack.catalogue import load_catalogue
from partrack.narrative.render import area_paragraph, indicator_paragraph, overview_paragraph
from partrack.progress import compute_progress
from partrack.units import load_units
from partrack.words.labels import status_label
from partrack.words.numbers import difference, number, value_with_unit

ONLINE = "dossiers_processed_online"
PLAN = {"catalogue": load_catalogue(), "units": load_units()}  # the bundled plan, passed to every call


def _worked_example():
    obs = observations((ONLINE, "36", "2021", "20.0"), (ONLINE, "36", "2022", "32.0"), (ONLINE, "36", "2023", "41.0"),
                       (ONLINE, "36", "2024-Q1", "45.0"), (ONLINE, "36", "2024-Q2", "47.0"))  # fmt: skip
    return compute_progress(obs, "2024-Q2", **PLAN)


def test_formatting_the_vietnamese_way():
    assert number(47.0) == "47,0"
    assert number(1234567, decimals=0) == "1.234.567"
    assert number(-13.04) == "-13,0"
    assert number(None) == "chưa có số liệu" and number(None, "en") == "no data"
    assert value_with_unit(65.4, "percent") == "65,4%"
    assert difference(13.0, "percent") == "13,0 điểm phần trăm"
    assert difference(13.0, "percent", "en") == "13.0 percentage points"
    assert number(1234567.5, "en") == "1,234,567.5"


def _nb(text: str) -> str:
    """A golden text with "~" for the non-breaking space that ties a number to its unit."""
    return text.replace("~", "\u00a0")


def test_golden_paragraph_vi_for_the_worked_example():
    table = _worked_example()
    text = indicator_paragraph(row(table, ONLINE), "vi", **PLAN)
    r = row(table, ONLINE)
    assert text == Markup(_nb(
        '<p class="indicator status-on_track"><strong>Tỷ lệ hồ sơ giải quyết trực tuyến</strong> (mục 1.2, ý thứ 6, '
        'tỉnh Nam Định): đạt 47,0% (<span class="nw">Quý II/2024</span>), mục tiêu 60% vào năm 2025, còn thiếu '
        "13,0~điểm phần trăm. Tốc độ tăng bình quân 10,7~điểm phần trăm/năm, nhanh hơn mức cần thiết "
        "(8,6~điểm phần trăm/năm); theo xu hướng này, đến cuối năm 2025 dự kiến đạt 63,1%. "
        'Trạng thái: <strong>Đúng tiến độ</strong>. So với <span class="nw">Quý I/2024</span>: tăng '
        "2,0~điểm phần trăm, trạng thái giữ nguyên.</p>"
    ))  # fmt: skip
    assert f"{r['projected']:.1f}".replace(".", ",") in text  # the sentence states the row's number


def test_golden_paragraph_en_for_the_worked_example():
    text = indicator_paragraph(row(_worked_example(), ONLINE), "en", **PLAN)
    assert text == Markup(_nb(
        '<p class="indicator status-on_track"><strong>Dossiers handled online</strong> (section 1.2, item 6, '
        'Nam Định province): 47.0% in <span class="nw">Q2 2024</span>, against a 2025 goal of 60%, '
        "13.0~percentage points short. It has been rising by 10.7~percentage points a year on average, faster than "
        "the 8.6~percentage points a year needed; at this pace it would reach 63.1% by the end of 2025. Status: "
        '<strong>On track</strong>. Since <span class="nw">Q1 2024</span>: up 2.0~percentage points, status '
        "unchanged.</p>"
    ))  # fmt: skip


def test_a_paragraph_in_the_brief_of_its_own_unit_does_not_repeat_the_unit():
    text = indicator_paragraph(row(_worked_example(), ONLINE), "vi", **PLAN, with_unit=False)
    assert "(mục 1.2, ý thứ 6):" in text and "Nam Định" not in text


CASES = [
    # (rows, period, indicator, unit, vi fragment, en fragment)
    ([(ONLINE, "36", "2021", "50"), (ONLINE, "36", "2022", "61")], "2022", ONLINE, "36",
     "đã đạt mục tiêu", "the goal is met"),
    ([(ONLINE, "36", "2021", "20"), (ONLINE, "36", "2022", "22"), (ONLINE, "36", "2023", "24")], "2023", ONLINE, "36",
     "Trạng thái: <strong>Chậm tiến độ</strong>", "Status: <strong>Off track</strong>"),
    ([(ONLINE, "36", "2021", "40"), (ONLINE, "36", "2022", "38"), (ONLINE, "36", "2023", "36")], "2023", ONLINE, "36",
     "Tốc độ giảm bình quân", "It has been falling by"),
    ([(ONLINE, "36", "2022", "40")], "2022", ONLINE, "36",
     "Mới có một kỳ số liệu", "With a single figure so far"),
    ([(ONLINE, "36", "2022", "40")], "2022", ONLINE, "358",
     "chưa có số liệu báo cáo", "no figure has been reported"),
    ([("results_digitised", "36", "2021", "10"), ("results_digitised", "36", "2022", "35"),
      ("results_digitised", "36", "2023", "60")], "2023", "results_digitised", "36",
     "Chưa đạt mốc tối thiểu năm 2023 (70%)", "below the 2023 minimum of 70%"),
    ([("public_service_units", "36", "2021", "100"), ("public_service_units", "36", "2023", "94")], "2023",
     "public_service_units", "36", "giảm còn 94\u00a0đơn vị (<span class=\"nw\">năm 2023</span>), mức tối đa theo Kế hoạch "
     "là 90\u00a0đơn vị (giảm tối thiểu 10% so với năm 2021: 100\u00a0đơn vị); cần giảm thêm 4\u00a0đơn vị",
     "down to 94\u00a0units in <span class=\"nw\">2023</span>, against a plan maximum of 90\u00a0units (a cut of at least "
     "10% from 2021: 100\u00a0units); a further 4\u00a0units to cut"),
    ([("par_index", "36", "2023", "87.32", "29", "63"), ("par_index", "VN", "2023", "86.98")], "2023", "par_index",
     "36", "xếp thứ 29/63, cao hơn trung bình cả nước (86,98%)", "ranked 29 of 63, above the national average of 86.98%"),
    ([("streamlined_apparatus", "36", "2024", "", "", "", "at_risk", "Báo cáo năm")], "2024", "streamlined_apparatus",
     "36", "<em>có nguy cơ chậm</em>; căn cứ: Báo cáo năm", "assessed as <em>at risk</em>"),
    ([("one_stop_shop_renewed", "36", "2024", "1")], "2024", "one_stop_shop_renewed", "36",
     'đã hoàn thành (<span class="nw">năm 2024</span>)', 'done as of <span class="nw">2024</span>'),
    ([(ONLINE, "359", "2025-Q1", "50"), (ONLINE, "359", "2025-Q2", "52")], "2025-Q4", ONLINE, "359",
     "kết thúc hoạt động sau ngày\u00a030/6/2025", "ceased to exist after 30\u00a0Jun\u00a02025"),
    ([(ONLINE, "358", "2024-Q1", "50"), (ONLINE, "358", "2024-Q2", "52")], "2024-Q4", ONLINE, "358",
     "kết thúc hoạt động sau ngày\u00a031/8/2024", "ceased to exist after 31\u00a0Aug\u00a02024"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "period", "indicator", "unit", "vi", "en"), CASES)
def test_one_case_per_status_and_kind(rows, period, indicator, unit, vi, en):
    table = compute_progress(observations(*rows), period, **PLAN)
    r = row(table, indicator, unit)
    assert vi in indicator_paragraph(r, "vi", **PLAN)
    assert en in indicator_paragraph(r, "en", **PLAN)


def test_script_in_a_note_comes_out_escaped():
    obs = observations(("streamlined_apparatus", "36", "2024", "", "", "", "on_track", "<script>alert(1)</script>"))
    text = indicator_paragraph(row(compute_progress(obs, "2024", **PLAN), "streamlined_apparatus"), "vi", **PLAN)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_area_and_overview_paragraphs():
    table = _worked_example()
    area = area_paragraph(table, "procedures", "36", "vi", **PLAN)
    assert "Lĩnh vực <strong>Cải cách thủ tục hành chính</strong>" in area and "Văn phòng UBND tỉnh" in area
    assert "đối với tỉnh Nam Định: 1 chỉ tiêu đúng tiến độ" in area  # "tỉnh" in lower case inside the sentence
    overview = overview_paragraph(table, "36", "en", **PLAN)
    assert "Plan No. 111/KH-UBND has 41 goals for Nam Định province — on track: 1" in overview
    assert "Of these, 32 are numeric goals" in overview and "9 are qualitative or yes/no goals" in overview


def test_no_code_branches_on_the_language():
    """Words come from the vocabulary (words/<lang>/*.yaml); a new language must not need a code change."""
    lib = Path(partrack.__file__).resolve().parent
    files = [*sorted((lib / "narrative").glob("*.py")), lib / "cli.py", lib / "publish" / "assemble.py",
             lib / "periods.py", lib / "ingest" / "report.py"]  # fmt: skip
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "lang ==" not in text and "lang !=" not in text, path
        assert not re.search(r"[!=]= ?[\"'](vi|en)[\"']", text), path


def test_a_ranking_score_is_written_in_the_unit_the_plan_gives_it():
    obs = observations(("papi", "36", "2023", "43.17", "20", "63"), ("papi", "VN", "2023", "42.1"))
    text = indicator_paragraph(row(compute_progress(obs, "2023", **PLAN), "papi"), "vi", **PLAN)
    assert _nb("43,17~điểm") in text


# --- wording: names mid-sentence, plan references, numbers tied to units, agencies, glosses, counts -------------


def test_unit_names_are_lower_case_inside_a_sentence():
    from partrack.narrative.style import inline_name

    assert inline_name("Tỉnh Nam Định", "vi") == "tỉnh Nam Định"
    assert inline_name("Huyện Ý Yên", "vi") == "huyện Ý Yên"
    assert inline_name("Thành phố Nam Định", "vi") == "thành phố Nam Định"
    assert inline_name("Nam Định province", "en") == "Nam Định province"
    assert inline_name("Sở Tư pháp", "vi") == "Sở Tư pháp"  # an agency is a proper name


def test_plan_references_in_words_numbers_tied_agencies_glosses():
    from partrack.narrative.style import agency_name, drop_gloss, plan_reference, tie

    assert (
        plan_reference("1.2/3", "vi") == "mục 1.2, ý thứ 3" and plan_reference("1.2/3", "vi", short=True) == "1.2, ý 3"
    )
    assert (
        plan_reference("1.2/3", "en") == "section 1.2, item 3"
        and plan_reference("1.2/3", "en", short=True) == "1.2 (3)"
    )
    assert tie("còn thiếu 13,0 điểm phần trăm") == "còn thiếu 13,0\u00a0điểm phần trăm"
    assert tie("737 đơn vị") == "737\u00a0đơn vị"
    assert agency_name("Sở Tư pháp", "en") == "Department of Justice"
    assert agency_name("Văn phòng UBND tỉnh", "en") == "Office of the Provincial People's Committee"
    assert agency_name("Sở Không Có", "en") == "Sở Không Có"  # unknown: as written
    assert drop_gloss("Số liệu minh họa (illustrative) — Sở Nội vụ tổng hợp", "vi") == (
        "Số liệu minh họa — Sở Nội vụ tổng hợp"
    )
    assert "(illustrative)" in drop_gloss("Số liệu minh họa (illustrative)", "en")


def test_counts_read_right_in_english():
    from partrack.narrative.render import counts

    table = compute_progress(observations((ONLINE, "36", "2021", "20"), (ONLINE, "36", "2022", "22"),
                                          (ONLINE, "36", "2023", "24")), "2023", **PLAN)  # fmt: skip
    table = table[(table["indicator"] == ONLINE) & (table["unit"] == "36")]
    english = counts(table, "en")
    assert english == ["off track: 1"]  # never "1 off track" or "6 needs acceleration"
    assert counts(table, "vi") == ["1 chỉ tiêu chậm tiến độ"]


def test_the_priority_list_always_holds_the_goals_below_their_yearly_minimum():
    from partrack.narrative.render import priorities

    rows = observations(
        ("results_digitised", "36", "2021", "10"), ("results_digitised", "36", "2022", "35"),
        ("results_digitised", "36", "2023", "60"),
        *[(ONLINE, "36", str(y), str(v)) for y, v in (("2021", 20), ("2022", 21), ("2023", 22))],
        *[("dossiers_transferred_electronically", "36", y, v) for y, v in (("2021", "20"), ("2022", "21"),
                                                                          ("2023", "22"))],
    )  # fmt: skip
    table = compute_progress(rows, "2023", **PLAN)
    own = table[table["unit"] == "36"]
    shown, rest = priorities(own, limit=1)
    assert "results_digitised" in set(shown["indicator"])  # below its 2023 minimum, whatever its rank
    assert len(shown) + len(rest) == len(own[own["status"].isin(["off_track", "needs_acceleration", "regressing",
                                                                 "not_achieved"]) | own["indicator"].eq(
        "results_digitised")])  # fmt: skip


@pytest.mark.parametrize("period", ["latest", "2024-Q4"])
def test_status_changes_are_grouped_and_named_or_pointed_to_never_cut_silently(catalogue, units, period):
    """Grouped by the status reached: each group names its goals, or is every goal of that status (the table's
    status column names them), or, past five goals before the close, points to the table (which shows the previous
    status); at the close nothing is pointed to the table."""
    from conftest import REPO, validate

    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    table = compute_progress(result.observations, period, catalogue=catalogue, units=units)
    text = overview_paragraph(table, catalogue.plan.province, "vi", catalogue=catalogue, units=units, see="xem mục IV")
    own = table[table["unit"] == catalogue.plan.province]
    moved = own[own["status_prev"].notna() & (own["status_prev"] != own["status"])]
    assert len(moved) >= 5
    final = bool(own["final"].all())
    for after, group in moved.groupby("status"):
        label = status_label(after, "vi")
        assert f"{len(group)} chỉ tiêu chuyển sang “{label}”" in text
        names = [catalogue.indicator(i).name("vi") for i in group["indicator"]]
        named = all(str(escape(n)) in text for n in names)
        complete = len(group) == (own["status"] == after).sum()
        pointed = len(names) > 5 and "xem mục IV" in text and not final
        assert named or complete or pointed, after
        if complete:
            assert f"“{label}” (tất cả các chỉ tiêu ở trạng thái này;" in text
    if final:
        assert "xem mục IV" not in text  # the table shows no previous status at the close


def test_tinh_and_huyen_are_never_capitalised_after_the_first_word_of_a_sentence(catalogue, units):
    from conftest import REPO, validate

    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    table = compute_progress(result.observations, "latest", catalogue=catalogue, units=units)
    texts = []
    for code in (catalogue.plan.province, "358"):
        texts.append(overview_paragraph(table, code, "vi", catalogue=catalogue, units=units))
        texts += [area_paragraph(table, a.code, code, "vi", catalogue=catalogue, units=units)
                  for a in catalogue.areas]  # fmt: skip
        texts += [indicator_paragraph(r, "vi", catalogue=catalogue, units=units)
                  for _, r in table[table["unit"] == code].iterrows()]  # fmt: skip
    assert_no_capital_mid_sentence(texts)


def assert_no_capital_mid_sentence(texts):
    """No "Tỉnh", "Huyện" or "Thành phố" after the first word of a sentence (tags stripped)."""
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", "", str(text))
        for sentence in re.split(r"(?<=[.!?:;])\s+|\n", plain):
            words = sentence.split()
            for k, word_ in enumerate(words[1:], start=1):
                if word_ in ("Tỉnh", "Huyện") or (word_ == "Thành" and k + 1 < len(words) and words[k + 1] == "phố"):
                    found.append(sentence)
    assert found == []


# Numbers in a paragraph that are not counts: plan references, dates, percentages, years, periods ("6 tháng", "H1").
NOT_COUNTS = re.compile(
    r"\d+(\.\d+)?, (ý thứ|item) \d+|\d+/\d+/\d{4}|\d+\s\w{3}\s\d{4}|\d+(,\d+)?%|\b20\d\d\b|[QH]\d|\d+ tháng"
)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_figure_of_a_count_goal_is_written_with_what_it_counts(catalogue, units, lang):
    """A count never stands bare: value, target, baseline, gap, change, paces and projection carry their noun."""
    from conftest import REPO, validate

    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    counted = [i for i in catalogue.indicators if i.unit == "count" and i.count_unit(lang)]
    assert {i.id for i in counted} >= {"public_service_units", "public_service_payroll"}
    for period in ("latest", "2024-Q4"):
        table = compute_progress(result.observations, period, catalogue=catalogue, units=units)
        for item in counted:
            for _, r in table[(table["indicator"] == item.id) & table["value"].notna()].iterrows():
                text = re.sub(r"<[^>]+>", "", str(indicator_paragraph(r, lang, catalogue=catalogue, units=units)))
                text = re.sub(NOT_COUNTS, "", text)
                bare = [m.group(0) for m in re.finditer(r"\d[\d.,]*(?!\d)", text)
                        if not text[m.end():].startswith("\u00a0" + item.count_unit(lang))]  # fmt: skip
                assert bare == [], (item.id, r["unit"], period, text)


def test_golden_paragraphs_of_a_list_at_the_close_say_only_their_own_facts(catalogue, units):
    """In a list whose introduction says the shared facts (verdict and its date, period, deadline, the comparison),
    each item keeps its figures, the change of its figure in brackets, its pace and the trend's end (hypothetical at
    the close) and its missed yearly minimum."""
    from conftest import REPO, validate

    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    table = compute_progress(result.observations, "latest", catalogue=catalogue, units=units)
    r = row(table, "results_digitised", catalogue.plan.province)
    omit = {"period", "since", "verdict", "deadline"}
    vi = indicator_paragraph(r, "vi", catalogue=catalogue, units=units, with_unit=False, omit=omit)
    assert vi == Markup(_nb(
        '<p class="indicator status-not_achieved"><strong>Tỷ lệ số hóa kết quả giải quyết TTHC</strong> (mục 1.2, ý thứ '
        "4): đạt 86,4% (tăng 3,6~điểm phần trăm), mục tiêu 100%, còn thiếu 13,6~điểm phần trăm. Tốc độ tăng bình quân "
        "19,2~điểm phần trăm/năm, chậm hơn mức cần thiết (27,0~điểm phần trăm/năm); nếu giữ xu hướng này thì sẽ đạt "
        "96,1%. Chưa đạt mốc tối thiểu năm 2024 (90%).</p>"
    ))  # fmt: skip
    en = indicator_paragraph(r, "en", catalogue=catalogue, units=units, with_unit=False, omit=omit)
    assert en == Markup(_nb(
        '<p class="indicator status-not_achieved"><strong>Procedure results digitised</strong> (section 1.2, item 4): '
        "86.4% (up 3.6~percentage points), against a goal of 100%, 13.6~percentage points short. It has been rising by "
        "19.2~percentage points a year on average, slower than the 27.0~percentage points a year needed; had this pace "
        "continued, it would have reached 96.1%. It is below the 2024 minimum of 90%.</p>"
    ))  # fmt: skip
    full = indicator_paragraph(r, "vi", catalogue=catalogue, units=units)  # alone: every fact, the verdict dated
    assert (
        '(<span class="nw">Quý II/2025</span>)' in full and "Kết quả cuối cùng (tính đến ngày\u00a030/6/2025)" in full
    )
    assert "nếu giữ xu hướng này, đến cuối năm 2025 sẽ đạt 96,1%" in full
    with pytest.raises(ValueError, match="cannot omit"):
        indicator_paragraph(r, "vi", catalogue=catalogue, units=units, omit={"everything"})


def test_the_overview_of_a_unit_at_its_close_says_when_and_why_once(catalogue, units):
    from conftest import REPO, validate

    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    table = compute_progress(result.observations, "latest", catalogue=catalogue, units=units)
    province = overview_paragraph(table, catalogue.plan.province, "vi", catalogue=catalogue, units=units)
    assert province.startswith(
        '<p class="overview-summary">Tỉnh Nam Định kết thúc hoạt động sau ngày\u00a030/6/2025 (sắp xếp đơn vị hành chính), '
        "trước hạn 31/12/2025 của Kế hoạch số 111/KH-UBND. Kết quả cuối cùng của 41 chỉ tiêu: 17 chỉ tiêu đã đạt, "
        "24 chỉ tiêu không đạt."
    )
    assert (
        "24 chỉ tiêu chuyển sang “Không đạt” (tất cả các chỉ tiêu ở trạng thái này; 12 từ “Cần đẩy nhanh”" in province
    )
    district = overview_paragraph(table, "358", "vi", catalogue=catalogue, units=units)
    assert district.startswith('<p class="overview-summary">Huyện Mỹ Lộc kết thúc hoạt động sau ngày\u00a031/8/2024')
    assert "Mỹ Lộc district ceased to exist after 31\u00a0Aug\u00a02024" in overview_paragraph(
        table, "358", "en", catalogue=catalogue, units=units
    )
    area = area_paragraph(table, "apparatus", "358", "vi", catalogue=catalogue, units=units)
    assert "Kết quả cuối cùng đối với huyện Mỹ Lộc (kết thúc hoạt động sau ngày\u00a031/8/2024" in area
    assert "Cần ưu tiên" not in area and "Không đạt, xếp từ chỉ tiêu còn xa mục tiêu nhất:" in area
