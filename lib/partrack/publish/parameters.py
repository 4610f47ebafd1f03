"""Run parameters: params/default.yaml < params/<period>.yaml < command line, validated by one model."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from partrack.ingest.readers import ReadLimits
from partrack.paths import PARAMS, resolve
from partrack.periods import check_period_or_latest
from partrack.readable import readable
from partrack.yamlsafe import load_yaml


class RunParameterError(ValueError):
    """Parameters that a run cannot start with."""


class RunParameters(BaseModel):
    """Everything a run needs; unit codes stay strings."""

    model_config = ConfigDict(extra="forbid")

    period: str = "latest"
    data: list[str] = Field(default_factory=lambda: ["data/sample"])
    units: list[str] = Field(default_factory=list)  # codes, or ["all"]; empty: the plan's own province
    langs: list[Literal["vi", "en"]] = Field(default_factory=lambda: ["vi", "en"])
    formats: list[Literal["html", "pdf", "docx"]] = Field(default_factory=lambda: ["html", "pdf"])  # docx: Word copies
    notebooks: list[str] = Field(default_factory=list)  # empty: the overview and one brief per area of the plan
    notebook_dir: str = "notebooks"
    out: str = "outputs"
    workers: int = Field(default=2, ge=1, le=64)
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    execution_timeout: int = Field(default=600, ge=1)  # seconds per cell
    task_timeout: int = Field(default=1800, ge=1)  # seconds per brief, all cells together
    start_timeout: int = Field(default=120, ge=1)
    lock_timeout: float = Field(default=0, ge=0)
    max_file_mb: float = Field(default=200, gt=0)  # largest data file read, in MiB
    quiet: bool = False
    catalogue: str | None = None
    issued: date | None = None  # the date of issue the briefs state (default: the day of the run); no number changes
    final: bool = False  # the plan's final assessment at its close (notebooks/final.ipynb), beside the period's briefs

    @field_validator("units", mode="before")
    @classmethod
    def _codes(cls, value: object) -> list[str]:
        """Codes as text, from ``36``, ``"36,356"`` or a list (YAML may type a lone code as a number)."""
        if isinstance(value, str | int):
            value = str(value).split(",")
        if not isinstance(value, list | tuple):
            raise ValueError(f"expected unit codes such as 36 or [36, 356], got {value!r}")
        return [str(v).strip() for v in value if str(v).strip()]

    @field_validator("data", "langs", "formats", "notebooks", mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return [v.strip() for v in value.split(",")] if isinstance(value, str) else value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return check_period_or_latest(value)

    @property
    def out_dir(self) -> Path:
        """The output folder, resolved from the project root."""
        return resolve(self.out)

    @property
    def read_limits(self) -> ReadLimits:
        """The limits every data file is read within."""
        return ReadLimits(max_file_bytes=int(self.max_file_mb * 1024 * 1024))

    @property
    def data_paths(self) -> list[Path]:
        """The data files and folders, resolved from the project root."""
        return [resolve(p) for p in self.data]


def _read(path: Path, required: bool = False) -> dict:
    """One parameter file as a mapping; a missing optional file is no parameters, a named one must exist."""
    if not path.exists():
        if required:
            raise RunParameterError(f"{path}: không tìm thấy tệp tham số / parameter file not found")
        return {}
    try:
        document = load_yaml(path) or {}
    except yaml.YAMLError as error:
        raise RunParameterError(f"{path}: tệp YAML không hợp lệ / invalid YAML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RunParameterError(f"{path}: không đọc được / cannot read: {error}") from None
    if not isinstance(document, dict):
        raise RunParameterError(f"{path}: expected a mapping of parameter names to values")
    return document


def load_parameters(command_line: dict, params_file: Path | None = None, params_dir: Path = PARAMS) -> RunParameters:
    """Merge defaults, the period's file (or an explicit file) and the command line; validate once."""
    merged = _read(params_dir / "default.yaml")
    period = command_line.get("period") or merged.get("period", "latest")
    merged.update(_read(params_file, required=True) if params_file else _read(params_dir / f"{period}.yaml"))
    merged.update({k: v for k, v in command_line.items() if v is not None})
    try:
        return RunParameters(**merged)
    except ValidationError as error:
        raise RunParameterError("invalid run parameters:\n" + readable(error)) from None
