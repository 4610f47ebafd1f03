"""The house style: status colours (colour-blind safe, always with the status written), fonts, notes.

Text is DejaVu Sans, which matplotlib ships: every Vietnamese diacritic renders whatever fonts the
machine has. SVG keeps text as text (so labels can be checked as strings). Every figure carries a
short alt text, and figures are closed once rendered so that a batch does not grow in memory.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display: charts are rendered to files and notebooks

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.text import Text

from partrack.registry import Registry

# Okabe-Ito palette (safe for the common colour-vision deficiencies); greys for "no verdict".
STATUS_COLORS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "needs_acceleration": "#E69F00",
    "off_track": "#D55E00",
    "regressing": "#CC79A7",
    "not_achieved": "#882255",
    "insufficient_data": "#BBBBBB",
    "not_assessed": "#DDDDDD",
    "target_achieved": "#009E73",
    "substantial_progress": "#56B4E9",
    "moderate_progress": "#E69F00",
    "limited_progress": "#D55E00",
    "deterioration": "#CC79A7",
    "not_available": "#BBBBBB",
}
INK, MUTED, GRID = "#222222", "#666666", "#E5E5E5"
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "none",
    "figure.dpi": 110,
    "savefig.bbox": "tight",
    "text.parse_math": False,  # "$" in a goal name or a note is a dollar sign, never TeX (which can fail)
}
NOTES = {
    "vi": {"illustrative": "Số liệu minh họa", "source": "Nguồn"},
    "en": {"illustrative": "Illustrative data", "source": "Source"},
}

CHARTS: Registry = Registry("chart kind")  # by name, so notebooks and the catalogue can refer to a kind
register_chart = CHARTS.register


def new_figure(width: float = 7.0, height: float = 3.2, **kwargs) -> tuple[Figure, object]:
    """A figure and axes in the house style (A4 text width is about 7 inches)."""
    with plt.rc_context(RC):
        figure, axes = plt.subplots(figsize=(width, height), **kwargs)
    figure.patch.set_facecolor("white")
    return figure, axes


def finish(
    figure: Figure, alt: str, lang: str, source: str | None = None, illustrative: bool = False, measure: bool = False
) -> Figure:
    """Add the footer (source, illustrative mark) and the alt text.

    ``measure`` places the footer under everything drawn (rotated tick labels): it costs one extra draw.
    """
    parts = []
    if illustrative:
        parts.append(NOTES[lang]["illustrative"])
    if source:
        parts.append(f"{NOTES[lang]['source']}: {source}")
    literal_text(figure)
    if parts:  # below everything drawn, rotated tick labels included
        with plt.rc_context(RC):
            lowest = figure.get_tightbbox(figure.canvas.get_renderer()).y0 / figure.get_figheight() if measure else 0.0
        figure.text(0.01, min(lowest, 0.0) - 0.02, " · ".join(parts), fontsize=7, color=MUTED, ha="left", va="top",
                    family="DejaVu Sans")  # fmt: skip
    figure.alt_text = alt  # read back with alt_text()
    return figure


def literal_text(figure: Figure) -> None:
    """Every text of the figure shown as typed: no mathtext parsing (labels come from plans and data)."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)


def alt_text(figure: Figure) -> str:
    """The short description of a figure for screen readers and the HTML ``alt`` attribute."""
    return getattr(figure, "alt_text", "")


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    literal_text(figure)
    with plt.rc_context(RC):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()


def figure_to_svg(figure: Figure) -> str:
    """Render to SVG text (text kept as text) and close the figure."""
    return _render(figure, "svg").decode("utf-8")


def figure_to_png(figure: Figure) -> bytes:
    """Render to PNG bytes and close the figure."""
    return _render(figure, "png")
