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

__all__ = ["as_names", "as_paths", "renamed_keyword"]


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


def renamed_keyword(value: bool | None, old_value: bool | None, *, name: str, old_name: str,
                    default: bool = True, error: type[QualcodeError] = QualcodeError) -> bool:
    """The value of a keyword argument that had another name (``rollup`` is now ``roll_up``,
    as in :class:`qualcode.AnalysisOptions`): the old name still works, with a
    :class:`DeprecationWarning`. Both names given with different values are an error.

    Args:
        value: What the caller passed under the new name; ``None``: nothing (the functions
            that take both names default it to ``None``, so that an explicit value can be
            told from the default).
        old_value: What the caller passed under the old name; ``None``: nothing.
        name: The new name, for the messages.
        old_name: The old name.
        default: The value when neither name is given.
        error: The error to raise.

    Raises:
        QualcodeError: (``error``) If both names are given with different values.
    """
    if old_value is None:
        return default if value is None else bool(value)
    import warnings

    warnings.warn(f"{old_name}= is deprecated; pass {name}= (the same option)",
                  DeprecationWarning, stacklevel=3)
    if value is not None and bool(old_value) != bool(value):
        raise error(f"{name}={value!r} and {old_name}={old_value!r} disagree",
                    hint=f"pass {name}= only ({old_name}= is its old name)")
    return bool(old_value)


def _items(value: Any, what: str, error: type[QualcodeError]) -> list[Any]:
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise error(f"{what} must be one name or path or a list of them, not "
                    f"{type(value).__name__}", hint=f"pass {what}=[...]")
    return list(value)
