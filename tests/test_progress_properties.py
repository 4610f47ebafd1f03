"""Properties: statuses do not depend on the order of input rows; later observations change nothing."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from progress_helpers import observations

from partrack.catalogue import load_catalogue
from partrack.progress import compute_progress
from partrack.units import load_units

CAT, UNITS = load_catalogue(), load_units()

PERIODS = ["2021", "2022", "2023-Q2", "2023", "2024-Q1", "2024-Q3"]
series = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: round(v, 1)),
                  min_size=len(PERIODS), max_size=len(PERIODS))  # fmt: skip


def _obs(values_36, values_359, extra=()):
    rows = [("dossiers_processed_online", "36", p, v) for p, v in zip(PERIODS, values_36, strict=True)]
    rows += [("results_digitised", "359", p, v) for p, v in zip(PERIODS, values_359, strict=True)]
    return observations(*rows, *extra)


def _statuses(obs, period="2024-Q1"):
    table = compute_progress(obs, period, catalogue=CAT, units=UNITS)
    return table.set_index(["indicator", "unit"])[["status", "value", "ratio"]]


@settings(max_examples=25, deadline=None)
@given(series, series, st.randoms(use_true_random=False))
def test_statuses_are_invariant_to_row_order(a, b, rnd):
    obs = _obs(a, b)
    shuffled = obs.sample(frac=1, random_state=rnd.randint(0, 10_000)).reset_index(drop=True)
    pd.testing.assert_frame_equal(_statuses(obs), _statuses(shuffled))


@settings(max_examples=25, deadline=None)
@given(series, series, st.floats(min_value=0, max_value=100).map(lambda v: round(v, 1)))
def test_an_observation_after_the_assessed_period_changes_nothing(a, b, later):
    before = _statuses(_obs(a, b))
    after = _statuses(_obs(a, b, extra=[("dossiers_processed_online", "36", "2024-Q4", later),
                                        ("results_digitised", "359", "2025-Q1", later)]))  # fmt: skip
    pd.testing.assert_frame_equal(before, after)
