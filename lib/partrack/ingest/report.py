"""The validation report for people (grouped by file, Vietnamese by default) and for machines (JSON).

Text that came from a submitted file (its name, sheet, headers, cells) is printed through ``terminal_safe``:
an ANSI escape in a cell must not be able to clear the screen and print a fake "Không có lỗi".
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from partrack.ingest.validate import ValidationResult
from partrack.textsafety import terminal_safe
from partrack.words.numbers import number
from partrack.words.vocabulary import word


def summary_line(result: ValidationResult, lang: str = "vi") -> str:
    """One line with the counts that decide whether a run can go ahead."""
    return word(
        "report.summary",
        lang,
        read=number(result.rows_read, lang, 0),
        valid=number(len(result.observations), lang, 0),
        held=number(len(result.quarantine), lang, 0),
        errors=number(len(result.errors), lang, 0),
        warnings=number(len(result.warnings), lang, 0),
    )


def text_report(result: ValidationResult, lang: str = "vi", summary_only: bool = False) -> str:
    """Every problem, grouped by file, then the summary line."""

    def w(key: str) -> str:
        return word(f"report.{key}", lang)

    lines = [f"{w('title')} — {len(result.files)} {w('files')}"]
    if summary_only:
        counts = Counter((p.severity, p.rule) for p in result.problems)
        if counts:
            lines.append(f"{w('rules')}:")
            lines += [f"  {w(s):<9} {rule}: {n}" for (s, rule), n in sorted(counts.items())]
    else:
        problems = sorted(result.problems, key=lambda p: (p.file, p.sheet or "", p.row or 0))
        for file, group in groupby(problems, key=lambda p: p.file):
            lines.append("")
            lines.append(terminal_safe(file))
            for found in group:
                where = []
                if found.sheet:
                    where.append(f"{w('sheet')} {terminal_safe(found.sheet)}")
                where.append(f"{w('row')} {found.row}" if found.row else w("whole_file"))
                if found.column:
                    where.append(f"{w('column')} {terminal_safe(found.column)}")
                message = terminal_safe(found.message(lang))  # holds the cell's value and details
                lines.append(f"  {w(found.severity):<9} {', '.join(where)}: {message}  [{found.rule}]")
    lines.append("")
    lines.append(summary_line(result, lang))
    if result.ok:
        lines.append(w("clean"))
    return "\n".join(lines)


def json_report(result: ValidationResult) -> dict:
    """The same content as data: counts and every problem as a record."""
    return {
        "files": result.files,
        "rows_read": result.rows_read,
        "valid_rows": len(result.observations),
        "quarantined_rows": len(result.quarantine),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "illustrative": result.illustrative,
        "problems": [p.as_dict() for p in result.problems],
    }
