"""Statistics Canada's CAGR method, as Open SDG's sdg-build computes it (``sdg/ProgressMeasure.py``).

Two points, base and current: the ratio of the observed compound annual growth rate to the growth
required to reach the target, compared with thresholds 0.95 and 0.60, and a score from −5 to 5.
Years are whole numbers for annual data (31/12/Y is year Y), fractions for shorter periods. The base
year is the plan's baseline year, or the next year with data; the target year is the deadline's.
Zero base and target values are replaced by 0.001, as sdg-build does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partrack.progress.flags import series_flags
from partrack.progress.methods import register_method
from partrack.progress.qualitative import assessed_status
from partrack.progress.series import KEY, Prepared

HIGH, MED, LOW = 0.95, 0.6, 0.0
ZERO_REPLACEMENT = 0.001


def label_year(ends: pd.Series) -> np.ndarray:
    """The sdg-build 'Year' of a period ending on this date: 31/12/2024 → 2024, 30/06/2024 → 2023.5."""
    return (ends.dt.year - 1 + ends.dt.month / 12).to_numpy(float)


def statcan_score(progress: np.ndarray, achieved: np.ndarray) -> np.ndarray:
    """sdg-build's score for a quantitative target: 5 when achieved, else piecewise linear, within −5…5."""
    with np.errstate(invalid="ignore"):
        upper = np.minimum(7.1429 * progress - 4.2857, 5)
        lower = np.maximum(4.1667 * progress - 2.5, -5)
        score = np.where(progress >= MED, upper, lower)
    return np.where(achieved, 5.0, score)


def statcan_status(progress: np.ndarray, achieved: np.ndarray) -> np.ndarray:
    """target_achieved / substantial / moderate / limited progress / deterioration / not_available."""
    return np.select(
        [achieved, progress >= HIGH, progress >= MED, progress >= LOW, progress < LOW],
        ["target_achieved", "substantial_progress", "moderate_progress", "limited_progress", "deterioration"],
        default="not_available",
    )


@register_method("statcan")
def statcan(prepared: Prepared) -> pd.DataFrame:
    """Figures and status by the CAGR method for every series."""
    s = prepared.series
    used = prepared.used.assign(year=label_year(prepared.used["end"]))
    base_year = used[KEY].merge(s[[*KEY, "baseline_year"]], on=KEY, how="left")["baseline_year"].to_numpy(float)
    eligible = used[used["year"].to_numpy() >= base_year]
    base = eligible.sort_values([*KEY, "year"]).drop_duplicates(KEY, keep="first")[[*KEY, "year", "y"]]
    current = used.sort_values([*KEY, "year"]).drop_duplicates(KEY, keep="last")[[*KEY, "year", "y"]]
    picks = s[KEY].merge(base.rename(columns={"year": "base_year", "y": "base_value"}), on=KEY, how="left")
    picks = picks.merge(current.rename(columns={"year": "current_year", "y": "current_value"}), on=KEY, how="left")

    direction = s["d"].to_numpy(float)
    target = s["target"].to_numpy(float)
    target = np.where(target == 0, ZERO_REPLACEMENT, target)
    target_year = s["deadline"].dt.year.to_numpy(float)
    base_value = picks["base_value"].to_numpy(float)
    base_value = np.where(base_value == 0, ZERO_REPLACEMENT, base_value)
    current_value = picks["current_value"].to_numpy(float)
    t_base, t_now = picks["base_year"].to_numpy(float), picks["current_year"].to_numpy(float)

    achieved = ~np.isnan(current_value) & ((direction * (current_value - target)) >= 0)
    sign = np.where(base_value < 0, -1.0, 1.0)
    valid = (
        ~np.isnan(base_value)
        & ~np.isnan(target)
        & (np.sign(base_value) == np.sign(current_value))
        & (t_now - t_base >= 1)
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        observed = (current_value / base_value) ** (1 / (t_now - t_base)) - 1
        required = (target / base_value) ** (1 / (target_year - t_base)) - 1
        progress = sign * direction * observed / np.abs(required)
    valid &= np.isfinite(progress)
    progress = np.where(valid, progress, np.nan)
    score = np.where(valid | achieved, statcan_score(progress, achieved), np.nan)
    has = s["n_obs"].to_numpy() > 0
    with np.errstate(invalid="ignore"):
        gap = np.where(has, np.maximum(0.0, s["d"] * (s["target"] - s["value"])), np.nan)
    out = pd.DataFrame(
        {
            "gap": gap,
            "share_done": np.nan,
            "expected_share": np.nan,
            "pace_observed": np.where(valid, observed, np.nan),
            "pace_needed": np.where(valid, required, np.nan),
            "projected": np.nan,
            "ratio": progress,
            "status": statcan_status(progress, achieved),
            "progress_score": score,
            "base_year": t_base,
            "current_year": t_now,
            **series_flags(s),
        },
        index=s.index,
    )
    return assessed_status(s, out)
