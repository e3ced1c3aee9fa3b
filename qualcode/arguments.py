"""What callers of the public API may pass where a function takes several names or paths: one
name or path, many, or nothing.

A bare string is itself iterable, so ``sources="transcripts"`` taken as a list of names would
become eleven one-letter names; these helpers take it as one name instead, and refuse other
values with the caller's own error class.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qualcode.errors import QualcodeError

__all__ = ["as_names", "as_paths"]


def as_names(value: str | Iterable[str] | None, what: str,
             error: type[QualcodeError] = QualcodeError) -> tuple[str, ...]:
    """``value`` as a tuple of names: ``None`` -> ``()``, ``"a"`` -> ``("a",)``, ``["a", "b"]``
    -> ``("a", "b")``.

    Args:
        value: One name, several, or none.
        what: The argument, for the message (``cases``, ``status`` ...).
        error: The error to raise.

    Raises:
        QualcodeError: (``error``) If ``value`` or one of its items is not a name.
    """
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    items = _items(value, what, error)
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        raise error(f"{what} must be names (text), not {type(bad[0]).__name__} {bad[0]!r}",
                    hint=f"pass {what}=['a', 'b'] or a single name")
    return tuple(items)


def as_paths(value: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None,
             what: str, error: type[QualcodeError] = QualcodeError) -> list[Path]:
    """``value`` as a list of paths: one path (text or :class:`~pathlib.Path`) or several.

    Raises:
        QualcodeError: (``error``) If ``value`` or one of its items is not a path.
    """
    if value is None:
        return []
    if isinstance(value, str | os.PathLike):
        return [Path(value)]
    items = _items(value, what, error)
    bad = [v for v in items if not isinstance(v, str | os.PathLike)]
    if bad:
        raise error(f"{what} must be files or folders, not {type(bad[0]).__name__} {bad[0]!r}",
                    hint=f"pass {what}=['transcripts/'] or a single path")
    return [Path(v) for v in items]


def _items(value: Any, what: str, error: type[QualcodeError]) -> list[Any]:
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise error(f"{what} must be one name or path or a list of them, not "
                    f"{type(value).__name__}", hint=f"pass {what}=[...]")
    return list(value)
