"""Charts in one house style: one function per kind, registered by name, each returning a Figure.

Importing this package changes no matplotlib setting and no backend: the house style is applied only
while a chart is drawn, and ``style()`` lends it to an analyst's own plots.
"""

from partrack.charts import final, kinds  # noqa: F401  (registers the chart kinds)
from partrack.charts.house import (
    CHARTS,
    STATUS_COLORS,
    alt_text,
    figure_to_png,
    figure_to_svg,
    register_chart,
    style,
)

__all__ = ["CHARTS", "STATUS_COLORS", "alt_text", "figure_to_png", "figure_to_svg", "register_chart", "style"]
