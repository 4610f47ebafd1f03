"""Shared fixtures: the bundled catalogue and unit registry, and paths inside the repository."""

from pathlib import Path

import pytest

from partrack.catalogue import load_catalogue
from partrack.units import load_units

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def units():
    return load_units()
