"""Prepare the series every method works on: who is assessed, which observations count, the target.

One row per (indicator, unit, requested period) for every catalogue indicator and every assessed unit
at one of its levels that existed then. Observations are cut at the end of the assessed period, the
sums for the least-squares pace are taken group-wise (no per-series Python loop), and the target is
resolved per the methodology (level value, baseline-year change, milestone path, rank threshold).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partrack import columns as C
from partrack.catalogue import Catalogue
from partrack.catalogue.model import StatusThresholds
from partrack.frames import lookup
from partrack.periods import DAYS_PER_YEAR, Period, parse_period
from partrack.units import Unit, UnitRegistry

KEY = ["_pair", "_req"]  # integer keys: (indicator, unit) pair and requested period, for fast joins


@dataclass(frozen=True)
class Prepared:
    """The series table (one row per indicator × unit × requested period) and the observations used."""

    series: pd.DataFrame
    used: pd.DataFrame
    thresholds: StatusThresholds  # the plan's status bands (the linear method reads them)


def years(days: pd.Series | np.ndarray) -> np.ndarray:
    """Time in years, as the methodology counts it (days / 365.25)."""
    return np.asarray(days, dtype=float) / DAYS_PER_YEAR


def effective_period(unit: Unit, period: Period) -> tuple[Period | None, bool]:
    """The period a unit is assessed at: the requested one, or its last one if it ended before (flagged)."""
    if unit.valid_from and period.end < unit.valid_from:
        return None, False
    if unit.valid_to and period.end > unit.valid_to:
        last = period
        while last.end > unit.valid_to:
            last = last.previous()
        return last, True
    return period, False


def _indicator_table(catalogue: Catalogue) -> pd.DataFrame:
    """One row per (indicator, level) with what the target needs."""
    rows = []
    for item in catalogue.indicators:
        target = item.target
        for level in item.levels:
            rows.append(
                {
                    C.INDICATOR: item.id,
                    "level": level,
                    "area": item.area,
                    "kind": target.kind,
                    "measure": item.unit,
                    "d": 1.0 if item.direction == "up" else -1.0,
                    "static_target": target.for_level(level),
                    "change": target.change,
                    "baseline_year": target.baseline_year or catalogue.plan.baseline_year,
                    "top_share": target.group_share,
                    "deadline": pd.Timestamp(catalogue.deadline_of(item)),
                }
            )
    return pd.DataFrame(rows)


def _came_after(predecessor: Unit, successor: Unit) -> bool:
    """Whether the successor began when the predecessor ended (rather than absorbing it)."""
    return (
        successor.valid_from is not None
        and predecessor.valid_to is not None
        and (successor.valid_from > predecessor.valid_to)
    )


def _unit_table(units: UnitRegistry, scope: list[Unit], periods: list[Period], observed: set[str]) -> pd.DataFrame:
    """One row per (unit, requested period) for units that existed then (or ended before: flagged).

    ``periods`` is (assessed, previous). A unit that ended is assessed at its last period, and its
    "previous" is the period before that one, so that "since last period" compares two real reports.
    ``horizon`` is the last day whose figures the row may use before its close cuts it (the requested
    period's end; for an ended unit's previous row, the end of the period before its last one).
    """
    # A unit that came into being to succeed another (a new province after a merger) is reported beside its
    # predecessor only when it has data; a unit that existed before and absorbed another (a city that took
    # in a district) is one of the plan's units like any other.
    successors = {u.successor for u in units if u.successor and _came_after(u, units[u.successor])}
    rows = []
    for unit in scope:
        if not unit.assessed or unit.level == "national":
            continue
        if unit.code in successors and unit.code not in observed:
            continue
        assessed, ended_now = effective_period(unit, periods[0])
        for index, period in enumerate(periods):
            effective, ended = effective_period(unit, period)
            horizon = period.end
            if index > 0 and ended_now and assessed is not None:
                effective, ended = assessed.previous(), True
                horizon = effective.end
            if effective is None:
                continue
            rows.append(
                {
                    C.UNIT: unit.code,
                    "level": unit.level,
                    "requested": period.code,
                    C.PERIOD: effective.code,
                    "horizon": pd.Timestamp(horizon),
                    "valid_to": pd.Timestamp(unit.valid_to) if unit.valid_to else pd.NaT,
                    "unit_ended": ended,
                }
            )
    columns = [C.UNIT, "level", "requested", C.PERIOD, "horizon", "valid_to", "unit_ended"]
    return pd.DataFrame(rows, columns=columns).astype({"horizon": "datetime64[ns]", "valid_to": "datetime64[ns]"})


def _with_close(grid: pd.DataFrame) -> pd.DataFrame:
    """The close of every series and whether the row is assessed at or after it (methodology, "The close").

    A series' close is the earlier of its deadline (the indicator's, else the plan's) and the last day its
    unit existed. Figures are cut at the earlier of the row's horizon and the close, so that a final verdict
    reads the last figure before the close, never one reported after it.
    """
    close = grid["deadline"].where(grid["valid_to"].isna() | (grid["deadline"] <= grid["valid_to"]), grid["valid_to"])
    return grid.assign(
        close=close,
        final=(grid["horizon"] >= close).to_numpy(bool),
        cut=grid["horizon"].where(grid["horizon"] <= close, close),
    )


class _PairCoder:
    """(indicator, unit) → one int64, so that joins and group-bys hash integers, not strings."""

    def __init__(self, indicators: list[str], units: list[str]) -> None:
        self.indicators, self.units = indicators, units

    def code(self, indicator: pd.Series, unit: pd.Series) -> np.ndarray:
        i = pd.Categorical(indicator, categories=self.indicators).codes.astype(np.int64)
        u = pd.Categorical(unit, categories=self.units).codes.astype(np.int64)
        return i * (len(self.units) + 1) + u


def prepare(
    observations: pd.DataFrame,
    catalogue: Catalogue,
    units: UnitRegistry,
    periods: list[Period],
    scope: list[Unit],
) -> Prepared:
    """Build the series table for the requested periods."""
    start = pd.Timestamp(catalogue.plan.start)
    # Figures count from the plan's start, or from its baseline year when that comes first (a 2026–2030 plan
    # measured against 2025 reads the 2025 figures).
    first_day = min(start, pd.Timestamp(catalogue.plan.baseline_year, 1, 1))
    indicators = _indicator_table(catalogue)
    obs = observations[observations[C.INDICATOR].isin(indicators[C.INDICATOR])]
    grid = _unit_table(units, scope, periods, set(obs[C.UNIT].unique())).merge(indicators, on="level")
    grid = _with_close(grid)
    pair = _PairCoder([i.id for i in catalogue.indicators], [u.code for u in units])
    grid["_pair"] = pair.code(grid[C.INDICATOR], grid[C.UNIT])
    grid["_req"] = lookup(grid["requested"], [p.code for p in periods].index).astype(np.int64)

    measures = dict(zip(indicators[C.INDICATOR], indicators["measure"], strict=False))
    measure = lookup(obs[C.INDICATOR], measures.get)
    national_code = catalogue.plan.national_average
    national_codes = [national_code] if national_code else [u.code for u in units if u.level == "national"]
    national = obs[obs[C.UNIT].isin(national_codes)]
    obs = pd.DataFrame(
        {
            "_pair": pair.code(obs[C.INDICATOR], obs[C.UNIT]),
            "y": np.where(measure == "rank", obs[C.RANK], obs[C.VALUE]),
            "end": pd.to_datetime(obs[C.PERIOD_END]),
            "months": lookup(obs[C.PERIOD], lambda code: parse_period(code).kind.months).astype(float),
            "revised": obs[C.REPLACED_VALUE].notna(),
            C.PERIOD: obs[C.PERIOD],
            C.VALUE: obs[C.VALUE],
            C.RANK_OF: obs[C.RANK_OF],
            C.ASSESSMENT: obs[C.ASSESSMENT],
            C.NOTE: obs[C.NOTE],
            C.INDICATOR: obs[C.INDICATOR],
        }
    )

    used = grid[[*KEY, "cut", "kind"]].merge(obs, on="_pair", how="inner")
    used = used[(used["end"] <= used["cut"]) & (used["end"] >= first_day)]
    # One observation per date: a year and its Q4 both end on 31/12; the consolidated (longer) one counts.
    used = used.sort_values([*KEY, "end", "months"], ascending=[True, True, True, False], kind="stable")
    used = used.drop_duplicates([*KEY, "end"], keep="first")
    numeric = used[used["y"].notna() & ~used["kind"].isin(["qualitative"])].copy()
    numeric["t"] = years((numeric["end"] - start).dt.days)
    numeric["tt"] = numeric["t"] ** 2
    numeric["ty"] = numeric["t"] * numeric["y"]
    grouped = numeric.groupby(KEY, sort=False)
    summary = grouped.agg(
        n_obs=("y", "size"),
        t0=("t", "first"),
        y0=("y", "first"),
        baseline_period=(C.PERIOD, "first"),
        t_last=("t", "last"),
        value=("y", "last"),
        value_period=(C.PERIOD, "last"),
        value_end=("end", "last"),
        rank_of=(C.RANK_OF, "last"),
        score=(C.VALUE, "last"),
        revised=("revised", "last"),
        st=("t", "sum"),
        sy=("y", "sum"),
        stt=("tt", "sum"),
        sty=("ty", "sum"),
    ).reset_index()
    series = grid.merge(summary, on=KEY, how="left")
    series["n_obs"] = series["n_obs"].fillna(0).astype(int)
    series["revised"] = series["revised"].astype("boolean").fillna(False).astype(bool)
    series = _with_assessments(series, used)
    series = _with_targets(series, used, national, start, milestone_paths(catalogue))
    return Prepared(series=series, used=numeric, thresholds=catalogue.plan.thresholds)


def _with_assessments(series: pd.DataFrame, used: pd.DataFrame) -> pd.DataFrame:
    """The latest assessment and evidence note of each series (qualitative and yes/no goals)."""
    assessed = used[used[C.ASSESSMENT].notna() | used[C.NOTE].notna()]
    latest = assessed.groupby(KEY, sort=False).agg(
        assessment=(C.ASSESSMENT, "last"),
        note=(C.NOTE, "last"),
        assessment_period=(C.PERIOD, "last"),
        assessment_end=("end", "last"),
    )
    return series.merge(latest.reset_index(), on=KEY, how="left")


def _milestone_due(series: pd.DataFrame, paths: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The minimum due, and its year: the latest year that has ended by the latest observation (milestones)."""
    ends = pd.to_datetime(series["value_end"])
    ended_year = np.where((ends.dt.month == 12) & (ends.dt.day == 31), ends.dt.year, ends.dt.year - 1)
    rows = series[[C.INDICATOR, "level"]].assign(_row=np.arange(len(series)), _ended=ended_year)
    rows = rows[(series["kind"] == "milestones").to_numpy() & ends.notna().to_numpy()]
    due = rows.merge(paths, on=[C.INDICATOR, "level"])
    due = due[due["year"] <= due["_ended"]].sort_values(["_row", "year"]).drop_duplicates("_row", keep="last")
    minimum, year = np.full(len(series), np.nan), np.full(len(series), np.nan)
    minimum[due["_row"].to_numpy()] = due["minimum"].to_numpy()
    year[due["_row"].to_numpy()] = due["year"].to_numpy()
    return minimum, year


def milestone_paths(catalogue: Catalogue) -> pd.DataFrame:
    """Every yearly minimum as a row: (indicator, level, year, minimum)."""
    rows = [
        {C.INDICATOR: item.id, "level": level, "year": year, "minimum": value}
        for item in catalogue.indicators
        for level, path in (item.target.milestones or {}).items()
        for year, value in path.items()
    ]
    return pd.DataFrame(rows, columns=[C.INDICATOR, "level", "year", "minimum"])


def _national_averages(national: pd.DataFrame) -> pd.DataFrame:
    """The national average of each indicator per year, to compare a ranking's score with the same year's.

    A year's annual figure, else its latest figure within that year; a year without one has no average
    (the row is then flagged ``no_national_average``), never another year's.
    """
    averages = national[national[C.VALUE].notna()]
    ends = pd.to_datetime(averages[C.PERIOD_END])
    months = lookup(averages[C.PERIOD], lambda code: parse_period(code).kind.months)
    averages = pd.DataFrame(
        {
            C.INDICATOR: averages[C.INDICATOR].to_numpy(),
            "value_year": ends.dt.year.to_numpy(float),
            "annual": np.asarray(months) == 12,
            "end": ends.to_numpy(),
            "national_average": averages[C.VALUE].to_numpy(float),
        }
    )
    averages = averages.sort_values([C.INDICATOR, "value_year", "annual", "end"], kind="stable")
    return averages.drop_duplicates([C.INDICATOR, "value_year"], keep="last")[
        [C.INDICATOR, "value_year", "national_average"]
    ]


def _with_targets(
    series: pd.DataFrame, used: pd.DataFrame, national: pd.DataFrame, start: pd.Timestamp, paths: pd.DataFrame
) -> pd.DataFrame:
    """Resolve T for every row; add the milestone due, the rank threshold and the national average."""
    target = series["static_target"].astype(float).to_numpy().copy()

    # change_vs_baseline: T = y_B · (1 + change/100), y_B the annual figure of the baseline year, else its last.
    change_rows = used[(used["kind"] == "change_vs_baseline") & used["y"].notna()]
    base_year = change_rows[C.INDICATOR].map(
        series.drop_duplicates(C.INDICATOR).set_index(C.INDICATOR)["baseline_year"]
    )
    starts = change_rows[C.PERIOD].map(
        pd.Series({c: parse_period(c).start.year for c in change_rows[C.PERIOD].unique()})
    )
    picked = change_rows[(change_rows["end"].dt.year == base_year) & (starts == base_year)]
    picked = picked.assign(annual=picked["months"] == 12).sort_values([*KEY, "annual", "end"], kind="stable")
    y_b = picked.groupby(KEY, sort=False)["y"].last().rename("baseline_year_value")
    series = series.merge(y_b.reset_index(), on=KEY, how="left")
    is_change = (series["kind"] == "change_vs_baseline").to_numpy()
    target = np.where(is_change, series["baseline_year_value"] * (1 + series["change"].astype(float) / 100), target)

    is_rank = (series["kind"] == "rank_group").to_numpy()
    threshold = np.floor(series["rank_of"].astype(float) * series["top_share"].astype(float))
    target = np.where(is_rank, threshold, target)
    target = np.where(series["kind"] == "done", 1.0, target)
    series["target"] = target
    series["milestone_due"], series["milestone_year"] = _milestone_due(series, paths)
    series["value_year"] = pd.to_datetime(series["value_end"]).dt.year.to_numpy(float)

    series = series.merge(_national_averages(national), on=[C.INDICATOR, "value_year"], how="left")
    series["t_deadline"] = years((series["deadline"] - start).dt.days)
    series["t_cut"] = years((series["cut"] - start).dt.days)
    series["past_deadline"] = series["cut"] >= series["deadline"]
    return series
