"""Charts as matplotlib Figures (Agg canvas, never shown): heatmaps, bars, network, portrait.

Every chart takes a table computed by :mod:`qualcode.analysis` and only draws it. Labels are user
text, so ``$`` is escaped (no mathtext); figure sizes grow with the number of rows and columns.
"""

from qualcode.report.charts._base import (
    CHART_FORMATS,
    DEFAULT_DPI,
    figure_bytes,
    freeze_layout,
    render_figure,
    save_figure,
)
from qualcode.report.charts.bars import frequency_chart, stacked_bars
from qualcode.report.charts.heatmap import heatmap
from qualcode.report.charts.network import network_chart
from qualcode.report.charts.portrait import portrait_chart
from qualcode.report.charts.titles import CHART_KINDS, HEATMAP_KINDS, chart_cmap, chart_title

__all__ = [
    "CHART_FORMATS",
    "CHART_KINDS",
    "DEFAULT_DPI",
    "HEATMAP_KINDS",
    "chart_cmap",
    "chart_title",
    "figure_bytes",
    "freeze_layout",
    "frequency_chart",
    "heatmap",
    "network_chart",
    "portrait_chart",
    "render_figure",
    "save_figure",
    "stacked_bars",
]
