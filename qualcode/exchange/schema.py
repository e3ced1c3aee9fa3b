"""Validation against the bundled REFI-QDA schemas (package data in ``qualcode/data/refi-qda``).

xmlschema is imported only when a file is validated; compiled schemas are cached.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from qualcode.errors import ExchangeError

__all__ = ["SCHEMA_FILES", "check_valid", "schema_path", "validation_errors"]

SCHEMA_FILES = {"project": "Project-mrt2019.xsd", "codebook": "Codebook.xsd"}
_DATA = Path(__file__).resolve().parent.parent / "data" / "refi-qda"
_MAX_REPORTED = 20


def schema_path(kind: str) -> Path:
    """The bundled schema file for ``kind`` (``project`` or ``codebook``).

    Raises:
        ValueError: If ``kind`` is neither.
    """
    if kind not in SCHEMA_FILES:
        raise ValueError(f"unknown schema {kind!r}; choose one of: {', '.join(SCHEMA_FILES)}")
    return _DATA / SCHEMA_FILES[kind]


@functools.cache
def _schema(kind: str) -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(schema_path(kind)))


def validation_errors(data: bytes, kind: str) -> list[str]:
    """Validate XML bytes against the ``project`` or ``codebook`` schema.

    Args:
        data: The XML document (bytes, as written to the file).
        kind: ``project`` (for ``project.qde``) or ``codebook`` (for ``.qdc``).

    Returns:
        One message per problem (``path: reason``), empty when the document is valid.
    """
    schema = _schema(kind)
    errors: list[str] = []
    for error in schema.iter_errors(io.BytesIO(data)):
        errors.append(f"{error.path or '/'}: {error.reason}")
        if len(errors) >= _MAX_REPORTED:
            break
    return errors


def check_valid(data: bytes, kind: str, *, path: str | Path) -> None:
    """Raise if ``data`` does not validate; used before an export is written.

    Raises:
        ExchangeError: Listing the first schema violations.
    """
    errors = validation_errors(data, kind)
    if errors:
        raise ExchangeError(
            f"the {SCHEMA_FILES[kind]} schema rejects the file qualcode built "
            f"({len(errors)} problem(s)): " + "; ".join(errors[:5]),
            path=path,
            hint="this is a bug in qualcode; report it with the input files, or pass "
            "--no-validate to write the file anyway",
        )
