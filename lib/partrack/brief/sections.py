"""The sections of a brief: Python prepares typed data from the progress table, Jinja2 templates write the HTML.

A plan is data: the letterhead, place, dates, thresholds and rankings come from the catalogue, every word
from the vocabulary (``words/<lang>/brief.yaml``), and the templates in ``templates/`` are the same for
every language and province. Autoescaping is on, so text from a submission (notes, sources, problem
messages) reaches the HTML escaped; paragraphs from the narrative arrive as ``Markup``. Figures are
embedded as PNG data with their alt text, so an exported brief needs no network.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from partrack.brief.context import Brief
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, figure_to_png
from partrack.headline import HEADLINE_MIME
from partrack.narrative.render import STATUS_ORDER, area_paragraph, indicator_paragraph, overview_paragraph
from partrack.narrative.render import most_behind as behind_rows
from partrack.progress import missing_reports
from partrack.words.labels import assessment_label, flag_labels, status_label
from partrack.words.numbers import difference, long_date, number, short_date, value_with_unit
from partrack.words.vocabulary import word

TEMPLATES = Path(__file__).resolve().parent / "templates"
MISSING = "—"  # a table cell with nothing to show

NUMERALS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def roman(value: int) -> str:
    """1 → "I", 4 → "IV": official documents number their sections in Roman numerals."""
    out = []
    for size, numeral in NUMERALS:
        count, value = divmod(value, size)
        out.append(numeral * count)
    return "".join(out)


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["roman"] = roman


@dataclass(frozen=True)
class Chart:
    """A figure ready for HTML: its PNG as base64 text and its alt text."""

    png: str
    alt: str


@dataclass(frozen=True)
class StatusRow:
    """One line of the status table, every cell already written in the brief's language."""

    ref: str
    name: str
    value: str
    target: str
    gap: str
    projected: str
    status: str
    status_label: str
    notes: str


@dataclass(frozen=True)
class GoalBlock:
    """One goal's block: plan reference, name, chart (if any figures) and paragraph."""

    ref: str
    name: str
    chart: Chart | None
    paragraph: Markup


@dataclass(frozen=True)
class QualitativeGoal:
    """A qualitative goal: the assessment paragraph and the plan's own words."""

    ref: str
    text: str
    paragraph: Markup


@dataclass(frozen=True)
class ProblemLine:
    """One problem of the data check: where (file, row) and what, in the brief's language."""

    place: str
    message: str


def _words(lang: str) -> Callable[..., str]:
    """The ``w(key, **values)`` the templates call: a key of the brief's vocabulary in the brief's language."""

    def w(key: str, **values: object) -> str:
        return word(f"brief.{key}", lang, **values)

    return w


def _skipped(brief: Brief) -> list[str]:
    """Numbered sections this plan has nothing for, so that the numbering has no gap."""
    return [] if brief.catalogue.rankings else ["rankings"]


def _render(brief: Brief, template: str, **data: object) -> HTML:
    text = _environment.get_template(f"{template}.html.j2").render(
        w=_words(brief.lang), skipped=_skipped(brief), **data
    )
    return HTML(text.strip())


def _chart(figure) -> Chart:
    return Chart(base64.b64encode(figure_to_png(figure)).decode("ascii"), alt_text(figure))


def _name(brief: Brief, indicator: str) -> str:
    return brief.catalogue.indicator(indicator).name(brief.lang)


def _paragraph(brief: Brief, row: pd.Series) -> Markup:
    return indicator_paragraph(row, brief.lang, catalogue=brief.catalogue, units=brief.units)


def _numeric(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["target_kind"].isin(NUMERIC_KINDS)]


def _ratio(value: float, lang: str) -> str:
    """A threshold with the decimals it was written with: 0.95 → "0,95", 0.5 → "0,5"."""
    return number(value, lang, len(f"{value:g}".partition(".")[2]))


def header(brief: Brief) -> HTML:
    """The official heading: authority and office, national motto, place and date, title, basis, legend."""
    plan, lang = brief.catalogue.plan, brief.lang
    area = brief.catalogue.area(brief.area) if brief.area else None
    return _render(
        brief,
        "header",
        authority=plan.text("authority", lang) or plan.text("issuer", lang).upper(),
        office=plan.text("office", lang),
        place=plan.province_name,
        day=long_date(brief.period.end, lang),
        illustrative=brief.illustrative,
        scope=plan.scope(lang),
        area=f"{area.number}. {area.name(lang)}" if area else "",
        unit=brief.unit.name(lang),
        period=brief.period.label(lang),
        period_inline=brief.period.inline_label(lang),
        plan_number=plan.number,
        plan_date=short_date(plan.date, lang),
        issuer=plan.text("issuer", lang),
        legend=[(s, status_label(s, lang)) for s in STATUS_ORDER],
    )


def plan_summary(brief: Brief) -> HTML:
    """The plan in one paragraph, with what changed since the previous period."""
    paragraph = overview_paragraph(
        brief.table, brief.params.unit, brief.lang, catalogue=brief.catalogue, units=brief.units
    )
    return _render(brief, "summary", section="summary", paragraph=paragraph)


def status_overview(brief: Brief) -> HTML:
    """Status counts per area (chart)."""
    figure = CHARTS["status_overview"](
        brief.table, brief.params.unit, brief.lang, catalogue=brief.catalogue, illustrative=brief.illustrative
    )
    return _render(brief, "chart", section=None, level=2, chart=_chart(figure), more=[])


def most_behind(brief: Brief, limit: int = 5) -> HTML:
    """The ``limit`` goals furthest behind with their paragraphs and a bullet chart; the others are named."""
    numeric = _numeric(brief.own)
    ranked = behind_rows(numeric, len(numeric))
    shown, rest = ranked.head(limit), ranked.iloc[limit:]
    percent = shown[shown["measure"] == "percent"]
    chart = None
    if len(percent):
        chart = _chart(CHARTS["bullet"](percent, "indicator", brief.lang, catalogue=brief.catalogue,
                                        units=brief.units, illustrative=brief.illustrative))  # fmt: skip
    return _render(
        brief,
        "behind",
        paragraphs=[_paragraph(brief, r) for _, r in shown.iterrows()],
        more=[_name(brief, i) for i in rest["indicator"]],
        chart=chart,
    )


def _moved(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The goals the change chart can draw (percent values that moved), the biggest change first."""
    rows = table[(table["unit"] == unit) & (table["measure"] == "percent")].dropna(subset=["value", "value_prev"])
    rows = rows.assign(delta=rows["value"] - rows["value_prev"])
    return rows[rows["delta"].abs() > 0].sort_values("delta", key=abs, ascending=False)


def changes(brief: Brief, *, limit: int = 12) -> HTML:
    """What moved since the previous period: a chart of the ``limit`` biggest changes, the others named."""
    figure = CHARTS["change"](brief.table, brief.params.unit, brief.lang, catalogue=brief.catalogue, limit=limit,
                              illustrative=brief.illustrative)  # fmt: skip
    rest = _moved(brief.table, brief.params.unit).iloc[limit:]
    more = [_name(brief, i) for i in rest["indicator"]]
    return _render(brief, "chart", section="changes", level=3, chart=_chart(figure), more=more)


def rankings(brief: Brief) -> HTML:
    """The national rankings the plan sets goals for: paragraphs and rank history (nothing if it sets none)."""
    ranked = [i.id for i in brief.catalogue.rankings]
    if not ranked:
        return HTML("")
    province = brief.catalogue.plan.province
    rows = brief.table[(brief.table["unit"] == province) & brief.table["indicator"].isin(ranked)]
    chart = None
    if len(rows):
        chart = _chart(CHARTS["rank_history"](brief.validation.observations, province, brief.lang,
                                              catalogue=brief.catalogue, illustrative=brief.illustrative))  # fmt: skip
    paragraphs = [_paragraph(brief, r) for _, r in rows.iterrows()]
    return _render(brief, "rankings", paragraphs=paragraphs, chart=chart)


def area_summary(brief: Brief) -> HTML:
    """The area's summary paragraph (counts, share on track, goals to prioritise, lead agency)."""
    paragraph = area_paragraph(
        brief.table, brief.area, brief.params.unit, brief.lang, catalogue=brief.catalogue, units=brief.units
    )
    return _render(brief, "summary", section=None, paragraph=paragraph)


def _cell(value: float, measure: str, lang: str) -> str:
    return value_with_unit(value, measure, lang) if pd.notna(value) else MISSING


def status_table(brief: Brief) -> HTML:
    """Every goal of the area for the unit: value, target, gap, projection, status and flags."""
    lang = brief.lang
    held = set(brief.validation.quarantine["indicator"].dropna()) if len(brief.validation.quarantine) else set()
    rows = []
    for _, row in brief.own.iterrows():
        if row["target_kind"] == "qualitative":
            value = assessment_label(row["assessment"], lang) if pd.notna(row["assessment"]) else MISSING
        else:
            value = _cell(row["value"], row["measure"], lang)
        rows.append(
            StatusRow(
                ref=brief.catalogue.indicator(row["indicator"]).plan_ref,
                name=_name(brief, row["indicator"]),
                value=value,
                target=_cell(row["target"], row["measure"], lang),
                gap=_short_gap(row, lang),
                projected=_cell(row["projected"], row["measure"], lang),
                status=row["status"],
                status_label=status_label(row["status"], lang),
                notes=_notes(row, held, lang),
            )
        )
    return _render(brief, "status_table", rows=rows, deadline_year=brief.catalogue.plan.deadline.year)


def _notes(row: pd.Series, held: set[str], lang: str) -> str:
    """The row's flags in words, and a warning when rows of this goal were held back as errors."""
    notes = flag_labels(row["flags"], lang)
    if row["indicator"] in held:
        warning = word("brief.held_back", lang)
        notes = f"{notes}, {warning}" if notes else warning
    return notes


def _short_gap(row: pd.Series, lang: str) -> str:
    """The gap for a table cell: "13,6 điểm %" (prose says "điểm phần trăm"); nothing when achieved."""
    if pd.isna(row["gap"]) or row["gap"] == 0:
        return MISSING
    if row["measure"] == "percent":
        return word("brief.gap_pp", lang, value=number(row["gap"], lang, 1))
    return difference(row["gap"], row["measure"], lang)


def _trajectory(brief: Brief, row: pd.Series) -> Chart:
    return _chart(CHARTS["trajectory"](brief.validation.observations, row, brief.lang, catalogue=brief.catalogue,
                                       illustrative=brief.illustrative))  # fmt: skip


def indicator_sections(brief: Brief) -> HTML:
    """One block per numeric goal: heading, trajectory chart, paragraph."""
    blocks = [
        GoalBlock(
            ref=brief.catalogue.indicator(row["indicator"]).plan_ref,
            name=_name(brief, row["indicator"]),
            chart=_trajectory(brief, row) if row["n_obs"] > 0 else None,
            paragraph=_paragraph(brief, row),
        )
        for _, row in _numeric(brief.own).iterrows()
    ]
    return _render(brief, "indicators", blocks=blocks)


def district_comparison(brief: Brief, *, bullets: int = 3) -> HTML:
    """The districts side by side: heat map of statuses and bullet charts of the ``bullets`` goals they lag most on."""
    province = brief.catalogue.plan.province
    table = brief.table
    districts = table[(table["level"] == "district") & (table["area"] == brief.area)
                      & (table["unit"].isin([u.code for u in brief.units.children(province)]))]  # fmt: skip
    if districts.empty or districts["value"].isna().all():
        return _render(brief, "districts", grid=None, bullets=[])
    grid = _chart(CHARTS["heatmap"](districts, brief.lang, catalogue=brief.catalogue, units=brief.units,
                                    illustrative=brief.illustrative))  # fmt: skip
    lagging = districts[districts["measure"] == "percent"].groupby("indicator")["ratio"].median().sort_values()
    charts = []
    for indicator in lagging.index[:bullets]:
        rows = districts[districts["indicator"] == indicator]
        if rows["value"].notna().any():
            charts.append(_chart(CHARTS["bullet"](rows, "unit", brief.lang, catalogue=brief.catalogue,
                                                  units=brief.units, illustrative=brief.illustrative,
                                                  title=_name(brief, indicator))))  # fmt: skip
    return _render(brief, "districts", grid=grid, bullets=charts)


def qualitative_goals(brief: Brief) -> HTML:
    """Qualitative and yes/no goals with the analyst's assessment and the plan's text (Vietnamese, as issued)."""
    goals = []
    for _, row in brief.own[~brief.own["target_kind"].isin(NUMERIC_KINDS)].iterrows():
        item = brief.catalogue.indicator(row["indicator"])
        paragraph = _paragraph(brief, row)
        goals.append(QualitativeGoal(ref=item.plan_ref, text=item.text_vi, paragraph=paragraph))
    return _render(brief, "qualitative", goals=goals)


def _problem_line(problem, lang: str) -> ProblemLine:
    name = problem.file.split("/")[-1]
    return ProblemLine(f"{name}, {problem.row}" if problem.row else name, problem.message(lang))


def data_notes(brief: Brief, *, max_problems: int = 12, max_sources: int = 10) -> HTML:
    """Who has not reported, validation errors and warnings, the sources; lists longer than the caps are counted."""
    lang = brief.lang
    indicators = set(brief.own["indicator"])
    missing = missing_reports(brief.table[brief.table["indicator"].isin(indicators)])
    unit_names = {u.code: u.name(lang) for u in brief.units}
    counts = missing.groupby("unit")["indicator"].count() if len(missing) else pd.Series(dtype=int)
    found = [p for p in brief.validation.problems if brief.area is None or p.rule != "no_figure"]
    problems = []
    for severity, title in (("error", "errors"), ("warning", "warnings")):
        of_kind = [p for p in found if p.severity == severity]
        if of_kind:
            lines = [_problem_line(p, lang) for p in of_kind[:max_problems]]
            problems.append((word(f"brief.{title}", lang), lines, max(0, len(of_kind) - max_problems)))
    observations = brief.validation.observations
    used = sorted(observations[observations["indicator"].isin(indicators)]["source"].dropna().unique())
    return _render(
        brief,
        "data_notes",
        section="quality" if brief.area is None else "data_notes",
        lead=brief.catalogue.area(brief.area).lead_agency if brief.area is not None else "",
        missing=[(unit_names.get(code, code), int(n)) for code, n in counts.items()],
        problems=problems,
        sources=used[:max_sources],
        more_sources=max(0, len(used) - max_sources),
    )


def method_note(brief: Brief) -> HTML:
    """The method in three sentences, with this plan's deadline, baseline year and status thresholds."""
    plan, lang = brief.catalogue.plan, brief.lang
    facts = {
        "deadline": long_date(plan.deadline, lang),
        "baseline_year": plan.baseline_year,
        "on_track": _ratio(plan.thresholds.on_track, lang),
        "needs_acceleration": _ratio(plan.thresholds.needs_acceleration, lang),
    }
    for status in ("on_track", "needs_acceleration", "off_track", "regressing"):
        facts[f"{status}_label"] = status_label(status, lang)
    return _render(brief, "method", facts=facts)


def headline(brief: Brief) -> dict:
    """The brief's headline numbers: status counts and each goal's status, value and target."""
    rows = brief.own
    counts = rows["status"].value_counts()
    return {
        "notebook_area": brief.area,
        "unit": brief.params.unit,
        "period": brief.period.code,
        "lang": brief.lang,
        "status_counts": {s: int(counts[s]) for s in counts.index},
        "indicators": {
            r["indicator"]: {
                "status": r["status"],
                "value": None if pd.isna(r["value"]) else float(r["value"]),
                "target": None if pd.isna(r["target"]) else float(r["target"]),
            }
            for _, r in rows.iterrows()
        },
    }


def record_headline(brief: Brief) -> None:
    """Display the headline numbers as machine-readable output that tests and the overview read back."""
    data = headline(brief)
    display({HEADLINE_MIME: data, "text/plain": json.dumps(data, ensure_ascii=False)[:200]}, raw=True)


def explorer(brief: Brief):
    """Dropdowns for an indicator and a unit: the series, target path, projection and paragraph (analysts)."""
    import ipywidgets as widgets

    w = _words(brief.lang)
    numeric = _numeric(brief.table)
    indicator = widgets.Dropdown(options=[(_name(brief, i), i) for i in dict.fromkeys(numeric["indicator"])],
                                 description=w("explorer.goal"))  # fmt: skip
    unit = widgets.Dropdown(description=w("explorer.unit"))
    output = widgets.Output()

    def units_for(change=None):
        codes = list(dict.fromkeys(numeric.loc[numeric["indicator"] == indicator.value, "unit"]))
        unit.options = [(brief.units[c].name(brief.lang), c) for c in codes]

    def draw(change=None):
        output.clear_output(wait=True)
        rows = numeric[(numeric["indicator"] == indicator.value) & (numeric["unit"] == unit.value)]
        if rows.empty:
            return
        row = rows.iloc[0]
        paragraph = _paragraph(brief, row)
        with output:
            display(_render(brief, "explorer", chart=_trajectory(brief, row), paragraph=paragraph))

    indicator.observe(units_for, names="value")
    indicator.observe(draw, names="value")
    unit.observe(draw, names="value")
    units_for()
    draw()
    title = widgets.HTML(str(Markup("<b>{}</b>").format(w("explorer.title"))))
    return widgets.VBox([title, indicator, unit, output])
