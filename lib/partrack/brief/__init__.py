"""What the notebooks call: open a brief from validated parameters, then one function per section.

Every section returns an ``HTML`` object (displayed by Jupyter, exported by nbconvert) built from the
progress table by the charts and narrative modules; notebooks hold no logic of their own.
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
