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
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import Formatter, MaxNLocator

from partrack.charts.compact_svg import compact_svg
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
    "savefig.bbox": "standard",  # the figure is its printed size; "tight" would draw every figure twice
    "text.parse_math": False,  # "$" in a goal name or a note is a dollar sign, never TeX (which can fail)
}
PAD = 3 / 72  # inches: the air constrained layout leaves at the figure's edges and between its parts
FOOTER_LINE = MIN_FONT * 1.2 / 72  # inches: one line of the footer

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

    The house layout (constrained layout over a bottom band for the legend and the footer) keeps titles, tick
    labels and legends inside the figure and apart; the Agg canvas is attached so the figure can be measured and
    shown in a notebook; the backend is unchanged.
    """
    with style():
        figure = Figure(figsize=(min(width, TEXT_WIDTH), height), layout=HouseLayout())
        FigureCanvasAgg(figure)
        axes = figure.subplots(**kwargs)
    figure.patch.set_facecolor("white")
    return figure, axes


class HouseLayout(ConstrainedLayoutEngine):
    """Constrained layout above a band at the bottom of the figure: the legend, and the footer beside or under it.

    matplotlib gives a figure legend placed "outside lower" and a figure's x label the same bottom margin (the
    larger of the two, not their sum), so a legend and a footer there are drawn over each other. Here the footer
    and the legends under the plot (``legend_below``'s, and any "outside lower" one) are placed first, measured
    with the renderer that draws them: a short footer on the legend's line when the centred legend leaves it
    room at the left, else the footer on the last line and the legends stacked above it. The rest of the figure
    is laid out by constrained layout in the space above: still one layout pass per drawing.
    """

    def execute(self, fig: Figure) -> None:
        """Place the footer and the legends under the plot, then lay out the rest above them."""
        renderer = fig._get_renderer()  # what ConstrainedLayoutEngine.execute measures with
        pad, left = PAD / fig.get_figheight(), PAD / fig.get_figwidth()

        def extent(artist: Any) -> Any:  # where an artist is drawn, in figure fractions
            return fig.transFigure.inverted().transform_bbox(artist.get_window_extent(renderer))

        footer, legends = getattr(fig, "house_footer", None), _lower_legends(fig)
        top = 0.0
        if footer is not None:
            footer.set_position((left, pad))
            note = extent(footer)
            top = note.y1
            if len(legends) == 1:
                legends[0].set_bbox_to_anchor((0.5, pad), transform=fig.transFigure)
                box = extent(legends[0])
                if box.x0 >= note.x1 + 2 * left:  # room beside: one line for both, the footer centred on it
                    footer.set_y(pad + max(0.0, (box.height - note.height) / 2))
                    legends, top = [], max(note.y1, box.y1)
        for legend in legends:
            legend.set_bbox_to_anchor((0.5, top + pad), transform=fig.transFigure)
            top = extent(legend).y1  # with the air matplotlib leaves under an "outside" legend
        self.set(rect=(0.0, top, 1.0, 1.0 - top))
        super().execute(fig)


def _lower_legends(fig: Figure) -> list[Legend]:
    """The figure's legends that sit under the plot: ``legend_below``'s and those placed "outside lower"."""
    ours = getattr(fig, "house_legend", None)
    return [g for g in fig.legends if g is ours or getattr(g, "_outside_loc", None) == "lower"]


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width of one line of text in points, in the house font (as the SVG and the PDF set it)."""
    properties = FontProperties(family=FONTS, size=size, weight=weight)
    return _MEASURE.get_text_width_height_descent(text, properties, ismath=False)[0]


_MEASURE = TextToPath()


def fit(text: str, inches: float, size: float = 9.0, weight: str = "normal") -> str:
    """A text on as many lines as it needs to fit ``inches`` at ``size`` points: wrapped at spaces, never cut.

    Measured in the font, not counted in characters, so a line of wide letters (capitals, "Đ", "W") fits as well
    as a line of narrow ones. The lines are balanced (the narrowest width that needs no more lines), so a label
    never ends with one word alone. A single word wider than the space keeps its own line (never broken or cut).
    """
    lines = []
    for paragraph in str(text).split("\n"):
        pieces = paragraph.split()
        room = inches * 72
        count = len(_greedy(pieces, room, size, weight))
        if count > 1:  # the narrowest room that still gives ``count`` lines, to a tenth of a point
            low = max(text_width(piece, size, weight) for piece in pieces)
            while room - low > 0.1:
                middle = (low + room) / 2
                if len(_greedy(pieces, middle, size, weight)) > count:
                    low = middle
                else:
                    room = middle
        lines += _greedy(pieces, room, size, weight) or [""]
    return "\n".join(lines)


def _greedy(pieces: list[str], room: float, size: float, weight: str) -> list[str]:
    """Words filled into lines of at most ``room`` points, as many per line as fit."""
    lines, line = [], ""
    for piece in pieces:
        longer = f"{line} {piece}" if line else piece
        if line and text_width(longer, size, weight) > room:
            lines.append(line)
            longer = piece
        line = longer
    return [*lines, line] if line else lines


def wrap(text: str, width: int) -> str:
    """A label on as many lines as it needs, ``width`` characters each: wrapped, never cut (``fit`` measures)."""
    return textwrap.fill(str(text), width, break_long_words=False, break_on_hyphens=False) or str(text)


def chart_title(figure: Figure, text: str) -> Text:
    """The chart's title across the top of the figure, from its left edge, wrapped to the figure's width.

    A figure title rather than an axes title: its room is the whole width, known before the layout (an axes
    title starts where the tick labels end, which only the layout knows), so it is wrapped and never cut. The
    figure grows by the title's lines, so the plotted area keeps its size.
    """
    size = float(RC["axes.titlesize"])
    wrapped = fit(text, figure.get_figwidth() - 2 * PAD, size, "bold")
    with style():
        heading = figure.suptitle(wrapped, x=PAD / figure.get_figwidth(), ha="left", fontsize=size, fontweight="bold")
    figure.set_figheight(figure.get_figheight() + size * 1.2 / 72 * (wrapped.count("\n") + 1) + 2 * PAD)
    return heading


def legend_below(figure: Figure, handles: list, columns: int = 3) -> Legend | None:
    """The legend under the plotted area (and above the footer), in as many columns as the figure's width holds.

    Placed by ``HouseLayout``: outside every axes and away from every title.
    """
    if not handles:
        return None
    size = float(RC["legend.fontsize"])
    room = (figure.get_figwidth() - 2 * PAD) * 72
    for handle in handles:  # a label wider than the whole legend line is wrapped, never cut
        handle.set_label(fit(handle.get_label(), (room - 3 * size) / 72, size))
    while columns > 1 and _legend_width([h.get_label() for h in handles], columns, size) > room:
        columns -= 1
    with style():
        legend = figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),  # moved by HouseLayout, above the footer
            bbox_transform=figure.transFigure,
            borderaxespad=0,
            ncols=min(columns, len(handles)),
            frameon=False,
        )
    figure.house_legend = legend
    figure.house_legend_width = _legend_width([h.get_label() for h in handles], min(columns, len(handles)), size)
    return legend


def _legend_width(labels: list[str], columns: int, size: float) -> float:
    """The width in points of a legend of ``labels`` in ``columns`` (filled as matplotlib fills them)."""
    rc = matplotlib.rcParams
    handle = (rc["legend.handlelength"] + rc["legend.handletextpad"]) * size
    entry = [handle + max(text_width(line, size) for line in label.split("\n")) for label in labels]
    widths = [max(chunk) for chunk in _chunks(entry, min(columns, len(entry)))]
    return sum(widths) + (len(widths) - 1) * rc["legend.columnspacing"] * size + 2 * rc["legend.borderpad"] * size


def _chunks(items: list[float], count: int) -> list[list[float]]:
    """``items`` in ``count`` consecutive columns, the first ones one longer (as ``numpy.array_split``)."""
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        out.append(items[start:end])
        start = end
    return out


def footer(figure: Figure) -> Text | None:
    """The figure's footer (illustrative mark, source), or None."""
    return getattr(figure, "house_footer", None)


def number_axis(axis: Any, lang: str, *, integer: bool = False, suffix: str = "") -> None:
    """Tick labels in the language's number format (decimal comma, thousands dot in Vietnamese).

    ``integer`` allows only whole ticks (ranks, counts); otherwise the decimals follow the tick step.
    """
    if integer:
        axis.set_major_locator(MaxNLocator(integer=True, nbins="auto"))
    axis.set_major_formatter(NumberFormatter(lang, integer=integer, suffix=suffix))


class NumberFormatter(Formatter):
    """Ticks written the language's way, with as many decimals as the tick step needs (at most two).

    The step is read once from the ticks being labelled (``set_locs``), not again for every label.
    """

    def __init__(self, lang: str, *, integer: bool = False, suffix: str = "") -> None:
        self.lang, self.integer, self.suffix, self.decimals = lang, integer, suffix, 0

    def set_locs(self, locs: Any) -> None:
        """Choose the decimals for this set of ticks."""
        super().set_locs(locs)
        step = abs(locs[1] - locs[0]) if len(locs) > 1 else 0.0
        short = f"{step:g}".partition(".")[2]
        self.decimals = 0 if self.integer or step >= 1 or step == 0 else min(2, len(short))

    def __call__(self, value: float, position: int | None = None) -> str:
        """One tick's label."""
        return f"{number(value, self.lang, self.decimals)}{self.suffix}"


def finish(
    figure: Figure, alt: str, lang: str, source: str | None = None, illustrative: bool = False, measure: bool = False
) -> Figure:
    """Add the footer (illustrative mark, source) and the alt text, so no chart goes out without them.

    The footer is the last text of the figure, at the smallest print size, wrapped to the figure's width: beside
    the legend when it fits there, else under it (``HouseLayout``), and then the figure grows by the footer's
    lines so the plotted area keeps its size. ``measure`` is kept for callers of the earlier interface.
    """
    parts = []
    if illustrative:
        parts.append(word("chart.note.illustrative", lang))
    if source:
        parts.append(word("chart.note.source", lang, source=source))
    if parts:
        text = fit(" · ".join(parts), figure.get_figwidth() - 2 * PAD, MIN_FONT)
        with style():
            figure.house_footer = figure.text(0.0, 0.0, text, ha="left", va="bottom", fontsize=MIN_FONT, color=MUTED)
        if not _beside_legend(figure, text):
            figure.set_figheight(figure.get_figheight() + FOOTER_LINE * (text.count("\n") + 1) + PAD)
    literal_text(figure)
    figure.alt_text = alt  # read back with alt_text()
    return figure


def _beside_legend(figure: Figure, text: str) -> bool:
    """Whether a one-line footer fits at the left of the centred ``legend_below`` (as ``HouseLayout`` will see)."""
    legend = getattr(figure, "house_legend", None)
    if legend is None or "\n" in text:
        return False
    room = (figure.get_figwidth() * 72 - figure.house_legend_width) / 2  # points left of the legend
    return text_width(text, MIN_FONT) + 3 * PAD * 72 <= room


def literal_text(figure: Figure) -> None:
    """Every text of the figure shown as typed: no mathtext parsing (labels come from plans and data)."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)


def alt_text(figure: Figure) -> str:
    """The short description of a figure for screen readers and the HTML ``alt`` attribute."""
    return getattr(figure, "alt_text", "")


class _PrintCanvas(FigureCanvasSVG):
    """An SVG canvas that lays a figure out with the renderer that draws it: one layout pass, one drawing.

    ``savefig`` first draws a figure that has a layout engine once without output, to lay it out, then again to
    write it; here the constrained layout runs at the start of the one drawing, measuring text with the same
    renderer (so each text is measured once). The figure's own canvas and resolution are restored afterwards.
    """

    _renderer: MixedModeRenderer | None = None

    def get_renderer(self) -> MixedModeRenderer | None:
        """The renderer of the drawing under way (the layout engine measures text with it)."""
        return self._renderer

    def print_svg(self, filename: Any, *, metadata: dict | None = None, **_ignored: Any) -> None:
        """Write the figure as SVG at its printed size (72 units an inch), laid out and drawn in one pass."""
        figure, dpi = self.figure, self.figure.dpi
        width, height = figure.get_size_inches()
        image_dpi = matplotlib.rcParams["savefig.dpi"]
        figure.dpi = 72
        svg = RendererSVG(width * 72, height * 72, filename, image_dpi=image_dpi, metadata=metadata)
        self._renderer = MixedModeRenderer(figure, width, height, image_dpi, svg)
        try:
            figure.draw(self._renderer)
            self._renderer.finalize()
        finally:
            self._renderer = None
            figure.dpi = dpi


def figure_to_svg(figure: Figure) -> str:
    """Render to SVG text at the printed size, text kept as text (searchable, sharp, checkable), in few nodes."""
    buffer = io.StringIO()
    canvas = figure.canvas
    with style():  # texts made while drawing (tick labels) take text.parse_math = False from the style
        try:
            _PrintCanvas(figure).print_svg(buffer, metadata={"Date": None})
        finally:
            figure.set_canvas(canvas)
    return compact_svg(buffer.getvalue())


def figure_to_png(figure: Figure) -> bytes:
    """Render to PNG bytes (analysts' notebooks; briefs embed SVG)."""
    buffer = io.BytesIO()
    with style():
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
