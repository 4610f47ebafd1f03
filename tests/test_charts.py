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


EXPECTED_TEXT = {
    "bullet": ["Thành phố Nam Định", "Đúng tiến độ", "Mục tiêu"],
    "trajectory": [
        "Tỷ lệ số hóa kết quả giải quyết TTHC",
        "Dự báo theo xu hướng đến 2025",
        "Lộ trình",
        "Hạn 31/12/2025",
    ],
    "heatmap": ["Ý Yên", "Tỷ lệ hồ sơ giải quyết trực tuyến", "Đã đạt"],
    "status_overview": ["Cải cách thủ tục hành chính", "Chưa đủ dữ liệu"],
    "rank_history": ["PAR INDEX", "Nhóm mục tiêu", "TB cả nước 2023: 86,98", "Nguồn: ", "sonoivu.namdinh.gov.vn"],
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
    for text in EXPECTED_TEXT[kind]:
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
    assert plt.rcParams["font.size"] == default


def test_no_chart_source_branches_on_the_language_or_names_the_plan():
    for path in sorted(Path(CHARTS_DIR).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "lang ==" not in source and "lang==" not in source, path.name
        for literal in ('"36"', '"VN"', "par_index", "sipas", "papi", "2025", "Nam Định"):
            assert literal not in source, (path.name, literal)
