"""partrack: how far a province stands from each goal of its public administration reform plan."""

__version__ = "0.1.0"
