"""The chart kinds: bullet, trajectory, heatmap, status overview, rank history, change.

Each takes rows of the progress table (and observations where a series is drawn) and returns a
Figure; every number drawn is a number of the progress row, so the paragraph beside it agrees.
Everything particular to a plan (province, deadline, rankings, national average) comes from the
catalogue, and every word from the vocabulary (words/<lang>/charts.yaml), so that another province's
plan or another language needs no change here.

Every chart is drawn at its printed width (``house.TEXT_WIDTH``) with text of at least ``house.MIN_FONT``
points: titles and long labels are wrapped to their measured width (never cut), legends sit outside the
plotted area under it and above the footer, time runs in years (a year is the span between two ticks, its
label in the middle), ranks are whole numbers and every number is written the language's way.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, NullFormatter

from partrack.catalogue import Catalogue
from partrack.catalogue.model import NUMERIC_KINDS, Indicator
from partrack.charts.house import (
    GRID,
    INK,
    MUTED,
    STATUS_COLORS,
    TEXT_WIDTH,
    chart_title,
    finish,
    fit,
    legend_below,
    new_figure,
    number_axis,
    register_chart,
)
from partrack.periods import parse_period
from partrack.progress.statuses import DISPLAY_ORDER as STATUS_ORDER
from partrack.units import UnitRegistry
from partrack.words import number, short_date, status_label, value_with_unit, word, word_or

LABEL_BY = ("unit", "indicator")
LINE = 0.16  # inches a line of 8.5-point text takes in a row label
LABEL_SIZE = 8.5  # points: row labels are tick labels (the house's tick size)
LABEL_WIDTH = 2.0  # inches of a wrapped row label (about a third of the chart's width)


def _names(catalogue: Catalogue, lang: str) -> dict[str, str]:
    return {i.id: i.name(lang) for i in catalogue.indicators}


def _unit_names(units: UnitRegistry, lang: str) -> dict[str, str]:
    return {u.code: u.name(lang) for u in units}


def _lines(labels: list[str]) -> int:
    return sum(label.count("\n") + 1 for label in labels)


def _rows_height(labels: list[str], extra: float) -> float:
    """The height of a chart with one row per label: every line of every label, plus ``extra`` for the rest."""
    return extra + max(LINE * _lines(labels) + 0.12 * len(labels), 0.5)


def _percent_axis(axis, lang: str) -> None:
    number_axis(axis, lang, suffix="%")


def short_unit_name(units: UnitRegistry, code: str, lang: str) -> str:
    """A unit's name without its level word ("Huyện Ý Yên" → "Ý Yên", "Ý Yên district" → "Ý Yên"), for narrow labels.

    The level word comes from the vocabulary, so the same rule serves every language and province.
    """
    if code not in units:
        return code
    unit = units[code]
    name = unit.name(lang)
    level = re.escape(word_or(f"level.{unit.level}", lang, ""))
    if not level:
        return name
    return re.sub(rf"^{level}\s+|\s+{level}$", "", name, flags=re.IGNORECASE) or name


def _label(text: str) -> str:
    """A row label wrapped to the label column's width."""
    return fit(text, LABEL_WIDTH, LABEL_SIZE)


def _ranking_title(item: Indicator, lang: str, inches: float) -> str:
    """A ranking's panel title: its abbreviation in brackets ("… (PAPI)" → "PAPI"), else its name wrapped."""
    name = item.name(lang)
    found = re.search(r"\(([^()]+)\)\s*$", name)
    return found.group(1) if found else fit(name, inches, 9, "bold")


def _year(day: object) -> float:
    """A date as a year with its fraction: the end of year Y is Y + 1.0, the end of June about Y + 0.5."""
    stamp = pd.Timestamp(day)
    start = pd.Timestamp(year=stamp.year, month=1, day=1)
    length = (pd.Timestamp(year=stamp.year + 1, month=1, day=1) - start).days
    return stamp.year + ((stamp - start).days + 1) / length


def _year_axis(axes, first: float, last: float) -> None:
    """Years as spans: a tick at each new year, the year written in the middle of its span."""
    start, end = int(np.floor(first - 1e-6)), int(np.ceil(last))
    axes.set_xlim(start, end)
    axes.xaxis.set_major_locator(FixedLocator(range(start, end + 1)))
    axes.xaxis.set_major_formatter(NullFormatter())
    axes.xaxis.set_minor_locator(FixedLocator([y + 0.5 for y in range(start, end)]))
    axes.xaxis.set_minor_formatter(lambda value, _: f"{int(value)}")
    axes.tick_params(axis="x", which="minor", length=0)
    axes.tick_params(axis="x", which="major", length=4)


def _ticks(values: pd.Series, positions: np.ndarray, half: float) -> tuple[list[float], list[float]]:
    """Short vertical marks at ``values`` across the rows at ``positions``, as one line broken by gaps (NaN)."""
    xs, ys = [], []
    for y, value in zip(positions, values, strict=True):
        if pd.notna(value):
            xs += [value, value, np.nan]
            ys += [y - half, y + half, np.nan]
    return xs, ys


@register_chart("bullet")
def bullet(
    rows: pd.DataFrame,
    label_by: str,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    illustrative: bool = False,
    title: str | None = None,
) -> Figure:
    """Latest value against target (and the year's milestone), one bar per unit or per indicator (percent).

    ``label_by`` is "unit" (one goal across units) or "indicator" (one unit's goals).
    """
    if label_by not in LABEL_BY:
        raise ValueError(f"label_by must be one of {', '.join(LABEL_BY)}, not {label_by!r}")
    rows = rows[(rows["measure"] == "percent") & rows["value"].notna()]
    names = _unit_names(units, lang) if label_by == "unit" else _names(catalogue, lang)
    labels = [_label(names.get(r[label_by], r[label_by])) for _, r in rows.iterrows()]
    figure, axes = new_figure(TEXT_WIDTH, _rows_height(labels, 0.87))  # a title adds its own lines
    positions = np.arange(len(rows))[::-1]
    colors = [STATUS_COLORS.get(status, MUTED) for status in rows["status"]]
    axes.barh(positions, 100, color=GRID, height=0.7, zorder=1)  # one call per layer: a bar chart is one artist
    axes.barh(positions, rows["value"], color=colors, height=0.42, zorder=2)
    # not clipped: a target of 100% sits on the axis' end and is drawn whole
    axes.plot(*_ticks(rows["target"], positions, 0.33), color=INK, linewidth=2, zorder=3, clip_on=False)
    milestones = "milestone_due" in rows and rows["milestone_due"].notna().any()
    if milestones:
        axes.plot(*_ticks(rows["milestone_due"], positions, 0.3), color=INK, linewidth=1.2, linestyle=":", zorder=3,
                  clip_on=False)  # fmt: skip
    for y, (_, row) in zip(positions, rows.iterrows(), strict=True):
        axes.text(1.02, y, f"{value_with_unit(row['value'], 'percent', lang)} · {status_label(row['status'], lang)}",
                  transform=axes.get_yaxis_transform(), va="center", ha="left", color=INK, clip_on=False)  # fmt: skip
    axes.set_yticks(positions, labels)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_xlim(0, 100)
    _percent_axis(axes.xaxis, lang)
    if title:
        chart_title(figure, title)
    handles = [Line2D([], [], color=INK, linewidth=2, marker="|", markersize=9, linestyle="none",
                      label=word("chart.target", lang))]  # fmt: skip
    if milestones:
        handles.append(Line2D([], [], color=INK, linewidth=1.2, linestyle=":", label=word("chart.milestone", lang)))
    legend_below(figure, handles)
    alt = word(f"chart.alt.bullet_by_{label_by}", lang, count=len(rows))
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("trajectory")
def trajectory(
    observations: pd.DataFrame,
    row: pd.Series,
    lang: str,
    *,
    catalogue: Catalogue,
    illustrative: bool = False,
    title: bool = True,
) -> Figure:
    """Observations over time, the path to the target, the projection to the deadline, the deadline.

    The deadline is the catalogue's (the indicator's own, else the plan's), so a plan with another deadline
    draws and names its own. The deadline is named above the plotted area and the target in the right
    margin, so neither can sit on the other or on a line. At the close of the plan for the unit (a ``final``
    row) the projection is what the trend would have given (grey, named so), beside the verdict.

    ``title``: the goal's name and status over the chart, for a chart that stands alone (the explorer, an
    analyst's notebook); a brief that prints the goal's heading right above the chart passes False.
    """
    item = catalogue.indicator(row["indicator"])
    due: date = catalogue.deadline_of(item)
    deadline = _year(due)
    series = observations[(observations["indicator"] == row["indicator"]) & (observations["unit"] == row["unit"])]
    series = series[series["period_end"] <= parse_period(row["period"]).end.isoformat()].sort_values("period_end")
    y_column = "rank" if row["measure"] == "rank" else "value"
    times = [_year(d) for d in series["period_end"]]
    status = status_label(row["status"], lang)
    figure, axes = new_figure(TEXT_WIDTH, 2.3)
    if title:
        chart_title(figure, f"{item.name(lang)} — {status}")
    handles = []
    axes.plot(times, series[y_column], marker="o", markersize=3.5, color=INK, linewidth=1.4, zorder=3)
    handles.append(Line2D([], [], marker="o", markersize=3.5, color=INK, linewidth=1.4,
                          label=word("chart.observed", lang)))  # fmt: skip
    target = value_with_unit(row["target"], row["measure"], lang, 0)
    starts = [*times, deadline]
    if pd.notna(row["target"]):
        path_style = {"color": MUTED, "linestyle": "--", "linewidth": 1}
        if row["target_kind"] == "milestones":
            path = (item.target.milestones or {}).get(row["level"], {})
            years = sorted(path)
            # a year's span shows the minimum due at its end (the first year from its start)
            axes.step([years[0], *(y + 1 for y in years)], [path[years[0]], *(path[y] for y in years)], where="pre",
                      **path_style)  # fmt: skip
            handles.append(Line2D([], [], label=word("chart.path", lang), **path_style))
        elif pd.notna(row["baseline"]) and row["baseline_period"]:
            start = _year(parse_period(row["baseline_period"]).end)
            starts.append(start)
            axes.plot([start, deadline], [row["baseline"], row["target"]], **path_style)
            handles.append(Line2D([], [], label=word("chart.path", lang), **path_style))
        axes.axhline(row["target"], color=INK, linewidth=0.8, linestyle=":")
        axes.annotate(fit(word("chart.target_value", lang, value=target), 0.6, LABEL_SIZE), (1.0, row["target"]),
                      xycoords=("axes fraction", "data"), xytext=(7, 0), textcoords="offset points",
                      ha="left", va="center", color=INK, annotation_clip=False)  # fmt: skip
    if pd.notna(row["projected"]) and len(series):
        closed = _closed(row)  # the plan ended for the unit: the trend's figure is what would have been
        trend = {"color": STATUS_COLORS.get(row["status"], MUTED), "linestyle": "--", "linewidth": 1.6}
        if closed:  # grey and dash-dotted: a reference beside the verdict, apart from the grey dashed path
            trend = {"color": MUTED, "linestyle": (0, (5, 2, 1, 2)), "linewidth": 1.6}
        projected = value_with_unit(row["projected"], row["measure"], lang)
        key = "chart.projection_closed" if closed else "chart.projection"
        axes.plot([times[-1], deadline], [series[y_column].iloc[-1], row["projected"]], **trend)
        axes.plot([deadline], [row["projected"]], marker="D", color=trend["color"], markersize=5, clip_on=False)
        handles.append(Line2D([], [], marker="D", markersize=5, label=word(key, lang, year=due.year, value=projected),
                              **trend))  # fmt: skip
    axes.axvline(deadline, color=MUTED, linewidth=0.8)
    axes.annotate(word("chart.deadline", lang, date=short_date(due, lang)), (deadline, 1.0),
                  xycoords=("data", "axes fraction"), xytext=(0, 3), textcoords="offset points", ha="right",
                  va="bottom", color=MUTED, annotation_clip=False)  # fmt: skip
    _year_axis(axes, min(starts), deadline)
    if row["measure"] == "percent":
        axes.set_ylim(0, 105)
        _percent_axis(axes.yaxis, lang)
    elif row["measure"] == "rank":
        number_axis(axes.yaxis, lang, integer=True)
        axes.invert_yaxis()
        axes.set_ylabel(word("chart.rank", lang))  # the best at the top: say that these are ranks
    else:
        number_axis(axes.yaxis, lang, integer=row["measure"] == "count")
    axes.grid(axis="y", color=GRID)
    legend_below(figure, handles)
    alt = word("chart.alt.trajectory", lang, name=item.name(lang), count=len(series), target=target, status=status)
    return finish(figure, alt, lang, illustrative=illustrative)


def _closed(row: pd.Series) -> bool:
    """Whether the row is a final verdict (the plan closed for its unit), a missing flag counting as not."""
    final = row.get("final", False)
    return bool(final) if pd.notna(final) else False


@register_chart("heatmap")
def heatmap(
    table: pd.DataFrame,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    illustrative: bool = False,
    title: str | None = None,
) -> Figure:
    """Units × indicators coloured by status, the value printed in each cell (status named in the legend).

    Values are rounded to whole numbers in the cells (the tables and paragraphs carry the decimals); every
    status drawn is named in the legend under the grid.
    """
    rows = table[table["target_kind"].isin(NUMERIC_KINDS)]
    indicators = list(dict.fromkeys(rows["indicator"]))
    unit_codes = list(dict.fromkeys(rows["unit"]))
    names = _names(catalogue, lang)
    labels = [_label(names.get(i, i)) for i in indicators]
    columns = [short_unit_name(units, c, lang) for c in unit_codes]
    widest = max((len(c) for c in columns), default=4)
    height = _rows_height(labels, 0.75 + 0.055 * widest)
    figure, axes = new_figure(min(2.6 + 0.4 * len(unit_codes), TEXT_WIDTH), height)
    cells = {
        (r.indicator, r.unit): (r.status, r.value) for r in rows[["indicator", "unit", "status", "value"]].itertuples()
    }
    patches = []
    for i, indicator in enumerate(indicators):
        for j, code in enumerate(unit_codes):
            if (indicator, code) not in cells:
                continue
            status, value = cells[(indicator, code)]
            color = STATUS_COLORS.get(status, MUTED)
            patches.append(_cell(j, i, color))
            text = number(value, lang, 0) if pd.notna(value) else "—"
            axes.text(j + 0.5, i + 0.5, text, ha="center", va="center", color=_ink_on(color))
    axes.add_collection(PatchCollection(patches, match_original=True), autolim=False)  # one artist, limits set below
    axes.set_xlim(0, len(unit_codes))
    axes.set_ylim(len(indicators), 0)
    axes.set_xticks(np.arange(len(unit_codes)) + 0.5, columns, rotation=45, ha="right", rotation_mode="anchor")
    axes.set_yticks(np.arange(len(indicators)) + 0.5, labels)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    present = [s for s in STATUS_ORDER if s in set(rows["status"])]
    present += sorted(s for s in set(rows["status"]) if s not in present)
    legend_below(figure, [Patch(color=STATUS_COLORS.get(s, MUTED), label=status_label(s, lang)) for s in present], 4)
    if title:
        chart_title(figure, title)
    alt = word("chart.alt.heatmap", lang, goals=len(indicators), units=len(unit_codes))
    return finish(figure, alt, lang, illustrative=illustrative)


def _ink_on(color: str) -> str:
    """Black text on a light colour, white on a dark one (relative luminance), so every value stays legible."""
    red, green, blue = to_rgb(color)
    return INK if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white"


def _cell(x: float, y: float, color: str) -> Rectangle:
    """One heat-map cell with a white gap around it."""
    return Rectangle((x + 0.03, y + 0.05), 0.94, 0.9, facecolor=color, edgecolor="white")


@register_chart("status_overview")
def status_overview(
    table: pd.DataFrame, unit: str, lang: str, *, catalogue: Catalogue, illustrative: bool = False
) -> Figure:
    """Per area, stacked counts of the statuses of every goal of one unit (numeric and qualitative alike)."""
    rows = table[table["unit"] == unit]
    areas = [a for a in catalogue.areas if (rows["area"] == a.code).any()]
    counts = pd.crosstab(rows["area"], rows["status"]).reindex([a.code for a in areas]).fillna(0)
    statuses = [s for s in STATUS_ORDER if s in counts.columns] + [c for c in counts.columns if c not in STATUS_ORDER]
    labels = [_label(f"{a.number}. {a.name(lang)}") for a in areas]
    figure, axes = new_figure(TEXT_WIDTH, _rows_height(labels, 1.05))
    left = np.zeros(len(areas))
    positions = np.arange(len(areas))[::-1]
    for status in statuses:
        values = counts[status].to_numpy()
        axes.barh(positions, values, left=left, color=STATUS_COLORS.get(status, MUTED), height=0.62,
                  label=status_label(status, lang), edgecolor="white")  # fmt: skip
        for y, x, v in zip(positions, left, values, strict=True):
            if v:
                color = STATUS_COLORS.get(status, MUTED)
                axes.text(x + v / 2, y, f"{int(v)}", ha="center", va="center", color=_ink_on(color))
        left += values
    for y, total in zip(positions, left, strict=True):
        axes.text(total + 0.25, y, f"{int(total)}", ha="left", va="center", color=INK, fontweight="bold")
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, max(left.max(initial=0) * 1.08, 1) + 0.5)
    number_axis(axes.xaxis, lang, integer=True)
    axes.set_xlabel(word("chart.count", lang))
    axes.grid(axis="x", color=GRID)
    axes.set_axisbelow(True)
    handles = [Patch(color=STATUS_COLORS.get(s, MUTED), label=status_label(s, lang)) for s in statuses]
    legend_below(figure, handles, 4)
    counted = ", ".join(f"{status_label(s, lang)} {int(counts[s].sum())}" for s in statuses)
    alt = word("chart.alt.status_overview", lang, counts=counted)
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("rank_history")
def rank_history(
    observations: pd.DataFrame, unit: str, lang: str, *, catalogue: Catalogue, illustrative: bool = False
) -> Figure:
    """The plan's rankings by survey year: the rank against the target group, the score against the national average.

    One column per ranking (``catalogue.rankings``), ranks above and scores below. Ranks are whole numbers, the
    best at the top, the target group shaded. Scores: the unit's, and the national average (the plan's
    ``national_average`` unit) of every year that has one, each figure written at its point, so that a score is
    read beside the average of its own year and a year without an average shows none. The sources of the
    figures are cited beside the chart (the brief's rankings section and its annex), not inside it.
    """
    rankings = catalogue.rankings
    if not rankings:
        raise ValueError("the plan sets no ranking goal (no indicator with unit 'rank'): nothing to draw")
    national_code = catalogue.plan.national_average
    figure, grid = new_figure(TEXT_WIDTH, 3.2, nrows=2, ncols=len(rankings), sharex="col", squeeze=False,
                              height_ratios=[1.25, 1])  # fmt: skip
    panel = (TEXT_WIDTH - 0.6) / len(rankings)  # inches of a panel's title, less the tick labels
    described = []
    for ranks, scores, item in zip(grid[0], grid[1], rankings, strict=True):
        mine = observations[(observations["indicator"] == item.id) & (observations["unit"] == unit)]
        own = _by_year(mine.dropna(subset=["rank"]))
        scored = _by_year(mine.dropna(subset=["value"]))
        national = observations.iloc[0:0]
        if national_code is not None:
            national = observations[(observations["indicator"] == item.id) & (observations["unit"] == national_code)]
        national = _by_year(national.dropna(subset=["value"]))
        years = sorted({*own["year"], *scored["year"], *national["year"]})
        heading = _ranking_title(item, lang, panel)
        if len(own):
            rank_of = own["rank_of"].iloc[-1]
            threshold = item.target.rank_threshold(rank_of)
            ranks.axhspan(0.5, threshold + 0.5, color=STATUS_COLORS["on_track"], alpha=0.2, linewidth=0)
            ranks.plot(own["year"], own["rank"], marker="o", color=INK, linewidth=1.4)
            for k, (year, rank) in enumerate(zip(own["year"], own["rank"], strict=True)):
                place = word("chart.rank_of", lang, rank=int(rank), of=int(rank_of))
                ranks.annotate(place, (year, rank), textcoords="offset points", xytext=(0, 7 if k % 2 == 0 else -13),
                               ha="center", va="bottom", color=INK)  # fmt: skip
            ranks.set_ylim(rank_of + 0.5, 0.5)
            number_axis(ranks.yaxis, lang, integer=True)
            latest = word("chart.rank_of", lang, rank=int(own["rank"].iloc[-1]), of=int(rank_of))
            described.append(f"{item.name(lang)}: {latest}")
            heading += "\n" + word("chart.target_group", lang, rank=threshold)
        else:
            _nothing(ranks, lang)
        _scores(scores, scored, national, lang, item.score_unit)
        if years:
            ranks.set_xlim(years[0] - 0.6, years[-1] + 0.6)
            ticks = list(range(years[0], years[-1] + 1))
            scores.set_xticks(ticks, [str(y) for y in ticks])
        ranks.set_title(heading, fontsize=9)
    grid[0][0].set_ylabel(word("chart.rank", lang))
    grid[1][0].set_ylabel(word("chart.score", lang))
    legend_below(figure, [  # the unit's own line needs no entry: the rows are named "rank" and "score"
        Patch(color=STATUS_COLORS["on_track"], alpha=0.2, label=word("chart.target", lang)),
        Line2D([], [], **NATIONAL, label=word("chart.national_average", lang)),
    ])  # fmt: skip
    alt = word("chart.alt.rank_history", lang, ranks="; ".join(described) or word("measure.missing", lang))
    return finish(figure, alt, lang, illustrative=illustrative)


NATIONAL = {"marker": "s", "markersize": 5, "color": MUTED, "linestyle": "none"}  # the national average's points


def _by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """One figure per survey year (the latest reported in the year), with the year as a column, oldest first."""
    rows = rows.assign(year=[parse_period(p).year for p in rows["period"]]).sort_values("period_end")
    return rows.drop_duplicates("year", keep="last")


def _nothing(axes, lang: str) -> None:
    """A panel with no figure says so."""
    axes.text(0.5, 0.5, word("measure.missing", lang), transform=axes.transAxes, ha="center", va="center",
              color=MUTED)  # fmt: skip
    axes.set_yticks([])


def _scores(axes, own: pd.DataFrame, national: pd.DataFrame, lang: str, unit: str | None) -> None:
    """The unit's scores (line, figures above) and the national averages (grey squares, figures below).

    A score in percent is written with its sign (86,98%); a score in points as the bare number, the row's
    label saying it is a score (a unit word at every point would crowd the panel).
    """
    if own.empty and national.empty:
        _nothing(axes, lang)
        return
    if len(own):
        axes.plot(own["year"], own["value"], marker="o", color=INK, linewidth=1.4, zorder=3)
    if len(national):
        axes.plot(national["year"], national["value"], zorder=2, **NATIONAL)
    for rows, offset, color in ((own, 5, INK), (national, -6, MUTED)):
        for year, value in zip(rows["year"], rows["value"], strict=True):
            label = value_with_unit(value, "percent" if unit == "percent" else "", lang, 2)
            axes.annotate(label, (year, value), textcoords="offset points", xytext=(0, offset),
                          ha="center", va="bottom" if offset > 0 else "top", color=color)  # fmt: skip
    values = pd.concat([own["value"], national["value"]])
    low, high = float(values.min()), float(values.max())
    room = 0.5 * (high - low) + 1.0  # the figures written above and below their points stay inside the panel
    axes.set_ylim(low - room, high + room)
    number_axis(axes.yaxis, lang, integer=True)
    axes.grid(axis="y", color=GRID)
    axes.set_axisbelow(True)


def moved(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The goals the change chart draws (percent values that moved since the previous period), biggest first."""
    rows = table[(table["unit"] == unit) & (table["measure"] == "percent")].dropna(subset=["value", "value_prev"])
    rows = rows.assign(delta=rows["value"] - rows["value_prev"])
    return rows[rows["delta"].abs() > 0].sort_values("delta", key=abs, ascending=False)


@register_chart("change")
def change(
    table: pd.DataFrame,
    unit: str,
    lang: str,
    *,
    catalogue: Catalogue,
    limit: int = 12,
    illustrative: bool = False,
) -> Figure:
    """What moved since the previous period: value before (open dot) → now (filled dot), percent goals."""
    rows = moved(table, unit).head(limit).sort_values("delta")
    names = _names(catalogue, lang)
    labels = [_label(names.get(i, i)) for i in rows["indicator"]]
    figure, axes = new_figure(TEXT_WIDTH, _rows_height(labels, 1.15))
    for y, (_, row) in enumerate(rows.iterrows()):
        color = STATUS_COLORS.get(row["status"], MUTED)
        axes.plot([row["value_prev"], row["value"]], [y, y], color=color, linewidth=2.2, zorder=2)
        axes.plot([row["value_prev"]], [y], marker="o", markersize=6, markerfacecolor="white", markeredgecolor=INK,
                  zorder=3)  # fmt: skip
        axes.plot([row["value"]], [y], marker="o", markersize=6, color=color, markeredgecolor=INK, zorder=4)
        sign = "+" if row["delta"] > 0 else "−"
        label = f"{sign}{number(abs(row['delta']), lang, 1)} · "
        if pd.notna(row["status_prev"]) and row["status_prev"] != row["status"]:
            label += f"{status_label(row['status_prev'], lang)} → {status_label(row['status'], lang)}"
        else:
            label += status_label(row["status"], lang)
        axes.text(1.02, y, label, transform=axes.get_yaxis_transform(), va="center", ha="left", clip_on=False)
    axes.set_yticks(range(len(rows)), labels)
    axes.set_ylim(-0.6, max(len(rows), 1) - 0.4)
    lowest = min(rows["value"].min(), rows["value_prev"].min()) if len(rows) else 0.0
    axes.set_xlim(max(0.0, np.floor((lowest - 5) / 10) * 10), 100)  # the range the values span, so moves show
    _percent_axis(axes.xaxis, lang)
    axes.grid(axis="x", color=GRID)
    axes.set_axisbelow(True)
    if len(table):
        period = parse_period(table["period"].iloc[0])
        previous = period.previous()
        chart_title(figure, word("chart.since", lang, period=period.label(lang), previous=previous.inline_label(lang)))
        legend_below(figure, [
            Line2D([], [], marker="o", markersize=6, markerfacecolor="white", markeredgecolor=INK, linestyle="none",
                   label=previous.label(lang)),
            Line2D([], [], marker="o", markersize=6, color=MUTED, markeredgecolor=INK, linestyle="none",
                   label=period.label(lang)),
        ])  # fmt: skip
    if rows.empty:
        axes.text(0.5, 0.5, word("chart.nothing_moved", lang), transform=axes.transAxes, ha="center", va="center",
                  color=MUTED)  # fmt: skip
    alt = word("chart.alt.change", lang, count=len(rows))
    return finish(figure, alt, lang, illustrative=illustrative)
