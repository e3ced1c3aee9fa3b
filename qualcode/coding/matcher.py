"""A codebook's rules compiled once into a fast matcher for segment texts.

How a segment is matched, cheapest step first:

1. Read it as every rule does: without invisible characters, and with the marks typed for an
   apostrophe (``’``, ``ʼ``, ...) as ``'`` (:mod:`qualcode.coding.apostrophes`). Lower-case it
   and split it into words (no offsets are needed because an automatic coding spans the whole
   segment): an ASCII text without hyphens or apostrophes by one byte translation and
   ``split``, any other with one compiled regex (``findall``).
2. Look the set of its words up against the words known to start a phrase of some rule (a set
   intersection in C). Each new word is classified once per run: its exact form, its English key
   and its Indonesian root (memoised; the Indonesian stemmer only runs on words that share a
   few letters with some rule root) are compared with the rules' keys.
3. Only for segments with candidate words, walk the words to confirm multi-word phrases, ``near``
   pairs and exceptions. A regex runs on a segment only when one Hyperscan pass over the
   segment reports that it may match (:mod:`qualcode.coding.multiscan`), or, without the
   scanner, when a word or text that every match must contain occurs in it
   (:mod:`qualcode.coding.regex_index`).

The matcher keeps memo tables that grow as it sees new words; results never depend on them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from qualcode.coding.apostrophes import fold_apostrophes, fold_pattern
from qualcode.coding.compiled import (
    ANY,
    CompiledCode,
    CompiledRule,
    Phrase,
    SegmentState,
    leftmost_longest,
    phrases_of,
    rule_words,
    word_keys,
)
from qualcode.coding.exclusive import exclusive_groups, resolve_exclusive
from qualcode.coding.morphology import (
    WORD_RE,
    in_colloquial_table,
    split_hyphenated,
    stem_en,
    stem_id,
    tokenize,
)
from qualcode.coding.multiscan import RegexScanner, hyperscan_available
from qualcode.coding.prefilter import prefilter_text
from qualcode.coding.regex_index import RegexIndex
from qualcode.coding.regex_run import RuleRegex
from qualcode.coding.rootgate import RootGate
from qualcode.model import Code, Codebook, Rule

__all__ = ["CodeMatch", "Matcher", "RuleMatch", "Scan", "compile_codebook"]

_RUN = re.compile(r"\w+")
# WORD_RE on lower-case ASCII text (the same words, found faster)
_ASCII_WORDS = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# ASCII letters lower-cased, digits kept, every other byte a space: in an ASCII text with no
# hyphen or apostrophe the words are then the runs between spaces (``split`` is faster than
# ``findall``)
_ASCII_RUNS = bytes.maketrans(
    bytes(range(128)),
    bytes(c | 0x20 if 0x41 <= c <= 0x5A else c if 0x61 <= c <= 0x7A or 0x30 <= c <= 0x39
          else 0x20 for c in range(128)))

_EMPTY: frozenset[str] = frozenset()
_PARTICIPANT, _INTERVIEWER = 0, 1
# Characters that show nothing but split words: soft hyphen (Word's optional hyphens), zero-width
# space, word joiner, zero-width no-break space. Pasted transcripts carry them inside words
# ("men\u00addampingi"); rules see the text without them. (Zero-width joiners are kept: some
# scripts need them.)
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_DROP_INVISIBLE = str.maketrans("", "", _INVISIBLE)


def _visible(text: str) -> str:
    """``text`` without the invisible characters that split words (see ``_INVISIBLE``)."""
    if text.isascii() or _INVISIBLE_RE.search(text) is None:
        return text
    return text.translate(_DROP_INVISIBLE)


def _rule_text(text: str) -> str:
    """The text of a segment as every rule reads it, on the scanner's path and on the
    prefilters' alike: without invisible characters, apostrophes folded to ``'``."""
    return fold_apostrophes(_visible(text))


class _Scan(enum.Enum):
    NOT_DONE = 0  # match() scans the segment itself


Scan = list[int] | None
"""The scanner's report on one segment (see :meth:`Matcher.prescan`)."""


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """A code that applies to a segment.

    Attributes:
        code: Code id.
        rule: Labels of the rules that fired, ``"; "``-joined (``enabler.rules[0]``).
        match: Words matched (lower-case surface forms), ``"; "``-joined, without repeats.
        hits: Number of rule hits counted towards ``min_hits``.
    """

    code: str
    rule: str
    match: str
    hits: int


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """What one rule matched in a segment (for ``codebook show --hits``).

    Attributes:
        code: Code id.
        rule: Rule label.
        words: Lower-case surface forms, one per hit (``near``: both terms).
    """

    code: str
    rule: str
    words: tuple[str, ...]


class Matcher:
    """Compiled rules of a codebook; call :meth:`match` on segment texts.

    Build it with :func:`compile_codebook`. It is picklable (no codebook inside), so it can be
    shipped to worker processes.

    Attributes:
        coder: ``<codebook name>@<version>``.
        code_ids: Ids of the codes with rules, in codebook order.
    """

    def __init__(self, codebook: Codebook, *, exhaustive: bool = False,
                 scan: bool | None = None) -> None:
        self.coder = codebook.coder
        self._exhaustive = exhaustive
        self._languages = codebook.languages or ("id", "en")  # what ANY stands for
        self._phrases: list[list[Phrase]] = []  # per slot
        self._regexes: list[RuleRegex] = []
        self._regex_ids: dict[str, int] = {}
        self._slot_of: dict[tuple[frozenset[tuple[frozenset[str], ...]], frozenset[str]],
                            int] = {}
        compiled_codes = [self._compile_code(i, c) for i, c in enumerate(codebook.codes)]
        codes = [c for c in compiled_codes if c is not None]
        self.code_ids = tuple(c.id for c in codes)
        self._exclusive = exclusive_groups(codebook, self.code_ids)
        self._codes: tuple[list[CompiledCode], list[CompiledCode]] = ([], [])
        for compiled, code in zip(codes, (codebook.code(c.id) for c in codes), strict=True):
            for role, scopes in ((_PARTICIPANT, ("participant", "all")),
                                 (_INTERVIEWER, ("interviewer", "all"))):
                if code.scope in scopes:
                    self._codes[role].append(compiled)
        # first slot of a positive phrase or near rule -> (its code, the rule's other slots):
        # a code is worth trying on a segment only when all slots of one of its rules hit
        self._slot_codes: tuple[dict[int, list[tuple[CompiledCode, tuple[int, ...]]]],
                                ...] = ({}, {})
        for role in (_PARTICIPANT, _INTERVIEWER):
            for active in self._codes[role]:
                for r in active.rules:
                    if r.slots:
                        self._slot_codes[role].setdefault(r.slots[0], []).append(
                            (active, r.slots[1:]))
        # regex rule -> the codes it is a positive rule of (codes may share a pattern)
        self._regex_code: dict[int, list[CompiledCode]] = {}
        for c in codes:
            for r in c.rules:
                if r.kind == "regex" and c not in self._regex_code.setdefault(r.regex_id, []):
                    self._regex_code[r.regex_id].append(c)
        # index entry -> (regex rule, alternative): one entry per top-level alternative
        self._entries: list[tuple[int, int]] = []
        first_entry: list[int] = []
        for rid, regex in enumerate(self._regexes):
            first_entry.append(len(self._entries))
            self._entries.extend((rid, k) for k in range(len(regex.parts)))
        self._first_entry = first_entry
        self._role_entries = tuple(
            frozenset(first_entry[r.regex_id] + k
                      for c in cs for r in c.rules + c.exclude if r.kind == "regex"
                      for k in range(len(self._regexes[r.regex_id].parts)))
            for cs in self._codes)
        self._indexes: list[RegexIndex | None] = [None, None]  # built on first use
        self._scanner = None
        if self._entries and not exhaustive and (scan or (scan is None and
                                                          hyperscan_available())):
            self._scanner = RegexScanner(self._entry_patterns())
            if len(self._scanner.always) == len(self._entries):
                self._scanner = None  # it could not take any pattern: use the prefilters
        self._index_phrases()
        self._keys: dict[str, frozenset[str]] = {}
        # word -> (slots of one-word phrases it is, {key of the next word: phrases of several
        # words it starts})
        self._starts: tuple[dict[str, tuple[tuple[int, ...], dict[str, tuple[Phrase, ...]]]],
                            ...] = ({}, {})
        self._starters: tuple[set[str], ...] = (set(), set())

    # -- compiling ---------------------------------------------------------------------------

    def _entry_patterns(self) -> list[tuple[int, str]]:
        """``(index entry, pattern)``: each regex, or each top-level alternative of a regex
        that the prefilters split."""
        return [(entry, self._regexes[rid].parts[k])
                for entry, (rid, k) in enumerate(self._entries)]

    def _regex_index(self, role: int) -> RegexIndex:
        """The prefilter index of the regexes in scope for ``role`` (for texts the scanner
        cannot read, or when there is no scanner)."""
        index = self._indexes[role]
        if index is None:
            first_entry = self._first_entry
            index = self._indexes[role] = RegexIndex(
                (first_entry[r.regex_id] + k, prefilter)
                for c in self._codes[role] for r in c.rules + c.exclude if r.kind == "regex"
                for k, prefilter in enumerate(self._regexes[r.regex_id].prefilters))
        return index

    def _new_slot(self, phrases: Iterable[tuple[str, str]], rule: Rule) -> int:
        """A slot collects the hits of one phrase list; rules with the same list share it."""
        exceptions = frozenset(fold_apostrophes(e) for e in rule.exceptions)
        phrase_keys: list[tuple[frozenset[str], ...]] = []
        for lang, text in phrases:
            words = tokenize(fold_apostrophes(text))
            if words:
                phrase_keys.append(tuple(word_keys(w, lang, rule.mode, self._languages)
                                         for w in words))
        signature = (frozenset(phrase_keys), exceptions)
        slot = self._slot_of.get(signature)
        if slot is None:
            slot = self._slot_of[signature] = len(self._phrases)
            self._phrases.append(list(dict.fromkeys(
                Phrase(slot, keys, exceptions) for keys in phrase_keys)))
        return slot

    def _compile_rule(self, rule: Rule) -> CompiledRule:
        if rule.kind == "regex":
            pattern = fold_pattern(rule.pattern or "")
            regex_id = self._regex_ids.get(pattern)
            if regex_id is None:  # one run per segment serves every rule with this pattern
                regex = RuleRegex(pattern, plain=self._exhaustive)
                regex_id = self._regex_ids[pattern] = len(self._regexes)
                self._regexes.append(regex)
            return CompiledRule(rule.label, "regex", (), regex=self._regexes[regex_id],
                                regex_id=regex_id)
        if rule.kind == "near" and rule.near is not None:
            slots = tuple(self._new_slot(((ANY, t) for t in group), rule) for group in rule.near)
            return CompiledRule(rule.label, "near", slots, within=rule.within)
        return CompiledRule(rule.label, "phrases", (self._new_slot(phrases_of(rule), rule),))

    def _compile_code(self, index: int, code: Code) -> CompiledCode | None:
        positive = tuple(self._compile_rule(r) for r in code.rules if not r.exclude)
        if not positive:
            return None
        exclude = tuple(self._compile_rule(r) for r in code.rules if r.exclude)
        slots = frozenset(s for r in positive + exclude for s in r.slots)
        regex = any(r.kind == "regex" for r in positive)
        return CompiledCode(index, code.id, code.min_hits, positive, exclude, slots, regex)

    def _index_phrases(self) -> None:
        self._first: tuple[dict[str, list[Phrase]], ...] = ({}, {})
        universe: set[str] = set()
        for role in (_PARTICIPANT, _INTERVIEWER):
            active = {s for c in self._codes[role] for s in c.slots}
            for slot in sorted(active):
                for phrase in self._phrases[slot]:
                    universe.update(k for keys in phrase.words for k in keys)
                    for key in sorted(phrase.words[0]):
                        self._first[role].setdefault(key, []).append(phrase)
        # the keys by kind, without their prefix: most words have none, found without
        # building a word's keys
        self._exact_words = frozenset(k[1:] for k in universe if k.startswith("="))
        self._en_stems = frozenset(k[2:] for k in universe if k.startswith("e:"))
        roots = frozenset(k[2:] for k in universe if k.startswith("i:"))
        self._roots = roots
        self._uses_id = bool(roots)
        self._root_gate = RootGate(roots)

    # -- classifying words -------------------------------------------------------------------

    def _may_have_root(self, word: str) -> bool:
        """Whether ``word``'s Indonesian root can be a rule root (see
        :mod:`qualcode.coding.rootgate`; colloquial forms from the table, with or without
        clitics, always are stemmed)."""
        return self._exhaustive or in_colloquial_table(word) or self._root_gate(word)

    def _learn(self, words: Iterable[str]) -> None:
        exact_words, en_stems, roots = self._exact_words, self._en_stems, self._roots
        uses_id, memo = self._uses_id, self._keys
        for word in words:
            # the matcher keeps each word's keys itself: the stemmer's own memo would hold
            # every word of the corpus a second time
            en = stem_en(word, memo=False)
            root = stem_id(word) if uses_id and self._may_have_root(word) else None
            keys = []
            if word in exact_words:
                keys.append("=" + word)
            if en in en_stems:
                keys.append("e:" + en)
            if root is not None and root in roots:
                keys.append("i:" + root)
            if not keys:
                memo[word] = _EMPTY
                continue
            found = memo[word] = frozenset(keys)
            for role in (_PARTICIPANT, _INTERVIEWER):
                first = self._first[role]
                starts: list[Phrase] = []
                seen: set[Phrase] = set()  # thousands of phrases may share a first word
                for key in sorted(found):
                    for p in first.get(key, ()):
                        if word not in p.exceptions and p not in seen:
                            seen.add(p)
                            starts.append(p)
                if starts:
                    singles = tuple(dict.fromkeys(p.slot for p in starts if len(p.words) == 1))
                    by_next: dict[str, list[Phrase]] = {}
                    for p in starts:
                        if len(p.words) > 1:
                            for key in sorted(p.words[1]):
                                by_next.setdefault(key, []).append(p)
                    self._starts[role][word] = (
                        singles, {k: tuple(v) for k, v in by_next.items()})
                    self._starters[role].add(word)

    # -- matching ----------------------------------------------------------------------------

    def _occurrences(self, words: list[str], present: set[str], role: int
                     ) -> dict[int, list[tuple[int, int]]]:
        new = present.difference(self._keys)
        if new:
            self._learn(sorted(new))
        candidates = present.intersection(self._starters[role])
        if not candidates:
            return {}
        keys, starts = self._keys, self._starts[role]
        occ: dict[int, list[tuple[int, int]]] = {}
        n = len(words)
        crossed: set[int] = set()  # slots with overlapping hits (hits come in order of start)
        for i in [i for i, word in enumerate(words) if word in candidates]:
            singles, by_next = starts[words[i]]
            for slot in singles:
                hits = occ.get(slot)
                if hits is None:
                    occ[slot] = [(i, i + 1)]
                else:
                    if hits[-1][1] > i:
                        crossed.add(slot)
                    hits.append((i, i + 1))
            if not by_next or i + 1 >= n:
                continue
            for key in keys[words[i + 1]]:
                for phrase in by_next.get(key, ()):
                    length = len(phrase.words)
                    if i + length > n:
                        continue
                    for k in range(1, length):
                        nxt = words[i + k]
                        if nxt in phrase.exceptions or keys[nxt].isdisjoint(phrase.words[k]):
                            break
                    else:
                        hits = occ.get(phrase.slot)
                        if hits is None:
                            occ[phrase.slot] = [(i, i + length)]
                        else:
                            if hits[-1][1] > i:
                                crossed.add(phrase.slot)
                            hits.append((i, i + length))
        for slot in crossed:
            occ[slot] = leftmost_longest(occ[slot])
        return occ

    def prescan(self, segments: Sequence[tuple[str, bool]]) -> list[Scan]:
        """Run the regex scanner over many segments at once, for :meth:`match`'s ``scan``.

        The results are those :meth:`match` would get by scanning each segment itself; one
        pass over a document's segments keeps the scanner's tables in the processor's cache
        (see :meth:`~qualcode.coding.multiscan.RegexScanner.scan_many`).

        Args:
            segments: ``(text, interviewer)`` of each segment.

        Returns:
            One report per segment, in order.
        """
        scanner = self._scanner
        if scanner is None:
            return [None] * len(segments)
        entries = self._role_entries
        wanted = [k for k, (_, interviewer) in enumerate(segments)
                  if entries[_INTERVIEWER if interviewer else _PARTICIPANT]]
        out: list[Scan] = [[] for _ in segments]  # a role without regexes is never scanned
        for k, found in zip(wanted, scanner.scan_many([_rule_text(segments[k][0])
                                                       for k in wanted]), strict=True):
            out[k] = found
        return out

    def _prepare(self, text: str, interviewer: bool,
                 scan: Scan | Literal[_Scan.NOT_DONE] = _Scan.NOT_DONE) -> SegmentState:
        role = _INTERVIEWER if interviewer else _PARTICIPANT
        shown = _visible(text)
        text = fold_apostrophes(shown)
        lowered = text.lower()
        ascii_text = text.isascii()
        words = _segment_words(text, lowered, ascii_text)
        joined = "-" in lowered
        if joined:
            words = split_hyphenated(words)
        present = set(words)
        occ = self._occurrences(words, present, role)
        if not self._role_entries[role]:
            return SegmentState(role, text, words, occ, {}, shown=shown)
        scanned: Iterable[int] | None
        if scan is not _Scan.NOT_DONE:
            scanned = scan
        else:
            scanned = self._scanner.scan(text) if self._scanner is not None else None
        if scanned is not None:
            allowed = self._role_entries[role]
            scanned = [entry for entry in scanned if entry in allowed]
            if not scanned:
                return SegmentState(role, text, words, occ, {}, shown=shown)
        folded = lowered if ascii_text else prefilter_text(text)
        # The words are the \w+ runs of the folded text (or more), unless hyphens or
        # apostrophes join runs, or folding changed letters.
        plain = not joined and "'" not in lowered and (
            "_" not in lowered) and (ascii_text or folded == lowered)
        runs = present if plain else set(_RUN.findall(folded))
        regexes: dict[int, list[int]] = {}
        entries = self._entries
        if scanned is None:
            scanned = self._regex_index(role).candidates(folded, runs)
        for entry in scanned:
            rid, alternative = entries[entry]
            alive = regexes.get(rid)
            if alive is None:
                regexes[rid] = [alternative]
            else:
                alive.append(alternative)
        return SegmentState(role, text, words, occ, regexes, folded, runs, shown)

    def match(self, text: str, *, interviewer: bool = False,
              only: frozenset[str] | None = None, resolve: bool = True,
              scan: Scan | Literal[_Scan.NOT_DONE] = _Scan.NOT_DONE) -> list[CodeMatch]:
        """The codes whose rules apply to a segment, in codebook order.

        Args:
            text: The segment's text.
            interviewer: Whether an interviewer speaks it (decides which codes are in scope).
            only: Apply only these codes (for results cached per code).
            resolve: Let codes of an exclusive dimension exclude each other (see
                :meth:`resolve`); ``False`` gives every code's own result.
            scan: The segment's report from :meth:`prescan` (by default the segment is
                scanned here).

        Returns:
            One :class:`CodeMatch` per code applied.
        """
        if not self._codes[_INTERVIEWER if interviewer else _PARTICIPANT]:
            return []
        seg = self._prepare(text, interviewer, scan)
        if not seg.occ and not seg.regexes:
            return []
        touched: dict[int, CompiledCode] = {}
        slot_codes = self._slot_codes[seg.role]
        occ = seg.occ
        for slot in occ:
            for code, others in slot_codes.get(slot, ()):
                if not others or all(other in occ for other in others):
                    touched[code.index] = code
        regex_code = self._regex_code
        for rid in seg.regexes:
            for hit in regex_code.get(rid, ()):
                touched[hit.index] = hit
        out = []
        for index in sorted(touched):
            if only is not None and touched[index].id not in only:
                continue
            found = self._apply(touched[index], seg)
            if found is not None:
                out.append(found)
        return self.resolve(out) if resolve else out

    def resolve(self, found: list[CodeMatch]) -> list[CodeMatch]:
        """Keep one code per exclusive dimension in a segment's matches (codebook order): the
        one with the most distinct matched words, then the most hits, then the first; its
        ancestors and descendants stay."""
        if len(found) > 1 and self._exclusive:
            return resolve_exclusive(found, self._exclusive)
        return found

    def _apply(self, code: CompiledCode, seg: SegmentState) -> CodeMatch | None:
        hits = 0
        labels: list[str] = []
        surfaces: list[str] = []
        occ, regexes = seg.occ, seg.regexes
        for rule in code.rules:
            if rule.regex is not None:
                if rule.regex_id not in regexes:
                    continue  # cannot fire: skip the call
            else:
                slots = rule.slots
                if slots[0] not in occ or (
                        len(slots) > 1 and not all(slot in occ for slot in slots[1:])):
                    continue
            found = rule_words(rule, seg)
            if found:
                hits += len(found) // 2 if rule.kind == "near" else len(found)
                labels.append(rule.label)
                surfaces.extend(found)
        if hits < code.min_hits:
            return None
        for rule in code.exclude:
            if (rule.regex_id in regexes if rule.regex is not None
                    else all(slot in occ for slot in rule.slots)) and rule_words(rule, seg):
                return None
        return CodeMatch(code.id, "; ".join(labels), "; ".join(dict.fromkeys(surfaces)), hits)

    def rule_matches(self, text: str, *, interviewer: bool = False) -> list[RuleMatch]:
        """Every rule (exclusions too) that matches a segment, whether or not its code applies.

        Args:
            text: The segment's text.
            interviewer: Whether an interviewer speaks it.
        """
        seg = self._prepare(text, interviewer)
        out = []
        for code in self._codes[seg.role]:
            for rule in code.rules + code.exclude:
                found = rule_words(rule, seg)
                if found:
                    out.append(RuleMatch(code.id, rule.label, tuple(found)))
        return out


def _segment_words(text: str, lowered: str, ascii_text: bool) -> list[str]:
    """``WORD_RE.findall(lowered)``, found the fastest way for the text (hyphenated words are
    not split yet).

    Args:
        text: A segment's text.
        lowered: ``text.lower()``.
        ascii_text: ``text.isascii()``.
    """
    if not ascii_text:
        return WORD_RE.findall(lowered)
    if "-" in text or "'" in text:
        return _ASCII_WORDS.findall(lowered)
    return text.encode("ascii").translate(_ASCII_RUNS).decode("ascii").split()


def compile_codebook(codebook: Codebook, *, exhaustive: bool = False,
                     scan: bool | None = None) -> Matcher:
    """Compile a codebook's rules once, for :meth:`Matcher.match` on many segments.

    Args:
        codebook: A validated codebook.
        exhaustive: Skip every shortcut (word gates, regex prefilters, start positions): run
            every rule on every segment, stem every word. Much slower, same results; it is what
            the fast paths are checked against.
        scan: Decide which regexes to run on a segment with one Hyperscan pass over it
            (:mod:`qualcode.coding.multiscan`); ``None``: when Hyperscan is installed. The
            codings are the same either way.

    Returns:
        The matcher.
    """
    return Matcher(codebook, exhaustive=exhaustive, scan=scan)
