"""Every chart kind renders on the sample data, with Vietnamese labels as text and no warnings; charts take the
plan's particulars from the catalogue and their words from the vocabulary, and leave matplotlib as they found it."""

import os
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from conftest import REPO, validate
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


def _build(kind, sample, catalogue, units):
    obs, table = sample
    province = catalogue.plan.province
    return {
        "bullet": lambda: CHARTS["bullet"](table[table["indicator"] == "dossiers_processed_online"], "unit", "vi",
                                           catalogue=catalogue, units=units, illustrative=True),
        "trajectory": lambda: CHARTS["trajectory"](obs, _row(sample, catalogue), "vi", catalogue=catalogue,
                                                   illustrative=True),
        "heatmap": lambda: CHARTS["heatmap"](table[(table["area"] == "procedures") & (table["level"] == "district")],
                                             "vi", catalogue=catalogue, units=units, illustrative=True),
        "status_overview": lambda: CHARTS["status_overview"](table, province, "vi", catalogue=catalogue,
                                                             illustrative=True),
        "rank_history": lambda: CHARTS["rank_history"](obs, province, "vi", catalogue=catalogue),
        "change": lambda: CHARTS["change"](table, province, "vi", catalogue=catalogue, illustrative=True),
    }[kind]()  # fmt: skip


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
        "Dự báo theo xu hướng đến 2025",
        "Lộ trình",
        "Hạn 31/12/2025",
    ],
    "heatmap": ["Ý Yên", "Tỷ lệ hồ sơ giải quyết trực tuyến", "Đã đạt"],
    "status_overview": ["Cải cách thủ tục hành chính", "Số chỉ tiêu"],
    "rank_history": ["PAR INDEX", "Mục tiêu: hạng ≤ 31", "TB cả nước năm 2023: 86,98"],
    "change": ["Quý II/2025 so với Quý I/2025"],
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
    if kind != "rank_history":
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
    }[kind]()  # fmt: skip
    svg = figure_to_svg(figure)
    assert alt_text(figure) and "Mục tiêu" not in svg and "Số liệu minh họa" not in svg


def test_the_deadline_comes_from_the_catalogue(sample, catalogue):
    later = catalogue.model_copy(update={"plan": catalogue.plan.model_copy(update={"deadline": date(2030, 12, 31)})})
    obs, _ = sample
    svg = figure_to_svg(CHARTS["trajectory"](obs, _row(sample, later), "vi", catalogue=later))
    assert "Hạn 31/12/2030" in svg and "Dự báo theo xu hướng đến 2030" in svg
    assert "31/12/2025" not in svg and "đến 2025" not in svg


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
    title = figure.axes[0].title
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
