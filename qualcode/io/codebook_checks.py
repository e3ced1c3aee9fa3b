"""Typed access to YAML values with line numbers, collecting an issue for each mismatch."""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Collection
from typing import Any

from qualcode.errors import IssueCollector
from qualcode.io.codebook_schema import ANY_LANGUAGE, DEFAULT_HINTS, ISO_639_1
from qualcode.io.yamlmarks import LineDict, LineList

__all__ = ["Checker", "describe", "did_you_mean"]

_EXPECTED = {
    "text": "text",
    "int": "a whole number",
    "bool": "true or false",
    "list": "a list",
    "mapping": "a mapping",
}


def describe(value: Any) -> str:
    """How a YAML value reads in a message: ``text 'x'``, ``a number``, ``a list`` ..."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def did_you_mean(word: str, choices: Collection[str]) -> str | None:
    """The closest of ``choices`` to ``word`` (difflib), or ``None``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _is(value: Any, kind: str) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    return isinstance(value, dict)


class Checker:
    """Reads values out of :class:`LineDict` mappings and records issues with their lines.

    Args:
        issues: Where issues go.
        languages: Declared languages (for per-language texts), primary first.
    """

    def __init__(self, issues: IssueCollector, languages: tuple[str, ...] = ()) -> None:
        self.issues = issues
        self.languages = languages

    def add(self, code: str, message: str, line: int | None, where: str | None,
            hint: str | None = None, severity: str = "error") -> None:
        """Record one issue (with the default hint of its code when none is given)."""
        self.issues.add(code, message, line=line, where=where,
                        hint=hint or DEFAULT_HINTS.get(code), severity=severity)

    def keys(self, node: LineDict, known: Collection[str], where: str | None) -> None:
        """Report every key of ``node`` that is not in ``known``."""
        for key in node:
            if key in known:
                continue
            guess = did_you_mean(key, known)
            message = f"unknown key '{key}'" + (f"; did you mean '{guess}'?" if guess else "")
            self.add("C111", message, node.line_of(key), where,
                     hint="known keys here: " + ", ".join(known))

    def value(self, node: LineDict, key: str, kind: str, where: str | None, *,
              required: bool = False, hint: str | None = None) -> Any:
        """``node[key]`` if it is of ``kind`` (text, int, bool, list, mapping), else ``None``.

        A missing required key, an empty value and a value of another type are reported.
        """
        if key not in node:
            if required:
                self.add("C112", f"missing required key '{key}'", node.line, where)
            return None
        value = node[key]
        if value is None:
            self.add("C110", f"'{key}' is empty", node.line_of(key), where,
                     hint=hint or f"give {_EXPECTED[kind]} or remove the key")
            return None
        if not _is(value, kind):
            if kind == "text" and isinstance(value, int | float | bool | _dt.date):
                raw = node.raw.get(key, _raw(value))
                hint = hint or f"quote the value: {key}: \"{raw}\""
            self.add("C110", f"'{key}' must be {_EXPECTED[kind]}, not {describe(value)}",
                     node.line_of(key, value=True), where, hint=hint)
            return None
        return value

    def texts(self, node: LineDict, key: str, where: str | None) -> list[tuple[str, int]]:
        """A list of texts (a single text counts as a list of one), with each item's line."""
        value = node.get(key)
        if key not in node:
            return []
        if isinstance(value, str):
            return [(value, node.line_of(key, value=True))]
        value = self.value(node, key, "list", where)
        if value is None:
            return []
        return self.items(value, key, where)

    def items(self, value: LineList, name: str, where: str | None) -> list[tuple[str, int]]:
        """The text items of a list, reporting items that are not text."""
        out = []
        for i, item in enumerate(value):
            line = value.line_of(i)
            if isinstance(item, str):
                out.append((item, line))
            else:
                raw = value.raw.get(i, _raw(item))
                hint = f"quote it: \"{raw}\"" if item is not None else None
                self.add("C110", f"{name}[{i}] must be text, not {describe(item)}", line, where,
                         hint=hint)
        return out

    def language(self, lang: str, line: int, where: str | None, *,
                 allow_any: bool = False) -> bool:
        """Whether ``lang`` is declared (or ``any`` when allowed); reports it otherwise."""
        if lang in self.languages or (allow_any and lang == ANY_LANGUAGE):
            return True
        declared = ", ".join(self.languages) or "none"
        if allow_any:
            declared += ", or 'any'"
        if lang not in ISO_639_1:
            message = f"unknown language '{lang}': not an ISO 639-1 code"
        else:
            message = f"language '{lang}' is not declared in 'languages'"
        self.add("C130", message, line, where, hint=f"use one of: {declared}")
        return False

    def lang_texts(self, node: LineDict, key: str, where: str | None) -> dict[str, str]:
        """A per-language text (``{id: ..., en: ...}``); plain text is the primary language's."""
        if key not in node:
            return {}
        value = node[key]
        if isinstance(value, str):
            primary = self.languages[0] if self.languages else "und"
            return {primary: value}
        value = self.value(node, key, "mapping", where,
                           hint=f"write text, or one text per language: {key}: {{id: ..., "
                                "en: ...}")
        if value is None:
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            line = value.line_of(lang)
            if not self.language(lang, line, where):
                continue
            if isinstance(text, str):
                out[lang] = text
            else:
                self.add("C110", f"'{key}.{lang}' must be text, not {describe(text)}", line,
                         where)
        return out


def _raw(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)
