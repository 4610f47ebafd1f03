"""Write the notebooks in notebooks/ (stripped, thin): one per reform area, the overview, and explore.

The area notebooks differ only in their area: writing them from one list keeps them identical in form.
Run after changing the sections: python scripts/make_notebooks.py
"""

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

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
OVERVIEW_SECTIONS = ["header", "plan_summary", "status_overview", "most_behind", "changes", "rankings", "data_notes",
                     "method_note"]  # fmt: skip


def notebook(title: str, area: str | None, sections: list[str], record: bool = True) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(title, metadata={"tags": ["analyst-only"]}),
        new_code_cell(parameters(area), metadata={"tags": ["parameters"]}),
        new_code_cell(OPEN),
        *[new_code_cell(f"brief.{section}(b)") for section in sections],
    ]
    if record:
        cells.append(new_code_cell("brief.record_headline(b)", metadata={"tags": ["headline"]}))
    book = new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    return book


def main() -> None:
    catalogue = load_catalogue()
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
    books["explore"] = notebook(
        "# Khám phá số liệu\n*Explore a goal and a unit* — chọn chỉ tiêu, đơn vị trong danh sách bên dưới.",
        None,
        ["explorer"],
        record=False,
    )
    for name, book in books.items():
        for index, cell in enumerate(book.cells):
            cell.id = f"{name.replace('_', '-')}-{index}"  # stable ids: regenerating changes nothing
        nbformat.write(book, OUT / f"{name}.ipynb")
        print(f"notebooks/{name}.ipynb")


if __name__ == "__main__":
    main()
