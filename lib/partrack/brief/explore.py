"""The explore widget: a goal and one or more units, and what they show.

Pick a goal and units and the chart, the paragraph, the figures behind the status and the path to the target
update at once. It starts on the notebook's parameters (``unit``: the province unless given; the goal: the first numeric goal
of ``area``, else of the plan, that the unit has figures for) and draws while it is built, so "Run All" shows a
chart without a click. The output is written as display data into the ``Output`` widget's ``outputs``, which
works the same in a kernel, in an executed notebook's saved widget state and in a test without a kernel.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup
from matplotlib.figure import Figure

from partrack.brief.analyst import MISSING, default_goal, figures_view
from partrack.brief.context import Brief
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, analysis, figure_to_png
from partrack.narrative.render import indicator_paragraph
from partrack.periods import parse_period
from partrack.words import number, word

WIDE = "100%"  # the goal list as wide as the notebook, so that goal names are read in full
UNIT_ROWS = 8  # units visible in the list without scrolling


def _numeric(brief: Brief) -> pd.DataFrame:
    rows = brief.table[brief.table["target_kind"].isin(NUMERIC_KINDS)]
    return rows if brief.area is None else rows[rows["area"] == brief.area]


def goal_options(brief: Brief) -> list[tuple[str, str]]:
    """(label, id) of the numeric goals, in plan order: "plan reference · full name"."""
    ids = set(_numeric(brief)["indicator"])
    return [(f"{i.plan_ref} · {i.name(brief.lang)}", i.id) for i in brief.catalogue.indicators if i.id in ids]


def unit_options(brief: Brief, goal: str) -> list[tuple[str, str]]:
    """(name, code) of the units with a progress row for the goal, in the table's order (province first)."""
    rows = _numeric(brief)
    codes = dict.fromkeys(rows.loc[rows["indicator"] == goal, "unit"])
    return [(brief.units[c].name(brief.lang) if c in brief.units else c, c) for c in codes]


def target_path(brief: Brief, rows: pd.DataFrame) -> pd.DataFrame:
    """What the plan expects by the end of each year, per unit (a column per unit, a row per year).

    The unit's milestones, or the straight line from its baseline to the target at the deadline: the path the
    trajectory chart draws.
    """
    columns = {}
    for _, row in rows.iterrows():
        path = _path(brief, row)
        if path:
            name = brief.units[row["unit"]].name(brief.lang) if row["unit"] in brief.units else row["unit"]
            columns[name] = pd.Series(path, dtype=float)
    table = pd.DataFrame(columns).sort_index()
    table.index.name = word("explore.year", brief.lang)
    return table


def _path(brief: Brief, row: pd.Series) -> dict[int, float]:
    item = brief.catalogue.indicator(row["indicator"])
    if row["target_kind"] == "milestones":
        return dict(sorted((item.target.milestones or {}).get(row["level"], {}).items()))
    if pd.isna(row["target"]) or pd.isna(row["baseline"]) or not row["baseline_period"]:
        return {}
    start, end = parse_period(row["baseline_period"]).end, brief.catalogue.deadline_of(item)
    if end <= start:
        return {end.year: float(row["target"])}
    span = (end - start).days
    path = {}
    for year in range(start.year, end.year + 1):
        day = min(date(year, 12, 31), end)
        path[year] = float(row["baseline"] + (row["target"] - row["baseline"]) * (day - start).days / span)
    return path


def _bundle(item: Any) -> dict:
    """One display-data output for the Output widget, made without a kernel (figure: PNG; others: HTML)."""
    if isinstance(item, Figure):
        data = {"image/png": base64.b64encode(figure_to_png(item)).decode("ascii"), "text/plain": alt_text(item)}
    else:
        data = {"text/html": item._repr_html_(), "text/plain": str(getattr(item, "data", ""))[:200]}
    return {"output_type": "display_data", "data": data, "metadata": {}}


def _heading(text: str) -> HTML:
    return HTML(str(Markup("<h4>{}</h4>").format(text)))


def view(brief: Brief, goal: str, codes: Iterable[str]) -> list[Any]:
    """What the widget shows for a goal and units: chart, paragraphs, figures behind the status, target path.

    One unit: the brief's own trajectory chart; several: one chart comparing them.
    """
    numeric = _numeric(brief)
    codes = list(codes)
    rows = numeric[(numeric["indicator"] == goal) & numeric["unit"].isin(codes)]
    rows = rows.set_index("unit").loc[[c for c in codes if c in set(rows["unit"])]].reset_index()
    lang = brief.lang
    if rows.empty:
        return [HTML(str(Markup("<p>{}</p>").format(word("explore.nothing", lang))))]
    observations = brief.validation.observations
    if len(rows) == 1:
        chart = CHARTS["trajectory"](observations, rows.iloc[0], lang, catalogue=brief.catalogue,
                                     illustrative=brief.illustrative)  # fmt: skip
    else:
        chart = analysis.compare(observations, rows, lang, catalogue=brief.catalogue, units=brief.units,
                                 illustrative=brief.illustrative)  # fmt: skip
    paragraphs = Markup("").join(
        indicator_paragraph(row, lang, catalogue=brief.catalogue, units=brief.units) for _, row in rows.iterrows()
    )
    path = target_path(brief, rows)
    path_view = path.style.format(lambda v: number(v, lang, 1), na_rep=MISSING)
    return [
        chart,
        _heading(word("explore.paragraph", lang)),
        HTML(str(paragraphs)),
        _heading(word("explore.figures", lang)),
        figures_view(brief, rows),
        _heading(word("explore.path", lang)),
        path_view,
    ]


def explore(brief: Brief, *, goal: str | None = None, units: Iterable[str] | None = None):
    """The explore widget (ipywidgets): a goal list, a unit list (several can be picked) and what they show.

    Starts on ``units`` (default: the notebook's ``unit``) and ``goal`` (default: the first numeric goal of the
    area or plan with a figure for that unit), drawn at once. Returns a ``VBox``: heading, goal ``Dropdown``,
    units ``SelectMultiple``, ``Output``.
    """
    import ipywidgets as widgets

    lang = brief.lang
    chosen = tuple(units) if units is not None else (brief.params.unit,)
    goal = goal or default_goal(brief, unit=chosen[0]) or default_goal(brief)
    goals = goal_options(brief)
    picker = widgets.Dropdown(options=goals, value=goal if goal in {g for _, g in goals} else None,
                              description=word("explore.goal", lang), layout=widgets.Layout(width=WIDE),
                              style={"description_width": "initial"})  # fmt: skip
    choices = unit_options(brief, picker.value) if picker.value else []
    present = {c for _, c in choices}
    unit_list = widgets.SelectMultiple(options=choices, value=tuple(c for c in chosen if c in present) or
                                       tuple(c for _, c in choices[:1]), rows=min(UNIT_ROWS, max(len(choices), 3)),
                                       description=word("explore.units", lang), style={"description_width": "initial"},
                                       layout=widgets.Layout(width="min(100%, 32em)"))  # fmt: skip
    output = widgets.Output()
    busy = []  # non-empty while the goal change resets the unit list: draw once, at the end

    def draw(change=None) -> None:
        if busy:
            return
        shown = view(brief, picker.value, unit_list.value) if picker.value else []
        output.outputs = tuple(_bundle(item) for item in shown)

    def new_goal(change) -> None:
        kept = unit_list.value
        busy.append(True)
        try:
            choices = unit_options(brief, change["new"])
            unit_list.options = choices
            codes = [c for _, c in choices]
            unit_list.value = tuple(c for c in kept if c in codes) or tuple(codes[:1])
            unit_list.rows = min(UNIT_ROWS, max(len(codes), 3))
        finally:
            busy.clear()
        draw()

    picker.observe(new_goal, names="value")
    unit_list.observe(draw, names="value")
    draw()
    hint = widgets.HTML(str(Markup("<b>{}</b> {}").format(word("notebook.explore.title", lang),
                                                         word("explore.hint", lang))))  # fmt: skip
    return widgets.VBox([hint, picker, unit_list, output])
