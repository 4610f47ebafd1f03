"""Every chart kind renders on the sample data, with Vietnamese labels as text and no warnings."""

import gc
import warnings

import matplotlib.pyplot as plt
import pytest

from conftest import REPO
from partrack.charts import CHARTS, alt_text, figure_to_svg
from partrack.ingest.validate import validate
from partrack.progress import compute_progress


@pytest.fixture(scope="module")
def sample():
    result = validate([REPO / "data" / "sample"])
    return result.observations, compute_progress(result.observations, "latest")


def _build(kind, sample):
    obs, table = sample
    province = table[table["unit"] == "36"]
    row = province[province["indicator"] == "results_digitised"].iloc[0]
    return {
        "bullet": lambda: CHARTS["bullet"](
            table[table["indicator"] == "dossiers_processed_online"], "unit", "vi", illustrative=True
        ),
        "trajectory": lambda: CHARTS["trajectory"](obs, row, "vi", illustrative=True),
        "heatmap": lambda: CHARTS["heatmap"](
            table[(table["area"] == "procedures") & (table["level"] == "district")], "vi", illustrative=True
        ),
        "status_overview": lambda: CHARTS["status_overview"](table, "36", "vi", illustrative=True),
        "rank_history": lambda: CHARTS["rank_history"](obs, "36", lang="vi"),
        "change": lambda: CHARTS["change"](table, "36", "vi", illustrative=True),
    }[kind]()


EXPECTED_TEXT = {
    "bullet": ["Thành phố Nam Định", "Đúng tiến độ", "Mục tiêu"],
    "trajectory": ["Tỷ lệ số hóa kết quả giải quyết TTHC", "Dự báo theo xu hướng", "Lộ trình"],
    "heatmap": ["Ý Yên", "Tỷ lệ hồ sơ giải quyết trực tuyến", "Đã đạt"],
    "status_overview": ["Cải cách thủ tục hành chính", "Chưa đủ dữ liệu"],
    "rank_history": ["PAR INDEX", "Nhóm mục tiêu", "TB cả nước 2023: 86,98"],
    "change": ["Quý II/2025 so với Quý I/2025"],
}


def test_every_registered_kind_is_tested():
    assert set(CHARTS) == set(EXPECTED_TEXT)


@pytest.mark.parametrize("kind", sorted(EXPECTED_TEXT))
def test_chart_renders_with_vietnamese_text_and_no_warning(kind, sample):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph missing" warning fails the test
        figure = _build(kind, sample)
        alt = alt_text(figure)
        svg = figure_to_svg(figure)
    assert alt
    for text in EXPECTED_TEXT[kind]:
        assert text in svg, f"{text!r} not in the {kind} SVG"
    if kind != "rank_history":
        assert "Số liệu minh họa" in svg


def test_figures_are_closed_after_rendering(sample):
    before = len(plt.get_fignums())
    for _ in range(5):
        figure_to_svg(_build("status_overview", sample))
    gc.collect()
    assert len(plt.get_fignums()) == before
