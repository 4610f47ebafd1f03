"""A broken catalogue is refused with every problem named (file, indicator, field)."""

import shutil

import pytest
import yaml

from partrack.catalogue import BUNDLED, CatalogueError, load_catalogue


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of the bundled catalogue and a helper that edits one indicator in one file."""
    folder = tmp_path / "plan"
    shutil.copytree(BUNDLED, folder)

    def edit(file: str, indicator: str, change) -> None:
        path = folder / file
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        item = next(i for i in document["indicators"] if i["id"] == indicator)
        change(document, item)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return folder, edit


def _problems(folder):
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    return caught.value.problems


def test_duplicate_id(broken_copy):
    folder, edit = broken_copy
    edit("02_procedures.yaml", "online_payment_transactions", lambda d, i: i.update(id="fee_procedures_paid_online"))
    [problem] = _problems(folder)
    assert (problem.indicator, problem.field) == ("fee_procedures_paid_online", "id")
    assert "duplicate id" in problem.message


def test_missing_direction(broken_copy):
    folder, edit = broken_copy
    edit("02_procedures.yaml", "dossiers_processed_online", lambda d, i: i.pop("direction"))
    [problem] = _problems(folder)
    assert (problem.file, problem.indicator, problem.field) == (
        "02_procedures.yaml",
        "dossiers_processed_online",
        "direction",
    )
    assert "required" in problem.message.lower()


def test_target_kind_that_does_not_fit_the_unit(broken_copy):
    folder, edit = broken_copy
    edit("07_direction.yaml", "par_index", lambda d, i: i.update(target={"kind": "at_least", "value": 31}))
    [problem] = _problems(folder)
    assert problem.indicator == "par_index"
    assert "does not fit unit 'rank'" in problem.message


def test_milestones_out_of_order(broken_copy):
    folder, edit = broken_copy

    def reorder(document, item):
        item["target"]["milestones"]["district"] = {2021: 20, 2023: 60, 2022: 40, 2024: 80, 2025: 100}

    edit("02_procedures.yaml", "results_digitised", reorder)
    [problem] = _problems(folder)
    assert problem.indicator == "results_digitised"
    assert "out of order" in problem.message


def test_milestones_against_the_direction(broken_copy):
    folder, edit = broken_copy
    edit(
        "02_procedures.yaml",
        "results_digitised",
        lambda d, i: i["target"]["milestones"].update(province={2021: 30, 2022: 20}),
    )
    [problem] = _problems(folder)
    assert "go against direction" in problem.message


def test_every_problem_is_reported_at_once(broken_copy):
    folder, edit = broken_copy
    edit("02_procedures.yaml", "dossiers_processed_online", lambda d, i: i.pop("direction"))
    edit("05_public_finance.yaml", "self_financing_units", lambda d, i: i.update(unit="kilograms"))
    edit("06_digital_government.yaml", "work_files_processed_online", lambda d, i: i["target"].update(
        by_level={"province": 80, "ward": 60}))  # fmt: skip
    found = {(p.file, p.indicator) for p in _problems(folder)}
    assert found == {
        ("02_procedures.yaml", "dossiers_processed_online"),
        ("05_public_finance.yaml", "self_financing_units"),
        ("06_digital_government.yaml", "work_files_processed_online"),
    }


def test_percent_target_outside_0_100(broken_copy):
    folder, edit = broken_copy
    edit("02_procedures.yaml", "dossiers_processed_online", lambda d, i: i["target"].update(value=160))
    [problem] = _problems(folder)
    assert "within 0-100" in problem.message


def test_the_message_names_file_indicator_and_field(broken_copy):
    folder, edit = broken_copy
    edit("02_procedures.yaml", "dossiers_processed_online", lambda d, i: i.pop("direction"))
    with pytest.raises(CatalogueError, match=r"02_procedures.yaml: dossiers_processed_online: direction: "):
        load_catalogue(folder)
