"""The house style: status colours (colour-blind safe, always with the status written), fonts, print size, notes.

Charts are drawn at the size they are printed: the A4 text width of a brief (``TEXT_WIDTH`` inches between
Nghị định 30's margins), text no smaller than ``MIN_FONT`` points, legends and notes outside the plotted area,
laid out by matplotlib's constrained layout so that nothing is cut or overlaps. A brief shows them at their
natural size, so a point in a chart is a point on paper.

Text is Liberation Sans (metric-compatible with Arial, installed with the Liberation fonts the PDF uses; full
Vietnamese coverage), with DejaVu Sans, which matplotlib ships, as the fallback. SVG keeps text as text, so a
PDF stays searchable and sharp and labels can be checked as strings. Every figure carries a short alt text.

Figures are built with ``matplotlib.figure.Figure``, never through pyplot, and the style is applied with
``rc_context`` rather than by changing the global settings or the backend: importing partrack in a notebook
leaves the analyst's own ``plt`` plots as they were, and rendered figures are freed by the garbage collector
like any object (pyplot keeps none of them).
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
from matplotlib.ticker import FuncFormatter, MaxNLocator

from partrack.registry import Registry
from partrack.words import number, word

# Okabe-Ito palette (safe for the common colour-vision deficiencies); greys for "no verdict".
STATUS_COLORS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "needs_acceleration": "#E69F00",
    "off_track": "#D55E00",
    "regressing": "#CC79A7",
    "not_achieved": "#882255",
    "insufficient_data": "#BBBBBB",
    "no_data": "#BBBBBB",
    "not_assessed": "#DDDDDD",
    "target_achieved": "#009E73",
    "substantial_progress": "#56B4E9",
    "moderate_progress": "#E69F00",
    "limited_progress": "#D55E00",
    "deterioration": "#CC79A7",
    "not_available": "#BBBBBB",
}
INK, MUTED, GRID = "#222222", "#555555", "#E5E5E5"
TEXT_WIDTH = 6.3  # inches: the A4 text width between the margins of Nghị định 30 (165 mm), less a little air
MIN_FONT = 8.0  # points: the smallest text a chart prints
FONTS = ["Liberation Sans", "DejaVu Sans"]
RC = {
    "font.family": FONTS,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.title_fontsize": 8.5,
    "figure.titlesize": 10,
    "svg.fonttype": "none",
    "svg.hashsalt": "partrack",  # the same figure gives the same SVG (ids are not random)
    "figure.dpi": 110,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.04,
    "text.parse_math": False,  # "$" in a goal name or a note is a dollar sign, never TeX (which can fail)
}
FOOTER_CHARACTERS = 105  # characters of a footer line at 8 pt across the chart's width

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


def new_figure(width: float = TEXT_WIDTH, height: float = 3.0, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure and axes in the house style at its printed size (at most the A4 text width), without pyplot.

    Constrained layout keeps titles, tick labels and outside legends inside the figure; the Agg canvas is
    attached so the figure can be measured and shown in a notebook; the backend is unchanged.
    """
    with style():
        figure = Figure(figsize=(min(width, TEXT_WIDTH), height), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(**kwargs)
    figure.patch.set_facecolor("white")
    return figure, axes


def wrap(text: str, width: int) -> str:
    """A label on as many lines as it needs, ``width`` characters each: wrapped, never cut."""
    return textwrap.fill(str(text), width, break_long_words=False, break_on_hyphens=False) or str(text)


def number_axis(axis: Any, lang: str, *, integer: bool = False, suffix: str = "") -> None:
    """Tick labels in the language's number format (decimal comma, thousands dot in Vietnamese).

    ``integer`` allows only whole ticks (ranks, counts); otherwise the decimals follow the tick step.
    """
    if integer:
        axis.set_major_locator(MaxNLocator(integer=True, nbins="auto"))

    def label(value: float, _position: int) -> str:
        step = _step(axis)
        decimals = 0 if integer or step >= 1 or step == 0 else min(2, len(f"{step:g}".partition(".")[2]))
        return f"{number(value, lang, decimals)}{suffix}"

    axis.set_major_formatter(FuncFormatter(label))


def _step(axis: Any) -> float:
    ticks = [t for t in axis.get_majorticklocs()]
    return abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 0.0


def finish(
    figure: Figure, alt: str, lang: str, source: str | None = None, illustrative: bool = False, measure: bool = False
) -> Figure:
    """Add the footer (illustrative mark, source) and the alt text, so no chart goes out without them.

    The footer is a line of text under everything drawn, at the smallest print size; ``measure`` is kept for
    callers of the earlier interface (the layout engine now always places the footer below the axes).
    """
    parts = []
    if illustrative:
        parts.append(word("chart.note.illustrative", lang))
    if source:
        parts.append(word("chart.note.source", lang, source=source))
    if parts:
        footer = wrap(" · ".join(parts), FOOTER_CHARACTERS)
        with style():
            figure.supxlabel(footer, x=0.0, ha="left", fontsize=MIN_FONT, color=MUTED, fontweight="normal")
    literal_text(figure)
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
    """Render to SVG text at the printed size, text kept as text (searchable, sharp, checkable)."""
    return _render(figure, "svg").decode("utf-8")


def figure_to_png(figure: Figure) -> bytes:
    """Render to PNG bytes (analysts' notebooks; briefs embed SVG)."""
    return _render(figure, "png")
