"""Polynomial backtracking: two unbounded repeats in a row that can share the same text.

Nested quantifiers such as ``(a+)+`` take exponential time (:mod:`qualcode.coding.patterns`
finds those). Repeats side by side are "only" polynomial, but that is as bad on interview
turns: ``a.*b.*c`` takes half a minute on a 4,000-character turn that lacks the ``c``, and
``.*.*.*.*.*.*.*=x`` minutes on 60 characters, because the engine tries every way of sharing
the text between the repeats. A pair of repeats is reported when

* both are unbounded (or allow 100 or more repetitions), the first may give text back (not
  possessive, not in an atomic group), and their characters overlap; and
* nothing must match between them (``\\w+\\w+``), or both can run across blanks and every part
  that must match between them can be taken by both (``a.*b.*c``). In ``\\w+\\s+\\w+`` the
  ``\\s`` pins where the first ``\\w+`` ends; in ``.*\\s\\w+`` the second repeat cannot run past
  the next blank; repeats of word characters with a word between them (``\\w*puluh\\w*``) cost
  at most the square of one word's length, and are left alone.

A single unbounded repeat (``sekolah.*menolak``) is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qualcode.coding.patterns import (
    _ATOMIC,
    _ATOMS,
    _POSSESSIVE,
    _REPEATS,
    _SAMPLE,
    _UNBOUNDED,
    _ZERO_WIDTH,
    _all_chars,
    _c,
    _first,
    _mandatory_atoms,
    _nullable,
    atom_chars,
)

__all__ = ["BIG_REPEAT", "POLYNOMIAL", "polynomial_risk"]

BIG_REPEAT = 100
"""Repeats allowing this many repetitions or more count as unbounded."""
POLYNOMIAL = ("two unbounded repeats in a row can match the same text (as in '.*.*' or "
              "'a.*b.*c'); bound one of them, e.g. '.{0,80}' or '(\\w+\\W+){0,5}'")


_WORD = frozenset(ch for ch in _SAMPLE if ch.isalnum() or ch == "_")
_NONWORD = _SAMPLE - _WORD


@dataclass(frozen=True, slots=True)
class _Event:
    """A repeat (``rep``) or one character that must match (``atom``), in pattern order.

    ``blocks`` are the optional parts (``?``, ``{0,n}``, one alternative of ``a|b``) around
    it: an atom separates two repeats only if each of its blocks holds one of them, i.e. it
    must match whenever both do. ``alts`` names the alternatives it sits in, so repeats in two
    alternatives of one choice are never paired.
    """

    kind: str
    chars: frozenset[str]
    blocks: frozenset[int]
    alts: tuple[tuple[int, int], ...]
    flexible: bool = True  # a repeat that may give text back
    owner: int = 0  # a repeat's id; an atom's repeat, when it is that repeat's first round


class _Flattener:
    def __init__(self) -> None:
        self.events: list[_Event] = []
        self.bodies: list[Any] = []  # of the unbounded repeats, each one event here
        self.ids = 0
        self.memo: dict[int, bool] = {}
        self.first_round: dict[int, list[frozenset[str]]] = {}

    def has_repeat(self, seq: Any) -> bool:
        key = id(seq)
        if key not in self.memo:
            self.memo[key] = _has_big_repeat(seq)
        return self.memo[key]

    def new_id(self) -> int:
        self.ids += 1
        return self.ids

    def add(self, kind: str, chars: frozenset[str], blocks: frozenset[int],
            alts: tuple[tuple[int, int], ...], flexible: bool = True, owner: int = 0) -> None:
        self.events.append(_Event(kind, chars, blocks, alts, flexible, owner))

    def walk(self, seq: Any, blocks: frozenset[int], alts: tuple[tuple[int, int], ...],
             flexible: bool) -> None:
        for op, av in seq:
            if op in _ATOMS:
                self.add("atom", atom_chars(op, av), blocks, alts)
            elif op is _c.SUBPATTERN:
                self.walk(av[-1], blocks, alts, flexible)
            elif op is _ATOMIC:
                self.walk(av, blocks, alts, False)
            elif op is _c.AT and av is _c.AT_BOUNDARY:
                # A word boundary right after a repeat of word characters pins its end.
                self.add("atom", _NONWORD, blocks, alts)
            elif op in _REPEATS or op is _POSSESSIVE:
                self.repeat(op, av, blocks, alts, flexible and op is not _POSSESSIVE)
            elif op is _c.BRANCH:
                self.branch(list(av[1]), blocks, alts, flexible)
            # other anchors, lookarounds and back references take no text of their own

    def repeat(self, op: Any, av: Any, blocks: frozenset[int],
               alts: tuple[tuple[int, int], ...], flexible: bool) -> None:
        low, high, body = av
        if high == _UNBOUNDED or high >= BIG_REPEAT:
            self.bodies.append(body)
            owner = self.new_id()
            self.add("rep", _all_chars(body), blocks, alts, flexible, owner)
            atoms: list[frozenset[str]] = []
            _mandatory_atoms(list(body), None, atoms)
            self.first_round[owner] = atoms  # where it can start, once it matches at all
            if low >= 1:  # its first round then separates the repeats around it
                for chars in atoms:
                    self.add("atom", chars, blocks, alts, owner=owner)
            return
        # A short repeat: two copies show the pairs between one round and the next. An optional
        # round without repeats of its own separates nothing, so it is left out.
        has_repeat = self.has_repeat(body)
        for copy in range(min(high, 2)):
            if copy < low:
                self.walk(body, blocks, alts, flexible)
            elif has_repeat:
                self.walk(body, blocks | {self.new_id()}, alts, flexible)

    def branch(self, alternatives: list[Any], blocks: frozenset[int],
               alts: tuple[tuple[int, int], ...], flexible: bool) -> None:
        if not any(_nullable(alt) for alt in alternatives):
            first: frozenset[str] = frozenset()
            for alt in alternatives:
                first |= _first(alt)
            self.add("atom", first, blocks, alts)  # some alternative starts here
        choice = self.new_id()
        for index, alt in enumerate(alternatives):
            if self.has_repeat(alt):  # the others separate nothing outside themselves
                self.walk(alt, blocks | {self.new_id()}, (*alts, (choice, index)), flexible)


def _has_big_repeat(seq: Any) -> bool:
    for op, av in seq:
        if (op in _REPEATS or op is _POSSESSIVE) and (av[1] == _UNBOUNDED
                                                       or av[1] >= BIG_REPEAT):
            return True
        if op in _ZERO_WIDTH:
            continue
        if op is _c.SUBPATTERN or op in _REPEATS or op is _POSSESSIVE:
            if _has_big_repeat(av[-1]):
                return True
        elif op is _ATOMIC:
            if _has_big_repeat(av):
                return True
        elif op is _c.BRANCH and any(_has_big_repeat(alt) for alt in av[1]):
            return True
    return False


def _apart(a: _Event, b: _Event) -> bool:
    """Whether ``a`` and ``b`` sit in different alternatives of one choice."""
    mine = dict(a.alts)
    return any(choice in mine and mine[choice] != index for choice, index in b.alts)


def _pair_in(events: list[_Event], own: dict[int, list[frozenset[str]]]) -> bool:
    for i, left in enumerate(events):
        if left.kind != "rep" or not left.flexible:
            continue
        between: list[_Event] = []
        for right in events[i + 1:]:
            if _apart(left, right):
                continue
            if right.kind == "atom":
                if right.owner != left.owner:
                    between.append(right)
                continue
            if not right.chars & left.chars:
                continue
            held = left.blocks | right.blocks
            separators = [e.chars for e in between if e.blocks <= held and not _apart(e, right)
                          and e.owner != right.owner]
            # The first repeat ends before a character it cannot take, whether that character
            # separates the two or starts the second one (\w+(\s+\w+)*).
            if any(not chars & left.chars for chars in separators + own.get(right.owner, [])):
                continue
            if not separators or (" " in left.chars and " " in right.chars
                                  and all(chars & right.chars for chars in separators)):
                return True
    return False


def polynomial_risk(parsed: Any) -> str | None:
    """:data:`POLYNOMIAL` when the parsed pattern holds such a pair of repeats, else ``None``.

    Args:
        parsed: The output of :func:`qualcode.coding.patterns.parse_pattern`.
    """
    pending = [parsed]
    while pending:
        flat = _Flattener()
        flat.walk(pending.pop(), frozenset(), (), True)
        if sum(e.kind == "rep" for e in flat.events) > 1 and _pair_in(flat.events,
                                                                       flat.first_round):
            return POLYNOMIAL
        pending += flat.bodies  # pairs inside one round of a repeat
    return None
