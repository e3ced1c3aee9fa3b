"""The structured ``Description`` texts qualcode writes, and reading them back.

REFI-QDA gives a code, a set or a project one free-text ``Description``. qualcode fills it with
labelled lines, readable in any QDA program and parsed again on import so nothing is lost on a
round trip::

    Brief [en]: Builds the child's readiness and trust.
    Definition [en]: ...
    Example: "Saya dampingi dulu anaknya ..."
    Label [id]: Pemungkin

A line ``Field [qualifier]: value`` starts a field; lines indented by two spaces continue the
value of the field before. A description that does not start with a known field is free text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CODE_FIELDS",
    "CODING_FIELDS",
    "PROJECT_FIELDS",
    "SET_FIELDS",
    "Field",
    "format_fields",
    "parse_fields",
]

CODE_FIELDS = (
    "Brief", "Definition", "When to use", "When not to use", "Example", "Counter-example",
    "Label", "Memo", "Id",
)
SET_FIELDS = ("Label", "Description", "Exclusive", "Id")
PROJECT_FIELDS = (
    "Codebook", "Version", "Title", "Author", "Language", "Unit", "Scope", "Source",
    "Description", "Memo",
)
CODING_FIELDS = ("Rule", "Match", "Memo", "Status")

_LINE = re.compile(
    r"^(?P<field>[A-Z][A-Za-z -]*?)(?: \[(?P<qualifier>[^\]\n]*)\])?: ?(?P<value>.*)$"
)
_INDENT = "  "


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled value of a description.

    Attributes:
        name: The field (``Brief``, ``Label`` ...).
        qualifier: What the value is for: a language code, or ``code | coder`` on a selection.
        value: The text (may span lines).
    """

    name: str
    qualifier: str | None
    value: str


def format_fields(fields: Iterable[Field]) -> str:
    """Render fields as description text (empty values are left out).

    Line ends in a value become LF first: XML reads a lone CR as a line break, which would
    otherwise start an unindented line that parses as a field of its own.
    """
    lines: list[str] = []
    for item in fields:
        value = item.value.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        if not value.strip():
            continue
        head = item.name if item.qualifier is None else f"{item.name} [{item.qualifier}]"
        first, *rest = value.split("\n")
        lines.append(f"{head}: {first}")
        lines.extend(f"{_INDENT}{line}" for line in rest)
    return "\n".join(lines)


def parse_fields(text: str, known: Sequence[str]) -> list[Field] | None:
    """Parse description text written by :func:`format_fields`.

    Args:
        text: The description.
        known: Field names that may occur.

    Returns:
        The fields in order, or ``None`` when the text is free text (its first non-empty line
        is not a known field).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return []
    names = set(known)
    fields: list[list] = []
    for line in text.split("\n"):
        match = _LINE.match(line)
        if match is not None and match["field"] in names and not line.startswith(_INDENT):
            fields.append([match["field"], match["qualifier"], match["value"]])
        elif fields:
            fields[-1][2] += "\n" + (line[len(_INDENT):] if line.startswith(_INDENT) else line)
        elif line.strip():
            return None
    return [Field(name, qualifier, value) for name, qualifier, value in fields]
