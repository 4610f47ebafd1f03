"""Reporting periods: parsing, order, end dates, labels, previous period, 'latest'."""

from datetime import date

import pytest

from partrack.periods import Kind, Period, PeriodError, parse_period, resolve_period, years_between


@pytest.mark.parametrize(
    ("text", "kind", "end"),
    [
        ("2024", Kind.YEAR, date(2024, 12, 31)),
        ("2024-Q1", Kind.QUARTER, date(2024, 3, 31)),
        ("2024-q3", Kind.QUARTER, date(2024, 9, 30)),
        ("2024-H1", Kind.HALF, date(2024, 6, 30)),
        ("2024-H2", Kind.HALF, date(2024, 12, 31)),
        ("2024-06", Kind.MONTH, date(2024, 6, 30)),
        ("2024-02", Kind.MONTH, date(2024, 2, 29)),
        (" 2023 ", Kind.YEAR, date(2023, 12, 31)),
        ("2023.0", Kind.YEAR, date(2023, 12, 31)),
    ],
)
def test_parse_and_end_dates(text, kind, end):
    period = parse_period(text)
    assert (period.kind, period.end) == (kind, end)


@pytest.mark.parametrize("text", ["2024-Q5", "2024-H3", "2024-13", "Q1/2024", "", None, "24", "2024-Q1x"])
def test_bad_text_names_the_accepted_forms(text):
    with pytest.raises(PeriodError, match=r"2024-Q3 \(quý/quarter\)"):
        parse_period(text)


def test_order_by_end_date_then_shorter_first():
    codes = ["2024", "2024-Q4", "2023-H2", "2024-06", "2024-Q1", "2024-H1", "2022"]
    assert [p.code for p in sorted(parse_period(c) for c in codes)] == [
        "2022", "2023-H2", "2024-Q1", "2024-06", "2024-H1", "2024-Q4", "2024",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2024-Q3", "Quý III/2024", "Q3 2024"),
        ("2024-H1", "6 tháng đầu năm 2024", "H1 2024"),
        ("2024", "Năm 2024", "2024"),
        ("2024-06", "Tháng 6/2024", "June 2024"),
    ],
)
def test_labels(code, vi, en):
    assert parse_period(code).label("vi") == vi
    assert parse_period(code).label("en") == en


@pytest.mark.parametrize(
    ("code", "previous"),
    [("2024-Q1", "2023-Q4"), ("2024-Q3", "2024-Q2"), ("2024", "2023"), ("2024-H1", "2023-H2"), ("2024-01", "2023-12")],
)
def test_previous_comparable_period(code, previous):
    assert parse_period(code).previous().code == previous


def test_latest_resolves_from_data_and_prefers_the_quarter_on_a_tie():
    assert resolve_period("latest", ["2023", "2024-Q2", "2024-Q4", "2024", "bad"]).code == "2024-Q4"
    assert resolve_period("2023-Q1", []) == Period(2023, Kind.QUARTER, 1)
    with pytest.raises(PeriodError):
        resolve_period("latest", [])


def test_years_are_days_over_365_25():
    assert years_between(date(2021, 12, 31), date(2024, 6, 30)) == pytest.approx(912 / 365.25)


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2024-Q3", "Quý III/2024", "Q3 2024"),
        ("2024-H2", "6 tháng cuối năm 2024", "H2 2024"),
        ("2024", "năm 2024", "2024"),
        ("2024-06", "tháng 6/2024", "June 2024"),
    ],
)
def test_inline_labels(code, vi, en):
    assert parse_period(code).inline_label("vi") == vi
    assert parse_period(code).inline_label("en") == en


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        parse_period("2024-Q1").label("fr")
