"""Facts about a series that do not depend on the method.

Stale, behind the year's milestone, baseline beyond target, a ranking without the national average of its year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partrack.periods import STALE_AFTER_DAYS


def series_flags(s: pd.DataFrame) -> dict[str, np.ndarray]:
    """The methodology's flags for every series row (False where there is no observation)."""
    has = s["n_obs"].to_numpy() > 0
    d, y_t, y_0, T = s["d"].to_numpy(), s["value"].to_numpy(float), s["y0"].to_numpy(float), s["target"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        stale = (s["cut"] - s["value_end"]).dt.days.to_numpy(float) > STALE_AFTER_DAYS
        behind = d * (y_t - s["milestone_due"].to_numpy(float)) < 0
        beyond = d * (y_0 - T) > 0
    no_average = (s["kind"].to_numpy() == "rank_group") & np.isnan(s["national_average"].to_numpy(float))
    return {
        "flag_stale": has & stale,
        "flag_behind_milestone": has & behind,
        "flag_baseline_beyond_target": has & beyond,
        "flag_no_national_average": has & no_average,
    }
