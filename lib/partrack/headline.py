"""The headline record: the numbers a notebook hands to the run (status counts for the index page).

A notebook displays them under a custom MIME type that only partrack reads; this module is the one
place both sides (brief, which records, and publish, which reads) take the name from.
"""

from __future__ import annotations

HEADLINE_MIME = "application/vnd.partrack.headline+json"


def read_headline(notebook) -> dict | None:
    """The headline numbers an executed notebook recorded, or None."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if HEADLINE_MIME in data:
                return dict(data[HEADLINE_MIME])
    return None
