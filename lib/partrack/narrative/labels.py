"""Short labels for tables and charts: targets, statuses, areas, in Vietnamese and English."""

from __future__ import annotations

from partrack.catalogue.model import Indicator
from partrack.narrative.formatting import number

LEVEL_WORDS = {
    "vi": {"province": "tỉnh", "district": "huyện", "commune": "xã", "agency": "sở, ngành"},
    "en": {"province": "province", "district": "district", "commune": "commune", "agency": "agency"},
}


def target_words(indicator: Indicator, lang: str = "vi", level: str | None = None) -> str:
    """The target in a few words for a table: "≥ 60%", "−10% so với 2021", "nhóm khá (top 50%)"."""
    target = indicator.target
    if level is not None and (target.by_level or target.milestones):
        target = target.model_copy(
            update={
                "by_level": {level: target.by_level[level]} if target.by_level else None,
                "milestones": {level: target.milestones[level]} if target.milestones else None,
            }
        )
    pct = "%" if indicator.unit == "percent" else ""
    match target.kind:
        case "at_least" | "at_most":
            sign = "≥" if target.kind == "at_least" else "≤"
            if target.by_level:
                return "; ".join(
                    f"{LEVEL_WORDS[lang][lvl]} {sign} {number(v, lang, 0)}{pct}" for lvl, v in target.by_level.items()
                )
            return f"{sign} {number(target.value, lang, 0)}{pct}"
        case "change_vs_baseline":
            year = target.baseline_year or 2021
            vs = "so với" if lang == "vi" else "vs"
            return f"{target.change:+g}% {vs} {year}".replace("-", "−")
        case "milestones":
            return "; ".join(
                f"{LEVEL_WORDS[lang][lvl]} " + "→".join(f"{number(v, lang, 0)}" for v in path.values()) + "%"
                for lvl, path in (target.milestones or {}).items()
            )
        case "rank_group":
            share = int((target.top_share or 0.5) * 100)
            return f"top {share}% " + ("và ≥ TB cả nước" if lang == "vi" else "and ≥ national average")
        case "done":
            return "hoàn thành" if lang == "vi" else "done"
    return "định tính" if lang == "vi" else "qualitative"
