"""Options shared by the readers."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReadOptions"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read source files.

    Attributes:
        text_column: For response tables (csv/xlsx): the column holding the text.
        id_column: For response tables: the column holding each row's document id.
        sheet: For xlsx: the sheet name (default: the first sheet).
        max_bytes: Files larger than this are refused (protects memory).
    """

    text_column: str | None = None
    id_column: str | None = None
    sheet: str | None = None
    max_bytes: int = 512 * 1024 * 1024
