"""Paragraphs from the progress table: per indicator, per area and for the plan as a whole.

Jinja2 templates per language under ``templates/<lang>/``; autoescaping is on, so any text that came
from a submission (notes, sources, unit names) reaches the HTML escaped. The output is an HTML
fragment (``markupsafe.Markup``) for notebooks and briefs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from partrack.catalogue import Catalogue
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.narrative.context import indicator_facts
from partrack.narrative.style import NBSP, agency_name, inline_name
from partrack.periods import parse_period
from partrack.progress.statuses import DISPLAY_ORDER, GOOD_STATUSES
from partrack.units import UnitRegistry
from partrack.words.labels import status_label
from partrack.words.numbers import number, short_date
from partrack.words.vocabulary import LANGS, UnknownLanguage, word

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_ORDER = DISPLAY_ORDER
BEHIND = ("not_achieved", "regressing", "off_track", "needs_acceleration")
BEHIND_MILESTONE = "behind_milestone"
MAX_NAMED = 5  # a status change of more goals than this points to the table that names them (``see``)


def nobreak(text: object) -> Markup:
    """Text kept on one line ("Quý II/2025" must not break after the slash): a ``nw`` span."""
    return Markup('<span class="nw">{}</span>').format(escape(str(text)))


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["nw"] = nobreak
_environment.filters["kept"] = lambda text: str(text).replace(" ", NBSP)  # a date kept on one line: "ngày 30/6/2025"


def _render(lang: str, name: str, **context: object) -> Markup:
    if lang not in LANGS:  # a template path is built from it: never let it name another folder
        raise UnknownLanguage(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    text = _environment.get_template(f"{lang}/{name}.html.j2").render(**context)
    # template whitespace only: a non-breaking space (a number tied to its unit) is kept
    return Markup(re.sub(r"[ \t\r\n]+", " ", text).strip().replace(" </p>", "</p>"))


# What a section may say once for all its goals, left out of each paragraph (``indicator_paragraph``).
OMISSIBLE = frozenset({"period", "verdict", "since", "ended", "deadline", "close"})


def indicator_paragraph(
    row: pd.Series,
    lang: str = "vi",
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    with_unit: bool = True,
    omit: Iterable[str] = (),
) -> Markup:
    """Where one indicator stands for one unit, in words (from its progress row of this catalogue).

    ``with_unit=False`` leaves the unit's name out, for a brief that is all about that unit. ``omit`` leaves out
    what the section around the paragraph says once for all its goals, so that a list does not repeat it in every
    item: ``period`` (the period assessed), ``verdict`` (the status sentence), ``since`` (the comparison with the
    previous period; the figure's change stays, in brackets), ``ended`` (the unit's end), ``deadline`` (the year the
    goal and the projection are for), ``close`` (the date of a final result).
    """
    left_out = frozenset(omit)
    if left_out - OMISSIBLE:
        raise ValueError(f"cannot omit {sorted(left_out - OMISSIBLE)}; known: {sorted(OMISSIBLE)}")
    facts = indicator_facts(row, catalogue, units, lang, with_unit=with_unit)
    return _render(lang, "indicator", f=facts, omit=left_out)


def status_order(statuses: object) -> list[str]:
    """The statuses present, in the display order (best first, no verdict last), unknown ones after."""
    present = list(dict.fromkeys(statuses))
    return [s for s in STATUS_ORDER if s in present] + [s for s in present if s not in STATUS_ORDER]


def counts(rows: pd.DataFrame, lang: str, key: str = "brief.counts_item") -> list[str]:
    """How many goals have each status, in words: "14 chỉ tiêu đã đạt" ("achieved: 14")."""
    found = rows["status"].value_counts()
    return [word(key, lang, count=int(found[s]), label=status_label(s, lang).lower())
            for s in status_order(found.index)]  # fmt: skip


def _share(rows: pd.DataFrame, lang: str) -> str:
    numeric = rows[rows["target_kind"].isin(NUMERIC_KINDS)]
    if numeric.empty:
        return ""
    good = numeric["status"].isin(GOOD_STATUSES).mean() * 100
    return f"{number(good, lang, 0)}%"


def _behind_milestone(rows: pd.DataFrame) -> pd.Series:
    return rows["flags"].map(lambda flags: BEHIND_MILESTONE in (flags or ()))


def most_behind(rows: pd.DataFrame, limit: int = 3) -> pd.DataFrame:
    """The goals furthest from their path: worst status first, then the lowest progress ratio.

    A goal below its yearly minimum counts as behind whatever its status. A final verdict is ranked by its
    shortfall, the smallest share of the way done first (at the close the trend no longer decides).
    """
    behind = rows[rows["status"].isin(BEHIND) | _behind_milestone(rows)]
    rank = behind["status"].map({s: i for i, s in enumerate(BEHIND)}).fillna(len(BEHIND))
    order = behind["share_done"].where(behind["final"].astype(bool), behind["ratio"]) if len(behind) else rank
    return (behind.assign(_rank=rank, _order=order).sort_values(["_rank", "_order"], na_position="last")
            .drop(columns=["_rank", "_order"]).head(limit))  # fmt: skip


def is_final(rows: pd.DataFrame) -> bool:
    """Whether every row is a final verdict (the rows are assessed at or after their close)."""
    return bool(len(rows)) and bool(rows["final"].astype(bool).all())


def priorities(rows: pd.DataFrame, limit: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The goals to name first and the others behind, both in the order of ``most_behind``.

    First: the ``limit`` furthest behind, plus every goal below its yearly minimum wherever it ranks (never cut);
    the rest are to be named too.
    """
    ranked = most_behind(rows, len(rows))
    keep = pd.Series(range(len(ranked)), index=ranked.index) < limit
    keep |= _behind_milestone(ranked)
    return ranked[keep], ranked[~keep]


def area_paragraph(
    table: pd.DataFrame,
    area: str,
    unit: str,
    lang: str = "vi",
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
) -> Markup:
    """An area's state for one unit: counts per status, share on track, the goals to prioritise, lead agency.

    At the unit's close: the final results, when (and, for a unit that ended, why) the plan closed for it, and the
    goals not achieved, the largest shortfall first.
    """
    info = catalogue.area(area)
    rows = table[(table["area"] == area) & (table["unit"] == unit)]
    behind = [(catalogue.indicator(r["indicator"]).name(lang), status_label(r["status"], lang))
              for _, r in most_behind(rows, len(rows)).iterrows()]  # fmt: skip
    return _render(
        lang,
        "area",
        area_name=info.name(lang),
        area_number=info.number,
        total=len(rows),
        numeric=int(rows["target_kind"].isin(NUMERIC_KINDS).sum()),
        period=parse_period(rows["period"].iloc[0]).inline_label(lang) if len(rows) else "",
        unit_name=inline_name(units[unit].name(lang), lang),
        counts=counts(rows, lang),
        share=_share(rows, lang),
        behind=behind,
        lead_agency=agency_name(info.lead_agency, lang),
        **_close_facts(rows, units[unit].valid_to, catalogue, lang),
    )


def _close_facts(rows: pd.DataFrame, ended: date | None, catalogue: Catalogue, lang: str) -> dict[str, object]:
    """Whether the rows are final results, their close as a date, and whether the unit's end closed them early."""
    final = is_final(rows)
    close = pd.Timestamp(rows["close"].max()).date() if final else None
    return {
        "final": final,
        "close": short_date(close, lang) if close else "",
        "ended": bool(close and ended and close == ended and close < catalogue.plan.deadline),
        "deadline": short_date(catalogue.plan.deadline, lang),
    }


def _move_groups(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame, bool, bool]]:
    """Status changes since the previous period by the status reached: (status, goals, complete, pointed).

    ``complete``: the group is every goal now in that status (the table's status column names them). ``pointed``:
    past ``MAX_NAMED`` goals, a group not complete is pointed to the table, which then shows each one's previous
    status; never at the close (the table shows final verdicts only, so the summary names them).
    """
    moved = rows[rows["status_prev"].notna() & (rows["status_prev"] != rows["status"])]
    groups = []
    for after, group in moved.groupby("status", sort=False):
        complete = len(group) == int((rows["status"] == after).sum())
        pointed = not complete and len(group) > MAX_NAMED and not group["final"].astype(bool).any()
        groups.append((after, group, complete, pointed))
    return sorted(groups, key=lambda g: -len(g[1]))


def pointed_goals(rows: pd.DataFrame) -> set[str]:
    """The goals whose status change the summary leaves to the table (``see``), which shows their previous status."""
    return {i for _, group, _, pointed in _move_groups(rows) if pointed for i in group["indicator"]}


def _moves(rows: pd.DataFrame, catalogue: Catalogue, lang: str, see: str) -> list[tuple]:
    """The status changes in words: (status reached, how many, from which statuses, complete, goals named).

    The goals are named unless the group is complete or pointed to the table (``see``; see ``_move_groups``).
    """
    found = []
    for after, group, complete, pointed in _move_groups(rows):
        before = group["status_prev"].value_counts()
        sources = sorted(((status_label(b, lang), int(before[b])) for b in status_order(before.index)),
                         key=lambda item: -item[1])  # fmt: skip
        names = "; ".join(catalogue.indicator(i).name(lang) for i in group["indicator"])
        named = "" if complete else see if pointed and see else names
        found.append((status_label(after, lang), len(group), sources, complete, named))
    return found


def overview_paragraph(
    table: pd.DataFrame,
    unit: str,
    lang: str = "vi",
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    see: str = "",
) -> Markup:
    """The plan as a whole for one unit: every goal by status, and every status change since the last period.

    The numeric and the qualitative goals are counted apart too (the same counts as the index and the status
    chart). At the unit's close the counts are its final results, and the paragraph says when and why the plan
    closed for it. The changes are grouped by the status reached, with where the goals came from, and each goal
    named unless the group is every goal of that status (see ``_moves``; ``see``: where a table names them).
    """
    rows = table[table["unit"] == unit]
    is_numeric = rows["target_kind"].isin(NUMERIC_KINDS)
    numeric, qualitative = rows[is_numeric], rows[~is_numeric]
    period = parse_period(rows["period"].iloc[0])
    return _render(
        lang,
        "overview",
        period=period.inline_label(lang),
        previous_period=period.previous().inline_label(lang),
        total=len(rows),
        numeric=len(numeric),
        qualitative=len(qualitative),
        plan_number=catalogue.plan.number,
        unit_name=inline_name(units[unit].name(lang), lang),
        counts=counts(rows, lang),
        numeric_counts=counts(numeric, lang, "brief.counts_short"),
        qualitative_counts=counts(qualitative, lang, "brief.counts_short"),
        changes=_moves(rows, catalogue, lang, see),
        **_close_facts(rows, units[unit].valid_to, catalogue, lang),
    )
