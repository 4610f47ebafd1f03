"""Numbers, differences and dates the way a Vietnamese (or English) reader expects them.

Vietnamese: decimal comma and thousands dot ("65,4", "1.234.567"), "điểm phần trăm" for a difference
of two percentages. Formatting goes through Babel so that both languages follow CLDR, not hand-made
string replacements.
"""

from __future__ import annotations

import math
from datetime import date

from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_GB"}
MISSING = {"vi": "chưa có số liệu", "en": "no data"}
POINTS = {"vi": "điểm phần trăm", "en": "percentage points"}


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: use 'vi' or 'en'") from None


def is_missing(value: object) -> bool:
    """None or NaN: a figure nobody reported."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A number with the language's separators: 47.0 → "47,0", 1234567 → "1.234.567" (decimals=0)."""
    if is_missing(value):
        return MISSING[lang]
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(round(float(value), decimals) + 0.0, format=pattern, locale=_locale(lang))
    return text.replace("\u2212", "-")


def decimals_for(measure: str) -> int:
    """Decimal places a unit of measure is written with: 47,0%; 1.234; 43,17 điểm; hạng 29."""
    return {"percent": 1, "count": 0, "points": 2, "rank": 0, "boolean": 0}.get(measure, 1)


def value_with_unit(value: float | None, unit: str, lang: str = "vi", decimals: int | None = None) -> str:
    """A value in its unit: "47,0%", "1.234", "43,2 điểm", "hạng 29"."""
    if is_missing(value):
        return MISSING[lang]
    match unit:
        case "percent":
            return f"{number(value, lang, 1 if decimals is None else decimals)}%"
        case "count":
            return number(value, lang, 0 if decimals is None else decimals)
        case "points":
            return f"{number(value, lang, 2 if decimals is None else decimals)} {'điểm' if lang == 'vi' else 'points'}"
        case "rank":
            return f"{'hạng' if lang == 'vi' else 'rank'} {number(value, lang, 0)}"
        case "boolean":
            done = {"vi": ("chưa hoàn thành", "hoàn thành"), "en": ("not done", "done")}[lang]
            return done[1] if value >= 1 else done[0]
    return number(value, lang, 1 if decimals is None else decimals)


def difference(value: float | None, unit: str, lang: str = "vi", decimals: int | None = None) -> str:
    """A difference in the indicator's unit: "13,0 điểm phần trăm", "13.0 percentage points"."""
    if is_missing(value):
        return MISSING[lang]
    if unit == "percent":
        return f"{number(value, lang, 1 if decimals is None else decimals)} {POINTS[lang]}"
    if unit == "rank":
        return f"{number(value, lang, 0)} {'bậc' if lang == 'vi' else 'places'}"
    return value_with_unit(value, unit, lang, decimals)


def long_date(day: date, lang: str = "vi") -> str:
    """A date in words, Nghị định 30 style: "ngày 05 tháng 10 năm 2024" (leading zero for days < 10, months 1-2)."""
    if lang == "vi":
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def short_date(day: date, lang: str = "vi") -> str:
    """A date in figures: 31/12/2025 (vi) or 31 Dec 2025 (en)."""
    return f"{day.day}/{day.month}/{day.year}" if lang == "vi" else f"{day.day} {day.strftime('%b')} {day.year}"
