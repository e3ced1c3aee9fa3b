"""Regular expressions of codebook rules: compiling, a static backtracking check, a prefilter.

A codebook is user input, and a regular expression such as ``(\\w+\\s?)+`` can take exponential
time on a long turn that almost matches. :func:`backtracking_risk` walks the parsed pattern
(``re._parser``) and reports the shapes that cause this: a repeated part that can match empty text,
a repeated part holding another variable-length repeat with nothing that must separate them, and
repeated alternatives that can start with the same character. The check is conservative: a few
safe patterns are flagged too, and the message says how to rewrite them.

Prefilters that let the engine skip most regexes are in :mod:`qualcode.coding.prefilter`.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable
from typing import Any

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

__all__ = ["MAX_PATTERN_LENGTH", "REGEX_FLAGS", "atom_chars", "backtracking_risk",
           "can_match_empty", "compile_pattern", "parse_pattern"]

REGEX_FLAGS = re.IGNORECASE
"""Flags of every rule regex: case-insensitive, Unicode."""
MAX_PATTERN_LENGTH = 2000
"""Longest regular expression accepted in a codebook."""

_UNBOUNDED = _c.MAXREPEAT
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_ATOMS = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
# Characters used to decide whether two character classes can overlap.
_SAMPLE = frozenset(string.printable + "áéíóúñöüçàèâêîôûİıſßµ\u00a0\u2003٣中ā")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a rule's regular expression with :data:`REGEX_FLAGS`.

    Raises:
        re.error: If the pattern is invalid.
        OverflowError: If a repeat count is too large.
        RecursionError: If the pattern nests too deeply.
    """
    return re.compile(pattern, REGEX_FLAGS)


@functools.lru_cache(maxsize=4096)
def parse_pattern(pattern: str) -> Any:
    """The parsed form of ``pattern`` (``re._parser`` output) with :data:`REGEX_FLAGS`.

    The result is cached and shared: do not modify it.

    Raises:
        re.error: If the pattern is invalid.
    """
    return _sre.parse(pattern, REGEX_FLAGS)


def _category(name: Any, ch: str) -> bool:
    name = str(name)
    if "DIGIT" in name:
        hit = ch.isdecimal()
    elif "SPACE" in name:
        hit = ch.isspace()
    elif "WORD" in name:
        hit = ch.isalnum() or ch == "_"
    elif "LINEBREAK" in name:
        hit = ch == "\n"
    else:  # pragma: no cover - no other categories exist
        hit = True
    return hit != ("NOT" in name)


def _same(ch: str, code: int) -> bool:
    other = chr(code)
    return ch == other or ch.lower() == other.lower()


def _in_set(items: list[Any], ch: str) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit = hit or _same(ch, av)
        elif op is _c.RANGE:
            lo, hi = av
            hit = hit or any(lo <= ord(v) <= hi for v in {ch, ch.lower(), ch.upper()}
                             if len(v) == 1)
        elif op is _c.CATEGORY:
            hit = hit or _category(av, ch)
        else:
            hit = True
    return hit != negate


_ATOM_CACHE: dict[tuple[Any, str], frozenset[str]] = {}


def atom_chars(op: Any, av: Any) -> frozenset[str]:
    """Sample characters a one-character node (literal, class, ``.``) can match."""
    key = (op, repr(av))
    found = _ATOM_CACHE.get(key)
    if found is None:
        if len(_ATOM_CACHE) > 65536:
            _ATOM_CACHE.clear()
        found = _ATOM_CACHE[key] = _atom_chars(op, av)
    return found


def _atom_chars(op: Any, av: Any) -> frozenset[str]:
    if op is _c.LITERAL:
        return frozenset(ch for ch in _SAMPLE if _same(ch, av))
    if op is _c.NOT_LITERAL:
        return frozenset(ch for ch in _SAMPLE if not _same(ch, av))
    if op is _c.ANY:
        return _SAMPLE - {"\n"}
    if op is _c.IN:
        return frozenset(ch for ch in _SAMPLE if _in_set(av, ch))
    return _SAMPLE


def _children(op: Any, av: Any) -> list[Any]:
    """Sub-sequences of a node (each a list of (op, av) items)."""
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op in _REPEATS or op is _POSSESSIVE:
        return [av[2]]
    if op is _c.BRANCH:
        return list(av[1])
    if op is _ATOMIC:
        return [av]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _nullable(seq: Iterable[Any]) -> bool:
    return all(_item_nullable(op, av) for op, av in seq)


def _item_nullable(op: Any, av: Any) -> bool:
    if op in _ATOMS:
        return False
    if op in _REPEATS or op is _POSSESSIVE:
        return av[0] == 0 or _nullable(av[2])
    if op is _c.BRANCH:
        return any(_nullable(b) for b in av[1])
    if op is _c.SUBPATTERN:
        return _nullable(av[-1])
    if op is _ATOMIC:
        return _nullable(av)
    if op is _c.GROUPREF_EXISTS:
        return _nullable(av[1]) or av[2] is None or _nullable(av[2])
    return True  # anchors, lookarounds, back references


def _first(seq: Iterable[Any]) -> frozenset[str]:
    out: set[str] = set()
    for op, av in seq:
        if op in _ATOMS:
            out |= atom_chars(op, av)
        elif op not in _ZERO_WIDTH:
            for child in _children(op, av):
                out |= _first(child)
        if not _item_nullable(op, av):
            break
    return frozenset(out)


def _all_chars(seq: Iterable[Any]) -> frozenset[str]:
    out: set[str] = set()
    for op, av in seq:
        if op in _ATOMS:
            out |= atom_chars(op, av)
        elif op not in _ZERO_WIDTH:
            for child in _children(op, av):
                out |= _all_chars(child)
    return frozenset(out)


def _literal_text(seq: list[Any]) -> str | None:
    if seq and all(op is _c.LITERAL for op, _ in seq):
        return "".join(chr(av) for _, av in seq).lower()
    return None


def _branches_overlap(branches: list[Any]) -> bool:
    for i, left in enumerate(branches):
        for right in branches[i + 1:]:
            if _nullable(left) and _nullable(right):
                return True
            a, b = _literal_text(left), _literal_text(right)
            if a is not None and b is not None:
                if a.startswith(b) or b.startswith(a):
                    return True
                continue
            if _first(left) & _first(right):
                return True
    return False


def _variable_width(branches: list[Any]) -> bool:
    try:
        return len({tuple(b.getwidth()) for b in branches}) > 1
    except AttributeError:  # pragma: no cover - plain lists have no getwidth
        return True


def _inner_repeats(seq: list[Any], out: list[tuple[Any, frozenset[str]]]) -> None:
    """Parts of variable length inside a repeated body: repeats and uneven alternatives."""
    for op, av in seq:
        if op in _REPEATS and av[1] > av[0]:
            out.append((av, _all_chars(av[2])))
        elif op is _c.BRANCH and _variable_width(list(av[1])):
            chars: frozenset[str] = frozenset()
            for alt in av[1]:
                chars |= _all_chars(alt)
            out.append((av, chars))
        if op is _ATOMIC or op is _POSSESSIVE or op in _ZERO_WIDTH:
            continue  # no backtracking into these
        for child in _children(op, av):
            _inner_repeats(child, out)


def _mandatory_atoms(seq: list[Any], skip: Any, out: list[frozenset[str]]) -> None:
    for op, av in seq:
        if av is skip:
            continue
        if op in _ATOMS:
            out.append(atom_chars(op, av))
        elif op is _c.SUBPATTERN:
            _mandatory_atoms(av[-1], skip, out)
        elif op is _ATOMIC:
            _mandatory_atoms(av, skip, out)
        elif (op in _REPEATS or op is _POSSESSIVE) and av[0] >= 1:
            _mandatory_atoms(av[2], skip, out)


def _risk_of_repeat(body: list[Any]) -> str | None:
    if _nullable(body):
        return "the repeated part can match empty text"
    stack = [body]
    while stack:
        seq = stack.pop()
        for op, av in seq:
            if op is _c.BRANCH and _branches_overlap(list(av[1])):
                return "repeated alternatives can match the same text"
            if op is not _ATOMIC and op is not _POSSESSIVE and op not in _ZERO_WIDTH:
                stack.extend(_children(op, av))
    inner: list[tuple[Any, frozenset[str]]] = []
    _inner_repeats(body, inner)
    for av, chars in inner:
        separators: list[frozenset[str]] = []
        _mandatory_atoms(body, av, separators)
        if not any(not (sep & chars) for sep in separators):
            return "a quantifier is nested inside another with nothing that must separate them"
    return None


def _walk(seq: list[Any]) -> str | None:
    for op, av in seq:
        if op in _REPEATS and (av[1] == _UNBOUNDED or av[1] >= 10):
            reason = _risk_of_repeat(list(av[2]))
            if reason:
                return reason
        if op is _ATOMIC or op is _POSSESSIVE:
            continue
        for child in _children(op, av):
            reason = _walk(child)
            if reason:
                return reason
    return None


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or ``None`` if it looks safe.

    Detects nested quantifiers such as ``(a+)+``, ``(a*)*`` and ``(\\w+\\s?)+``, overlapping
    repeated alternatives such as ``(a|a)*``, and unbounded repeats in a row that can share
    text, such as ``a.*b.*c`` (:mod:`qualcode.coding.polynomial`). Possessive quantifiers and
    atomic groups are trusted.

    Args:
        pattern: A pattern that compiles.

    Raises:
        re.error: If the pattern does not parse.
    """
    from qualcode.coding.polynomial import polynomial_risk

    parsed = parse_pattern(pattern)
    return _walk(list(parsed)) or polynomial_risk(parsed)


def can_match_empty(pattern: str) -> bool:
    """Whether ``pattern`` can match empty text somewhere (``x?``, ``\\b``, ``(?=a)``).

    Raises:
        re.error: If the pattern does not parse.
    """
    return _nullable(list(parse_pattern(pattern)))
