"""Paragraphs from the progress table: per indicator, per area and for the plan as a whole.

Jinja2 templates per language under ``templates/<lang>/``; autoescaping is on, so any text that came
from a submission (notes, sources, unit names) reaches the HTML escaped. The output is an HTML
fragment (``markupsafe.Markup``) for notebooks and briefs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from partrack.catalogue import Catalogue
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.narrative.context import indicator_facts
from partrack.periods import parse_period
from partrack.progress.statuses import DISPLAY_ORDER, GOOD_STATUSES
from partrack.units import UnitRegistry
from partrack.words.labels import status_label
from partrack.words.numbers import number
from partrack.words.vocabulary import LANGS, UnknownLanguage

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_ORDER = DISPLAY_ORDER
MAX_CHANGES = 5  # the overview names this many status changes, then counts the rest
BEHIND = ("not_achieved", "regressing", "off_track", "needs_acceleration")

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _render(lang: str, name: str, **context: object) -> Markup:
    if lang not in LANGS:  # a template path is built from it: never let it name another folder
        raise UnknownLanguage(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    text = _environment.get_template(f"{lang}/{name}.html.j2").render(**context)
    return Markup(" ".join(text.split()).replace(" </p>", "</p>"))


def indicator_paragraph(row: pd.Series, lang: str = "vi", *, catalogue: Catalogue, units: UnitRegistry) -> Markup:
    """Where one indicator stands for one unit, in words (from its progress row of this catalogue)."""
    return _render(lang, "indicator", f=indicator_facts(row, catalogue, units, lang))


def _counts(rows: pd.DataFrame, lang: str) -> list[tuple[str, int]]:
    counts = rows["status"].value_counts()
    order = [s for s in STATUS_ORDER if s in counts] + [s for s in counts.index if s not in STATUS_ORDER]
    return [(status_label(s, lang), int(counts[s])) for s in order]


def _share(rows: pd.DataFrame, lang: str) -> str:
    numeric = rows[rows["target_kind"].isin(NUMERIC_KINDS)]
    if numeric.empty:
        return ""
    good = numeric["status"].isin(GOOD_STATUSES).mean() * 100
    return f"{number(good, lang, 0)}%"


def most_behind(rows: pd.DataFrame, limit: int = 3) -> pd.DataFrame:
    """The goals furthest from their path: worst status first, then the lowest progress ratio."""
    behind = rows[rows["status"].isin(BEHIND)]
    rank = behind["status"].map({s: i for i, s in enumerate(BEHIND)})
    return behind.assign(_rank=rank).sort_values(["_rank", "ratio"]).drop(columns="_rank").head(limit)


def area_paragraph(
    table: pd.DataFrame,
    area: str,
    unit: str,
    lang: str = "vi",
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
) -> Markup:
    """An area's state for one unit: counts per status, share on track, the goals to prioritise, lead agency."""
    info = catalogue.area(area)
    rows = table[(table["area"] == area) & (table["unit"] == unit)]
    behind = [(catalogue.indicator(r["indicator"]).name(lang), status_label(r["status"], lang))
              for _, r in most_behind(rows).iterrows()]  # fmt: skip
    return _render(
        lang,
        "area",
        area_name=info.name(lang),
        area_number=info.number,
        total=len(rows),
        numeric=int(rows["target_kind"].isin(NUMERIC_KINDS).sum()),
        period=parse_period(rows["period"].iloc[0]).inline_label(lang) if len(rows) else "",
        unit_name=units[unit].name(lang),
        counts=_counts(rows, lang),
        share=_share(rows, lang),
        behind=behind,
        lead_agency=info.lead_agency,
    )


def overview_paragraph(
    table: pd.DataFrame,
    unit: str,
    lang: str = "vi",
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
) -> Markup:
    """The plan as a whole for one unit: statuses of the numeric goals and what changed since last period."""
    rows = table[table["unit"] == unit]
    numeric = rows[rows["target_kind"].isin(NUMERIC_KINDS)]
    moved = rows[rows["status_prev"].notna() & (rows["status_prev"] != rows["status"])]
    changes = [(catalogue.indicator(r["indicator"]).name(lang), status_label(r["status_prev"], lang), status_label(r["status"], lang))
               for _, r in moved.head(MAX_CHANGES).iterrows()]  # fmt: skip
    period = parse_period(rows["period"].iloc[0])
    return _render(
        lang,
        "overview",
        period=period.inline_label(lang),
        previous_period=period.previous().inline_label(lang),
        numeric=len(numeric),
        plan_number=catalogue.plan.number,
        unit_name=units[unit].name(lang),
        counts=_counts(numeric, lang),
        qualitative=len(rows) - len(numeric),
        changes=changes,
        more_changes=max(0, len(moved) - MAX_CHANGES),
    )
