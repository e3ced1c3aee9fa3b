"""Annotated heatmaps of any matrix (codes x documents, role x stage, co-occurrence ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qualcode.model import Codebook
from qualcode.report.charts._base import (
    FONT_SIZE,
    code_label,
    empty_figure,
    new_figure,
    text_width,
)
from qualcode.report.charts.titles import dimension_label
from qualcode.report.text import chart_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["heatmap"]

CELL_WIDTH = 0.42
CELL_HEIGHT = 0.3
ZEROS_SHOWN_UP_TO = 400
"""Zeros are written (in grey) only in matrices of at most this many cells; bigger ones stay
readable (and draw faster) with zero cells left blank."""


def _format(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.1f}"
    return str(int(value))


def _axis_title(axis: pd.Index, codebook: Codebook | None, language: str | None) -> str:
    """The name of ``axis``: a dimension's label when the axis is that dimension's codes (a
    dimension matrix), else the name as it is (``code``, an attribute)."""
    name = str(axis.name)
    if codebook is not None and all(str(entry) in codebook and
                                    codebook.dimension_of(str(entry)) == name
                                    for entry in axis):
        return dimension_label(name, codebook, language)
    return name


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str = "",
    codebook: Codebook | None = None,
    language: str | None = None,
    cmap: str = "Blues",
    annotate: bool = True,
) -> Figure:
    """An annotated heatmap of ``matrix`` (rows top to bottom, columns left to right).

    Row and column names that are codes of ``codebook`` show as their labels, and so does the
    name of an axis that is a dimension's codes (a dimension matrix). The figure grows
    with the matrix (about 0.42 x 0.3 inch per cell) so labels never overlap; column labels run
    vertically.

    Args:
        matrix: A numeric DataFrame (e.g. from :func:`qualcode.analysis.matrices.code_by_case`);
            NaN cells (undefined percentages) are left blank.
        title: Title above the chart.
        codebook: Turns code ids into labels.
        language: Language of the labels.
        cmap: A matplotlib colour map name.
        annotate: Write each cell's value in it (zeros only in matrices of up to 400 cells).

    Returns:
        The figure (never shown).
    """
    import numpy as np

    if not matrix.size:  # no rows or no columns (no cases, say): say so, do not draw
        return empty_figure(title)
    rows = [code_label(str(r), codebook, language) for r in matrix.index]
    columns = [code_label(str(c), codebook, language) for c in matrix.columns]
    values = matrix.to_numpy(dtype=float)
    width = max(4.5, len(columns) * CELL_WIDTH + text_width(rows) + 2.0)
    height = max(3.0, len(rows) * CELL_HEIGHT + text_width(columns) + 1.4)
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    # NaN is a share of nothing (a row or column percent, a coefficient of uncoded codes):
    # drawn blank, and left out of the colour scale
    defined = values[~np.isnan(values)]
    top = float(defined.max()) if defined.size else 0.0
    image = axes.imshow(values, cmap=cmap, aspect="auto", vmin=0, vmax=top if top > 0 else 1,
                        interpolation="nearest")
    axes.set_xticks(range(len(columns)), labels=columns, rotation=90, fontsize=FONT_SIZE)
    axes.set_yticks(range(len(rows)), labels=rows, fontsize=FONT_SIZE)
    axes.tick_params(length=0)
    axes.set_xticks(np.arange(-0.5, len(columns), 1), minor=True)
    axes.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
    axes.grid(which="minor", color="white", linewidth=0.8)
    axes.tick_params(which="minor", length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    if matrix.index.name:
        axes.set_ylabel(chart_text(_axis_title(matrix.index, codebook, language)),
                        fontsize=FONT_SIZE + 1)
    if matrix.columns.name:
        axes.set_xlabel(chart_text(_axis_title(matrix.columns, codebook, language)),
                        fontsize=FONT_SIZE + 1)
    if annotate:
        show_zeros = values.size <= ZEROS_SHOWN_UP_TO
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                value = values[i, j]
                if np.isnan(value) or (value == 0 and not show_zeros):
                    continue
                if value == 0:
                    color = "#b0b0b0"
                else:
                    color = "white" if top and value > 0.6 * top else "black"
                axes.text(j, i, _format(value), ha="center", va="center", fontsize=FONT_SIZE - 1,
                          color=color)
    bar = figure.colorbar(image, ax=axes, shrink=min(1.0, 4.0 / max(height, 1)), pad=0.01)
    bar.ax.tick_params(labelsize=FONT_SIZE - 1)
    if title:
        # wrapped within the figure: a title of long labels is never cut off at its edge
        axes.set_title(chart_text(title), fontsize=FONT_SIZE + 2, wrap=True)
    return figure
