"""YAML front matter: a ``---`` block at the top of a text file holding document attributes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.errors import InputError
from qualcode.io.yamlsafe import load_plain

__all__ = ["FrontMatter", "split_front_matter"]

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)
_MAX_FRONT_MATTER = 65536


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Attributes from the front matter and where the body starts.

    Attributes:
        attributes: Key/value pairs (scalars; dates as ISO strings, lists joined by ``"; "``).
        body_start: Offset in the decoded text where the body begins.
    """

    attributes: dict[str, Any]
    body_start: int


def _scalar(key: str, value: Any, path: Path | str, line: int) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(str(_scalar(key, v, path, line)) for v in value)
    if isinstance(value, dict):
        raise InputError(
            f"front matter key {key!r} holds a nested mapping; only single values and lists are "
            "supported",
            path=path,
            line=line,
            hint=f"write {key}: as one value, or split it into several keys",
        )
    return value


def split_front_matter(text: str, *, path: Path | str = "<text>") -> FrontMatter:
    """Split an optional YAML front matter block off ``text``.

    Args:
        text: Normalised text of the whole file.
        path: Used in error messages.

    Returns:
        The attributes (empty without front matter) and the offset of the body.

    Raises:
        InputError: If the block is not closed or is not a YAML mapping of simple values.
    """
    import yaml

    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter({}, 0)
    closing = _CLOSE.search(text, opening.end())
    if closing is None or closing.start() > _MAX_FRONT_MATTER:
        raise InputError(
            "the front matter opened by '---' on line 1 is never closed",
            path=path,
            line=1,
            hint="end the attribute block with a line holding only '---'",
        )
    block = text[opening.end() : closing.start()]
    try:
        data = load_plain(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if context is not None and (mark is None or mark.line >= block.count("\n")):
            # The parser ran to the end of the block (an unclosed bracket or quote): the line
            # where the construct started is the one to fix.
            mark = context
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for '---'
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"the front matter is not valid YAML: {problem}",
            path=path,
            line=line,
            hint="write one 'key: value' per line between the two '---' lines",
        ) from exc
    if not isinstance(data, dict):
        raise InputError(
            "the front matter must be a list of 'key: value' lines",
            path=path,
            line=2,
            hint="write one 'key: value' per line between the two '---' lines",
        )
    attributes: dict[str, Any] = {}
    for key, value in data.items():
        line = 2 + next(
            (i for i, row in enumerate(block.split("\n")) if row.startswith(f"{key}:")), 0
        )
        if value is None:
            continue
        attributes[str(key)] = _scalar(str(key), value, path, line)
    return FrontMatter(attributes, closing.end())
