"""Qualitative and yes/no goals: the status comes from the analyst's assessment, not from numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from partrack.progress.statuses import ASSESSMENT_STATUS


def assessed_status(series: pd.DataFrame, out: pd.DataFrame, not_assessed: str = "not_assessed") -> pd.DataFrame:
    """Overwrite the status of qualitative and done rows, the figures of qualitative rows being empty.

    A done goal with value 1 is achieved, with value 0 after its due date not achieved; otherwise the
    latest assessment decides; nothing to go on → not assessed.
    """
    kind = series["kind"]
    qualitative, done = (kind == "qualitative").to_numpy(), (kind == "done").to_numpy()
    from_assessment = np.full(len(series), None, dtype=object)
    given = series["assessment"].notna().to_numpy()
    from_assessment[given] = series.loc[given, "assessment"].map(ASSESSMENT_STATUS).to_numpy(dtype=object)
    has_assessment = pd.notna(from_assessment)
    value = series["value"].to_numpy(float)
    done_status = np.select(
        [value == 1, (value == 0) & series["past_deadline"].to_numpy(), has_assessment],
        ["achieved", "not_achieved", from_assessment],
        default=not_assessed,
    )
    qualitative_status = np.where(has_assessment, from_assessment, not_assessed)
    out = out.copy()
    out["status"] = np.where(done, done_status, np.where(qualitative, qualitative_status, out["status"]))
    blank = qualitative | done
    for column in ("gap", "share_done", "expected_share", "pace_observed", "pace_needed", "projected", "ratio"):
        out.loc[blank, column] = np.nan
    for column in ("flag_stale", "flag_behind_milestone", "flag_baseline_beyond_target"):
        out.loc[blank, column] = False
    return out
