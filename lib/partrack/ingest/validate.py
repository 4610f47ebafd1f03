"""Validation that collects every problem before deciding, and loses nothing.

Rows with an error go to the quarantine table with their problems; valid rows go on as tidy
observations. Warnings (revisions, repeated values, jumps, stale series, identical duplicates) never
remove a figure without a record. Column rules (types, ranges, allowed values) are a declared pandera
schema; the rules that span rows (duplicates, revisions, series) are ours. Everything is column-wise:
Python only loops over the rows that broke a rule, to write their Problem.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd

from partrack import columns as C
from partrack.catalogue import ASSESSMENTS, Catalogue
from partrack.frames import lookup, lookup_pairs
from partrack.ingest.numbers import parse_numbers
from partrack.ingest.problems import Problem, problem
from partrack.ingest.readers import RawTable, ReadLimits, expand_paths, read_file
from partrack.ingest.schema import column_rule_failures
from partrack.periods import ACCEPTED_FORMS, STALE_AFTER_DAYS, PeriodError, parse_period
from partrack.textsafety import has_controls, strip_controls, terminal_safe
from partrack.units import UnitRegistry
from partrack.units.registry_model import LEVEL_NAMES

NUMERIC_COLUMNS = (C.VALUE, C.NUMERATOR, C.DENOMINATOR, C.RANK, C.RANK_OF)
# How the value column is parsed for each unit of measure (see numbers.parse_numbers).
VALUE_KIND = {"percent": "percent", "count": "count", "points": "points", "rank": "points", "boolean": "count"}
ILLUSTRATIVE_MARK = "minh họa"
ORDER, KIND, RAW_VALUE, PERCENT_CELL = "_order", "_unit_kind", "raw_value", "_pct_value"


@dataclass(frozen=True)
class ValidationSettings:
    """Thresholds of the warning rules (errors have none), and the date the run checks periods against."""

    jump_points: float = 30.0  # percent and points: a change larger than this many points
    jump_ratio: float = 0.5  # counts: a relative change larger than this
    stale_after_days: float = STALE_AFTER_DAYS  # latest figure older than this, against the latest period in the data
    rate_tolerance: float = 0.05  # value vs 100·numerator/denominator, in percentage points
    today: date | None = None  # the run's date, after which no period can have started (None: date.today())


@dataclass
class ValidationResult:
    """What came in, what is usable, what is not, and why."""

    observations: pd.DataFrame
    quarantine: pd.DataFrame
    problems: list[Problem]
    files: list[str]
    rows_read: int

    @cached_property
    def errors(self) -> list[Problem]:
        """Problems that keep a row (or a file) out (computed once: a broken file has a million)."""
        return [p for p in self.problems if p.severity == "error"]

    @cached_property
    def warnings(self) -> list[Problem]:
        """Problems worth a look that keep the figure in."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """No error anywhere."""
        return not self.errors

    @property
    def illustrative(self) -> bool:
        """Whether any observation is marked as illustrative ("số liệu minh họa") in its source."""
        sources = self.observations.get(C.SOURCE, pd.Series(dtype="string")).fillna("")
        return bool(sources.str.contains(ILLUSTRATIVE_MARK, regex=False).any())


@dataclass
class _Collector:
    """Problems keyed by the combined frame's row index (None for whole-file problems)."""

    by_row: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    whole_file: list[Problem] = field(default_factory=list)
    held: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))  # rows of a refused file
    erroneous: set[int] = field(default_factory=set)  # rows with an error in by_row, kept as problems come in
    # One Problem per distinct (rule, file, sheet, column, value, detail): a broken column repeats the same
    # few faults, so its messages are formatted once and each row's Problem copies them with its own row.
    templates: dict[tuple, Problem] = field(default_factory=dict)

    def add(self, index: int, found: Problem) -> None:
        self.by_row[index].append(found)
        if found.severity == "error":
            self.erroneous.add(index)

    def flag(
        self,
        frame: pd.DataFrame,
        mask: pd.Series | np.ndarray,
        rule: str,
        column: str | None = None,
        detail: pd.Series | str = "",
        value: pd.Series | np.ndarray | None = None,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        hits = frame.index[mask]
        typed = f"_{column}_text"  # numbers are reported as they were typed, not as parsed
        if value is None:
            value = frame[typed] if typed in frame else frame.get(column)
        cells = repeat(None) if value is None else np.asarray(value, dtype=object)[mask]
        # A detail Series may cover the hits only, hence by label.
        details = detail.reindex(hits).to_numpy(dtype=object) if isinstance(detail, pd.Series) else repeat(detail)
        files, sheets, rows = (frame[c].to_numpy(dtype=object)[mask] for c in C.PROVENANCE)
        for index, file, sheet, row, cell, why in zip(hits, files, sheets, rows, cells, details, strict=False):
            key = (rule, file, _none(sheet), column, _none(cell), why)
            template = self.templates.get(key)
            if template is None:
                found = self.templates[key] = problem(
                    rule, file, sheet=key[2], row=int(row), column=column, value=key[4], detail=why
                )
            else:
                found = replace(template, row=int(row))
            self.add(index, found)

    def error_rows(self) -> set[int]:
        return self.erroneous | set(self.held)

    def errors_of(self, index: int) -> list[Problem]:
        return [p for p in self.held.get(index, []) + self.by_row.get(index, []) if p.severity == "error"]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _none(value: object) -> object:
    return None if _missing(value) else value


def _fmt(numbers: pd.Series) -> pd.Series:
    """Numbers for a message: 6 rather than 6.0, empty when missing."""
    return numbers.map(lambda v: f"{v:g}", na_action="ignore").astype("string").fillna("")


def _clean_cells(frame: pd.DataFrame, column: str, found: _Collector) -> None:
    """Trim, NFC-normalise and drop control characters from a column of cells, once per distinct value.

    NUL, ESC or DEL in a cell would reach HTML, CSV and terminals; each cell that held one gets a
    warning showing it (as a visible escape), so that nothing changes silently.
    """
    codes, distinct = pd.factorize(frame[column])
    texts = [str(v) for v in distinct]
    clean = [unicodedata.normalize("NFC", strip_controls(t).strip()) or None for t in texts]
    frame[column] = np.array([*clean, None], dtype=object)[codes]  # code -1 (missing) → the last one
    shown = np.array([terminal_safe(t) if has_controls(t) else None for t in texts] + [None], dtype=object)[codes]
    found.flag(frame, pd.notna(shown), "control_characters", column, value=shown)


def _combine(tables: list[RawTable], collector: _Collector) -> pd.DataFrame:
    """One frame of every usable row: canonical columns as text, numeric Excel cells beside them."""
    frames = []
    allowed = set(C.OBSERVATION_COLUMNS) | set(C.INFO_COLUMNS)
    for order, table in enumerate(tables):
        if table.frame.empty:  # nothing to attach row problems to
            collector.whole_file += table.problems
            continue
        collector.whole_file += [p for p in table.problems if p.row is None]
        names = [c for c in table.frame.columns if c != C.ROW]
        missing = [c for c in C.REQUIRED if c not in names]
        unknown = [c for c in names if c not in allowed]
        file_errors = [problem("missing_column", table.file, sheet=table.sheet, row=table.header_row, column=c)
                       for c in missing]  # fmt: skip
        valid_names = ", ".join(C.OBSERVATION_COLUMNS)
        file_errors += [problem("unknown_column", table.file, sheet=table.sheet, row=table.header_row,
                                column=c, detail=valid_names) for c in unknown]  # fmt: skip
        frame = table.frame.reindex(columns=[*C.OBSERVATION_COLUMNS, C.ROW]).astype(
            {c: object for c in C.OBSERVATION_COLUMNS}
        )
        frame[C.FILE], frame[C.SHEET], frame[ORDER] = table.file, table.sheet, order
        for column in NUMERIC_COLUMNS:
            numbers = table.numbers[column] if table.numbers is not None and column in table.numbers else None
            frame[f"_num_{column}"] = numbers.to_numpy() if numbers is not None else np.nan
        percent = getattr(table, "percent_cells", None)  # Excel cells with a % format (65,4% stored as 0.654)
        has_percent = percent is not None and C.VALUE in percent
        frame[PERCENT_CELL] = percent[C.VALUE].eq(True).to_numpy() if has_percent else False
        frame["_file_error"] = bool(file_errors)
        collector.whole_file += file_errors
        frames.append((frame, table, file_errors))
    if not frames:
        return pd.DataFrame(columns=[*C.OBSERVATION_COLUMNS, C.ROW, C.FILE, C.SHEET, ORDER])
    combined = pd.concat([f for f, _, _ in frames], ignore_index=True)
    # Row-level reader problems (formula cells, merged ranges, hidden rows) attach to their rows.
    located = any(p.row is not None for _, table, _ in frames for p in table.problems)
    position = {}
    if located:  # only then is the (file, sheet, row) → index map worth building
        keys = zip(combined[C.FILE], combined[C.SHEET], combined[C.ROW], strict=True)
        position = {key: i for i, key in enumerate(keys)}
    for _, table, file_errors in frames:
        for found in table.problems:
            if found.row is None:
                continue
            index = position.get((table.file, table.sheet, found.row))
            if index is None:
                collector.whole_file.append(found)
            else:
                collector.add(index, found)
        if file_errors:  # the file cannot be read reliably: every row waits in quarantine with the reason
            for index in combined.index[combined[C.FILE] == table.file]:
                collector.held[index].extend(file_errors)
    return combined


def _level_mismatch(level: str | None, indicator: str | None, ids: dict) -> bool:
    """Whether a unit of this level cannot report this indicator (comparison units can report any)."""
    return bool(level) and level != "national" and indicator in ids and level not in ids[indicator].levels


def _successor_words(units: UnitRegistry, code: str, start: date, end: date) -> str:
    """For a unit that had ended before a period, " (→ code name)" of the unit that took it over.

    That is the first successor along the chain that existed in the period (else the direct one); "" for
    any other unit, so that the message of unit_not_in_period names where the figure belongs.
    """
    unit = units[code]
    if unit.successor is None or unit.valid_to is None or start <= unit.valid_to:
        return ""
    successor = units[unit.successor]
    while not successor.overlaps(start, end) and successor.successor is not None:
        successor = units[successor.successor]
    named = successor if successor.overlaps(start, end) else units[unit.successor]
    return f" (→ {named.code} {named.name_vi})"


def _check_keys(
    frame: pd.DataFrame, catalogue: Catalogue, units: UnitRegistry, settings: ValidationSettings, found: _Collector
) -> None:
    """Indicator, unit and period: present, known, consistent with each other, and not in the future."""
    for column in (C.INDICATOR, C.UNIT, C.PERIOD):
        found.flag(frame, frame[column].isna(), "missing_field", column)
    ids = {i.id: i for i in catalogue.indicators}
    found.flag(frame, frame[C.INDICATOR].notna() & ~frame[C.INDICATOR].isin(ids), "unknown_indicator", C.INDICATOR)
    known_unit = frame[C.UNIT].isin([u.code for u in units])
    found.flag(frame, frame[C.UNIT].notna() & ~known_unit, "unknown_unit", C.UNIT)
    eaten = frame[C.UNIT].notna() & ~known_unit & ("0" + frame[C.UNIT].fillna("")).isin([u.code for u in units])
    found.flag(frame, eaten, "leading_zero_code", C.UNIT)

    periods = {}
    for text in frame[C.PERIOD].dropna().unique():
        try:
            periods[text] = parse_period(text)
        except PeriodError:
            periods[text] = None
    parsed = pd.Series(lookup(frame[C.PERIOD], periods.get), index=frame.index)
    found.flag(frame, frame[C.PERIOD].notna() & parsed.isna(), "bad_period", C.PERIOD, detail=ACCEPTED_FORMS)
    # A period that has not started cannot have a figure, and would become the "latest" period of a run.
    today = settings.today or date.today()
    future = lookup(frame[C.PERIOD], lambda t: periods[t] is not None and periods[t].start > today).astype(bool)
    found.flag(frame, future, "future_period", C.PERIOD, detail=today.strftime("%d/%m/%Y"))
    frame[C.PERIOD_END] = lookup(frame[C.PERIOD], lambda t: periods[t].end if periods[t] else None)
    frame["_period_start"] = lookup(frame[C.PERIOD], lambda t: periods[t].start if periods[t] else None)
    canonical = lookup(frame[C.PERIOD], lambda t: periods[t].code if periods[t] else t)  # "2024-q1" → "2024-Q1"
    frame[C.PERIOD] = pd.Series(canonical, index=frame.index, dtype=object)

    pairs = frame.loc[known_unit & parsed.notna(), [C.UNIT, C.PERIOD_END, "_period_start"]].drop_duplicates()
    absent = {
        (u, e) for u, e, s in pairs.itertuples(index=False, name=None) if not units[u].overlaps(s, e)
    }  # fmt: skip
    key = pd.Series(list(zip(frame[C.UNIT], frame[C.PERIOD_END], strict=False)), index=frame.index)
    outside = key.isin(absent)
    after = {(u, e): _successor_words(units, u, s, e) for u, e, s in pairs.itertuples(index=False, name=None)
             if (u, e) in absent}  # fmt: skip
    detail = frame.loc[outside, C.PERIOD].astype(str) + pd.Series(
        lookup(key[outside], after.get), index=key[outside].index
    )
    found.flag(frame, outside, "unit_not_in_period", C.UNIT, detail=detail)

    level = pd.Series(lookup(frame[C.UNIT], lambda c: units[c].level if c in units else None), index=frame.index)
    wrong_level = lookup_pairs(level, frame[C.INDICATOR], lambda lv, i: _level_mismatch(lv, i, ids)).astype(bool)
    words = pd.Series(lookup(level, lambda lv: "/".join(LEVEL_NAMES[lv])), index=frame.index)
    found.flag(frame, wrong_level, "level_not_applicable", C.UNIT, detail=words)
    frame["_level"] = level
    frame[KIND] = pd.Series(lookup(frame[C.INDICATOR], lambda i: ids[i].unit if i in ids else None), index=frame.index)


def _parse_numbers(frame: pd.DataFrame, found: _Collector) -> None:
    """Numbers as typed (or as stored by Excel), with the unit of each row deciding what is ambiguous."""
    kinds = frame[KIND].map(VALUE_KIND).fillna("any")
    frame[RAW_VALUE] = frame[C.VALUE]
    for column in NUMERIC_COLUMNS:
        values, rules = parse_numbers(frame[column], kinds if column == C.VALUE else "count")
        stored = frame.pop(f"_num_{column}")
        from_excel = stored.notna()
        values = values.where(~from_excel, stored)
        rules = rules.where(~from_excel, None)
        if column == C.VALUE:  # Excel stores 65,4% as 0.654: right for a percentage, a slip anywhere else
            percent_cell = frame.pop(PERCENT_CELL).astype(bool) & from_excel
            is_percent = frame[KIND] == "percent"
            values = values.where(~(percent_cell & is_percent), (stored * 100).round(10))
            mismatch = percent_cell & ~is_percent
            found.flag(frame, mismatch, "percent_format_mismatch", column)
            values = values.where(~mismatch)  # like a number that cannot be read: no rule judges it further
        for rule in ("not_a_number", "ambiguous_number"):
            found.flag(frame, rules == rule, rule, column)
        frame[f"_{column}_text"] = frame[column]
        frame[column] = values


def _check_values(frame: pd.DataFrame, settings: ValidationSettings, found: _Collector) -> None:
    """Column rules (the pandera schema) and the rules that tie a row's columns together."""
    for rule, column, mask in column_rule_failures(frame, kind_column=KIND):
        found.flag(frame, mask, rule, column, value=frame[f"_{column}_text"] if column in NUMERIC_COLUMNS else None)

    kind = frame[KIND]
    value, num, den = frame[C.VALUE], frame[C.NUMERATOR], frame[C.DENOMINATOR]
    assessment = frame[C.ASSESSMENT]
    numeric_kind = kind.isin(["percent", "count", "points", "rank"])
    has_rate = num.notna() & den.notna()
    over = has_rate & (num > den)
    found.flag(frame, over, "numerator_gt_denominator", C.NUMERATOR,
               detail=_fmt(num[over]) + " > " + _fmt(den[over]), value=frame[f"_{C.NUMERATOR}_text"])  # fmt: skip
    rate = 100 * num / den.where(den > 0)
    disagrees = (kind == "percent") & has_rate & value.notna() & ((value - rate).abs() > settings.rate_tolerance)
    found.flag(frame, disagrees, "value_disagrees", C.VALUE, detail=_fmt(rate[disagrees].round(2)) + "%",
               value=frame[RAW_VALUE])  # fmt: skip
    computed = (kind == "percent") & has_rate & value.isna() & rate.notna()
    frame.loc[computed, C.VALUE] = rate[computed]

    empty_value = frame[C.VALUE].isna() & frame[RAW_VALUE].isna()
    figure_columns = [f"_{c}_text" for c in NUMERIC_COLUMNS] + [C.ASSESSMENT]
    no_figure = frame[figure_columns].isna().all(axis=1)
    no_figure &= ~((kind == "qualitative") & frame[C.NOTE].notna())  # evidence without its assessment
    found.flag(frame, no_figure, "no_figure", C.VALUE)
    frame["_no_figure"] = no_figure
    ranked = (kind == "rank") & (frame["_level"] != "national")
    no_rank = ranked & ~no_figure & (frame[f"_{C.RANK}_text"].isna() | frame[f"_{C.RANK_OF}_text"].isna())
    found.flag(frame, no_rank, "missing_rank", C.RANK)
    found.flag(frame, numeric_kind & ~ranked & ~no_figure & empty_value & assessment.isna(), "missing_field", C.VALUE)
    out_of_range = frame[C.RANK].notna() & frame[C.RANK_OF].notna()
    out_of_range &= (frame[C.RANK] < 1) | (frame[C.RANK] > frame[C.RANK_OF])
    found.flag(frame, out_of_range, "rank_out_of_range", C.RANK, detail=_fmt(frame[C.RANK_OF]),
               value=frame[f"_{C.RANK}_text"])  # fmt: skip

    lowered = assessment.str.lower()
    frame[C.ASSESSMENT] = lowered
    found.flag(frame, assessment.notna() & ~lowered.isin(ASSESSMENTS), "bad_assessment", C.ASSESSMENT,
               detail=", ".join(ASSESSMENTS), value=assessment)  # fmt: skip
    found.flag(frame, (kind == "qualitative") & assessment.isna() & ~no_figure, "missing_assessment", C.ASSESSMENT)
    done = kind == "boolean"
    found.flag(frame, done & value.notna() & ~value.isin([0, 1]), "bad_done_value", C.VALUE, value=frame[RAW_VALUE])


def _key_columns() -> list[str]:
    return [C.INDICATOR, C.UNIT, C.PERIOD]


def _same_figure(frame: pd.DataFrame) -> pd.Series:
    """A comparable fingerprint of what a row says (value, rank, assessment)."""
    parts = [frame[c].astype("string").fillna("") for c in (C.VALUE, C.RANK, C.RANK_OF, C.ASSESSMENT)]
    return parts[0].str.cat(parts[1:], sep="|")


def _check_duplicates(frame: pd.DataFrame, found: _Collector) -> pd.Series:
    """Duplicates in one file (error if they disagree) and revisions across files (later file wins).

    Returns a mask of the rows to keep among the valid ones; every row left out has a Problem.
    """
    keep = pd.Series(True, index=frame.index)
    candidates = frame.index[~frame["_no_figure"]].difference(pd.Index(sorted(found.error_rows())))
    columns = [ORDER, *_key_columns(), *C.PROVENANCE, C.VALUE, C.RANK, C.RANK_OF, C.ASSESSMENT, RAW_VALUE]
    work = frame.loc[candidates, columns]
    # Fingerprints and places are only needed for rows that share a key with another row.
    shared = work.duplicated(_key_columns(), keep=False)
    work = work[shared].copy()
    work["_figure"] = _same_figure(work)
    where = work[C.FILE] + ":" + work[C.ROW].astype(str)

    in_file = work.duplicated([ORDER, *_key_columns()], keep=False)
    if in_file.any():
        group = work[in_file].groupby([ORDER, *_key_columns()], sort=False)
        distinct = group["_figure"].transform("nunique")
        rows = group[C.ROW].transform(lambda r: ", ".join(map(str, r)))
        conflict = distinct > 1
        found.flag(work.loc[conflict.index], conflict, "conflicting_duplicate", C.VALUE, detail=rows,
                   value=work.loc[conflict.index, RAW_VALUE])  # fmt: skip
        keep.loc[conflict.index[conflict]] = False
        same = work[in_file & ~keep.loc[work.index].eq(False)]
        copies = same.duplicated([ORDER, *_key_columns()], keep="first")
        first = same.groupby([ORDER, *_key_columns()], sort=False)[C.ROW].transform("first")
        found.flag(same, copies, "identical_duplicate", C.VALUE, detail=first.astype(str))
        keep.loc[copies.index[copies]] = False

    work = work[keep.loc[work.index]]
    across = work.duplicated(_key_columns(), keep=False)
    frame[C.REPLACED_VALUE] = np.nan
    frame[C.REPLACED_FILE] = pd.Series(None, index=frame.index, dtype=object)
    if across.any():
        # Every file after the first replaces the one before it, and each step is recorded: in a chain
        # 40 (a.csv) → 41 (b.csv) → 42 (c.csv) the 41 row names the 40, the 42 row names the 41.
        ordered = work[across].sort_values([ORDER, C.ROW])
        group = ordered.groupby(_key_columns(), sort=False)
        latest = ~ordered.duplicated(_key_columns(), keep="last")
        previous_figure = group["_figure"].shift(1)
        previous_value = group[C.VALUE].shift(1)
        previous_where = where.loc[ordered.index].groupby([ordered[c] for c in _key_columns()], sort=False).shift(1)
        later = previous_where.notna()
        revised = later & (previous_figure != ordered["_figure"])
        detail = _fmt(previous_value) + " (" + previous_where.fillna("") + ")"
        found.flag(ordered, revised, "revision", C.VALUE, detail=detail, value=ordered[RAW_VALUE])
        found.flag(ordered, later & ~revised, "identical_duplicate", C.VALUE, detail=previous_where)
        kept = ordered.index[revised & latest]
        frame.loc[kept, C.REPLACED_VALUE] = previous_value[kept]
        frame.loc[kept, C.REPLACED_FILE] = previous_where[kept]
        keep.loc[ordered.index[~latest]] = False
    return keep


def _check_series(obs: pd.DataFrame, units: UnitRegistry, settings: ValidationSettings, found: _Collector) -> None:
    """Warnings along each series: the same value again, a large jump, no recent figure."""
    if obs.empty:
        return
    codes = obs[C.PERIOD].unique()
    previous = {c: parse_period(c).previous().code for c in codes}
    key = [C.INDICATOR, C.UNIT, C.PERIOD]
    before = obs[[*key, C.VALUE]].rename(columns={C.PERIOD: "_prev", C.VALUE: "_prev_value"})
    merged = obs[[*key, C.VALUE, KIND]].assign(_prev=obs[C.PERIOD].map(previous))
    merged = merged.reset_index().merge(before, on=[C.INDICATOR, C.UNIT, "_prev"], how="left").set_index("index")
    value, prior, kind = merged[C.VALUE], merged["_prev_value"], merged[KIND]
    level_kind = kind.isin(["percent", "points"])
    repeated = level_kind & value.notna() & (value == prior) & ~value.isin([0, 100])
    found.flag(obs.loc[merged.index], repeated, "repeated_value", C.VALUE, detail=merged["_prev"],
               value=obs.loc[merged.index, RAW_VALUE])  # fmt: skip
    change = value - prior
    jump = (level_kind & (change.abs() > settings.jump_points)) | (
        (kind == "count") & prior.gt(0) & ((change.abs() / prior) > settings.jump_ratio)
    )
    jump = jump.fillna(False)
    detail = _fmt(prior[jump]) + " → " + _fmt(value[jump]) + " (" + merged.loc[jump, "_prev"] + ")"
    found.flag(obs.loc[merged.index], jump, "jump", C.VALUE, detail=detail,
               value=obs.loc[merged.index, RAW_VALUE])  # fmt: skip

    data_end = obs[C.PERIOD_END].max()
    last = obs.sort_values(C.PERIOD_END).drop_duplicates([C.INDICATOR, C.UNIT], keep="last")
    age = (pd.to_datetime(data_end) - pd.to_datetime(last[C.PERIOD_END])).dt.days
    alive = lookup(last[C.UNIT], lambda code: units[code].exists_on(data_end) and units[code].level != "national")
    alive = pd.Series(alive, index=last.index).astype(bool)
    stale = (age > settings.stale_after_days) & alive
    found.flag(last, stale, "stale_series", C.PERIOD, detail=last[C.PERIOD], value=last[C.PERIOD])


def _quarantine(frame: pd.DataFrame, rows: list[int], found: _Collector) -> pd.DataFrame:
    """The refused rows as they were typed, with their problems."""
    text_columns = [f"_{c}_text" if c in NUMERIC_COLUMNS else c for c in C.OBSERVATION_COLUMNS]
    out = frame.loc[rows, [*text_columns, C.FILE, C.SHEET, C.ROW]].copy()
    out.columns = [*C.OBSERVATION_COLUMNS, C.FILE, C.SHEET, C.ROW]
    out[C.PROBLEMS] = ["; ".join(f"{p.rule}: {p.message_vi}" for p in found.errors_of(i)) for i in rows]
    return out.reset_index(drop=True)


def validate_tables(
    tables: list[RawTable],
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    settings: ValidationSettings | None = None,
) -> ValidationResult:
    """Validate raw tables read from files, in their order (later files win on revisions).

    The plan and units are required: a default would check another province's data against the bundled plan.
    """
    settings = settings or ValidationSettings()
    found = _Collector()
    frame = _combine(tables, found)
    rows_read = len(frame)
    if rows_read:
        for column in C.OBSERVATION_COLUMNS:
            _clean_cells(frame, column, found)
        _check_keys(frame, catalogue, units, settings, found)
        _parse_numbers(frame, found)
        _check_values(frame, settings, found)
        for index in found.held:  # a refused file's rows are reported once, by the file's own problem
            found.by_row.pop(index, None)
        keep = _check_duplicates(frame, found)
        errors = found.error_rows()
        valid = keep & ~frame.index.isin(list(errors)) & ~frame["_no_figure"]
        observations = frame[valid].copy()
        _check_series(observations, units, settings, found)
        quarantine = _quarantine(frame, sorted(errors), found)
    else:
        observations, quarantine = frame, pd.DataFrame(columns=[*C.OBSERVATION_COLUMNS, C.PROBLEMS])
    problems = found.whole_file + [p for i in sorted(found.by_row) for p in found.by_row[i]]
    return ValidationResult(
        observations=_tidy(observations),
        quarantine=quarantine,
        problems=problems,
        files=[t.file for t in tables],
        rows_read=rows_read,
    )


def _tidy(observations: pd.DataFrame) -> pd.DataFrame:
    """The contract of the observation table handed to the progress engine."""
    columns = [*C.OBSERVATION_COLUMNS, C.PERIOD_END, C.REPLACED_VALUE, C.REPLACED_FILE, RAW_VALUE, *C.PROVENANCE]
    out = observations.reindex(columns=columns)
    for column in (*NUMERIC_COLUMNS, C.REPLACED_VALUE):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out[C.PERIOD_END] = pd.to_datetime(out[C.PERIOD_END])
    return out.sort_values([C.INDICATOR, C.UNIT, C.PERIOD_END], kind="stable").reset_index(drop=True)


def validate(
    paths: Iterable[Path | str],
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    settings: ValidationSettings | None = None,
    sheet: str | None = None,
    limits: ReadLimits | None = None,
) -> ValidationResult:
    """Read and validate files and folders (a folder's files in name order), each within the read limits."""
    files = expand_paths(paths)
    tables = [read_file(p, sheet, limits) for p in files]
    return validate_tables(tables, catalogue=catalogue, units=units, settings=settings)
