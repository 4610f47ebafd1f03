"""A synthetic national-scale plan and data set for the benchmarks (communes × indicators × periods)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from partrack.catalogue.model import Area, Catalogue, Indicator, Plan, Target
from partrack.units import Unit, UnitRegistry


def catalogue(indicators: int = 35) -> Catalogue:
    plan = Plan(number="0/BENCH", title_vi="Kế hoạch thử", title_en="Benchmark plan", issuer_vi="UBND",
                date=date(2021, 9, 29), province="99", province_name="Thử", start=date(2021, 1, 1),
                deadline=date(2025, 12, 31), baseline_year=2021)  # fmt: skip
    area = Area(code="bench", number="1.1", name_vi="Thử", name_en="Bench", lead_agency="Sở Nội vụ")
    items = [
        Indicator(
            id=f"bench_{i:02d}",
            area="bench",
            plan_ref=f"1.1/{i}",
            text_vi="Chỉ tiêu thử nghiệm số liệu",
            name_vi=f"Chỉ tiêu {i}",
            name_en=f"Goal {i}",
            unit="percent",
            direction="up",
            levels=["commune"],
            target=Target(kind="at_least", value=60.0),
            lead_agency="Sở Nội vụ",
        )
        for i in range(1, indicators + 1)
    ]
    return Catalogue(plan=plan, areas=[area], indicators=items)


def units(communes: int = 10_000) -> UnitRegistry:
    root = Unit(code="99", name_vi="Tỉnh thử", name_en="Bench province", level="province")
    return UnitRegistry([root] + [Unit(code=f"{i:05d}", name_vi=f"Xã {i}", name_en=f"Commune {i}", level="commune",
                                       parent="99") for i in range(communes)])  # fmt: skip


def observations(communes: int = 10_000, indicators: int = 35, periods=("2023-Q4", "2024-Q2", "2024-Q4"), seed=1):
    """A tidy observation table as validation hands it to the progress engine."""
    rng = np.random.default_rng(seed)
    codes = np.array([f"{i:05d}" for i in range(communes)])
    ids = np.array([f"bench_{i:02d}" for i in range(1, indicators + 1)])
    ends = {"2023-Q4": "2023-12-31", "2024-Q2": "2024-06-30", "2024-Q4": "2024-12-31"}
    n = communes * indicators
    frames = []
    base = rng.uniform(20, 50, n)
    pace = rng.uniform(-2, 12, n)
    for step, period in enumerate(periods):
        frames.append(
            pd.DataFrame(
                {
                    "indicator": np.repeat(ids, communes),
                    "unit": np.tile(codes, indicators),
                    "period": period,
                    "value": np.clip(base + pace * step * 0.5 + rng.normal(0, 1, n), 0, 100).round(1),
                    "period_end": pd.Timestamp(ends[period]),
                }
            )
        )
    obs = pd.concat(frames, ignore_index=True)
    for column in ("numerator", "denominator", "rank", "rank_of", "replaced_value"):
        obs[column] = np.nan
    for column in ("assessment", "source", "note"):
        obs[column] = pd.Series(pd.NA, index=obs.index, dtype="string")
    return obs
