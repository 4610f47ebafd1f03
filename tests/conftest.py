"""Shared fixtures: the bundled catalogue and unit registry, and paths inside the repository."""

from pathlib import Path

import pytest

from partrack.catalogue import load_catalogue
from partrack.units import load_units

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED_CATALOGUE, BUNDLED_UNITS = load_catalogue(), load_units()


def validate(paths, **kwargs):
    """``partrack.ingest.validate`` against the bundled plan unless a test names another."""
    from partrack.ingest import validate as ingest

    kwargs["catalogue"] = kwargs.get("catalogue") or BUNDLED_CATALOGUE
    kwargs["units"] = kwargs.get("units") or BUNDLED_UNITS
    return ingest.validate(paths, **kwargs)


def validate_tables(tables, **kwargs):
    """``partrack.ingest.validate_tables`` against the bundled plan unless a test names another."""
    from partrack.ingest import validate as ingest

    kwargs["catalogue"] = kwargs.get("catalogue") or BUNDLED_CATALOGUE
    kwargs["units"] = kwargs.get("units") or BUNDLED_UNITS
    return ingest.validate_tables(tables, **kwargs)


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def units():
    return load_units()


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    """Real ``partrack run``s shared by the notebook and publishing tests (warm kernels, 2 workers): every
    notebook for the province in vi and en, and for the district 358 in vi (HTML only)."""
    from partrack.publish.parameters import load_parameters
    from partrack.publish.runner import run

    province = run(load_parameters({"out": str(tmp_path_factory.mktemp("province")), "units": "36",
                                    "langs": "vi,en", "quiet": True}))  # fmt: skip
    district = run(load_parameters({"out": str(tmp_path_factory.mktemp("district")), "units": "358", "langs": "vi",
                                    "formats": "html", "quiet": True}))  # fmt: skip
    assert province.exit_code == 0 and district.exit_code == 0, [r.error for r in province.failed + district.failed]
    return province, district


@pytest.fixture(scope="session")
def briefs_run(runs, tmp_path_factory):
    """A folder with every executed notebook of both runs (notebooks/<name>_<unit>_<lang>.ipynb)."""
    merged = tmp_path_factory.mktemp("merged")
    (merged / "notebooks").mkdir()
    for report in runs:
        for path in (report.output / "notebooks").glob("*.ipynb"):
            (merged / "notebooks" / path.name).write_bytes(path.read_bytes())
    return merged
