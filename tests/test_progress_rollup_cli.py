"""Area roll-up and ``partrack progress`` on the sample data."""

import io
import json
import shutil

import pandas as pd

from conftest import REPO, validate
from partrack.catalogue import BUNDLED
from partrack.cli import main
from partrack.progress import PROGRESS_COLUMNS, area_rollup, compute_progress, missing_reports

SAMPLE = str(REPO / "data" / "sample")


def test_rollup_counts_every_indicator_once(catalogue, units):
    table = compute_progress(validate([SAMPLE]).observations, "latest", unit="36", catalogue=catalogue, units=units)
    rollup = area_rollup(table)
    status_columns = [c for c in rollup.columns if c not in ("area", "unit", "numeric", "achieved_or_on_track",
                                                             "share_achieved_or_on_track")]  # fmt: skip
    assert rollup[status_columns].to_numpy().sum() == len(catalogue.indicators)
    civil = rollup[rollup["area"] == "civil_service"].iloc[0]
    assert civil["numeric"] == 0 and pd.isna(civil["share_achieved_or_on_track"])
    procedures = rollup[rollup["area"] == "procedures"].iloc[0]
    assert 0 <= procedures["share_achieved_or_on_track"] <= 1


def test_every_indicator_and_unit_at_its_levels(catalogue, units):
    table = compute_progress(validate([SAMPLE]).observations, "latest", catalogue=catalogue, units=units)
    assert set(table["period"]) == {"2025-Q2", "2024-Q2"}  # Mỹ Lộc (358) at its last quarter before 1/9/2024
    assert set(table.loc[table["unit"] == "358", "period"]) == {"2024-Q2"}
    expected = sum(1 + 10 * ("district" in i.levels) for i in catalogue.indicators)
    assert len(table) == expected
    missing = missing_reports(table)
    assert set(missing["unit"]) == {"360"} and len(missing) == 3  # Ý Yên skipped three indicators in 2025-Q2
    assert set(missing["value_period"]) == {"2025-Q1"}  # assessed on its latest figure, nothing made up


def test_cli_table_csv_json(capsys):
    assert main(["progress", "--data", SAMPLE, "--unit", "36"]) == 0
    out = capsys.readouterr().out  # 2025-Q2 is Nam Định's close: final verdicts, no "Đúng tiến độ"
    assert "Quý II/2025" in out and "Không đạt" in out and "điểm phần trăm" in out and "59,2%" in out
    assert "Đúng tiến độ" not in out
    assert main(["progress", "--data", SAMPLE, "--unit", "36", "--period", "2025-Q1"]) == 0
    assert "Đúng tiến độ" in capsys.readouterr().out
    assert main(["progress", "--data", SAMPLE, "--format", "csv", "--area", "procedures"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"unit": str})
    assert list(frame.columns[: len(PROGRESS_COLUMNS)]) == PROGRESS_COLUMNS
    assert set(frame["indicator"]).issubset({"one_stop_shop_renewed"} | set(frame["indicator"]))
    assert frame["unit"].str.len().min() >= 2
    assert main(["progress", "--data", SAMPLE, "--format", "json", "--method", "statcan", "--lang", "en"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["columns"] == PROGRESS_COLUMNS
    rows = document["rows"]
    assert {r["status"] for r in rows} <= {"achieved", "not_achieved", "no_data"}  # final verdicts at the close
    assert {r["trend_status"] for r in rows} & {"substantial_progress", "target_achieved"}  # its own bands beside
    assert main(["progress", "--data", SAMPLE, "--format", "json", "--method", "statcan", "--period", "2025-Q1"]) == 0
    assert {r["status"] for r in json.loads(capsys.readouterr().out)["rows"]} & {"substantial_progress"}


def test_cli_errors_are_reported_on_stderr_and_counted(capsys):
    broken = str(REPO / "tests" / "fixtures" / "broken" / "percent_out_of_range.csv")
    assert main(["progress", "--data", broken, "--period", "2024-Q1", "--unit", "36"]) == 1
    captured = capsys.readouterr()
    assert "percent_out_of_range" in captured.err
    assert "1 dòng bị giữ lại" in captured.out


def test_cli_usage_problems(capsys):
    assert main(["progress", "--data", SAMPLE, "--period", "2025-Q9"]) == 2
    assert main(["progress", "--data", SAMPLE, "--unit", "999"]) == 2
    assert main(["progress", "--data", SAMPLE, "--area", "nowhere"]) == 2


def test_cli_table_projects_to_the_deadline_of_the_plan_given(capsys, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(BUNDLED, folder)
    header = folder / "plan.yaml"
    header.write_text(header.read_text(encoding="utf-8").replace("deadline: 2025-12-31", "deadline: 2030-12-31"),
                      encoding="utf-8")  # fmt: skip
    assert main(["progress", "--data", SAMPLE, "--unit", "36", "--catalogue", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Dự báo 2030" in out and "Dự báo 2025" not in out
