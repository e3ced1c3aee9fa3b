"""A document portrait: which codes fall on which turns of one document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.model import Codebook
from qualcode.report.charts._base import (
    FONT_SIZE,
    code_colors,
    code_label,
    empty_figure,
    new_figure,
    text_width,
)
from qualcode.report.text import chart_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["portrait_chart"]


def portrait_chart(
    profile: pd.DataFrame,
    *,
    title: str = "",
    codebook: Codebook | None = None,
    language: str | None = None,
    interviewer: Sequence[bool] | None = None,
) -> Figure:
    """One row per code, one column per segment; a coloured block where the code falls.

    Args:
        profile: The table of :func:`qualcode.analysis.portrait.document_profile`.
        title: Title above the chart (e.g. the document id).
        codebook: Colours and labels.
        language: Language of the labels.
        interviewer: Per segment, whether it is an interviewer turn (shaded grey).

    Returns:
        The figure.
    """
    if profile.empty:
        return empty_figure(title, "nothing to show: no codings in this document")
    codes = [str(c) for c in profile.index]
    labels = [code_label(c, codebook, language) for c in codes]
    n_segments = len(profile.columns)
    colors = code_colors(codes, codebook)
    width = max(6.0, min(24.0, 0.09 * n_segments + text_width(labels) + 2.0))
    height = max(2.0, len(codes) * 0.28 + 1.3)
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    # one collection of rectangles per row (a document can have thousands of turns), runs of
    # neighbouring turns drawn as one rectangle
    shaded = [k for k, flag in enumerate(interviewer or ()) if flag and k < n_segments]
    if shaded:
        axes.broken_barh(_runs(shaded), (-0.5, max(len(codes), 1)), facecolors="#eeeeee",
                         zorder=0, linewidth=0)
    positions = [int(s) for s in profile.columns]
    present = profile.to_numpy(dtype=bool)
    for row, code in enumerate(codes):
        spans = _runs([p for p, hit in zip(positions, present[row], strict=True) if hit])
        axes.broken_barh(spans, (row - 0.35, 0.7), facecolors=colors[code], zorder=1,
                         linewidth=0)
    axes.set_yticks(range(len(codes)), labels=labels, fontsize=FONT_SIZE)
    axes.set_ylim(len(codes) - 0.5, -0.5)
    axes.set_xlim(0, max(n_segments, 1))
    axes.set_xlabel("segment (turn) in document order", fontsize=FONT_SIZE + 1)
    axes.tick_params(axis="x", labelsize=FONT_SIZE)
    axes.tick_params(axis="y", length=0)
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(chart_text(title), fontsize=FONT_SIZE + 2)
    return figure


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """``(start, length)`` of each run of consecutive positions (given in increasing order)."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and runs[-1][0] + runs[-1][1] == position:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((position, 1))
    return runs
