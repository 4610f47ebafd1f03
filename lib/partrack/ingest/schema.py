"""The column rules of the observation table, declared as a pandera schema.

Each check is named after the validation rule it enforces, so pandera's failure cases map straight
back to Problems (rule, column, row). Rules that depend on the indicator's unit read the unit column
added by validation.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pandera.pandas as pa

from partrack import columns as C

COUNT_COLUMNS = (C.NUMERATOR, C.DENOMINATOR, C.RANK, C.RANK_OF)


def _fails_percent_range(kind: str):
    return lambda d: ~((d[kind] == "percent") & ((d[C.VALUE] < 0) | (d[C.VALUE] > 100)))


def _fails_negative(kind: str, column: str):
    if column == C.VALUE:
        return lambda d: ~(d[kind].isin(["count", "boolean"]) & (d[C.VALUE] < 0))
    return lambda d: ~(d[column] < 0)


def _fails_whole(kind: str, column: str):
    if column == C.VALUE:
        return lambda d: ~((d[kind] == "count") & d[C.VALUE].notna() & (d[C.VALUE] % 1 != 0))
    return lambda d: ~(d[column].notna() & (d[column] % 1 != 0))


def observation_schema(kind_column: str) -> tuple[pa.DataFrameSchema, dict[str, tuple[str, str]]]:
    """The schema, and for each check name the (rule, column) it stands for."""
    checks, meaning = [], {}
    for rule, column, predicate in [
        ("percent_out_of_range", C.VALUE, _fails_percent_range(kind_column)),
        *[("negative_count", c, _fails_negative(kind_column, c)) for c in (C.VALUE, *COUNT_COLUMNS)],
        *[("not_whole", c, _fails_whole(kind_column, c)) for c in (C.VALUE, *COUNT_COLUMNS)],
    ]:
        name = f"{rule}:{column}"
        checks.append(pa.Check(predicate, name=name))
        meaning[name] = (rule, column)
    columns = {c: pa.Column(float, nullable=True, coerce=True) for c in (C.VALUE, *COUNT_COLUMNS)}
    return pa.DataFrameSchema(columns, checks=checks), meaning


def column_rule_failures(frame: pd.DataFrame, kind_column: str) -> Iterator[tuple[str, str, np.ndarray]]:
    """Yield (rule, column, mask of failing rows) for every rule some row breaks."""
    schema, meaning = observation_schema(kind_column)
    subset = frame[[C.VALUE, *COUNT_COLUMNS, kind_column]]
    try:
        schema.validate(subset, lazy=True)
    except pa.errors.SchemaErrors as failed:
        cases = failed.failure_cases
        cases = cases[cases["check"].isin(meaning) & cases["index"].notna()]
        for check, group in cases.groupby("check"):
            rule, column = meaning[check]
            yield rule, column, frame.index.isin(group["index"].unique())
