"""Deciding cheaply which rule regexes can match a segment, before running any of them.

Each regex has a :class:`~qualcode.coding.prefilter.Prefilter`: conditions that must all hold,
each "one of these words is a whole word of the segment, or one of these texts occurs in it".
Whole-word tests and texts without spaces are answered per distinct word of the segment from a
memo that grows over the run, so a segment costs one ``findall`` and a set intersection; only
texts with spaces or punctuation are searched for in the segment itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qualcode.coding.prefilter import Prefilter

__all__ = ["RegexIndex"]

_RUN = re.compile(r"\w+")
_WORDLIKE = re.compile(r"\w+\Z")


class RegexIndex:
    """Which regex rules may match a text.

    Args:
        rules: ``(rule id, prefilter or None)`` pairs; ``None`` means "always run".
    """

    def __init__(self, rules: Iterable[tuple[int, Prefilter | None]]) -> None:
        always: set[int] = set()
        self._needs: dict[int, int] = {}  # rule id -> number of conditions
        self._of: list[int] = []  # condition id -> rule id
        self._exact: dict[str, set[int]] = {}  # word -> condition ids
        self._inner: list[tuple[str, int]] = []  # text without spaces: tested per word
        # text with spaces, by the id of its longest piece: tested on the segment once a word
        # holds that piece
        self._text: dict[int, list[tuple[str, int]]] = {}
        pieces: dict[str, int] = {}
        self._conds: dict[int, frozenset[int]] = {}  # rule id -> its conditions
        self._gate_of: dict[int, int] = {}  # first condition -> rule id
        for rule_id, prefilter in rules:
            if prefilter is None:
                always.add(rule_id)
                continue
            self._needs[rule_id] = len(prefilter.conditions)
            cids = []
            for condition in prefilter.conditions:
                cid = len(self._of)
                cids.append(cid)
                self._of.append(rule_id)
                for word in condition.words:
                    self._exact.setdefault(word, set()).add(cid)
                for sub in condition.substrings:
                    if _WORDLIKE.match(sub):
                        self._inner.append((sub, cid))
                        continue
                    piece = max(_RUN.findall(sub), key=len, default="")
                    if piece not in pieces:  # a condition of no rule, just for this test
                        pieces[piece] = len(self._of)
                        self._of.append(-1)
                        self._inner.append((piece, pieces[piece]))
                    self._text.setdefault(pieces[piece], []).append((sub, cid))
            if len(cids) > 1:
                # A rule of several conditions is checked only once its first (most
                # selective) condition holds.
                self._conds[rule_id] = frozenset(cids)
                self._gate_of[cids[0]] = rule_id
        # texts without spaces by length, so a word's substrings are looked up, not scanned for
        self._inner_by_length: dict[int, dict[str, list[int]]] = {}
        for sub, cid in self._inner:
            self._inner_by_length.setdefault(len(sub), {}).setdefault(sub, []).append(cid)
        self.always = frozenset(always)
        self.empty = not (always or self._needs)
        self._pieces = frozenset(self._text)
        # word -> (rules it alone lets through, conditions of other rules and pieces it holds,
        # rules whose first condition it holds)
        self._memo: dict[str, tuple[frozenset[int], frozenset[int], frozenset[int]]] = {}
        self._triggers: set[str] = set()

    def _learn(self, words: Iterable[str]) -> None:
        for word in words:
            ids = set(self._exact.get(word, ()))
            size = len(word)
            for length, subs in self._inner_by_length.items():
                for i in range(size - length + 1):
                    found = subs.get(word[i:i + length])
                    if found is not None:
                        ids.update(found)
            direct = frozenset(self._of[c] for c in ids
                               if self._of[c] >= 0 and self._needs[self._of[c]] == 1)
            rest = frozenset(c for c in ids if self._of[c] < 0 or self._needs[self._of[c]] > 1)
            gated = frozenset(self._gate_of[c] for c in rest if c in self._gate_of)
            self._memo[word] = (direct, rest, gated)
            if ids:
                self._triggers.add(word)

    def candidates(self, folded: str, runs: set[str] | None = None) -> set[int]:
        """Ids of the rules whose regex may match a text (a superset of those that do).

        Args:
            folded: The text after :func:`~qualcode.coding.prefilter.prefilter_text`.
            runs: Words that include every ``\\w+`` run of ``folded`` (more do no harm);
                found with a ``findall`` when not given.
        """
        if not self._needs:
            return set(self.always)
        out = set(self.always)
        held: set[int] = set()
        if runs is None:
            runs = set(_RUN.findall(folded))
        new = runs.difference(self._memo)
        if new:
            self._learn(new)
        memo = self._memo
        touched: set[int] = set()
        for word in runs.intersection(self._triggers):
            direct, rest, gated = memo[word]
            out.update(direct)
            held.update(rest)
            touched.update(gated)
        if not held:
            return out
        of, needs = self._of, self._needs
        for piece in self._pieces.intersection(held):
            for sub, cid in self._text[piece]:
                if sub in folded:
                    rule_id = of[cid]
                    if needs[rule_id] == 1:
                        out.add(rule_id)
                    else:
                        held.add(cid)
                        if self._gate_of.get(cid) == rule_id:
                            touched.add(rule_id)
        conds = self._conds
        out.update(r for r in touched if conds[r] <= held)
        return out
