"""Every chart kind renders on the sample data, with Vietnamese labels as text and no warnings; charts take the
plan's particulars from the catalogue and their words from the vocabulary, and leave matplotlib as they found it."""

import os
import re
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from conftest import REPO, validate
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, figure_to_png, figure_to_svg, style
from partrack.progress import compute_progress

CHARTS_DIR = REPO / "lib" / "partrack" / "charts"


@pytest.fixture(scope="module")
def sample(catalogue, units):
    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    return result.observations, compute_progress(result.observations, "latest", catalogue=catalogue, units=units)


def _row(sample, catalogue, indicator="results_digitised"):
    _, table = sample
    province = table[table["unit"] == catalogue.plan.province]
    return province[province["indicator"] == indicator].iloc[0]


def _build(kind, sample, catalogue, units, title=None):
    """One chart of each kind on the sample, as the briefs draw it (``title``: the bullet's and heat map's)."""
    obs, table = sample
    province = catalogue.plan.province
    return {
        "bullet": lambda: CHARTS["bullet"](table[table["indicator"] == "dossiers_processed_online"], "unit", "vi",
                                           catalogue=catalogue, units=units, illustrative=True, title=title),
        "trajectory": lambda: CHARTS["trajectory"](obs, _row(sample, catalogue), "vi", catalogue=catalogue,
                                                   illustrative=True),
        "heatmap": lambda: CHARTS["heatmap"](table[(table["area"] == "procedures") & (table["level"] == "district")],
                                             "vi", catalogue=catalogue, units=units, illustrative=True, title=title),
        "status_overview": lambda: CHARTS["status_overview"](table, province, "vi", catalogue=catalogue,
                                                             illustrative=True),
        "rank_history": lambda: CHARTS["rank_history"](obs, province, "vi", catalogue=catalogue, illustrative=True),
        "change": lambda: CHARTS["change"](table, province, "vi", catalogue=catalogue, illustrative=True),
        "final_verdicts": lambda: CHARTS["final_verdicts"](pd.crosstab(table["area"], table["status"]), "vi",
                                                           illustrative=True),
        "final_trajectories": lambda: CHARTS["final_trajectories"](obs, _final_rows(table, province), "vi",
                                                                   catalogue=catalogue, illustrative=True),
    }[kind]()  # fmt: skip


def _final_rows(table, province):
    """The province's numeric goals at the close, a figure's worth (the final assessment's small multiples)."""
    rows = table[(table["unit"] == province) & table["target_kind"].isin(NUMERIC_KINDS)]
    return rows.iloc[[0, 1, 2, -3, -2, -1]]  # percentages and the rankings


def _status_word(sample, indicator="dossiers_processed_online"):
    """The status word of the first district row the bullet chart draws (statuses move with the sample data)."""
    from partrack.words import status_label

    _, table = sample
    rows = table[(table["indicator"] == indicator) & table["value"].notna() & (table["measure"] == "percent")]
    return status_label(rows.iloc[0]["status"], "vi")


EXPECTED_TEXT = {
    "bullet": ["Thành phố Nam Định", "Mục tiêu"],
    "trajectory": [
        "Tỷ lệ số hóa kết quả giải quyết TTHC",
        "Nếu giữ xu hướng, đến 2025",  # the sample's latest period is the close: the trend is a counterfactual
        "Lộ trình",
        "Hạn 31/12/2025",
    ],
    "heatmap": ["Ý Yên", "Tỷ lệ hồ sơ giải quyết trực tuyến", "Đã đạt"],
    "status_overview": ["Cải cách thủ tục hành chính", "Số chỉ tiêu"],
    "rank_history": ["PAR INDEX", "Mục tiêu: hạng ≤ 31", "Trung bình cả nước", "86,98", "88,37", "42,27"],
    "change": ["Quý II/2025 so với Quý I/2025"],
    "final_verdicts": ["Đạt", "Không đạt", "mục tiêu"],
    "final_trajectories": ["Thời điểm kết thúc (30/6/2025)", "Dự báo nếu giữ xu hướng", "Không đạt · hạng 51"],
}


def test_every_registered_kind_is_tested():
    assert set(CHARTS) == set(EXPECTED_TEXT)


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_chart_renders_with_vietnamese_text_and_no_warning(kind, sample, catalogue, units):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph missing" warning fails the test
        figure = _build(kind, sample, catalogue, units)
        alt = alt_text(figure)
        svg = figure_to_svg(figure)
    assert alt
    expected = EXPECTED_TEXT[kind] + ([_status_word(sample)] if kind == "bullet" else [])
    for text in expected:
        assert text in svg, f"{text!r} not in the {kind} SVG"
    assert "Số liệu minh họa" in svg


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_chart_renders_in_english(kind, sample, catalogue, units):
    obs, table = sample
    province = catalogue.plan.province
    figure = {
        "bullet": lambda: CHARTS["bullet"](table[table["indicator"] == "dossiers_processed_online"], "unit", "en",
                                           catalogue=catalogue, units=units),
        "trajectory": lambda: CHARTS["trajectory"](obs, _row(sample, catalogue), "en", catalogue=catalogue),
        "heatmap": lambda: CHARTS["heatmap"](table[(table["area"] == "procedures") & (table["level"] == "district")],
                                             "en", catalogue=catalogue, units=units, illustrative=True),
        "status_overview": lambda: CHARTS["status_overview"](table, province, "en", catalogue=catalogue),
        "rank_history": lambda: CHARTS["rank_history"](obs, province, "en", catalogue=catalogue),
        "change": lambda: CHARTS["change"](table, province, "en", catalogue=catalogue),
        "final_verdicts": lambda: CHARTS["final_verdicts"](pd.crosstab(table["area"], table["status"]), "en"),
        "final_trajectories": lambda: CHARTS["final_trajectories"](obs, _final_rows(table, province), "en",
                                                                   catalogue=catalogue),
    }[kind]()  # fmt: skip
    svg = figure_to_svg(figure)
    assert alt_text(figure) and "Mục tiêu" not in svg and "Số liệu minh họa" not in svg


def test_the_deadline_comes_from_the_catalogue(sample, catalogue):
    later = catalogue.model_copy(update={"plan": catalogue.plan.model_copy(update={"deadline": date(2030, 12, 31)})})
    obs, _ = sample
    svg = figure_to_svg(CHARTS["trajectory"](obs, _row(sample, later), "vi", catalogue=later))
    assert "Hạn 31/12/2030" in svg and "Nếu giữ xu hướng, đến 2030" in svg
    assert "31/12/2025" not in svg and "đến 2025" not in svg
    running = _row(sample, later).copy()
    running["final"] = False
    svg = figure_to_svg(CHARTS["trajectory"](obs, running, "vi", catalogue=later))
    assert "Dự báo theo xu hướng đến 2030" in svg and "đến 2025" not in svg


def test_rendering_leaves_matplotlib_and_pyplot_alone():
    # In a fresh interpreter: importing partrack.charts and drawing a chart keeps the backend and opens no pyplot
    # figure, so an analyst's own plt plots in a notebook behave as before.
    script = """
import sys
import matplotlib
before = matplotlib.get_backend(), dict(matplotlib.rcParams)
import matplotlib.pyplot as plt
import partrack.charts
from partrack.catalogue import load_catalogue
from partrack.ingest.validate import validate
from partrack.progress import compute_progress
from partrack.units import load_units
catalogue, units = load_catalogue(), load_units()
result = validate([sys.argv[1]], catalogue=catalogue, units=units)
table = compute_progress(result.observations, "latest", catalogue=catalogue, units=units)
figure = partrack.charts.CHARTS["status_overview"](table, catalogue.plan.province, "vi", catalogue=catalogue)
partrack.charts.figure_to_png(figure)
assert matplotlib.get_backend() == before[0], (matplotlib.get_backend(), before[0])
assert plt.get_fignums() == [], plt.get_fignums()
assert dict(matplotlib.rcParams) == before[1]
print("ok")
"""
    environment = {**os.environ, "MPLBACKEND": "svg"}  # not Agg, so that a matplotlib.use("Agg") would show
    done = subprocess.run(
        [sys.executable, "-c", script, str(REPO / "data" / "sample")], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_charts_open_no_pyplot_figure_in_this_process(sample, catalogue, units):
    before = plt.get_fignums()
    for kind in EXPECTED_TEXT:
        figure_to_png(_build(kind, sample, catalogue, units))
    assert plt.get_fignums() == before


def test_style_lends_the_house_style_to_an_analysts_plot():
    default = plt.rcParams["font.size"]
    with style():
        assert plt.rcParams["font.size"] == 9 and plt.rcParams["text.parse_math"] is False
        assert plt.rcParams["svg.fonttype"] == "none"  # text stays text
    assert plt.rcParams["font.size"] == default


def test_no_chart_source_branches_on_the_language_or_names_the_plan():
    for path in sorted(Path(CHARTS_DIR).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "lang ==" not in source and "lang==" not in source, path.name
        for literal in ('"36"', '"VN"', "par_index", "sipas", "papi", "2025", "Nam Định"):
            assert literal not in source, (path.name, literal)


# --- print-ready: drawn at the A4 text width, text of 8 pt or more, nothing cut, legends clear of titles -----------


def _texts(figure):
    """Every visible, non-empty text of a figure (titles, labels, ticks, legends, notes), after a draw."""
    from matplotlib.text import Text

    figure.canvas.draw()
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_every_kind_is_drawn_at_print_size_with_text_of_at_least_8_points(kind, sample, catalogue, units):
    from partrack.charts.house import MIN_FONT, TEXT_WIDTH

    figure = _build(kind, sample, catalogue, units)
    assert figure.get_figwidth() <= TEXT_WIDTH + 1e-9  # shown at natural size: a point in the chart is a point on paper
    small = [(t.get_text(), t.get_fontsize()) for t in _texts(figure) if t.get_fontsize() < MIN_FONT]
    assert small == []
    cut = [t.get_text() for t in _texts(figure) if t.get_text().rstrip().endswith(("…", "..."))]
    assert cut == [], "labels are wrapped, never cut"
    svg = figure_to_svg(figure)
    assert "…" not in svg


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_legends_are_outside_the_plot_and_clear_of_every_title(kind, sample, catalogue, units):
    figure = _build(kind, sample, catalogue, units)
    renderer = figure.canvas.get_renderer()
    figure.canvas.draw()
    legends = [*figure.legends, *(a.get_legend() for a in figure.axes if a.get_legend() is not None)]
    titles = [t for a in figure.axes for t in (a.title, a._left_title, a._right_title) if t.get_text()]
    titles += [t for t in (figure._suptitle,) if t is not None and t.get_text()]
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for title in titles:
            assert not _overlap(box, title.get_window_extent(renderer)), (kind, title.get_text())
        for axes in figure.axes:
            assert not _overlap(box, axes.get_window_extent(renderer)), f"{kind}: the legend is over the plot"


def test_the_deadline_and_the_target_are_named_apart(sample, catalogue, units):
    figure = _build("trajectory", sample, catalogue, units)
    renderer = figure.canvas.get_renderer()
    texts = _texts(figure)
    deadline = next(t for t in texts if t.get_text().startswith("Hạn "))
    target = next(t for t in texts if t.get_text().startswith("Mục tiêu"))
    title = figure._suptitle  # the title spans the figure (an axes title could not be wrapped to its width)
    assert title is not None and title.get_text()
    boxes = [t.get_window_extent(renderer) for t in (deadline, target, title)]
    assert not _overlap(boxes[0], boxes[1]) and not _overlap(boxes[0], boxes[2]) and not _overlap(boxes[1], boxes[2])


def test_time_axes_are_years_and_rank_axes_whole_numbers(sample, catalogue, units):
    import re

    trajectory = _build("trajectory", sample, catalogue, units)
    trajectory.canvas.draw()
    years = [t.get_text() for t in trajectory.axes[0].get_xticklabels(minor=True) if t.get_text()]
    years += [t.get_text() for t in trajectory.axes[0].get_xticklabels() if t.get_text()]
    assert years and all(re.fullmatch(r"\d{4}", y) for y in years), years  # never "2022-01"
    ranks = _build("rank_history", sample, catalogue, units)
    ranks.canvas.draw()
    for axes in ranks.axes:
        labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
        assert all(re.fullmatch(r"\d+", label) for label in labels), labels  # never "32.5"
        years = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
        assert all(re.fullmatch(r"\d{4}", y) for y in years), years


def test_axis_numbers_are_written_the_languages_way(sample, catalogue):
    obs, _ = sample
    row = _row(sample, catalogue, "public_service_payroll")  # a count in the tens of thousands
    for lang, separator in (("vi", "."), ("en", ",")):
        figure = CHARTS["trajectory"](obs, row, lang, catalogue=catalogue)
        figure.canvas.draw()
        labels = [t.get_text() for t in figure.axes[0].get_yticklabels() if t.get_text()]
        big = [label for label in labels if len(label.replace(separator, "")) > 3]
        assert big and all(separator in label for label in big), (lang, labels)


def test_a_change_chart_with_nothing_to_compare_says_so(sample, catalogue):
    _, table = sample
    still = table.assign(value_prev=table["value"])
    svg = figure_to_svg(CHARTS["change"](still, catalogue.plan.province, "vi", catalogue=catalogue))
    assert "Không có chỉ tiêu tỷ lệ nào thay đổi so với kỳ trước." in svg


def test_charts_are_svg_with_text_as_text(sample, catalogue, units):
    svg = figure_to_svg(_build("status_overview", sample, catalogue, units))
    assert "<text" in svg and "Cải cách thủ tục hành chính" in svg  # searchable, not drawn as glyph paths
    assert "<image" not in svg  # vector, not a picture inside the SVG


# --- drawn once, at the printed size ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_a_chart_is_drawn_once_into_an_svg_of_its_printed_size_with_nothing_outside(kind, sample, catalogue, units):
    import io
    import re

    figure = _build(kind, sample, catalogue, units)
    draws = []
    figure.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    svg = figure_to_svg(figure)
    assert len(draws) == 1  # laid out and written in one drawing (savefig with a layout engine draws twice)
    width, height = (float(re.search(rf'{side}="([0-9.]+)pt"', svg).group(1)) for side in ("width", "height"))
    assert width == pytest.approx(figure.get_figwidth() * 72, abs=0.01)  # no crop: the SVG is the printed size
    assert height == pytest.approx(figure.get_figheight() * 72, abs=0.01)
    assert figure.dpi > 72  # the figure's own resolution is back (the SVG is written at 72 units an inch)
    # measured as the SVG measures text: every artist inside the page area the figure is given
    from matplotlib.backends.backend_svg import RendererSVG

    dpi, figure.dpi = figure.dpi, 72
    drawn = figure.get_tightbbox(RendererSVG(width, height, io.StringIO()))
    figure.dpi = dpi
    assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, (kind, drawn)
    assert drawn.x1 <= figure.get_figwidth() + 0.01 and drawn.y1 <= figure.get_figheight() + 0.01, (kind, drawn)


def test_a_number_axis_writes_each_tick_with_the_decimals_of_its_step():
    from partrack.charts.house import NumberFormatter

    formatter = NumberFormatter("vi", suffix="%")
    assert formatter.format_ticks([0, 0.25, 0.5]) == ["0,00%", "0,25%", "0,50%"]
    assert formatter.format_ticks([0, 20, 40]) == ["0%", "20%", "40%"]
    assert NumberFormatter("en").format_ticks([1000, 1500, 2000]) == ["1,000", "1,500", "2,000"]


# --- nothing cut, nothing over anything: long Vietnamese labels, legends, footers, titles ---------------------------

LONG_TITLE = (
    "Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình và một phần "
    "mức độ 3, 4 trên Cổng dịch vụ công của tỉnh (Toàn tỉnh: 89,4%)"
)


def _long_names(catalogue, units):
    """The plan and the units with long Vietnamese names: each goal named by its full wording in the plan."""
    from partrack.units import UnitRegistry

    longer = catalogue.model_copy(update={
        "indicators": [i.model_copy(update={"name_vi": i.text_vi}) for i in catalogue.indicators],
        "areas": [a.model_copy(update={"name_vi": f"{a.name_vi} và hiện đại hóa nền hành chính nhà nước"})
                  for a in catalogue.areas],
    })  # fmt: skip
    named = [u.model_copy(update={"name_vi": f"{u.name_vi} (đơn vị hành chính cấp huyện)"}) for u in units]
    return longer, UnitRegistry(named)


def _drawn_texts(figure, monkeypatch):
    """Every text drawn into the SVG, with its extent in points as the SVG places it, and the SVG's size.

    Recorded as each Text is drawn (every line of it, rotated or not), so a tick label outside the view, which
    is never drawn, does not count, and a text drawn past an edge does.
    """
    import re

    from matplotlib.text import Text

    drawn = []
    draw = Text.draw

    def record(self, renderer):
        draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    with monkeypatch.context() as patch:
        patch.setattr(Text, "draw", record)
        svg = figure_to_svg(figure)
    width, height = (float(re.search(rf'{side}="([0-9.]+)pt"', svg).group(1)) for side in ("width", "height"))
    return drawn, width, height


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_every_text_lies_inside_the_figure_even_with_long_vietnamese_labels(kind, sample, catalogue, units,
                                                                            monkeypatch):  # fmt: skip
    # Each Text as drawn, not the figure's overall box: a title wrapped at a fixed count of characters ran past
    # the right edge of the district bar charts; the earlier check drew those charts without their title.
    longer, named = _long_names(catalogue, units)
    for figure in (_build(kind, sample, catalogue, units, title=LONG_TITLE),
                   _build(kind, sample, longer, named, title=LONG_TITLE)):  # fmt: skip
        drawn, width, height = _drawn_texts(figure, monkeypatch)
        assert drawn
        outside = [(text, box.bounds) for text, box in drawn
                   if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5]  # fmt: skip
        assert outside == [], kind


def test_a_long_title_is_wrapped_whole_onto_more_lines(sample, catalogue, units, monkeypatch):
    figure = _build("bullet", sample, catalogue, units, title=LONG_TITLE)
    drawn, _, _ = _drawn_texts(figure, monkeypatch)
    title = figure._suptitle.get_text()
    assert title.count("\n") >= 1 and " ".join(title.split()) == LONG_TITLE  # every word, none cut
    assert title in {text for text, _ in drawn}


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_the_legend_and_the_footer_do_not_overlap(kind, sample, catalogue, units):
    from partrack.charts.house import footer

    figure = _build(kind, sample, catalogue, units)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    note = footer(figure)
    legends = [*figure.legends, *(a.get_legend() for a in figure.axes if a.get_legend() is not None)]
    assert note is not None and legends, f"{kind} is drawn with a legend and a footer"
    below = note.get_window_extent(renderer)
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert not _overlap(box, below), kind
        assert below.y1 <= box.y1 + 0.01, f"{kind}: the footer is on the last line (beside the legend or under it)"
    assert below.y0 >= 0 and below.x0 >= 0


def test_under_a_heading_the_trajectory_has_no_title_of_its_own(sample, catalogue):
    obs, _ = sample
    row = _row(sample, catalogue)
    name = catalogue.indicator(row["indicator"]).name("vi")
    alone = CHARTS["trajectory"](obs, row, "vi", catalogue=catalogue)
    under = CHARTS["trajectory"](obs, row, "vi", catalogue=catalogue, title=False)
    assert name in figure_to_svg(alone) and name not in figure_to_svg(under)
    assert under.get_figheight() < alone.get_figheight()  # no empty band where the title was
    assert name in alt_text(under)  # the alt text still names the goal


def test_at_the_close_the_projection_reads_as_what_the_trend_would_have_given(sample, catalogue):
    obs, _ = sample
    row = _row(sample, catalogue)
    assert row["final"]  # the sample's latest period closes the plan for the province
    running = row.copy()
    running["final"] = False
    for lang, closed, projected in (("vi", "Nếu giữ xu hướng, đến 2025", "Dự báo theo xu hướng đến 2025"),
                                    ("en", "Had the trend continued, by 2025", "Projection on trend to 2025")):  # fmt: skip
        svg = figure_to_svg(CHARTS["trajectory"](obs, row, lang, catalogue=catalogue))
        assert closed in svg and projected not in svg, lang
        svg = figure_to_svg(CHARTS["trajectory"](obs, running, lang, catalogue=catalogue))
        assert projected in svg and closed not in svg, lang


def _national_years(axes):
    """The years at which a score panel draws the national average (its grey squares)."""
    return sorted(int(x) for line in axes.get_lines() if line.get_marker() == "s" for x in line.get_xdata())


def test_the_rank_history_draws_the_national_average_of_every_year_that_has_one(sample, catalogue):
    from partrack.periods import parse_period
    from partrack.words import number

    obs, _ = sample
    province, national = catalogue.plan.province, catalogue.plan.national_average
    rankings = catalogue.rankings
    figure = CHARTS["rank_history"](obs, province, "vi", catalogue=catalogue)
    svg = figure_to_svg(figure)
    assert "Trung bình cả nước" in svg  # named in the legend
    scores = figure.axes[len(rankings) :]  # the lower row: scores against the national average
    for item, axes in zip(rankings, scores, strict=True):
        rows = obs[(obs["indicator"] == item.id) & (obs["unit"] == national) & obs["value"].notna()]
        assert _national_years(axes) == sorted({parse_period(p).year for p in rows["period"]}), item.id
        for value in rows["value"]:
            assert number(value, "vi", 2) in svg
    # a year that gets its national average is drawn with it: add one for the last ranking's latest own year
    last = rankings[-1]
    own = obs[(obs["indicator"] == last.id) & (obs["unit"] == province)].sort_values("period_end").iloc[-1]
    added = own.copy()
    added["unit"], added["value"], added["rank"], added["rank_of"] = national, 41.23, float("nan"), float("nan")
    figure = CHARTS["rank_history"](pd.concat([obs, added.to_frame().T], ignore_index=True), province, "vi",
                                    catalogue=catalogue)  # fmt: skip
    assert parse_period(own["period"]).year in _national_years(figure.axes[2 * len(rankings) - 1])
    assert "41,23" in figure_to_svg(figure)


def test_a_brief_prints_no_chart_title_under_the_goal_heading_that_names_it(catalogue):
    import base64
    import re

    from partrack import brief

    area = brief.open_brief(area="procedures", data="data/sample", unit=catalogue.plan.province, lang="vi")
    html = brief.indicator_sections(area).data
    svgs = [base64.b64decode(found).decode("utf-8") for found in re.findall(r"base64,([A-Za-z0-9+/=]+)", html)]
    assert svgs and len(svgs) <= html.count("<h3>")  # one trajectory under each goal's heading
    names = [i.name("vi") for i in catalogue.in_area("procedures")]
    assert any(f"— {name}</h3>" in html for name in names)  # the heading names the goal …
    assert [name for svg in svgs for name in names if name in svg] == []  # … and the chart does not repeat it
    assert all("Hạn " in svg for svg in svgs)  # still the whole chart


# --- the same drawing in fewer nodes (what a PDF brief pays for per chart) ------------------------------------------


def _raster(svg: str, folder) -> bytes:
    """The SVG drawn by librsvg (another renderer than the PDF's), as RGBA pixels."""
    from PIL import Image

    source, target = folder / "chart.svg", folder / "chart.png"
    source.write_text(svg, encoding="utf-8")
    subprocess.run(["rsvg-convert", "--dpi-x", "150", "--dpi-y", "150", "-o", str(target), str(source)], check=True)
    return Image.open(target).convert("RGBA").tobytes()


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_a_compacted_chart_draws_the_same_pixels_with_half_the_nodes_or_fewer(kind, sample, catalogue, units,
                                                                              tmp_path, monkeypatch):  # fmt: skip
    from partrack.charts import house
    from partrack.charts.compact_svg import compact_svg

    monkeypatch.setattr(house, "compact_svg", lambda text: text)  # matplotlib's own SVG, as it writes it
    raw = figure_to_svg(_build(kind, sample, catalogue, units))
    compact = compact_svg(raw)
    nodes = [len(re.findall(r"<[a-zA-Z]", svg)) for svg in (raw, compact)]
    assert nodes[1] <= nodes[0] * 0.6, nodes
    assert "style=" not in compact and "<metadata" not in compact and "rdf:" not in compact
    texts = [re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.DOTALL) for svg in (raw, compact)]
    assert texts[0] == texts[1] and texts[0]
    assert _raster(raw, tmp_path) == _raster(compact, tmp_path)


def test_an_svg_the_compactor_does_not_know_comes_back_unchanged():
    from partrack.charts.compact_svg import compact_svg

    other_sheet = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><style>path{fill: red}</style></defs>'
                   '<g id="a"><path d="M 0 0 L 1 1"/></g></svg>')  # fmt: skip
    assert compact_svg(other_sheet) == other_sheet
    assert compact_svg("not xml <") == "not xml <"


def test_a_group_that_carries_a_transform_or_is_referenced_is_kept():
    from partrack.charts.compact_svg import compact_svg

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>'
           '<g id="plain"><g id="moved" transform="translate(5 5)"><path d="M 0 0" style="stroke-linecap: square; '
           'fill: #ffffff"/></g><g id="shared"><path d="M 1 1"/></g></g><use xlink:href="#shared"/>'
           '<text style="font-size: 9px; mix-blend-mode: multiply">x</text></svg>')  # fmt: skip
    compact = compact_svg(svg)
    assert 'id="plain"' not in compact and 'id="moved"' in compact and 'id="shared"' in compact
    assert 'stroke-linecap="square"' in compact and 'fill="#ffffff"' in compact  # its own style wins over the * rule
    assert compact.count('stroke-linejoin="round"') == 4  # the * rule, on each shape: two paths, the use, the text
    assert 'style="font-size: 9px; mix-blend-mode: multiply"' in compact  # a style with other properties is kept
