"""A co-occurrence network with the codes on a circle (no graph library needed)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from qualcode.model import Codebook
from qualcode.report.charts._base import (
    FONT_SIZE,
    code_colors,
    code_label,
    empty_figure,
    new_figure,
)
from qualcode.report.text import chart_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["network_chart"]


def network_chart(
    matrix: pd.DataFrame,
    *,
    title: str = "",
    codebook: Codebook | None = None,
    language: str | None = None,
    min_count: int = 1,
    drop_uncoded: bool = True,
) -> Figure:
    """Codes on a circle, joined by lines as wide as their co-occurrence count.

    Args:
        matrix: A square co-occurrence count matrix (e.g. from
            :func:`qualcode.analysis.cooccurrence.cooccurrence`); its diagonal (each code's own
            count) sets the node sizes.
        title: Title above the chart.
        codebook: Node colours (code ``color``) and labels.
        language: Language of the labels.
        min_count: Leave out edges below this count.
        drop_uncoded: Leave out codes whose diagonal is 0.

    Returns:
        The figure. Labels sit outside the circle, along the radius.
    """
    codes = [str(c) for c in matrix.index]
    sizes = {c: float(matrix.at[c, c]) if c in matrix.columns else 0.0 for c in codes}
    if drop_uncoded:
        codes = [c for c in codes if sizes[c] > 0]
    if not codes:
        return empty_figure(title, "nothing to show: no codings")
    colors = code_colors(codes, codebook)
    n = len(codes)
    side = max(5.0, 3.5 + 0.14 * n)
    figure = new_figure(side + 1.5, side + 1.5)
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")
    angles = {c: math.pi / 2 - 2 * math.pi * i / n for i, c in enumerate(codes)}
    where = {c: (math.cos(a), math.sin(a)) for c, a in angles.items()}
    edges = [
        (a, b, float(matrix.at[a, b]))
        for i, a in enumerate(codes) for b in codes[i + 1 :]
        if float(matrix.at[a, b]) >= max(min_count, 1)
    ]
    strongest = max((e[2] for e in edges), default=1.0)
    for a, b, count in sorted(edges, key=lambda e: e[2]):
        (x1, y1), (x2, y2) = where[a], where[b]
        axes.plot([x1, x2], [y1, y2], color="#555555", alpha=0.35 + 0.5 * count / strongest,
                  linewidth=0.6 + 6.0 * count / strongest, solid_capstyle="round", zorder=1)
    biggest = max(sizes.values(), default=1.0) or 1.0
    for code in codes:
        x, y = where[code]
        axes.scatter([x], [y], s=40 + 360 * sizes[code] / biggest, color=colors[code],
                     edgecolors="white", linewidths=0.8, zorder=2)
        angle = math.degrees(math.atan2(y, x))
        flip = 90 < angle % 360 < 270
        axes.text(x * 1.1, y * 1.1, code_label(code, codebook, language), fontsize=FONT_SIZE,
                  rotation=angle + 180 if flip else angle, rotation_mode="anchor",
                  ha="right" if flip else "left", va="center", zorder=3)
    limit = 1.15 + 0.04 * max((len(code_label(c, codebook, language)) for c in codes), default=0)
    axes.set_xlim(-limit, limit)
    axes.set_ylim(-limit, limit)
    if title:
        axes.set_title(chart_text(title), fontsize=FONT_SIZE + 2)
    return figure
