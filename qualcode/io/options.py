"""Options shared by the readers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DEFAULT_MAX_BYTES", "MAX_BYTES_ENV", "ReadOptions", "default_max_bytes"]

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Largest source file read by default (100 MiB: tens of thousands of transcript pages)."""
MAX_BYTES_ENV = "QUALCODE_MAX_BYTES"
"""Environment variable that overrides :data:`DEFAULT_MAX_BYTES` (a number of bytes)."""


def default_max_bytes() -> int:
    """The file size limit: ``$QUALCODE_MAX_BYTES`` when it holds a positive whole number, else
    :data:`DEFAULT_MAX_BYTES`."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip().replace("_", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read source files.

    Attributes:
        text_column: For response tables (csv/xlsx): the column holding the text.
        id_column: For response tables: the column holding each row's document id.
        case_column: For response tables: the column holding each row's case (default: a
            column named ``case``, in any letter case).
        sheet: For xlsx: the sheet name (default: the first sheet).
        max_bytes: Files larger than this are refused (protects memory); default
            :func:`default_max_bytes`.
        settings: Where the table options are set, for hints: ``None`` for command-line
            options (``--text-column``), else the settings file whose keys they are (a
            project's ``qualcode.yaml``).
    """

    text_column: str | None = None
    id_column: str | None = None
    case_column: str | None = None
    sheet: str | None = None
    max_bytes: int = field(default_factory=default_max_bytes)
    settings: str | None = None

    def option(self, key: str) -> str:
        """How a hint names the table option ``key`` (``"text_column"``): ``--text-column``, or
        ``text_column in qualcode.yaml`` when the options are :attr:`settings` keys."""
        if self.settings is None:
            return "--" + key.replace("_", "-")
        return f"{key} in {self.settings}"

    def give(self, key: str, what: str) -> str:
        """A hint's advice to give ``what`` as the table option ``key``: ``pass WHAT as
        --text-column``, or ``set WHAT as text_column in qualcode.yaml``."""
        return f"{'pass' if self.settings is None else 'set'} {what} as {self.option(key)}"
