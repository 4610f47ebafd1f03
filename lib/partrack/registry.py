"""Named registries for what grows (readers, progress methods, chart kinds, executors).

A registry is a dict with a ``register`` decorator, so a new kind is one decorated function, never an
``if/elif`` chain (papermill's engines are the model).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T", bound=Callable)


class Registry(dict[str, T]):
    """Functions by name; ``@registry.register("name", "alias")`` adds one."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def register(self, *names: str) -> Callable[[T], T]:
        """Decorator registering a function under one or more names."""

        def decorate(function: T) -> T:
            for name in names:
                self[name] = function
            return function

        return decorate

    def get_or_raise(self, name: str) -> T:
        """The function registered under ``name``; a ValueError naming the known ones otherwise."""
        if name not in self:
            raise ValueError(f"unknown {self.what} {name!r}; registered: {', '.join(sorted(self))}")
        return self[name]
