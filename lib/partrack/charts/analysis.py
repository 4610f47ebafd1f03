"""Charts for analysts, with seaborn where it is the natural tool, and the bridge to the analyst's matplotlib.

- ``compare``: one goal's series for several units on one chart (the explore widget; seaborn's ``lineplot``
  with a colour per unit), each unit's projection to the deadline dashed in its colour.
- ``distribution``: how the districts' values of one or more goals spread around the target (box and strip).
- ``heatmap``: units × goals coloured by a number of the progress table (the ratio of projected to required
  progress by default), the number written in each cell.
- ``set_theme``: seaborn's theme with the house palette and fonts, for the analyst's own plots (a global
  setting, made only when the analyst calls it); ``style()`` is the same look for one block of code.
- ``show_inline``: lets IPython show a Figure returned as a cell's last expression as an image.

Like the brief's chart kinds, every function returns a ``matplotlib.figure.Figure`` built without pyplot and
drawn inside ``style()``, so nothing here changes the backend, the global settings or pyplot's figures.
seaborn is imported when a chart is drawn, not when partrack is imported. These charts are not registered
with ``CHARTS``: briefs do not use them.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from partrack.catalogue import Catalogue
from partrack.charts.house import GRID, INK, MUTED, RC, STATUS_COLORS, figure_to_png, finish, new_figure, style
from partrack.charts.kinds import short_unit_name
from partrack.periods import parse_period
from partrack.progress.statuses import DISPLAY_ORDER
from partrack.units import UnitRegistry
from partrack.words import number, short_date, status_label, value_with_unit, word, word_or

# Okabe-Ito, the house's colour-blind-safe palette, in the order units are coloured (black last).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
HEATMAP_COLUMNS = ("ratio", "value", "gap", "share_done", "projected")


def set_theme(**overrides: Any) -> None:
    """Seaborn's theme in the house look (palette, DejaVu Sans, light axes) for all the analyst's later plots.

    A global setting, as ``seaborn.set_theme`` is: call it in your own notebook when you want it; partrack never
    does. Keyword arguments go to ``seaborn.set_theme`` (``rc`` is merged over the house settings).
    """
    import seaborn

    rc = {**RC, **overrides.pop("rc", {})}
    options = {"context": "notebook", "style": "ticks", "palette": PALETTE, "rc": rc}  # fonts: the house rc
    seaborn.set_theme(**(options | overrides))


def figure(width: float = 7.0, height: float = 3.2, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure and its axes in the house style, without pyplot: draw on the axes (``ax=axes`` for seaborn)."""
    return new_figure(width, height, **kwargs)


def show_inline(formatter: Any = None) -> bool:
    """Let IPython show a ``Figure`` as a PNG when a cell returns one (partrack's figures have no pyplot manager).

    Registered only when nothing else is (``%matplotlib inline`` registers its own, which then wins). Returns
    whether a formatter was added; outside IPython there is nothing to do.
    """
    if formatter is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with ipykernel
            return False
        shell = get_ipython()
        if shell is None:
            return False
        formatter = shell.display_formatter
    png = formatter.formatters["image/png"]
    try:
        png.lookup_by_type(Figure)
        return False
    except KeyError:
        png.for_type(Figure, _png)
        return True


def _png(figure: Figure) -> bytes:
    """A partrack figure rendered as in the briefs; any other figure as matplotlib saves it."""
    if hasattr(figure, "alt_text"):
        return figure_to_png(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _value_axis(axes: Any, measure: str, lang: str, axis: str = "y") -> None:
    """Percent axes from 0 to 105 with the language's numbers; rank axes with the best rank on top."""
    scale = axes.yaxis if axis == "y" else axes.xaxis
    if measure == "percent":
        (axes.set_ylim if axis == "y" else axes.set_xlim)(0, 105)
        scale.set_major_formatter(lambda v, _: value_with_unit(v, "percent", lang, 0))
    else:
        scale.set_major_formatter(lambda v, _: number(v, lang, 0))
    if measure == "rank" and axis == "y":
        axes.invert_yaxis()


def compare(
    observations: pd.DataFrame,
    rows: pd.DataFrame,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    illustrative: bool = False,
) -> Figure:
    """One goal's reported figures for several units on one chart, with the target and each unit's projection.

    ``rows`` are progress-table rows of one indicator (one per unit); the series come from ``observations``
    up to the rows' period, so the chart agrees with the paragraphs beside it.
    """
    import seaborn

    indicators = list(dict.fromkeys(rows["indicator"]))
    if len(indicators) != 1:
        raise ValueError(f"compare draws one goal, got {len(indicators)}: {', '.join(indicators)}")
    item = catalogue.indicator(indicators[0])
    measure = rows["measure"].iloc[0]
    y_column = "rank" if measure == "rank" else "value"
    deadline = pd.Timestamp(catalogue.deadline_of(item))
    end = parse_period(rows["period"].iloc[0]).end.isoformat()
    codes = list(dict.fromkeys(rows["unit"]))
    names = {code: units[code].name(lang) if code in units else code for code in codes}
    colours = {names[code]: PALETTE[i % len(PALETTE)] for i, code in enumerate(codes)}
    series = observations[(observations["indicator"] == item.id) & observations["unit"].isin(codes)]
    series = series[series["period_end"] <= end].dropna(subset=[y_column]).sort_values("period_end")
    series = series.assign(unit_name=series["unit"].map(names))
    fig, axes = new_figure(7.0, 3.4)
    with style():
        if len(series):
            seaborn.lineplot(data=series, x="period_end", y=y_column, hue="unit_name", hue_order=list(colours),
                             palette=colours, marker="o", markersize=4, linewidth=1.4, ax=axes)  # fmt: skip
        for _, row in rows.iterrows():
            own = series[series["unit"] == row["unit"]]
            if pd.notna(row["projected"]) and len(own):
                last = own.iloc[-1]
                axes.plot([last["period_end"], deadline], [last[y_column], row["projected"]], linestyle="--",
                          linewidth=1.2, color=colours[names[row["unit"]]])  # fmt: skip
                axes.plot([deadline], [row["projected"]], marker="D", markersize=4, color=colours[names[row["unit"]]])
        targets = rows["target"].dropna().unique()
        for target in targets:
            axes.axhline(target, color=INK, linewidth=0.8, linestyle=":")
        axes.axvline(deadline, color=MUTED, linewidth=0.8)
        axes.text(deadline, 1.0, word("chart.deadline", lang, date=short_date(deadline.date(), lang)),
                  transform=axes.get_xaxis_transform(), rotation=90, va="top", ha="right", fontsize=7,
                  color=MUTED)  # fmt: skip
        _value_axis(axes, measure, lang)
        axes.set_xlabel("")
        axes.set_ylabel("")
        axes.grid(axis="y", color=GRID)
        handles, labels = axes.get_legend_handles_labels()
        handles.append(Line2D([], [], color=MUTED, linestyle="--", linewidth=1.2))
        labels.append(word("analysis.projection", lang))
        if len(targets):
            handles.append(Line2D([], [], color=INK, linestyle=":", linewidth=0.8))
            written = ", ".join(value_with_unit(t, measure, lang) for t in targets)
            labels.append(word("analysis.target", lang, value=written))
        axes.legend(handles, labels, loc="upper left", frameon=False, fontsize=7)
        axes.set_title(_shorten(item.name(lang), 80), loc="left")
    alt = word("analysis.alt.compare", lang, name=item.name(lang), count=len(codes))
    return finish(fig, alt, lang, illustrative=illustrative)


def distribution(
    rows: pd.DataFrame,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    illustrative: bool = False,
) -> Figure:
    """How units' latest values of one or more goals (of one measure) spread around the target.

    A box per goal, a dot per unit coloured by its status, and the goal's target marked.

    ``rows`` are progress-table rows, typically the districts of an area; rows without a value are left out.
    """
    import seaborn

    rows = rows[rows["value"].notna()]
    measures = set(rows["measure"])
    if len(measures) > 1:
        raise ValueError(f"one measure per chart, got {', '.join(sorted(measures))}: pick the rows of one")
    indicators = list(dict.fromkeys(rows["indicator"]))
    labels = {i: _shorten(catalogue.indicator(i).name(lang), 44) for i in indicators}
    data = rows.assign(goal=rows["indicator"].map(labels))
    statuses = [s for s in DISPLAY_ORDER if s in set(data["status"])]
    statuses += [s for s in dict.fromkeys(data["status"]) if s not in statuses]
    fig, axes = new_figure(7.0, 1.0 + 0.5 * max(len(indicators), 1))
    order = [labels[i] for i in indicators]
    with style():
        if len(data):
            with warnings.catch_warnings():  # seaborn 0.13 passes matplotlib 3.11 its deprecated ``vert``
                warnings.filterwarnings("ignore", message="vert: bool", category=DeprecationWarning)
                seaborn.boxplot(data=data, x="value", y="goal", order=order, color=GRID, width=0.55, fliersize=0,
                                linewidth=0.8, ax=axes)  # fmt: skip
            seaborn.stripplot(data=data, x="value", y="goal", order=order, hue="status", hue_order=statuses,
                              palette={s: STATUS_COLORS.get(s, MUTED) for s in statuses}, size=5, jitter=0.15,
                              edgecolor=INK, linewidth=0.3, ax=axes)  # fmt: skip
        for position, indicator in enumerate(indicators):
            target = data.loc[data["indicator"] == indicator, "target"].dropna()
            if len(target):
                axes.plot([target.iloc[0]] * 2, [position - 0.35, position + 0.35], color=INK, linewidth=2)
        if measures:
            _value_axis(axes, measures.pop(), lang, axis="x")
        axes.set_xlabel("")
        axes.set_ylabel("")
        axes.grid(axis="x", color=GRID)
        handles = [Line2D([], [], marker="o", linestyle="", color=STATUS_COLORS.get(s, MUTED)) for s in statuses]
        handles.append(Line2D([], [], color=INK, linewidth=2))
        names = [status_label(s, lang) for s in statuses] + [word("chart.target", lang)]
        axes.legend(handles, names, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(5, len(names)),
                    frameon=False, fontsize=7)  # fmt: skip
    alt = word("analysis.alt.distribution", lang, units=data["unit"].nunique(), goals=len(indicators))
    return finish(fig, alt, lang, illustrative=illustrative)


def heatmap(
    rows: pd.DataFrame,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    column: str = "ratio",
    illustrative: bool = False,
) -> Figure:
    """Goals × units coloured by one number of the progress table, written in each cell.

    ``column`` is one of ``HEATMAP_COLUMNS``. The ratio of projected to required progress is coloured on a
    diverging scale centred on 1 (just in time): blue ahead, red behind. Other columns use a sequential scale.
    """
    import seaborn

    if column not in HEATMAP_COLUMNS:
        raise ValueError(f"column must be one of {', '.join(HEATMAP_COLUMNS)}, not {column!r}")
    indicators = list(dict.fromkeys(rows["indicator"]))
    codes = list(dict.fromkeys(rows["unit"]))
    grid = rows.pivot_table(index="indicator", columns="unit", values=column, aggfunc="first", dropna=False)
    grid = grid.reindex(index=indicators, columns=codes)
    decimals = 2 if column in ("ratio", "share_done") else 1
    text = np.array([["" if pd.isna(v) else number(v, lang, decimals) for v in line] for line in grid.to_numpy()])
    fig, axes = new_figure(min(2.6 + 0.62 * len(codes), 7.2), 1.0 + 0.34 * max(len(indicators), 1))
    scale: dict[str, Any] = {"cmap": "Blues"}
    if column == "ratio":
        scale = {"cmap": "RdYlBu", "vmin": 0.0, "vmax": 2.0}  # 1, just in time, in the middle
    label = word_or(f"analysis.column.{column}", lang, column)
    with style():
        if grid.notna().any().any():
            seaborn.heatmap(grid.astype(float), annot=text, fmt="", annot_kws={"fontsize": 6.5}, linewidths=1,
                            linecolor="white", cbar_kws={"shrink": 0.8}, ax=axes, **scale)  # fmt: skip
            bar = axes.collections[0].colorbar
            bar.set_label(label, fontsize=8)
            bar.ax.tick_params(labelsize=7)
            bar.ax.yaxis.set_major_formatter(lambda v, _: number(v, lang, decimals))
        axes.set_xticks(np.arange(len(codes)) + 0.5, [short_unit_name(units, c, lang) for c in codes], rotation=40,
                        ha="right")  # fmt: skip
        names = [_shorten(catalogue.indicator(i).name(lang), 42) for i in indicators]
        axes.set_yticks(np.arange(len(indicators)) + 0.5, names, rotation=0)
        axes.set_xlabel("")
        axes.set_ylabel("")
        axes.tick_params(length=0)
    alt = word("analysis.alt.heatmap", lang, column=label, goals=len(indicators), units=len(codes))
    return finish(fig, alt, lang, illustrative=illustrative, measure=True)


def numeric_rows(rows: pd.DataFrame, measures: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of numeric goals (optionally of some measures only) that have a value."""
    from partrack.catalogue.model import NUMERIC_KINDS

    keep = rows["target_kind"].isin(NUMERIC_KINDS) & rows["value"].notna()
    if measures is not None:
        keep &= rows["measure"].isin(list(measures))
    return rows[keep]
