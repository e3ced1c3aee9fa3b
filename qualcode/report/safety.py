"""Neutralising user text before it reaches a spreadsheet or a web page."""

from __future__ import annotations

import html
from typing import Any

__all__ = ["FORMULA_PREFIXES", "escape_html", "safe_cell", "unsafe_cell"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def _marked(text: str) -> bool:
    """Whether :func:`safe_cell` gives ``text`` a leading apostrophe: it starts with a formula
    prefix, after any apostrophes (so that a text such as ``'-nya'`` keeps its own apostrophe
    through :func:`unsafe_cell`)."""
    return text.lstrip("'").startswith(FORMULA_PREFIXES)


def safe_cell(value: Any) -> Any:
    """Return ``value`` made inert for spreadsheets.

    A string starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
    as a formula by Excel or LibreOffice (formula or CSV injection); it gets a leading apostrophe,
    which spreadsheet programs show as text. So does a string whose own apostrophes come before
    such a character, so that :func:`unsafe_cell` gives every string back as it was. Other
    values pass unchanged.
    """
    if isinstance(value, str) and _marked(value):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """Undo :func:`safe_cell` when reading a table qualcode wrote: ``unsafe_cell(safe_cell(x))
    == x`` for every ``x``."""
    if isinstance(value, str) and value.startswith("'") and _marked(value):
        return value[1:]
    return value


def escape_html(value: Any) -> str:
    """HTML-escape ``value`` (quotes included) for element text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)
