"""The final assessment (tổng kết): `partrack run --final` on the sample data and on real published figures only, with
real kernels, nbconvert and WeasyPrint; every verdict in its annex is the progress table's and can be checked by hand
from the figures beside it; the analyst's Markdown is shown, never run; before the close a run is refused."""

import json
import os
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, REPO, validate
from partrack.brief.final_notes import analyst_notes, render_markdown
from partrack.cli import main
from partrack.periods import parse_period
from partrack.progress import compute_progress
from partrack.publish.parameters import load_parameters
from partrack.publish.runner import RUN_NAME, run
from partrack.words import value_with_unit, word

PUBLISHED = FIXTURES / "published_only"
NOTES = "# Kết quả đạt được\n\nCải cách thủ tục hành chính có **chuyển biến rõ**.\n\n<script>alert(1)</script>\n"
YEARS = ["2021", "2022", "2023", "2024", "2025"]  # the baseline year to the year of the close (30/6/2025)


class _Rows(HTMLParser):
    """The rows of the tables in a page: (the row's attributes, the text of each cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[dict, list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "tr":
            self.rows.append((dict(attrs), []))
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1][1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str) -> list[tuple[dict, list[str]]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def _parts(html: str) -> tuple[str, str]:
    """The report's body and its annex."""
    start = html.index('id="final-annex"')
    return html[:start], html[start:]


def _annex(html: str) -> dict[str, tuple[str, list[str]]]:
    """indicator → (its verdict code, the text of every cell of its annex row)."""
    rows = _rows(_parts(html)[1])
    return {a["data-indicator"]: (a["data-status"], cells) for a, cells in rows if "data-indicator" in a}


def _progress(data: list[Path], catalogue, units, period: str = "2025-Q2"):
    observations = validate(data, catalogue=catalogue, units=units).observations
    table = compute_progress(observations, period, catalogue=catalogue, units=units)
    return observations, table[table["unit"] == catalogue.plan.province]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """``--final`` on a copy of the sample data with the analyst's ``tong-ket.md`` beside it, into an output folder
    that already holds the close period's quarterly briefs (a finished run's link, as partrack makes them)."""
    root = tmp_path_factory.mktemp("final")
    data = root / "data"
    shutil.copytree(REPO / "data" / "sample", data)
    (data / "tong-ket.md").write_text(NOTES, encoding="utf-8")
    out = root / "out"
    quarterly = out / ".runs" / "2025-Q2-20250720T060000-1"
    quarterly.mkdir(parents=True)
    (quarterly / "index.html").write_text("the quarterly briefs", encoding="utf-8")
    (out / "2025-Q2").symlink_to(Path(".runs") / quarterly.name)
    report = run(load_parameters({"out": str(out), "final": True, "langs": "vi", "data": [str(data)], "quiet": True,
                                  "issued": "2026-01-15"}))  # fmt: skip
    html = (report.output / "html" / "final_36_vi.html").read_text(encoding="utf-8")
    return report, out, data, html


@pytest.fixture(scope="module")
def published_run(tmp_path_factory):
    """``--final`` at the close on the real published rankings alone, in Vietnamese and English."""
    out = tmp_path_factory.mktemp("published") / "out"
    report = run(load_parameters({"out": str(out), "final": True, "period": "2025-Q2", "langs": "vi,en",
                                  "data": ["tests/fixtures/published_only"], "quiet": True}))  # fmt: skip
    html = {
        lang: (report.output / "html" / f"final_36_{lang}.html").read_text(encoding="utf-8") for lang in ("vi", "en")
    }
    return report, html


# --- the run ---------------------------------------------------------------------------------------------------------


def test_the_final_report_goes_beside_the_close_briefs_and_leaves_them(sample_run):
    report, out, _, _ = sample_run
    assert report.exit_code == 0, [r.error for r in report.failed]
    assert report.output == out / "2025-Q2-final" and RUN_NAME.match(os.readlink(report.output).split("/")[-1])
    assert os.readlink(out / "2025-Q2") == ".runs/2025-Q2-20250720T060000-1"  # the quarterly briefs, untouched
    assert (out / "2025-Q2" / "index.html").read_text(encoding="utf-8") == "the quarterly briefs"
    made = sorted(p.relative_to(report.output).as_posix() for p in report.output.rglob("*") if p.is_file())
    one_document = ["html/final_36_vi.html", "index.html", "manifest.json", "notebooks/final_36_vi.ipynb"]
    assert made == [*one_document, "pdf/final_36_vi.pdf"]  # no combined briefing beside it
    index = (report.output / "index.html").read_text(encoding="utf-8")
    assert word("final.index_title", "vi") in index
    # headed by the plan's close, not by the quarter that contains it
    assert word("final.index_heading", "vi", date="30/6/2025") in index and "Tình hình thực hiện" not in index
    assert 'href="html/final_36_vi.html"' in index and 'href="pdf/final_36_vi.pdf"' in index
    manifest = json.loads((report.output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["final"] is True and manifest["period"] == "2025-Q2" and manifest["combined"] == {}
    assert [(n["name"], n["status"], n["outputs"]) for n in manifest["notebooks"]] == [
        ("final_36_vi", "succeeded", {"html": "html/final_36_vi.html", "pdf": "pdf/final_36_vi.pdf"})
    ]


def test_the_header_names_the_successor_authority_and_the_former_province(sample_run):
    html = sample_run[3]
    assert '<span class="authority">UBND TỈNH NINH BÌNH</span>' in html
    assert '<span class="office">SỞ NỘI VỤ</span>' in html
    assert "Ninh Bình, ngày 15 tháng 01 năm 2026" in html
    assert (
        "BÁO CÁO TỔNG KẾT<br/>THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH NAM ĐỊNH (CŨ) GIAI ĐOẠN 2021 - 2025" in html
    )
    assert "UBND TỈNH NAM ĐỊNH" not in html and "Nam Định, ngày" not in html
    assert "Kế hoạch số 111/KH-UBND ngày 29/9/2021 của Ủy ban nhân dân tỉnh Nam Định" in html  # who issued the plan


# --- the annex: every verdict checkable by hand -----------------------------------------------------------------------


def test_the_annex_has_one_row_per_goal_and_one_column_per_year(sample_run, catalogue, units):
    _, _, data, html = sample_run
    _, own = _progress([data], catalogue, units)
    annex = _annex(html)
    assert list(annex) == list(own["indicator"])  # every goal of the province, in the plan's order
    header = next(cells for _, cells in _rows(_parts(html)[1]) if cells and cells[0] == YEARS[0])
    assert header == YEARS
    assert {len(cells) for _, cells in annex.values()} == {
        9 + len(YEARS)
    }  # ref, goal, target, baseline, the years, final value, verdict, gap, share, trend


def test_the_annex_verdicts_are_the_progress_tables(sample_run, catalogue, units):
    _, _, data, html = sample_run
    _, own = _progress([data], catalogue, units)
    annex = _annex(html)
    expected = dict(zip(own["indicator"], own["status"], strict=True))
    assert {i: status for i, (status, _) in annex.items()} == expected
    assert set(expected.values()) == {"achieved", "not_achieved"}
    verdict_column = 4 + len(YEARS) + 1  # ref, goal, target, baseline, the years, final value, then the verdict
    for indicator, (status, cells) in annex.items():
        assert cells[verdict_column] == word(f"verdict.{status}", "vi"), indicator


def test_each_year_shows_its_last_figure_before_the_close_and_the_final_value_decides(sample_run, catalogue, units):
    _, _, data, html = sample_run
    observations, own = _progress([data], catalogue, units)
    goal = "legal_docs_issued_properly"
    series = observations[(observations["indicator"] == goal) & (observations["unit"] == "36")]
    series = series[series["period_end"] <= "2025-06-30"].sort_values("period_end")
    last = {str(year): rows.iloc[-1]["value"] for year, rows in series.groupby(series["period_end"].dt.year)}
    _, cells = _annex(html)[goal]
    assert cells[4 : 4 + len(YEARS)] == [value_with_unit(last[y], "percent", "vi") for y in YEARS]
    row = own[own["indicator"] == goal].iloc[0]
    assert cells[4 + len(YEARS)] == f"{value_with_unit(row['value'], 'percent', 'vi')} Quý II/2025"
    assert (
        cells[3] == f"{value_with_unit(row['baseline'], 'percent', 'vi')} Quý I/2021"
    )  # the share is measured from it
    assert cells[-3].startswith("8,1") and cells[-2] == "86%"  # gap 100 − 91,9; (91,9 − 40,5) / (100 − 40,5)
    assert cells[-1] == "98,0% Cần đẩy nhanh"  # had the trend continued: beside the verdict, not instead of it


def test_the_districts_are_each_assessed_at_their_own_close(sample_run):
    html = sample_run[3]
    body = _parts(html)[0]
    rows = {cells[0]: cells for _, cells in _rows(body) if cells and cells[0].startswith(("Huyện", "Thành phố"))}
    assert len(rows) == 10
    my_loc = rows["Huyện Mỹ Lộc"]
    assert my_loc[1:3] == ["31/8/2024", "Quý II/2024"] and "Thành phố Nam Định" in my_loc[-1]
    assert rows["Huyện Hải Hậu"][1] == "30/6/2025"


# --- the analyst's own sections --------------------------------------------------------------------------------------


def test_the_analysts_markdown_is_shown_escaped(sample_run):
    report, _, _, html = sample_run
    assert "<h3>Kết quả đạt được</h3>" in html and "<strong>chuyển biến rõ</strong>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    text = "".join(page.extract_text() for page in PdfReader(report.output / "pdf" / "final_36_vi.pdf").pages)
    assert "<script>alert(1)</script>" in text  # on paper, as the analyst typed it


def test_without_the_markdown_the_report_says_where_to_write_it(published_run):
    _, html = published_run
    for lang in ("vi", "en"):
        assert word("final.notes_missing", lang, path="tests/fixtures/published_only/tong-ket.md") in html[lang]
        assert str(REPO) not in html[lang]


def test_markdown_cannot_run_fetch_or_link_anywhere_harmful():
    shown = render_markdown(
        '<img src="x" onerror="alert(1)"> ![logo](https://example.com/x.png) [a](javascript:alert(1))'
    )
    assert "<img" not in shown and "&lt;img" in shown and "example.com" not in shown and "javascript:" not in shown
    assert render_markdown("## Bài học kinh nghiệm").strip() == "<h3>Bài học kinh nghiệm</h3>"  # under the report's h2


def test_the_notes_are_read_from_the_first_data_folder_that_has_them(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert analyst_notes([first, second]).html is None and analyst_notes([first]).place == "a/tong-ket.md"
    (second / "tong-ket.md").write_text("Đề xuất giai đoạn tới", encoding="utf-8")
    assert "Đề xuất giai đoạn tới" in analyst_notes([first / "bao_cao.csv", second]).html
    os.mkfifo(first / "tong-ket.md")  # never opened: it would block the report
    assert "Đề xuất" in analyst_notes([first, second]).html


# --- only real published figures --------------------------------------------------------------------------------------


def test_a_report_from_real_published_figures_only(published_run, catalogue, units):
    report, html = published_run
    assert report.exit_code == 0, [r.error for r in report.failed]
    _, own = _progress([PUBLISHED], catalogue, units)
    for lang in ("vi", "en"):
        annex = _annex(html[lang])
        assert {i: s for i, (s, _) in annex.items()} == dict(zip(own["indicator"], own["status"], strict=True))
    statuses = dict(zip(own["indicator"], own["status"], strict=True))
    assert statuses.pop("par_index") == "achieved" and {statuses.pop("sipas"), statuses.pop("papi")} == {"not_achieved"}
    assert set(statuses.values()) == {"no_data"}
    ranking_rows = {cells[0]: cells for _, cells in _rows(_parts(html["vi"])[0]) if cells and cells[0] in YEARS}
    assert ranking_rows["2023"][1:4] == [
        "87,32%",
        "29/63",
        "86,98%",
    ]  # PAR INDEX: score, rank of 63, same year's average
    assert ranking_rows["2022"][4:7] == ["—", "—", "80,08%"]  # SIPAS 2022: no figure for the province was published
    english = unescape(html["en"])
    assert "PEOPLE'S COMMITTEE OF NINH BÌNH PROVINCE" in english and "FINAL REPORT<br/>ON THE PUBLIC" in english
    pdf = PdfReader(report.output / "pdf" / "final_36_en.pdf")
    first, last = pdf.pages[0].mediabox, pdf.pages[-1].mediabox
    assert (round(first.width), round(first.height)) == (595, 842)  # A4
    assert (round(last.width), round(last.height)) == (842, 595)  # the annex on landscape A4


# --- refused before the close -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "period"),
    [(["--period", "2024-Q4"], "2024-Q4"), (["--data", str(PUBLISHED)], "2024")],  # asked for; the data's latest
    ids=["requested", "latest"],
)
def test_final_before_the_close_is_refused_with_one_line(tmp_path, capsys, arguments, period):
    out = tmp_path / "out"
    assert main(["run", "--final", "--out", str(out), "--lang", "vi", "--quiet", *arguments]) == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1
    assert f"{period} " in error and f"--period {parse_period('2025-Q2').code}" in error
    assert not any(p.is_symlink() for p in out.iterdir())  # nothing made, nothing replaced


def test_a_notebook_run_before_the_close_stops_with_one_message():
    from partrack import brief
    from partrack.brief import ParameterError

    opened = brief.open_brief(period="2024-Q4")
    with pytest.raises(ParameterError, match="2024-Q4") as raised:
        brief.final_header(opened)
    assert raised.value._render_traceback_() == [f"ParameterError: {raised.value}"]  # what Jupyter shows


def test_a_plan_whose_province_lives_on_keeps_its_own_letterhead_and_years():
    from partrack import brief

    second = brief.open_brief(
        period="2030-Q4", data="tests/fixtures/second_data", catalogue="tests/fixtures/plans/second"
    )
    html = brief.final_header(second).data
    assert '<span class="authority">UBND TỈNH THỬ NGHIỆM</span>' in html and "Thử Nghiệm, ngày" in html
    assert "TỈNH THỬ NGHIỆM GIAI ĐOẠN 2026 - 2030" in html and "(CŨ)" not in html
    assert set(second.own["status"]) <= {"achieved", "not_achieved", "no_data"}  # every verdict final at the deadline
    sections = ("verdict", "trajectories", "districts", "rankings", "qualitative", "analyst", "annex")
    report = html + "".join(getattr(brief, f"final_{name}")(second).data for name in sections)
    assert "Nam Định" not in report and "Ninh Bình" not in report and "2021" not in report
