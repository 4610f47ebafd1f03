"""Area roll-up: per area and unit, the count of indicators in each status and the share achieved or on track.

No weighted composite score: the plan gives no weights.
"""

from __future__ import annotations

import pandas as pd

from partrack.catalogue.model import NUMERIC_KINDS
from partrack.progress.statuses import GOOD_STATUSES


def area_rollup(progress: pd.DataFrame) -> pd.DataFrame:
    """One row per (area, unit): status counts (one column each), numeric count, share good among numeric."""
    counts = pd.crosstab([progress["area"], progress["unit"]], progress["status"])
    numeric = progress[progress["target_kind"].isin(NUMERIC_KINDS)]
    good = numeric.assign(good=numeric["status"].isin(GOOD_STATUSES)).groupby(["area", "unit"])["good"]
    summary = pd.DataFrame({"numeric": good.size(), "achieved_or_on_track": good.sum()})
    summary["share_achieved_or_on_track"] = summary["achieved_or_on_track"] / summary["numeric"]
    out = counts.join(summary, how="left").fillna({"numeric": 0, "achieved_or_on_track": 0})
    out[["numeric", "achieved_or_on_track"]] = out[["numeric", "achieved_or_on_track"]].astype(int)
    return out.reset_index()


def missing_reports(progress: pd.DataFrame) -> pd.DataFrame:
    """Series with no figure for the assessed period although other units reported one for it.

    "Who has not reported" for the period: a unit whose latest figure is older than the period, for an
    indicator that is due in it (some unit did report it), plus the series never reported at all.
    """
    due = progress.loc[progress["value_period"] == progress["period"], ["indicator", "period"]].drop_duplicates()
    late = progress.merge(due.assign(_due=True), on=["indicator", "period"], how="left")
    late = late[late["_due"].fillna(False).astype(bool) & (late["value_period"] != late["period"])]
    never = progress[progress["flags"].map(lambda flags: "not_reported" in flags)]
    return pd.concat([late.drop(columns="_due"), never]).drop_duplicates(["indicator", "unit"]).reset_index(drop=True)
