"""Write the notebooks in notebooks/ (stripped, thin): one per reform area, the overview, and explore.

The area notebooks differ only in their area: writing them from one list keeps them identical in form. Before
each section a note says what it shows and how to read it (from words/<lang>/notebooks.yaml, through
partrack.brief.guide); the notes, the data tables and the closing "Your analysis" are tagged analyst-only, so
the exported briefs leave them out.
Run after changing the sections or their notes: python scripts/make_notebooks.py (or make notebooks)
"""

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from partrack.brief.guide import TAG, has_section_note, note, section_note
from partrack.brief.parameters import BriefParameters
from partrack.catalogue import load_catalogue

OUT = Path(__file__).resolve().parent.parent / "notebooks"
OPEN = (
    "from partrack import brief\n\nb = brief.open_brief("
    + ", ".join(f"{n}={n}" for n in BriefParameters.model_fields)
    + ")"
)


def parameters(area: str | None) -> str:
    """The parameters cell, written from the model that validates it (one list of names and defaults)."""
    defaults = {name: field.default for name, field in BriefParameters.model_fields.items()} | {"area": area}
    return "\n".join(f"{name} = {json.dumps(value) if value is not None else None}" for name, value in defaults.items())


AREA_SECTIONS = ["header", "area_summary", "status_table", "indicator_sections", "district_comparison",
                 "qualitative_goals", "data_notes"]  # fmt: skip
OVERVIEW_SECTIONS = ["header", "plan_summary", "most_behind", "rankings", "changes", "data_notes",
                     "method_note"]  # fmt: skip
# The plan's final assessment at its close (partrack run --final): the verdicts, the details, the annex to check them.
FINAL_SECTIONS = ["final_header", "final_verdict", "final_trajectories", "final_districts", "final_rankings",
                  "final_qualitative", "final_analyst", "final_annex"]  # fmt: skip
# The section's data as a table to sort and filter, right after the section (analysts only).
DATA_VIEWS = {"status_table": "brief.table_view(b)", "plan_summary": "brief.table_view(b)",
              "district_comparison": "brief.district_view(b)", "final_annex": "brief.table_view(b)"}  # fmt: skip
ANALYST = {"tags": [TAG]}  # cells the exported briefs leave out (publish/exporters.py)

# "Your analysis": the codes at hand and two worked examples, thin cells an analyst copies from.
EXAMPLE_COMPARE = """goal = brief.default_goal(b, level="district")  # or any id from brief.goal_ids(b)
pair = brief.unit_codes(b, level="district")["code"][:2].tolist()  # or codes from brief.unit_codes(b)
brief.table_view(b, b.table.query("indicator == @goal and unit in @pair"))"""
EXAMPLE_PLOT = """import seaborn

import partrack.charts.analysis

series = brief.series(b, goal, pair)
with partrack.charts.style():
    figure, axes = partrack.charts.analysis.figure()
    seaborn.lineplot(data=series, x="period_end", y="value", hue="unit_name", marker="o", ax=axes)
    axes.set(xlabel=None, ylabel=None)
figure"""


def analysis_cells() -> list[nbformat.NotebookNode]:
    """The closing "Phân tích của bạn / Your analysis" section (analysts only)."""
    return [
        new_markdown_cell(note("analysis"), metadata=ANALYST),
        new_markdown_cell(note("at_hand", 3), metadata=ANALYST),
        new_code_cell("brief.unit_codes(b)", metadata=ANALYST),
        new_code_cell("brief.goal_ids(b)", metadata=ANALYST),
        new_markdown_cell(note("compare", 3), metadata=ANALYST),
        new_code_cell(EXAMPLE_COMPARE, metadata=ANALYST),
        new_markdown_cell(note("plot", 3), metadata=ANALYST),
        new_code_cell(EXAMPLE_PLOT, metadata=ANALYST),
    ]


def notebook(title: str, area: str | None, sections: list[str], record: bool = True) -> nbformat.NotebookNode:
    """A brief's notebook: title, parameters, the brief opened, then each section after the note explaining it.

    The notes, the data views and the closing analysis are tagged for analysts only; the headline record
    (the numbers the run reads) shows nothing.
    """
    cells = [
        new_markdown_cell(title, metadata=ANALYST),
        new_code_cell(parameters(area), metadata={"tags": ["parameters"]}),
        new_code_cell(OPEN),
        new_markdown_cell(note("open"), metadata=ANALYST),
    ]
    for section in sections:
        cells.append(new_markdown_cell(section_note(section), metadata=ANALYST))
        cells.append(new_code_cell(f"brief.{section}(b)"))
        if section in DATA_VIEWS:
            cells.append(new_code_cell(DATA_VIEWS[section], metadata=ANALYST))
    if record:
        cells.append(new_code_cell("brief.record(b)", metadata={"tags": ["headline"]}))
        cells.extend(analysis_cells())
    return _book(cells)


def explore_notebook(title: str) -> nbformat.NotebookNode:
    """The explore notebook: the widget starts on the parameters (``unit``, ``area``) and draws at once."""
    cells = [
        new_markdown_cell(title, metadata=ANALYST),
        new_code_cell(parameters(None), metadata={"tags": ["parameters"]}),
        new_code_cell(OPEN),
        new_markdown_cell(note("open"), metadata=ANALYST),
        new_markdown_cell(note("explore"), metadata=ANALYST),
        new_code_cell("brief.explore(b)"),
    ]
    return _book(cells)


def _book(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    book = new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    return book


def main() -> None:
    catalogue = load_catalogue()
    unexplained = [s for s in AREA_SECTIONS + OVERVIEW_SECTIONS + FINAL_SECTIONS if not has_section_note(s)]
    if unexplained:
        raise SystemExit(f"no notebook.section.<name> in words/<lang>/notebooks.yaml for: {', '.join(unexplained)}")
    OUT.mkdir(exist_ok=True)
    books = {
        "00_overview": notebook(
            "# Tổng quan tình hình thực hiện Kế hoạch CCHC\n*Overview of the public administration reform plan*",
            None,
            OVERVIEW_SECTIONS,
        )
    }
    for index, area in enumerate(catalogue.areas, start=1):
        title = f"# {area.number}. {area.name_vi}\n*{area.name_en}*"
        books[f"{index:02d}_{area.code}"] = notebook(title, area.code, AREA_SECTIONS)
    # A plan whose areas have no notebook of their own gets this one, with its area as a parameter.
    books["area"] = notebook(
        "# Một lĩnh vực của Kế hoạch\n*One reform area* — tham số `area` là mã lĩnh vực (`partrack targets`).",
        catalogue.areas[0].code,
        AREA_SECTIONS,
    )
    books["final"] = notebook(
        "# Báo cáo tổng kết thực hiện Kế hoạch CCHC\n*Final assessment of the plan at its close* — "
        "`partrack run --final`; phần đánh giá của chuyên viên: `tong-ket.md` trong thư mục số liệu.",
        None,
        FINAL_SECTIONS,
    )
    books["explore"] = explore_notebook(
        "# Khám phá số liệu\n*Explore a goal and units* — chọn chỉ tiêu, đơn vị trong danh sách bên dưới."
    )
    for name, book in books.items():
        for index, cell in enumerate(book.cells):
            cell.id = f"{name.replace('_', '-')}-{index}"  # stable ids: regenerating changes nothing
        nbformat.write(book, OUT / f"{name}.ipynb")
        print(f"notebooks/{name}.ipynb")


if __name__ == "__main__":
    main()
