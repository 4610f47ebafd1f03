"""One brief's inputs, computed once: validated data, the progress table, the plan and the unit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from partrack.brief.parameters import BriefParameters
from partrack.catalogue import Catalogue, load_catalogue
from partrack.ingest.validate import ValidationResult, validate
from partrack.periods import Period, resolve_period
from partrack.progress import compute_progress
from partrack.units import Unit, UnitRegistry, load_units


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


def open_brief(area: str | None = None, **parameters: object) -> Brief:
    """Validate the parameters and the data, compute progress: the first call of every notebook."""
    params = BriefParameters.checked(**parameters)
    catalogue = load_catalogue(params.catalogue)
    if area is not None:
        catalogue.area(area)  # KeyError for an unknown area: a notebook bug, not a user error
    units = load_units()
    validation = validate([params.data_path], catalogue=catalogue, units=units)
    period = resolve_period(params.period, set(validation.observations["period"].unique()))
    table = compute_progress(validation.observations, period, catalogue=catalogue, units=units)
    return Brief(params, catalogue, units, validation, period, table, area)
