"""Paragraphs: golden text (vi and en) for the worked example and one case per status and kind; formatting."""

import re
from pathlib import Path

import pytest
from markupsafe import Markup
from progress_helpers import observations, row

import partrack
from partrack.catalogue import load_catalogue
from partrack.narrative.render import area_paragraph, indicator_paragraph, overview_paragraph
from partrack.progress import compute_progress
from partrack.units import load_units
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


def test_golden_paragraph_vi_for_the_worked_example():
    table = _worked_example()
    text = indicator_paragraph(row(table, ONLINE), "vi", **PLAN)
    r = row(table, ONLINE)
    assert text == Markup(
        '<p class="indicator status-on_track"><strong>Tỷ lệ hồ sơ giải quyết trực tuyến</strong> (Tỉnh Nam Định): '
        "đạt 47,0% (Quý II/2024), mục tiêu 60% năm 2025, còn cách mục tiêu 13,0 điểm phần trăm. "
        "Tốc độ tăng bình quân 10,7 điểm phần trăm/năm, cao hơn mức cần thiết 8,6 điểm phần trăm/năm: "
        "dự kiến đạt 63,1% vào cuối năm 2025. Trạng thái: <strong>Đúng tiến độ</strong>. "
        "So với Quý I/2024: tăng 2,0 điểm phần trăm, trạng thái không đổi.</p>"
    )
    assert f"{r['projected']:.1f}".replace(".", ",") in text  # the sentence states the row's number


def test_golden_paragraph_en_for_the_worked_example():
    text = indicator_paragraph(row(_worked_example(), ONLINE), "en", **PLAN)
    assert text == Markup(
        '<p class="indicator status-on_track"><strong>Dossiers handled online</strong> (Nam Định province): '
        "47.0% in Q2 2024, against a 2025 goal of 60%, 13.0 percentage points short. It has been rising by "
        "10.7 percentage points a year on average, faster than the 8.6 percentage points a year needed; at this "
        "pace it would reach 63.1% by the end of 2025. Status: <strong>On track</strong>. Since Q1 2024: up 2.0 "
        "percentage points, status unchanged.</p>"
    )


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
     "public_service_units", "36", "mục tiêu giảm tối thiểu 10% so với năm 2021, tức không quá 90",
     "cutting at least 10% from 2021, i.e. no more than 90"),
    ([("par_index", "36", "2023", "87.32", "29", "63"), ("par_index", "VN", "2023", "86.98")], "2023", "par_index",
     "36", "xếp thứ 29/63, cao hơn trung bình cả nước (86,98%)", "ranked 29 of 63, above the national average of 86.98%"),
    ([("streamlined_apparatus", "36", "2024", "", "", "", "at_risk", "Báo cáo năm")], "2024", "streamlined_apparatus",
     "36", "<em>có nguy cơ chậm</em>; căn cứ: Báo cáo năm", "assessed as <em>at risk</em>"),
    ([("one_stop_shop_renewed", "36", "2024", "1")], "2024", "one_stop_shop_renewed", "36",
     "đã hoàn thành (năm 2024)", "done as of 2024"),
    ([(ONLINE, "358", "2025-Q1", "50"), (ONLINE, "358", "2025-Q2", "52")], "2025-Q4", ONLINE, "358",
     "kết thúc hoạt động sau ngày 30/6/2025", "ceased to exist after 30 Jun 2025"),
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
    overview = overview_paragraph(table, "36", "en", **PLAN)
    assert "of the 32 numeric goals of Plan No. 111/KH-UBND for Nam Định province" in overview


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
    assert "43,17 điểm" in text
