"""Assemble the progress table: series, a method, final verdicts at the close, flags and the previous period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from partrack import columns as C
from partrack.catalogue import Catalogue
from partrack.frames import lookup
from partrack.periods import Period
from partrack.progress import linear, statcan  # noqa: F401  (register the methods)
from partrack.progress.close import assessed_period, final_verdicts, plan_close
from partrack.progress.methods import METHODS
from partrack.progress.series import prepare
from partrack.progress.statuses import Flag
from partrack.units import UnitRegistry

PROGRESS_COLUMNS = [
    "indicator", "unit", "period", "value", "value_period", "baseline", "baseline_period", "target", "gap",
    "share_done", "expected_share", "pace_observed", "pace_needed", "projected", "ratio", "status", "n_obs",
    "flags", "status_prev", "value_prev", "final", "close", "trend_status",
]  # fmt: skip
FLAG_NAMES = tuple(Flag)


def _flags(columns: dict[str, np.ndarray]) -> np.ndarray:
    """The flags set on each row, as a tuple of names in FLAG_NAMES order (never a joined string to split again)."""
    matrix = np.column_stack([columns[name] for name in FLAG_NAMES])
    flags = np.empty(len(matrix), dtype=object)  # filled one by one: numpy would turn equal-length tuples into 2-D
    for index, row in enumerate(matrix):
        flags[index] = tuple(name for name, on in zip(FLAG_NAMES, row, strict=True) if on)
    return flags


def _assemble(series: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    qualitative = (series["kind"] == "qualitative").to_numpy()
    has_data = (series["n_obs"] > 0).to_numpy() | series["assessment"].notna().to_numpy()
    flags = _flags(
        {
            "stale": figures["flag_stale"].to_numpy(bool),
            "behind_milestone": figures["flag_behind_milestone"].to_numpy(bool),
            "baseline_beyond_target": figures["flag_baseline_beyond_target"].to_numpy(bool),
            "unit_ended": series["unit_ended"].to_numpy(bool),
            "not_reported": ~has_data,
            "revised": series["revised"].to_numpy(bool),
            "no_national_average": figures["flag_no_national_average"].to_numpy(bool),
        }
    )
    table = pd.DataFrame(
        {
            "indicator": series[C.INDICATOR],
            "unit": series[C.UNIT],
            "period": series[C.PERIOD],
            "requested": series["requested"],
            "value": np.where(qualitative, np.nan, series["value"]),
            "value_period": np.where(qualitative, series["assessment_period"], series["value_period"]),
            "baseline": series["y0"],
            "baseline_period": series["baseline_period"],
            "target": series["target"],
            **{c: figures[c] for c in ("gap", "share_done", "expected_share", "pace_observed", "pace_needed")},
            "projected": figures["projected"],
            "ratio": figures["ratio"],
            "status": figures["status"],
            "final": series["final"].to_numpy(bool),
            "close": series["close"].dt.date,
            "trend_status": figures["trend_status"],
            "n_obs": series["n_obs"],
            "flags": flags,
            "area": series["area"],
            "level": series["level"],
            "target_kind": series["kind"],
            "measure": series["measure"],
            "milestone_due": series["milestone_due"],
            "milestone_year": series["milestone_year"].astype("Int64"),
            "national_average": series["national_average"],
            "score": np.where(series["kind"] == "rank_group", series["score"], np.nan),
            "rank_of": series["rank_of"],
            "assessment": series["assessment"],
            "note": series["note"],
            "deadline": series["deadline"].dt.date,
        }
    )
    for extra in figures.columns.difference(table.columns):
        if not extra.startswith(("flag_", "no_")):
            table[extra] = figures[extra]
    return table


def compute_progress(
    observations: pd.DataFrame,
    period: str | Period = "latest",
    method: str = "linear",
    unit: str = "all",
    area: str | None = None,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
) -> pd.DataFrame:
    """The progress table at a period (with the previous comparable period's status and value).

    The catalogue and units are required: a default would silently assess another province's data
    against the bundled plan.
    """
    compute = METHODS.get_or_raise(method)
    # "latest" after the plan's close means the close (a successor's later figures do not move it)
    assessed = assessed_period(period, set(observations[C.PERIOD].unique()), plan_close(catalogue, units))
    if unit == "all":  # the plan's own units: its province, everything under it and what succeeded it
        scope = units.plan_scope(catalogue.plan.province)
    elif unit in units:
        scope = [units[unit]]
    else:
        raise ValueError(f"unknown unit {unit!r}")
    previous = assessed.previous()
    prepared = prepare(observations, catalogue, units, [assessed, previous], scope)
    table = _assemble(prepared.series, final_verdicts(prepared.series, compute(prepared)))

    now = table[table["requested"] == assessed.code]
    before = table[table["requested"] == previous.code][["indicator", "unit", "status", "value"]]
    now = now.merge(before.rename(columns={"status": "status_prev", "value": "value_prev"}),
                    on=["indicator", "unit"], how="left")  # fmt: skip
    if area is not None:
        now = now[now["area"] == area]
    order = {item.id: i for i, item in enumerate(catalogue.indicators)}
    unit_order = {u.code: i for i, u in enumerate(units)}
    now = now.assign(_i=lookup(now["indicator"], order.get), _u=lookup(now["unit"], unit_order.get))
    now = now.sort_values(["_i", "_u"], kind="stable").drop(columns=["_i", "_u", "requested"])
    extras = [c for c in now.columns if c not in PROGRESS_COLUMNS]
    return now[PROGRESS_COLUMNS + extras].reset_index(drop=True)
