"""Safe YAML that remembers the 1-based line of every key, value and list item.

``yaml.safe_load`` loses positions, so validation messages could not say where a problem is. Here
the document is *composed* with PyYAML's ``SafeLoader`` (nodes carry marks) and turned into plain
data by hand: mappings become :class:`LineDict`, sequences :class:`LineList`, scalars plain Python
values. Only the standard scalar tags are constructed; any other tag (``!!python/object`` ...) is
refused with its line. Aliases are allowed but bounded, so an alias bomb cannot expand. A quoted
text that a quote left open made run on over lines meant as keys (see
:mod:`qualcode.io.yamlquotes`) is reported where it opened, and nothing is built: the keys it
took in would otherwise each be reported missing.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qualcode.errors import IssueCollector
from qualcode.io.yamlquotes import QUOTES, runaway_quote, split_lines
from qualcode.io.yamlsafe import YamlValueError, construct_scalar, explain_syntax_error

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LineDict",
    "LineList",
    "compose_with_lines",
]

MAX_DEPTH = 50
"""Deepest nesting of mappings and lists accepted."""
MAX_NODES = 200_000
"""Most values (after alias expansion) accepted in one document."""
MAX_ALIASES = 1_000
"""Most alias uses (``*name``) accepted in one document."""

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)


class LineDict(dict):
    """A mapping that knows the line of itself, of each key and of each value (1-based)."""

    __slots__ = ("key_lines", "line", "raw", "value_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.value_lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}

    def line_of(self, key: str, *, value: bool = False) -> int:
        """Line of ``key`` (or of its value), falling back to the mapping's own line."""
        lines = self.value_lines if value else self.key_lines
        return lines.get(key, self.key_lines.get(key, self.line))


class LineList(list):
    """A list that knows the line of itself and of each item (1-based)."""

    __slots__ = ("item_lines", "line", "raw")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
        self.raw: dict[int, str] = {}

    def line_of(self, index: int) -> int:
        """Line of item ``index``, falling back to the list's own line."""
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Stop(Exception):
    """Raised inside the builder when a limit is exceeded or a quote was left open (caught by
    :func:`compose_with_lines`)."""

    def __init__(self, code: str, message: str, line: int, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.hint = code, message, line, hint


class _Builder:
    def __init__(self, issues: IssueCollector, text: str) -> None:
        self.issues = issues
        self.text = text
        self.lines: list[str] | None = None  # split when a quoted text spans lines
        self.constructor = SafeConstructor()
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def build(self, node: Node, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop("C102", f"the YAML expands to more than {MAX_NODES} values", line,
                         "aliases (*name) that repeat large parts can blow a file up; write the "
                         "parts out or make the codebook smaller")
        if id(node) in self.seen and not isinstance(node, ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Stop("C102", f"the YAML uses more than {MAX_ALIASES} aliases", line,
                             "write the repeated parts out instead of using *aliases")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Stop("C102", f"the YAML nests deeper than {MAX_DEPTH} levels", line,
                         "a codebook never needs this much nesting; check for recursive "
                         "aliases")
        if isinstance(node, ScalarNode):
            return self.scalar(node, line)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                self.bad_tag(node, line)
                return None
            out = LineList(line)
            for i, item in enumerate(node.value):
                out.append(self.build(item, depth + 1))
                out.item_lines.append(item.start_mark.line + 1)
                if isinstance(item, ScalarNode):
                    out.raw[i] = str(item.value)
            return out
        if isinstance(node, MappingNode):
            if node.tag != _TAG + "map":
                self.bad_tag(node, line)
                return None
            return self.mapping(node, line, depth)
        return None  # pragma: no cover - PyYAML has no other node kinds

    def mapping(self, node: MappingNode, line: int, depth: int) -> LineDict:
        out = LineDict(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                self.issues.add("C103", "merge keys (<<) are not supported", line=key_line,
                                hint="write the keys out in full")
                continue
            if not isinstance(key_node, ScalarNode):
                self.issues.add("C110", "a key must be plain text, not a list or mapping",
                                line=key_line, hint="write keys as plain words: 'key: value'")
                continue
            # Keys are taken as written: 'no:' or 'on:' stay text instead of booleans.
            key = str(key_node.value)
            if key in out:
                self.issues.add("C104", f"duplicate key '{key}' (first on line "
                                f"{out.key_lines[key]})", line=key_line,
                                hint="keep one of them (merge their contents): qualcode reads "
                                "the first and does not check the second")
                continue
            out[key] = self.build(value_node, depth + 1)
            out.key_lines[key] = key_line
            out.value_lines[key] = value_node.start_mark.line + 1
            if isinstance(value_node, ScalarNode):
                out.raw[key] = str(value_node.value)
        return out

    def scalar(self, node: ScalarNode, line: int) -> Any:
        if node.style in QUOTES and node.end_mark.line > node.start_mark.line:
            self.check_quoted(node)
        if node.tag not in _SCALAR_TAGS:
            self.bad_tag(node, line)
            return None
        if node.tag == _TAG + "bool" and node.value.lower() not in ("true", "false"):
            return str(node.value)  # YAML 1.2: yes/no/on/off are text ('no' is Norwegian)
        try:
            return construct_scalar(self.constructor, node)
        except YamlValueError as exc:
            self.issues.add("C101", str(exc.problem), line=line, hint=exc.hint)
            # The text as written, so that later checks do not report the value again as
            # missing.
            return str(node.value)

    def check_quoted(self, node: ScalarNode) -> None:
        """Stop at a quoted text that runs on over lines meant as keys."""
        if self.lines is None:
            self.lines = split_lines(self.text)
        runaway = runaway_quote(self.lines, node.start_mark, node.end_mark)
        if runaway is not None:
            raise _Stop("C101", f"YAML syntax error: {runaway.message()}", runaway.opened + 1,
                        runaway.hint())

    def bad_tag(self, node: Node, line: int) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.issues.add("C103", f"YAML tag '{tag}' is not allowed in a codebook", line=line,
                        hint="use plain text, numbers, lists and mappings only")


def compose_with_lines(text: str, issues: IssueCollector) -> Any:
    """Parse one YAML document into plain data with line numbers.

    Args:
        text: The YAML text.
        issues: Receives syntax errors (a quoted text running on over keys among them),
            refused tags, duplicate keys and exceeded limits, each with its 1-based line.

    Returns:
        :class:`LineDict` / :class:`LineList` / scalar data, or ``None`` when the text could not
        be parsed (or is empty).
    """
    try:
        try:
            # libyaml is 15x faster; its messages differ, so errors are re-read in Python
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        syntax = explain_syntax_error(exc, text)
        issues.add("C101", f"YAML syntax error: {syntax.message}", line=syntax.line,
                   hint=syntax.hint or "check the indentation, colons and quotes around this "
                                       "line")
        return None
    except yaml.YAMLError as exc:
        issues.add("C101", f"YAML syntax error: {exc}", hint="check the file's YAML syntax")
        return None
    except RecursionError:
        issues.add("C102", f"the YAML nests deeper than {MAX_DEPTH} levels",
                   hint="a codebook never needs this much nesting")
        return None
    if node is None:
        return None
    builder = _Builder(issues, text)
    try:
        return builder.build(node, 0)
    except _Stop as exc:
        issues.add(exc.code, exc.message, line=exc.line, hint=exc.hint)
        return None
