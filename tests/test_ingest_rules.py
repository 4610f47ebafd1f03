"""Cross-row rules: revisions across files, identical duplicates, repeated values, jumps, stale series."""

import pandas as pd

from conftest import validate
from partrack.ingest.validate import ValidationSettings

HEADER = "indicator,unit,period,value,numerator,denominator,rank,rank_of,assessment,source,note\n"


def _csv(path, *rows):
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_later_file_revises_and_the_replaced_value_is_kept(tmp_path):
    first = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,47.0,,,,,,,")
    second = _csv(tmp_path / "b.csv", "dossiers_processed_online,36,2024-Q2,48.5,,,,,,,")
    result = validate([first, second])
    assert result.ok
    [row] = result.observations.to_dict("records")
    assert (row["value"], row["replaced_value"]) == (48.5, 47.0)
    assert row["replaced_file"] == f"{first}:2"
    [warning] = result.warnings
    assert (warning.rule, warning.file, warning.row) == ("revision", str(second), 2)
    assert "47" in warning.message_vi


def test_file_order_given_decides_and_a_folder_is_read_by_name(tmp_path):
    a = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,47.0,,,,,,,")
    b = _csv(tmp_path / "b.csv", "dossiers_processed_online,36,2024-Q2,48.5,,,,,,,")
    assert validate([b, a]).observations["value"].tolist() == [47.0]
    assert validate([tmp_path]).observations["value"].tolist() == [48.5]


def test_identical_duplicates_are_kept_once_with_a_warning(tmp_path):
    a = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,47.0,,,,,,,")
    b = _csv(tmp_path / "b.csv", "dossiers_processed_online,36,2024-Q2,47,,,,,,,")
    result = validate([a, b])
    assert len(result.observations) == 1
    assert [p.rule for p in result.warnings] == ["identical_duplicate"]


def test_repeated_value_and_jump_warnings(tmp_path):
    path = _csv(
        tmp_path / "a.csv",
        "dossiers_processed_online,36,2024-Q1,40.0,,,,,,,",
        "dossiers_processed_online,36,2024-Q2,40.0,,,,,,,",
        "dossiers_processed_online,36,2024-Q3,75.0,,,,,,,",
        "public_service_units,36,2022,800,,,,,,,",
        "public_service_units,36,2023,300,,,,,,,",
    )
    rules = {(p.rule, p.row) for p in validate([path]).warnings}
    assert rules == {("repeated_value", 3), ("jump", 4), ("jump", 6)}


def test_jump_threshold_is_a_setting(tmp_path):
    path = _csv(
        tmp_path / "a.csv",
        "dossiers_processed_online,36,2024-Q1,40.0,,,,,,,",
        "dossiers_processed_online,36,2024-Q2,75.0,,,,,,,",
    )
    assert not validate([path], settings=ValidationSettings(jump_points=50)).warnings


def test_stale_series(tmp_path):
    path = _csv(
        tmp_path / "a.csv",
        "dossiers_processed_online,36,2022-Q1,40.0,,,,,,,",
        "dossiers_transferred_electronically,36,2024-Q2,50.0,,,,,,,",
    )
    [warning] = validate([path]).warnings
    assert (warning.rule, warning.row, warning.value) == ("stale_series", 2, "2022-Q1")


def test_rows_without_a_figure_are_recorded_as_not_reported(tmp_path):
    path = _csv(tmp_path / "a.csv", "dossiers_processed_online,36,2024-Q2,,,,,,,Sở Nội vụ,")
    result = validate([path])
    assert result.ok and result.observations.empty
    assert [p.rule for p in result.warnings] == ["no_figure"]


def test_nothing_is_lost(tmp_path):
    path = _csv(
        tmp_path / "a.csv",
        "dossiers_processed_online,36,2024-Q1,40.0,,,,,,,",
        "dossiers_processed_online,36,2024-Q2,abc,,,,,,,",
        "dossiers_processed_online,36,2024-Q3,,,,,,,,",
        "dossiers_processed_online,36,2024-Q3,,,,,,,,",
    )
    result = validate([path])
    accounted = len(result.observations) + len(result.quarantine)
    accounted += sum(p.rule in ("no_figure", "identical_duplicate", "revision") for p in result.warnings)
    assert accounted == result.rows_read == 4
    assert isinstance(result.quarantine, pd.DataFrame) and result.quarantine.loc[0, "value"] == "abc"
