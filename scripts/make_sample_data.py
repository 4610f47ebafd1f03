"""Build the illustrative sample data in data/sample/ (fixed seed: the output is committed and reproducible).

Everything here is made up ("số liệu minh họa") except xep_hang_cong_bo.csv, which copies the published
national rankings from data/published/published_rankings.csv with their sources. The series are plausible:
bounded, trending towards the 2025 goals, two districts lagging, a few gaps, late submissions (a district's
2024-Q4 figures arriving with the 2025 file) and one revision (a later file correcting a 2025-Q1 figure).
Districts and Nam Định itself stop after 30/6/2025 (merger into Ninh Bình, end of the district level).

Units as they really changed (the unit registry's valid_to): Huyện Mỹ Lộc (358) was merged into Thành phố
Nam Định (356) from 1/9/2024 (Nghị quyết 1104/NQ-UBTVQH15 of 23/7/2024). A unit reports a period only when
the whole period lies within its life, so Mỹ Lộc's series stop at 2024-Q2 (its yearly counts at 2023):
2024-Q3 straddles 1/9/2024 and is reported by Thành phố Nam Định, the unit that existed when the quarter
ended and its report fell due, for the merged territory (July and August of Mỹ Lộc included). The
illustrative figures of Thành phố Nam Định are not re-based for the merger (its counts do not add Mỹ Lộc's).
The same reorganisation is the evidence for goal 1.3/3 (admin_units_rearranged), done in 2024.

Run: python scripts/make_sample_data.py   (or: make sample)
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

from partrack.catalogue import load_catalogue
from partrack.periods import Kind, Period, parse_period
from partrack.units import load_units

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "sample"
PUBLISHED = ROOT / "data" / "published" / "published_rankings.csv"
SEED = 111
SOURCE = "Số liệu minh họa (illustrative) — Sở Nội vụ tổng hợp"
COLUMNS = ["indicator", "unit", "period", "value", "numerator", "denominator", "rank", "rank_of", "assessment",
           "source", "note"]  # fmt: skip
LAGGING = {"360": 0.55, "361": 0.7}  # Ý Yên and Nghĩa Hưng move slower than the others
GAPS = {("360", "2025-Q2"): 3}  # Ý Yên has not reported three indicators for 2025-Q2
LATE = {("365", "2024-Q4")}  # Giao Thủy's 2024-Q4 figures arrived with the 2025 file
QUARTERS = [Period(y, Kind.QUARTER, q) for y in range(2021, 2026) for q in range(1, 5)]
LAST = Period(2025, Kind.QUARTER, 2)  # Nam Định and its districts end on 30/6/2025
REARRANGED = (  # the evidence for 1.3/3 (sắp xếp đơn vị hành chính cấp huyện, xã), a real resolution
    "Nghị quyết 1104/NQ-UBTVQH15 ngày 23/7/2024 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp "
    "huyện, cấp xã của tỉnh Nam Định giai đoạn 2023 - 2025 (hiệu lực từ 1/9/2024): nhập huyện Mỹ Lộc vào thành phố "
    "Nam Định"
)
RANKING_KEYS = {
    "par_index_score": "par_index",
    "par_index_national_avg": "par_index",
    "sipas_score": "sipas",
    "sipas_national_avg": "sipas",
    "papi_total": "papi",
    "papi_national_avg": "papi",
}


def _years(period: Period) -> float:
    return (period.end.toordinal() - Period(2021, Kind.QUARTER, 1).end.toordinal()) / 365.25


def percent_series(rng, target: float, unit: str, level: str) -> dict[str, float]:
    """A rising rate from a 2021 start below the goal, with a unit-specific pace and small noise."""
    start = target * rng.uniform(0.35, 0.7) if target > 30 else target * rng.uniform(0.2, 0.6)
    needed = (target - start) / 4.75  # per year, to reach the goal at the end of 2025
    pace = needed * rng.uniform(0.9, 1.35) * LAGGING.get(unit, 1.0)
    if level == "district":
        start *= rng.uniform(0.85, 1.05)
    return _quarterly(lambda period: start + pace * _years(period) + rng.normal(0, 0.6))


def _quarterly(level) -> dict[str, float]:
    """Quarter values up to 2025-Q2, rounded to 0.1 and bounded; a figure identical to the previous
    quarter's is nudged by 0.1, since an exact repeat would (rightly) be flagged as a possible copy."""
    values: dict[str, float] = {}
    previous = None
    for period in QUARTERS:
        if period > LAST:
            break
        value = float(np.clip(round(level(period), 1), 0, 100))
        if value == previous and 0 < value < 100:
            value = round(value + 0.1, 1)
        values[period.code] = previous = value
    return values


def milestone_series(rng, path: dict[int, float], unit: str) -> dict[str, float]:
    """Digitisation: near the yearly minimum path, some units a little behind it."""
    lag = rng.uniform(-4, 8) + (10 if unit in LAGGING else 0)

    def level(period: Period) -> float:
        year_start = path.get(period.year - 1, path[min(path)] - 20)
        due = path.get(period.year, 100)
        return year_start + (due - year_start) * period.number / 4 - lag + rng.normal(0, 0.8)

    return _quarterly(level)


def count_series(rng, start: float, yearly_change: float) -> dict[str, float]:
    """Yearly counts (units, payroll) falling from 2021, plus the first half of 2025."""
    values = {}
    for index, code in enumerate(["2021", "2022", "2023", "2024", "2025-H1"]):
        years = index if code != "2025-H1" else 3.5
        values[code] = float(round(start * (1 + yearly_change) ** years + rng.normal(0, start * 0.004)))
    return values


def within_life(rows: list[dict], units) -> list[dict]:
    """The rows whose whole period lies within their unit's life (see the module's note on 2024-Q3)."""
    kept = []
    for row in rows:
        unit, period = units[row["unit"]], parse_period(row["period"])
        if (unit.valid_from is None or unit.valid_from <= period.start) and (
            unit.valid_to is None or period.end <= unit.valid_to
        ):
            kept.append(row)
    return kept


def observations(rng) -> list[dict]:
    """Every illustrative numeric observation, for the province and its districts while they existed.

    Series are drawn for every unit up to 2025-Q2 and only then cut to each unit's life, so that the random
    draws (and every other unit's figures) do not depend on when a unit ended.
    """
    catalogue, units = load_catalogue(), load_units()
    province = units["36"]
    districts = units.children("36")
    rows = []
    for indicator in catalogue.indicators:
        if not indicator.is_numeric or indicator.unit == "rank":
            continue
        for unit in [province, *districts]:
            if unit.level not in indicator.levels:
                continue
            target = indicator.target
            if target.kind == "milestones":
                series = milestone_series(rng, target.milestones[unit.level], unit.code)
            elif target.kind == "change_vs_baseline":
                size = {"public_service_units": 820, "public_service_payroll": 31500}[indicator.id]
                size = size if unit.level == "province" else size / 14 * rng.uniform(0.6, 1.4)
                series = count_series(rng, size, rng.uniform(-0.035, -0.015) * LAGGING.get(unit.code, 1.0))
            else:
                series = percent_series(rng, target.for_level(unit.level), unit.code, unit.level)
            for period, value in series.items():
                row = {"indicator": indicator.id, "unit": unit.code, "period": period, "value": value, "source": SOURCE}
                if indicator.id == "dossiers_processed_online" and unit.level == "province":
                    denominator = int(rng.integers(52000, 68000))
                    row["numerator"] = round(denominator * value / 100)
                    row["denominator"] = denominator
                    row["value"] = round(100 * row["numerator"] / denominator, 1)
                rows.append(row)
    return within_life(rows, units)


def qualitative_rows() -> list[dict]:
    """The analyst's assessments of the qualitative and yes/no goals, with evidence notes."""
    catalogue = load_catalogue()
    plan = {
        "law_enforcement_environment": ["on_track", "on_track", "on_track", "achieved"],
        "streamlined_apparatus": ["on_track", "on_track", "at_risk", "on_track"],
        "clear_mandates": ["on_track", "on_track", "on_track", "on_track"],
        "professional_workforce": ["on_track", "at_risk", "at_risk", "on_track"],
        "merit_based_appointment": ["on_track", "on_track", "on_track", "on_track"],
        "budget_management_renewed": ["at_risk", "on_track", "on_track", "on_track"],
        "plan_goals_completed": ["on_track", "on_track", "at_risk", "at_risk"],
    }
    done = {"one_stop_shop_renewed": [0, 0, 0, 1], "admin_units_rearranged": [0, 0, 1, 1]}
    periods = ["2022", "2023", "2024", "2025-Q2"]
    rows = []
    for indicator in catalogue.indicators:
        for index, period in enumerate(periods):
            row = {"indicator": indicator.id, "unit": "36", "period": period, "source": SOURCE}
            if indicator.id in plan:
                row["assessment"] = plan[indicator.id][index]
                row["note"] = f"Báo cáo CCHC {period} của Sở Nội vụ (minh họa)"
            elif indicator.id in done:
                row["value"] = done[indicator.id][index]
                row["note"] = "Theo báo cáo của cơ quan chủ trì (minh họa)"
                if indicator.id == "admin_units_rearranged" and row["value"] == 1:
                    row["note"] = REARRANGED
            else:
                continue
            rows.append(row)
    return rows


def ranking_rows() -> list[dict]:
    """The real published rankings, with their source address and an excerpt."""
    rows = []
    with PUBLISHED.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            indicator = RANKING_KEYS.get(record["indicator_key"])
            if indicator is None:
                continue  # group counts and band thresholds are context, not observations
            national = record["scope"] == "national_average"
            rows.append(
                {
                    "indicator": indicator,
                    "unit": "VN" if national else "36",
                    "period": record["period"],
                    "value": float(record["value"]),
                    "rank": "" if national else int(record["rank"]),
                    "rank_of": "" if national else int(record["rank_of"]),
                    "source": record["source_url"],
                    "note": f"Số liệu công bố (published): {record['excerpt']}",
                }
            )
    return rows


def write(path: Path, rows: list[dict], delimiter: str = ",", decimal_comma: bool = False) -> None:
    """Write rows as CSV; the 2025 file imitates Excel in a Vietnamese locale (';' and '65,4')."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            text = f"{value:.1f}" if value.is_integer() and value < 1000 else f"{value:g}"  # 47.0, 65.4, 87.32, 28452
            if re.fullmatch(r"\d{1,3}\.\d{3}", text):  # 42.269 would be ambiguous (thousands?): write 42.2690
                text += "0"
            return text.replace(".", ",") if decimal_comma else text
        return "" if value is None else str(value)

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in COLUMNS])


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows = observations(rng)
    gaps = {
        key: set(
            rng.choice(sorted({r["indicator"] for r in rows if (r["unit"], r["period"]) == key}), n, replace=False)
        )
        for key, n in GAPS.items()
    }
    rows = [r for r in rows if r["indicator"] not in gaps.get((r["unit"], r["period"]), set())]
    early = [r for r in rows if not r["period"].startswith("2025") and (r["unit"], r["period"]) not in LATE]
    late = [r for r in rows if r["period"].startswith("2025") or (r["unit"], r["period"]) in LATE]
    revised = next(r for r in late if r["indicator"] == "dossiers_processed_online" and r["period"] == "2025-Q1")
    correction = {**revised, "value": round(revised["value"] + 1.8, 1), "numerator": None, "denominator": None,
                  "note": "Điều chỉnh số liệu Quý I/2025 theo báo cáo chính thức (minh họa)"}  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "2021-2024_so_lieu_tong_hop.csv", early)
    write(OUT / "2025-H1_bao_cao.csv", late, delimiter=";", decimal_comma=True)
    write(OUT / "2025-Q2_dieu_chinh.csv", [correction])
    write(OUT / "danh_gia_dinh_tinh.csv", qualitative_rows())
    write(OUT / "xep_hang_cong_bo.csv", ranking_rows())
    print(f"wrote {len(early) + len(late) + 1} illustrative rows and the published rankings to {OUT}")


if __name__ == "__main__":
    main()
