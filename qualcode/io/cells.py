"""What the table readers ask of a single cell."""

from __future__ import annotations

from typing import Any

__all__ = ["blank"]


def blank(value: Any) -> bool:
    """Whether a cell is empty: ``None`` (an empty cell of a sheet) or text of white space only.

    A number, a date or ``False`` is a value, not a blank.
    """
    return value is None or (isinstance(value, str) and not value.strip())
