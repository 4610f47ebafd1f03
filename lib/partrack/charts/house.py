"""The house style: status colours (colour-blind safe, always with the status written), fonts, notes.

Text is DejaVu Sans, which matplotlib ships: every Vietnamese diacritic renders whatever fonts the
machine has. SVG keeps text as text (so labels can be checked as strings). Every figure carries a
short alt text.

Figures are built with ``matplotlib.figure.Figure``, never through pyplot, and the style is applied
with ``rc_context`` rather than by changing the global settings or the backend: importing partrack in
a notebook leaves the analyst's own ``plt`` plots as they were, and rendered figures are freed by
the garbage collector like any object (pyplot keeps none of them).
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from partrack.registry import Registry
from partrack.words import word

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
FOOTER_WIDTH = 150  # characters of a footer line at 7 pt across an A4 text width

CHARTS: Registry = Registry("chart kind")  # by name, so notebooks and the catalogue can refer to a kind


@contextmanager
def style() -> Iterator[None]:
    """The house style for a block of plotting code, restored afterwards (``with partrack.charts.style(): …``).

    A context rather than a global setting, so that an analyst's own plots outside it look as they always do.
    """
    with matplotlib.rc_context(RC):
        yield


def register_chart(*names: str) -> Callable[[Callable[..., Figure]], Callable[..., Figure]]:
    """Register a chart kind under one or more names; the kind is drawn inside the house style.

    Artists read the style when they are created, so the whole drawing runs in the style, not only the figure.
    """

    def decorate(function: Callable[..., Figure]) -> Callable[..., Figure]:
        @functools.wraps(function)
        def styled(*args: Any, **kwargs: Any) -> Figure:
            with style():
                return function(*args, **kwargs)

        CHARTS.register(*names)(styled)
        return styled

    return decorate


def new_figure(width: float = 7.0, height: float = 3.2, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure and axes in the house style (A4 text width is about 7 inches), without pyplot.

    The Agg canvas is attached so the figure can be measured and shown in a notebook; the backend is unchanged.
    """
    with style():
        figure = Figure(figsize=(width, height))
        FigureCanvasAgg(figure)
        axes = figure.subplots(**kwargs)
    figure.patch.set_facecolor("white")
    return figure, axes


def finish(
    figure: Figure, alt: str, lang: str, source: str | None = None, illustrative: bool = False, measure: bool = False
) -> Figure:
    """Add the footer (illustrative mark, source) and the alt text, so no chart goes out without them.

    ``measure`` places the footer under everything drawn (rotated tick labels): it costs one extra draw.
    """
    parts = []
    if illustrative:
        parts.append(word("chart.note.illustrative", lang))
    if source:
        parts.append(word("chart.note.source", lang, source=source))
    literal_text(figure)
    if parts:  # below everything drawn, rotated tick labels included
        with style():
            lowest = figure.get_tightbbox(figure.canvas.get_renderer()).y0 / figure.get_figheight() if measure else 0.0
        footer = textwrap.fill(" · ".join(parts), FOOTER_WIDTH, break_long_words=False, break_on_hyphens=False)
        figure.text(0.01, min(lowest, 0.0) - 0.02, footer, fontsize=7, color=MUTED, ha="left", va="top",
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
    with style():
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def figure_to_svg(figure: Figure) -> str:
    """Render to SVG text, text kept as text so labels can be checked and searched."""
    return _render(figure, "svg").decode("utf-8")


def figure_to_png(figure: Figure) -> bytes:
    """Render to PNG bytes, for documents that embed images (HTML and PDF briefs)."""
    return _render(figure, "png")
