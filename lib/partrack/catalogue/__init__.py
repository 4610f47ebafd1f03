"""The plan catalogue: the plan's goals as data, validated by a pydantic model."""

from partrack.catalogue.loader import BUNDLED, CatalogueError, CatalogueProblem, catalogue_hash, load_catalogue
from partrack.catalogue.model import ASSESSMENTS, Area, Catalogue, Indicator, Plan, Target

__all__ = [
    "ASSESSMENTS",
    "BUNDLED",
    "Area",
    "Catalogue",
    "CatalogueError",
    "CatalogueProblem",
    "Indicator",
    "Plan",
    "Target",
    "catalogue_hash",
    "load_catalogue",
]
