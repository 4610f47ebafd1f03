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


STATUS_LABELS = {
    "vi": {
        "achieved": "Đã đạt",
        "on_track": "Đúng tiến độ",
        "needs_acceleration": "Cần đẩy nhanh",
        "off_track": "Chậm tiến độ",
        "regressing": "Đi lùi",
        "not_achieved": "Không đạt",
        "insufficient_data": "Chưa đủ dữ liệu",
        "not_assessed": "Chưa đánh giá",
        "target_achieved": "Đã đạt mục tiêu",
        "substantial_progress": "Tiến bộ rõ rệt",
        "moderate_progress": "Tiến bộ vừa phải",
        "limited_progress": "Tiến bộ hạn chế",
        "deterioration": "Xấu đi",
        "not_available": "Không tính được",
    },
    "en": {
        "achieved": "Achieved",
        "on_track": "On track",
        "needs_acceleration": "Needs acceleration",
        "off_track": "Off track",
        "regressing": "Regressing",
        "not_achieved": "Not achieved",
        "insufficient_data": "Insufficient data",
        "not_assessed": "Not assessed",
        "target_achieved": "Target achieved",
        "substantial_progress": "Substantial progress",
        "moderate_progress": "Moderate progress",
        "limited_progress": "Limited progress",
        "deterioration": "Deterioration",
        "not_available": "Not available",
    },
}

FLAG_LABELS = {
    "vi": {
        "stale": "số liệu cũ",
        "behind_milestone": "chưa đạt mốc năm",
        "baseline_beyond_target": "năm gốc đã vượt mục tiêu",
        "unit_ended": "đơn vị đã kết thúc",
        "not_reported": "chưa báo cáo",
        "revised": "số liệu điều chỉnh",
    },
    "en": {
        "stale": "stale",
        "behind_milestone": "behind the year's milestone",
        "baseline_beyond_target": "baseline beyond target",
        "unit_ended": "unit ended",
        "not_reported": "not reported",
        "revised": "revised",
    },
}


def status_label(status: str | None, lang: str = "vi") -> str:
    """A status in words ("Đúng tiến độ"), never a colour alone."""
    return STATUS_LABELS[lang].get(status or "", status or "")


def flag_labels(flags: str | None, lang: str = "vi") -> str:
    """The ';'-separated flags of a progress row in words."""
    return ", ".join(FLAG_LABELS[lang].get(f, f) for f in (flags or "").split(";") if f)


ASSESSMENT_LABELS = {
    "vi": {
        "achieved": "đã đạt",
        "on_track": "đúng tiến độ",
        "at_risk": "có nguy cơ chậm",
        "off_track": "chậm tiến độ",
        "not_started": "chưa triển khai",
    },
    "en": {
        "achieved": "achieved",
        "on_track": "on track",
        "at_risk": "at risk",
        "off_track": "off track",
        "not_started": "not started",
    },
}


def assessment_label(assessment: str | None, lang: str = "vi") -> str:
    """The analyst's assessment in words."""
    return ASSESSMENT_LABELS[lang].get(assessment or "", assessment or "")
