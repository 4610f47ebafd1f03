"""The notebooks' parameters, validated before anything runs (papermill itself only warns on unknown names)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from partrack.paths import resolve
from partrack.periods import check_period_or_latest
from partrack.units import load_units


class ParameterError(ValueError):
    """A parameter a notebook cannot run with; the message says which and why, in vi and en."""


class BriefParameters(BaseModel):
    """The ``parameters`` cell of every notebook: names, types and allowed values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    period: str = "latest"
    data: str | list[str] = "data/sample"
    catalogue: str | None = None
    unit: str = "36"
    lang: Literal["vi", "en"] = "vi"

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

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value: object) -> str:
        code = str(value).strip()
        units = load_units()
        if code not in units or not units[code].assessed:
            known = ", ".join(u.code for u in units if u.assessed)
            raise ValueError(f"mã đơn vị không có / unknown unit {code!r}; known: {known}")
        return code

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
            lines = [f"  {'.'.join(map(str, e['loc'])) or '-'}: {e['msg'].removeprefix('Value error, ')}"
                     for e in error.errors()]  # fmt: skip
            raise ParameterError("tham số không hợp lệ / invalid parameters:\n" + "\n".join(lines)) from None
