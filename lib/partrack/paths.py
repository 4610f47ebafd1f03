"""Where things are, derived from the package's own location (never from the working directory)."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent.parent  # lib/partrack → the repository (editable install)
NOTEBOOKS = PROJECT_ROOT / "notebooks"
PARAMS = PROJECT_ROOT / "params"
SAMPLE_DATA = PROJECT_ROOT / "data" / "sample"


def resolve(path: str | Path) -> Path:
    """A relative path is taken from the project root, so a notebook runs from any working directory."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
