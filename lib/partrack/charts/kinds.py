"""The chart kinds: bullet, trajectory, heatmap, status overview, rank history, change.

Each takes rows of the progress table (and observations where a series is drawn) and returns a
Figure; every number drawn is a number of the progress row, so the paragraph beside it agrees.
Everything particular to a plan (province, deadline, rankings, national average) comes from the
catalogue, and every word from the vocabulary (words/<lang>/charts.yaml), so that another province's
plan or another language needs no change here.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from partrack.catalogue import Catalogue
from partrack.catalogue.model import NUMERIC_KINDS, Indicator
from partrack.charts.house import GRID, INK, MUTED, STATUS_COLORS, finish, new_figure, register_chart
from partrack.periods import parse_period
from partrack.progress.statuses import DISPLAY_ORDER as STATUS_ORDER
from partrack.units import UnitRegistry
from partrack.words import number, short_date, status_label, value_with_unit, word, word_or

LABEL_BY = ("unit", "indicator")


def _names(catalogue: Catalogue, lang: str) -> dict[str, str]:
    return {i.id: i.name(lang) for i in catalogue.indicators}


def _unit_names(units: UnitRegistry, lang: str) -> dict[str, str]:
    return {u.code: u.name(lang) for u in units}


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _percent(value: float, lang: str) -> str:
    """An axis tick in percent, without decimals."""
    return value_with_unit(value, "percent", lang, 0)


def _short_unit_name(units: UnitRegistry, code: str, lang: str) -> str:
    """A unit's name without its level word ("Huyện Ý Yên" → "Ý Yên", "Ý Yên district" → "Ý Yên"), for narrow labels.

    The level word comes from the vocabulary, so the same rule serves every language and province.
    """
    if code not in units:
        return code
    unit = units[code]
    name = unit.name(lang)
    level = re.escape(word_or(f"level.{unit.level}", lang, ""))
    if not level:
        return name
    return re.sub(rf"^{level}\s+|\s+{level}$", "", name, flags=re.IGNORECASE) or name


def _ranking_title(item: Indicator, lang: str) -> str:
    """A ranking's panel title: its abbreviation in brackets ("… (PAPI)" → "PAPI"), else its name on two lines."""
    name = item.name(lang)
    found = re.search(r"\(([^()]+)\)\s*$", name)
    return found.group(1) if found else textwrap.fill(name, 22, max_lines=2, placeholder="…")


@register_chart("bullet")
def bullet(
    rows: pd.DataFrame,
    label_by: str,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    illustrative: bool = False,
    title: str | None = None,
) -> Figure:
    """Latest value against target (and the year's milestone), one bar per unit or per indicator (percent).

    ``label_by`` is "unit" (one goal across units) or "indicator" (one unit's goals).
    """
    if label_by not in LABEL_BY:
        raise ValueError(f"label_by must be one of {', '.join(LABEL_BY)}, not {label_by!r}")
    rows = rows[(rows["measure"] == "percent") & rows["value"].notna()]
    labels = _unit_names(units, lang) if label_by == "unit" else _names(catalogue, lang)
    figure, axes = new_figure(7.0, 0.6 + 0.32 * max(len(rows), 1))
    positions = np.arange(len(rows))[::-1]
    for y, (_, row) in zip(positions, rows.iterrows(), strict=True):
        axes.barh(y, 100, color=GRID, height=0.7, zorder=1)
        axes.barh(y, row["value"], color=STATUS_COLORS.get(row["status"], MUTED), height=0.42, zorder=2)
        axes.plot([row["target"]] * 2, [y - 0.33, y + 0.33], color=INK, linewidth=2, zorder=3)
        if pd.notna(row.get("milestone_due")):
            axes.plot([row["milestone_due"]] * 2, [y - 0.3, y + 0.3], color=INK, linewidth=1, linestyle=":", zorder=3)
        axes.text(101, y, f"{value_with_unit(row['value'], 'percent', lang)} · {status_label(row['status'], lang)}",
                  va="center", fontsize=8, color=INK)  # fmt: skip
    axes.set_yticks(positions, [_shorten(labels.get(r[label_by], r[label_by])) for _, r in rows.iterrows()])
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    axes.xaxis.set_major_formatter(lambda v, _: number(v, lang, 0))
    axes.set_title(title or "", loc="left")
    handles = [Patch(color=INK, label=f"│ {word('chart.target', lang)}")]
    if rows.get("milestone_due") is not None and rows["milestone_due"].notna().any():
        handles.append(Patch(color=MUTED, label=f"┆ {word('chart.milestone', lang)}"))
    axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=7)
    alt = word(f"chart.alt.bullet_by_{label_by}", lang, count=len(rows))
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("trajectory")
def trajectory(
    observations: pd.DataFrame,
    row: pd.Series,
    lang: str,
    *,
    catalogue: Catalogue,
    illustrative: bool = False,
) -> Figure:
    """Observations over time, the path to the target, the projection to the deadline, the deadline.

    The deadline is the catalogue's (the indicator's own, else the plan's), so a plan with another deadline
    draws and names its own.
    """
    item = catalogue.indicator(row["indicator"])
    due: date = catalogue.deadline_of(item)
    deadline = pd.Timestamp(due)
    series = observations[(observations["indicator"] == row["indicator"]) & (observations["unit"] == row["unit"])]
    series = series[series["period_end"] <= parse_period(row["period"]).end.isoformat()].sort_values("period_end")
    y_column = "rank" if row["measure"] == "rank" else "value"
    figure, axes = new_figure(7.0, 3.0)
    axes.plot(series["period_end"], series[y_column], marker="o", markersize=3.5, color=INK, linewidth=1.4,
              label=word("chart.observed", lang), zorder=3)  # fmt: skip
    target = value_with_unit(row["target"], row["measure"], lang, 0)
    if pd.notna(row["target"]):
        if row["target_kind"] == "milestones":
            path = (item.target.milestones or {}).get(row["level"], {})
            years = sorted(path)
            axes.step([pd.Timestamp(year=y, month=12, day=31) for y in years], [path[y] for y in years],
                      where="post", color=MUTED, linestyle="--", linewidth=1, label=word("chart.path", lang))  # fmt: skip
        elif pd.notna(row["baseline"]) and row["baseline_period"]:
            start = pd.Timestamp(parse_period(row["baseline_period"]).end)
            axes.plot([start, deadline], [row["baseline"], row["target"]], color=MUTED, linestyle="--", linewidth=1,
                      label=word("chart.path", lang))  # fmt: skip
        axes.axhline(row["target"], color=INK, linewidth=0.8, linestyle=":")
        axes.annotate(word("chart.target_value", lang, value=target), (deadline, row["target"]),
                      textcoords="offset points", xytext=(-4, 4), ha="right", fontsize=8)  # fmt: skip
    if pd.notna(row["projected"]) and len(series):
        last = series.iloc[-1]
        color = STATUS_COLORS.get(row["status"], MUTED)
        projected = value_with_unit(row["projected"], row["measure"], lang)
        axes.plot([last["period_end"], deadline], [last[y_column], row["projected"]], color=color, linestyle="--",
                  linewidth=1.6, label=word("chart.projection", lang, year=due.year, value=projected))  # fmt: skip
        axes.plot([deadline], [row["projected"]], marker="D", color=color, markersize=5)
    axes.axvline(deadline, color=MUTED, linewidth=0.8)
    axes.text(deadline, axes.get_ylim()[1], word("chart.deadline", lang, date=short_date(due, lang)), rotation=90,
              va="top", ha="right", fontsize=7, color=MUTED)  # fmt: skip
    if row["measure"] == "percent":
        axes.set_ylim(0, 105)
        axes.yaxis.set_major_formatter(lambda v, _: _percent(v, lang))
    if row["measure"] == "rank":
        axes.invert_yaxis()
    axes.grid(axis="y", color=GRID)
    status = status_label(row["status"], lang)
    axes.set_title(f"{_shorten(item.name(lang), 70)} — {status}", loc="left")
    axes.legend(loc="upper left", frameon=False, fontsize=7)
    alt = word("chart.alt.trajectory", lang, name=item.name(lang), count=len(series), target=target, status=status)
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("heatmap")
def heatmap(
    table: pd.DataFrame,
    lang: str,
    *,
    catalogue: Catalogue,
    units: UnitRegistry,
    illustrative: bool = False,
    title: str | None = None,
) -> Figure:
    """Units × indicators coloured by status, the value printed in each cell (status named in the legend)."""
    rows = table[table["target_kind"].isin(NUMERIC_KINDS)]
    indicators = list(dict.fromkeys(rows["indicator"]))
    unit_codes = list(dict.fromkeys(rows["unit"]))
    names = _names(catalogue, lang)
    figure, axes = new_figure(min(1.6 + 0.75 * len(unit_codes), 7.2), 0.9 + 0.36 * max(len(indicators), 1))
    lookup = rows.set_index(["indicator", "unit"])
    for i, indicator in enumerate(indicators):
        for j, code in enumerate(unit_codes):
            if (indicator, code) not in lookup.index:
                continue
            cell = lookup.loc[(indicator, code)]
            axes.add_patch(_cell(j, i, STATUS_COLORS.get(cell["status"], MUTED)))
            text = value_with_unit(cell["value"], cell["measure"], lang) if pd.notna(cell["value"]) else "—"
            axes.text(j + 0.5, i + 0.5, text.replace("%", ""), ha="center", va="center", fontsize=6.5, color=INK)
    axes.set_xlim(0, len(unit_codes))
    axes.set_ylim(len(indicators), 0)
    axes.set_xticks(np.arange(len(unit_codes)) + 0.5, [_short_unit_name(units, c, lang) for c in unit_codes],
                    rotation=40, ha="right")  # fmt: skip
    axes.set_yticks(np.arange(len(indicators)) + 0.5, [_shorten(names.get(i, i), 42) for i in indicators])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    present = [s for s in STATUS_ORDER if s in set(rows["status"])]
    if present:
        axes.legend(handles=[Patch(color=STATUS_COLORS[s], label=status_label(s, lang)) for s in present],
                    loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(4, len(present)), frameon=False,
                    fontsize=7)  # fmt: skip
    axes.set_title(title or "", loc="left", pad=24)
    alt = word("chart.alt.heatmap", lang, goals=len(indicators), units=len(unit_codes))
    return finish(figure, alt, lang, illustrative=illustrative, measure=True)


def _cell(x: float, y: float, color: str) -> Rectangle:
    """One heat-map cell with a white gap around it."""
    return Rectangle((x + 0.03, y + 0.05), 0.94, 0.9, facecolor=color, edgecolor="white")


@register_chart("status_overview")
def status_overview(
    table: pd.DataFrame, unit: str, lang: str, *, catalogue: Catalogue, illustrative: bool = False
) -> Figure:
    """Per area, stacked counts of the statuses of one unit's goals."""
    rows = table[table["unit"] == unit]
    areas = [a for a in catalogue.areas if (rows["area"] == a.code).any()]
    counts = pd.crosstab(rows["area"], rows["status"]).reindex([a.code for a in areas]).fillna(0)
    statuses = [s for s in STATUS_ORDER if s in counts.columns] + [c for c in counts.columns if c not in STATUS_ORDER]
    figure, axes = new_figure(7.0, 0.8 + 0.42 * len(areas))
    left = np.zeros(len(areas))
    positions = np.arange(len(areas))[::-1]
    for status in statuses:
        values = counts[status].to_numpy()
        axes.barh(positions, values, left=left, color=STATUS_COLORS.get(status, MUTED), height=0.6,
                  label=status_label(status, lang), edgecolor="white")  # fmt: skip
        for y, x, v in zip(positions, left, values, strict=True):
            if v:
                axes.text(x + v / 2, y, f"{int(v)}", ha="center", va="center", fontsize=7.5, color=INK)
        left += values
    axes.set_yticks(positions, [f"{a.number}. {_shorten(a.name(lang), 40)}" for a in areas])
    axes.set_xlabel(word("chart.count", lang))
    if statuses:
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=4, frameon=False, fontsize=7)
    counted = ", ".join(f"{status_label(s, lang)} {int(counts[s].sum())}" for s in statuses)
    alt = word("chart.alt.status_overview", lang, counts=counted)
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("rank_history")
def rank_history(
    observations: pd.DataFrame, unit: str, lang: str, *, catalogue: Catalogue, illustrative: bool = False
) -> Figure:
    """The plan's rankings (``catalogue.rankings``) by year: rank and score, the target band, the national average.

    The footer names the sources of the figures drawn (the ``source`` column), since published rankings are
    cited from wherever they were announced.
    """
    rankings = catalogue.rankings
    if not rankings:
        raise ValueError("the plan sets no ranking goal (no indicator with unit 'rank'): nothing to draw")
    national_code = catalogue.plan.national_average
    figure, all_axes = new_figure(7.0, 2.6, ncols=len(rankings), sharey=False)
    all_axes = np.atleast_1d(all_axes)
    described, sources = [], []
    for axes, item in zip(all_axes, rankings, strict=True):
        own = observations[(observations["indicator"] == item.id) & (observations["unit"] == unit)]
        own = own.dropna(subset=["rank"]).sort_values("period_end")
        national = observations.iloc[0:0]
        if national_code is not None:
            national = observations[(observations["indicator"] == item.id) & (observations["unit"] == national_code)]
            national = national.dropna(subset=["value"]).sort_values("period_end")
        sources += [*own["source"], *national["source"]]
        years = [parse_period(p).year for p in own["period"]]
        if len(own):
            rank_of = own["rank_of"].iloc[-1]
            threshold = item.target.rank_threshold(rank_of)
            axes.axhspan(0.5, threshold + 0.5, color=STATUS_COLORS["on_track"], alpha=0.18, linewidth=0,
                         label=word("chart.target_group", lang, rank=threshold))  # fmt: skip
            axes.plot(years, own["rank"], marker="o", color=INK, linewidth=1.4)
            for year, rank, score in zip(years, own["rank"], own["value"], strict=True):
                place = word("chart.rank_of", lang, rank=int(rank), of=int(rank_of))
                axes.annotate(f"{place}\n{value_with_unit(score, item.score_unit or '', lang, 2)}", (year, rank),
                              textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)  # fmt: skip
            axes.set_ylim(rank_of + 0.5, 0.5)
            axes.set_xlim(min(years) - 0.6, max(years) + 0.6)
            latest = word("chart.rank_of", lang, rank=int(own["rank"].iloc[-1]), of=int(rank_of))
            described.append(f"{item.name(lang)}: {latest}")
            axes.legend(loc="upper right", frameon=False, fontsize=6.5)
        else:
            axes.text(0.5, 0.5, word("measure.missing", lang), transform=axes.transAxes, ha="center", va="center",
                      fontsize=7, color=MUTED)  # fmt: skip
        for line, (_, average) in enumerate(national.iterrows()):
            score = value_with_unit(average["value"], item.score_unit or "", lang, 2)
            axes.text(0.02, 0.02 + 0.09 * line,
                      word("chart.national", lang, year=parse_period(average["period"]).year, value=score),
                      transform=axes.transAxes, fontsize=6.5, color=MUTED)  # fmt: skip
        ticks = sorted(set(years))
        axes.set_xticks(ticks, [str(y) for y in ticks])
        axes.set_title(_ranking_title(item, lang))
    all_axes[0].set_ylabel(word("chart.rank", lang))
    alt = word("chart.alt.rank_history", lang, ranks="; ".join(described) or word("measure.missing", lang))
    cited = "; ".join(dict.fromkeys(s.strip() for s in sources if isinstance(s, str) and s.strip()))
    return finish(figure, alt, lang, source=cited or None, illustrative=illustrative)


@register_chart("change")
def change(
    table: pd.DataFrame,
    unit: str,
    lang: str,
    *,
    catalogue: Catalogue,
    limit: int = 12,
    illustrative: bool = False,
) -> Figure:
    """What moved since the previous period: value before → now (percent goals), sorted by the change."""
    rows = table[(table["unit"] == unit) & (table["measure"] == "percent")].dropna(subset=["value", "value_prev"])
    rows = rows.assign(delta=rows["value"] - rows["value_prev"])
    rows = rows[rows["delta"].abs() > 0].sort_values("delta", key=abs, ascending=False).head(limit)
    rows = rows.sort_values("delta")
    names = _names(catalogue, lang)
    figure, axes = new_figure(7.0, 0.8 + 0.34 * max(len(rows), 1))
    for y, (_, row) in enumerate(rows.iterrows()):
        color = STATUS_COLORS.get(row["status"], MUTED)
        axes.annotate("", xy=(row["value"], y), xytext=(row["value_prev"], y),
                      arrowprops={"arrowstyle": "->", "color": color, "linewidth": 1.6})  # fmt: skip
        moved = row["status_prev"] != row["status"] and pd.notna(row["status_prev"])
        label = f"{'+' if row['delta'] > 0 else '−'}{number(abs(row['delta']), lang, 1)}"
        if moved:
            label += f" · {status_label(row['status_prev'], lang)} → {status_label(row['status'], lang)}"
        else:
            label += f" · {status_label(row['status'], lang)}"
        axes.text(max(row["value"], row["value_prev"]) + 1.5, y, label, va="center", fontsize=7.5)
    axes.set_yticks(range(len(rows)), [_shorten(names.get(i, i), 44) for i in rows["indicator"]])
    axes.set_xlim(0, 135)
    axes.set_xticks(range(0, 101, 20))
    axes.xaxis.set_major_formatter(lambda v, _: _percent(v, lang))
    axes.grid(axis="x", color=GRID)
    if len(table):
        period = parse_period(table["period"].iloc[0])
        since = word("chart.since", lang, period=period.label(lang), previous=period.previous().inline_label(lang))
        axes.set_title(since, loc="left")
    alt = word("chart.alt.change", lang, count=len(rows))
    return finish(figure, alt, lang, illustrative=illustrative)
