"""The catalogue as plain data: the JSON contract of ``partrack targets`` and a flat CSV form."""

from __future__ import annotations

from typing import Any

from partrack.catalogue.model import Catalogue, Indicator

TARGET_FIELDS = ("kind", "value", "by_level", "milestones", "change", "baseline_year", "top_share", "deadline")
FLAT_COLUMNS = (
    "id", "area", "plan_ref", "name_vi", "name_en", "unit", "direction", "levels",
    "target_kind", "target_value", "target_by_level", "target_milestones", "target_change",
    "baseline_year", "deadline", "lead_agency", "text_vi", "notes",
)  # fmt: skip


def indicator_record(catalogue: Catalogue, indicator: Indicator) -> dict[str, Any]:
    """One indicator as JSON-ready data, with its deadline resolved; absent fields are omitted."""
    record = indicator.model_dump(mode="json", exclude_none=True, exclude={"target", "chart"})
    target = indicator.target.model_dump(mode="json", exclude_none=True)
    target["deadline"] = catalogue.deadline_of(indicator).isoformat()
    if indicator.target.kind in ("change_vs_baseline",) and "baseline_year" not in target:
        target["baseline_year"] = catalogue.plan.baseline_year
    record["target"] = {k: target[k] for k in TARGET_FIELDS if k in target}
    return record


def catalogue_record(catalogue: Catalogue) -> dict[str, Any]:
    """``{"plan": {...}, "areas": [...], "indicators": [...]}`` as printed by ``partrack targets --format json``."""
    return {
        "plan": catalogue.plan.model_dump(mode="json"),
        "areas": [a.model_dump(mode="json") for a in catalogue.areas],
        "indicators": [indicator_record(catalogue, i) for i in catalogue.indicators],
    }


def _pairs(mapping: dict | None) -> str:
    return ";".join(f"{k}={v:g}" for k, v in (mapping or {}).items())


def flat_rows(catalogue: Catalogue) -> list[dict[str, Any]]:
    """One flat row per indicator (lists and per-level values joined with ``;``) for CSV."""
    rows = []
    for item in catalogue.indicators:
        target = item.target
        milestones = ";".join(
            f"{level}:" + ",".join(f"{year}={value:g}" for year, value in path.items())
            for level, path in (target.milestones or {}).items()
        )
        rows.append(
            {
                "id": item.id,
                "area": item.area,
                "plan_ref": item.plan_ref,
                "name_vi": item.name_vi,
                "name_en": item.name_en,
                "unit": item.unit,
                "direction": item.direction,
                "levels": ";".join(item.levels),
                "target_kind": target.kind,
                "target_value": target.value,
                "target_by_level": _pairs(target.by_level),
                "target_milestones": milestones,
                "target_change": target.change,
                "baseline_year": target.baseline_year,
                "deadline": catalogue.deadline_of(item).isoformat(),
                "lead_agency": item.lead_agency,
                "text_vi": item.text_vi,
                "notes": item.notes,
            }
        )
    return rows
