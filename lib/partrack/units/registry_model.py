"""The unit registry: codes as strings, levels, parents, validity dates and successors.

Units come from YAML files (one per province, plus the national comparison units) so that a commune
list or another province is data, not code. The reorganisations (Mỹ Lộc merged into Thành phố Nam Định
on 1/9/2024; in 2025 the districts abolished and Nam Định merged into Ninh Bình) are expressed as
``valid_to`` and ``successor``.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from partrack.readable import error_lines
from partrack.yamlsafe import load_yaml

REGISTRY_DIR = Path(__file__).resolve().parent / "registry"
UnitLevel = Literal["national", "province", "district", "commune", "agency"]
LEVEL_NAMES = {  # (vi, en)
    "national": ("cả nước", "national"),
    "province": ("tỉnh", "province"),
    "district": ("huyện", "district"),
    "commune": ("xã", "commune"),
    "agency": ("sở, ngành", "agency"),
}


class UnitRegistryError(ValueError):
    """The unit files are inconsistent; the message lists every problem."""


class Unit(BaseModel):
    """One administrative unit (or a comparison unit such as the national average)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1)
    name_vi: str
    name_en: str
    level: UnitLevel
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    assessed: bool = True

    @field_validator("code", "parent", "successor", mode="before")
    @classmethod
    def _codes_are_text(cls, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f'unit code {value!r} must be quoted text (e.g. "036"), not a number')
        return value

    def name(self, lang: str = "vi") -> str:
        """The unit's name in a language ("vi" or "en")."""
        return getattr(self, f"name_{lang}")

    def exists_on(self, day: date) -> bool:
        """Whether the unit existed on that day."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, start: date, end: date) -> bool:
        """Whether the unit existed at some time between start and end (a period it can report on)."""
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)


class UnitRegistry:
    """All known units by code."""

    def __init__(self, units: list[Unit]) -> None:
        self._units = {u.code: u for u in units}

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def __getitem__(self, code: str) -> Unit:
        return self._units[code]

    def __iter__(self):
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def get(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        return self._units.get(code)

    def children(self, code: str) -> list[Unit]:
        """Units whose parent is this code, in registry order."""
        return [u for u in self._units.values() if u.parent == code]

    def plan_scope(self, root: str) -> list[Unit]:
        """The units a plan for ``root`` covers: the root, everything under it, and the units that succeeded it."""
        found = self.assessed_units(root)
        successor = self._units[root].successor
        while successor is not None and successor in self._units and successor not in {u.code for u in found}:
            found.append(self._units[successor])
            successor = self._units[successor].successor
        return found

    def assessed_units(self, root: str) -> list[Unit]:
        """The root unit and everything under it (the units a brief for ``root`` covers)."""
        found = [self._units[root]]
        for child in self.children(root):
            found.extend(self.assessed_units(child.code))
        return [u for u in found if u.assessed]


def units_for(catalogue: Path | str | None = None) -> UnitRegistry:
    """The bundled registry plus the ``units.yaml`` of a plan folder (a province the registry does not know).

    Read once per process and plan folder, like the catalogue: a brief asks for it several times.
    """
    return _units_for(str(Path(catalogue).resolve()) if catalogue else None)


@cache
def _units_for(catalogue: str | None) -> UnitRegistry:
    extra = Path(catalogue) / "units.yaml" if catalogue else None
    return load_units(extra=extra if extra is not None and extra.is_file() else None)


def load_units(directory: Path | None = None, extra: Path | None = None) -> UnitRegistry:
    """Load every ``*.yaml`` in the directory (and one extra file); report all problems at once."""
    directory = directory or REGISTRY_DIR
    units: list[Unit] = []
    problems: list[str] = []
    for path in [*sorted(directory.glob("*.yaml")), *([extra] if extra else [])]:
        document = load_yaml(path) or {}
        for index, raw in enumerate(document.get("units", []), start=1):
            try:
                units.append(Unit.model_validate(raw))
            except ValidationError as error:
                for where, message in error_lines(error):
                    problems.append(f"{path.name}: unit #{index} ({raw.get('code')!r}) {where}: {message}")
    codes = [u.code for u in units]
    problems += [f"duplicate unit code {c!r}" for c in sorted({c for c in codes if codes.count(c) > 1})]
    known = set(codes)
    for unit in units:
        for field in ("parent", "successor"):
            ref = getattr(unit, field)
            if ref is not None and ref not in known:
                problems.append(f"unit {unit.code!r}: {field} {ref!r} is not a known unit")
    if problems:
        raise UnitRegistryError("unit registry problems:\n  " + "\n  ".join(problems))
    return UnitRegistry(units)
