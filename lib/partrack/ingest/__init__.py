"""Data in: read submissions (CSV, XLSX), validate them without losing a row, write the Excel template."""

from partrack.ingest import read_csv, read_xlsx  # noqa: F401  (registers the readers)
from partrack.ingest.problems import Problem
from partrack.ingest.readers import READERS, RawTable, expand_paths, read_file

__all__ = ["READERS", "Problem", "RawTable", "expand_paths", "read_file"]
