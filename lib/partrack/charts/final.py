"""The final assessment's charts: the verdict counts in one picture, and every numeric goal's path as small multiples.

Drawn at the printed width (``house.TEXT_WIDTH``) with no text under ``house.MIN_FONT`` points, in the house
style and colours. The verdicts are the progress table's (``status`` of the rows at their close); the charts
only draw them, so a chart, the table beside it and the annex say the same thing. Every word is from the
vocabulary (``words/<lang>/final.yaml``, ``core.yaml``); nothing here names a plan, a unit or a year.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullFormatter

from partrack.catalogue import Catalogue
from partrack.charts.house import (
    GRID,
    INK,
    MIN_FONT,
    MUTED,
    STATUS_COLORS,
    TEXT_WIDTH,
    finish,
    new_figure,
    number_axis,
    register_chart,
    wrap,
)
from partrack.progress.statuses import FINAL_STATUSES
from partrack.words import number, short_date, value_with_unit, word

PANEL_HEIGHT = 1.85  # inches of one small multiple: a title of up to three lines, the plot, the verdict line
TITLE_CHARACTERS = 28  # characters of a bold panel title line at MIN_FONT across a third of the text width
ROW_HEIGHT = 0.27  # inches of one bar of the verdict chart


def verdict_label(status: str, lang: str) -> str:
    """A final verdict in the words of a tổng kết ("Đạt", "Không đạt", "Không có số liệu")."""
    return word(f"verdict.{status}", lang)


def _legend(figure: Figure, handles: list, columns: int, where: str = "lower") -> None:
    """The legend outside the plotted area, below it (or above it, clear of the footer, when it is wide)."""
    figure.legend(handles=handles, loc=f"outside {where} center", ncols=min(columns, len(handles)), frameon=False,
                  fontsize=MIN_FONT)  # fmt: skip


@register_chart("final_verdicts")
def final_verdicts(counts: pd.DataFrame, lang: str, *, illustrative: bool = False) -> Figure:
    """One bar per row of ``counts`` (an area, a level), split into its shares of each verdict, counts written in.

    ``counts``: index = the row labels, columns = the verdicts (``FINAL_STATUSES``), values = numbers of goals.
    Bars are shares so that an area of two goals and a level of a hundred read alike; each bar's total is written
    at its end.
    """
    statuses = [s for s in FINAL_STATUSES if s in counts.columns and counts[s].sum() > 0]
    labels = [wrap(label, 40) for label in counts.index]
    lines = sum(label.count("\n") + 1 for label in labels)
    figure, axes = new_figure(TEXT_WIDTH, 0.75 + max(ROW_HEIGHT * len(labels), 0.16 * lines))
    totals = counts[statuses].sum(axis=1).to_numpy(float)
    positions = np.arange(len(counts))[::-1]
    left = np.zeros(len(counts))
    for status in statuses:
        values = counts[status].to_numpy(float)
        shares = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
        color = STATUS_COLORS.get(status, MUTED)
        axes.barh(positions, shares, left=left, color=color, height=0.68, edgecolor="white", linewidth=0.6)
        for y, x, share, value in zip(positions, left, shares, values, strict=True):
            if value and share >= 0.045:  # a count wider than its segment: in the annex's table
                axes.text(x + share / 2, y, f"{int(value)}", ha="center", va="center", fontsize=MIN_FONT,
                          color=INK if status != "not_achieved" else "white")  # fmt: skip
        left += shares
    for y, total in zip(positions, totals, strict=True):
        axes.text(1.01, y, word("final.chart.total", lang, count=int(total)), ha="left", va="center",
                  fontsize=MIN_FONT, color=INK, transform=axes.get_yaxis_transform())  # fmt: skip
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, 1)
    axes.set_ylim(-0.6, len(counts) - 0.4)
    axes.xaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1]))
    axes.xaxis.set_major_formatter(lambda value, _: f"{number(value * 100, lang, 0)}%")
    axes.tick_params(axis="both", labelsize=MIN_FONT)
    axes.grid(axis="x", color=GRID)
    axes.set_axisbelow(True)
    _legend(figure, [Patch(color=STATUS_COLORS.get(s, MUTED), label=verdict_label(s, lang)) for s in statuses], 3)
    described = "; ".join(
        f"{label}: " + ", ".join(f"{verdict_label(s, lang)} {int(counts.loc[label, s])}" for s in statuses)
        for label in counts.index
    )
    return finish(figure, word("final.chart.alt_verdicts", lang, counts=described), lang, illustrative=illustrative)


def _year(day: object) -> float:
    """A date as a year with its fraction (the end of year Y is Y + 1.0)."""
    stamp = pd.Timestamp(day)
    start = pd.Timestamp(year=stamp.year, month=1, day=1)
    return stamp.year + ((stamp - start).days + 1) / (pd.Timestamp(year=stamp.year + 1, month=1, day=1) - start).days


def _years_axis(axes, first: int, last: int) -> None:
    """Years as spans, every one named in the middle of its span (a short label, ``'21``, when they are many)."""
    axes.set_xlim(first, last + 1)
    axes.xaxis.set_major_locator(FixedLocator(range(first, last + 2)))
    axes.xaxis.set_major_formatter(NullFormatter())
    axes.xaxis.set_minor_locator(FixedLocator([y + 0.5 for y in range(first, last + 1)]))
    short = last - first >= 4
    axes.xaxis.set_minor_formatter(lambda value, _: f"’{int(value) % 100:02d}" if short else f"{int(value)}")
    axes.tick_params(axis="x", which="minor", length=0, labelsize=MIN_FONT)
    axes.tick_params(axis="x", which="major", length=3)
    axes.tick_params(axis="y", labelsize=MIN_FONT)


def _panel(axes, observations: pd.DataFrame, row: pd.Series, lang: str, catalogue: Catalogue, first: int) -> None:
    """One goal: its figures to its close, the target, the close, the trend's projection, the verdict under it."""
    item = catalogue.indicator(row["indicator"])
    close, deadline = pd.Timestamp(row["close"]).date(), catalogue.deadline_of(item)
    series = observations[(observations["indicator"] == row["indicator"]) & (observations["unit"] == row["unit"])]
    series = series[series["period_end"] <= close.isoformat()].sort_values("period_end")
    y_column = "rank" if row["measure"] == "rank" else "value"
    series = series[series[y_column].notna()]
    times = [_year(d) for d in series["period_end"]]
    verdict_color = STATUS_COLORS.get(row["status"], MUTED)
    if pd.notna(row["target"]):
        axes.axhline(row["target"], color=INK, linewidth=0.9, linestyle=":")
    axes.axvline(_year(close), color=MUTED, linewidth=0.8)
    if close < deadline:
        axes.axvline(_year(deadline), color=MUTED, linewidth=0.6, linestyle=(0, (1, 2)))
    if len(series):
        axes.plot(times, series[y_column], color=INK, linewidth=1.1, marker="o", markersize=2.2, zorder=3)
        if pd.notna(row["projected"]):  # grey: a reference beside the verdict, not a second verdict
            axes.plot([times[-1], _year(deadline)], [series[y_column].iloc[-1], row["projected"]], color=MUTED,
                      linestyle="--", linewidth=1.0, zorder=2)  # fmt: skip
        axes.plot([times[-1]], [series[y_column].iloc[-1]], marker="o", markersize=5.5, color=verdict_color,
                  markeredgecolor=INK, markeredgewidth=0.5, zorder=4)  # fmt: skip
    _years_axis(axes, first, deadline.year)
    if row["measure"] == "percent":
        axes.set_ylim(0, 105)
        number_axis(axes.yaxis, lang, suffix="%")
        axes.yaxis.set_major_locator(FixedLocator([0, 50, 100]))
    else:
        ticks = _nice_ticks(series[y_column], row)
        number_axis(axes.yaxis, lang, integer=True)
        axes.yaxis.set_major_locator(FixedLocator(ticks))
        margin = 0.08 * (ticks[-1] - ticks[0])
        axes.set_ylim(ticks[0] - margin, ticks[-1] + margin)
        if row["measure"] == "rank":
            axes.invert_yaxis()
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_title(wrap(f"{item.plan_ref} {item.name(lang)}", TITLE_CHARACTERS), fontsize=MIN_FONT, loc="left",
                   fontweight="bold")  # fmt: skip
    final = value_with_unit(row["value"], row["measure"], lang) if pd.notna(row["value"]) else word("measure.missing",
                                                                                                    lang)  # fmt: skip
    axes.set_xlabel(f"{verdict_label(row['status'], lang)} · {final}", fontsize=MIN_FONT, color=INK, loc="left",
                    fontweight="bold")  # fmt: skip


def _nice_ticks(values: pd.Series, row: pd.Series) -> list[float]:
    """Three whole ticks spanning the figures and the target (counts and ranks have no natural 0–100 scale)."""
    known = [float(v) for v in values] + [float(row[c]) for c in ("target", "projected") if pd.notna(row[c])]
    if not known:
        return [0.0, 1.0]
    low, high = min(known), max(known)
    if high - low < 2:
        low, high = low - 1, high + 1
    return [round(low), round((low + high) / 2), round(high)]


@register_chart("final_trajectories")
def final_trajectories(
    observations: pd.DataFrame,
    rows: pd.DataFrame,
    lang: str,
    *,
    catalogue: Catalogue,
    illustrative: bool = False,
    columns: int = 3,
    first_year: int | None = None,
) -> Figure:
    """Small multiples: one panel per progress row (a numeric goal at its close), ``columns`` to a line.

    Each panel: the figures reported up to the close (the last one coloured by the verdict, written under the
    panel with the final value), the target (dotted), the close (a line) and the deadline when it comes later
    (a dotted line), and the trend's projection to the deadline (dashed, in grey) — beside the verdict, never
    instead of it. Years start at ``first_year`` (the plan's first). The legend sits above the panels.
    """
    count = len(rows)
    lines = max(1, -(-count // columns))
    figure, grid = new_figure(TEXT_WIDTH, PANEL_HEIGHT * lines + 0.55, nrows=lines, ncols=columns, squeeze=False)
    first = first_year or int(pd.to_datetime(observations["period_end"]).dt.year.min())
    for index, axes in enumerate(grid.flat):
        if index >= count:
            axes.set_visible(False)
            continue
        _panel(axes, observations, rows.iloc[index], lang, catalogue, first)
    statuses = [s for s in FINAL_STATUSES if s in set(rows["status"])]
    closes = sorted({pd.Timestamp(c).date() for c in rows["close"]})
    handles = [
        Line2D([], [], color=INK, linewidth=1.1, marker="o", markersize=2.2, label=word("chart.observed", lang)),
        Line2D([], [], color=INK, linewidth=0.9, linestyle=":", label=word("chart.target", lang)),
        Line2D([], [], color=MUTED, linewidth=0.8, label=word("final.chart.close", lang, date=_dates(closes, lang))),
        Line2D([], [], color=MUTED, linewidth=1.0, linestyle="--", label=word("final.chart.trend", lang)),
        *(
            Line2D(
                [],
                [],
                color=STATUS_COLORS.get(s, MUTED),
                marker="o",
                markersize=5.5,
                markeredgecolor=INK,
                markeredgewidth=0.5,
                linestyle="none",
                label=verdict_label(s, lang),
            )
            for s in statuses
        ),
    ]
    _legend(figure, handles, 3, where="upper")
    alt = word("final.chart.alt_trajectories", lang, count=count)
    return finish(figure, alt, lang, illustrative=illustrative)


def _dates(days: list[date], lang: str) -> str:
    return ", ".join(short_date(d, lang) for d in days)
