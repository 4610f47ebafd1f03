"""The analyst's side of the notebooks: the explore widget built in-process from a real Brief (no kernel), the
tables to sort and filter, the seaborn charts, and figures that display inline while matplotlib is left alone."""

import base64
import os
import subprocess
import sys

import ipywidgets as widgets
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter
from matplotlib.figure import Figure

from conftest import REPO
from partrack import brief
from partrack.brief.explore import target_path, unit_options
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, analysis
from partrack.charts.analysis import show_inline
from partrack.words import word

DISTRICT = "358"


@pytest.fixture(scope="module")
def area_brief():
    return brief.open_brief(area="procedures", unit=DISTRICT)


@pytest.fixture(scope="module")
def plan_brief():
    return brief.open_brief(lang="en")


def _parts(box):
    picker = next(c for c in box.children if isinstance(c, widgets.Dropdown))
    units = next(c for c in box.children if isinstance(c, widgets.SelectMultiple))
    output = next(c for c in box.children if isinstance(c, widgets.Output))
    return picker, units, output


def _shown(output, mime):
    return [o["data"][mime] for o in output.outputs if mime in o["data"]]


def _png(output):
    images = _shown(output, "image/png")
    assert len(images) == 1, "one chart"
    assert base64.b64decode(images[0]).startswith(b"\x89PNG")
    return images[0]


def _first_numeric_goal_with_a_value(b, unit):
    rows = b.table[(b.table["unit"] == unit) & b.table["target_kind"].isin(NUMERIC_KINDS) & b.table["value"].notna()]
    if b.area is not None:
        rows = rows[rows["area"] == b.area]
    return next(i.id for i in b.catalogue.indicators if i.id in set(rows["indicator"]))


def test_explore_starts_on_the_parameters_and_draws_at_once(area_brief):
    picker, units, output = _parts(brief.explore(area_brief))
    assert units.value == (DISTRICT,)
    assert picker.value == _first_numeric_goal_with_a_value(area_brief, DISTRICT)
    assert area_brief.catalogue.indicator(picker.value).area == "procedures"
    _png(output)
    html = "".join(_shown(output, "text/html"))
    name = area_brief.catalogue.indicator(picker.value).name("vi")
    assert name in html and area_brief.units[DISTRICT].name("vi") in html  # the paragraph
    for heading in ("explore.paragraph", "explore.figures", "explore.path"):
        assert word(heading, "vi") in html
    row = area_brief.table[(area_brief.table["indicator"] == picker.value) & (area_brief.table["unit"] == DISTRICT)]
    assert "pace_needed" in html and "ratio" in html  # the figures behind the status, by their column names
    assert f"{row['target'].iloc[0]:.1f}".replace(".", ",") in html  # the target, written the Vietnamese way


def test_explore_without_a_unit_or_area_starts_on_the_province_and_the_plans_first_goal(plan_brief):
    picker, units, output = _parts(brief.explore(plan_brief))
    province = plan_brief.catalogue.plan.province
    assert units.value == (province,)
    assert picker.value == _first_numeric_goal_with_a_value(plan_brief, province)
    _png(output)
    assert plan_brief.catalogue.indicator(picker.value).name("en") in "".join(_shown(output, "text/html"))


def test_changing_the_goal_updates_everything_shown(area_brief):
    picker, units, output = _parts(brief.explore(area_brief))
    before_png, before_html = _png(output), _shown(output, "text/html")
    other = next(g for _, g in picker.options if g != picker.value and DISTRICT in {c for _, c in
                 unit_options(area_brief, g)})  # fmt: skip
    picker.value = other
    assert units.value == (DISTRICT,)  # the unit picked stays picked when it has the new goal
    assert _png(output) != before_png
    html = "".join(_shown(output, "text/html"))
    assert html != "".join(before_html) and area_brief.catalogue.indicator(other).name("vi") in html


def test_several_units_are_compared_on_one_chart(area_brief):
    picker, units, output = _parts(brief.explore(area_brief))
    province = area_brief.catalogue.plan.province
    neighbour = next(c for _, c in units.options if c not in (DISTRICT, province))
    units.value = (province, DISTRICT, neighbour)
    _png(output)  # still one chart, now comparing three units
    alts = [o["data"]["text/plain"] for o in output.outputs if "image/png" in o["data"]]
    name = area_brief.catalogue.indicator(picker.value).name("vi")
    assert alts == [word("analysis.alt.compare", "vi", name=name, count=3)]
    html = "".join(_shown(output, "text/html"))
    assert html.count('<p class="indicator') == 3  # one paragraph per unit
    for code in (province, DISTRICT, neighbour):
        assert area_brief.units[code].name("vi") in html  # in the figures table and the target path
    units.value = ()
    assert _shown(output, "image/png") == [] and word("explore.nothing", "vi") in "".join(_shown(output, "text/html"))


def test_a_goal_the_picked_unit_lacks_falls_back_to_a_unit_that_has_it(plan_brief):
    picker, units, output = _parts(brief.explore(plan_brief, units=[DISTRICT]))
    province_only = next(g for _, g in picker.options if DISTRICT not in {c for _, c in unit_options(plan_brief, g)})
    picker.value = province_only
    assert units.value == (unit_options(plan_brief, province_only)[0][1],)
    _png(output)


def test_goal_names_are_readable_in_full(plan_brief):
    picker, _, _ = _parts(brief.explore(plan_brief))
    assert picker.layout.width == "100%"
    labels = dict((goal, label) for label, goal in picker.options)
    for goal, label in labels.items():
        item = plan_brief.catalogue.indicator(goal)
        assert label.endswith(item.name("en")) and item.plan_ref in label  # never cut
    assert {item.id for item in plan_brief.catalogue.indicators if item.is_numeric} >= set(labels)


def test_the_target_path_runs_from_the_baseline_to_the_target_at_the_deadline(area_brief):
    table = area_brief.table
    row = table[(table["unit"] == area_brief.catalogue.plan.province) & (table["target_kind"] == "at_least")
                & table["baseline"].notna()].iloc[0]  # fmt: skip
    path = target_path(area_brief, row.to_frame().T)
    column = path.iloc[:, 0]
    deadline = area_brief.catalogue.deadline_of(area_brief.catalogue.indicator(row["indicator"]))
    assert column.index[-1] == deadline.year and column.iloc[-1] == pytest.approx(row["target"])
    assert column.is_monotonic_increasing and column.iloc[0] >= row["baseline"]


def test_tables_keep_codes_to_query_and_show_words(area_brief):
    view = brief.table_view(area_brief)
    assert list(view.data["indicator"]) == list(area_brief.own["indicator"])
    assert {"value", "target", "gap", "projected", "pace_observed", "pace_needed", "ratio", "status"} <= set(
        view.data.columns
    )
    html = view.to_html()
    status = area_brief.own["status"].iloc[0]
    assert word(f"status.{status}", "vi") in html
    ordered = brief.table_view(area_brief, area_brief.own.sort_values("ratio", ascending=False))
    assert list(ordered.data["ratio"].dropna()) == sorted(area_brief.own["ratio"].dropna(), reverse=True)
    grid = brief.district_view(area_brief).data
    children = [u.name("vi") for u in area_brief.units.children(area_brief.catalogue.plan.province)]
    assert set(grid.columns) <= set(children) and len(grid.columns) > 1
    units = brief.unit_codes(area_brief)
    assert area_brief.catalogue.plan.province in set(units["code"]) and DISTRICT in set(units["code"])
    assert set(brief.unit_codes(area_brief, level="district")["level"]) == {"district"}
    goals = brief.goal_ids(area_brief)
    assert set(goals["area"]) == {"procedures"}
    assert len(brief.goal_ids(area_brief, area=None)) == len(area_brief.catalogue.indicators)


def test_series_is_tidy_and_stops_at_the_briefs_period(area_brief):
    goal = brief.default_goal(area_brief, level="district")
    pair = brief.unit_codes(area_brief, level="district")["code"][:2].tolist()
    data = brief.series(area_brief, goal, pair)
    assert set(data["unit"]) <= set(pair) and set(data["indicator"]) == {goal} and len(data)
    assert data["period_end"].max() <= pd.Timestamp(area_brief.period.end)
    assert data["unit_name"].notna().all()


def _draw(chart, b):
    goal = brief.default_goal(b, level="district")
    if chart == "heatmap":
        return brief.district_heatmap(b)
    if chart == "spread":
        return brief.district_spread(b)
    if chart == "spread_one":
        return brief.district_spread(b, goal)
    rows = b.table[b.table["indicator"] == goal].head(3)
    return analysis.compare(b.validation.observations, rows, b.lang, catalogue=b.catalogue, units=b.units)


@pytest.mark.parametrize("chart", ["heatmap", "spread", "spread_one", "compare"])
def test_seaborn_charts_render_in_both_languages(chart, area_brief, plan_brief):
    for b in (area_brief, plan_brief):
        figure = _draw(chart, b)
        assert isinstance(figure, Figure) and alt_text(figure)
        assert analysis._png(figure).startswith(b"\x89PNG")


def test_a_returned_figure_displays_inline_without_pyplot(area_brief):
    formatter = DisplayFormatter()
    assert show_inline(formatter) is True and show_inline(formatter) is False  # registered once, never twice
    figure = CHARTS["status_overview"](area_brief.table, area_brief.params.unit, "vi", catalogue=area_brief.catalogue)
    assert figure.canvas is not None
    data, _ = formatter.format(figure)
    assert data["image/png"].startswith(b"\x89PNG")
    own, axes = analysis.figure()
    axes.plot([1, 2], [3, 4])
    assert formatter.format(own)[0]["image/png"].startswith(b"\x89PNG")


def test_the_analysts_tools_leave_matplotlib_alone():
    # In a fresh interpreter: the widget and the seaborn charts keep the backend, the settings and pyplot's figures.
    script = """
import matplotlib
before = matplotlib.get_backend(), dict(matplotlib.rcParams)
import matplotlib.pyplot as plt
from partrack import brief
b = brief.open_brief(area="procedures")
brief.explore(b)
brief.district_heatmap(b)
brief.district_spread(b)
brief.explore(b, units=[b.params.unit, *brief.unit_codes(b, level="district")["code"][:2]])
assert matplotlib.get_backend() == before[0], (matplotlib.get_backend(), before[0])
assert plt.get_fignums() == [], plt.get_fignums()
assert dict(matplotlib.rcParams) == before[1]
print("ok")
"""
    environment = {**os.environ, "MPLBACKEND": "svg"}
    done = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", script], capture_output=True,
                          text=True, env=environment, cwd=REPO)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
