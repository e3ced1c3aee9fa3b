"""Writing tables as CSV, safely."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.report.files import write_text
from qualcode.report.safety import safe_cell

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["csv_text", "write_csv"]


def csv_text(frame: pd.DataFrame, *, index: bool = False) -> str:
    """Render ``frame`` as CSV text with every string cell, header cells included, made inert
    for spreadsheets."""
    import pandas as pd

    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if series.dtype == object or str(series.dtype) in ("string", "str"):
            # kept as objects: a mapped column of whole numbers with gaps would become floats
            safe[column] = pd.Series([safe_cell(v) for v in series], index=series.index,
                                     dtype=object)
    # Header cells come from the data too (document and case ids in matrices, attribute names).
    safe.columns = [safe_cell(c) if isinstance(c, str) else c for c in safe.columns]
    if index:
        safe.index = safe.index.map(safe_cell)
        safe.index.name = safe_cell(safe.index.name)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=index, lineterminator="\n")
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, target: str | Path | None, *, index: bool = False) -> None:
    """Write ``frame`` as CSV to ``target`` atomically, or to stdout for ``None`` or ``"-"``."""
    text = csv_text(frame, index=index)
    if target is None or str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text(target, text)
