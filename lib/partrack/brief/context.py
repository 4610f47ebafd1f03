"""One brief's inputs, computed once: validated data, the progress table, the plan and the unit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from partrack.brief.parameters import BriefParameters, ParameterError
from partrack.catalogue import Catalogue, load_catalogue
from partrack.ingest.handover import load_validated, signature
from partrack.ingest.validate import ValidationResult, validate
from partrack.periods import Period
from partrack.progress import compute_progress
from partrack.progress.close import assessed_period, plan_close
from partrack.units import Unit, UnitRegistry, units_for


@dataclass
class Brief:
    """Everything the sections of a notebook read."""

    params: BriefParameters
    catalogue: Catalogue
    units: UnitRegistry
    validation: ValidationResult
    period: Period
    table: pd.DataFrame  # progress rows for every unit (the districts are the comparison)
    area: str | None

    @property
    def unit(self) -> Unit:
        """The unit the brief is for."""
        return self.units[self.params.unit]

    @property
    def lang(self) -> str:
        """The brief's language."""
        return self.params.lang

    @property
    def own(self) -> pd.DataFrame:
        """The brief's unit's rows (of its area, if the brief is for one area)."""
        rows = self.table[self.table["unit"] == self.params.unit]
        return rows if self.area is None else rows[rows["area"] == self.area]

    @property
    def illustrative(self) -> bool:
        """Whether the data is marked as illustrative."""
        return self.validation.illustrative


def open_brief(**parameters: object) -> Brief:
    """Validate the parameters and the data, compute progress: the first call of every notebook."""
    params = BriefParameters.checked(**parameters)
    catalogue = load_catalogue(params.catalogue)
    if params.unit is None:  # the plan's own province
        params = params.model_copy(update={"unit": catalogue.plan.province})
    if params.area is not None and params.area not in {a.code for a in catalogue.areas}:
        known = ", ".join(a.code for a in catalogue.areas)
        raise ParameterError(f"lĩnh vực không có trong kế hoạch / unknown area {params.area!r}; known: {known}")
    validation, period, table = _inputs(signature(params.data_paths), params.catalogue, params.period)
    return Brief(params, catalogue, units_for(params.catalogue), validation, period, table, params.area)


# Validation results handed over by ``partrack run`` (see ``ingest.handover``): (signature, catalogue) → result.
_VALIDATED: dict[tuple, ValidationResult] = {}


def use_validated(file: str) -> None:
    """Load a run's validation (written by ``ingest.handover.save_validated``) for the next briefs."""
    inputs, catalogue_path, validation = load_validated(file)
    _VALIDATED.clear()
    _VALIDATED[(inputs, catalogue_path)] = validation
    _inputs.cache_clear()


@lru_cache(maxsize=4)
def _inputs(inputs: tuple, catalogue_path: str | None, period_text: str):
    """Validated data and the progress table, computed once per process for the same inputs.

    A warm kernel runs the overview and the seven areas one after another on the same data.
    """
    catalogue, units = load_catalogue(catalogue_path), units_for(catalogue_path)
    validation = _VALIDATED.get((inputs, catalogue_path))
    if validation is None:
        paths = [Path(p) for p in inputs if isinstance(p, str)]
        validation = validate(paths, catalogue=catalogue, units=units)
    available = set(validation.observations["period"].unique())
    period = assessed_period(period_text, available, plan_close(catalogue, units))  # latest after the close: the close
    return validation, period, compute_progress(validation.observations, period, catalogue=catalogue, units=units)
