"""What the notebooks give an analyst besides the brief's sections.

The data as tables to sort and filter, the unit codes and goal ids at hand, a goal's series, the districts'
charts, and a headline record that shows nothing. The notebooks call these in cells tagged ``analyst-only``, which the exported briefs leave out (see
``publish/exporters.py``). Every table keeps the progress table's own column names and codes, so that what an
analyst sees is what they can write in ``b.table.query(...)``; only the display is in the brief's language
(numbers, status names, goal and unit names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import EllipsisType

import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure
from pandas.io.formats.style import Styler

from partrack.brief.context import Brief
from partrack.brief.sections import headline
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import analysis
from partrack.charts.house import STATUS_COLORS
from partrack.headline import HEADLINE_MIME
from partrack.periods import parse_period
from partrack.words import flag_labels, number, status_label, target_words, word

# The columns of ``table_view``: the goal, the unit, the figures and the verdict of each progress row.
TABLE_COLUMNS = ("indicator", "name", "unit", "unit_name", "value_period", "value", "target", "gap", "projected",
                 "pace_observed", "pace_needed", "ratio", "status", "flags")  # fmt: skip
# The figures a status is computed from (the explore widget's "figures behind the status").
FIGURE_COLUMNS = ("unit", "unit_name", "baseline_period", "baseline", "value_period", "value", "n_obs", "target",
                  "gap", "share_done", "expected_share", "pace_observed", "pace_needed", "projected", "ratio",
                  "status")  # fmt: skip
DECIMALS = {"ratio": 2, "share_done": 2, "expected_share": 2, "n_obs": 0}  # other numbers: 1
MISSING = "—"
TINT = 0.35  # status colours behind text: light enough for dark text to stay readable


def _numeric(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["target_kind"].isin(NUMERIC_KINDS)]


def _unit_name(brief: Brief, code: str) -> str:
    return brief.units[code].name(brief.lang) if code in brief.units else code


def _tint(status: object) -> str:
    """CSS for a cell of a status: its colour, lightened."""
    colour = STATUS_COLORS.get(status) if isinstance(status, str) else None
    if colour is None:
        return ""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"background-color: rgba({red}, {green}, {blue}, {TINT})"


def frame(brief: Brief, rows: pd.DataFrame | None = None, columns: Sequence[str] = TABLE_COLUMNS) -> pd.DataFrame:
    """Progress rows (``b.own`` unless given) with the goal's and the unit's names added, in the order given.

    Codes stay codes (``indicator``, ``unit``, ``status``): the frame can be queried like ``b.table``.
    """
    rows = brief.own if rows is None else rows
    names = {i: brief.catalogue.indicator(i).name(brief.lang) for i in dict.fromkeys(rows["indicator"])}
    out = rows.assign(name=rows["indicator"].map(names), unit_name=rows["unit"].map(lambda c: _unit_name(brief, c)))
    return out[[c for c in columns if c in out.columns]].reset_index(drop=True)


def style(brief: Brief, data: pd.DataFrame, caption: str | None = None) -> Styler:
    """A frame of progress columns styled for reading: the language's numbers, statuses named and tinted."""
    lang = brief.lang
    styler = data.style.hide(axis="index")
    for column in data.columns:
        if column == "status":
            styler = styler.format(lambda s: status_label(s, lang), subset=[column], na_rep=MISSING)
            styler = styler.map(_tint, subset=[column])
        elif column == "flags":
            styler = styler.format(lambda f: flag_labels(f, lang), subset=[column])
        elif pd.api.types.is_numeric_dtype(data[column]):
            decimals = DECIMALS.get(column, 1)
            styler = styler.format(lambda v, d=decimals: number(v, lang, d), subset=[column], na_rep=MISSING)
        else:
            styler = styler.format(na_rep=MISSING, subset=[column])
    texts = [c for c in ("indicator", "name", "unit_name") if c in data.columns]
    styler = styler.set_properties(subset=texts, **{"text-align": "left"})
    if "name" in data.columns:
        styler = styler.set_properties(subset=["name"], **{"min-width": "18em", "white-space": "normal"})
    return styler.set_caption(caption or word("analysis.caption", lang, count=len(data)))


def figures_view(brief: Brief, rows: pd.DataFrame) -> Styler:
    """The figures a status is computed from, one column per unit (the rows' ``FIGURE_COLUMNS``, read downwards).

    Baseline, latest value, number of reports, target, share done and expected, the paces observed and needed,
    the projection, their ratio and the status: enough to recompute the verdict by hand.
    """
    data = frame(brief, rows, FIGURE_COLUMNS)
    names = data["unit_name"].tolist()
    data = data.drop(columns=["unit", "unit_name"]).T
    data.columns = pd.Index(names)
    lang = brief.lang
    styler = data.style
    for column in data.index:
        cells = pd.IndexSlice[[column], :]
        if column == "status":
            styler = styler.format(lambda s: status_label(s, lang), subset=cells, na_rep=MISSING)
            styler = styler.map(_tint, subset=cells)
        elif pd.api.types.is_numeric_dtype(rows[column]):
            decimals = DECIMALS.get(column, 1)
            styler = styler.format(lambda v, d=decimals: number(v, lang, d), subset=cells, na_rep=MISSING)
        else:
            styler = styler.format(na_rep=MISSING, subset=cells)
    return styler


def table_view(brief: Brief, rows: pd.DataFrame | None = None, columns: Sequence[str] = TABLE_COLUMNS) -> Styler:
    """The rows of the progress table (``b.own`` unless given) as a styled table, in the order given.

    Sort or filter with pandas first, then show: ``brief.table_view(b, b.own.sort_values("ratio"))``,
    ``brief.table_view(b, b.table.query("status == 'off_track'"))``. ``.data`` is the plain DataFrame. Rows of
    one unit leave its columns out and name it in the caption.
    """
    data = frame(brief, rows, columns)
    if "unit" in data.columns and data["unit"].nunique() == 1:
        caption = word("analysis.caption_unit", brief.lang, unit=_unit_name(brief, data["unit"].iloc[0]),
                       count=len(data))  # fmt: skip
        return style(brief, data.drop(columns=[c for c in ("unit", "unit_name") if c in data.columns]), caption)
    return style(brief, data)


def district_rows(brief: Brief) -> pd.DataFrame:
    """The progress rows of the units directly under the plan's province (of the brief's area, if any)."""
    children = [u.code for u in brief.units.children(brief.catalogue.plan.province)]
    rows = brief.table[brief.table["unit"].isin(children)]
    return rows if brief.area is None else rows[rows["area"] == brief.area]


def district_view(brief: Brief, column: str = "value") -> Styler:
    """Goals × districts: one number of the progress table (the value by default) in each cell, tinted by status.

    The same cells as the brief's district heat map, as a table to read and copy (``.data`` is the DataFrame).
    """
    rows = _numeric(district_rows(brief))
    if rows.empty:  # a plan without districts, or an area they do not report on
        return pd.DataFrame().style.set_caption(word("analysis.caption", brief.lang, count=0))
    goals = list(dict.fromkeys(rows["indicator"]))
    codes = list(dict.fromkeys(rows["unit"]))
    numbers = rows.pivot_table(index="indicator", columns="unit", values=column, aggfunc="first", dropna=False)
    statuses = rows.pivot_table(index="indicator", columns="unit", values="status", aggfunc="first", dropna=False)
    numbers, statuses = (t.reindex(index=goals, columns=codes) for t in (numbers, statuses))
    names = {i: brief.catalogue.indicator(i).name(brief.lang) for i in goals}
    numbers.index = pd.Index([names[i] for i in goals])
    numbers.columns = pd.Index([_unit_name(brief, c) for c in codes])
    css = pd.DataFrame(statuses.map(_tint).to_numpy(), index=numbers.index, columns=numbers.columns)
    decimals = DECIMALS.get(column, 1)
    styler = numbers.style.format(lambda v: number(v, brief.lang, decimals), na_rep=MISSING)
    styler = styler.apply(lambda _: css, axis=None)
    styler = styler.map_index(lambda _: "text-align: left; min-width: 16em; font-weight: normal", axis="index")
    return styler.set_caption(word("analysis.caption", brief.lang, count=len(numbers)))


def unit_codes(brief: Brief, level: str | None = None) -> pd.DataFrame:
    """The plan's units (the province and everything under it): code, name, level, parent; of one level if given."""
    units = brief.units.plan_scope(brief.catalogue.plan.province)
    data = pd.DataFrame(
        [{"code": u.code, "name": u.name(brief.lang), "level": u.level, "parent": u.parent} for u in units],
        columns=["code", "name", "level", "parent"],
    )
    return data if level is None else data[data["level"] == level].reset_index(drop=True)


def goal_ids(brief: Brief, area: str | EllipsisType | None = ...) -> pd.DataFrame:
    """The plan's goals: id, area, plan reference, name, measure, target kind and the target in words.

    Those of the brief's area unless ``area`` is given (``area=None``: the whole plan).
    """
    area = brief.area if area is ... else area
    baseline_year = brief.catalogue.plan.baseline_year
    items = [i for i in brief.catalogue.indicators if area is None or i.area == area]
    lines = [
        (i.id, i.area, i.plan_ref, i.name(brief.lang), i.unit, i.target.kind,
         target_words(i, brief.lang, baseline_year), ", ".join(i.levels))
        for i in items
    ]  # fmt: skip
    return pd.DataFrame(lines, columns=["id", "area", "ref", "name", "measure", "kind", "target", "levels"])


def default_goal(brief: Brief, unit: str | None = None, level: str | None = None) -> str | None:
    """The first numeric goal (of the brief's area, else of the plan) with a figure for ``unit`` or at ``level``.

    Falls back to the first numeric goal with any row, then None when there is none.
    """
    rows = _numeric(brief.table if brief.area is None else brief.table[brief.table["area"] == brief.area])
    order = {item.id: n for n, item in enumerate(brief.catalogue.indicators)}
    candidates = rows
    if unit is not None:
        candidates = candidates[candidates["unit"] == unit]
    if level is not None:
        candidates = candidates[candidates["level"] == level]
    for pool in (candidates[candidates["value"].notna()], candidates, rows):
        if len(pool):
            return min(dict.fromkeys(pool["indicator"]), key=lambda i: order.get(i, len(order)))
    return None


def series(brief: Brief, goal: str, units: Iterable[str] | None = None) -> pd.DataFrame:
    """One goal's reported figures, period by period, up to the brief's period (for ``units`` if given).

    Tidy, one row per unit and period, with the unit's name: ready for ``seaborn.lineplot(x="period_end",
    y="value", hue="unit_name")``.
    """
    observations = brief.validation.observations
    rows = observations[observations["indicator"] == goal]
    if units is not None:
        rows = rows[rows["unit"].isin(list(units))]
    rows = rows[rows["period_end"] <= parse_period(brief.period.code).end.isoformat()]
    rows = rows.assign(unit_name=rows["unit"].map(lambda c: _unit_name(brief, c)))
    columns = ["indicator", "unit", "unit_name", "period", "period_end", "value", "rank", "assessment", "source"]
    return rows.sort_values(["unit", "period_end"])[columns].reset_index(drop=True)


def district_heatmap(brief: Brief, column: str = "ratio") -> Figure:
    """Goals × districts coloured by ``column`` of the progress table, drawn with seaborn.

    By default the ratio of projected to required progress: below 1 is behind, above 1 ahead.
    """
    rows = analysis.numeric_rows(district_rows(brief))
    return analysis.heatmap(rows, brief.lang, catalogue=brief.catalogue, units=brief.units, column=column,
                            illustrative=brief.illustrative)  # fmt: skip


def district_spread(brief: Brief, goal: str | None = None) -> Figure:
    """How the districts' latest values spread around the target, drawn with seaborn.

    One goal, or every goal of the area's most common measure (percent, usually): a box per goal and a dot per
    district coloured by its status.
    """
    rows = analysis.numeric_rows(district_rows(brief) if goal is None else brief.table)
    if goal is not None:
        children = [u.code for u in brief.units.children(brief.catalogue.plan.province)]
        rows = rows[(rows["indicator"] == goal) & rows["unit"].isin(children)]
    elif len(rows):
        rows = rows[rows["measure"] == rows["measure"].mode().iloc[0]]
    return analysis.distribution(rows, brief.lang, catalogue=brief.catalogue, units=brief.units,
                                 illustrative=brief.illustrative)  # fmt: skip


def record(brief: Brief) -> None:
    """Record the brief's headline numbers for the run, showing nothing in JupyterLab.

    The numbers travel under partrack's own MIME type (``partrack.headline``), which the run reads from the
    executed notebook; the plain-text form every front end falls back on is empty, so no raw JSON is shown.
    """
    display({HEADLINE_MIME: headline(brief), "text/plain": ""}, raw=True)
