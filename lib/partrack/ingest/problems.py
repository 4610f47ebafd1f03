"""Validation problems: one structured record per fault, with its place and a message in vi and en.

Every rule has an id and a severity here, and a message per language in the vocabulary. Validation code never prints; it appends
Problems, and the report, the quarantine table and the briefs' appendix all read the same records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from partrack.words.vocabulary import word

Severity = Literal["error", "warning"]

# Every rule's severity; its message, per language, is "problem.<rule>" in lib/partrack/words/<lang>/problems.yaml
# (placeholders: {value} {column} {detail}).
ERRORS = frozenset({
    "file_unreadable", "not_xlsx", "zip_bomb", "encoding", "no_header", "missing_column", "unknown_column",
    "formula_without_value", "merged_cells", "empty_file", "not_regular_file", "file_too_large", "cell_too_large",
    "duplicate_column", "sheet_too_large", "encrypted_xlsx", "percent_format_mismatch", "future_period",
    "missing_field", "unknown_indicator", "unknown_unit", "unit_not_in_period", "level_not_applicable", "bad_period",
    "not_a_number", "ambiguous_number", "percent_out_of_range", "negative_count", "not_whole",
    "numerator_gt_denominator", "value_disagrees", "rank_out_of_range", "missing_rank", "bad_assessment",
    "missing_assessment", "bad_done_value", "conflicting_duplicate",
})  # fmt: skip
WARNINGS = frozenset({
    "hidden_row", "hidden_column", "extra_sheet", "control_characters", "no_figure", "identical_duplicate",
    "revision", "repeated_value", "jump", "stale_series", "leading_zero_code",
})  # fmt: skip
RULES: dict[str, Severity] = {**dict.fromkeys(ERRORS, "error"), **dict.fromkeys(WARNINGS, "warning")}


@dataclass(frozen=True)
class Problem:
    """One fault: where (file, sheet, row, column), the raw text, the rule, and what to do, in vi and en."""

    severity: Severity
    rule: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message_vi: str = ""
    message_en: str = ""

    def message(self, lang: str = "vi") -> str:
        """The message in the requested language (a field per language, so no language is a special case)."""
        return getattr(self, f"message_{lang}")

    def as_dict(self) -> dict:
        """JSON-ready form (for ``--format json`` and the manifest)."""
        return asdict(self)


def problem(
    rule: str,
    file: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    detail: object = "",
) -> Problem:
    """Build a Problem from a rule id, filling the message of each language from the vocabulary."""
    severity = RULES[rule]
    text = "" if value is None else str(value)
    fill = {"value": text, "column": column or "", "detail": detail}
    return Problem(
        severity=severity,
        rule=rule,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        value=None if value is None else text,
        message_vi=word(f"problem.{rule}", "vi", **fill),
        message_en=word(f"problem.{rule}", "en", **fill),
    )
