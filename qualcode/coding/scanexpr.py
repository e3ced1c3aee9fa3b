"""Rule regexes rewritten for a multi-pattern scanner that works on bytes.

:mod:`qualcode.coding.multiscan` runs every rule regex of a codebook over a segment in one
pass (Hyperscan). Python's ``re`` and Hyperscan read patterns differently (``{,5}``, ``\\w`` on
Unicode, case folding, look-arounds), so the pattern text is never handed over as it is: the
pattern is parsed by Python (``re._parser``, the parse ``re`` itself compiles) and every piece is
written out again in a form whose meaning is fixed:

* each one-character piece (literal, class, ``.``, ``\\d``, ``\\w``, ``\\s``) becomes an explicit
  byte class, the ASCII characters Python's ``re`` matches with it (found by asking ``re``),
  case folding included;
* the scanner reads :func:`scan_bytes` of the segment: ASCII kept, and every other character
  replaced by one byte standing for its kind: ``_`` for a word character, a space for white
  space, ``\\x01`` for anything else. A piece that may match some non-ASCII character of a kind
  also accepts that kind's byte. Word boundaries fall where they fell, so ``\\b`` and ``\\B`` keep
  their meaning;
* look-arounds, atomic groups and possessive repeats are dropped (the pattern then matches
  more, never less); back references and inline flag changes are not rewritten at all.

So whenever Python's regex matches a segment, the rewritten pattern matches its
:func:`scan_bytes`: the scanner can tell which regexes cannot match. When the text is ASCII and
nothing was dropped, it is also exact; the engine runs Python's regex on every segment the
scanner accepts in any case, to take its matched words.

A few non-ASCII characters are matched case-insensitively by ASCII letters (the Kelvin sign by
``k``, the long s by ``s``, dotted and dotless i by ``i``); a text holding one is not scanned
(:func:`scan_bytes` gives ``None``) and the engine falls back to its own prefilters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qualcode.coding.patterns import parse_pattern

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]

__all__ = ["ScanExpression", "fold_partners", "scan_bytes", "scan_expression"]

WORD, SPACE, OTHER = ord("_"), ord(" "), 1
"""The bytes standing for non-ASCII word characters, white space and anything else."""
_KINDS = frozenset({WORD, SPACE, OTHER})
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_UNSUPPORTED_FLAGS = re.MULTILINE | re.ASCII | re.LOCALE
_CATEGORY_SOURCE = {
    _c.CATEGORY_DIGIT: "\\d", _c.CATEGORY_NOT_DIGIT: "\\D",
    _c.CATEGORY_SPACE: "\\s", _c.CATEGORY_NOT_SPACE: "\\S",
    _c.CATEGORY_WORD: "\\w", _c.CATEGORY_NOT_WORD: "\\W",
}
# The kinds of non-ASCII characters a positive category may match.
_CATEGORY_KINDS = {
    _c.CATEGORY_DIGIT: {WORD}, _c.CATEGORY_WORD: {WORD}, _c.CATEGORY_SPACE: {SPACE},
}
_AT_SOURCE = {
    _c.AT_BEGINNING: "^", _c.AT_BEGINNING_STRING: "\\A", _c.AT_END: "$",
    _c.AT_END_STRING: "\\z", _c.AT_BOUNDARY: "\\b", _c.AT_NON_BOUNDARY: "\\B",
}


class _Unsupported(Exception):
    """The pattern uses something that is not rewritten."""


@dataclass(frozen=True, slots=True)
class ScanExpression:
    """A rule regex rewritten for the scanner.

    Attributes:
        expression: The pattern for Hyperscan (bytes, no flags needed).
        exact: Whether, on ASCII text, it matches exactly when Python's regex does (nothing
            was dropped and no piece was widened to a non-ASCII kind's byte).
    """

    expression: bytes
    exact: bool


def scan_expression(pattern: str) -> ScanExpression | None:
    """Rewrite a validated rule pattern for the scanner, or ``None`` when it cannot be.

    Args:
        pattern: A rule regex (compiled with :data:`qualcode.coding.patterns.REGEX_FLAGS`).

    Returns:
        The rewritten pattern, or ``None`` for back references, conditionals, inline flag
        groups and the multi-line, ASCII and locale flags.
    """
    try:
        parsed = parse_pattern(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    flags = parsed.state.flags
    if flags & _UNSUPPORTED_FLAGS:
        return None
    writer = _Writer(flags & (re.IGNORECASE | re.DOTALL))
    try:
        source = writer.sequence(parsed.data)
    except (_Unsupported, RecursionError):
        return None
    if not source:
        return None
    return ScanExpression(source.encode("ascii"), writer.exact)


class _Writer:
    def __init__(self, flags: int) -> None:
        self.flags = flags
        self.exact = True

    def sequence(self, items: Iterable[Any]) -> str:
        return "".join(self.node(op, av) for op, av in items)

    def node(self, op: Any, av: Any) -> str:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            found, widened = _atom_bytes(op, av, self.flags)
            if widened:
                self.exact = False
            return _byte_class(found)
        if op is _c.BRANCH:
            return "(?:" + "|".join(self.sequence(seq) for seq in av[1]) + ")"
        if op is _c.SUBPATTERN:
            _group, add, remove, seq = av
            if add or remove:
                raise _Unsupported
            return "(?:" + self.sequence(seq) + ")"
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or (op is _POSSESSIVE and op is not None):
            low, high, seq = av
            if op is _POSSESSIVE:
                self.exact = False
            body = self.sequence(seq)
            if not body:
                return ""
            upper = "" if high == _c.MAXREPEAT else str(high)
            bound = f"{{{low}}}" if upper == str(low) else f"{{{low},{upper}}}"
            return f"(?:{body}){bound}"
        if op is _ATOMIC and op is not None:
            self.exact = False
            return "(?:" + self.sequence(av) + ")"
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            self.exact = False
            return ""
        if op is _c.AT:
            source = _AT_SOURCE.get(av)
            if source is None:
                self.exact = False
                return ""
            return source
        raise _Unsupported  # back references, conditionals


def _atom_source(op: Any, av: Any) -> str:
    """Python regex source for one one-character piece."""
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is _c.ANY:
        return "."
    parts = []
    for item, value in av:
        if item is _c.NEGATE:
            parts.insert(0, "^")
        elif item is _c.LITERAL:
            parts.append(re.escape(chr(value)))
        elif item is _c.RANGE:
            parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif item is _c.CATEGORY and value in _CATEGORY_SOURCE:
            parts.append(_CATEGORY_SOURCE[value])
        else:
            raise _Unsupported
    return "[" + "".join(parts) + "]"


def _kinds(op: Any, av: Any) -> set[int]:
    """The kinds of non-ASCII characters (other than :func:`fold_partners`) a piece may match
    (a superset)."""
    if op is _c.LITERAL:
        return set() if av < 128 else _literal_kinds(av)
    if op is not _c.IN:
        return set(_KINDS)  # [^x] and . match characters of every kind
    kinds: set[int] = set()
    for item, value in av:
        if item is _c.LITERAL:
            if value >= 128:
                kinds |= _literal_kinds(value)
        elif item is _c.RANGE:
            if value[1] >= 128:
                return set(_KINDS)
        elif item is _c.CATEGORY and value in _CATEGORY_KINDS:
            kinds |= _CATEGORY_KINDS[value]
        else:  # a negation or a negated category
            return set(_KINDS)
    return kinds


_ATOM_CACHE: dict[tuple[Any, str, int], tuple[frozenset[int], bool]] = {}


def _atom_bytes(op: Any, av: Any, flags: int) -> tuple[frozenset[int], bool]:
    """The bytes a one-character piece accepts (the ASCII characters Python matches with it
    and the kind bytes of the non-ASCII characters it may match), and whether the kind bytes
    widened it on ASCII text."""
    key = (op, repr(av), flags)
    found = _ATOM_CACHE.get(key)
    if found is None:
        if len(_ATOM_CACHE) > 65536:
            _ATOM_CACHE.clear()
        regex = re.compile(_atom_source(op, av), flags)
        ascii_hits = frozenset(b for b in range(128) if regex.fullmatch(chr(b)))
        every = ascii_hits | _kinds(op, av)
        found = _ATOM_CACHE[key] = (every, every != ascii_hits)
    return found


def _byte_class(found: frozenset[int]) -> str:
    """A class for ``found``, which is closed under ASCII case (the scanner compiles it
    case-insensitively, which lets it find literal words fast)."""
    if not found:
        raise _Unsupported  # a piece that matches nothing
    ordered = sorted(found)
    if len(ordered) == 1:
        return f"\\x{ordered[0]:02x}"
    if len(ordered) == 2 and chr(ordered[1]).isalpha() and chr(ordered[0]) == chr(
            ordered[1]).upper():
        return chr(ordered[1])  # a letter in both cases
    runs: list[str] = []
    start = prev = ordered[0]
    for b in [*ordered[1:], -1]:
        if b == prev + 1:
            prev = b
            continue
        runs.append(f"\\x{start:02x}" if start == prev else f"\\x{start:02x}-\\x{prev:02x}")
        start = prev = b
    return "[" + "".join(runs) + "]"


def _kind(ch: str) -> int:
    if ch.isalnum() or ch == "_":
        return WORD
    if ch.isspace():
        return SPACE
    return OTHER


@functools.cache
def _non_ascii() -> str:
    return "".join(map(chr, range(128, 0x110000)))


@functools.lru_cache(maxsize=1024)
def _literal_kinds(code: int) -> frozenset[int]:
    """The kinds of the non-ASCII characters Python's case-insensitive ``re`` matches with the
    character ``code`` (itself and its case partners: ``ι`` also matches the combining
    ``\u0345``, which is not a word character)."""
    partners = re.findall(re.escape(chr(code)), _non_ascii(), re.IGNORECASE)
    return frozenset(_kind(ch) for ch in partners if ch not in fold_partners()) | {
        _kind(chr(code))}


@functools.cache
def fold_partners() -> frozenset[str]:
    """Non-ASCII characters that Python's case-insensitive ``re`` matches with some ASCII
    character (the Kelvin sign with ``k``, ...)."""
    return frozenset(re.findall(r"[\x00-\x7f]", _non_ascii(), re.IGNORECASE))


class _ByteTable(dict[int, int]):
    """``str.translate`` table: a non-ASCII character to the byte of its kind."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        value = code if code < 128 or ch in fold_partners() else _kind(ch)
        self[code] = value
        return value


_TABLE = _ByteTable()


def scan_bytes(text: str) -> bytes | None:
    """The bytes the scanner reads for ``text`` (one byte per character), or ``None`` when the
    text holds a character some ASCII letter matches case-insensitively."""
    if text.isascii():
        return text.encode("ascii")
    try:
        return text.translate(_TABLE).encode("ascii")
    except UnicodeEncodeError:
        return None
