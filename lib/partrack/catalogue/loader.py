"""Load a plan catalogue from its YAML folder, reporting every problem at once.

The folder holds ``plan.yaml`` (the header) and one ``NN_<area>.yaml`` per reform area. An indicator
inherits its area code and lead agency from the file it is in unless it names its own.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from partrack.catalogue.model import Area, Catalogue, Indicator, Plan
from partrack.readable import error_lines
from partrack.yamlsafe import load_yaml

BUNDLED = Path(__file__).resolve().parent / "plans" / "nam-dinh-111-2021"


@dataclass(frozen=True)
class CatalogueProblem:
    """One thing wrong with a catalogue: where (file, indicator, field) and what."""

    file: str
    indicator: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.indicator or '-'}: {self.field or '-'}: {self.message}"


class CatalogueError(ValueError):
    """A catalogue that cannot be used; ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: list[CatalogueProblem]) -> None:
        self.problems = problems
        lines = "\n  ".join(str(p) for p in problems)
        super().__init__(f"the catalogue has {len(problems)} problem(s):\n  {lines}")


def _nfc(value: object) -> object:
    """NFC-normalise every string in a YAML document (text typed on a Mac arrives as NFD)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def _read_yaml(path: Path, problems: list[CatalogueProblem]) -> dict:
    try:
        document = load_yaml(path)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(CatalogueProblem(path.name, "", "", f"cannot read: {error}"))
        return {}
    if not isinstance(document, dict):
        problems.append(CatalogueProblem(path.name, "", "", "expected a mapping at the top of the file"))
        return {}
    return _nfc(document)


def _errors(file: str, indicator: str, error: ValidationError) -> list[CatalogueProblem]:
    return [CatalogueProblem(file, indicator, field, message) for field, message in error_lines(error)]


def load_catalogue(folder: Path | str | None = None) -> Catalogue:
    """Load and validate a catalogue folder (the bundled Nam Định plan by default)."""
    folder = Path(folder) if folder else BUNDLED
    return _load(folder.resolve())


@cache
def _load(folder: Path) -> Catalogue:
    problems: list[CatalogueProblem] = []
    if not (folder / "plan.yaml").is_file():
        raise CatalogueError([CatalogueProblem(str(folder), "", "", "no plan.yaml in this folder")])
    header = _read_yaml(folder / "plan.yaml", problems)
    plan = None
    try:
        plan = Plan.model_validate(header.get("plan", {}))
    except ValidationError as error:
        problems += _errors("plan.yaml", "", error)

    areas: list[Area] = []
    indicators: list[Indicator] = []
    for path in sorted(folder.glob("[0-9][0-9]_*.yaml")):
        document = _read_yaml(path, problems)
        if not document:
            continue
        try:
            area = Area.model_validate(document.get("area", {}))
        except ValidationError as error:
            problems += _errors(path.name, "", error)
            continue
        areas.append(area)
        for index, raw in enumerate(document.get("indicators") or [], start=1):
            name = raw.get("id", f"#{index}") if isinstance(raw, dict) else f"#{index}"
            if not isinstance(raw, dict):
                problems.append(CatalogueProblem(path.name, name, "", "an indicator must be a mapping"))
                continue
            raw = {"area": area.code, "lead_agency": area.lead_agency, **raw}
            try:
                indicators.append(Indicator.model_validate(raw))
            except ValidationError as error:
                problems += _errors(path.name, name, error)

    if not areas:
        problems.append(CatalogueProblem(str(folder), "", "", "no area files (NN_<area>.yaml)"))
    seen: dict[str, str] = {}
    for item in indicators:
        if item.id in seen:
            problems.append(CatalogueProblem(item.area, item.id, "id", f"duplicate id (also in {seen[item.id]})"))
        seen.setdefault(item.id, item.area)
    area_codes = [a.code for a in areas]
    for code in sorted({c for c in area_codes if area_codes.count(c) > 1}):
        problems.append(CatalogueProblem("", "", "area.code", f"duplicate area code {code!r}"))

    if problems or plan is None:
        raise CatalogueError(problems)
    return Catalogue(plan=plan, areas=areas, indicators=indicators)


def catalogue_hash(folder: Path | str | None = None) -> str:
    """SHA-256 over the catalogue's files, so a brief can say which catalogue produced it."""
    folder = Path(folder) if folder else BUNDLED
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
