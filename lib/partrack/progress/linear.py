"""Our method ("linear"): projected progress against the progress needed, per methodology.md.

Pace is the least-squares slope over the observations used (closed form from group-wise sums),
the projection extends it to the deadline, and the status is the first rule that applies. The bands
are the plan's (``thresholds`` in plan.yaml): on track only when the projection reaches the target
(ratio ≥ 1) in the bundled plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partrack.progress.close import achieved_now
from partrack.progress.flags import series_flags
from partrack.progress.methods import register_method
from partrack.progress.qualitative import assessed_status
from partrack.progress.series import Prepared


def _pace(s: pd.DataFrame) -> np.ndarray:
    """Least-squares slope when n ≥ 3, two-point slope when n = 2, none below."""
    n = s["n_obs"].to_numpy(dtype=float)
    denominator = n * s["stt"] - s["st"] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ols = (n * s["sty"] - s["st"] * s["sy"]) / denominator
        two_point = (s["value"] - s["y0"]) / (s["t_last"] - s["t0"])
    return np.where(n >= 3, ols, np.where(n == 2, two_point, np.nan)).astype(float)


@register_method("linear")
def linear(prepared: Prepared) -> pd.DataFrame:
    """Figures and status for every series (numeric kinds by the method, others by assessment)."""
    s = prepared.series
    on_track, accelerate = prepared.thresholds.on_track, prepared.thresholds.needs_acceleration
    d, y_t, y_0, T = s["d"].to_numpy(), s["value"].to_numpy(float), s["y0"].to_numpy(float), s["target"].to_numpy(float)
    t, t_0, t_T = s["t_last"].to_numpy(float), s["t0"].to_numpy(float), s["t_deadline"].to_numpy(float)
    measure = s["measure"].to_numpy()
    has = s["n_obs"].to_numpy() > 0

    achieved = achieved_now(s)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(has, np.maximum(0.0, d * (T - y_t)), np.nan)
        share_done = (y_t - y_0) / (T - y_0) + 0.0  # + 0.0: no "-0" when nothing has moved towards a lower target
        expected = np.clip((t - t_0) / (t_T - t_0), 0, 1)
        pace = _pace(s)
        needed = np.where(t < t_T, (T - y_t) / (t_T - t), np.nan)
        projected = y_t + pace * np.maximum(t_T - t, 0)
        projected = np.where(measure == "percent", np.clip(projected, 0, 100), projected)
        projected = np.where(measure == "rank", np.maximum(projected, 1), projected)
        ratio = np.where(T == y_0, np.where(d * (projected - T) >= 0, 1.0, -1.0), (projected - y_0) / (T - y_0))
        ratio = np.where(np.isnan(projected), np.nan, ratio)

    flags = series_flags(s)
    behind, beyond = flags["flag_behind_milestone"], flags["flag_baseline_beyond_target"]
    no_target = np.isnan(T)  # change_vs_baseline without a baseline-year figure
    rules = [
        achieved,
        s["past_deadline"].to_numpy() & ~achieved & has & ~no_target,
        ~has | (s["n_obs"].to_numpy() < 2) | no_target,
        (ratio < 0) | (beyond & ~achieved),
        (ratio >= on_track) & ~behind,
        ((ratio >= accelerate) & (ratio < on_track)) | ((ratio >= on_track) & behind),
        (ratio >= 0) & (ratio < accelerate),
    ]
    names = ["achieved", "not_achieved", "insufficient_data", "regressing", "on_track", "needs_acceleration",
             "off_track"]  # fmt: skip
    status = np.select(rules, names, default="insufficient_data")

    out = pd.DataFrame(
        {
            "gap": gap,
            "share_done": share_done,
            "expected_share": expected,
            "pace_observed": pace,
            "pace_needed": needed,
            "projected": projected,
            "ratio": ratio,
            "status": status,
            **flags,
            "no_baseline": no_target & has,
        },
        index=s.index,
    )
    return assessed_status(s, out)
