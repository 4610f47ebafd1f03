"""Administrative units with the dates they existed (effective-dated registry)."""

from partrack.units.registry_model import Unit, UnitRegistry, UnitRegistryError, load_units, units_for

__all__ = ["Unit", "UnitRegistry", "UnitRegistryError", "load_units", "units_for"]
