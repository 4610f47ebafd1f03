"""The method as revised and the close of a plan (docs/methodology.md, "Status" and "The close of a plan").

On track only when the projection reaches the target; a unit's close is the earlier of the deadline and the
day it ended; assessed at or after it, every goal gets a final verdict from the last figure before it, with
the projection (and the method's own status) kept beside it.
"""

from datetime import date

import pytest
from progress_helpers import observations, row

from conftest import REPO, validate
from partrack.catalogue import load_catalogue
from partrack.periods import parse_period
from partrack.progress import FINAL_STATUSES, area_rollup, assessed_period, compute_progress, plan_close
from partrack.units import load_units

CAT, UNITS = load_catalogue(), load_units()
ONLINE = "dossiers_processed_online"  # at least 60% by 31/12/2025, province and districts
LEGAL = "legal_docs_issued_properly"  # 100%, province
SAMPLE = REPO / "data" / "sample"


def _progress(obs, period, **kwargs):
    return compute_progress(obs, period, **{"catalogue": CAT, "units": UNITS, **kwargs})


# --- on track means the projection reaches the target -----------------------------------------------


def test_a_100_percent_goal_projected_at_98_needs_acceleration():
    obs = observations((LEGAL, "36", "2021", "58"), (LEGAL, "36", "2022", "68"), (LEGAL, "36", "2023", "78"))
    r = row(_progress(obs, "2023"), LEGAL)
    assert round(r["projected"]) == 98  # 78 + about 10 a year × 2 years
    assert 0.95 <= r["ratio"] < 1  # (98 − 58) / (100 − 58): "on track" under the old 0.95 band
    assert (r["status"], r["final"]) == ("needs_acceleration", False)


def test_the_sample_legal_documents_goal_is_no_longer_on_track():
    table = _progress(validate([SAMPLE]).observations, "2025-Q1", unit="36")
    r = row(table, LEGAL)
    assert r["projected"] < 100 and r["status"] == "needs_acceleration"


def test_the_plans_thresholds_are_the_revised_bands():
    assert (CAT.plan.thresholds.on_track, CAT.plan.thresholds.needs_acceleration) == (1.0, 0.5)


def test_insufficient_data_below_the_target_keeps_its_latest_figure_and_year():
    obs = observations(("sipas", "36", "2021", "84.57", "51", "63"), ("sipas", "VN", "2022", "80.08"))
    r = row(_progress(obs, "2024"), "sipas")
    assert r["status"] == "insufficient_data"
    assert (r["value"], r["value_period"], r["target"], r["gap"]) == (51.0, "2021", 31.0, 20.0)
    assert "no_national_average" in r["flags"] and "stale" in r["flags"]


def test_a_ranking_is_compared_with_the_national_average_of_its_own_year_only():
    rows = [("par_index", "36", "2022", "84.86", "34", "63"), ("par_index", "36", "2023", "87.32", "29", "63")]
    other_year = observations(*rows, ("par_index", "VN", "2022", "90.0"))  # a 2022 average, not 2023's
    r = row(_progress(other_year, "2023"), "par_index")
    assert r["status"] == "achieved" and "no_national_average" in r["flags"]
    assert r["national_average"] != r["national_average"]  # NaN: never another year's average
    same_year = observations(*rows, ("par_index", "VN", "2022", "80.0"), ("par_index", "VN", "2023", "88.0"))
    r = row(_progress(same_year, "2023"), "par_index")
    assert (r["national_average"], r["status"]) == (88.0, "on_track")  # top half, under 2023's average
    assert "no_national_average" not in r["flags"]


# --- the close ------------------------------------------------------------------------------------


def test_a_unit_that_ended_before_the_deadline_gets_its_verdict_from_its_last_figure():
    obs = observations((ONLINE, "358", "2023", "40"), (ONLINE, "358", "2024-Q1", "45"),
                       (ONLINE, "358", "2024-Q2", "50"), (ONLINE, "358", "2024-Q3", "70"))  # fmt: skip
    before = row(_progress(obs, "2024-Q2"), ONLINE, "358")  # before its close (31/8/2024): a status
    assert (before["final"], before["status"]) == (False, before["trend_status"])
    r = row(_progress(obs, "2025-Q2"), ONLINE, "358")
    assert (r["close"], r["final"]) == (date(2024, 8, 31), True)
    # the 2024-Q3 figure ends on 30/9/2024, after the close: the verdict reads 2024-Q2's 50
    assert (r["value"], r["value_period"], r["period"]) == (50.0, "2024-Q2", "2024-Q2")
    assert r["status"] == "not_achieved"
    assert r["gap"] == pytest.approx(10.0)
    assert r["share_done"] == pytest.approx((50 - 40) / (60 - 40))
    assert r["projected"] > 50 and r["trend_status"] in {"on_track", "needs_acceleration", "off_track"}
    assert "unit_ended" in r["flags"]
    achieved = observations((ONLINE, "358", "2023", "50"), (ONLINE, "358", "2024-Q2", "61"))
    r = row(_progress(achieved, "2025-Q4"), ONLINE, "358")
    assert (r["status"], r["value"], r["final"]) == ("achieved", 61.0, True)


def test_at_the_province_close_every_goal_has_a_final_verdict():
    table = _progress(validate([SAMPLE]).observations, "2025-Q2")
    assert table["final"].all()
    assert set(table["status"]) <= set(FINAL_STATUSES)
    r = row(table, LEGAL)
    assert (r["status"], r["trend_status"]) == ("not_achieved", "needs_acceleration")
    assert round(r["projected"], 1) == 98.0 and round(r["gap"], 1) == 8.1  # the 91,9% → 98,0%
    rearranged = row(table, "admin_units_rearranged")  # 1.3/3, done in 2024 by Nghị quyết 1104/NQ-UBTVQH15
    assert rearranged["status"] == "achieved" and "1104/NQ-UBTVQH15" in rearranged["note"]
    mi_loc = table[table["unit"] == "358"]
    assert set(mi_loc["period"]) == {"2024-Q2"} and set(mi_loc["close"]) == {date(2024, 8, 31)}
    assert area_rollup(table)["achieved"].sum() == (table["status"] == "achieved").sum()


def test_assessed_after_the_plans_deadline_every_goal_has_a_final_verdict():
    obs = observations((ONLINE, "36", "2024", "50"), (ONLINE, "37", "2025-Q3", "55"), (ONLINE, "37", "2025-Q4", "58"))
    table = _progress(obs, "2026-Q1")
    assert table["final"].all() and set(table["status"]) <= set(FINAL_STATUSES)
    successor = row(table, ONLINE, "37")  # Ninh Bình lives on: its close is the deadline
    assert (successor["close"], successor["value"], successor["status"]) == (date(2025, 12, 31), 58.0, "not_achieved")
    assert row(table, "streamlined_apparatus")["status"] == "no_data"  # nothing to go on


@pytest.mark.parametrize(
    ("assessment", "verdict"),
    [("achieved", "achieved"), ("on_track", "not_achieved"), ("at_risk", "not_achieved"), (None, "no_data")],
)
def test_qualitative_goals_take_the_lead_agencys_last_assessment(assessment, verdict):
    rows = (
        [("streamlined_apparatus", "36", "2025-Q2", "", "", "", assessment, "báo cáo tổng kết")] if assessment else []
    )
    obs = observations(*rows, (ONLINE, "36", "2025-Q2", "59"))
    r = row(_progress(obs, "2025-Q2"), "streamlined_apparatus")
    assert (r["final"], r["status"]) == (True, verdict)


def test_latest_after_the_close_means_the_close():
    close = plan_close(CAT, UNITS)
    assert close == date(2025, 6, 30)
    assert assessed_period("latest", {"2025-Q2", "2025-Q4"}, close).code == "2025-Q2"
    assert assessed_period("latest", {"2025-Q1", "2025-Q4"}, close).code == "2025-Q2"  # the quarter of the close
    assert assessed_period("latest", {"2024", "2026"}, date(2025, 12, 31)).code == "2025"
    assert assessed_period("latest", {"2025-Q1"}, close).code == "2025-Q1"  # before the close: unchanged
    assert assessed_period("2025-Q4", {"2025-Q2"}, close).code == "2025-Q4"  # a period asked for is kept
    obs = observations((ONLINE, "36", "2025-Q2", "59"), (ONLINE, "37", "2025-Q4", "63"))
    table = _progress(obs, "latest")
    assert set(table.loc[table["unit"] == "36", "period"]) == {"2025-Q2"} and "37" not in set(table["unit"])
    assert parse_period("2025-Q2") == parse_period(row(table, ONLINE)["period"])
