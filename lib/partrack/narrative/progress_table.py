"""The progress table as text for people: words from the vocabulary, local numbers, statuses in words, by area."""

from __future__ import annotations

import pandas as pd

from partrack.catalogue import Catalogue
from partrack.periods import parse_period
from partrack.textable import render
from partrack.units import UnitRegistry
from partrack.words.labels import assessment_label, flag_labels, status_label
from partrack.words.numbers import difference, value_with_unit
from partrack.words.vocabulary import word

COLUMNS = ("ref", "goal", "unit", "value", "period", "target", "gap", "projection", "status", "notes")


def headers(catalogue: Catalogue, lang: str) -> tuple[str, ...]:
    """The column headings; the projection is to the plan's own deadline year, so it comes from the catalogue."""
    return tuple(word(f"table.{c}", lang, year=catalogue.plan.deadline.year) for c in COLUMNS)


def _cell_value(row: pd.Series, column: str, lang: str) -> str:
    value = row[column]
    if pd.isna(value):
        return "—"
    return value_with_unit(value, row["measure"], lang)


def progress_text(table: pd.DataFrame, catalogue: Catalogue, units: UnitRegistry, lang: str = "vi") -> str:
    """Render the progress table grouped by area."""
    if table.empty:
        return word("table.empty", lang)
    period = parse_period(table["period"].iloc[0])
    lines = [f"{catalogue.plan.title(lang)} — {period.label(lang)}"]
    for area in catalogue.areas:
        rows = table[table["area"] == area.code]
        if rows.empty:
            continue
        lines += ["", f"{area.number}. {area.name(lang)} — {area.lead_agency}"]
        body = []
        for _, row in rows.iterrows():
            item = catalogue.indicator(row["indicator"])
            unit = units[row["unit"]]
            shown_value = _cell_value(row, "value", lang)
            if row["target_kind"] == "qualitative":
                shown_value = assessment_label(row["assessment"], lang) if pd.notna(row["assessment"]) else "—"
            body.append(
                (
                    item.plan_ref,
                    item.name(lang),
                    unit.name(lang),
                    shown_value,
                    parse_period(row["value_period"]).label(lang) if pd.notna(row["value_period"]) else "—",
                    _cell_value(row, "target", lang),
                    difference(row["gap"], row["measure"], lang) if pd.notna(row["gap"]) else "—",
                    _cell_value(row, "projected", lang),
                    status_label(row["status"], lang),
                    flag_labels(row["flags"], lang),
                )
            )
        lines.append(render(headers(catalogue, lang), body, right=(3, 5, 6, 7)))
    counts = table["status"].value_counts()
    summary = ", ".join(f"{status_label(s, lang)}: {n}" for s, n in counts.items())
    lines += ["", word("table.summary", lang, counts=summary)]
    return "\n".join(lines)
