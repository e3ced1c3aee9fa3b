"""YAML front matter: a ``---`` block at the top of a text file holding document attributes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from qualcode.errors import InputError
from qualcode.io.yamlsafe import (
    YamlValueError,
    construct_plain,
    explain_syntax_error,
    load_plain,
    plain_tag,
    reads_as_written,
)

__all__ = ["FrontMatter", "split_front_matter"]

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)
_MAX_FRONT_MATTER = 65536
# A front matter line that reads the same without the YAML parser: a word key, then nothing or
# a single-line plain value starting with a letter or digit and holding none of the characters
# YAML gives a meaning (no ':', '#', quotes at the start, brackets, braces, tabs ...).
_SIMPLE_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_]{0,63}):(?: +([^\W_][\w .,;()/'+-]*?))? *")
_STR_TAG = "tag:yaml.org,2002:str"


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
        InputError: If the block is not closed, is not a YAML mapping of simple values, or
            holds a value YAML cannot build (a date such as ``2024-13-45``), naming the line.
    """
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
        data = _simple_mapping(block)
        if data is None:
            data = load_plain(block, literal=True) if block.strip() else {}
    except YamlValueError as exc:
        # A value such as 2024-13-45: YAML reads it as a date, and there is no such date.
        raise InputError(
            f"the front matter cannot be read: {exc.problem}",
            path=path,
            line=exc.problem_mark.line + 2 if exc.problem_mark is not None else None,
            hint=exc.hint,
        ) from exc
    except yaml.MarkedYAMLError as exc:
        syntax = explain_syntax_error(exc, block, first_line=2)  # line 1 is '---'
        raise InputError(
            f"the front matter is not valid YAML: {syntax.message}",
            path=path,
            line=syntax.line,
            hint=syntax.hint or "write one 'key: value' per line between the two '---' lines",
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(
            f"the front matter is not valid YAML: {str(exc).splitlines()[0]}",
            path=path,
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
    rows = block.split("\n")
    for key, value in data.items():
        line = 2 + next((i for i, row in enumerate(rows) if row.startswith(f"{key}:")), 0)
        if value is None:
            continue
        attributes[str(key)] = _scalar(str(key), value, path, line)
    return FrontMatter(attributes, closing.end())


def _simple_mapping(block: str) -> dict[str, Any] | None:
    """What ``yaml.safe_load(block)`` gives, without the (slow) YAML parser, when every line of
    ``block`` is blank or a simple ``key: value`` line; ``None`` when it takes the parser.

    Keys and values are resolved and built by PyYAML's own resolver and constructors, so
    ``true``, ``12``, ``2024-05-14`` and ``null`` become what the parser would make of them.

    Raises:
        YamlValueError: For a value shaped like a date that is no date, with the same problem,
            line and column as :func:`qualcode.io.yamlsafe.load_plain` gives.
    """
    rows = block.split("\n")
    pairs: list[re.Match[str]] = []
    for row in rows:
        if not row:
            continue
        found = _SIMPLE_LINE.fullmatch(row)
        # A key such as 'true' or 'null' is no string: the parser's mapping has other keys.
        if found is None or plain_tag(found[1]) != _STR_TAG:
            return None
        pairs.append(found)
    # Built only once every line is known to be simple, so a bad date raises the parser's
    # error only where the parser would.
    data: dict[str, Any] = {}
    for found in pairs:
        key, value = found.groups()
        if value is None:
            data[key] = None
            continue
        tag = plain_tag(value)
        if tag == _STR_TAG or not reads_as_written(tag, value):
            data[key] = value  # 01234, 1.10, yes: attributes keep what was written
            continue
        try:
            data[key] = construct_plain(tag, value)
        except YamlValueError as exc:
            # Where the parser would put it; worked out only now, as few values ever fail.
            line = rows.index(found.string)
            column = found.start(2)
            index = sum(len(row) + 1 for row in rows[:line]) + column
            exc.problem_mark = yaml.Mark("<unicode string>", index, line, column, None, None)
            raise
    return data or None
