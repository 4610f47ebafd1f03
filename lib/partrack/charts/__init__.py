"""Charts in one house style: one function per kind, registered by name, each returning a Figure."""

from partrack.charts import kinds  # noqa: F401  (registers the chart kinds)
from partrack.charts.style import CHARTS, STATUS_COLORS, alt_text, figure_to_png, figure_to_svg, register_chart

__all__ = ["CHARTS", "STATUS_COLORS", "alt_text", "figure_to_png", "figure_to_svg", "register_chart"]
