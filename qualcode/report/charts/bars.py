"""Bar charts: code frequencies grouped by dimension, and stacked bars per category."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from qualcode.errors import AnalysisError
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

__all__ = ["frequency_chart", "stacked_bars"]

ROW_HEIGHT = 0.28
_FREQUENCY_KEYS = ("code", "label", "dimension")


def frequency_chart(
    frequencies: pd.DataFrame,
    *,
    value: str = "codings",
    title: str = "",
    codebook: Codebook | None = None,
    language: str | None = None,
) -> Figure:
    """Horizontal bars of code frequencies, grouped by dimension (a bold heading per group).

    Args:
        frequencies: The table of :func:`qualcode.analysis.frequencies.code_frequencies`
            (``code``, ``label``, ``dimension`` and ``value`` columns; its order is kept).
        value: The column to plot (``codings``, ``documents``, ``cases`` ...).
        title: Title above the chart.
        codebook: Colours (code ``color``) and dimension labels.
        language: Language of the dimension labels.

    Returns:
        The figure.

    Raises:
        AnalysisError: If ``frequencies`` lacks the code, label or dimension column, or
            ``value`` is not one of its columns of numbers (the message lists them).
    """
    if frequencies.empty:
        return empty_figure(title, "nothing to show: no codings")
    _check_frequencies(frequencies, value)
    dims: dict[str, str] = {}
    if codebook is not None:
        dims = {d.id: d.label(language) for d in codebook.dimensions}
    colors = code_colors(list(frequencies["code"]), codebook)
    labels: list[str] = []
    bars: list[tuple[int, float, str]] = []
    headings: list[int] = []
    for dim in dict.fromkeys(frequencies["dimension"]):
        group = frequencies[frequencies["dimension"] == dim]
        headings.append(len(labels))
        labels.append(chart_text(dims.get(dim, dim) or "(no dimension)"))
        for record in group.to_dict("records"):
            indent = "– " if record.get("parent") else ""
            labels.append(indent + chart_text(record["label"]))
            bars.append((len(labels) - 1, float(record[value]), colors[record["code"]]))
    height = max(2.5, len(labels) * ROW_HEIGHT + 1.2)
    width = max(5.0, text_width(labels) + 4.5)
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    # a percentage of nothing (cases_percent without cases) is NaN: no bar, no number
    bars = [b for b in bars if not math.isnan(b[1])]
    top = max((b[1] for b in bars), default=0.0)
    for y, amount, color in bars:
        axes.barh(y, amount, color=color, height=0.7)
        axes.text(amount + top * 0.01, y, f"{amount:g}", va="center", fontsize=FONT_SIZE - 1)
    axes.set_yticks(range(len(labels)), labels=labels, fontsize=FONT_SIZE)
    for index in headings:
        axes.get_yticklabels()[index].set_fontweight("bold")
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.set_xlim(0, top * 1.12 if top else 1)
    axes.set_xlabel(chart_text(value), fontsize=FONT_SIZE + 1)
    axes.tick_params(axis="y", length=0)
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(chart_text(title), fontsize=FONT_SIZE + 2)
    return figure


def _check_frequencies(frequencies: pd.DataFrame, value: str) -> None:
    missing = [c for c in _FREQUENCY_KEYS if c not in frequencies.columns]
    if missing:
        raise AnalysisError(
            f"the frequencies table has no {', '.join(missing)} column "
            f"(its columns: {', '.join(map(str, frequencies.columns))})",
            hint="give the table of qualcode.code_frequencies(codings)")
    import pandas as pd

    # numbers, or text that reads as numbers (a table read back from CSV as text)
    numbers = [str(c) for c in frequencies.columns if c not in _FREQUENCY_KEYS and (
        frequencies[c].dtype.kind in "iuf"
        or bool(pd.to_numeric(frequencies[c], errors="coerce").notna().all()))]
    if value not in numbers:
        raise AnalysisError(f"cannot plot {value!r}: valid values are {', '.join(numbers)}",
                            hint=f"pass value={numbers[0]!r}" if numbers else
                            "give the table of qualcode.code_frequencies(codings)")


def stacked_bars(
    table: pd.DataFrame,
    *,
    title: str = "",
    ylabel: str = "codings",
    codebook: Codebook | None = None,
    language: str | None = None,
) -> Figure:
    """Vertical stacked bars: one bar per row of ``table``, one stacked part per column.

    Used for internal vs external obstacles per informant type: ``table`` indexed by the
    attribute's values, with one column per obstacle code.

    Args:
        table: Non-negative numbers; rows become bars, columns stacked parts.
        title: Title above the chart.
        ylabel: Label of the value axis.
        codebook: Colours and labels of columns that are codes.
        language: Language of the labels.

    Returns:
        The figure.
    """
    if not table.size:
        return empty_figure(title)
    categories = [chart_text(i) for i in table.index]
    parts = [str(c) for c in table.columns]
    colors = code_colors(parts, codebook)
    width = max(4.5, len(categories) * 0.7 + text_width(parts) + 2.5)
    height = max(3.5, text_width(categories) + 3.0)
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    bottoms = [0.0] * len(categories)
    for part in parts:
        heights = [float(v) for v in table[part]]
        drawn = axes.bar(range(len(categories)), heights, bottom=bottoms, color=colors[part],
                         label=code_label(part, codebook, language), width=0.65)
        for rect, amount in zip(drawn, heights, strict=True):
            if amount > 0:
                axes.text(rect.get_x() + rect.get_width() / 2, rect.get_y() + amount / 2,
                          f"{amount:g}", ha="center", va="center", fontsize=FONT_SIZE - 1,
                          color="white")
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_xticks(range(len(categories)), labels=categories, rotation=90, fontsize=FONT_SIZE)
    if table.index.name:
        axes.set_xlabel(chart_text(table.index.name), fontsize=FONT_SIZE + 1)
    axes.set_ylabel(chart_text(ylabel), fontsize=FONT_SIZE + 1)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=FONT_SIZE, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        axes.set_title(chart_text(title), fontsize=FONT_SIZE + 2)
    return figure
