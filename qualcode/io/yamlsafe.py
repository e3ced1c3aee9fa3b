"""Plain YAML from files nobody has vouched for: front matter and project settings.

``yaml.safe_load`` builds no objects from tags, but it still expands aliases (a "billion laughs"
block of a few lines becomes billions of values once anything walks it) and recurses once per
nesting level (a line of ten thousand ``[`` ends in a ``RecursionError``). :func:`load_plain`
first walks the parser's events, which takes no recursion, and refuses both before anything is
built. Codebooks, which need line numbers, use :mod:`qualcode.io.yamlmarks` instead.

PyYAML's constructors fail with plain Python errors (``ValueError`` for ``2024-13-45``,
``OverflowError``, ``IndexError`` or ``KeyError`` for odd values under an explicit tag) that
carry no position. :func:`construct_scalar` turns them into :class:`YamlValueError`, a YAML
error with the value's mark, for every reader of YAML here.

PyYAML's syntax errors point where the parser gave up, which for an unclosed quote or bracket is
the end of the file: :func:`explain_syntax_error` names the line where the construct opened
instead, for every reader of YAML here.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import Node, ScalarNode

from qualcode.io.yamlquotes import CLOSE_QUOTE, LINE_BREAK, first_runaway_quote

__all__ = [
    "MAX_PLAIN_DEPTH",
    "YamlLimitError",
    "YamlSyntaxProblem",
    "YamlValueError",
    "construct_plain",
    "construct_scalar",
    "explain_syntax_error",
    "load_plain",
    "plain_tag",
    "reads_as_written",
]

MAX_PLAIN_DEPTH = 20
"""Deepest nesting of lists and mappings accepted in plain YAML."""

_TAG = "tag:yaml.org,2002:"
# What PyYAML's scalar constructors raise for a value they cannot build (a month of 13, an int
# of 5,000 digits, a sexagesimal float too large for a float, '!!int ""', '!!bool maybe',
# '!!timestamp x').
_SCALAR_ERRORS = (ValueError, ArithmeticError, LookupError, AttributeError)
_KINDS = {"timestamp": "a date", "int": "a whole number", "float": "a number",
          "bool": "true or false"}
_WRITE = {"timestamp": "a date as YYYY-MM-DD", "int": "a whole number", "float": "a number",
          "bool": "true or false"}
_SHOWN = 40
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_CANONICAL_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")


class YamlLimitError(yaml.MarkedYAMLError):
    """The YAML is well-formed but uses aliases or nests too deeply."""


class YamlValueError(yaml.MarkedYAMLError):
    """A scalar that YAML reads as a date, number or true/false (by its form or an explicit
    tag) but that is not a valid one.

    Attributes:
        problem: What is wrong, naming the value.
        problem_mark: Where the value starts (0-based line and column).
        hint: What to write instead.
    """

    def __init__(self, problem: str, problem_mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=problem_mark)
        self.hint = hint


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[: _SHOWN - 3] + "...")


@functools.cache
def _safe_loader() -> yaml.SafeLoader:
    """A loader with the resolver and constructors ``yaml.safe_load`` uses (reading nothing)."""
    return yaml.SafeLoader("")


def plain_tag(value: str) -> str:
    """The tag ``yaml.safe_load`` resolves a plain (unquoted, untagged) scalar to, from its
    form: ``12`` -> ``tag:yaml.org,2002:int``, ``2024-05-14`` -> ``...:timestamp``."""
    return _safe_loader().resolve(ScalarNode, value, (True, False))


def construct_plain(tag: str, value: str) -> Any:
    """:func:`construct_scalar` of a scalar ``value`` with ``tag`` (no position known)."""
    return construct_scalar(_safe_loader(), ScalarNode(tag, value))


def reads_as_written(tag: str, text: str) -> bool:
    """Whether YAML's value of the plain scalar ``text`` (resolved to ``tag``) prints as the
    text: ``12``, ``1.5``, ``true`` do; ``012`` (read as octal 10), ``1.10`` (1.1), ``yes``
    (True), ``1_000``, ``0x1F`` and ``12:30`` (sexagesimal 750) do not."""
    name = tag.removeprefix(_TAG)
    if name == "int":
        return _CANONICAL_INT.fullmatch(text) is not None
    if name == "float":
        return _CANONICAL_FLOAT.fullmatch(text) is not None and repr(float(text)) == text
    if name == "bool":
        return text.lower() in ("true", "false")
    return True


def _explicit(node: ScalarNode) -> bool:
    """Whether the node's tag was written in the file rather than resolved from its form."""
    if node.style:  # a quoted scalar resolves to text: any other tag was written out
        return True
    return plain_tag(node.value) != node.tag


def _reason(name: str, value: str, exc: Exception) -> str:
    """Why PyYAML could not build ``value`` as ``!!name`` (``""`` when it says nothing useful)."""
    if name == "timestamp" and isinstance(exc, ValueError):
        return str(exc)  # 'month must be in 1..12', 'day is out of range for month' ...
    limit = sys.get_int_max_str_digits()
    if name == "int" and limit and sum(c.isdigit() for c in value) > limit:
        return f"more than {limit} digits"
    if isinstance(exc, OverflowError):
        return "too large"
    return ""


def _value_error(node: ScalarNode, exc: Exception) -> YamlValueError:
    name = node.tag.removeprefix(_TAG)
    value = str(node.value)
    reason = _reason(name, value, exc)
    detail = f" ({reason})" if reason else ""
    shown = _shown(value)
    if _explicit(node):
        kind = _KINDS.get(name, f"a !!{name} value")
        return YamlValueError(
            f"the value {shown} is tagged !!{name} but is not {kind}{detail}", node.start_mark,
            f"remove the '!!{name}' tag to keep the value as text, or write "
            f"{_WRITE.get(name, kind)} after it")
    # Without a tag only dates and numbers can fail: YAML reads them from their form.
    if name == "timestamp":
        hint = "write the date as YYYY-MM-DD with a real month and day, or quote it to keep it " \
               "as text"
    else:
        hint = "quote the value to keep it as text"
    return YamlValueError(
        f"the value {shown} looks like {_KINDS.get(name, 'a number')} but is not a valid one"
        f"{detail}", node.start_mark, hint)


def construct_scalar(constructor: SafeConstructor, node: ScalarNode) -> Any:
    """Build a scalar node's value with ``constructor``, as ``yaml.safe_load`` would.

    Args:
        constructor: A PyYAML safe constructor (a ``SafeLoader`` is one).
        node: A scalar node whose tag ``constructor`` knows (``KeyError`` otherwise).

    Returns:
        The value (text, number, date, bool or ``None``).

    Raises:
        YamlValueError: If the value cannot be built (``2024-13-45`` as a date, an int over
            Python's digit limit, ``!!int ""`` ...), with the node's mark and a hint.
        yaml.YAMLError: As PyYAML raises it for other problems.
    """
    build = constructor.yaml_constructors[node.tag]
    try:
        # Called directly, not through construct_object, which would remember every node in a
        # long-lived constructor.
        return build(constructor, node)
    except _SCALAR_ERRORS as exc:
        raise _value_error(node, exc) from exc


class _PlainLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose bad scalars raise :class:`YamlValueError`."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if not isinstance(node, ScalarNode):
            return super().construct_object(node, deep=deep)
        try:
            return super().construct_object(node, deep=deep)
        except _SCALAR_ERRORS as exc:
            raise _value_error(node, exc) from exc


class _LiteralLoader(_PlainLoader):
    """:class:`_PlainLoader` that keeps plain numbers and truth values YAML would change as
    text (see :func:`reads_as_written`)."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if isinstance(node, ScalarNode) and node.style is None and \
                not reads_as_written(node.tag, node.value) and not _explicit(node):
            return node.value
        return super().construct_object(node, deep=deep)


def load_plain(text: str, *, max_depth: int = MAX_PLAIN_DEPTH, literal: bool = False) -> Any:
    """``yaml.safe_load(text)``, refusing aliases (``*name``) and deep nesting first.

    Args:
        text: The YAML.
        max_depth: Deepest nesting of lists and mappings accepted.
        literal: Keep plain values that YAML would change as their text (``01234``, ``1.10``,
            ``yes``: see :func:`reads_as_written`), as attributes of documents need.

    Returns:
        The data (``None`` for an empty document).

    Raises:
        yaml.YAMLError: If the text is not YAML, builds objects from tags, uses an alias
            (:class:`YamlLimitError`, with ``problem`` and ``problem_mark`` set), nests
            deeper than ``max_depth`` (likewise), or holds a value that reads as a date or
            number but is none (:class:`YamlValueError`, likewise and with ``hint``).
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlLimitError(problem="aliases (*name) are not allowed here; write the value "
                                 "out", problem_mark=event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise YamlLimitError(problem=f"the YAML nests deeper than {max_depth} levels",
                                     problem_mark=event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    # a SafeLoader: builds no objects from tags
    return yaml.load(text, Loader=_LiteralLoader if literal else _PlainLoader)


class YamlSyntaxProblem(NamedTuple):
    """A YAML syntax error as a reader reports it.

    Attributes:
        message: What is wrong (without a "YAML syntax error" prefix).
        line: The 1-based line to fix, never past the text's last line (``None`` if unknown).
        hint: What to do, when the error says more than "check the syntax" (else ``None``).
    """

    message: str
    line: int | None
    hint: str | None = None


_BRACKETS = {"while parsing a flow mapping": "{", "while parsing a flow sequence": "["}
_QUOTED = "while scanning a quoted scalar"
_SIMPLE_KEY = "while scanning a simple key"
_COMMENT = re.compile(r"\s#")


def _last_line(text: str) -> int:
    """The 1-based number of the text's last line (1 for empty text), counted as YAML does."""
    ends_with_break = LINE_BREAK.fullmatch(text[-1:]) is not None
    return max(1, len(LINE_BREAK.findall(text)) + (0 if ends_with_break else 1))


def _open_bracket(text: str, end: int) -> yaml.Mark | None:
    """Where the innermost ``[`` or ``{`` still open at character ``end`` was opened."""
    opened: list[yaml.Mark] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= end:
                break
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                opened.append(token.start_mark)
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) \
                    and opened:
                opened.pop()
    except yaml.YAMLError:
        pass  # the error being explained: the brackets before it are known
    return opened[-1] if opened else None


def _unclosed(text: str, mark: yaml.Mark, problem: str, at: int | None, first: int
              ) -> YamlSyntaxProblem:
    """The quote or bracket opened at ``mark`` runs on to the end (or to line ``at``)."""
    char = text[mark.index] if mark.index < len(text) else ""
    line = mark.line + first
    what = "the quoted text" if char in CLOSE_QUOTE else f"the '{char}'"
    if at is None:
        message = f"{what} opened on line {line} is never closed"
    else:
        message = f"{what} opened on line {line} is not closed: on line {at}, {problem}"
    hint = CLOSE_QUOTE.get(char) or _close_bracket(text, mark, char, line)
    return YamlSyntaxProblem(message, line, hint)


def _close_bracket(text: str, mark: yaml.Mark, char: str, line: int) -> str:
    """How to close the bracket ``char`` opened at ``mark``, on ``line``."""
    close = "]" if char == "[" else "}"
    rest = LINE_BREAK.split(text[mark.index:], maxsplit=1)[0]
    if _COMMENT.search(rest):
        # 'color: #abc}' inside brackets: the '#' starts a comment that hides the closing one
        return (f"a '#' after a space starts a comment, which hides the rest of line {line} "
                f"(and its '{close}'): quote the value holding the '#'")
    return f"close it with '{close}'"


def explain_syntax_error(exc: yaml.MarkedYAMLError, text: str, *, first_line: int = 1
                         ) -> YamlSyntaxProblem:
    """What a YAML syntax error of ``text`` means and which line to fix.

    An unclosed quote or bracket makes PyYAML fail at the end of the file (or on a later line):
    the line named is where it was opened, and the message says so ("the quoted text opened on
    line 6 is never closed"). A quote left open that a later quote closed, taking in the lines
    between (see :mod:`qualcode.io.yamlquotes`), is named where it opened too, whatever the
    error it led to. A key without ``:`` is named on its own line. Otherwise the line is where
    the parser gave up, with the construct it was reading and that one's line.

    Args:
        exc: The error from parsing ``text``.
        text: The YAML that was parsed.
        first_line: The line of the file that ``text`` starts on (front matter starts on 2),
            so that the line returned and those in the message are the file's.

    Returns:
        The message, the 1-based line (never past the last line of ``text``) and, for an
        unclosed quote or bracket, a hint.
    """
    problem = exc.problem or exc.context or "malformed YAML"
    mark, context = exc.problem_mark, exc.context_mark
    last = _last_line(text)
    at_end = mark is None or mark.index >= len(text) or mark.line + 1 > last
    runaway = first_runaway_quote(text, before=None if mark is None else mark.index)
    if runaway is not None:
        message = runaway.message(first_line)
        if not at_end:
            message += f" (YAML then fails on line {mark.line + first_line}: {problem})"
        return YamlSyntaxProblem(message, runaway.opened + first_line, runaway.hint(first_line))
    if context is not None and exc.context == _QUOTED and exc.problem and (
            at_end or "document separator" in exc.problem):
        at = None if at_end else mark.line + first_line
        return _unclosed(text, context, problem, at, first_line)
    if at_end:
        opened = _open_bracket(text, len(text))
        if opened is not None:
            return _unclosed(text, opened, problem, None, first_line)
    elif context is not None and exc.context in _BRACKETS and mark.line > context.line:
        return _unclosed(text, context, problem, mark.line + first_line, first_line)
    use_context = context is not None and (at_end or exc.context == _SIMPLE_KEY)
    where = context if use_context else mark or context
    line = None if where is None else min(where.line + 1, last) + first_line - 1
    if exc.context and exc.problem:
        if context is not None and context.line + first_line != line:
            problem = (f"{problem} ({exc.context} that starts on line "
                       f"{context.line + first_line})")
        else:
            problem = f"{problem} ({exc.context})"
    return YamlSyntaxProblem(problem, line)
