"""Short labels for tables and charts: targets, statuses, flags, assessments, in the brief's language."""

from __future__ import annotations

from collections.abc import Iterable

from partrack.catalogue.model import Indicator
from partrack.words.numbers import number
from partrack.words.vocabulary import word, word_or


def target_words(indicator: Indicator, lang: str, baseline_year: int, level: str | None = None) -> str:
    """The target in a few words for a table: "≥ 60%", "−10% so với 2021", "top 50% và ≥ TB cả nước"."""
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
                    f"{word(f'level.{lvl}', lang)} {sign} {number(v, lang, 0)}{pct}"
                    for lvl, v in target.by_level.items()
                )
            return f"{sign} {number(target.value, lang, 0)}{pct}"
        case "change_vs_baseline":
            change = f"{target.change:+g}".replace("-", "−")
            return word("target.versus", lang, change=change, year=target.baseline_year or baseline_year)
        case "milestones":
            return "; ".join(
                f"{word(f'level.{lvl}', lang)} " + "→".join(f"{number(v, lang, 0)}" for v in path.values()) + "%"
                for lvl, path in (target.milestones or {}).items()
            )
        case "rank_group":
            return word("target.rank_group", lang, share=int(target.group_share * 100))
        case "done":
            return word("target.done", lang)
    return word("target.qualitative", lang)


def status_label(status: str | None, lang: str = "vi") -> str:
    """A status in words ("Đúng tiến độ"), never a colour alone."""
    return word_or(f"status.{status}", lang, status or "")


def flag_labels(flags: Iterable[str] | None, lang: str = "vi") -> str:
    """The flags of a progress row in words."""
    return ", ".join(word_or(f"flag.{f}", lang, f) for f in (flags or ()) if f)


def assessment_label(assessment: str | None, lang: str = "vi") -> str:
    """The analyst's assessment in words."""
    return word_or(f"assessment.{assessment}", lang, assessment or "")
