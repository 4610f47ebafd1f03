"""The notebooks' parameters, validated before anything runs (papermill itself only warns on unknown names)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from partrack.paths import resolve
from partrack.periods import check_period_or_latest
from partrack.readable import readable
from partrack.units import units_for


class ParameterError(ValueError):
    """A parameter a notebook cannot run with; the message says which and why, in vi and en."""

    def _render_traceback_(self) -> list[str]:
        """What Jupyter shows instead of a traceback: the message alone (the analyst fixes a parameter, not code)."""
        return [f"ParameterError: {self}"]


class BriefParameters(BaseModel):
    """The ``parameters`` cell of every notebook: names, types and allowed values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    period: str = "latest"
    data: str | list[str] = "data/sample"
    catalogue: str | None = None  # a plan folder; None: the bundled plan
    unit: str | None = None  # a unit code; None: the plan's own province
    lang: Literal["vi", "en"] = "vi"
    area: str | None = None  # a reform area's code for an area brief; None: the overview
    issued: str | None = None  # date of issue (YYYY-MM-DD) on the letterhead; None: the day the notebook runs

    @field_validator("issued")
    @classmethod
    def _issued(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"ngày ban hành không hợp lệ / invalid date of issue {value!r}: use YYYY-MM-DD"
                ) from None
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return check_period_or_latest(value)

    @field_validator("data")
    @classmethod
    def _data(cls, value: str | list[str]) -> str | list[str]:
        for item in [value] if isinstance(value, str) else value:
            if not resolve(item).exists():
                raise ValueError(f"không tìm thấy dữ liệu / data not found: {resolve(item)}")
        return value

    @field_validator("catalogue")
    @classmethod
    def _catalogue(cls, value: str | None) -> str | None:
        if value is not None and not (resolve(value) / "plan.yaml").is_file():
            raise ValueError(f"không tìm thấy kế hoạch / no plan.yaml in {resolve(value)}")
        return None if value is None else str(resolve(value))

    @field_validator("unit", mode="before")
    @classmethod
    def _unit_text(cls, value: object) -> str | None:
        return None if value is None else str(value).strip()

    @model_validator(mode="after")
    def _unit_known(self) -> BriefParameters:
        units = units_for(self.catalogue)
        if self.unit is not None and (self.unit not in units or not units[self.unit].assessed):
            known = ", ".join(u.code for u in units if u.assessed)
            raise ValueError(f"mã đơn vị không có / unknown unit {self.unit!r}; known: {known}")
        return self

    @property
    def data_paths(self) -> list[Path]:
        """The data files and folders, resolved from the project root (later ones win on revisions)."""
        return [resolve(item) for item in ([self.data] if isinstance(self.data, str) else self.data)]

    @classmethod
    def checked(cls, **values: object) -> BriefParameters:
        """Validate, turning pydantic's report into one readable message."""
        try:
            return cls(**values)
        except ValidationError as error:
            raise ParameterError("tham số không hợp lệ / invalid parameters:\n" + readable(error)) from None
