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
        for rule_id, prefilter in rules:
            if prefilter is None:
                always.add(rule_id)
                continue
            self._needs[rule_id] = len(prefilter.conditions)
            for condition in prefilter.conditions:
                cid = len(self._of)
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
        self.always = frozenset(always)
        self.empty = not (always or self._needs)
        self._pieces = frozenset(self._text)
        # word -> (rules it alone lets through, conditions of other rules and pieces it holds)
        self._memo: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        self._triggers: set[str] = set()

    def _learn(self, words: Iterable[str]) -> None:
        for word in words:
            ids = set(self._exact.get(word, ()))
            ids.update(cid for sub, cid in self._inner if sub in word)
            direct = frozenset(self._of[c] for c in ids
                               if self._of[c] >= 0 and self._needs[self._of[c]] == 1)
            rest = frozenset(c for c in ids if self._of[c] < 0 or self._needs[self._of[c]] > 1)
            self._memo[word] = (direct, rest)
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
        for word in runs.intersection(self._triggers):
            direct, rest = memo[word]
            out.update(direct)
            held.update(rest)
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
        counts: dict[int, int] = {}
        for cid in held:
            rule_id = of[cid]
            if rule_id >= 0 and needs[rule_id] > 1:
                counts[rule_id] = counts.get(rule_id, 0) + 1
        out.update(r for r, n in counts.items() if n == needs[r])
        return out
