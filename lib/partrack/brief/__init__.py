"""What the notebooks call: open a brief from validated parameters, then one function per section.

Every section returns an ``HTML`` object (displayed by Jupyter, exported by nbconvert): ``sections`` prepares
data from the progress table, the charts and the narrative, and the templates in ``brief/templates`` write it
with words from ``words/<lang>/brief.yaml``. Notebooks hold no logic of their own; a plan folder holds every
fact a brief states about the plan (letterhead, place, deadline, baseline year, thresholds, rankings).

For analysts (cells tagged ``analyst-only``, left out of the exported briefs): ``table_view`` and
``district_view`` show the sections' data as styled tables, ``unit_codes`` and ``goal_ids`` list what can be
queried, ``series``, ``district_heatmap`` and ``district_spread`` start one's own analysis (``brief.analyst``),
and ``explore`` is the goal-and-units widget (``brief.explore``). ``record`` is the headline record that shows
nothing. Importing this package lets IPython show a returned Figure inline (``charts.analysis.show_inline``).
The ``final_*`` sections make the plan's final assessment at its close (``brief.final``, ``notebooks/final.ipynb``).
"""

from partrack.brief.analyst import (
    default_goal,
    district_heatmap,
    district_spread,
    district_view,
    goal_ids,
    record,
    series,
    table_view,
    unit_codes,
)
from partrack.brief.context import Brief, open_brief
from partrack.brief.explore import explore
from partrack.brief.final import (
    final_analyst,
    final_districts,
    final_header,
    final_qualitative,
    final_rankings,
    final_trajectories,
    final_verdict,
)
from partrack.brief.final_annex import final_annex
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
from partrack.charts.analysis import show_inline

show_inline()  # in IPython only: a Figure returned by a cell shows as an image (no backend is switched)

__all__ = [
    "Brief",
    "BriefParameters",
    "ParameterError",
    "area_summary",
    "changes",
    "data_notes",
    "default_goal",
    "district_comparison",
    "district_heatmap",
    "district_spread",
    "district_view",
    "explore",
    "explorer",
    "final_analyst",
    "final_annex",
    "final_districts",
    "final_header",
    "final_qualitative",
    "final_rankings",
    "final_trajectories",
    "final_verdict",
    "goal_ids",
    "header",
    "indicator_sections",
    "method_note",
    "most_behind",
    "open_brief",
    "plan_summary",
    "qualitative_goals",
    "rankings",
    "record",
    "record_headline",
    "series",
    "status_overview",
    "status_table",
    "table_view",
    "unit_codes",
]
