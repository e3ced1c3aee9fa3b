"""Neutralising user text before it reaches a spreadsheet or a web page."""

from __future__ import annotations

import html
import math
import re
from typing import Any

from qualcode.report.text import clean_text, close_bidi

__all__ = [
    "FORMULA_PREFIXES",
    "MAX_CELL",
    "SHEET_ERRORS",
    "escape_html",
    "keep_text",
    "needs_quote_prefix",
    "safe_cell",
    "sheet_cell",
    "unsafe_cell",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

SHEET_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
"""Texts a spreadsheet (and openpyxl, given them as a cell's value) takes for error values."""

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
    """Return ``value`` made inert for spreadsheets that open it as a CSV file.

    A string starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
    as a formula by Excel or LibreOffice (formula or CSV injection); it gets a leading apostrophe,
    which spreadsheet programs show as text. A negative number (``-5``, ``-3.2``, ``-1e-3``)
    is no formula and stays as it is. A string whose own apostrophes come before
    such a character gets one more, so that :func:`unsafe_cell` gives every string back as it
    was. Other values pass unchanged.

    For CSV only: a workbook cell holds its text as it is (:func:`sheet_cell`, :func:`keep_text`).
    """
    if isinstance(value, str) and _marked(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """Undo :func:`safe_cell` when reading a table qualcode wrote: ``unsafe_cell(safe_cell(x))
    == x`` for every ``x``. (``'-5``, as versions that escaped plain numbers wrote ``-5``, is
    read as ``-5``; :func:`safe_cell` writes the text ``'-5`` as ``''-5``.) Also undoes the
    apostrophe earlier versions wrote into workbook cells; a cell with the quote prefix
    (:func:`keep_text`) holds its text as it is and is not passed here."""
    if isinstance(value, str) and value.startswith("'") and _marked(value):
        return value[1:]
    return value


def sheet_cell(value: Any) -> Any:
    """``value`` as every XLSX writer puts it in a cell.

    Missing values (``None``, NaN, ``pd.NA``) become empty cells; booleans and numbers (numpy
    scalars too) stay numbers; anything else becomes text without the control characters XML
    cannot hold (:func:`qualcode.report.text.clean_text`: a vertical tab, as Word writes for a
    line break, would make the workbook unwritable), cut to :data:`MAX_CELL` characters.

    The text is otherwise as it is, without the apostrophe :func:`safe_cell` puts in a CSV cell:
    a spreadsheet shows that apostrophe in a workbook. It is made inert by the cell instead, a
    text cell with the quote prefix where needed (:func:`keep_text`, which
    :func:`qualcode.report.office.save_workbook` applies to every cell of a workbook).
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
    return text


def needs_quote_prefix(text: str) -> bool:
    """Whether a workbook cell holding ``text`` gets the quote prefix (:func:`keep_text`): a
    spreadsheet would take the text, typed into a cell, for a formula (it starts with one of
    :data:`FORMULA_PREFIXES`, after any apostrophes of its own) or an error value
    (:data:`SHEET_ERRORS`)."""
    return _marked(text) or text in SHEET_ERRORS


def keep_text(cell: Any) -> Any:
    """Make an openpyxl cell whose value is text hold that text as text; return the cell.

    openpyxl stores a text starting with ``=`` as a formula and ``#N/A`` and the like as error
    values; the cell is made a text cell again (an inline string, which no spreadsheet
    evaluates). A text for which :func:`needs_quote_prefix` holds also gets the quote prefix,
    what a spreadsheet records when a user types an apostrophe before such a text: the cell
    shows the text without an apostrophe and stays text when someone edits it, and readers know
    that its text is as written (an apostrophe it starts with is its own, not the one earlier
    versions wrote, see :func:`unsafe_cell`). Other values are left as they are.
    """
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        if needs_quote_prefix(value):
            cell.quotePrefix = True
    return cell


def escape_html(value: Any) -> str:
    """HTML-escape ``value`` (quotes included) for element text and attribute values, with
    the bidirectional overrides it opens closed (:func:`~qualcode.report.text.close_bidi`)."""
    return html.escape(close_bidi("" if value is None else str(value)), quote=True)
