"""The notebooks: stored thin and stripped, parameters match the model, and they run on the sample data; a note
explains each section, the analyst's cells stay out of the briefs, and explore draws on open."""

import ast
import json
import re

import nbformat
import papermill
import pytest

from conftest import REPO, validate
from partrack.brief import BriefParameters
from partrack.brief.guide import TAG, note, section_note
from partrack.catalogue import load_catalogue
from partrack.headline import HEADLINE_MIME, read_headline
from partrack.progress import compute_progress
from partrack.publish.exporters import PartrackHTMLExporter
from partrack.publish.runner import plan_briefs

NOTEBOOK_NAMES = [b.name for b in plan_briefs(load_catalogue(), REPO / "notebooks", [])]

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
BRIEF_NOTEBOOKS = [p for p in NOTEBOOKS if p.stem != "explore"]
FINAL = "final"  # the plan's final assessment (partrack run --final), a brief of its own
AREA_NOTEBOOKS = [p for p in BRIEF_NOTEBOOKS if p.stem not in (NOTEBOOK_NAMES[0], FINAL)]  # 01_… 07_, the generic one
CALL = re.compile(r"^brief\.(\w+)\(b\)$")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _tags(cell):
    return cell.metadata.get("tags", [])


def _sections(book):
    """(index, name) of the cells that call a section of the brief (the cells a brief shows)."""
    return [(n, CALL.match(c.source).group(1)) for n, c in enumerate(book.cells)
            if c.cell_type == "code" and not _tags(c) and CALL.match(c.source)]  # fmt: skip


def test_the_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == [*NOTEBOOK_NAMES, "area", "explore", FINAL]


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_note_explains_each_section_just_before_it(path):
    book = nbformat.read(path, as_version=4)
    sections = _sections(book)
    assert sections, "a notebook calls its sections one cell each"
    for index, name in sections:
        before = book.cells[index - 1]
        assert before.cell_type == "markdown" and TAG in _tags(before), name
        assert before.source == (note("explore") if name == "explore" else section_note(name)), name
    opened = next(n for n, c in enumerate(book.cells) if "brief.open_brief(" in c.source)
    assert book.cells[opened + 1].source == note("open")  # what `b` holds, right after it is made


def test_the_area_notebooks_are_identical_but_for_title_and_area():
    def form(path):
        book = nbformat.read(path, as_version=4)
        return [(c.cell_type, _tags(c), c.source) for c in book.cells[1:] if "parameters" not in _tags(c)]

    first, *others = [form(p) for p in AREA_NOTEBOOKS]
    assert len(AREA_NOTEBOOKS) == len(NOTEBOOK_NAMES)  # seven areas and the generic one
    assert all(other == first for other in others)


@pytest.mark.parametrize("path", BRIEF_NOTEBOOKS, ids=lambda p: p.stem)
def test_the_briefs_end_with_the_analysts_own_section_and_a_silent_headline(path):
    book = nbformat.read(path, as_version=4)
    headline = [c for c in book.cells if "headline" in _tags(c)]
    assert [c.source for c in headline] == ["brief.record(b)"]
    start = next(n for n, c in enumerate(book.cells) if c.source == note("analysis"))
    closing = book.cells[start:]
    assert all(TAG in _tags(c) for c in closing)  # nothing of it reaches a brief
    sources = "\n".join(c.source for c in closing)
    for call in ("brief.unit_codes(b)", "brief.goal_ids(b)", "brief.table_view(b, b.table.query(", "seaborn.lineplot(",
                 "with partrack.charts.style():"):  # fmt: skip
        assert call in sources
    data_views = [c.source for c in book.cells if c.cell_type == "code" and TAG in _tags(c) and CALL.match(c.source)]
    assert "brief.table_view(b)" in data_views  # the sections' data as a table to sort and filter


def test_analyst_cells_run_and_stay_out_of_the_exported_brief(tmp_path):
    output = tmp_path / "02.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "02_procedures.ipynb"), str(output), kernel_name="python3",
                               progress_bar=False, parameters={"lang": "en"})  # fmt: skip
    book = nbformat.read(output, as_version=4)
    for cell in book.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error" and out.get("name") != "stderr", out
    analyst = [c for c in book.cells if c.cell_type == "code" and TAG in _tags(c)]
    assert analyst and all(c.outputs for c in analyst)  # every analyst cell shows something
    assert any("image/png" in o.get("data", {}) for c in analyst for o in c.outputs)  # the seaborn example
    record = next(c for c in book.cells if "headline" in _tags(c))
    assert [o["data"]["text/plain"] for o in record.outputs] == [""]  # nothing visible in Lab
    assert read_headline(book)["notebook_area"] == "procedures"  # and the run still reads it
    html, _ = PartrackHTMLExporter().from_notebook_node(book)
    assert "pace_observed" in "".join(o.get("data", {}).get("text/html", "") for c in analyst for o in c.outputs)
    for hidden in ("pace_observed", "unit_name", "Your analysis", "Example 1", "Status table · ", "`b.table`",
                   "Progress table:", HEADLINE_MIME):  # fmt: skip
        assert hidden not in html, hidden
    assert html.count("<img") >= 2  # the brief's own charts are there


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


def test_a_run_executes_the_briefs_cells_only(briefs_run):
    """The analyst-only cells never reach a brief, so a run does not spend time on them (they run in JupyterLab)."""
    for path in (briefs_run / "notebooks").glob("*.ipynb"):
        book = nbformat.read(path, as_version=4)
        assert not [c for c in book.cells if TAG in _tags(c)], path.name
        assert _headline(book)  # the cells the brief needs did run


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


def test_explore_draws_the_unit_it_is_given_without_any_interaction(tmp_path, units):
    output = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "explore.ipynb"), str(output), kernel_name="python3",
                               progress_bar=False, parameters={"lang": "en", "unit": "358"})  # fmt: skip
    book = nbformat.read(output, as_version=4)
    widget = [o for c in book.cells for o in c.get("outputs", [])
              if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]  # fmt: skip
    assert widget
    models = book.metadata["widgets"][WIDGET_STATE]["state"].values()
    picked = next(m["state"] for m in models if m["model_name"] == "SelectMultipleModel")
    assert [picked["_options_labels"][i] for i in picked["index"]] == [units["358"].name("en")]
    shown = next(m["state"]["outputs"] for m in models if m["model_name"] == "OutputModel")
    assert sum("image/png" in o["data"] for o in shown) == 1  # the chart
    html = "".join(o["data"].get("text/html", "") for o in shown)
    assert '<p class="indicator' in html and units["358"].name("en") in html  # the paragraph, for that unit


def test_notebooks_run_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "04_civil_service.ipynb"), str(output), kernel_name="python3",
                               progress_bar=False, cwd=str(tmp_path))  # fmt: skip
    assert json.dumps(_headline(nbformat.read(output, as_version=4)))


def test_a_bad_parameter_shows_one_message_not_a_traceback(tmp_path):
    out = tmp_path / "bad.ipynb"
    with pytest.raises(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(REPO / "notebooks" / "02_procedures.ipynb"), str(out),
                                   parameters={"unit": "999"}, progress_bar=False, kernel_name="python3")  # fmt: skip
    [error] = [o for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])
               if o.get("output_type") == "error"]  # fmt: skip
    assert error["traceback"] == [error["traceback"][0]] and "unknown unit '999'" in error["traceback"][0]
