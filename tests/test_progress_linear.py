"""The linear method: the methodology's worked example and a hand-computed case for every kind and status."""

import math
import shutil
from datetime import date

import pytest
import yaml
from progress_helpers import observations, row

from partrack.catalogue import BUNDLED, load_catalogue
from partrack.progress import PROGRESS_COLUMNS, compute_progress
from partrack.units import load_units

CAT, UNITS = load_catalogue(), load_units()

ONLINE = "dossiers_processed_online"


def _progress(obs, period, **kwargs):
    return compute_progress(obs, period, **{"catalogue": CAT, "units": UNITS, **kwargs})


def test_worked_example_of_the_methodology():
    obs = observations((ONLINE, "36", "2021", "20.0"), (ONLINE, "36", "2022", "32.0"), (ONLINE, "36", "2023", "41.0"),
                       (ONLINE, "36", "2024-Q2", "47.0"))  # fmt: skip
    r = row(_progress(obs, "2024-Q2"), ONLINE)
    assert r["n_obs"] == 4
    assert (r["baseline"], r["baseline_period"], r["value"], r["value_period"]) == (20.0, "2021", 47.0, "2024-Q2")
    assert round(r["pace_observed"], 3) == 10.588
    assert round(r["projected"], 2) == 62.91  # reaches the goal of 60: on track (r ≥ 1), not merely close to it
    assert round(r["ratio"], 3) == 1.073
    assert r["status"] == "on_track"
    assert round(r["gap"], 3) == 13.0
    assert round(r["pace_needed"], 2) == 8.65
    assert round(r["share_done"], 3) == 0.675
    assert round(r["expected_share"], 3) == 0.624
    assert (r["status_prev"], r["value_prev"]) == ("on_track", 41.0)
    # before the close (30/6/2025, the day Nam Định ended): a status, not a final verdict
    assert (r["final"], r["close"], r["trend_status"]) == (False, date(2025, 6, 30), "on_track")


def test_columns_in_the_contracted_order():
    obs = observations((ONLINE, "36", "2021", "20"))
    assert list(_progress(obs, "2021").columns[: len(PROGRESS_COLUMNS)]) == PROGRESS_COLUMNS


def test_no_observation_is_insufficient_data_and_not_reported():
    obs = observations((ONLINE, "36", "2021", "20"))
    r = row(_progress(obs, "2021"), ONLINE, unit="358")
    assert (r["status"], r["flags"], r["n_obs"]) == ("insufficient_data", ("not_reported",), 0)
    assert math.isnan(r["value"])


def test_one_observation_is_insufficient_unless_already_achieved():
    obs = observations((ONLINE, "36", "2022", "40"), (ONLINE, "356", "2022", "61"))
    table = _progress(obs, "2022")
    assert row(table, ONLINE)["status"] == "insufficient_data"
    assert math.isnan(row(table, ONLINE)["pace_observed"])
    assert row(table, ONLINE, "356")["status"] == "achieved"


def test_target_met_earlier_then_lost():
    obs = observations((ONLINE, "36", "2021", "50"), (ONLINE, "36", "2022", "62"), (ONLINE, "36", "2023", "58"))
    r = row(_progress(obs, "2023"), ONLINE)
    assert r["status_prev"] == "achieved"
    assert r["status"] == "on_track"  # 58 < 60 now; slope 4.0 a year projects 66.0
    assert round(r["pace_observed"], 2) == 4.0 and round(r["gap"], 1) == 2.0


@pytest.mark.parametrize(
    ("values", "status"),
    [
        (("20", "26", "32"), "needs_acceleration"),  # r = 0.6
        (("20", "22", "24"), "off_track"),  # r = 0.2
        (("40", "38", "36"), "regressing"),  # r < 0
    ],
)
def test_statuses_by_ratio(values, status):
    obs = observations(*[(ONLINE, "36", year, v) for year, v in zip(("2021", "2022", "2023"), values, strict=True)])
    assert row(_progress(obs, "2023"), ONLINE)["status"] == status


def test_baseline_beyond_target_and_not_achieved_now_is_regressing():
    item = "satisfaction_procedures"  # at least 90
    obs = observations((item, "36", "2021", "92"), (item, "36", "2022", "91"), (item, "36", "2023", "88"))
    r = row(_progress(obs, "2023"), item)
    assert r["status"] == "regressing" and "baseline_beyond_target" in r["flags"]


def test_lower_is_better_reduction_vs_the_2021_figure():
    item = "public_service_units"  # −10% vs 2021, direction down
    obs = observations((item, "36", "2021", "100"), (item, "36", "2022", "97"), (item, "36", "2023", "94"))
    r = row(_progress(obs, "2023"), item)
    assert r["target"] == pytest.approx(90.0)
    assert r["gap"] == pytest.approx(4.0)
    assert r["pace_observed"] == pytest.approx(-3.0, abs=0.01)
    assert r["status"] == "on_track"  # projected 88.0: r = 1.2


def test_reduction_baseline_from_the_last_quarter_of_2021_when_no_annual_figure():
    item = "public_service_units"
    obs = observations((item, "36", "2021-Q2", "104"), (item, "36", "2021-Q4", "100"), (item, "36", "2022", "95"))
    assert row(_progress(obs, "2022"), item)["target"] == pytest.approx(90.0)


def test_reduction_without_a_2021_figure_has_no_baseline():
    item = "public_service_units"
    obs = observations((item, "36", "2022", "97"), (item, "36", "2023", "94"))
    r = row(_progress(obs, "2023"), item)
    assert r["status"] == "insufficient_data" and math.isnan(r["target"])


def test_milestone_missed_while_the_projection_is_fine():
    item = "results_digitised"  # province path 30, 50, 70, 90, 100
    obs = observations((item, "36", "2021", "10"), (item, "36", "2022", "35"), (item, "36", "2023", "60"))
    r = row(_progress(obs, "2023"), item)
    assert r["projected"] == 100.0  # clipped: 60 + 25 × 2 would be 110
    assert r["ratio"] == pytest.approx(1.0)
    assert r["milestone_due"] == 70 and "behind_milestone" in r["flags"]
    assert r["status"] == "needs_acceleration"


def test_district_milestones_use_the_district_path():
    item = "results_digitised"
    obs = observations((item, "358", "2021", "10"), (item, "358", "2022", "35"), (item, "358", "2023", "61"))
    r = row(_progress(obs, "2023"), item, "358")
    assert r["milestone_due"] == 60 and "behind_milestone" not in r["flags"] and r["status"] == "on_track"


def test_per_level_targets():
    item = "work_files_processed_online"  # 80% province and district, 60% commune
    obs = observations((item, "36", "2023", "70"), (item, "358", "2023", "70"))
    table = _progress(obs, "2023")
    assert row(table, item)["target"] == 80 and row(table, item, "358")["target"] == 80
    item = "meeting_system_deployed"  # 100% province, 80% district
    obs = observations((item, "36", "2023", "70"), (item, "358", "2023", "70"))
    table = _progress(obs, "2023")
    assert row(table, item)["target"] == 100 and row(table, item, "358")["target"] == 80


def test_rank_group_with_the_national_average():
    base = [("par_index", "36", "2022", "84.86", "34", "63"), ("par_index", "36", "2023", "87.32", "29", "63")]
    above = row(_progress(observations(*base, ("par_index", "VN", "2023", "86.98")), "2023"), "par_index")
    assert (above["target"], above["value"], above["national_average"], above["status"]) == (31, 29, 86.98, "achieved")
    below = row(_progress(observations(*base, ("par_index", "VN", "2023", "88.0")), "2023"), "par_index")
    assert below["status"] == "on_track"  # top half but under the national average: not yet achieved
    assert below["projected"] == pytest.approx(19.0, abs=0.05)


def test_rank_group_without_the_national_average_and_projection_floor():
    obs = observations(("papi", "36", "2023", "43.17", "23", "61"), ("papi", "36", "2024", "44.35", "5", "61"))
    r = row(_progress(obs, "2024"), "papi")
    assert r["target"] == 15 and r["status"] == "achieved"
    obs = observations(("papi", "36", "2023", "40", "40", "61"), ("papi", "36", "2024", "41", "20", "61"))
    r = row(_progress(obs, "2024"), "papi")
    assert r["projected"] == 1.0  # 20 − 20 × 1 a year, floored at rank 1
    assert r["status"] == "on_track"


def test_a_unit_after_its_end_date_is_assessed_at_its_last_period():
    obs = observations(
        (ONLINE, "359", "2025-Q1", "50"), (ONLINE, "359", "2025-Q2", "52"), (ONLINE, "36", "2025-Q2", "55")
    )
    table = _progress(obs, "2025-Q4")
    r = row(table, ONLINE, "359")
    assert (r["period"], r["value"]) == ("2025-Q2", 52.0)
    assert "unit_ended" in r["flags"]
    assert "unit_ended" in row(table, ONLINE, "36")["flags"]
    assert (r["final"], r["status"]) == (True, "not_achieved")  # past its close: a verdict on its last figure


def test_mi_loc_ended_on_31_8_2024_and_is_assessed_at_2024_q2():
    obs = observations((ONLINE, "358", "2024-Q1", "50"), (ONLINE, "358", "2024-Q2", "61"),
                       (ONLINE, "356", "2024-Q4", "58"))  # fmt: skip
    table = _progress(obs, "2024-Q4")
    r = row(table, ONLINE, "358")
    assert (r["period"], r["value_period"], r["close"]) == ("2024-Q2", "2024-Q2", date(2024, 8, 31))
    assert (r["status"], r["final"], "unit_ended" in r["flags"]) == ("achieved", True, True)
    city = row(table, ONLINE, "356")  # its successor goes on, a plan unit like any other
    assert (city["value"], city["final"], city["close"]) == (58.0, False, date(2025, 6, 30))


def test_successor_is_reported_beside_never_mixed_in():
    obs = observations(
        (ONLINE, "36", "2025-Q1", "50"), (ONLINE, "36", "2025-Q2", "52"), (ONLINE, "37", "2025-Q4", "58")
    )
    table = _progress(obs, "2025-Q4")
    assert row(table, ONLINE, "36")["value"] == 52.0
    assert row(table, ONLINE, "37")["value"] == 58.0
    no_successor = _progress(observations((ONLINE, "36", "2025-Q2", "52")), "2025-Q4")
    assert "37" not in set(no_successor["unit"])


@pytest.mark.parametrize(
    ("assessment", "status"),
    [("achieved", "achieved"), ("on_track", "on_track"), ("at_risk", "needs_acceleration"),
     ("off_track", "off_track"), ("not_started", "off_track")],
)  # fmt: skip
def test_qualitative_assessments(assessment, status):
    obs = observations(("streamlined_apparatus", "36", "2024", "", "", "", assessment, "báo cáo năm"))
    r = row(_progress(obs, "2024"), "streamlined_apparatus")
    assert (r["status"], r["note"]) == (status, "báo cáo năm")


def test_qualitative_without_assessment_is_not_assessed():
    obs = observations((ONLINE, "36", "2024", "50"))
    r = row(_progress(obs, "2024"), "streamlined_apparatus")
    assert r["status"] == "not_assessed" and r["flags"] == ("not_reported",)


@pytest.fixture
def early_deadline_catalogue(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(BUNDLED, folder)
    path = folder / "02_procedures.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in document["indicators"]:
        if item["id"] in ("one_stop_shop_renewed", ONLINE):
            item["target"]["deadline"] = "2024-06-30"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return load_catalogue(folder)


def test_done_and_numeric_goals_after_their_deadline(early_deadline_catalogue):
    cat = early_deadline_catalogue  # both goals due 30/6/2024: their close
    obs = observations(("one_stop_shop_renewed", "36", "2024-H1", "0"), ("one_stop_shop_renewed", "36", "2024", "1"),
                       (ONLINE, "36", "2023", "50"), (ONLINE, "36", "2024", "65"), catalogue=cat)  # fmt: skip
    table = compute_progress(obs, "2024", catalogue=cat, units=UNITS)
    done = row(table, "one_stop_shop_renewed")
    assert (done["status"], done["value_period"], done["final"]) == ("not_achieved", "2024-H1", True)
    online = row(table, ONLINE)  # the 2024 figure (65) came after the close: the verdict reads 2023's 50
    assert (online["status"], online["value"], online["value_period"]) == ("not_achieved", 50.0, "2023")
    assert online["close"] == date(2024, 6, 30)
    before = compute_progress(obs, "2023", catalogue=cat, units=UNITS)
    assert row(before, "one_stop_shop_renewed")["status"] == "not_assessed"
    only_after = observations(("one_stop_shop_renewed", "36", "2024", "1"), catalogue=cat)
    r = row(compute_progress(only_after, "2024", catalogue=cat, units=UNITS), "one_stop_shop_renewed")
    assert r["status"] == "no_data"  # nothing reported before the close


def test_stale_and_revised_flags_on_the_sample(tmp_path):
    from conftest import REPO, validate

    obs = validate([REPO / "data" / "sample"]).observations
    table = compute_progress(obs, "2025-Q1", catalogue=CAT, units=UNITS)
    assert "revised" in row(table, ONLINE)["flags"]
    assert "stale" in row(table, "sipas")["flags"]


def test_an_ended_unit_compares_its_last_period_with_the_one_before():
    obs = observations(
        (ONLINE, "359", "2025-Q1", "50"), (ONLINE, "359", "2025-Q2", "52"), (ONLINE, "359", "2024-Q4", "49")
    )
    r = row(compute_progress(obs, "2025-Q4", catalogue=CAT, units=UNITS), ONLINE, "359")
    assert (r["period"], r["value"], r["value_prev"]) == ("2025-Q2", 52.0, 50.0)
