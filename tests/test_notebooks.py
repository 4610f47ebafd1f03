"""The notebooks: stored thin and stripped, parameters match the model, and they run on the sample data."""

import ast
import json

import nbformat
import papermill
import pytest

from conftest import REPO, validate
from partrack.brief import BriefParameters
from partrack.catalogue import load_catalogue
from partrack.headline import HEADLINE_MIME
from partrack.progress import compute_progress
from partrack.publish.runner import plan_briefs

NOTEBOOK_NAMES = [b.name for b in plan_briefs(load_catalogue(), REPO / "notebooks", [])]

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_the_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == [*NOTEBOOK_NAMES, "area", "explore"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_thin_and_stripped(path):
    book = nbformat.read(path, as_version=4)
    assert book.cells[0].cell_type == "markdown" and book.cells[0].source.startswith("# ")
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = {target.id for node in ast.parse(tagged[0].source).body for target in node.targets}
    assert names == set(BriefParameters.model_fields)
    assert papermill.inspect_notebook(str(path)).keys() == set(BriefParameters.model_fields)
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        assert not cell.outputs and cell.execution_count is None, "notebooks are stored without outputs"
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]


def _executed(run_output, notebook, unit, lang):
    return nbformat.read(run_output / "notebooks" / f"{notebook}_{unit}_{lang}.ipynb", as_version=4)


def _headline(book):
    for cell in book.cells:
        for output in cell.get("outputs", []):
            if HEADLINE_MIME in output.get("data", {}):
                return output["data"][HEADLINE_MIME]
    raise AssertionError("no headline recorded")


@pytest.mark.parametrize(("unit", "lang"), [("36", "vi"), ("36", "en"), ("358", "vi")])
def test_recorded_numbers_equal_the_progress_table(briefs_run, unit, lang, catalogue, units):
    observations = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units).observations
    table = compute_progress(observations, "latest", catalogue=catalogue, units=units)
    for notebook in NOTEBOOK_NAMES:
        recorded = _headline(_executed(briefs_run, notebook, unit, lang))
        assert recorded["unit"] == unit and recorded["period"] == "2025-Q2" and recorded["lang"] == lang
        for indicator, numbers in recorded["indicators"].items():
            row = table[(table["indicator"] == indicator) & (table["unit"] == unit)].iloc[0]
            assert numbers["status"] == row["status"]
            assert numbers["value"] == pytest.approx(None if row["value"] != row["value"] else row["value"])


def test_every_numeric_indicator_appears_in_exactly_one_area_notebook(briefs_run, catalogue):
    seen = {}
    for notebook in NOTEBOOK_NAMES[1:]:
        for indicator in _headline(_executed(briefs_run, notebook, "36", "vi"))["indicators"]:
            seen.setdefault(indicator, []).append(notebook)
    numeric = [i.id for i in catalogue.indicators if i.is_numeric]
    assert all(len(seen.get(i, [])) == 1 for i in numeric), {i: seen.get(i) for i in numeric}


def test_outputs_have_no_python_errors_or_warnings(briefs_run):
    for path in (briefs_run / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                assert output.get("output_type") != "error", path.name
                assert output.get("name") != "stderr", f"{path.name}: {output.get('text', '')[:200]}"


@pytest.mark.parametrize(
    ("parameters", "message"),
    [({"period": "2024-Q5"}, "2024-Q5"), ({"unit": "999"}, "unknown unit '999'"), ({"lang": "fr"}, "lang")],
)
def test_a_bad_parameter_fails_in_the_validation_cell(tmp_path, parameters, message):
    output = tmp_path / "out.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(str(REPO / "notebooks" / "03_apparatus.ipynb"), str(output), parameters=parameters,
                                   kernel_name="python3", progress_bar=False)  # fmt: skip
    assert failure.value.ename == "ParameterError" and message in failure.value.evalue
    assert "brief.open_brief(" in failure.value.source  # the validation cell, before any section runs


def test_explore_notebook_runs(tmp_path):
    output = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "explore.ipynb"), str(output), kernel_name="python3",
                               progress_bar=False, parameters={"lang": "en"})  # fmt: skip
    widget = [o for c in nbformat.read(output, as_version=4).cells for o in c.get("outputs", [])
              if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]  # fmt: skip
    assert widget


def test_notebooks_run_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "04_civil_service.ipynb"), str(output), kernel_name="python3",
                               progress_bar=False, cwd=str(tmp_path))  # fmt: skip
    assert json.dumps(_headline(nbformat.read(output, as_version=4)))
