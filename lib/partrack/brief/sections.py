"""The sections of a brief: Python prepares typed data from the progress table, Jinja2 templates write the HTML.

A plan is data: the letterhead, place, dates, thresholds and rankings come from the catalogue, every word
from the vocabulary (``words/<lang>/brief.yaml``), and the templates in ``templates/`` are the same for
every language and province. Autoescaping is on, so text from a submission (notes, sources, problem
messages) reaches the HTML escaped; paragraphs from the narrative arrive as ``Markup``.

A brief is written for the leadership first (summary, priorities, every goal's status, rankings or, for a
district, the comparison with the province and the other districts) and ends with a technical annex (what
is missing by unit, the data check with file names relative to the data folder, every source, the method
with its thresholds, the software's version), marked ``<section class="annex">`` so that the combined
briefing can gather the annexes at its end. Figures are SVG at their printed size, text kept as text, and
a chart with nothing to show is replaced by a sentence.
"""

from __future__ import annotations

import base64
import json
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

import partrack
from partrack.brief.context import Brief
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, figure_to_svg
from partrack.headline import HEADLINE_MIME
from partrack.narrative.context import count_noun
from partrack.narrative.render import (
    MAX_NAMED,
    area_paragraph,
    indicator_paragraph,
    is_final,
    nobreak,
    overview_paragraph,
    pointed_goals,
    priorities,
)
from partrack.narrative.render import status_order as ordered
from partrack.narrative.style import (
    NBSP,
    agency_name,
    as_of,
    drop_gloss,
    glossary,
    inline_name,
    plan_reference,
)
from partrack.paths import PROJECT_ROOT
from partrack.periods import parse_period
from partrack.progress import missing_reports
from partrack.words.labels import assessment_label, flag_labels, status_label
from partrack.words.numbers import difference, long_date, number, short_date, value_with_unit
from partrack.words.vocabulary import word

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The overview's numbered sections in the order its notebook shows them; a heading's number is its place here,
# counting only the sections a brief has (see ``_skipped``). The leadership edition: summary, priorities, rankings
# (a district: its comparison), then the one table of every goal; everything technical is in the annex.
OUTLINE = ("summary", "behind", "rankings", "comparison", "changes")
MISSING = "—"  # a table cell with nothing to show
LINK_SCHEMES = ("http://", "https://")  # a source is a link only with one of these; anything else stays text

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
_environment.filters["nw"] = nobreak


@dataclass(frozen=True)
class Chart:
    """A figure ready for HTML: its SVG as base64 text (text kept as text) and its alt text."""

    svg: str
    alt: str


@dataclass(frozen=True)
class StatusRow:
    """One line of a status table, every cell already written in the brief's language."""

    ref: str
    name: str
    value: str
    target: str
    gap: str
    projected: str
    status: str
    status_label: str
    notes: str
    previous: str = ""  # the previous period's status, when it was another and the status is not a final verdict
    area: str = ""  # the area's heading, on the first row of each area in the overview's table


@dataclass(frozen=True)
class GoalBlock:
    """One goal's block: plan reference, name, chart (if any figures) and paragraph, kept on one page."""

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
    """One problem of the data check: where (file relative to the data folder, row) and what."""

    place: str
    message: str


@dataclass(frozen=True)
class Source:
    """A source of the figures: a link when it is an http(s) address, otherwise text."""

    text: str
    link: str | None


@dataclass(frozen=True)
class ComparisonRow:
    """One goal for a district beside the province and the other districts."""

    ref: str
    name: str
    value: str
    province: str
    spread: str
    place: str
    status: str
    status_label: str


def _words(lang: str) -> Callable[..., str]:
    """The ``w(key, **values)`` the templates call: a key of the brief's vocabulary in the brief's language."""

    def w(key: str, **values: object) -> str:
        return word(f"brief.{key}", lang, **values)

    return w


def _is_province(brief: Brief) -> bool:
    return brief.params.unit == brief.catalogue.plan.province


def _skipped(brief: Brief) -> list[str]:
    """Numbered sections this brief has nothing for, so that the numbering has no gap.

    A province brief has the plan's rankings (if the plan sets any); a district brief has its comparison with
    the province and the other districts instead.
    """
    if not _is_province(brief):
        return ["rankings"]
    return ["comparison"] + ([] if brief.catalogue.rankings else ["rankings"])


def _render(brief: Brief, template: str, **data: object) -> HTML:
    text = _environment.get_template(f"{template}.html.j2").render(
        w=_words(brief.lang), skipped=_skipped(brief), outline=OUTLINE, final=is_final(brief.own), **data
    )
    return HTML(text.strip())


def _number(brief: Brief, section: str) -> str:
    """The Roman number of one of the overview's sections in this brief ("III")."""
    shown = [name for name in OUTLINE if name not in _skipped(brief)]
    return roman(shown.index(section) + 1) if section in shown else ""


def _chart(figure) -> Chart:
    return Chart(base64.b64encode(figure_to_svg(figure).encode("utf-8")).decode("ascii"), alt_text(figure))


def _name(brief: Brief, indicator: str) -> str:
    return brief.catalogue.indicator(indicator).name(brief.lang)


def _ref(brief: Brief, indicator: str, short: bool = True) -> str:
    return plan_reference(brief.catalogue.indicator(indicator).plan_ref, brief.lang, short=short)


def _paragraph(brief: Brief, row: pd.Series, omit: frozenset[str] = frozenset()) -> Markup:
    """A goal's paragraph; the unit is named only when it is not the brief's own (the brief is about it).

    ``omit``: what the section says once for all its goals (see ``indicator_paragraph``). In the brief's own unit
    the summary says once when the plan closed for it (and that the unit ended), not every paragraph.
    """
    own = row["unit"] == brief.params.unit
    return indicator_paragraph(row, brief.lang, catalogue=brief.catalogue, units=brief.units, with_unit=not own,
                               omit=omit | ({"ended", "close"} if own else set()))  # fmt: skip


def _numeric(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["target_kind"].isin(NUMERIC_KINDS)]


def _ratio(value: float, lang: str) -> str:
    """A threshold with the decimals it was written with: 0.95 → "0,95", 0.5 → "0,5"."""
    return number(value, lang, len(f"{value:g}".partition(".")[2]))


def _unit_name(brief: Brief, code: str) -> str:
    """A unit's name as written inside a sentence ("huyện Ý Yên")."""
    return inline_name(brief.units[code].name(brief.lang), brief.lang) if code in brief.units else code


def _kept(text: str) -> str:
    """A period or a date kept on one line inside a sentence (a quarter never broken after "Quý")."""
    return text.replace(" ", NBSP)


def _in_cell(text: str, brief: Brief, indicator: str, measure: str) -> str:
    """A figure for a table cell, a count with what it counts ("28.452 biên chế").

    A narrow cell may wrap between the number and its unit, never inside a word: "28.452" over "biên chế", "8.1"
    over "percentage points" (what a count counts is kept on one line).
    """
    noun = count_noun(brief.catalogue.indicator(indicator), brief.lang) if measure == "count" else ""
    return f"{text} {noun.replace(' ', NBSP)}" if noun else text


def _counted(brief: Brief, value: float, indicator: str, measure: str) -> str:
    """A value in its unit for a table cell or a chart title, a count with what it counts."""
    return _in_cell(value_with_unit(value, measure, brief.lang), brief, indicator, measure)


def header(brief: Brief, **overrides: object) -> HTML:
    """The official heading, Nghị định 30's layout, then title, unit, period, basis, abbreviations, legend.

    Authority and office, national title and motto, place and date of issue.

    The date is the date of issue (the run's ``issued`` parameter, else today), never the data's cut-off,
    which the basis line states. The header carries the brief's language and a readable title for the page.
    ``overrides`` replace any of these facts (the final assessment: its title, the successor's authority).
    """
    plan, lang = brief.catalogue.plan, brief.lang
    area = brief.catalogue.area(brief.area) if brief.area else None
    unit = brief.unit.name(lang)
    part = f"{area.number}. {area.name(lang)}" if area else word("brief.overview", lang)
    own = brief.own
    texts = [_name(brief, i) for i in own["indicator"]]
    texts += [brief.catalogue.indicator(i).text_vi for i in own.loc[own["target_kind"] == "qualitative", "indicator"]]
    texts += [agency_name(brief.catalogue.indicator(i).lead_agency, lang) for i in own["indicator"]]
    texts += [plan.text("authority", lang), plan.text("issuer", lang)]
    abbreviations = [(short, meaning) for short, meaning in glossary(texts, lang)
                     if not any(f"({short})" in text for text in texts)]  # fmt: skip
    period = as_of(brief.period, brief.unit.valid_to, lang)  # a unit that ended before the period: its close
    facts = dict(
        lang=lang,
        title=word("brief.title", lang),
        document_title=word("brief.document_title", lang, part=part, unit=unit, period=period),
        authority=plan.text("authority", lang) or plan.text("issuer", lang).upper(),
        office=plan.text("office", lang),
        place=plan.province_name,
        day=long_date(date.fromisoformat(brief.params.issued) if brief.params.issued else date.today(), lang),
        illustrative=brief.illustrative,
        scope=plan.scope(lang),
        area=part if area else "",
        unit=unit,
        period=period,
        period_inline=_kept(as_of(brief.period, brief.unit.valid_to, lang, inline=True)),
        plan_number=plan.number,
        plan_date=short_date(plan.date, lang),
        issuer=plan.text("issuer", lang),
        glossary=abbreviations,
        legend=[(s, status_label(s, lang)) for s in ordered(own["status"])],
    )
    return _render(brief, "header", **(facts | overrides))


def plan_summary(brief: Brief) -> HTML:
    """The status chart, then every goal by status (numeric and qualitative apart) and the changes since last period.

    The chart comes first, under the heading: it fits on the first page under the letterhead whatever the length
    of the paragraph, which then runs on (no half-empty first page).
    """
    see = word("brief.see_section", brief.lang, section=_number(brief, "changes"))
    paragraph = overview_paragraph(
        brief.table, brief.params.unit, brief.lang, catalogue=brief.catalogue, units=brief.units, see=see
    )
    return _render(brief, "summary", section="summary", paragraph=paragraph, chart=_status_chart(brief))


def _status_chart(brief: Brief) -> Chart:
    figure = CHARTS["status_overview"](
        brief.table, brief.params.unit, brief.lang, catalogue=brief.catalogue, illustrative=brief.illustrative
    )
    return _chart(figure)


def status_overview(brief: Brief) -> HTML:
    """Status counts per area, every goal counted (the same counts as the summary and the index).

    The overview shows it in its summary (``plan_summary``); this is the chart alone, for a notebook.
    """
    return _render(brief, "chart", section=None, level=2, chart=_status_chart(brief), more=[])


def most_behind(brief: Brief, limit: int = 5) -> HTML:
    """The goals to act on first, each with its paragraph; every other goal behind named.

    The ``limit`` goals furthest behind and every goal below its yearly minimum get a paragraph; the others are
    named, or past ``MAX_NAMED`` counted and pointed to the table that shows each one's status (no silent cut). At
    the close: the goals not achieved, the largest shortfall first. No chart: the paragraphs give these goals'
    figures, the area briefs draw each one, and the leadership edition keeps to four pages.

    What every item would repeat is said once above the list (the final verdict and its date, the period of the
    figures, the comparison with the previous period); each item keeps its own figures and its change. National
    rankings have their own section in a province brief and are not repeated here.
    """
    numeric = _numeric(brief.own)
    ranked_goals = {i.id for i in brief.catalogue.rankings}
    if "rankings" not in _skipped(brief):
        numeric = numeric[~numeric["indicator"].isin(ranked_goals)]
    shown, rest = priorities(numeric, limit)
    final, same = is_final(shown), shown["status"].nunique() == 1
    years = {pd.Timestamp(d).year for d in shown["deadline"]}
    omit = frozenset(
        {"period", "since"} | ({"verdict"} if same else set()) | ({"deadline"} if len(years) == 1 else set())
    )
    period = parse_period(brief.own["period"].iloc[0]) if len(brief.own) else brief.period
    shared = [word("brief.shared.period", brief.lang, period=_kept(period.inline_label(brief.lang)))]
    shared += [word("brief.shared.deadline", brief.lang, year=y) for y in years if "deadline" in omit]
    shared += [word("brief.shared.change", brief.lang, previous=_kept(period.previous().inline_label(brief.lang)))]
    facts = {"details": "; ".join(shared), "count": len(shown) + len(rest),
             "close": _kept(short_date(pd.Timestamp(shown["close"].max()).date(), brief.lang)) if final else ""}  # fmt: skip
    intro = word("brief.behind_final_intro" if final else "brief.behind_shared_intro", brief.lang, **facts)
    if same and not final:  # the status every item would end with
        status = status_label(shown["status"].iloc[0], brief.lang)
        intro += " " + word("brief.behind_same_status", brief.lang, count=len(shown), status=status)
    if "rankings" not in _skipped(brief) and ranked_goals:  # why the rankings are not in the list
        intro += " " + word("brief.behind_rankings", brief.lang, section=_number(brief, "rankings"))
    return _render(
        brief,
        "behind",
        intro=intro,
        paragraphs=[_paragraph(brief, r, omit) for _, r in shown.iterrows()],
        rest=[_name(brief, i) for i in rest["indicator"]],
        rest_key=("behind_final_rest" if final else "behind_rest") + ("_pointed" if len(rest) > MAX_NAMED else ""),
        table=_number(brief, "changes"),
    )


def _previous_cell(brief: Brief, row: pd.Series, pointed: set[str]) -> str:
    """The previous status under the status ("trước đó: Đúng tiến độ"), where the summary points here for it.

    The summary names every other change.
    """
    if row["indicator"] not in pointed:
        return ""
    return word("brief.previously", brief.lang, status=status_label(row["status_prev"], brief.lang))


def by_area(brief: Brief) -> Iterator[tuple[str, pd.Series]]:
    """The unit's goals in plan order, the first of each area with the area's heading ("1.2. Cải cách …"), else ""."""
    area = None
    for _, row in brief.own.iterrows():
        heading = ""
        if row["area"] != area:
            area = row["area"]
            info = brief.catalogue.area(area)
            heading = f"{info.number}. {info.name(brief.lang)}"
        yield heading, row


def changes(brief: Brief) -> HTML:
    """Every goal with its value, target and status (and its previous status where the summary points here), by area.

    The one table of every goal in the overview, one line a goal where the name allows: the change of each figure
    is in the priorities and the area briefs.
    """
    pointed = pointed_goals(brief.own)
    return _render(
        brief, "changes", rows=[_status_row(brief, row, heading, pointed) for heading, row in by_area(brief)]
    )


def rankings(brief: Brief) -> HTML:
    """A province's national rankings; a district's comparison with the province and the other districts.

    A province brief: the rankings the plan sets goals for (paragraphs and rank history; nothing if it sets
    none). A district brief: the district beside the province and the other districts instead.
    """
    if not _is_province(brief):
        return _comparison(brief, None)
    ranked = [i.id for i in brief.catalogue.rankings]
    if not ranked:
        return HTML("")
    province = brief.catalogue.plan.province
    rows = brief.table[(brief.table["unit"] == province) & brief.table["indicator"].isin(ranked)]
    chart = None
    if len(rows):
        chart = _chart(CHARTS["rank_history"](brief.validation.observations, province, brief.lang,
                                              catalogue=brief.catalogue, illustrative=brief.illustrative))  # fmt: skip
    # Rankings are yearly: the quarter-on-quarter comparison is left out; at the close the verdict is said once.
    final = is_final(rows)
    omit = frozenset({"since"} | ({"verdict"} if final else set()))
    paragraphs = [_paragraph(brief, r, omit) for _, r in rows.iterrows()]
    close = _kept(short_date(pd.Timestamp(rows["close"].max()).date(), brief.lang)) if final else ""
    intro = word("brief.rankings_final_intro", brief.lang, close=close) if final else ""
    return _render(brief, "rankings", intro=intro, paragraphs=paragraphs, chart=chart)


def _districts(brief: Brief, area: str | None) -> pd.DataFrame:
    """The numeric rows of the plan's districts (of one area, or all), for the period's districts."""
    table = brief.table
    codes = [u.code for u in brief.units.children(brief.catalogue.plan.province)]
    rows = table[(table["level"] == "district") & table["unit"].isin(codes) & table["target_kind"].isin(NUMERIC_KINDS)]
    return rows if area is None else rows[rows["area"] == area]


def _comparison_rows(brief: Brief, area: str | None) -> tuple[list[ComparisonRow], int, int, int]:
    """The brief's district beside the province and the other districts, goal by goal.

    Also how many goals it is in the better half on, how many above the province, how many districts compared.
    """
    lang, unit = brief.lang, brief.params.unit
    districts = _districts(brief, area).dropna(subset=["value"])
    province = brief.table[brief.table["unit"] == brief.catalogue.plan.province].set_index("indicator")
    found, upper, better, count = [], 0, 0, 0
    for indicator, group in districts.groupby("indicator", sort=False):
        own = group[group["unit"] == unit]
        if own.empty:
            continue
        row = own.iloc[0]
        down = brief.catalogue.indicator(indicator).direction == "down"
        value, values = row["value"], group["value"]
        place = 1 + int(((values < value) if down else (values > value)).sum())
        count = max(count, len(group))
        upper += place <= math.ceil(len(group) / 2)
        reference = province["value"].get(indicator) if indicator in province.index else None
        if reference is not None and pd.notna(reference) and ((value <= reference) if down else (value >= reference)):
            better += 1
        measure = row["measure"]
        spread = (
            f"{_counted(brief, values.min(), indicator, measure)} – {_counted(brief, values.max(), indicator, measure)}"
        )
        found.append(ComparisonRow(
            ref=_ref(brief, indicator), name=_name(brief, indicator), value=_counted(brief, value, indicator, measure),
            province=_counted(brief, reference, indicator, measure) if reference is not None and pd.notna(reference)
            else MISSING,
            spread=spread, place=word("brief.district_place", lang, rank=place, count=len(group)),
            status=row["status"], status_label=status_label(row["status"], lang),
        ))  # fmt: skip
    return found, upper, better, count


def _comparison(brief: Brief, area: str | None) -> HTML:
    rows, upper, better, count = _comparison_rows(brief, area)
    unit = brief.unit.name(brief.lang)
    return _render(brief, "comparison", section="comparison" if area is None else None, rows=rows, unit=unit,
                   inline=_unit_name(brief, brief.params.unit), upper=upper, better=better, count=count)  # fmt: skip


def area_summary(brief: Brief) -> HTML:
    """The area's summary paragraph (counts, share on track, goals to prioritise, lead agency)."""
    paragraph = area_paragraph(
        brief.table, brief.area, brief.params.unit, brief.lang, catalogue=brief.catalogue, units=brief.units
    )
    return _render(brief, "summary", section=None, paragraph=paragraph, chart=None)


def _cell(brief: Brief, row: pd.Series, column: str) -> str:
    value = row[column]
    return _counted(brief, value, row["indicator"], row["measure"]) if pd.notna(value) else MISSING


def _target_cell(brief: Brief, row: pd.Series) -> str:
    """A target as the plan writes it: whole percentages ("80%"), counts with what they count."""
    if pd.isna(row["target"]):
        return MISSING
    decimals = 0 if row["measure"] == "percent" else None
    text = value_with_unit(row["target"], row["measure"], brief.lang, decimals)
    return _in_cell(text, brief, row["indicator"], row["measure"])


def _status_row(brief: Brief, row: pd.Series, area: str = "", pointed: set[str] = frozenset()) -> StatusRow:
    lang = brief.lang
    if row["target_kind"] == "qualitative":
        value = assessment_label(row["assessment"], lang) if pd.notna(row["assessment"]) else MISSING
    else:
        value = _cell(brief, row, "value")
    return StatusRow(
        ref=_ref(brief, row["indicator"]),
        name=_name(brief, row["indicator"]),
        value=value,
        target=_target_cell(brief, row),
        gap=_short_gap(brief, row),
        projected=_cell(brief, row, "projected"),
        status=row["status"],
        status_label=status_label(row["status"], lang),
        notes=_notes(row, _held(brief), lang),
        previous=_previous_cell(brief, row, pointed),
        area=area,
    )


def _held(brief: Brief) -> set[str]:
    quarantine = brief.validation.quarantine
    return set(quarantine["indicator"].dropna()) if len(quarantine) else set()


def status_table(brief: Brief) -> HTML:
    """Every goal of the area for the unit: value, target, gap, projection, status and flags."""
    rows = [_status_row(brief, row) for _, row in brief.own.iterrows()]
    return _render(brief, "status_table", rows=rows, deadline_year=brief.catalogue.plan.deadline.year)


def _notes(row: pd.Series, held: set[str], lang: str) -> str:
    """The row's flags in words, and a warning when rows of this goal were held back as errors."""
    notes = flag_labels(row["flags"], lang)
    if row["indicator"] in held:
        warning = word("brief.held_back", lang)
        notes = f"{notes}, {warning}" if notes else warning
    return notes


def _short_gap(brief: Brief, row: pd.Series) -> str:
    """The gap for a table cell, in the same words as the text ("13,6 điểm phần trăm"); nothing when achieved."""
    if pd.isna(row["gap"]) or row["gap"] == 0:
        return MISSING
    return _in_cell(difference(abs(row["gap"]), row["measure"], brief.lang), brief, row["indicator"], row["measure"])


def _trajectory(brief: Brief, row: pd.Series, title: bool = True) -> Chart:
    """A goal's trajectory; ``title`` False under a heading that already names the goal (no title said twice)."""
    return _chart(CHARTS["trajectory"](brief.validation.observations, row, brief.lang, catalogue=brief.catalogue,
                                       illustrative=brief.illustrative, title=title))  # fmt: skip


def indicator_sections(brief: Brief) -> HTML:
    """One block per numeric goal: heading, trajectory chart, paragraph, kept together on a page."""
    blocks = [
        GoalBlock(
            ref=_ref(brief, row["indicator"]),
            name=_name(brief, row["indicator"]),
            chart=_trajectory(brief, row, title=False) if row["n_obs"] > 0 else None,
            paragraph=_paragraph(brief, row),
        )
        for _, row in _numeric(brief.own).iterrows()
    ]
    return _render(brief, "indicators", blocks=blocks)


def district_comparison(brief: Brief, *, bullets: int = 3) -> HTML:
    """The districts side by side: heat map of statuses, bar charts of the ``bullets`` goals they lag most on.

    Each bar chart names the province's figure; a district's brief also sets the district beside the province and
    the others.
    """
    districts = _districts(brief, brief.area)
    if districts.empty or districts["value"].isna().all():
        return _render(brief, "districts", grid=None, bullets=[], comparison=None)
    grid = _chart(CHARTS["heatmap"](districts, brief.lang, catalogue=brief.catalogue, units=brief.units,
                                    illustrative=brief.illustrative))  # fmt: skip
    lagging = districts[districts["measure"] == "percent"].groupby("indicator")["ratio"].median().sort_values()
    province = brief.table[brief.table["unit"] == brief.catalogue.plan.province].set_index("indicator")["value"]
    charts = []
    for indicator in lagging.index[:bullets]:
        rows = districts[districts["indicator"] == indicator]
        if rows["value"].notna().any():
            title = _name(brief, indicator)
            if pd.notna(province.get(indicator)):
                title += f" ({word('brief.column.province', brief.lang)}: {_counted(brief, province[indicator], indicator, 'percent')})"
            charts.append(_chart(CHARTS["bullet"](rows, "unit", brief.lang, catalogue=brief.catalogue,
                                                  units=brief.units, illustrative=brief.illustrative,
                                                  title=title)))  # fmt: skip
    comparison = None if _is_province(brief) else _comparison(brief, brief.area)
    return _render(brief, "districts", grid=grid, bullets=charts, comparison=comparison)


def qualitative_goals(brief: Brief) -> HTML:
    """Qualitative and yes/no goals with the analyst's assessment and the plan's text (Vietnamese, as issued)."""
    goals = []
    for _, row in brief.own[~brief.own["target_kind"].isin(NUMERIC_KINDS)].iterrows():
        item = brief.catalogue.indicator(row["indicator"])
        paragraph = _paragraph(brief, row)
        goals.append(QualitativeGoal(ref=plan_reference(item.plan_ref, brief.lang), text=item.text_vi,
                                     paragraph=paragraph))  # fmt: skip
    return _render(brief, "qualitative", goals=goals)


# --- the technical annex ---------------------------------------------------------------------------------------


def _data_folders(brief: Brief) -> list[Path]:
    return [p.resolve() for p in brief.params.data_paths]


def relative_file(file: str, folders: list[Path]) -> str:
    """A data file named from the data folder it is in ("bao_cao.csv", "huyen/ya.xlsx"), never by its full path.

    A file given on its own is named by its name.
    """
    path = Path(file)
    for folder in folders:
        if path == folder:
            return path.name
        if folder.is_dir() and path.is_relative_to(folder):
            return path.relative_to(folder).as_posix()
    return path.name


def scrub(text: str, folders: list[Path]) -> str:
    """Text without any absolute path of a data folder or of the project (messages quote the files they name)."""
    for folder in sorted({*folders, *(f.parent for f in folders), PROJECT_ROOT}, key=lambda p: -len(str(p))):
        text = text.replace(f"{folder}{os.sep}", "")
    return text


def _units_of_rows(brief: Brief) -> dict[tuple[str, int], str]:
    """(file, row) → the unit the row reports for, from the usable and the held-back rows."""
    found: dict[tuple[str, int], str] = {}
    for frame in (brief.validation.observations, brief.validation.quarantine):
        if len(frame) and {"source_file", "source_row", "unit"} <= set(frame.columns):
            for file, row, unit in frame[["source_file", "source_row", "unit"]].itertuples(index=False):
                if pd.notna(row):
                    found[(str(file), int(row))] = str(unit)
    return found


def _problems_in_scope(brief: Brief) -> list:
    """The data check's problems this brief answers for: all for the province, the district's own for a district."""
    problems = [p for p in brief.validation.problems if brief.area is None or p.rule != "no_figure"]
    if _is_province(brief):
        return problems
    units = _units_of_rows(brief)
    return [p for p in problems if p.row is not None and units.get((p.file, p.row)) == brief.params.unit]


def _missing(brief: Brief) -> pd.DataFrame:
    """Goals not reported this period, by unit: every unit for the province, the district alone for a district."""
    table = brief.table[brief.table["indicator"].isin(set(brief.own["indicator"]))]
    missing = missing_reports(table)
    if not _is_province(brief) and len(missing):
        missing = missing[missing["unit"] == brief.params.unit]
    return missing


def _sources(brief: Brief) -> list[Source]:
    """Every source of the figures this brief uses, in full (none is cut), links only for http(s)."""
    observations = brief.validation.observations
    used = observations[observations["indicator"].isin(set(brief.own["indicator"]))]
    if not _is_province(brief):
        used = used[used["unit"].isin([brief.params.unit, brief.catalogue.plan.province])]
    found = []
    for text in dict.fromkeys(sorted(str(s).strip() for s in used["source"].dropna() if str(s).strip())):
        shown = drop_gloss(text, brief.lang)
        found.append(Source(shown, text if text.lower().startswith(LINK_SCHEMES) else None))
    return found


def data_notes(brief: Brief, *, max_problems: int = 30) -> HTML:
    """The technical annex: nothing of it is in the leadership edition, whose last section points to it.

    Goals not reported by unit, the data check (files relative to the data folder, rows, revisions, errors and
    warnings), every source; an area brief's annex also states the method (the overview's: ``method_note``). Lists
    longer than ``max_problems`` say how many more.
    """
    lang, folders = brief.lang, _data_folders(brief)
    missing = _missing(brief)
    by_unit = []
    for code, group in missing.groupby("unit", sort=False):
        goals = [f"{_ref(brief, i)} ({_name(brief, i)})" for i in group["indicator"]]
        by_unit.append((brief.units[code].name(lang) if code in brief.units else code, goals))
    problems = _problems_in_scope(brief)
    sections = []
    for severity, title in (("error", "errors"), ("warning", "warnings")):
        of_kind = [p for p in problems if p.severity == severity]
        if of_kind:
            lines = [
                ProblemLine(_place(p, folders, lang), scrub(p.message(lang), folders)) for p in of_kind[:max_problems]
            ]
            sections.append((word(f"brief.{title}", lang), lines, max(0, len(of_kind) - max_problems)))
    files = [relative_file(f, folders) for f in brief.validation.files]
    observations = brief.validation.observations
    return _render(
        brief,
        "data_notes",
        files=files,
        rows=number(brief.validation.rows_read, lang, 0),
        valid=number(len(observations), lang, 0),
        held=number(len(brief.validation.quarantine), lang, 0),
        missing=by_unit,
        problems=sections,
        sources=_sources(brief),
        method=_method_facts(brief) if brief.area is not None else None,
        version=partrack.__version__,
    )


def _place(problem, folders: list[Path], lang: str) -> str:
    name = relative_file(problem.file, folders)
    return word("brief.file_row", lang, file=name, row=problem.row) if problem.row else name


def _method_facts(brief: Brief) -> dict[str, object]:
    plan, lang = brief.catalogue.plan, brief.lang
    facts: dict[str, object] = {
        "deadline": long_date(plan.deadline, lang),
        "baseline_year": plan.baseline_year,
        "on_track": _ratio(plan.thresholds.on_track, lang),
        "needs_acceleration": _ratio(plan.thresholds.needs_acceleration, lang),
    }
    for status in ("on_track", "needs_acceleration", "off_track", "regressing"):
        facts[f"{status}_label"] = status_label(status, lang)
    return facts


def method_note(brief: Brief) -> HTML:
    """The method with this plan's deadline, baseline year and thresholds, and the software's version.

    The end of the overview's technical annex.
    """
    return _render(brief, "method", facts=_method_facts(brief), version=partrack.__version__)


def headline(brief: Brief) -> dict:
    """The brief's headline numbers: status counts (every goal; the numeric ones apart) and each goal's figures."""
    rows = brief.own
    counts = rows["status"].value_counts()
    numeric = _numeric(rows)
    return {
        "notebook_area": brief.area,
        "unit": brief.params.unit,
        "period": brief.period.code,
        "lang": brief.lang,
        "goals": len(rows),
        "numeric_goals": len(numeric),
        "status_counts": {s: int(counts[s]) for s in ordered(counts.index)},
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
