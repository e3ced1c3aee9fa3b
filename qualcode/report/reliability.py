"""Rendering agreement and evaluation tables for the terminal (plain text or rich)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AGREEMENT_VIEW",
    "EVALUATION_VIEW",
    "format_value",
    "plain_table",
    "rich_table",
    "view",
]

# (column, header) pairs shown on screen; the full table goes to -o. A header is its column's
# name or a short form of it, never another column's name.
AGREEMENT_VIEW = (
    ("item", "item"), ("subset", "subset"), ("n_units", "units"), ("n_units_coded", "coded"),
    ("n_pairable", "pairable"), ("percent_agreement", "agree"), ("cohen_kappa", "cohen"),
    ("fleiss_kappa", "fleiss"), ("krippendorff_alpha", "alpha"), ("alpha_ci", "alpha 95% CI"),
    ("brennan_prediger", "BP"), ("gwet_ac1", "AC1"),
)
EVALUATION_VIEW = (
    ("code", "code"), ("dimension", "dimension"), ("tp", "tp"), ("fp", "fp"), ("fn", "fn"),
    ("support", "support"), ("precision", "precision"), ("recall", "recall"), ("f1", "F1"),
)
_MISSING = "n/a"


def format_value(value: Any, decimals: int = 3) -> str:
    """A cell as text: floats with ``decimals`` places, ``NaN`` as ``n/a``."""
    if value is None:
        return _MISSING
    if isinstance(value, float):
        if math.isnan(value):
            return _MISSING
        if value.is_integer() and abs(value) >= 2:
            return str(int(value))
        return f"{value:.{decimals}f}"
    if hasattr(value, "item") and not isinstance(value, str):
        return format_value(value.item(), decimals)
    return str(value)


def view(frame: pd.DataFrame, columns: Sequence[tuple[str, str]],
         decimals: int = 3) -> tuple[list[str], list[list[str]]]:
    """Headers and text rows of ``frame`` for the ``(column, header)`` pairs present.

    The pseudo-column ``alpha_ci`` joins ``alpha_low`` and ``alpha_high`` as ``[low, high]``.
    """
    chosen = [(c, h) for c, h in columns
              if c in frame.columns or (c == "alpha_ci" and "alpha_low" in frame.columns)]
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for column, _ in chosen:
            if column == "alpha_ci":
                low, high = record["alpha_low"], record["alpha_high"]
                both = not (math.isnan(low) or math.isnan(high))
                cells.append(f"[{low:.{decimals}f}, {high:.{decimals}f}]" if both else _MISSING)
            else:
                cells.append(format_value(record[column], decimals))
        rows.append(cells)
    return [h for _, h in chosen], rows


def _numeric(cell: str) -> bool:
    if cell == _MISSING or cell.startswith("["):
        return True
    return cell.lstrip("-").replace(".", "", 1).isdigit()


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Align ``rows`` under ``headers`` in columns (numbers right-aligned)."""
    widths = [max([len(h), *(len(r[j]) for r in rows)]) for j, h in enumerate(headers)]
    right = [bool(rows) and all(_numeric(r[j]) for r in rows) for j in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w)
                         for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def rich_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> Any:
    """The same table as a :class:`rich.table.Table`."""
    from rich.table import Table

    right = [bool(rows) and all(_numeric(r[j]) for r in rows) for j in range(len(headers))]
    table = Table(title=title or None, show_lines=False)
    for header, is_right in zip(headers, right, strict=True):
        table.add_column(header, justify="right" if is_right else "left", no_wrap=is_right)
    for row in rows:
        table.add_row(*row)
    return table
