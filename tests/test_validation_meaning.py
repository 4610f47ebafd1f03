"""What validation means by a figure: no future periods, every revision on record, no control characters,
and Excel's percent format read as the percentage it shows."""

from datetime import date

import pandas as pd
import pytest

from conftest import validate, validate_tables
from partrack.ingest.readers import RawTable
from partrack.ingest.report import text_report
from partrack.ingest.validate import ValidationSettings
from partrack.periods import resolve_period

HEADER = "indicator,unit,period,value,numerator,denominator,rank,rank_of,assessment,source,note\n"
COLUMNS = HEADER.strip().split(",")


def _csv(path, *rows, header=HEADER):
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _rules(problems):
    return [(p.rule, p.row, p.column, p.value) for p in problems]


# --- 1. a period after the run's date --------------------------------------------------------------


def test_a_period_that_has_not_started_on_the_run_date_is_an_error(tmp_path):
    path = _csv(
        tmp_path / "a.csv",
        "dossiers_processed_online,36,2025-Q1,40.0,,,,,,,",
        "dossiers_processed_online,36,2025-Q2,41.0,,,,,,,",
    )
    result = validate([path], settings=ValidationSettings(today=date(2025, 3, 31)))
    assert _rules(result.errors) == [("future_period", 3, "period", "2025-Q2")]
    assert "31/03/2025" in result.errors[0].message_vi and "31/03/2025" in result.errors[0].message_en
    assert result.observations["period"].tolist() == ["2025-Q1"]
    assert result.quarantine["source_row"].tolist() == [3]
    assert "future_period" in result.quarantine.loc[0, "problems"]
    # A period that starts on the run's date has begun: it may be reported.
    assert validate([path], settings=ValidationSettings(today=date(2025, 4, 1))).ok


def test_a_row_for_2099_is_held_back_and_does_not_become_the_latest_period(tmp_path):
    path = _csv(
        tmp_path / "a.csv",
        "dossiers_processed_online,36,2024-Q2,40.0,,,,,,,",
        "dossiers_processed_online,36,2099-Q4,41.0,,,,,,,",
    )
    result = validate([path])
    assert ("future_period", 3, "period", "2099-Q4") in _rules(result.errors)
    assert {p.row for p in result.errors} == {3}  # (unit 36 was merged in 2025: not in 2099-Q4 either)
    assert date.today().strftime("%d/%m/%Y") in result.errors[0].message_en
    assert resolve_period("latest", set(result.observations["period"])).code == "2024-Q2"


# --- 2. every superseded value of a revision chain -------------------------------------------------


def test_every_step_of_a_revision_chain_is_recorded(tmp_path):
    a = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,40,,,,,,,")
    b = _csv(tmp_path / "b.csv", "dossiers_processed_online,36,2024-Q2,41,,,,,,,")
    c = _csv(tmp_path / "c.csv", "dossiers_processed_online,36,2024-Q2,42,,,,,,,")
    result = validate([a, b, c])
    assert result.ok
    revisions = [(p.rule, p.file, p.row, p.value) for p in result.warnings]
    assert revisions == [("revision", str(b), 2, "41"), ("revision", str(c), 2, "42")]
    assert f"40 ({a}:2)" in result.warnings[0].message_en
    assert f"41 ({b}:2)" in result.warnings[1].message_en
    [row] = result.observations.to_dict("records")
    assert (row["value"], row["replaced_value"], row["replaced_file"]) == (42.0, 41.0, f"{b}:2")
    assert f"{a}:2" in text_report(result, "en") and f"{b}:2" in text_report(result, "en")


def test_a_repeated_figure_in_the_middle_of_a_chain_is_recorded_too(tmp_path):
    a = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,40,,,,,,,")
    b = _csv(tmp_path / "b.csv", "dossiers_processed_online,36,2024-Q2,40.0,,,,,,,")
    c = _csv(tmp_path / "c.csv", "dossiers_processed_online,36,2024-Q2,42,,,,,,,")
    result = validate([a, b, c])
    assert [(p.rule, p.file) for p in result.warnings] == [("identical_duplicate", str(b)), ("revision", str(c))]
    assert f"40 ({b}:2)" in result.warnings[1].message_en
    assert result.observations["value"].tolist() == [42.0]


# --- 3. control characters -------------------------------------------------------------------------


def test_control_characters_are_removed_reported_and_never_reach_a_terminal(tmp_path):
    fake = "\x1b[2J\x1b[32mKhông có lỗi\x00"
    path = _csv(
        tmp_path / "a.csv",
        f"dossiers_processed_online,36\x7f,2024-Q2,47\x00,,,,,,Sở Nội vụ,{fake}",
        "dossiers_processed_online,36,2024-Q3,abc,,,,,,,",
    )
    result = validate([path])
    [row] = result.observations.to_dict("records")
    assert (row["unit"], row["value"], row["raw_value"]) == ("36", 47.0, "47")
    assert row["note"] == "[2J[32mKhông có lỗi"
    assert _rules(result.warnings) == [
        ("control_characters", 2, "unit", "36\\x7f"),
        ("control_characters", 2, "value", "47\\x00"),
        ("control_characters", 2, "note", "\\x1b[2J\\x1b[32mKhông có lỗi\\x00"),
    ]
    assert _rules(result.errors) == [("not_a_number", 3, "value", "abc")]
    for lang in ("vi", "en"):
        report = text_report(result, lang)
        assert "\x1b" not in report and "\x00" not in report
        assert "Không có lỗi" not in report  # the row with "abc" is an error: nothing may say otherwise


def test_file_names_headers_and_cells_are_printed_safely(tmp_path):
    path = _csv(
        tmp_path / "tệp\x1b[2J.csv",
        "dossiers_processed_online,36,2024-Q2,\x1b[32m,,,,,,,,",
        header=HEADER.strip() + ",ghi\x1b[1mchu\n",
    )
    result = validate([path])
    assert {p.rule for p in result.errors} == {"unknown_column"}
    report = text_report(result, "en")
    assert "\x1b" not in report
    assert "tệp\\x1b[2J.csv" in report and "ghi\\x1b[1mchu" in report


def test_a_value_of_only_spaces_is_no_figure_rather_than_an_empty_observation(tmp_path):
    path = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,   ,,,,,,,")
    result = validate([path])
    assert result.observations.empty
    assert _rules(result.warnings) == [("no_figure", 2, "value", None)]


# --- 4. Excel percent-formatted cells --------------------------------------------------------------


def _excel_table(rows: list[tuple], percent: list[bool] | None) -> RawTable:
    """A table as the XLSX reader hands it over: text, the numbers Excel stored, and their % formats."""
    frame = pd.DataFrame([(*r, *[pd.NA] * 7) for r in rows], columns=COLUMNS, dtype=object)
    frame["source_row"] = range(2, 2 + len(frame))
    stored = pd.to_numeric(frame["value"], errors="coerce")
    numbers = pd.DataFrame({c: stored if c == "value" else float("nan") for c in COLUMNS})
    table = RawTable("book.xlsx", "SoLieu", frame, numbers=numbers)
    if percent is not None:
        table.percent_cells = pd.DataFrame({c: percent if c == "value" else False for c in COLUMNS})
    return table


def test_a_percent_formatted_cell_is_the_percentage_excel_shows(tmp_path):
    table = _excel_table(
        [("dossiers_processed_online", "36", "2024-Q1", "0.654"), ("dossiers_processed_online", "36", "2024-Q2", "0.07"),
         ("dossiers_processed_online", "36", "2024-Q3", "71.5")],
        percent=[True, True, False],
    )  # fmt: skip
    result = validate_tables([table])
    assert result.ok, result.errors
    assert result.observations["value"].tolist() == [65.4, 7.0, 71.5]
    assert result.observations["raw_value"].tolist() == ["0.654", "0.07", "71.5"]


def test_a_percent_formatted_cell_for_a_goal_that_is_not_a_percentage_is_an_error():
    table = _excel_table(
        [("public_service_units", "36", "2021", "0.12"), ("public_service_units", "36", "2022", "12")],
        percent=[True, False],
    )
    result = validate_tables([table])
    assert _rules(result.errors) == [("percent_format_mismatch", 2, "value", "0.12")]
    assert "0.12" in result.errors[0].message_vi
    assert result.observations["value"].tolist() == [12.0]


@pytest.mark.parametrize("percent", [None, [False]])
def test_without_percent_formats_excel_numbers_are_taken_as_stored(percent):
    table = _excel_table([("dossiers_processed_online", "36", "2024-Q1", "65.4")], percent=percent)
    result = validate_tables([table])
    assert result.ok and result.observations["value"].tolist() == [65.4]
