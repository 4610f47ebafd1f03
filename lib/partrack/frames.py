"""Small pandas helpers shared by the stages (no knowledge of plans, units or periods)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def lookup(values: pd.Series, function: Callable[[object], object]) -> np.ndarray:
    """Apply a function to each distinct non-missing value only, then spread the results to every row.

    Codes, periods and typed figures repeat a lot: a million rows hold a few thousand distinct values,
    so this keeps Python work proportional to the distinct ones. Missing values give None.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [function(v) for v in uniques]
    results[-1] = None
    return results[np.where(codes < 0, len(uniques), codes)]


def lookup_pairs(first: pd.Series, second: pd.Series, function: Callable[[object, object], object]) -> np.ndarray:
    """Like ``lookup``, for a function of two columns: computed once per distinct pair (missing → None)."""
    a_codes, a_values = pd.factorize(first, use_na_sentinel=True)
    b_codes, b_values = pd.factorize(second, use_na_sentinel=True)
    a_values, b_values = [*a_values, None], [*b_values, None]
    a_codes = np.where(a_codes < 0, len(a_values) - 1, a_codes).astype(np.int64)
    b_codes = np.where(b_codes < 0, len(b_values) - 1, b_codes).astype(np.int64)
    pairs, first_row, inverse = np.unique(a_codes * len(b_values) + b_codes, return_index=True, return_inverse=True)
    results = np.empty(len(pairs), dtype=object)
    results[:] = [function(a_values[a_codes[i]], b_values[b_codes[i]]) for i in first_row]
    return results[inverse.ravel()]
