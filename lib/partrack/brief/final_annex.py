"""The final assessment's annex: one row per goal with every figure its verdict comes from, to check it by hand.

Plan reference, goal, the target the verdict compares with (and the plan's rule when the number is derived from one),
the baseline the share of the way is measured from, the last figure of every calendar year before the close, the
final value, the verdict (the progress table's, never recomputed here), the distance and the share of the way done,
and the trend's projection beside the verdict. Printed on landscape pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML

import partrack
from partrack.brief import sections
from partrack.brief.context import Brief
from partrack.brief.final import MISSING, Cell, close_of, goal_ref, place, render, require_close, verdict_counts
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts.final import verdict_label
from partrack.narrative.context import count_noun
from partrack.narrative.render import nobreak
from partrack.narrative.style import tie
from partrack.periods import parse_period
from partrack.progress.statuses import FINAL_STATUSES
from partrack.words.labels import assessment_label, status_label, target_words
from partrack.words.numbers import difference, number, short_date, value_with_unit
from partrack.words.vocabulary import word

SIGNS = {"up": "≥", "down": "≤"}  # how a level target reads for a goal that should rise or fall
SHORT_LABEL = 12  # characters of a period label kept on one line in a narrow column ("Quý II/2025")


@dataclass(frozen=True)
class AnnexRow:
    """One goal in the annex: every figure its verdict is computed from, in the report's language."""

    indicator: str
    ref: str
    name: str
    target: Cell
    baseline: Cell
    years: tuple[str, ...]
    final: Cell
    status: str
    verdict: str
    gap: str
    share: str
    trend: Cell
    area: str = ""


def annex_years(brief: Brief) -> list[int]:
    """The calendar years the annex has a column for: the plan's baseline year (or start) to the close."""
    plan = brief.catalogue.plan
    return list(range(min(plan.start.year, plan.baseline_year), close_of(brief).year + 1))


def _own_observations(brief: Brief) -> pd.DataFrame:
    """The province's figures up to the close."""
    obs = brief.validation.observations
    return obs[(obs["unit"] == brief.params.unit) & (obs["period_end"] <= close_of(brief).isoformat())]


def _year_figures(brief: Brief, years: list[int]) -> dict[tuple[str, int], pd.Series]:
    """(goal, year) → the province's last figure of that year before the close (the year's own figure on a tie).

    The same rule as the progress engine: of two figures ending the same day (a year and its fourth quarter), the
    consolidated, longer one counts.
    """
    obs = _own_observations(brief)
    obs = obs[obs[["rank", "value", "assessment"]].notna().any(axis=1)]
    if obs.empty:
        return {}
    obs = obs.assign(_year=pd.to_datetime(obs["period_end"]).dt.year,
                     _months=[parse_period(p).kind.months for p in obs["period"]])  # fmt: skip
    obs = obs[obs["_year"].isin(years)].sort_values(["period_end", "_months"], kind="stable")
    return {key: rows.iloc[-1] for key, rows in obs.groupby(["indicator", "_year"], sort=False)}


def _observation(brief: Brief, indicator: str, period: object) -> pd.Series | None:
    """The province's figure of a goal for one period (the baseline's, the final value's)."""
    if pd.isna(period):
        return None
    obs = _own_observations(brief)
    rows = obs[(obs["indicator"] == indicator) & (obs["period"] == period)]
    return rows.iloc[-1] if len(rows) else None


def _figure(brief: Brief, observation: pd.Series | None, measure: str) -> str:
    """One observation as a compact cell: "91,9%", "28.452", "29/63", "đúng tiến độ", "hoàn thành"."""
    if observation is None:
        return MISSING
    if measure == "rank":
        return place(observation)
    if measure == "qualitative":
        text = observation["assessment"]
        return assessment_label(text, brief.lang) if pd.notna(text) else MISSING
    value = observation["value"]
    return value_with_unit(value, measure, brief.lang) if pd.notna(value) else MISSING


def _dated(brief: Brief, observation: pd.Series | None, measure: str, period: object) -> Cell:
    """A figure with the period it is of, in small type under it (a short one on one line: "Quý II/2025")."""
    if observation is None:
        return Cell(MISSING)
    label = parse_period(period).label(brief.lang)
    return Cell(_figure(brief, observation, measure), nobreak(label) if len(label) <= SHORT_LABEL else label)


def _target(brief: Brief, row: pd.Series) -> Cell:
    """The target as the verdict compares with it, and the plan's rule when the number is derived from one."""
    item, lang = brief.catalogue.indicator(row["indicator"]), brief.lang
    rule = target_words(item, lang, brief.catalogue.plan.baseline_year, row["level"])
    if row["target_kind"] not in NUMERIC_KINDS or pd.isna(row["target"]):
        return Cell(rule)
    if row["target_kind"] == "rank_group":
        return Cell(word("final.rank_target", lang, rank=int(row["target"])), rule)
    decimals = 0 if row["measure"] == "percent" else None
    text = tie(f"{SIGNS[item.direction]} {value_with_unit(row['target'], row['measure'], lang, decimals)}")
    return Cell(text, rule if row["target_kind"] in ("change_vs_baseline", "milestones") else "")


def _gap(brief: Brief, row: pd.Series) -> str:
    """How far a goal not achieved stayed from its target, in its unit ("8,1 điểm phần trăm", "307 biên chế")."""
    if row["status"] != "not_achieved" or pd.isna(row["gap"]) or row["gap"] == 0:
        return MISSING
    text = difference(abs(row["gap"]), row["measure"], brief.lang)
    noun = count_noun(brief.catalogue.indicator(row["indicator"]), brief.lang) if row["measure"] == "count" else ""
    return tie(f"{text} {noun}" if noun else text)


def _trend(brief: Brief, row: pd.Series) -> Cell:
    """Where the trend would have led by the deadline, and the status it would have had."""
    if pd.isna(row["projected"]):
        return Cell(MISSING)
    return Cell(value_with_unit(row["projected"], row["measure"], brief.lang),
                status_label(row["trend_status"], brief.lang))  # fmt: skip


def annex_rows(brief: Brief) -> list[AnnexRow]:
    """Every goal of the province with the figures its verdict comes from, by area (the annex's table)."""
    lang, years = brief.lang, annex_years(brief)
    figures = _year_figures(brief, years)
    rows = []
    for heading, row in sections.by_area(brief):
        numeric = row["target_kind"] in NUMERIC_KINDS
        measure = "qualitative" if row["target_kind"] == "qualitative" else row["measure"]
        baseline = _observation(brief, row["indicator"], row["baseline_period"]) if numeric else None
        final = _observation(brief, row["indicator"], row["value_period"])
        share = row["share_done"]
        rows.append(
            AnnexRow(
                indicator=row["indicator"],
                ref=goal_ref(brief, row["indicator"]),
                name=brief.catalogue.indicator(row["indicator"]).name(lang),
                target=_target(brief, row),
                baseline=_dated(brief, baseline, measure, row["baseline_period"]),
                years=tuple(_figure(brief, figures.get((row["indicator"], y)), measure) for y in years),
                final=_dated(brief, final, measure, row["value_period"]),
                status=row["status"],
                verdict=verdict_label(row["status"], lang),
                gap=_gap(brief, row),
                share=f"{number(100 * share, lang, 0)}%" if numeric and pd.notna(share) else MISSING,
                trend=_trend(brief, row),
                area=heading,
            )
        )
    return rows


def final_annex(brief: Brief) -> HTML:
    """The annex: the verdicts per area and level, then one row per goal with every figure its verdict comes from.

    Plan reference, goal, target, baseline, each year's last figure, final value, verdict, distance, share of the
    way done, and the trend's projection beside the verdict; the data files and the software's version.
    """
    require_close(brief)
    lang, plan = brief.lang, brief.catalogue.plan
    folders = [p.resolve() for p in brief.params.data_paths]
    files = [sections.relative_file(f, folders) for f in brief.validation.files]
    return render(
        brief,
        "annex",
        counts=verdict_counts(brief)[0],
        statuses=FINAL_STATUSES,
        rows=annex_rows(brief),
        years=annex_years(brief),
        close=short_date(close_of(brief), lang),
        deadline=short_date(plan.deadline, lang),
        baseline_year=plan.baseline_year,
        files=files,
        version=partrack.__version__,
    )
