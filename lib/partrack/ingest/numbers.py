"""Numbers as people type them into Excel and CSV, parsed column-wise (no per-row Python loop).

Accepted: ``65,4``  ``"65,4%"``  ``65.4 %``  ``'65,4`` (apostrophe prefix)  NBSP and thin spaces,
``1.234.567`` and ``1,234,567`` (grouped thousands), ``1.234,5`` and ``1,234.5`` (both separators).
Refused as ambiguous: one separator followed by exactly three digits (``1.234``) where decimals are
possible (percent, points); for whole counts it can only be a thousands separator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NOT_A_NUMBER = "not_a_number"
AMBIGUOUS = "ambiguous_number"

_SPACES = r"[\s\u00a0\u2007\u202f]"
_INT = r"^[+-]?\d+$"
_SINGLE = r"^[+-]?\d+[.,]\d+$"
_THREE = r"^[+-]?\d{1,3}[.,]\d{3}$"
_GROUPED_DOT = r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"  # 1.234.567 or 1.234,5 (Vietnamese)
_GROUPED_COMMA = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"  # 1,234,567 or 1,234.5 (English)
_DECIMAL_KINDS = ("percent", "points", "any")


def clean_text(raw: pd.Series) -> pd.Series:
    """Strip what people add around a number: spaces of every kind, an apostrophe, a % sign."""
    text = raw.astype("string").str.strip()
    text = text.str.replace(r"^[\"“”]+|[\"“”]+$", "", regex=True)  # quotes typed around the number
    text = text.str.replace(r"^'", "", regex=True).str.replace(_SPACES, "", regex=True)
    text = text.str.replace("\u2212", "-", regex=False).str.replace(r"%$", "", regex=True)
    return text


def parse_numbers(raw: pd.Series, kinds: pd.Series | str = "any") -> tuple[pd.Series, pd.Series]:
    """Parse a column of typed numbers.

    Returns ``(values, rules)``: values as float (NaN where empty or invalid) and, per row, None or
    the rule broken (``not_a_number``, ``ambiguous_number``). ``kinds`` is the unit of each row
    (``percent``, ``count``, ``points``, ``rank``) or one unit for the whole column. Each distinct
    (text, unit) pair is parsed once: a million typed figures hold a few thousand distinct ones.
    """
    if isinstance(kinds, str):
        kinds = pd.Series(kinds, index=raw.index)
    text_codes, _texts = pd.factorize(raw.astype(object), use_na_sentinel=False)
    kind_codes, kind_names = pd.factorize(kinds.astype(object), use_na_sentinel=False)
    _pairs, first, inverse = np.unique(
        text_codes.astype(np.int64) * max(len(kind_names), 1) + kind_codes, return_index=True, return_inverse=True
    )
    distinct_values, distinct_rules = _parse_distinct(
        pd.Series(raw.to_numpy(dtype=object)[first], dtype="object"),
        pd.Series(kinds.to_numpy(dtype=object)[first], dtype="object"),
    )
    values = pd.Series(distinct_values.to_numpy()[inverse.ravel()], index=raw.index, dtype=float)
    rules = pd.Series(distinct_rules.to_numpy()[inverse.ravel()], index=raw.index, dtype="object")
    return values, rules


def _parse_distinct(raw: pd.Series, kinds: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The column-wise parser, applied to distinct (text, unit) pairs."""
    text = clean_text(raw)
    decimals_possible = kinds.isin(_DECIMAL_KINDS).to_numpy()
    present = text.notna().to_numpy() & (text.fillna("") != "").to_numpy()
    t = text.fillna("")

    is_int = t.str.match(_INT).to_numpy(dtype=bool)
    is_three = t.str.match(_THREE).to_numpy(dtype=bool)
    is_single = t.str.match(_SINGLE).to_numpy(dtype=bool)
    grouped_dot = t.str.match(_GROUPED_DOT).to_numpy(dtype=bool)
    grouped_comma = t.str.match(_GROUPED_COMMA).to_numpy(dtype=bool)

    ambiguous = present & is_three & decimals_possible
    thousands_dot = present & ~ambiguous & grouped_dot
    thousands_comma = present & ~ambiguous & ~thousands_dot & grouped_comma
    single = present & ~ambiguous & ~thousands_dot & ~thousands_comma & is_single
    plain = present & is_int

    normal = np.select(
        [plain, thousands_dot, thousands_comma, single],
        [
            t.to_numpy(dtype=object),
            t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False).to_numpy(dtype=object),
            t.str.replace(",", "", regex=False).to_numpy(dtype=object),
            t.str.replace(",", ".", regex=False).to_numpy(dtype=object),
        ],
        default=None,
    )
    values = pd.to_numeric(pd.Series(normal, index=raw.index, dtype="object"), errors="coerce").astype(float)
    parsed = plain | thousands_dot | thousands_comma | single
    rules = np.where(ambiguous, AMBIGUOUS, np.where(present & ~parsed, NOT_A_NUMBER, None))
    return values, pd.Series(rules, index=raw.index, dtype="object")
