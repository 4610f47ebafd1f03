"""One way to turn a pydantic ValidationError into lines a person can act on (field path: what is wrong)."""

from __future__ import annotations

from pydantic import ValidationError


def error_lines(error: ValidationError) -> list[tuple[str, str]]:
    """(field path, message) for every problem, without pydantic's "Value error, " prefix."""
    return [
        (".".join(str(part) for part in item["loc"]) or "-", item["msg"].removeprefix("Value error, "))
        for item in error.errors()
    ]


def readable(error: ValidationError, indent: str = "  ") -> str:
    """The problems of a ValidationError, one "field: message" line each."""
    return "\n".join(f"{indent}{field}: {message}" for field, message in error_lines(error))
