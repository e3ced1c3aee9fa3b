"""Running a rule regex on a segment faster than ``finditer``, with the same matches.

Python's ``re`` tries a pattern such as ``\\b(tidak|nggak)\\s+mau`` at every position of the text.
When every match starts with one of a few literal texts, :class:`RuleRegex` finds where those
texts occur (``str.find`` on the folded text) and tries the pattern only there. A pattern made of
top-level alternatives (``A|B|C``) is split: each alternative finds its own next match (by its
start texts, or by ``search`` once its own prefilter passes), the earliest wins, and the whole
pattern is matched there, so the result, including which alternative wins, is what ``finditer``
gives.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from qualcode.coding.patterns import compile_pattern
from qualcode.coding.prefilter import Prefilter, regex_prefilter, start_literals

__all__ = ["RuleRegex", "split_alternatives"]

# Conditions kept per alternative for the index that decides which regexes run on a segment:
# they are checked against a per-word memo, so more of them cost little and skip more runs.
INDEX_CONDITIONS = 6


def split_alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of ``pattern`` (``a|b(c|d)`` -> ``a``, ``b(c|d)``), or
    ``None`` when there are none or splitting could change the meaning (back references,
    flags, verbose mode)."""
    if pattern.startswith("(?") and not pattern.startswith(("(?:", "(?=", "(?!", "(?<")):
        return None
    if re.search(r"\\[1-9]|\(\?P=|\(\?\(", pattern):
        return None
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]" or pattern[i + 1:i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3  # a literal ']' first in the class
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts if len(parts) > 1 else None


@dataclass(frozen=True, slots=True)
class _Alternative:
    regex: re.Pattern[str]
    starts: tuple[tuple[str, str | None], ...] | None


def _positions(folded: str, starts: tuple[tuple[str, str | None], ...], words: set[str]
               ) -> list[int]:
    found: set[int] = set()
    for lit, word in starts:
        if word is not None and word not in words:
            continue
        at = folded.find(lit)
        while at >= 0:
            found.add(at)
            at = folded.find(lit, at + 1)
    return sorted(found)


class RuleRegex:
    """A rule's compiled regex with the fastest way found to enumerate its matches.

    The pattern is compiled, and the ways (start texts, alternatives) worked out, on first use:
    a regex that the scanner never lets run costs nothing. The prefilters, which only the
    engine's fallback without a scanner reads, are worked out when first asked for.

    Args:
        pattern: A validated pattern (compiles, cannot match empty text).
        plain: Always use ``finditer`` (the reference the faster ways are checked against).

    Attributes:
        parts: The top-level alternatives the prefilters are kept for (the pattern alone when
            it is not split).
    """

    def __init__(self, pattern: str, *, plain: bool = False) -> None:
        self.pattern = pattern
        self._regex: re.Pattern[str] | None = None
        self._plain = plain
        parts = None if plain else split_alternatives(pattern)
        self.parts: tuple[str, ...] = tuple(parts) if parts else (pattern,)
        self._ready = False
        self._starts: tuple[tuple[str, str | None], ...] | None = None
        self._alternatives: tuple[_Alternative, ...] | None = None
        self._prefilters: tuple[Prefilter | None, ...] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on first use: a scanner may never let it run)."""
        if self._regex is None:
            self._regex = compile_pattern(self.pattern)
        return self._regex

    def _prepare(self) -> None:
        if self._ready:
            return
        if not self._plain:
            self._starts = start_literals(self.pattern)
            if self._starts is None and len(self.parts) > 1:
                # no start texts for the whole pattern: perhaps for each alternative
                try:
                    alts = tuple(_Alternative(compile_pattern(p), start_literals(p))
                                 for p in self.parts)
                except re.error:  # a part alone is not a pattern
                    alts = ()
                if any(a.starts is not None for a in alts):
                    self._alternatives = alts
        self._ready = True

    @property
    def prefilters(self) -> tuple[Prefilter | None, ...]:
        """Per part (:attr:`parts`), conditions every match satisfies (``None``: none known);
        :meth:`matches` takes which of them held."""
        if self._prefilters is None:
            if len(self.parts) > 1:
                try:
                    for part in self.parts:
                        compile_pattern(part)  # a part alone may not be a pattern
                    self._prefilters = tuple(
                        regex_prefilter(part, max_conditions=INDEX_CONDITIONS)
                        for part in self.parts)
                except re.error:  # then every part may match
                    self._prefilters = (None,) * len(self.parts)
            else:
                self._prefilters = (None if self._plain else regex_prefilter(
                    self.pattern, max_conditions=INDEX_CONDITIONS),)
        return self._prefilters

    def matches(self, text: str, folded: str, words: set[str],
                alive: list[int] | None = None) -> list[re.Match[str]]:
        """Non-empty matches, as ``finditer`` gives them.

        Args:
            text: The segment text.
            folded: ``prefilter_text(text)`` (same length as ``text``).
            words: A superset of the ``\\\\w+`` runs of ``folded``.
            alive: Indexes into :attr:`prefilters` whose conditions hold on ``folded`` (the
                others cannot match); ``None`` when not checked.
        """
        if not self._ready:
            self._prepare()
        if len(folded) != len(text):  # pragma: no cover - prefilter_text keeps lengths
            return [m for m in self.regex.finditer(text) if m.end() > m.start()]
        if self._starts is not None:
            return self._at(text, _positions(folded, self._starts, words))
        if self._alternatives is not None:
            return self._split(text, folded, words, alive)
        return [m for m in self.regex.finditer(text) if m.end() > m.start()]

    def _at(self, text: str, positions: list[int]) -> list[re.Match[str]]:
        out = []
        end = 0
        match = self.regex.match
        for at in positions:
            if at < end:
                continue
            found = match(text, at)
            if found is not None and found.end() > at:
                out.append(found)
                end = found.end()
        return out

    def _split(self, text: str, folded: str, words: set[str], alive: list[int] | None
               ) -> list[re.Match[str]]:
        alts = self._alternatives or ()
        # per alternative: its candidate positions (None: use search), and its next start
        cands: list[list[int] | None] = []
        nexts: list[int] = []
        prefilters = self.prefilters if alive is None else ()
        for k, alt in enumerate(alts):
            if (k not in alive) if alive is not None else (
                    prefilters[k] is not None and not prefilters[k].passes(folded, words)):
                cands.append([])
                nexts.append(-1)
                continue
            cands.append(_positions(folded, alt.starts, words) if alt.starts is not None
                         else None)
            nexts.append(-2)  # not computed
        out: list[re.Match[str]] = []
        pos = 0
        size = len(text)
        while pos <= size:
            best = -1
            for j, alt in enumerate(alts):
                nxt = nexts[j]
                if nxt == -2 or 0 <= nxt < pos:
                    nxt = nexts[j] = _next_start(alt, cands[j], text, pos)
                if nxt >= 0 and (best < 0 or nxt < best):
                    best = nxt
            if best < 0:
                break
            found = self.regex.match(text, best)
            if found is not None and found.end() > best:
                out.append(found)
                pos = found.end()
            else:
                pos = best + 1
        return out


def _next_start(alt: _Alternative, cands: list[int] | None, text: str, pos: int) -> int:
    """The first position >= ``pos`` where ``alt`` matches, or -1."""
    if cands is None:
        found = alt.regex.search(text, pos)
        return found.start() if found is not None else -1
    match = alt.regex.match
    for k in range(bisect.bisect_left(cands, pos), len(cands)):
        if match(text, cands[k]) is not None:
            return cands[k]
    return -1
