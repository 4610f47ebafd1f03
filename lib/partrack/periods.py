"""Reporting periods: parse, order, end dates, labels, previous comparable period.

Provincial CCHC reporting runs on quarters, half-years ("6 tháng"), years and sometimes months, so a
period is one of ``2024``, ``2024-H1``, ``2024-Q3`` or ``2024-06``. Everything that compares periods
(latest value, staleness, "since last quarter") goes through this module so that they agree.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import total_ordering

from partrack.words.vocabulary import LANGS, vocabulary, word

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<q>[Qq][1-4])|(?P<h>[Hh][12])|(?P<m>\d{2})))?$")
_EXAMPLES = {"year": "2024", "half": "2024-H1", "quarter": "2024-Q3", "month": "2024-06"}  # the forms, not a plan year


def _both(key: str) -> str:
    """A word in every language, "vi / en": period errors are raised before anyone chose a language."""
    return " / ".join(word(key, lang) for lang in LANGS)


ACCEPTED_FORMS = ", ".join(
    f"{example} ({'/'.join(word(f'period.kind.{kind}', lang) for lang in LANGS)})"
    for kind, example in _EXAMPLES.items()
)


class PeriodError(ValueError):
    """A period text that does not match any accepted form."""


class Kind(StrEnum):
    """Length of a period; the value is the number of months it spans."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def months(self) -> int:
        """Number of months the period spans."""
        return {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.value]


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period; ordered by end date, then the shorter period first."""

    year: int
    kind: Kind
    number: int = 1  # quarter 1-4, half 1-2, month 1-12; 1 for a year

    @property
    def start(self) -> date:
        """First day of the period."""
        first_month = (self.number - 1) * self.kind.months + 1
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        """Last day of the period: observations are dated by it (the methodology's t)."""
        last_month = self.number * self.kind.months
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def code(self) -> str:
        """The canonical text form, as written in data files."""
        match self.kind:
            case Kind.YEAR:
                return f"{self.year}"
            case Kind.HALF:
                return f"{self.year}-H{self.number}"
            case Kind.QUARTER:
                return f"{self.year}-Q{self.number}"
            case Kind.MONTH:
                return f"{self.year}-{self.number:02d}"

    def previous(self) -> Period:
        """The previous period of the same kind (2024-Q1 → 2023-Q4, 2024 → 2023)."""
        per_year = 12 // self.kind.months
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, per_year)

    def _words(self, lang: str) -> tuple[str, dict[str, object]]:
        """The vocabulary key of the period's label (under ``period.label.``) and its values."""
        values: dict[str, object] = {"year": self.year}
        match self.kind:
            case Kind.HALF | Kind.QUARTER:
                return f"{self.kind.value}.{self.number}", values
            case Kind.MONTH:
                return "month", {**values, "month": word(f"period.month_name.{self.number}", lang)}
        return "year", values

    def label(self, lang: str = "vi") -> str:
        """Period in words, the official way: "Quý III/2024", "6 tháng đầu năm 2024", "Q3 2024"."""
        key, values = self._words(lang)
        return word(f"period.label.{key}", lang, **values)

    def inline_label(self, lang: str = "vi") -> str:
        """The label inside a sentence: "năm 2024", "tháng 6/2024" (quarters keep their capital: "Quý II/2024")."""
        key, values = self._words(lang)
        inline = f"period.inline.{key}"
        return word(inline, lang, **values) if inline in vocabulary(lang) else self.label(lang)

    def _key(self) -> tuple[date, int]:
        return (self.end, self.kind.months)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.code


def parse_period(text: object) -> Period:
    """Parse a period code; raise PeriodError naming the accepted forms when it is not one."""
    raw = "" if text is None else str(text).strip()
    if raw.endswith(".0") and raw[:-2].isdigit():  # a year that Excel stored as a float
        raw = raw[:-2]
    match = _PATTERN.match(raw)
    if not match:
        raise PeriodError(f"{_both('period.invalid')} {raw!r}; {_both('period.accepted')}: {ACCEPTED_FORMS}")
    year = int(match["year"])
    if not 1900 <= year <= 2100:
        raise PeriodError(f"{_both('period.year_out_of_range')} {raw!r}; {_both('period.accepted')}: {ACCEPTED_FORMS}")
    if match["q"]:
        return Period(year, Kind.QUARTER, int(match["q"][1]))
    if match["h"]:
        return Period(year, Kind.HALF, int(match["h"][1]))
    if match["m"]:
        month = int(match["m"])
        if not 1 <= month <= 12:
            raise PeriodError(f"{_both('period.invalid_month')} {raw!r}; {_both('period.accepted')}: {ACCEPTED_FORMS}")
        return Period(year, Kind.MONTH, month)
    return Period(year, Kind.YEAR)


def is_period(text: object) -> bool:
    """Whether the text is a valid period code."""
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True


def resolve_period(requested: str, available: list[str] | set[str]) -> Period:
    """Resolve ``latest`` to the latest period present in the data; parse anything else.

    Ties on the end date (2024-Q4 and 2024 both end on 31/12/2024) go to the shorter period, the
    quarterly cycle being the one briefs are produced for.
    """
    if requested != "latest":
        return parse_period(requested)
    periods = [parse_period(p) for p in available if is_period(p)]
    if not periods:
        raise PeriodError(_both("period.none_in_data"))
    latest_end = max(p.end for p in periods)
    return min(p for p in periods if p.end == latest_end)


def check_period_or_latest(value: str) -> str:
    """Validator for parameters: ``latest`` or a valid period code (ValueError with the accepted forms)."""
    if value != "latest":
        try:
            parse_period(value)
        except PeriodError as error:
            raise ValueError(str(error)) from None
    return value


DAYS_PER_YEAR = 365.25  # the methodology's year
STALE_AFTER_DAYS = 1 * DAYS_PER_YEAR  # a latest figure more than one year old is stale (methodology, flags)


def years_between(start: date, end: date) -> float:
    """Time in years as the methodology defines it: days / 365.25."""
    return (end - start).days / DAYS_PER_YEAR
