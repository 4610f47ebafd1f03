"""The final assessment (tổng kết) of a plan at its close: what ``notebooks/final.ipynb`` calls, one call per section.

Every verdict is the progress table's at the close (``final`` rows: Đạt / Không đạt / Không có số liệu from the last
figure before the close, methodology "The close of a plan"); these sections only lay the verdicts out, and the
annex (``final_annex``) gives every figure behind them so that a reader can check each one by hand. The letterhead
is the brief's own (``sections.header``), naming the successor's authority and place when the plan's province has
ended (unit registry: ``valid_to``, ``successor``), with the former province in the title. Plan facts come from the
plan folder, words from ``words/<lang>/final.yaml``, the analyst's sections from ``tong-ket.md`` beside the data
(``final_notes``); the templates are ``templates/final_*.html.j2``.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from IPython.display import HTML
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from partrack.brief import sections
from partrack.brief.context import Brief
from partrack.brief.final_notes import analyst_notes
from partrack.brief.parameters import ParameterError
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, figure_to_svg
from partrack.charts.final import verdict_label
from partrack.charts.kinds import short_unit_name
from partrack.narrative.render import nobreak
from partrack.narrative.style import agency_name, drop_gloss, inline_name, plan_reference
from partrack.periods import parse_period
from partrack.progress.close import plan_close
from partrack.progress.statuses import FINAL_STATUSES
from partrack.units import Unit
from partrack.words.labels import assessment_label
from partrack.words.numbers import number, short_date, value_with_unit
from partrack.words.vocabulary import LANGS, word

# The numbered sections in the order the notebook shows them; a section a report has nothing for is skipped.
OUTLINE = ("verdict", "trajectories", "districts", "rankings", "qualitative", "analyst")
PANELS = 12  # small multiples per figure: four lines of three fill an A4 page under a heading
MISSING = "—"  # a table cell with nothing to show

_environment = Environment(
    loader=FileSystemLoader(sections.TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["nw"] = nobreak


@dataclass(frozen=True)
class Cell:
    """A table cell: its text and, under it in small type, what the text refers to (a period, a rule)."""

    text: str
    note: str = ""


@dataclass(frozen=True)
class CountRow:
    """One line of a verdict count: an area, a level or a unit, its number of goals and its verdicts."""

    label: str
    total: int
    counts: tuple[int, ...]  # in the order of FINAL_STATUSES
    strong: bool = False  # a level's total
    close: str = ""  # a unit's own close
    last: str = ""  # the period of its last figures
    note: str = ""  # a unit that ended earlier: when, and its successor


@dataclass(frozen=True)
class QualitativeRow:
    """A qualitative or yes/no goal: the plan's words, the lead agency, its last assessment and the evidence."""

    ref: str
    name: str
    text: str
    agency: str
    assessment: Cell
    evidence: str
    status: str
    verdict: str


@dataclass(frozen=True)
class RankingYear:
    """One year of the rankings: per ranking, the score, the place and the national average of that year."""

    year: int
    cells: tuple[str, ...]


# --- facts of the close and the shared pieces ---------------------------------------------------------------------


def close_of(brief: Brief) -> date:
    """The plan's close: the deadline, or the day its province ended if that came first."""
    return plan_close(brief.catalogue, brief.units)


def successor_of(brief: Brief) -> Unit | None:
    """The unit that took over from the plan's province when the province ended before the deadline."""
    unit, deadline = brief.unit, brief.catalogue.plan.deadline
    if unit.valid_to is not None and unit.valid_to <= deadline and unit.successor in brief.units:
        return brief.units[unit.successor]
    return None


def require_close(brief: Brief) -> None:
    """Refuse a period before the close, where no verdict is final (one message in Jupyter, no traceback)."""
    close = close_of(brief)
    if brief.period.end < close:
        message = " / ".join(word("final.not_closed", lang, period=brief.period.code, close=short_date(close, lang))
                             for lang in LANGS)  # fmt: skip
        raise ParameterError(message)


def _former(brief: Brief, lang: str) -> str:
    """The province's name, said to be former when it has ended ("Tỉnh Nam Định (cũ)")."""
    name = brief.unit.name(lang)
    return word("final.former", lang, name=name) if successor_of(brief) else name


def _district_codes(brief: Brief) -> list[str]:
    """The province's units one level down that have rows, including those that ended earlier."""
    present = set(brief.table["unit"])
    return [u.code for u in brief.units.children(brief.params.unit) if u.assessed and u.code in present]


def _numbers(brief: Brief) -> list[str]:
    """The numbered sections this report has (no districts or no rankings: theirs are left out)."""
    skipped = {"districts"} if not _district_codes(brief) else set()
    skipped |= {"rankings"} if not brief.catalogue.rankings else set()
    return [s for s in OUTLINE if s not in skipped]


def render(brief: Brief, template: str, section: str | None = None, **data: object) -> HTML:
    """A section from ``templates/final_<template>.html.j2``, under its Roman number when ``section`` has one."""
    shown = _numbers(brief)
    number_ = sections.roman(shown.index(section) + 1) if section in shown else ""

    def w(key: str, **values: object) -> str:
        return word(f"final.{key}", brief.lang, **values)

    text = _environment.get_template(f"final_{template}.html.j2").render(
        w=w, verdict=lambda s: verdict_label(s, brief.lang), number=number_, section=section, **data
    )
    return HTML(text.strip())


def _chart(figure) -> sections.Chart:
    return sections.Chart(base64.b64encode(figure_to_svg(figure).encode("utf-8")).decode("ascii"), alt_text(figure))


def _counts(rows: pd.DataFrame) -> tuple[int, ...]:
    return tuple(int((rows["status"] == s).sum()) for s in FINAL_STATUSES)


def _share(part: int, whole: int, lang: str) -> str:
    return f"{number(100 * part / whole, lang, 1)}%" if whole else MISSING


def goal_ref(brief: Brief, indicator: str) -> str:
    """A goal's plan reference as a table cell states it ("1.2, ý 3")."""
    return plan_reference(brief.catalogue.indicator(indicator).plan_ref, brief.lang, short=True)


def place(row: pd.Series) -> str:
    """A rank of how many ("29/63"), from an observation."""
    if pd.isna(row["rank"]):
        return MISSING
    return f"{int(row['rank'])}/{int(row['rank_of'])}" if pd.notna(row["rank_of"]) else f"{int(row['rank'])}"


# --- the letterhead and title -------------------------------------------------------------------------------------


def final_header(brief: Brief) -> HTML:
    """The brief's letterhead with the final assessment's title; the successor's authority once the province ended.

    Authority "UBND <successor>" and the place from the unit registry's successor (the plan's own office, Sở Nội
    vụ, writes the report); the title names the former province and the plan's years; the legend lists the
    verdicts. The report's print layout (its tables, the annex on landscape pages) comes with it.
    """
    require_close(brief)
    plan, lang, close = brief.catalogue.plan, brief.lang, close_of(brief)
    former = _former(brief, lang)
    overrides: dict[str, object] = {
        "title": word("final.title", lang),
        "scope": word(
            "final.scope", lang, unit=inline_name(former, lang), start=plan.start.year, end=plan.deadline.year
        ),
        "unit": word("final.subtitle", lang),
        "period": word("final.as_of", lang, date=short_date(close, lang)),
        "document_title": word("final.document_title", lang, unit=former, date=short_date(close, lang)),
        "legend": [(s, verdict_label(s, lang)) for s in FINAL_STATUSES if (brief.own["status"] == s).any()],
    }
    successor = successor_of(brief)
    if successor is not None:
        overrides["authority"] = word("final.authority", lang, unit=successor.name(lang)).upper()
        overrides["place"] = short_unit_name(brief.units, successor.code, lang)
    style = _environment.get_template("final_style.html.j2").render()
    return HTML(style + sections.header(brief, **overrides).data)


# --- I. the plan's verdict on one page ----------------------------------------------------------------------------


def verdict_counts(brief: Brief) -> tuple[list[CountRow], dict[str, object]]:
    """The verdicts per area and level (rows of the table and bars of the chart), and the totals the text states.

    The province's goals per area and in all; the district level as goal × unit pairs, each unit at its own close.
    """
    own, lang = brief.own, brief.lang
    rows = []
    for area in brief.catalogue.areas:
        in_area = own[own["area"] == area.code]
        if len(in_area):
            rows.append(CountRow(f"{area.number}. {area.name(lang)}", len(in_area), _counts(in_area)))
    rows.append(CountRow(word("final.level.province", lang), len(own), _counts(own), strong=True))
    codes = _district_codes(brief)
    districts = brief.table[brief.table["unit"].isin(codes)]
    if len(districts):
        rows.append(CountRow(word("final.level.district", lang, units=len(codes)), len(districts),
                             _counts(districts), strong=True))  # fmt: skip
    achieved = FINAL_STATUSES.index("achieved")
    numeric = own[own["target_kind"].isin(NUMERIC_KINDS)]
    other = own[~own["target_kind"].isin(NUMERIC_KINDS)]
    facts = {
        "own": _counts(own),
        "total": len(own),
        "share": _share(_counts(own)[achieved], len(own), lang),
        "numeric": len(numeric),
        "numeric_achieved": _counts(numeric)[achieved],
        "other": len(other),
        "other_achieved": _counts(other)[achieved],
        "districts": len(codes),
        "district_total": len(districts),
        "district_achieved": _counts(districts)[achieved],
        "district_share": _share(_counts(districts)[achieved], len(districts), lang),
    }
    return rows, facts


def _frame(rows: list[CountRow], labels: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame([r.counts for r in rows], index=labels or [r.label for r in rows],
                        columns=list(FINAL_STATUSES))  # fmt: skip


def final_verdict(brief: Brief) -> HTML:
    """How many goals were reached, not reached or had no figure: in words, and per area and level in one chart.

    The chart's counts are the annex's first table (``verdict_counts``), so the page stays one page under the title.
    """
    require_close(brief)
    rows, facts = verdict_counts(brief)
    lang = brief.lang
    chart = CHARTS["final_verdicts"](_frame(rows), lang, illustrative=brief.illustrative)
    unit, close = inline_name(_former(brief, lang), lang), short_date(close_of(brief), lang)
    return render(brief, "verdict", "verdict", facts=facts, unit=unit, close=close, chart=_chart(chart))


# --- II. small multiples of the numeric goals ---------------------------------------------------------------------


def final_trajectories(brief: Brief) -> HTML:
    """Every numeric goal of the province as a small chart: its figures to the close, target, verdict, trend.

    Twelve to a figure (a page each); goals without any figure are named instead of drawn.
    """
    require_close(brief)
    numeric = brief.own[brief.own["target_kind"].isin(NUMERIC_KINDS)]
    drawn, empty = numeric[numeric["n_obs"] > 0], numeric[numeric["n_obs"] == 0]
    plan = brief.catalogue.plan
    charts = [
        _chart(
            CHARTS["final_trajectories"](
                brief.validation.observations,
                drawn.iloc[i : i + PANELS],
                brief.lang,
                catalogue=brief.catalogue,
                illustrative=brief.illustrative,
                first_year=min(plan.start.year, plan.baseline_year),
            )
        )
        for i in range(0, len(drawn), PANELS)
    ]
    missing = [f"{goal_ref(brief, i)} {brief.catalogue.indicator(i).name(brief.lang)}" for i in empty["indicator"]]
    deadline = short_date(plan.deadline, brief.lang)
    return render(brief, "trajectories", "trajectories", charts=charts, missing=missing, deadline=deadline)


# --- III. the districts, each at its own close --------------------------------------------------------------------


def district_counts(brief: Brief) -> list[CountRow]:
    """Each district's verdicts at its own close, with the period of its last figures.

    A unit that ended before the plan's close is assessed to the day it ended, its successor named.
    """
    lang, rows = brief.lang, []
    for code in _district_codes(brief):
        unit, own = brief.units[code], brief.table[brief.table["unit"] == code]
        close = pd.Timestamp(own["close"].max()).date()
        periods = [parse_period(p) for p in own["value_period"].dropna()]
        latest = max((p.end for p in periods), default=None)
        last = min((p for p in periods if p.end == latest), default=None)  # a quarter rather than its half-year
        note = ""
        if unit.valid_to is not None and unit.valid_to < close_of(brief):
            successor = brief.units.get(unit.successor) if unit.successor else None
            note = word("final.ended_early", lang, date=short_date(unit.valid_to, lang),
                        successor=successor.name(lang) if successor else MISSING)  # fmt: skip
        rows.append(CountRow(unit.name(lang), len(own), _counts(own), close=short_date(close, lang),
                             last=last.label(lang) if last else MISSING, note=note))  # fmt: skip
    return rows


def final_districts(brief: Brief) -> HTML:
    """Each district's verdict counts at its own close (a table, and the same counts as a chart)."""
    require_close(brief)
    rows = district_counts(brief)
    if not rows:
        return HTML("")
    labels = [short_unit_name(brief.units, code, brief.lang) for code in _district_codes(brief)]
    chart = CHARTS["final_verdicts"](_frame(rows, labels), brief.lang, illustrative=brief.illustrative)
    return render(brief, "districts", "districts", rows=rows, statuses=FINAL_STATUSES, chart=_chart(chart))


# --- IV. the rankings over the whole period -----------------------------------------------------------------------


def _short_name(name: str) -> str:
    """A ranking's abbreviation when its name ends with one in brackets ("… (PAPI)" → "PAPI")."""
    found = re.search(r"\(([^()]+)\)\s*$", name)
    return found.group(1) if found else name


def _in_year(observations: pd.DataFrame, indicator: str, unit: str | None, year: int) -> pd.Series | None:
    """A unit's figure of a ranking for a year: the annual one, else the last within the year."""
    rows = observations[(observations["indicator"] == indicator) & (observations["unit"] == unit)]
    rows = rows[[parse_period(p).year == year for p in rows["period"]]]
    if rows.empty:
        return None
    months = [parse_period(p).kind.months for p in rows["period"]]
    return rows.assign(_months=months).sort_values(["_months", "period_end"]).iloc[-1]


def _ranking_figures(brief: Brief) -> pd.DataFrame:
    """The province's and the national average's figures of the plan's rankings, up to the close."""
    obs, plan = brief.validation.observations, brief.catalogue.plan
    wanted = obs["indicator"].isin([i.id for i in brief.catalogue.rankings])
    wanted &= obs["unit"].isin([brief.params.unit, plan.national_average])
    return obs[wanted & (obs["period_end"] <= close_of(brief).isoformat())]


def ranking_years(brief: Brief) -> list[RankingYear]:
    """Every year from the plan's start to the last one published: per ranking, score, place and national average."""
    rankings, lang, plan = brief.catalogue.rankings, brief.lang, brief.catalogue.plan
    used = _ranking_figures(brief)
    published = {parse_period(p).year for p in used["period"]}
    table = []
    for year in range(plan.start.year, max(published, default=plan.start.year - 1) + 1):
        cells = []
        for item in rankings:
            own = _in_year(used, item.id, brief.params.unit, year)
            national = _in_year(used, item.id, plan.national_average, year)
            unit = item.score_unit or ""
            has_score = own is not None and pd.notna(own["value"])
            cells.append(value_with_unit(own["value"], unit, lang, 2) if has_score else MISSING)
            cells.append(place(own) if own is not None else MISSING)
            cells.append(value_with_unit(national["value"], unit, lang, 2) if national is not None else MISSING)
        table.append(RankingYear(year, tuple(cells)))
    return table


def _sources(figures: pd.DataFrame, lang: str) -> list[sections.Source]:
    """Every source of these figures, in full; a link only for an http(s) address."""
    texts = dict.fromkeys(sorted(str(s).strip() for s in figures["source"].dropna() if str(s).strip()))
    return [
        sections.Source(drop_gloss(text, lang), text if text.lower().startswith(sections.LINK_SCHEMES) else None)
        for text in texts
    ]


def final_rankings(brief: Brief) -> HTML:
    """Each ranking the plan sets a goal for, every year: score, place of how many, the same year's national average.

    Then each ranking's verdict, and every source of the figures in full.
    """
    require_close(brief)
    rankings, lang = brief.catalogue.rankings, brief.lang
    if not rankings:
        return HTML("")
    own = brief.own.set_index("indicator")
    verdicts = [(own.loc[i.id, "status"], verdict_label(own.loc[i.id, "status"], lang)) for i in rankings
                if i.id in own.index]  # fmt: skip
    names = [_short_name(i.name(lang)) for i in rankings]
    sources = _sources(_ranking_figures(brief), lang)
    return render(brief, "rankings", "rankings", names=names, table=ranking_years(brief), verdicts=verdicts,
                  sources=sources)  # fmt: skip


# --- V. qualitative and yes/no goals ------------------------------------------------------------------------------


def _assessment(row: pd.Series, lang: str) -> Cell:
    """The lead agency's last assessment before the close (a yes/no goal: done or not), with its period."""
    if row["target_kind"] == "qualitative":
        text = assessment_label(row["assessment"], lang) if pd.notna(row["assessment"]) else MISSING
    else:
        text = value_with_unit(row["value"], row["measure"], lang) if pd.notna(row["value"]) else MISSING
    period = parse_period(row["value_period"]).label(lang) if pd.notna(row["value_period"]) else ""
    return Cell(text, period if text != MISSING else "")


def final_qualitative(brief: Brief) -> HTML:
    """Qualitative and yes/no goals: the plan's words, the lead agency, its final assessment, evidence and verdict."""
    require_close(brief)
    lang, rows = brief.lang, []
    for _, row in brief.own[~brief.own["target_kind"].isin(NUMERIC_KINDS)].iterrows():
        item = brief.catalogue.indicator(row["indicator"])
        rows.append(QualitativeRow(
            ref=goal_ref(brief, row["indicator"]),
            name=item.name(lang),
            text=item.text_vi,
            agency=agency_name(item.lead_agency, lang),
            assessment=_assessment(row, lang),
            evidence=drop_gloss(str(row["note"]), lang) if pd.notna(row["note"]) else "",
            status=row["status"],
            verdict=verdict_label(row["status"], lang),
        ))  # fmt: skip
    return render(brief, "qualitative", "qualitative", rows=rows)


# --- VI. the analyst's own sections -------------------------------------------------------------------------------


def final_analyst(brief: Brief) -> HTML:
    """Results, shortcomings and causes, lessons, proposals: the analyst's Markdown (escaped), or where to write it."""
    require_close(brief)
    return render(brief, "analyst", "analyst", notes=analyst_notes(brief.params.data_paths))
