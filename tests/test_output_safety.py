"""What partrack writes stays inert: no formula for Excel to run, no TeX for matplotlib, valid CSS; one validation."""

import csv
import io

import pytest

from conftest import REPO, validate
from partrack.charts import CHARTS, figure_to_svg
from partrack.cli import main
from partrack.progress import compute_progress

HOSTILE_NOTES = ['=HYPERLINK("http://x","bấm")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]


def test_formulas_in_notes_are_neutralised_in_csv_output(tmp_path, capsys):
    data = tmp_path / "data.csv"
    quoted = ['"' + note.replace('"', '""') + '"' for note in HOSTILE_NOTES]
    rows = [f"streamlined_apparatus,36,2024-Q{i + 1},,on_track,nguồn,{q}" for i, q in enumerate(quoted)]
    data.write_text("indicator,unit,period,value,assessment,source,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["progress", "--data", str(data), "--period", "2024-Q4", "--unit", "36", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    notes = [r["note"] for r in table if r["indicator"] == "streamlined_apparatus"]
    assert notes == ["'-2+3"]  # the latest report, made inert
    assert all(not (cell or "").startswith(("=", "+", "@")) for r in table for cell in r.values())


def test_formulas_in_the_catalogue_are_neutralised_in_targets_csv(tmp_path, capsys):
    import shutil

    from partrack.catalogue.loader import BUNDLED

    plan = tmp_path / "plan"
    shutil.copytree(BUNDLED, plan)
    area = plan / "04_civil_service.yaml"
    text = area.read_text(encoding="utf-8")
    area.write_text(
        text.replace("name_en: A professional, capable workforce", 'name_en: "=HYPERLINK(1)"'), encoding="utf-8"
    )
    assert main(["targets", "--catalogue", str(plan), "--format", "csv"]) == 0
    cells = [c for row in csv.reader(io.StringIO(capsys.readouterr().out)) for c in row]
    assert "'=HYPERLINK(1)" in cells and not any(c.startswith("=") for c in cells)


@pytest.fixture(scope="module")
def sample(catalogue, units):
    result = validate([REPO / "data" / "sample"], catalogue=catalogue, units=units)
    return result.observations, compute_progress(result.observations, "latest", catalogue=catalogue, units=units)


def test_a_tex_macro_in_a_label_is_drawn_as_typed(sample, catalogue):
    _, table = sample
    rows = table[table["indicator"] == "dossiers_processed_online"].copy()
    rows["unit"] = rows["unit"].astype(str)
    from partrack.units import load_units

    units = load_units()
    hostile = units["356"].model_copy(update={"name_vi": r"Phường $\undefinedmacro$ 50$"})
    registry = type(units)([hostile if u.code == "356" else u for u in units])
    svg = figure_to_svg(CHARTS["bullet"](rows, "unit", "vi", catalogue=catalogue, units=registry))
    assert r"$\undefinedmacro$" in svg


def test_the_index_page_keeps_its_stylesheet_as_css(tmp_path):
    from partrack.publish.parameters import load_parameters
    from partrack.publish.runner import run

    report = run(load_parameters({"out": str(tmp_path), "notebooks": "04_civil_service", "langs": "vi",
                                  "formats": "html", "quiet": True}))  # fmt: skip
    html = (report.output / "index.html").read_text(encoding="utf-8")
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "&gt;" not in style and "&#34;" not in style and '"Times New Roman"' in style


def test_kernels_use_the_runs_validation_instead_of_validating_again(tmp_path, monkeypatch):
    from partrack.brief import context
    from partrack.ingest.handover import save_validated

    paths = [REPO / "data" / "sample"]
    validation = validate(paths)
    saved = tmp_path / "validation.pickle"
    save_validated(validation, paths, None, saved)
    context.use_validated(str(saved))

    def no_second_validation(*args, **kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(context, "validate", no_second_validation)
    brief = context.open_brief(area="procedures", data=str(paths[0]), unit="36", lang="vi")
    assert len(brief.validation.observations) == len(validation.observations) and not brief.table.empty
