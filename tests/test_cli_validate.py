"""``partrack validate`` and ``partrack template``: reports, formats and exit codes."""

import json

from conftest import FIXTURES, REPO
from partrack.cli import main


def test_clean_data_exits_0_with_a_summary(capsys):
    assert main(["validate", str(REPO / "data" / "sample")]) == 0
    out = capsys.readouterr().out
    assert "0 lỗi" in out and "Không có lỗi." in out


def test_errors_exit_1_and_name_row_and_column(capsys):
    assert main(["validate", str(FIXTURES / "broken" / "ambiguous_number.csv"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR     row 3, column value: '1.234' is ambiguous" in out
    assert "1 error(s)" in out


def test_json_format(capsys):
    assert main(["validate", str(FIXTURES / "broken"), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] >= 21 and report["rows_read"] > 0
    assert {"severity", "rule", "file", "sheet", "row", "column", "value", "message_vi", "message_en"} <= set(
        report["problems"][0]
    )


def test_usage_problems_exit_2(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "missing.csv")]) == 2
    assert "missing.csv" in capsys.readouterr().err
    try:
        main(["validate", str(REPO / "data" / "sample"), "--format", "yaml"])
    except SystemExit as stop:
        assert stop.code == 2


def test_template_command(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["template", "--period", "2025-Q2", "--level", "district", "--out", str(out)]) == 0
    assert out.exists() and "Quý II/2025" in capsys.readouterr().out
    assert main(["template", "--period", "2025-Q5", "--out", str(out)]) == 2
