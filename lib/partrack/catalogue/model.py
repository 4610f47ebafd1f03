"""The pydantic model of a plan catalogue: the plan header, its areas and their indicators.

A catalogue is data (YAML); this model is the contract every later stage relies on, so it refuses
anything that would make an assessment ambiguous: a missing direction, a target kind that does not
fit the unit, per-level values for levels the indicator is not reported at, milestones out of order.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Unit = Literal["percent", "count", "points", "rank", "boolean", "qualitative"]
Direction = Literal["up", "down"]
Level = Literal["province", "district", "commune", "agency"]
TargetKind = Literal["at_least", "at_most", "change_vs_baseline", "milestones", "rank_group", "done", "qualitative"]
Assessment = Literal["achieved", "on_track", "at_risk", "off_track", "not_started"]

ASSESSMENTS: tuple[str, ...] = Assessment.__args__  # type: ignore[attr-defined]
DEFAULT_TOP_SHARE = 0.5  # "nhóm khá" (the good group) read as the top half of a ranking (methodology)
NUMERIC_KINDS = frozenset({"at_least", "at_most", "change_vs_baseline", "milestones", "rank_group"})

# Which target kinds make sense for which unit of measure.
KINDS_FOR_UNIT: dict[str, frozenset[str]] = {
    "percent": frozenset({"at_least", "at_most", "change_vs_baseline", "milestones"}),
    "count": frozenset({"at_least", "at_most", "change_vs_baseline", "milestones"}),
    "points": frozenset({"at_least", "at_most", "change_vs_baseline", "milestones"}),
    "rank": frozenset({"rank_group"}),
    "boolean": frozenset({"done"}),
    "qualitative": frozenset({"qualitative"}),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    """What an indicator must reach, and by when."""

    kind: TargetKind
    value: float | None = None
    by_level: dict[Level, float] | None = None
    milestones: dict[Level, dict[int, float]] | None = None
    change: float | None = Field(default=None, description="percent change vs the baseline year, e.g. -10")
    baseline_year: int | None = None
    top_share: float | None = Field(default=None, gt=0, le=1, description="rank_group: share of the ranking")
    deadline: date | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Target:
        need = {
            "at_least": ("value", "by_level"),
            "at_most": ("value", "by_level"),
            "change_vs_baseline": ("change",),
            "milestones": ("milestones",),
        }.get(self.kind)
        if need and all(getattr(self, name) is None for name in need):
            raise ValueError(f"a {self.kind} target needs {' or '.join(need)}")
        if self.kind == "milestones":
            for level, path in (self.milestones or {}).items():
                years = list(path)
                if years != sorted(years):
                    raise ValueError(f"milestones for {level} are out of order: years {years}")
        return self

    @property
    def group_share(self) -> float:
        """A rank_group's share of the ranking (the top half, "nhóm khá", unless the plan says otherwise)."""
        return self.top_share or DEFAULT_TOP_SHARE

    def rank_threshold(self, rank_of: float) -> int:
        """The worst rank still inside the group: floor(rank_of × share), as the methodology reads it."""
        return math.floor(rank_of * self.group_share)

    def for_level(self, level: str, year: int | None = None) -> float | None:
        """The target value that applies to a unit of this level (the deadline year's milestone)."""
        if self.kind == "milestones":
            path = (self.milestones or {}).get(level)
            if not path:
                return None
            return path[max(path)] if year is None else path.get(year)
        if self.by_level is not None:
            return self.by_level.get(level, self.value)
        return self.value


class Indicator(_Strict):
    """One goal of section II.1, in the plan's own words, with how it is measured."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    area: str
    plan_ref: str = Field(pattern=r"^\d+(\.\d+)*/\d+$")  # heading/bullet in the plan: "1.2/3"
    text_vi: str = Field(min_length=10)
    name_vi: str
    name_en: str
    unit: Unit
    direction: Direction
    levels: list[Level] = Field(min_length=1)
    target: Target
    lead_agency: str
    chart: str | None = None
    score_unit: Literal["percent", "points"] | None = None  # a ranking's score (PAR INDEX in %, PAPI in points)
    count_unit_vi: str = ""  # what a count goal counts, written after the number: "737 đơn vị", "28.452 biên chế"
    count_unit_en: str = ""
    notes: str = ""

    def name(self, lang: str = "vi") -> str:
        """The short name in a language ("vi" or "en")."""
        return getattr(self, f"name_{lang}")

    def count_unit(self, lang: str = "vi") -> str:
        """What a count goal counts in a language ("đơn vị", "units"), so that a figure never stands bare.

        Empty for a goal that is not a count, or when the plan does not say (the field is optional).
        """
        return getattr(self, f"count_unit_{lang}", "") if self.unit == "count" else ""

    @property
    def is_numeric(self) -> bool:
        """Whether progress is computed from numbers (as opposed to an analyst's assessment)."""
        return self.target.kind in NUMERIC_KINDS

    @model_validator(mode="after")
    def _target_fits(self) -> Indicator:
        kind, target = self.target.kind, self.target
        if kind not in KINDS_FOR_UNIT[self.unit]:
            allowed = ", ".join(sorted(KINDS_FOR_UNIT[self.unit]))
            raise ValueError(f"target kind {kind!r} does not fit unit {self.unit!r} (allowed: {allowed})")
        if (self.count_unit_vi or self.count_unit_en) and self.unit != "count":
            raise ValueError(f"count_unit_vi/count_unit_en name what a count counts; unit is {self.unit!r}")
        if kind == "at_least" and self.direction != "up":
            raise ValueError("an at_least target needs direction 'up'")
        if kind == "at_most" and self.direction != "down":
            raise ValueError("an at_most target needs direction 'down'")
        if kind == "rank_group" and self.direction != "down":
            raise ValueError("a rank_group target needs direction 'down' (a smaller rank is better)")
        if kind == "change_vs_baseline" and target.change is not None:
            expected = "down" if target.change < 0 else "up"
            if self.direction != expected:
                raise ValueError(f"a change of {target.change:+g}% needs direction {expected!r}")
        for field in ("by_level", "milestones"):
            per_level = getattr(target, field) or {}
            extra = sorted(set(per_level) - set(self.levels))
            if extra:
                raise ValueError(f"target.{field} names levels {extra} that are not in levels {self.levels}")
        if kind == "milestones":
            missing = sorted(set(self.levels) - set(target.milestones or {}))
            if missing:
                raise ValueError(f"target.milestones has no path for levels {missing}")
            for level, path in (target.milestones or {}).items():
                values = [path[y] for y in sorted(path)]
                ordered = values == sorted(values, reverse=self.direction == "down")
                if not ordered:
                    raise ValueError(f"milestones for {level} go against direction {self.direction!r}: {values}")
        if self.unit == "percent":
            values = [target.value, *(target.by_level or {}).values()]
            values += [v for path in (target.milestones or {}).values() for v in path.values()]
            bad = [v for v in values if v is not None and not 0 <= v <= 100]
            if bad:
                raise ValueError(f"percent target values must be within 0-100, got {bad}")
        return self


class Area(_Strict):
    """A reform area (one heading of II.1, one notebook)."""

    code: str = Field(pattern=r"^[a-z][a-z_]*$")
    number: str
    name_vi: str
    name_en: str
    lead_agency: str

    def name(self, lang: str = "vi") -> str:
        """The area's name in a language ("vi" or "en")."""
        return getattr(self, f"name_{lang}")


class StatusThresholds(_Strict):
    """The linear method's bands (see docs/methodology.md): ratio of projected to required progress."""

    on_track: float = Field(default=1.0, gt=0)  # the projection reaches the target
    needs_acceleration: float = Field(default=0.5, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> StatusThresholds:
        if self.needs_acceleration >= self.on_track:
            raise ValueError("needs_acceleration must be below on_track")
        return self


class Plan(_Strict):
    """The plan header."""

    number: str
    title_vi: str
    title_en: str
    scope_vi: str = ""  # the title's second line in a brief: "tỉnh Nam Định giai đoạn 2021 - 2025"
    scope_en: str = ""
    issuer_vi: str  # who issued the plan: "Ủy ban nhân dân tỉnh Nam Định"
    issuer_en: str = ""
    authority_vi: str = ""  # the letterhead's first line: "UBND TỈNH NAM ĐỊNH"
    authority_en: str = ""
    office_vi: str = ""  # the office that writes the briefs: "SỞ NỘI VỤ"
    office_en: str = ""
    date: date
    province: str  # the unit code the plan is for
    province_name: str  # as in the place-and-date line: "Nam Định, ngày …"
    start: date
    deadline: date
    baseline_year: int
    national_average: str | None = None  # unit code of the national average rankings are compared with
    thresholds: StatusThresholds = Field(default_factory=lambda: StatusThresholds())
    source_text: str = ""

    def title(self, lang: str = "vi") -> str:
        """The plan's title in a language ("vi" or "en")."""
        return getattr(self, f"title_{lang}")

    def scope(self, lang: str = "vi") -> str:
        """The title's second line in a brief, in a language."""
        return getattr(self, f"scope_{lang}")

    def text(self, field: str, lang: str) -> str:
        """A bilingual field of the plan (issuer, authority, office) in a language, else in Vietnamese."""
        return getattr(self, f"{field}_{lang}") or getattr(self, f"{field}_vi")


class Catalogue(_Strict):
    """A whole plan: header, areas in order, indicators in order."""

    plan: Plan
    areas: list[Area]
    indicators: list[Indicator]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id (KeyError when unknown)."""
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        raise KeyError(indicator_id)

    def area(self, code: str) -> Area:
        """The area with this code (KeyError when unknown)."""
        for item in self.areas:
            if item.code == code:
                return item
        raise KeyError(code)

    def in_area(self, code: str) -> list[Indicator]:
        """The indicators of one area, in plan order."""
        return [i for i in self.indicators if i.area == code]

    @property
    def rankings(self) -> list[Indicator]:
        """The national rankings the plan sets goals for (indicators measured as a rank)."""
        return [i for i in self.indicators if i.unit == "rank"]

    def deadline_of(self, indicator: Indicator) -> date:
        """The indicator's own deadline, else the plan's."""
        return indicator.target.deadline or self.plan.deadline
