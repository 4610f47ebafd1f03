"""Numbers, differences and dates the way a Vietnamese (or English) reader expects them.

Vietnamese: decimal comma and thousands dot ("65,4", "1.234.567"), "điểm phần trăm" for a difference
of two percentages. Formatting goes through Babel (CLDR) and the words through the vocabulary, so
that no function here branches on the language.
"""

from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from partrack.words.vocabulary import locale, word

DECIMALS = {"percent": 1, "count": 0, "points": 2, "rank": 0, "boolean": 0}


def is_missing(value: object) -> bool:
    """None or NaN: a figure nobody reported."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A number with the language's separators: 47.0 → "47,0", 1234567 → "1.234.567" (decimals=0)."""
    if is_missing(value):
        return word("measure.missing", lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(round(float(value), decimals) + 0.0, format=pattern, locale=locale(lang))
    return text.replace("\u2212", "-")


def decimals_for(measure: str) -> int:
    """Decimal places a unit of measure is written with: 47,0%; 1.234; 43,17 điểm; hạng 29."""
    return DECIMALS.get(measure, 1)


def value_with_unit(value: float | None, unit: str, lang: str = "vi", decimals: int | None = None) -> str:
    """A value in its unit: "47,0%", "1.234", "43,2 điểm", "hạng 29"."""
    if is_missing(value):
        return word("measure.missing", lang)
    places = decimals_for(unit) if decimals is None else decimals
    match unit:
        case "percent":
            return f"{number(value, lang, places)}%"
        case "points":
            return word("measure.points", lang, value=number(value, lang, places))
        case "rank":
            return word("measure.rank", lang, value=number(value, lang, 0))
        case "boolean":
            return word("measure.done" if value >= 1 else "measure.not_done", lang)
    return number(value, lang, places)


def difference(value: float | None, unit: str, lang: str = "vi", decimals: int | None = None) -> str:
    """A difference in the indicator's unit: "13,0 điểm phần trăm", "13.0 percentage points"."""
    if is_missing(value):
        return word("measure.missing", lang)
    if unit == "percent":
        return f"{number(value, lang, 1 if decimals is None else decimals)} {word('measure.percentage_points', lang)}"
    if unit == "rank":
        return word("measure.places", lang, value=number(value, lang, 0))
    return value_with_unit(value, unit, lang, decimals)


def _date_parts(day: date, lang: str) -> dict[str, object]:
    """Every piece a date template may use: 5, 05, 1, 01 (months 1–2 written with a zero in Vietnamese)."""
    return {
        "d": day.day,
        "dd": f"{day.day:02d}",
        "m": day.month,
        "mm": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": day.year,
        "month": format_date(day, "MMMM", locale=locale(lang)),
        "mon": format_date(day, "MMM", locale=locale(lang)),
    }


def long_date(day: date, lang: str = "vi") -> str:
    """A date in words, Nghị định 30 style: "ngày 05 tháng 10 năm 2024"; "5 October 2024"."""
    return word("date.long", lang, **_date_parts(day, lang))


def short_date(day: date, lang: str = "vi") -> str:
    """A date in figures: 31/12/2025 (vi) or 31 Dec 2025 (en)."""
    return word("date.short", lang, **_date_parts(day, lang))
