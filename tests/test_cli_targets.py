"""``partrack targets`` in its three formats."""

import json
import shutil

from partrack.catalogue import BUNDLED
from partrack.cli import main


def test_json_lists_every_goal_with_its_numbers(capsys, catalogue):
    assert main(["targets", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["plan"]["number"] == "111/KH-UBND"
    assert len(document["indicators"]) == len(catalogue.indicators)
    by_id = {i["id"]: i for i in document["indicators"]}
    assert by_id["results_digitised"]["target"]["milestones"]["commune"]["2025"] == 95
    assert by_id["meeting_system_deployed"]["target"]["by_level"] == {"province": 100, "district": 80}
    assert by_id["papi"]["target"]["top_share"] == 0.25


def test_table_is_grouped_by_area_in_vietnamese(capsys):
    assert main(["targets"]) == 0
    out = capsys.readouterr().out
    assert "1.2. Cải cách thủ tục hành chính — Văn phòng UBND tỉnh" in out
    assert "Tỷ lệ hồ sơ giải quyết trực tuyến" in out and "≥ 60%" in out
    assert out.index("1.1. Cải cách thể chế") < out.index("1.7. Công tác chỉ đạo điều hành")


def test_a_missing_catalogue_folder_is_a_data_error(capsys, tmp_path):
    assert main(["targets", "--catalogue", str(tmp_path)]) == 1
    assert "no plan.yaml" in capsys.readouterr().err


def _plan_copy(tmp_path, deadline: str):
    """The bundled plan in a folder of its own, with another deadline in plan.yaml."""
    folder = tmp_path / "plan"
    shutil.copytree(BUNDLED, folder)
    header = folder / "plan.yaml"
    text = header.read_text(encoding="utf-8")
    assert "deadline: 2025-12-31" in text
    header.write_text(text.replace("deadline: 2025-12-31", f"deadline: {deadline}"), encoding="utf-8")
    return folder


def test_the_target_header_names_the_deadline_of_the_plan_given(capsys, tmp_path):
    folder = _plan_copy(tmp_path, "2030-12-31")
    assert main(["targets", "--catalogue", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Mục tiêu 2030" in out and "Mục tiêu 2025" not in out
    assert main(["targets", "--catalogue", str(folder), "--lang", "en"]) == 0
    assert "2030 target" in capsys.readouterr().out
