"""Layouts of survey tools' exports that put more than one header row above the answers.

Qualtrics writes three: the column ids (``ResponseId``, ``Q5`` ...), the question texts, and a
row of ``{"ImportId":"..."}`` cells. Read as a plain table, the second and third rows became two
respondents. The third row is what tells the layout apart: no answer looks like that.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.io.cells import blank

__all__ = ["extra_header_rows"]


def _import_id(cell: Any) -> bool:
    """Whether a cell is a Qualtrics import id: a JSON object with an ``ImportId`` key."""
    if not isinstance(cell, str):
        return False
    text = cell.strip()
    if not text.startswith("{") or "ImportId" not in text:
        return False
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and "ImportId" in value


def extra_header_rows(rows: Sequence[Sequence[Any]]) -> int:
    """How many rows under a table's first row are header rows too: 2 for a Qualtrics export
    (its third row's non-empty cells are all ``{"ImportId":...}`` objects), else 0.

    Args:
        rows: The table's first rows as read (the first three are enough), header first.
    """
    if len(rows) < 3:
        return 0
    cells = [c for c in rows[2] if not blank(c)]
    return 2 if cells and all(_import_id(c) for c in cells) else 0
