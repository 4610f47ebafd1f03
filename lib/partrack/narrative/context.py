"""The facts a paragraph states, taken from one progress row and already formatted for a language.

Templates only arrange these strings into sentences; every number here comes from the progress row,
so the sentence and the chart drawn from the same row cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from partrack.catalogue import Catalogue
from partrack.catalogue.model import DEFAULT_TOP_SHARE, Indicator
from partrack.narrative.style import agency_name, drop_gloss, inline_name, plan_reference, tie
from partrack.periods import parse_period
from partrack.units import UnitRegistry
from partrack.words.labels import assessment_label, status_label
from partrack.words.numbers import decimals_for, difference, number, short_date, value_with_unit
from partrack.words.vocabulary import word


def _present(value: object) -> bool:
    return not (value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)))


@dataclass
class IndicatorFacts:
    """Everything an indicator paragraph may say, formatted; booleans steer the template."""

    name: str
    unit_name: str  # as written inside a sentence ("tỉnh Nam Định"); empty when the brief is about that unit
    status: str
    status_label: str
    kind: str
    measure: str
    lead_agency: str
    plan_ref: str  # in words: "mục 1.2, ý thứ 3"
    deadline_year: int  # the row's own deadline (the indicator's, else the plan's)
    direction: str = "up"  # "down": a goal met by falling (a count to cut, a maximum)
    value: str = ""
    period: str = ""
    target: str = ""
    gap: str = ""
    pace: str = ""
    pace_needed: str = ""
    pace_faster: bool = False
    rising: bool = True
    projected: str = ""
    baseline: str = ""
    baseline_period: str = ""
    milestone: str = ""
    milestone_year: int | None = None
    behind_milestone: bool = False
    change: str = ""
    change_direction: str = ""  # up / down / same / ""
    previous_period: str = ""
    previous_status: str = ""
    status_changed: bool = False
    rank: str = ""
    top_group: bool = False  # PAPI: the highest band rather than the "khá" group
    rank_of: str = ""
    score: str = ""
    national_average: str = ""
    above_average: bool | None = None
    assessment: str = ""
    note: str = ""
    reduction: str = ""
    baseline_year: int | None = None
    below_baseline: bool = False  # a falling goal now under its baseline ("giảm còn …")
    flags: list[str] = field(default_factory=list)
    n_obs: int = 0
    ended_on: str = ""
    has_value: bool = False
    has_pace: bool = False
    done: bool = False
    final: bool = False  # the status is the final verdict at the close (the deadline, or the unit's end)
    close: str = ""  # the close, as a date
    current: bool = False  # the latest figure is of the period assessed (a section may say that period once)


def count_noun(item: Indicator, lang: str) -> str:
    """What a count goal counts ("đơn vị", "biên chế"), when the plan says (``count_unit_<lang>``); else nothing."""
    return item.count_unit(lang)


def _in_unit(text: str, noun: str) -> str:
    """A formatted count with what it counts, tied to it: "737 đơn vị"."""
    return tie(f"{text} {noun}") if noun and text else tie(text)


def _pace(value: float, measure: str, noun: str, lang: str) -> str:
    """A pace a year in the goal's unit, a count with what it counts: "829 biên chế/năm"."""
    return tie(word(f"pace.{measure}", lang, value=_in_unit(number(value, lang, decimals_for(measure)), noun)))


def indicator_facts(
    row: pd.Series, catalogue: Catalogue, units: UnitRegistry, lang: str = "vi", *, with_unit: bool = True
) -> IndicatorFacts:
    """Format one progress row for a paragraph in ``lang`` (``with_unit``: name the unit in the paragraph)."""
    item = catalogue.indicator(row["indicator"])
    unit = units[row["unit"]]
    measure = row["measure"]
    flags = list(row["flags"] or ())
    facts = IndicatorFacts(
        name=item.name(lang),
        unit_name=inline_name(unit.name(lang), lang) if with_unit else "",
        status=row["status"],
        status_label=status_label(row["status"], lang),
        kind=row["target_kind"],
        measure=measure,
        lead_agency=agency_name(item.lead_agency, lang),
        plan_ref=plan_reference(item.plan_ref, lang),
        deadline_year=pd.Timestamp(row["deadline"]).year,
        direction=item.direction,
        flags=flags,
        n_obs=int(row["n_obs"]),
    )
    noun = count_noun(item, lang) if measure == "count" else ""
    facts.has_value = _present(row["value"])
    if _present(row["value_period"]):
        facts.period = parse_period(row["value_period"]).inline_label(lang)
        facts.current = row["value_period"] == row["period"]
    if facts.has_value:
        facts.value = _in_unit(value_with_unit(row["value"], measure, lang), noun)
        facts.done = measure == "boolean" and row["value"] >= 1
    if _present(row["target"]):
        target = value_with_unit(row["target"], measure, lang, decimals=0 if measure == "percent" else None)
        facts.target = _in_unit(target, noun)
    if _present(row["gap"]):
        facts.gap = _in_unit(difference(abs(row["gap"]), measure, lang), noun)
    if _present(row["pace_observed"]) and row["target_kind"] != "rank_group":
        facts.has_pace = True
        facts.pace = _pace(abs(row["pace_observed"]), measure, noun, lang)
        facts.rising = row["pace_observed"] >= 0
        if _present(row["pace_needed"]):
            needed = abs(row["pace_needed"])
            facts.pace_needed = _pace(needed, measure, noun, lang)
            facts.pace_faster = abs(row["pace_observed"]) >= needed and (row["pace_observed"] * row["pace_needed"] >= 0)
    if _present(row["projected"]):
        facts.projected = _in_unit(value_with_unit(row["projected"], measure, lang), noun)
    if _present(row["baseline"]):
        facts.baseline = _in_unit(value_with_unit(row["baseline"], measure, lang), noun)
        facts.baseline_period = parse_period(row["baseline_period"]).inline_label(lang)
        facts.below_baseline = facts.has_value and row["value"] < row["baseline"]
    if _present(row.get("milestone_due")):
        facts.milestone = tie(value_with_unit(row["milestone_due"], measure, lang, decimals=0))
        facts.behind_milestone = "behind_milestone" in flags
        facts.milestone_year = int(row["milestone_year"])
    if row["target_kind"] == "change_vs_baseline":
        change = item.target.change or 0
        facts.baseline_year = item.target.baseline_year or catalogue.plan.baseline_year
        facts.reduction = f"{abs(change):g}%"
    if _present(row.get("status_prev")) and _present(row.get("value_prev")) and facts.has_value:
        delta = row["value"] - row["value_prev"]
        facts.change = _in_unit(difference(abs(delta), measure, lang), noun)
        facts.change_direction = "same" if abs(delta) < 1e-9 else ("up" if delta > 0 else "down")
        if measure == "boolean":  # "done" is said by the status change, not as an amount
            facts.change, facts.change_direction = "", ""
    if _present(row.get("status_prev")):
        facts.previous_period = parse_period(row["period"]).previous().inline_label(lang)
        facts.previous_status = status_label(row["status_prev"], lang)
        facts.status_changed = row["status_prev"] != row["status"]
    if row["target_kind"] == "rank_group" and facts.has_value:
        facts.rank = f"{int(row['value'])}"
        facts.rank_of = f"{int(row['rank_of'])}" if _present(row["rank_of"]) else ""
        facts.target = f"{int(row['target'])}" if _present(row["target"]) else ""
        facts.top_group = item.target.group_share < DEFAULT_TOP_SHARE
        if _present(row["score"]):
            score_measure = item.score_unit or ""  # the plan says how a ranking is scored; none: a bare number
            facts.score = tie(value_with_unit(row["score"], score_measure, lang, decimals=2))
            if _present(row["national_average"]):
                facts.national_average = tie(value_with_unit(row["national_average"], score_measure, lang, decimals=2))
                facts.above_average = row["score"] >= row["national_average"]
    if _present(row.get("assessment")):
        facts.assessment = assessment_label(row["assessment"], lang)
    if _present(row.get("note")):
        facts.note = drop_gloss(str(row["note"]), lang)
    if bool(row.get("final", False)) and _present(row.get("close")):
        facts.final = True
        facts.close = short_date(pd.Timestamp(row["close"]).date(), lang)
    if "unit_ended" in flags and unit.valid_to is not None:
        facts.ended_on = short_date(unit.valid_to, lang)
    return facts
