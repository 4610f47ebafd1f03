"""Progress methods registered by name; each turns prepared series into statuses and figures."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

Method = Callable[[pd.DataFrame], pd.DataFrame]
METHODS: dict[str, Method] = {}


def register_method(name: str) -> Callable[[Method], Method]:
    """Register a progress method under a name usable from the CLI, notebooks and parameters."""

    def decorate(method: Method) -> Method:
        METHODS[name] = method
        return method

    return decorate
