"""The Excel template a department fills in: one row per indicator × unit due for a period.

The template reads back through ``validate`` unchanged: its header row uses the contract's column
names, the helper columns (plan wording, unit name, target) are ones validation knows to ignore,
codes are text cells, and data validation stops most typing errors before the file is sent back.

Every text partrack writes (titles, indicator and unit names, plan wording, target words) is a text cell
and goes through ``neutralise_formula``: catalogue text such as ``=HYPERLINK(…)`` must reach the person
filling the template in as text, never as a formula Excel runs, even after the cell is edited.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partrack import columns as C
from partrack.catalogue import ASSESSMENTS, Catalogue, Indicator
from partrack.periods import Kind, Period
from partrack.textsafety import neutralise_formula
from partrack.units import Unit, UnitRegistry
from partrack.words import word
from partrack.words.labels import target_words

DATA_SHEET, HELP_SHEET = "SoLieu", "HuongDan"
COLUMNS = (*C.OBSERVATION_COLUMNS, "indicator_name", "unit_name", "target", "plan_text")
INPUT_COLUMNS = (C.VALUE, C.NUMERATOR, C.DENOMINATOR, C.RANK, C.RANK_OF, C.ASSESSMENT, C.SOURCE, C.NOTE)
WIDTHS = {C.INDICATOR: 30, "indicator_name": 45, "plan_text": 60, "unit_name": 22, C.SOURCE: 24, C.NOTE: 30}
HEADER_ROW = 4  # rows 1-3: title, plan and period, Vietnamese labels


def _text(sheet, row: int, column: int, value: object) -> Cell:
    """Write a cell; text is stored as text (never a formula), with an apostrophe if it looks like one."""
    cell = sheet.cell(row=row, column=column, value=neutralise_formula(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _due(indicator: Indicator, period: Period) -> bool:
    """Rankings are annual: they are due in a yearly template only."""
    return indicator.unit != "rank" or period.kind == Kind.YEAR


def due_rows(catalogue: Catalogue, units: UnitRegistry, period: Period, level: str) -> list[tuple[Indicator, Unit]]:
    """Indicator × unit pairs due for the period at a level, for units that existed during it."""
    scope = units.plan_scope(catalogue.plan.province)  # the plan's own units, not every province known
    present = [u for u in scope if u.level == level and u.assessed and u.overlaps(period.start, period.end)]
    return [
        (indicator, unit)
        for indicator in catalogue.indicators
        if level in indicator.levels and _due(indicator, period)
        for unit in present
    ]


def _validations(sheet, rows: list[tuple[Indicator, Unit]], lang: str) -> None:
    first = HEADER_ROW + 1
    col = {name: get_column_letter(i + 1) for i, name in enumerate(COLUMNS)}
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    percent.error, percent.errorTitle = word("template.percent_rule", lang), word("template.invalid", lang)
    count = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    count.error, count.errorTitle = word("template.count_rule", lang), word("template.invalid", lang)
    done = DataValidation(type="list", formula1='"0,1"', allow_blank=True)
    assessment = DataValidation(type="list", formula1=f'"{",".join(ASSESSMENTS)}"', allow_blank=True)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    for validation in (percent, count, done, assessment, counts):
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    by_unit = {"percent": percent, "count": count, "boolean": done}
    for offset, (indicator, _) in enumerate(rows):
        validation = by_unit.get(indicator.unit)
        if validation is not None:
            validation.add(f"{col[C.VALUE]}{first + offset}")
    last = first + max(len(rows), 1) - 1
    assessment.add(f"{col[C.ASSESSMENT]}{first}:{col[C.ASSESSMENT]}{last}")
    for name in (C.NUMERATOR, C.DENOMINATOR, C.RANK, C.RANK_OF):
        counts.add(f"{col[name]}{first}:{col[name]}{last}")


def write_template(
    out: Path | str,
    period: Period,
    level: str = "province",
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    lang: str = "vi",
) -> int:
    """Write the workbook in a language (Vietnamese for departments); return the rows due. ValueError if none."""
    rows = due_rows(catalogue, units, period, level)
    if not rows:
        raise ValueError(
            f"không có đơn vị cấp {level} nào tồn tại trong kỳ {period.label('vi')} / "
            f"no {level}-level unit existed in {period.code}"
        )
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = HELP_SHEET
    for row, line in enumerate(word("template.instructions", lang).split("\n"), start=1):
        _text(help_sheet, row, 1, line)
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.column_dimensions["A"].width = 120

    sheet = book.create_sheet(DATA_SHEET)
    plan = catalogue.plan
    title = _text(sheet, 1, 1, word("template.title", lang, period=period.label(lang).upper()))
    title.font = Font(bold=True, size=13)
    level_words = word(f"level.{level}", lang)
    _text(sheet, 2, 1, word("template.plan_line", lang, title=plan.title(lang), number=plan.number, level=level_words,
                            period=period.code))  # fmt: skip
    locked_fill = PatternFill("solid", fgColor="E7E6E6")
    for index, name in enumerate(COLUMNS, start=1):
        label = _text(sheet, 3, index, word(f"template.label.{name}", lang, year=catalogue.plan.deadline.year))
        label.font, label.alignment = Font(bold=True), Alignment(wrap_text=True)
        _text(sheet, HEADER_ROW, index, name).font = Font(italic=True, color="595959")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 13)
    for offset, (indicator, unit) in enumerate(rows):
        record = {
            C.INDICATOR: indicator.id,
            C.UNIT: unit.code,
            C.PERIOD: period.code,
            "indicator_name": indicator.name(lang),
            "unit_name": unit.name(lang),
            "target": target_words(indicator, lang, catalogue.plan.baseline_year, level=unit.level),
            "plan_text": indicator.text_vi,
        }
        for index, name in enumerate(COLUMNS, start=1):
            cell = _text(sheet, HEADER_ROW + 1 + offset, index, record.get(name))
            if name in INPUT_COLUMNS:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = locked_fill
            if name in (C.UNIT, C.PERIOD, C.INDICATOR):
                cell.number_format = "@"  # text: Excel must not eat leading zeros or turn periods into dates
    for name in INPUT_COLUMNS:  # let people add rows below the list for figures not pre-listed
        letter = get_column_letter(COLUMNS.index(name) + 1)
        for row in range(HEADER_ROW + 1 + len(rows), HEADER_ROW + 51 + len(rows)):
            sheet[f"{letter}{row}"].protection = Protection(locked=False)
    _validations(sheet, rows, lang)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    book.active = book.index(sheet)
    book.save(out)
    return len(rows)
