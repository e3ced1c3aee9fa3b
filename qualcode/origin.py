"""Where the rows of a table were read, so that a message about a row can name its file and line.

A reader marks the table it returns (:func:`mark_origin`); the mark lives in ``DataFrame.attrs``
and so follows the table into the analysis, which reads no file itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ORIGIN", "joined_origins", "mark_origin"]

ORIGIN = "qualcode_origin"
"""Key of ``DataFrame.attrs``: where a table's rows were read, as ``((file, rows, lines), ...)``
blocks of consecutive rows; ``lines`` holds each row's file line (or sheet row), or is ``None``
when row i is on line i + 2 (a header, then one line per row)."""


def mark_origin(frame: pd.DataFrame, path: str, lines: Sequence[int] | None = None
                ) -> pd.DataFrame:
    """Record in ``frame.attrs`` that its rows were read from ``path``, for messages.

    Args:
        frame: The table as read.
        path: The file, as messages should name it.
        lines: The file line (or sheet row) of each row; ``None``: row i is on line i + 2.

    Returns:
        ``frame`` itself.
    """
    frame.attrs[ORIGIN] = ((path, len(frame), tuple(lines) if lines is not None else None),)
    return frame


def joined_origins(frames: Sequence[pd.DataFrame]) -> tuple[tuple[str, int, Any], ...] | None:
    """The origin of ``frames`` put one under the other (``None`` if one has none)."""
    blocks = [f.attrs.get(ORIGIN) for f in frames]
    if any(b is None for b in blocks):
        return None
    return tuple(block for b in blocks for block in b)
