"""The statcan method against numbers worked by hand from sdg-build's formulas (CAGR ratio, score)."""

import math

import pytest
from progress_helpers import observations, row

from partrack.catalogue import load_catalogue
from partrack.progress import compute_progress
from partrack.units import load_units

CAT, UNITS = load_catalogue(), load_units()

ONLINE = "dossiers_processed_online"  # at least 60 by 2025
REQUIRED = 3**0.25 - 1  # (60 / 20) ** (1 / (2025 - 2021)) - 1


def _statcan(*rows, period="2023"):
    return row(compute_progress(observations(*rows), period, method="statcan", catalogue=CAT, units=UNITS), rows[0][0])


@pytest.mark.parametrize(
    ("current", "status", "progress", "score"),
    [
        ("30", "moderate_progress", (1.5**0.5 - 1) / REQUIRED, 7.1429 * ((1.5**0.5 - 1) / REQUIRED) - 4.2857),
        ("22", "limited_progress", (1.1**0.5 - 1) / REQUIRED, 4.1667 * ((1.1**0.5 - 1) / REQUIRED) - 2.5),
        ("18", "deterioration", (0.9**0.5 - 1) / REQUIRED, 4.1667 * ((0.9**0.5 - 1) / REQUIRED) - 2.5),
        ("45", "substantial_progress", (2.25**0.5 - 1) / REQUIRED, 5.0),
    ],
)
def test_bands_and_scores(current, status, progress, score):
    r = _statcan((ONLINE, "36", "2021", "20"), (ONLINE, "36", "2023", current))
    assert r["status"] == status
    assert r["ratio"] == pytest.approx(progress, abs=1e-9)
    assert r["progress_score"] == pytest.approx(score, abs=1e-4)
    assert r["pace_needed"] == pytest.approx(REQUIRED)


def test_worked_example_with_quarterly_current_year():
    r = _statcan((ONLINE, "36", "2021", "20"), (ONLINE, "36", "2024-Q2", "47"), period="2024-Q2")
    observed = 2.35 ** (1 / 2.5) - 1  # 30/06/2024 is year 2023.5 in sdg-build's whole-year convention
    assert (r["base_year"], r["current_year"]) == (2021, 2023.5)
    assert r["ratio"] == pytest.approx(observed / REQUIRED)
    assert r["status"] == "substantial_progress"
    assert r["progress_score"] == pytest.approx(min(7.1429 * observed / REQUIRED - 4.2857, 5))


def test_target_achieved_scores_5():
    r = _statcan((ONLINE, "36", "2021", "20"), (ONLINE, "36", "2023", "61"))
    assert (r["status"], r["progress_score"]) == ("target_achieved", 5.0)


def test_less_than_a_year_apart_is_not_available():
    r = _statcan((ONLINE, "36", "2021", "20"), (ONLINE, "36", "2022-Q2", "30"), period="2022-Q2")
    assert r["status"] == "not_available" and math.isnan(r["ratio"])


def test_zero_base_is_replaced_by_0_001():
    r = _statcan((ONLINE, "36", "2021", "0"), (ONLINE, "36", "2023", "10"))
    expected = ((10 / 0.001) ** 0.5 - 1) / abs((60 / 0.001) ** 0.25 - 1)
    assert r["ratio"] == pytest.approx(expected)


def test_lower_is_better():
    item = "public_service_units"
    r = _statcan((item, "36", "2021", "100"), (item, "36", "2023", "94"))
    expected = -1 * (0.94**0.5 - 1) / abs(0.9**0.25 - 1)
    assert r["ratio"] == pytest.approx(expected) and r["status"] == "substantial_progress"


def test_base_year_is_the_next_year_with_data():
    r = _statcan((ONLINE, "36", "2022", "20"), (ONLINE, "36", "2024", "40"), period="2024")
    required = 3 ** (1 / 3) - 1
    assert r["base_year"] == 2022
    assert r["ratio"] == pytest.approx((2**0.5 - 1) / required)
