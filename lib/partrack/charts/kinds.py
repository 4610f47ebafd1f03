"""The chart kinds: bullet, trajectory, heatmap, status overview, rank history, change.

Each takes rows of the progress table (and observations where a series is drawn) and returns a
Figure; every number drawn is a number of the progress row, so the paragraph beside it agrees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from partrack.catalogue import Catalogue, load_catalogue
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts.style import GRID, INK, MUTED, STATUS_COLORS, finish, new_figure, register_chart
from partrack.narrative.formatting import number, value_with_unit
from partrack.narrative.labels import status_label
from partrack.periods import parse_period
from partrack.progress.statuses import DISPLAY_ORDER as STATUS_ORDER
from partrack.units import UnitRegistry, load_units

WORDS = {
    "vi": {"target": "Mục tiêu", "milestone": "Mốc năm", "deadline": "Hạn 31/12/2025", "path": "Lộ trình",
           "projection": "Dự báo theo xu hướng", "observed": "Số liệu báo cáo", "rank": "Thứ hạng",
           "good": "Nhóm mục tiêu", "national": "TB cả nước", "count": "Số chỉ tiêu", "since": "so với"},
    "en": {"target": "Target", "milestone": "Year's minimum", "deadline": "Deadline 31/12/2025", "path": "Path",
           "projection": "Projection on trend", "observed": "Reported figures", "rank": "Rank",
           "good": "Target group", "national": "National average", "count": "Goals", "since": "since"},
}  # fmt: skip


def _names(catalogue: Catalogue, lang: str) -> dict[str, str]:
    return {i.id: i.name(lang) for i in catalogue.indicators}


def _unit_names(units: UnitRegistry, lang: str) -> dict[str, str]:
    return {u.code: u.name(lang) for u in units}


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@register_chart("bullet")
def bullet(
    rows: pd.DataFrame,
    label_by: str = "unit",
    lang: str = "vi",
    catalogue: Catalogue | None = None,
    units: UnitRegistry | None = None,
    illustrative: bool = False,
    title: str | None = None,
) -> object:
    """Latest value against target (and the year's milestone), one bar per unit or per indicator (percent)."""
    catalogue, units = catalogue or load_catalogue(), units or load_units()
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
    handles = [Patch(color=INK, label=f"│ {WORDS[lang]['target']}")]
    if rows.get("milestone_due") is not None and rows["milestone_due"].notna().any():
        handles.append(Patch(color=MUTED, label=f"┆ {WORDS[lang]['milestone']}"))
    axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=7)
    alt = (
        f"Biểu đồ thanh: giá trị mới nhất so với mục tiêu của {len(rows)} {'đơn vị' if label_by == 'unit' else 'chỉ tiêu'}."
        if lang == "vi"
        else f"Bar chart: latest value against target for {len(rows)} {'units' if label_by == 'unit' else 'goals'}."
    )
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("trajectory")
def trajectory(
    observations: pd.DataFrame,
    row: pd.Series,
    lang: str = "vi",
    catalogue: Catalogue | None = None,
    illustrative: bool = False,
) -> object:
    """Observations over time, the path to the target, the projection to the deadline, the deadline."""
    catalogue = catalogue or load_catalogue()
    item = catalogue.indicator(row["indicator"])
    words = WORDS[lang]
    series = observations[(observations["indicator"] == row["indicator"]) & (observations["unit"] == row["unit"])]
    series = series[series["period_end"] <= parse_period(row["period"]).end.isoformat()].sort_values("period_end")
    y_column = "rank" if row["measure"] == "rank" else "value"
    figure, axes = new_figure(7.0, 3.0)
    deadline = pd.Timestamp(row["deadline"])
    axes.plot(series["period_end"], series[y_column], marker="o", markersize=3.5, color=INK, linewidth=1.4,
              label=words["observed"], zorder=3)  # fmt: skip
    if pd.notna(row["target"]):
        if row["target_kind"] == "milestones":
            path = (item.target.milestones or {}).get(row["level"], {})
            years = sorted(path)
            axes.step([pd.Timestamp(f"{y}-12-31") for y in years], [path[y] for y in years], where="post",
                      color=MUTED, linestyle="--", linewidth=1, label=words["path"])  # fmt: skip
        elif pd.notna(row["baseline"]) and row["baseline_period"]:
            start = pd.Timestamp(parse_period(row["baseline_period"]).end)
            axes.plot([start, deadline], [row["baseline"], row["target"]], color=MUTED, linestyle="--", linewidth=1,
                      label=words["path"])  # fmt: skip
        axes.axhline(row["target"], color=INK, linewidth=0.8, linestyle=":")
        axes.annotate(f"{words['target']} {value_with_unit(row['target'], row['measure'], lang, 0)}",
                      (deadline, row["target"]), textcoords="offset points", xytext=(-4, 4), ha="right",
                      fontsize=8)  # fmt: skip
    if pd.notna(row["projected"]) and len(series):
        last = series.iloc[-1]
        color = STATUS_COLORS.get(row["status"], MUTED)
        axes.plot([last["period_end"], deadline], [last[y_column], row["projected"]], color=color, linestyle="--",
                  linewidth=1.6, label=f"{words['projection']} → {value_with_unit(row['projected'], row['measure'], lang)}")  # fmt: skip
        axes.plot([deadline], [row["projected"]], marker="D", color=color, markersize=5)
    axes.axvline(deadline, color=MUTED, linewidth=0.8)
    axes.text(deadline, axes.get_ylim()[1], words["deadline"], rotation=90, va="top", ha="right", fontsize=7,
              color=MUTED)  # fmt: skip
    if row["measure"] == "percent":
        axes.set_ylim(0, 105)
        axes.yaxis.set_major_formatter(lambda v, _: f"{number(v, lang, 0)}%")
    if row["measure"] == "rank":
        axes.invert_yaxis()
    axes.grid(axis="y", color=GRID)
    status = status_label(row["status"], lang)
    axes.set_title(f"{_shorten(item.name(lang), 70)} — {status}", loc="left")
    axes.legend(loc="upper left", frameon=False, fontsize=7)
    alt = (
        f"Diễn biến {item.name_vi}: {len(series)} kỳ số liệu, mục tiêu {value_with_unit(row['target'], row['measure'], lang, 0)}, trạng thái {status}."
        if lang == "vi"
        else f"Trend of {item.name_en}: {len(series)} figures, target {value_with_unit(row['target'], row['measure'], lang, 0)}, status {status}."
    )
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("heatmap")
def heatmap(
    table: pd.DataFrame,
    lang: str = "vi",
    catalogue: Catalogue | None = None,
    units: UnitRegistry | None = None,
    illustrative: bool = False,
    title: str | None = None,
) -> object:
    """Units × indicators coloured by status, the value printed in each cell (status named in the legend)."""
    catalogue, units = catalogue or load_catalogue(), units or load_units()
    rows = table[table["target_kind"].isin(NUMERIC_KINDS)]
    indicators = list(dict.fromkeys(rows["indicator"]))
    unit_codes = list(dict.fromkeys(rows["unit"]))
    names, unit_names = _names(catalogue, lang), _unit_names(units, lang)
    figure, axes = new_figure(min(1.6 + 0.75 * len(unit_codes), 7.2), 0.9 + 0.36 * max(len(indicators), 1))
    lookup = rows.set_index(["indicator", "unit"])
    for i, indicator in enumerate(indicators):
        for j, code in enumerate(unit_codes):
            if (indicator, code) not in lookup.index:
                continue
            cell = lookup.loc[(indicator, code)]
            axes.add_patch(plt_rectangle(j, i, STATUS_COLORS.get(cell["status"], MUTED)))
            text = value_with_unit(cell["value"], cell["measure"], lang) if pd.notna(cell["value"]) else "—"
            axes.text(j + 0.5, i + 0.5, text.replace("%", ""), ha="center", va="center", fontsize=6.5, color=INK)
    axes.set_xlim(0, len(unit_codes))
    axes.set_ylim(len(indicators), 0)
    axes.set_xticks(np.arange(len(unit_codes)) + 0.5, [unit_names[c].replace("Huyện ", "") for c in unit_codes],
                    rotation=40, ha="right")  # fmt: skip
    axes.set_yticks(np.arange(len(indicators)) + 0.5, [_shorten(names[i], 42) for i in indicators])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    present = [s for s in STATUS_ORDER if s in set(rows["status"])]
    axes.legend(handles=[Patch(color=STATUS_COLORS[s], label=status_label(s, lang)) for s in present],
                loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(4, len(present)), frameon=False, fontsize=7)  # fmt: skip
    axes.set_title(title or "", loc="left", pad=24)
    alt = (
        f"Bảng màu trạng thái: {len(indicators)} chỉ tiêu × {len(unit_codes)} đơn vị, giá trị ghi trong từng ô."
        if lang == "vi"
        else f"Status grid: {len(indicators)} goals × {len(unit_codes)} units, the value written in each cell."
    )
    return finish(figure, alt, lang, illustrative=illustrative, measure=True)


def plt_rectangle(x: float, y: float, color: str):
    """One heat-map cell with a white gap around it."""
    from matplotlib.patches import Rectangle

    return Rectangle((x + 0.03, y + 0.05), 0.94, 0.9, facecolor=color, edgecolor="white")


@register_chart("status_overview")
def status_overview(
    table: pd.DataFrame, unit: str, lang: str = "vi", catalogue: Catalogue | None = None, illustrative: bool = False
) -> object:
    """Per area, stacked counts of the statuses of one unit's goals."""
    catalogue = catalogue or load_catalogue()
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
    axes.set_xlabel(WORDS[lang]["count"])
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=4, frameon=False, fontsize=7)
    total = {status_label(s, lang): int(counts[s].sum()) for s in statuses}
    alt = (
        "Số chỉ tiêu theo trạng thái, từng lĩnh vực: " if lang == "vi" else "Goals by status in each area: "
    ) + ", ".join(f"{k} {v}" for k, v in total.items())
    return finish(figure, alt, lang, illustrative=illustrative)


@register_chart("rank_history")
def rank_history(
    observations: pd.DataFrame,
    unit: str = "36",
    indicators: tuple[str, ...] = ("par_index", "sipas", "papi"),
    lang: str = "vi",
    catalogue: Catalogue | None = None,
) -> object:
    """PAR INDEX / SIPAS / PAPI rank by year, with the target band and the national average where known."""
    catalogue = catalogue or load_catalogue()
    words = WORDS[lang]
    figure, all_axes = new_figure(7.0, 2.6, ncols=len(indicators), sharey=False)
    all_axes = np.atleast_1d(all_axes)
    described = []
    for axes, indicator in zip(all_axes, indicators, strict=True):
        item = catalogue.indicator(indicator)
        own = observations[(observations["indicator"] == indicator) & (observations["unit"] == unit)]
        own = own.dropna(subset=["rank"]).sort_values("period_end")
        national = observations[(observations["indicator"] == indicator) & (observations["unit"] == "VN")]
        years = [parse_period(p).year for p in own["period"]]
        if len(own):
            rank_of = own["rank_of"].iloc[-1]
            threshold = int(np.floor(rank_of * (item.target.top_share or 0.5)))
            axes.axhspan(0.5, threshold + 0.5, color=STATUS_COLORS["on_track"], alpha=0.18, linewidth=0,
                         label=f"{words['good']} (≤ {threshold})")  # fmt: skip
            axes.plot(years, own["rank"], marker="o", color=INK, linewidth=1.4)
            for year, rank, score in zip(years, own["rank"], own["value"], strict=True):
                axes.annotate(f"{int(rank)}/{int(rank_of)}\n{number(score, lang, 2)}", (year, rank),
                              textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)  # fmt: skip
            axes.set_ylim(rank_of + 0.5, 0.5)
            axes.set_xlim(min(years) - 0.6, max(years) + 0.6)
            described.append(
                f"{item.name_en if lang == 'en' else item.name_vi}: {int(own['rank'].iloc[-1])}/{int(rank_of)}"
            )
        for _, average in national.iterrows():
            axes.text(0.02, 0.02 + 0.09 * list(national.index).index(average.name),
                      f"{words['national']} {parse_period(average['period']).year}: {number(average['value'], lang, 2)}",
                      transform=axes.transAxes, fontsize=6.5, color=MUTED)  # fmt: skip
        axes.set_xticks(sorted(set(years)) or [])
        axes.set_title(
            item.name_en.split(" ")[0] if lang == "en" else _shorten(item.name_vi.split("(")[-1].rstrip(")"), 20)
        )
        axes.legend(loc="upper right", frameon=False, fontsize=6.5)
    all_axes[0].set_ylabel(words["rank"])
    alt = ("Thứ hạng của tỉnh qua các năm — " if lang == "vi" else "The province's rank by year — ") + "; ".join(
        described
    )
    return finish(
        figure, alt, lang, source="Bộ Nội vụ, UNDP/PAPI" if lang == "vi" else "Ministry of Home Affairs, UNDP/PAPI"
    )


@register_chart("change")
def change(
    table: pd.DataFrame,
    unit: str,
    lang: str = "vi",
    catalogue: Catalogue | None = None,
    limit: int = 12,
    illustrative: bool = False,
) -> object:
    """What moved since the previous period: value before → now (percent goals), sorted by the change."""
    catalogue = catalogue or load_catalogue()
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
    axes.set_yticks(range(len(rows)), [_shorten(names[i], 44) for i in rows["indicator"]])
    axes.set_xlim(0, 135)
    axes.set_xticks(range(0, 101, 20))
    axes.xaxis.set_major_formatter(lambda v, _: f"{number(v, lang, 0)}%")
    axes.grid(axis="x", color=GRID)
    period = parse_period(table["period"].iloc[0]) if len(table) else None
    if period is not None:
        axes.set_title(
            f"{period.label(lang)} {WORDS[lang]['since']} {period.previous().inline_label(lang)}", loc="left"
        )
    alt = (
        f"Thay đổi so với kỳ trước của {len(rows)} chỉ tiêu tỷ lệ."
        if lang == "vi"
        else f"Change since the previous period for {len(rows)} percentage goals."
    )
    return finish(figure, alt, lang, illustrative=illustrative)
