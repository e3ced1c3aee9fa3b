"""The compiled form of a codebook's rules, and what one rule matched in a segment."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from qualcode.coding.apostrophes import typed_words
from qualcode.coding.morphology import stem_en, stem_id
from qualcode.coding.regex_run import RuleRegex
from qualcode.model import Rule

__all__ = [
    "ANY",
    "CompiledCode",
    "CompiledRule",
    "Phrase",
    "SegmentState",
    "leftmost_longest",
    "phrases_of",
    "rule_words",
    "word_keys",
]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase as word keys (one set of accepted keys per word), hits going to ``slot``."""

    slot: int
    words: tuple[frozenset[str], ...]
    exceptions: frozenset[str]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: its slots (phrases, near groups) or its regex."""

    label: str
    kind: str
    slots: tuple[int, ...]
    within: int = 0
    regex: RuleRegex | None = None
    regex_id: int = -1


@dataclass(frozen=True, slots=True)
class CompiledCode:
    """A code with rules: its position in the codebook, rules, exclusions and slots."""

    index: int
    id: str
    min_hits: int
    rules: tuple[CompiledRule, ...]
    exclude: tuple[CompiledRule, ...]
    slots: frozenset[int]
    regex: bool


class SegmentState:
    """One segment prepared for matching (scratch state of one :meth:`Matcher.match` call; a
    plain class, built once per segment on the engine's hottest path).

    ``text`` is what the rules read (apostrophes folded, see
    :mod:`qualcode.coding.apostrophes`), ``shown`` the same text as written (the same object
    when folding changed nothing): matched words are reported from it.
    """

    __slots__ = ("folded", "found", "occ", "regexes", "role", "runs", "shown", "text", "typed",
                 "words")

    def __init__(self, role: int, text: str, words: list[str],
                 occ: dict[int, list[tuple[int, int]]], regexes: dict[int, list[int]],
                 folded: str = "", runs: set[str] | None = None, shown: str | None = None
                 ) -> None:
        self.role = role
        self.text = text
        self.words = words
        self.occ = occ
        self.regexes = regexes  # regex rule -> its alternatives that may match
        self.folded = folded
        self.runs = runs if runs is not None else set()
        self.shown = text if shown is None else shown
        self.typed: list[str] | None = None  # words as written, once asked for
        self.found: dict[int, list[str]] = {}  # regex id -> its matches

    def typed_words(self) -> list[str]:
        """:attr:`words` as the segment writes them (the same list when nothing was
        folded)."""
        if self.shown is self.text:
            return self.words
        if self.typed is None:
            self.typed = typed_words(self.shown, self.text)
        return self.typed


def leftmost_longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, taking the longest at each start from the left."""
    out: list[tuple[int, int]] = []
    end = 0
    for start, negative in sorted({(a, -b) for a, b in spans}):
        if start >= end:
            out.append((start, -negative))
            end = -negative
    return out


def near_pairs(first: list[tuple[int, int]], second: list[tuple[int, int]], within: int
               ) -> list[tuple[int, int, int, int]]:
    """For each hit ``(a, b)`` of ``first``, the first hit ``(c, d)`` of ``second`` at most
    ``within`` words away from it (before: ``a - d``; after: ``c - b``), if any.

    Both lists are a slot's hits: sorted, not overlapping (so their ends are sorted too). The
    hits of ``second`` that end before ``b`` come first, so the first near one is the first
    that ends at most ``within`` words before ``a`` (found by bisection on the ends), else the
    first that starts at most ``within`` words after ``b`` (on the starts): a long turn with
    thousands of hits of both is not quadratic.
    """
    starts = [c for c, _ in second]
    ends = [d for _, d in second]
    out = []
    for a, b in first:
        k = bisect.bisect_left(ends, a - within)
        if not (k < len(second) and starts[k] < b and ends[k] <= a):
            k = bisect.bisect_left(starts, b)
            if not (k < len(second) and starts[k] - b <= within):
                continue
        out.append((a, b, *second[k]))
    return out


ANY = "*"
"""The language of a plain phrase list, of ``any:`` and of ``near`` terms: every language the
codebook declares."""


def word_keys(word: str, language: str, mode: str,
              declared: tuple[str, ...] = ("id", "en")) -> frozenset[str]:
    """The keys a phrase word matches segment words by: ``=word`` (as written), ``i:root``
    (Indonesian) or ``e:stem`` (English).

    Args:
        word: A lower-case word of a phrase.
        language: Its language, or :data:`ANY`.
        mode: ``stem`` or ``exact``.
        declared: The codebook's languages, which :data:`ANY` stands for.
    """
    if mode == "exact":
        return frozenset({"=" + word})
    keys = set()
    for lang in declared if language == ANY else (language,):
        if lang == "id":
            keys.add("i:" + stem_id(word))
        elif lang == "en":
            keys.add("e:" + stem_en(word))
        else:
            keys.add("=" + word)  # no stemmer for this language
    return frozenset(keys)


def phrases_of(rule: Rule) -> list[tuple[str, str]]:
    return [(lang, text) for lang, texts in rule.phrases.items() for text in texts]


def rule_words(rule: CompiledRule, seg: SegmentState) -> list[str]:
    """Surface forms of each hit of ``rule`` (empty when it does not fire)."""
    occ = seg.occ
    if rule.kind == "phrases":
        words = seg.typed_words()
        return [" ".join(words[a:b]) for a, b in occ.get(rule.slots[0], ())]
    if rule.kind == "near":
        first, second = occ.get(rule.slots[0]), occ.get(rule.slots[1])
        if not first or not second:
            return []
        words = seg.typed_words()
        out = []
        for a, b, c, d in near_pairs(first, second, rule.within):
            out += [" ".join(words[a:b]), " ".join(words[c:d])]
        return out
    alive = seg.regexes.get(rule.regex_id)
    if alive is None:
        return []
    done = seg.found.get(rule.regex_id)
    if done is None:
        assert rule.regex is not None
        shown = seg.shown
        done = seg.found[rule.regex_id] = [
            " ".join(shown[m.start():m.end()].lower().split())
            for m in rule.regex.matches(seg.text, seg.folded, seg.runs, alive)]
    return done

