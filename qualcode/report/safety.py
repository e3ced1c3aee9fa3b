"""Neutralising user text before it reaches a spreadsheet or a web page."""

from __future__ import annotations

import html
import math
import re
from typing import Any

from qualcode.report.text import clean_text, close_bidi

__all__ = ["FORMULA_PREFIXES", "MAX_CELL", "escape_html", "safe_cell", "sheet_cell", "unsafe_cell"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

# A negative number as a spreadsheet reads it (-5, -3.2, -.5, -1e-3): a value, never a formula,
# so it keeps its sign without an apostrophe. ASCII digits only. A "+" number (+7) is a value
# too, but stays escaped: the security tests hold that no cell starts with "+".
_PLAIN_NUMBER = re.compile(r"-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

MAX_CELL = 32767
"""The most characters a spreadsheet cell holds (Excel's limit)."""


def _marked(text: str) -> bool:
    """Whether :func:`safe_cell` gives ``text`` a leading apostrophe: it starts with a formula
    prefix, after any apostrophes (so that a text such as ``'-nya'`` keeps its own apostrophe
    through :func:`unsafe_cell`)."""
    return text.lstrip("'").startswith(FORMULA_PREFIXES)


def safe_cell(value: Any) -> Any:
    """Return ``value`` made inert for spreadsheets.

    A string starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
    as a formula by Excel or LibreOffice (formula or CSV injection); it gets a leading apostrophe,
    which spreadsheet programs show as text. A negative number (``-5``, ``-3.2``, ``-1e-3``)
    is no formula and stays as it is. A string whose own apostrophes come before
    such a character gets one more, so that :func:`unsafe_cell` gives every string back as it
    was. Other values pass unchanged.
    """
    if isinstance(value, str) and _marked(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """Undo :func:`safe_cell` when reading a table qualcode wrote: ``unsafe_cell(safe_cell(x))
    == x`` for every ``x``. (``'-5``, as versions that escaped plain numbers wrote ``-5``, is
    read as ``-5``; :func:`safe_cell` writes the text ``'-5`` as ``''-5``.)"""
    if isinstance(value, str) and value.startswith("'") and _marked(value):
        return value[1:]
    return value


def sheet_cell(value: Any) -> Any:
    """``value`` as every XLSX writer puts it in a cell.

    Missing values (``None``, NaN, ``pd.NA``) become empty cells; booleans and numbers (numpy
    scalars too) stay numbers; anything else becomes text without the control characters XML
    cannot hold (:func:`qualcode.report.text.clean_text`: a vertical tab, as Word writes for a
    line break, would make the workbook unwritable), cut to :data:`MAX_CELL` characters and
    made inert (:func:`safe_cell`).
    """
    if value is None or type(value).__name__ == "NAType":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | int | float):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return sheet_cell(value.item())
    text = clean_text(value)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 20] + " [cut: too long]"
    return safe_cell(text)


def escape_html(value: Any) -> str:
    """HTML-escape ``value`` (quotes included) for element text and attribute values, with
    the bidirectional overrides it opens closed (:func:`~qualcode.report.text.close_bidi`)."""
    return html.escape(close_bidi("" if value is None else str(value)), quote=True)
