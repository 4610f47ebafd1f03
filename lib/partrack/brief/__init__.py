"""What the notebooks call: open a brief from validated parameters, then one function per section.

Every section returns an ``HTML`` object (displayed by Jupyter, exported by nbconvert): ``sections`` prepares
data from the progress table, the charts and the narrative, and the templates in ``brief/templates`` write it
with words from ``words/<lang>/brief.yaml``. Notebooks hold no logic of their own; a plan folder holds every
fact a brief states about the plan (letterhead, place, deadline, baseline year, thresholds, rankings).
"""

from partrack.brief.context import Brief, open_brief
from partrack.brief.parameters import BriefParameters, ParameterError
from partrack.brief.sections import (
    area_summary,
    changes,
    data_notes,
    district_comparison,
    explorer,
    header,
    indicator_sections,
    method_note,
    most_behind,
    plan_summary,
    qualitative_goals,
    rankings,
    record_headline,
    status_overview,
    status_table,
)

__all__ = [
    "Brief",
    "BriefParameters",
    "ParameterError",
    "area_summary",
    "changes",
    "data_notes",
    "district_comparison",
    "explorer",
    "header",
    "indicator_sections",
    "method_note",
    "most_behind",
    "open_brief",
    "plan_summary",
    "qualitative_goals",
    "rankings",
    "record_headline",
    "status_overview",
    "status_table",
]
