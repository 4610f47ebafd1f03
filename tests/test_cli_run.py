"""``partrack run`` on the command line: its options reach the run parameters the way every command means them.

The runner itself is replaced here (the briefs are tested in test_publish.py): these tests only check that
``--data`` is read from the current folder and that ``--catalogue`` is passed on, as in the other commands.
"""

from pathlib import Path

import pytest

import partrack.publish.runner as runner
from partrack.cli import main
from partrack.periods import parse_period
from partrack.publish.runner import RunReport


@pytest.fixture
def captured(monkeypatch, tmp_path):
    """The parameters the runner would have received; the run itself produces nothing."""
    seen = []

    def fake_run(params):
        seen.append(params)
        return RunReport(parse_period("2025-Q2"), tmp_path / "out", [], 0)

    monkeypatch.setattr(runner, "run", fake_run)
    return seen


def test_data_and_catalogue_are_paths_from_the_current_folder(captured, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--data", "submitted", "more/q2.csv", "--catalogue", "plans/other", "--quiet"]) == 0
    params = captured[0]
    assert params.data == [str(tmp_path / "submitted"), str(tmp_path / "more" / "q2.csv")]
    assert params.data_paths == [tmp_path / "submitted", tmp_path / "more" / "q2.csv"]
    assert params.catalogue == str(tmp_path / "plans" / "other")
    assert "0/0 báo cáo / briefs" in capsys.readouterr().out


def test_without_options_the_parameter_files_decide(captured, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--quiet"]) == 0
    params = captured[0]
    assert params.catalogue is None and params.data and not Path(params.data[0]).is_absolute()
