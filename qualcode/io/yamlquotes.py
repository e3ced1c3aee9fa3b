"""Quoted YAML text that runs on over lines meant as YAML: a quote left open.

A quote left open does not always make YAML fail. The text goes on to the next quote in the
file, which closes it, and every line in between becomes part of the text: after
``label: "oops``, the ``description:`` and ``codes:`` lines that follow read as one long label,
and the file then seems to lack the keys it swallowed. YAML itself forbids this: the later
lines of a quoted text must be indented more than the key it is the value of (PyYAML and
libyaml do not check it). :func:`runaway_quote` finds a quoted text one of whose later lines,
indented no deeper than that key, looks like a key (``brief:``) or a list item (``- ...``):
a text wrapped over several lines, indented as YAML asks, is not one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import yaml

__all__ = [
    "CLOSE_QUOTE",
    "LINE_BREAK",
    "QUOTES",
    "RunawayQuote",
    "first_runaway_quote",
    "runaway_quote",
    "split_lines",
]

QUOTES = ("'", '"')
"""The styles of PyYAML's quoted scalars (``node.style``, ``token.style``)."""

LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What PyYAML counts as a line break (its marks count lines by these)."""

CLOSE_QUOTE = {
    "'": "end the text with ' as well (write '' for an apostrophe inside it)",
    '"': 'end the text with " as well (write \\" for a quote inside it); a regular '
         "expression is safer in single quotes",
}
"""How to close a quoted text, by its quote."""

_END = {"'": "end the text with ' (write '' for an apostrophe inside it)",
        '"': 'end the text with " (write \\" for a quote inside it)'}
# A line that reads as YAML of its own: a key ('brief:', 'en: Enabler') or a list item ('- ').
_STRUCTURE = re.compile(r" *(?:[A-Za-z_][\w-]* *:|-)(?: |$)")
_DASH = re.compile(r"- +")  # a list item's dash, before a key or a quote on its line
_SHOWN = 40


class RunawayQuote(NamedTuple):
    """A quoted text that takes in lines meant as YAML.

    Attributes:
        quote: The quote it opened with (``'`` or ``"``).
        opened: 0-based line of the opening quote.
        closed: 0-based line of the quote that ended it.
        swallowed: 0-based line of the first line taken in that looks like a key or item.
        shown: That line, without its indentation (shortened when long).
    """

    quote: str
    opened: int
    closed: int
    swallowed: int
    shown: str

    def message(self, first_line: int = 1) -> str:
        """What is wrong, with the lines of the file (``first_line``: the line the YAML text
        starts on)."""
        opened, closed, swallowed = (n + first_line for n in
                                     (self.opened, self.closed, self.swallowed))
        return (f"the quote opened on line {opened} is not closed: the text runs on to the next "
                f"quote, on line {closed}, and takes in line {swallowed} ({self.shown!r}) as "
                "text")

    def hint(self, first_line: int = 1) -> str:
        """What to do."""
        opened = self.opened + first_line
        return (f"close the quote on line {opened}: {_END[self.quote]}; a text that does go "
                "on over several lines needs its later lines indented more than its key")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as YAML counts them (a mark's ``line`` indexes this list)."""
    return LINE_BREAK.split(text)


def _deepest_outside(before: str) -> int:
    """The deepest indentation at which a later line of a quoted text that starts after
    ``before`` (its line up to the quote) still reads as YAML of the enclosing block: the
    column of the key the text belongs to, else of the list dash before it, else one less
    than the text's own column."""
    column = len(before) - len(before.lstrip(" "))  # where the line's content starts
    dash = -1
    while (match := _DASH.match(before, column)) is not None:
        dash, column = column, match.end()
    if before[column:].strip():
        return column
    return dash if dash >= 0 else column - 1


def runaway_quote(lines: Sequence[str], start: yaml.Mark, end: yaml.Mark
                  ) -> RunawayQuote | None:
    """The quoted text from ``start`` to ``end`` if it takes in lines meant as YAML.

    Args:
        lines: The YAML's lines (:func:`split_lines`).
        start: The mark of the opening quote (a scalar node's or token's ``start_mark``).
        end: The mark just past the closing quote (its ``end_mark``).

    Returns:
        The runaway text, or ``None`` when it is on one line or its later lines are indented
        past its key or read as text.
    """
    if end.line <= start.line or start.line >= len(lines):
        return None
    opener = lines[start.line]
    quote = opener[start.column:start.column + 1]
    if quote not in QUOTES:
        return None
    deepest = _deepest_outside(opener[:start.column])
    for number in range(start.line + 1, min(end.line + 1, len(lines))):
        line = lines[number]
        if number == end.line:
            line = line[:max(end.column - 1, 0)]  # the text before the closing quote
        indent = len(line) - len(line.lstrip(" "))
        if indent <= deepest and _STRUCTURE.match(line):
            shown = line.strip()
            if len(shown) > _SHOWN:
                shown = shown[:_SHOWN - 3] + "..."
            return RunawayQuote(quote, start.line, end.line, number, shown)
    return None


def first_runaway_quote(text: str, *, before: int | None = None) -> RunawayQuote | None:
    """The first runaway quoted text (see :func:`runaway_quote`) of ``text``.

    For a syntax error: the tokens are read as far as PyYAML can, and those at or past
    character ``before`` (where the error is) are not looked at.

    Args:
        text: The YAML.
        before: Look only at texts that start before this character offset.
    """
    lines = split_lines(text)
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if before is not None and token.start_mark.index >= before:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in QUOTES:
                found = runaway_quote(lines, token.start_mark, token.end_mark)
                if found is not None:
                    return found
    except yaml.YAMLError:
        pass  # the error being explained: the texts before it are known
    return None
