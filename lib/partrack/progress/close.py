"""The close of a plan: when a series gets its final verdict, and what the verdict is (methodology, "The close").

A unit's close is the earlier of the deadline (the indicator's own, else the plan's) and the last day the
unit existed. Assessed at or after it, a goal's status is its final verdict — ``achieved``,
``not_achieved`` (with the gap and the share of the way done) or ``no_data`` — from the last figure
before the close, whatever the method; the method's own status ("had the trend continued") stays beside
it in ``trend_status``, and the projection in ``projected``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from partrack.catalogue import Catalogue
from partrack.periods import Kind, Period, resolve_period
from partrack.progress.statuses import Status
from partrack.units import Unit, UnitRegistry


def achieved_now(s: pd.DataFrame) -> np.ndarray:
    """The methodology's "achieved" for numeric series.

    ``d · (y_t − T) ≥ 0`` with a known target, and for a ranking also a score not below the national
    average of the same year when there is one.
    """
    d, y_t, T = s["d"].to_numpy(float), s["value"].to_numpy(float), s["target"].to_numpy(float)
    has = s["n_obs"].to_numpy() > 0
    with np.errstate(invalid="ignore"):
        achieved = has & ~np.isnan(T) & (d * (y_t - T) >= 0)
        average = s["national_average"].to_numpy(float)
        is_rank = s["kind"].to_numpy() == "rank_group"
        below_average = is_rank & ~np.isnan(average) & (s["score"].to_numpy(float) < average)
    return achieved & ~below_average


def final_verdicts(series: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The method's figures with the status of every final row replaced by its verdict.

    Numeric goals: achieved from the last figure before the close, else not achieved; no figure (or no
    baseline-year figure for a change target) → no data. Yes/no goals: done (1) → achieved, not done (0) →
    not achieved. Qualitative goals: the lead agency's last assessment, ``achieved`` → achieved, any other →
    not achieved. Nothing to go on → no data.
    """
    out = figures.copy()
    out["trend_status"] = out["status"]
    final = series["final"].to_numpy(bool)
    if not final.any():
        return out
    kind = series["kind"].to_numpy()
    qualitative, done = kind == "qualitative", kind == "done"
    numeric = ~(qualitative | done)
    value = series["value"].to_numpy(float)
    assessment = series["assessment"].to_numpy(dtype=object)
    assessed = pd.notna(assessment)
    said_achieved = assessed & (assessment == "achieved")
    achieved = np.where(numeric, achieved_now(series), (value == 1) | (np.isnan(value) & said_achieved))
    with np.errstate(invalid="ignore"):
        evidence = np.where(
            numeric,
            (series["n_obs"].to_numpy() > 0) & ~np.isnan(series["target"].to_numpy(float)),
            ~np.isnan(value) | assessed,
        )
    verdict = np.where(achieved, Status.ACHIEVED.value, np.where(evidence, Status.NOT_ACHIEVED.value,
                                                                  Status.NO_DATA.value))  # fmt: skip
    out["status"] = np.where(final, verdict, out["status"])
    return out


def unit_close(unit: Unit, deadline: date) -> date:
    """The close of a unit's series: the deadline, or the last day the unit existed if that comes first."""
    return min(deadline, unit.valid_to) if unit.valid_to else deadline


def plan_close(catalogue: Catalogue, units: UnitRegistry) -> date:
    """The close of the plan's own province (Nam Định: 30/6/2025, the day before it merged into Ninh Bình)."""
    province = units.get(catalogue.plan.province)
    return unit_close(province, catalogue.plan.deadline) if province else catalogue.plan.deadline


def containing(day: date, kind: Kind) -> Period:
    """The period of a kind that contains a day (30/6/2025 → 2025-Q2 for quarters, 2025 for years)."""
    per_year = 12 // kind.months
    number = (day.month - 1) // kind.months + 1 if per_year > 1 else 1
    return Period(day.year, kind, number)


def assessed_period(requested: str | Period, available: set[str], close: date | None) -> Period:
    """The period to assess: ``latest`` after the close means the close.

    That is the period of the same kind that contains the close, so that data reported by a successor
    after the close never moves the plan's assessment; a period asked for by name is kept.
    """
    if isinstance(requested, Period):
        return requested
    period = resolve_period(requested, available)
    if requested == "latest" and close is not None and period.start > close:
        return containing(close, period.kind)
    return period
