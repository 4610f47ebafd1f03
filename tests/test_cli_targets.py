"""``partrack targets`` in its three formats."""

import json

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
