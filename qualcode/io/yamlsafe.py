"""Plain YAML from files nobody has vouched for: front matter and project settings.

``yaml.safe_load`` builds no objects from tags, but it still expands aliases (a "billion laughs"
block of a few lines becomes billions of values once anything walks it) and recurses once per
nesting level (a line of ten thousand ``[`` ends in a ``RecursionError``). :func:`load_plain`
first walks the parser's events, which takes no recursion, and refuses both before anything is
built. Codebooks, which need line numbers, use :mod:`qualcode.io.yamlmarks` instead.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_PLAIN_DEPTH", "YamlLimitError", "load_plain"]

MAX_PLAIN_DEPTH = 20
"""Deepest nesting of lists and mappings accepted in plain YAML."""


class YamlLimitError(yaml.MarkedYAMLError):
    """The YAML is well-formed but uses aliases or nests too deeply."""


def load_plain(text: str, *, max_depth: int = MAX_PLAIN_DEPTH) -> Any:
    """``yaml.safe_load(text)``, refusing aliases (``*name``) and deep nesting first.

    Args:
        text: The YAML.
        max_depth: Deepest nesting of lists and mappings accepted.

    Returns:
        The data (``None`` for an empty document).

    Raises:
        yaml.YAMLError: If the text is not YAML, builds objects from tags, uses an alias
            (:class:`YamlLimitError`, with ``problem`` and ``problem_mark`` set), or nests
            deeper than ``max_depth`` (likewise).
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
    return yaml.safe_load(text)
