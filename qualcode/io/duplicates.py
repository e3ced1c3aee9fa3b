"""The error for two documents with one id, wherever documents are gathered (the loader, the
streaming and the distributed engines): one message, so each says the same."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import InputError

__all__ = ["duplicate_id_error"]

_TABLES = (".csv", ".xlsx")  # their documents are rows, named by an id column or the row


def _place(source: str, row: int | None) -> str:
    return source if row is None else f"row {row} of {source}"


def duplicate_id_error(doc_id: str, first: str, second: str, *, first_row: int | None = None,
                       second_row: int | None = None) -> InputError:
    """Two documents read have the id ``doc_id``: the error naming both places and what to do.

    Args:
        doc_id: The id.
        first: The file of the document read first.
        second: The file of the second.
        first_row: The table row of the first, when it is a row of a response table and known.
        second_row: The same for the second.
    """
    tables = [s for s in (first, second) if Path(s).suffix.lower() in _TABLES]
    if not tables:
        hint = "rename one file or give it a different 'id:' in its front matter"
    elif len(tables) == 2:
        hint = ("ids must be unique across the files read; a table's rows are named by its id "
                "column, or '<file stem>-<row>' without one: make the two tables' ids differ "
                "(a prefix in one id column, or another file name), or read them in separate "
                "runs")
    else:
        text = first if tables[0] == second else second
        hint = (f"ids must be unique across the files read: give {text} a different name or "
                f"'id:' in its front matter, or change the id in {tables[0]}")
    return InputError(
        f"two documents have the id {doc_id!r}: {_place(first, first_row)} and "
        f"{_place(second, second_row)}",
        path=second,
        hint=hint,
    )
