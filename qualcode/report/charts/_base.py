"""What every chart shares: figures without pyplot, labels, colours, sizes and saving.

Figures are built on the Agg canvas directly (no pyplot, no global state, nothing shown), so
they work the same in scripts, servers and notebooks. matplotlib is imported inside functions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import OutputError
from qualcode.model import Codebook
from qualcode.report.files import write_bytes
from qualcode.report.formats import CHART_SUFFIXES
from qualcode.report.text import chart_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHART_FORMATS",
    "DEFAULT_DPI",
    "FONT_SIZE",
    "code_colors",
    "code_label",
    "empty_figure",
    "figure_bytes",
    "freeze_layout",
    "new_figure",
    "render_figure",
    "save_figure",
    "text_width",
]

CHART_FORMATS = tuple(suffix.lstrip(".") for suffix in CHART_SUFFIXES)  # png, svg, pdf
DEFAULT_DPI = 150
FONT_SIZE = 8.0
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches on an Agg canvas, with constrained layout."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def empty_figure(title: str = "", note: str = "nothing to show: the table is empty") -> Figure:
    """A small figure saying there is nothing to draw (no codings, no cases ...): a chart
    with no rows would have a singular axis, and matplotlib warns on the terminal."""
    figure = new_figure(4.5, 1.6)
    axes = figure.add_subplot()
    axes.axis("off")
    axes.text(0.5, 0.5, note, ha="center", va="center", fontsize=FONT_SIZE + 1,
              color="#666666", transform=axes.transAxes)
    if title:
        axes.set_title(chart_text(title), fontsize=FONT_SIZE + 2)
    return figure


def text_width(labels: Iterable[Any], font_size: float = FONT_SIZE) -> float:
    """Rough width in inches of the longest label at ``font_size`` points."""
    longest = max((len(str(label)) for label in labels), default=0)
    return longest * font_size * 0.62 / 72.0


def code_label(code: str, codebook: Codebook | None, language: str | None = None) -> str:
    """The label of ``code`` from the codebook (the id when unknown), safe for matplotlib."""
    if codebook is not None and code in codebook:
        return chart_text(codebook.code(code).label(language))
    return chart_text(code)


_PALETTE_ORDER = (0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)


def _palette(index: int) -> str:
    """The ``index``-th colour of tab20, strong shades first, then the light ones."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    colors = colormaps["tab20"].colors  # type: ignore[attr-defined]
    return str(to_hex(colors[_PALETTE_ORDER[index % 20]]))


def code_colors(codes: Sequence[str], codebook: Codebook | None = None) -> dict[str, str]:
    """A ``#rrggbb`` colour per code: the codebook's ``color`` (or the nearest ancestor's), else
    a fixed palette by position, so the same inputs always give the same colours."""
    colors: dict[str, str] = {}
    for index, code in enumerate(codes):
        chosen = None
        if codebook is not None and code in codebook:
            for ancestor in reversed(codebook.path_of(code)):
                color = codebook.code(ancestor).color if ancestor in codebook else None
                if color and _HEX.match(color):
                    chosen = color
                    break
        colors[code] = chosen or _palette(index)
    return colors


def freeze_layout(figure: Figure) -> Figure:
    """Compute the constrained layout once and keep it, so rendering several formats does
    not lay the figure out again each time (large heatmaps take seconds per layout)."""
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    return figure


def figure_bytes(figure: Figure, fmt: str = "png", *, dpi: int = DEFAULT_DPI) -> bytes:
    """Render ``figure`` as ``png``, ``svg`` or ``pdf`` bytes (no timestamps in svg/pdf).

    Raises:
        OutputError: If ``fmt`` is not supported.
    """
    import matplotlib

    if fmt not in CHART_FORMATS:
        raise OutputError(f"unsupported chart format {fmt!r}",
                          hint=f"use one of {', '.join(CHART_FORMATS)}")
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    if fmt == "pdf":
        metadata = {"CreationDate": None}
    buffer = io.BytesIO()
    try:
        with matplotlib.rc_context({"svg.hashsalt": "qualcode", "svg.fonttype": "path"}):
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    except (MemoryError, ValueError) as exc:
        if isinstance(exc, ValueError) and "too large" not in str(exc):
            raise
        width, height = figure.get_size_inches()
        raise OutputError(f"the chart is too large to draw at {dpi} dpi ({width:.0f} x "
                          f"{height:.0f} inches)", hint="use a lower --dpi, or SVG") from exc
    return buffer.getvalue()


def render_figure(figure: Figure, formats: Sequence[str], *, dpi: int = DEFAULT_DPI
                  ) -> dict[str, bytes]:
    """``figure`` rendered in each format (:func:`figure_bytes`). The first rendering lays the
    figure out and the layout is then kept (:func:`freeze_layout` without a drawing of its
    own: a layout pass costs about as much as rendering a format).

    Raises:
        OutputError: If a format is not supported.
    """
    out: dict[str, bytes] = {}
    for fmt in formats:
        out[fmt] = figure_bytes(figure, fmt, dpi=dpi)
        figure.set_layout_engine("none")  # laid out by that rendering: keep it
    return out


def save_figure(
    figure: Figure,
    target: str | Path,
    *,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = DEFAULT_DPI,
) -> list[Path]:
    """Write ``figure`` once per format beside ``target`` (its suffix replaced), atomically.

    Args:
        figure: The figure.
        target: Path with or without a suffix (``charts/frequencies``).
        formats: ``png``, ``svg`` and/or ``pdf``.
        dpi: Resolution of raster output (150 or more for print).

    Returns:
        The written paths.

    Raises:
        OutputError: If ``target`` is a folder, a format is not supported, or the folder
            cannot be written.
    """
    target = Path(target)
    if target.is_dir():  # its suffix replaced, it would name a file beside the folder
        raise OutputError("this is a folder: give a file name", path=target,
                          hint=f"e.g. {target / 'chart'}; each format is written with its "
                               "own suffix")
    return [write_bytes(target.with_suffix(f".{fmt}"), data)
            for fmt, data in render_figure(figure, formats, dpi=dpi).items()]
