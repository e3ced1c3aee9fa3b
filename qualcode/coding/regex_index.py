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
_NOTHING: tuple[frozenset[int], int, frozenset[int]] = (frozenset(), 0, frozenset())


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
        self._text: dict[int, list[tuple[str, int, int]]] = {}
        pieces: dict[tuple[str, str], int] = {}
        self._piece_modes: list[tuple[str, str, int]] = []
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
                    # Every piece (word characters) of the text lies in some word of a segment
                    # holding it: the whole word when punctuation or a space stands on both
                    # sides of it in the text, its start or end when on one side. The text is
                    # searched for only when all its pieces are held.
                    parts = []
                    for found in _RUN.finditer(sub):
                        a, b = found.span()
                        mode = ("word" if b < len(sub) else "start") if a else (
                            "end" if b < len(sub) else "inner")
                        key = (found.group(0), mode)
                        if key not in pieces:  # a condition of no rule, just for this test
                            pieces[key] = len(self._of)
                            self._of.append(-1)
                            self._piece_modes.append((key[0], mode, pieces[key]))
                        parts.append(key)
                    if not parts:  # punctuation only: searched for in every segment
                        key = ("", "always")
                        if key not in pieces:
                            pieces[key] = len(self._of)
                            self._of.append(-1)
                        parts.append(key)
                    longest = max(parts, key=lambda k: len(k[0]))
                    self._text.setdefault(pieces[longest], []).append(
                        (sub, cid, sum(1 << pieces[p] for p in set(parts))))
            if len(cids) > 1:
                # A rule of several conditions is checked only once its first (most
                # selective) condition holds.
                self._conds[rule_id] = frozenset(cids)
                self._gate_of[cids[0]] = rule_id
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}
        for piece, mode, cid in self._piece_modes:
            if mode == "word":
                self._exact.setdefault(piece, set()).add(cid)
            elif mode == "start":
                self._starts.setdefault(piece, []).append(cid)
            elif mode == "end":
                self._ends.setdefault(piece, []).append(cid)
            else:
                self._inner.append((piece, cid))
        self._start_sizes = sorted({len(p) for p in self._starts})
        self._end_sizes = sorted({len(p) for p in self._ends})
        always_piece = pieces.get(("", "always"))
        self._always_held = 0 if always_piece is None else 1 << always_piece
        # texts without spaces in a trie, so a word's substrings are found by walking it from
        # each position of the word (a few steps each), not by testing every text
        self._trie: dict[str, dict] = {}
        for sub, cid in self._inner:
            node = self._trie
            for ch in sub:
                node = node.setdefault(ch, {})
            node.setdefault("", []).append(cid)
        self.always = frozenset(always)
        self.empty = not (always or self._needs)
        self._pieces = frozenset(self._text)
        # Conditions as bits of an int: a segment's held conditions are the OR of its words'
        # masks, and a rule passes when its mask is inside them (a few machine words of work).
        self._piece_mask = sum(1 << cid for cid in self._pieces)
        self._need_mask = {r: sum(1 << c for c in cids) for r, cids in self._conds.items()}
        # word -> (rules it alone lets through, mask of the conditions of other rules and of the
        # pieces it holds, rules whose first condition it holds)
        self._memo: dict[str, tuple[frozenset[int], int, frozenset[int]]] = {}
        self._shared: dict[frozenset[int], tuple[frozenset[int], int, frozenset[int]]] = {}
        self._triggers: set[str] = set()

    def _learn(self, words: Iterable[str]) -> None:
        for word in words:
            ids = set(self._exact.get(word, ()))
            trie = self._trie
            for i in range(len(word)):
                node = trie
                for ch in word[i:]:
                    node = node.get(ch)  # type: ignore[assignment]
                    if node is None:
                        break
                    found = node.get("")
                    if found is not None:
                        ids.update(found)
            size = len(word)
            for length in self._start_sizes:
                if length > size:
                    break
                found = self._starts.get(word[:length])
                if found is not None:
                    ids.update(found)
            for length in self._end_sizes:
                if length > size:
                    break
                found = self._ends.get(word[size - length:])
                if found is not None:
                    ids.update(found)
            if not ids:
                self._memo[word] = _NOTHING
                continue
            # Words holding the same conditions share one entry, so the memo grows by a dict
            # slot per word, not by sets and a mask of thousands of bits.
            key = frozenset(ids)
            entry = self._shared.get(key)
            if entry is None:
                direct = frozenset(self._of[c] for c in ids
                                   if self._of[c] >= 0 and self._needs[self._of[c]] == 1)
                rest = frozenset(c for c in ids
                                 if self._of[c] < 0 or self._needs[self._of[c]] > 1)
                gated = frozenset(self._gate_of[c] for c in rest if c in self._gate_of)
                entry = self._shared[key] = (direct or _NOTHING[0],
                                             sum(1 << c for c in rest), gated or _NOTHING[2])
            self._memo[word] = entry
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
        if runs is None:
            runs = set(_RUN.findall(folded))
        new = runs.difference(self._memo)
        if new:
            self._learn(new)
        memo = self._memo
        held = self._always_held
        touched: set[int] = set()
        for word in runs.intersection(self._triggers):
            direct, rest, gated = memo[word]
            if direct:
                out.update(direct)
            held |= rest
            if gated:
                touched.update(gated)
        if not held:
            return out
        of, needs, gate_of = self._of, self._needs, self._gate_of
        pieces = held & self._piece_mask
        while pieces:
            low = pieces & -pieces
            pieces ^= low
            for sub, cid, parts in self._text[low.bit_length() - 1]:
                if held & parts == parts and sub in folded:
                    rule_id = of[cid]
                    if needs[rule_id] == 1:
                        out.add(rule_id)
                    else:
                        held |= 1 << cid
                        if gate_of.get(cid) == rule_id:
                            touched.add(rule_id)
        need = self._need_mask
        for rule_id in touched:
            mask = need[rule_id]
            if held & mask == mask:
                out.add(rule_id)
        return out
