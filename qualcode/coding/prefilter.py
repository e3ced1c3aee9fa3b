"""Prefilters: cheap tests that let the engine skip a rule regex on most segments.

Every match of a regex contains, for each of a few mandatory parts, one of some words or texts.
For ``\\b(sekolah|guru)\\w*\\s+(\\w+\\s+){0,5}(menutupi|bercanda)`` that is (one of the
texts ``sekolah``, ``guru``) and (one of ``menutupi``, ``bercanda``). A literal with a word boundary
or a space on both sides becomes a whole-word test (a set lookup); any other literal a substring
test. The tests run on :func:`prefilter_text`, lower-cased text in which the few non-ASCII
characters that match ASCII letters case-insensitively are folded, so a prefilter never rejects a
text the regex would match.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from qualcode.coding.patterns import atom_chars, parse_pattern

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]

__all__ = ["Condition", "Prefilter", "prefilter_text", "regex_prefilter", "start_literals"]

# Literal characters a prefilter may use: ASCII, whose case-insensitive matches all lower-case
# to the same character once dotted/dotless i and long s are folded (see prefilter_text).
_SAFE_LITERAL = frozenset(string.ascii_lowercase + string.digits + " -'.,:/")
_MAX_CONDITIONS = 3
_ATOMS = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)


@dataclass(frozen=True, slots=True)
class Condition:
    """One of ``words`` is a whole word of the text, or one of ``substrings`` occurs in it."""

    words: frozenset[str]
    substrings: tuple[str, ...]

    def holds(self, folded: str, words: set[str]) -> bool:
        """Whether it holds for a text folded by :func:`prefilter_text` with ``\\w+`` runs
        ``words``."""
        if self.words and not self.words.isdisjoint(words):
            return True
        return any(sub in folded for sub in self.substrings)


@dataclass(frozen=True, slots=True)
class Prefilter:
    """Conditions that every text the regex matches satisfies, all of them."""

    conditions: tuple[Condition, ...]

    def passes(self, folded: str, words: set[str]) -> bool:
        """Whether the regex may match (see :meth:`Condition.holds`)."""
        return all(c.holds(folded, words) for c in self.conditions)


_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
_AT_EDGES = {_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_LINE, _c.AT_BEGINNING_STRING,
             _c.AT_END, _c.AT_END_LINE, _c.AT_END_STRING}


def prefilter_text(text: str) -> str:
    """Lower-case ``text`` so that a case-insensitive match of an ASCII literal in ``text``
    implies the lower-case literal occurs in the result (dotted/dotless i and long s folded).

    The result has the same length as ``text`` (``İ``, the one character whose lower case is
    longer, is folded first), so positions carry over."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _bounding(item: tuple[Any, Any] | None, edge: bool) -> bool:
    """Whether ``item`` guarantees a non-word character (or the text's edge) next to it."""
    if item is None:
        return edge
    op, av = item
    if op is _c.AT:
        return av in _AT_EDGES
    if op in _ATOMS:
        return not any(_word_char(ch) for ch in atom_chars(op, av))
    if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] in _ATOMS:
        return _bounding(av[2][0], edge)
    return False


_Factor = tuple[str, bool]  # (lower-case text, is a whole word)


def _factor(text: str, left: bool, right: bool) -> _Factor | None:
    if left and right and text.isascii() and text.isalnum() and len(text) >= 2:
        return (text, True)
    return (text, False) if len(text) >= 3 else None


def _score(option: list[_Factor]) -> tuple[int, int, int]:
    """Guessed selectivity: long texts, few alternatives, whole words first."""
    return (min(min(len(t) for t, _ in option), 8), -len(option), sum(w for _, w in option))


def _best(options: list[list[_Factor]]) -> list[_Factor] | None:
    return max(options, key=_score) if options else None


def _options(seq: list[Any], left: bool, right: bool) -> list[list[_Factor]]:
    """Disjunctions of factors such that every match of ``seq`` contains one of each."""
    out: list[list[_Factor]] = []
    n = len(seq)
    i = 0
    while i < n:
        op, av = seq[i]
        prev = _bounding(seq[i - 1] if i else None, left)
        if op is _c.LITERAL and chr(av).lower() in _SAFE_LITERAL:
            j = i
            while j < n and seq[j][0] is _c.LITERAL and chr(seq[j][1]).lower() in _SAFE_LITERAL:
                j += 1
            run = "".join(chr(a).lower() for _, a in seq[i:j])
            after = _bounding(seq[j] if j < n else None, right)
            pieces = re.split(r"[^a-z0-9]+", run)
            if len(pieces) > 1:  # the whole run, and each word in it
                whole = _factor(run, False, False)
                if whole:
                    out.append([whole])
            for k, piece in enumerate(pieces):
                found = _factor(piece, prev if k == 0 else True,
                                after if k == len(pieces) - 1 else True) if piece else None
                if found:
                    out.append([found])
            i = j
            continue
        nxt = _bounding(seq[i + 1] if i + 1 < n else None, right)
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            out += _options(list(av[-1]), prev, nxt)
        elif op is _c.BRANCH:
            union: list[_Factor] = []
            for alt in av[1]:
                best = _best(_options(list(alt), prev, nxt))
                if best is None:
                    union = []
                    break
                union += best
            if union:
                out.append(list(dict.fromkeys(union)))
        elif op in _REPEATS and av[0] >= 1:
            out += _options(list(av[2]), False, False)
        i += 1
    return out


def _condition(options: list[_Factor]) -> Condition:
    subs = sorted({t for t, w in options if not w}, key=lambda t: (len(t), t))
    minimal: list[str] = []
    for sub in subs:  # 'rujuk' already covers 'merujuk'
        if not any(m in sub for m in minimal):
            minimal.append(sub)
    return Condition(frozenset(t for t, w in options if w), tuple(minimal))


def regex_prefilter(pattern: str, *, max_conditions: int = _MAX_CONDITIONS) -> Prefilter | None:
    """A :class:`Prefilter` for ``pattern``, or ``None`` when no required text was found.

    Args:
        pattern: The rule's regular expression.
        max_conditions: Keep at most this many conditions (the most selective ones).

    Example:
        ``\\b(tidak|nggak)\\s+mau`` needs (the word ``tidak`` or ``nggak``) and the text ``mau``.
    """
    try:
        parsed = parse_pattern(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    options = _options(list(parsed), False, False)
    ranked = sorted(options, key=_score, reverse=True)
    conditions: list[Condition] = []
    for option in ranked:
        condition = _condition(option)
        if condition not in conditions:
            conditions.append(condition)
        if len(conditions) == max_conditions:
            break
    return Prefilter(tuple(conditions)) if conditions else None


_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


_Start = tuple[str, str | None]  # (text, a word that must be a whole word where it occurs)


def _start(run: str, left: bool, right: bool) -> _Start:
    piece = re.match(r"[a-z0-9]+", run)
    if piece is None or not left:
        return (run, None)
    whole = piece.group(0)
    bounded = len(whole) < len(run) or right  # a non-word character, or the context, follows
    return (run, whole if bounded else None)


def _prefixes(seq: list[Any], left: bool, right: bool) -> list[_Start] | None:
    """Literal texts one of which every match of ``seq`` starts with, or ``None``.

    ``left``/``right`` tell whether the context guarantees a non-word character (or the text's
    edge) before/after ``seq``.
    """
    i = 0
    while i < len(seq) and seq[i][0] in _ZERO_WIDTH:
        left = left or (seq[i][0] is _c.AT and seq[i][1] in _AT_EDGES)
        i += 1
    if i == len(seq):
        return None
    op, av = seq[i]
    after = _bounding(seq[i + 1] if i + 1 < len(seq) else None, right)
    if op is _c.LITERAL:
        j = i
        while j < len(seq) and seq[j][0] is _c.LITERAL and chr(seq[j][1]).lower() in _SAFE_LITERAL:
            j += 1
        run = "".join(chr(a).lower() for _, a in seq[i:j])
        if len(run) < 2:
            return None
        return [_start(run, left, _bounding(seq[j] if j < len(seq) else None, right))]
    if op is _c.SUBPATTERN and not av[1] and not av[2]:
        return _prefixes(list(av[-1]), left, after)
    if op in _REPEATS and av[0] >= 1:
        return _prefixes(list(av[2]), left, after if av[1] == 1 else False)
    if op in _REPEATS:  # optional: the match starts with it, or with what follows
        taken = _prefixes(list(av[2]), left, after if av[1] == 1 else False)
        skipped = _prefixes(seq[i + 1:], left, right)
        return taken + skipped if taken is not None and skipped is not None else None
    if op is _c.BRANCH:
        out: list[_Start] = []
        for alt in av[1]:
            found = _prefixes(list(alt), left, after)
            if found is None:
                return None
            out += found
        return out
    return None


def start_literals(pattern: str) -> tuple[_Start, ...] | None:
    """Lower-case texts one of which every match of ``pattern`` starts with (after zero-width
    assertions such as ``\\b``), or ``None``.

    Each comes with a word that must be a whole word of the text wherever the match starts
    (``\\b(tidak|nggak)\\s`` -> ``('nggak', 'nggak')``, ``('tidak', 'tidak')``), or ``None``.
    A match can only start where one of the texts occurs in :func:`prefilter_text`, so the
    engine tries the regex at those positions only, and skips texts whose word is absent.
    """
    try:
        parsed = parse_pattern(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    found = _prefixes(list(parsed), False, False)
    if not found:
        return None
    ungated = sorted({t for t, w in found if w is None}, key=lambda t: (len(t), t))
    minimal: list[str] = []
    for text in ungated:
        if not any(text.startswith(m) for m in minimal):  # 'bolos' covers 'bolosnya'
            minimal.append(text)
    out: list[_Start] = [(t, None) for t in minimal]
    out += sorted({(t, w) for t, w in found
                   if w is not None and not any(t.startswith(m) for m in minimal)},
                  key=lambda s: (s[0], s[1] or ""))
    return tuple(out)
