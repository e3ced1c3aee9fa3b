"""A cheap test that tells which words cannot have a given Indonesian root.

Stemming an unknown word with PySastrawi costs about half a millisecond, and a corpus of a million
words has tens of thousands of distinct words. Rules only care whether a word's root is one of
*their* roots, so the matcher stems a word only when it could have one.

Every root the stemmer returns sits inside the word in one shape: affixes, then the root's first
letter (after which an infix ``-el-``, ``-em-``, ``-er-`` or ``-in-`` may stand) or no first letter
where a nasal prefix took its place (``memukul``: ``mem-`` + ``ukul``; the nasal prefixes end in
the letter that replaces it), then the rest of the root (spoken ``-e`` for a final ``-ai``), then
suffixes and clitics. :class:`RootGate` matches that shape with one regular expression built from
the rules' roots; a word it rejects cannot stem to any of them. Prefixes and suffixes are those of
the stemmer's rules (``di-``, ``ke-``, ``se-``, ``ber-``, ``ter-``, ``meN-``, ``peN-``, ``per-``,
``ku-``, ``kau-``, ``-i``, ``-kan``, ``-an``, ``-is``, ``-isme``, ``-isasi``, ``-ku``, ``-mu``,
``-nya``, ``-lah``, ``-kah``, ``-tah``, ``-pun``) and of the colloquial handling in
:mod:`qualcode.coding.morphology` (``ng-``, ``nge-``, ``ny-``, ``n-``, ``m-``, ``-in``), each
repeated up to three times, a superset of what either can strip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["RootGate"]

# (meN- and peN- take the first letter of a prefix after them too: menye- is meN- + se-)
_PREFIXES = ("di", "ke", "se", "be", "ber", "bel", "te", "ter", "tel", "me", "mem", "men", "meng",
             "meny", "menye", "menge", "mempe", "pe", "pem", "pen", "peng", "peny", "penye",
             "penge", "per", "pel", "er", "ku", "kau", "ng", "nge", "ny", "n", "m")
_SUFFIXES = ("i", "kan", "an", "is", "isme", "isasi", "in", "ku", "mu", "nya", "lah", "kah",
             "tah", "pun")
_INFIXES = ("", "el", "em", "er", "in")
_LETTERS = re.compile(r"[a-z]+\Z")


def _alternation(texts: Iterable[str]) -> str:
    """One regex for a set of texts, shaped as a trie (``ab|ac`` -> ``a(?:b|c)``).

    A flat alternation makes ``re`` try every text in turn at every position it tries; with
    hundreds of roots that is most of the gate's cost. Factored on common prefixes, each
    character is compared against the letters that can follow, once. The texts matched are the
    same set; an empty text (a text that is a prefix of others) becomes an optional tail.
    """
    trie: dict[str, dict] = {}
    for text in set(texts):
        node = trie
        for ch in text:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        body = (body if len(branches) > 1 or len(body) == 1 else "(?:" + body + ")") + "?"
    return body


class RootGate:
    """Whether a lower-case word can stem to one of ``roots``.

    Args:
        roots: The Indonesian roots the rules look for.
    """

    def __init__(self, roots: Iterable[str]) -> None:
        self.roots = frozenset(roots)
        forms: set[str] = set()  # a root as it can stand between prefixes and suffixes
        for root in self.roots:
            first, rest = root[:1], root[1:]
            for tail in (rest, rest[:-2] + "e") if root.endswith("ai") else (rest,):  # sampe
                forms.add(tail)  # first letter dropped after a nasal prefix
                forms.update(first + infix + tail for infix in _INFIXES)
        self._pattern = re.compile(
            f"(?:{_alternation(_PREFIXES)}){{0,3}}"
            f"(?:{_alternation(forms)})"
            f"(?:{_alternation(_SUFFIXES)}){{0,3}}"
        ) if self.roots else None

    def __call__(self, word: str) -> bool:
        """``False`` when no root of the gate can be the root of ``word``."""
        if self._pattern is None:
            return False
        if word in self.roots:
            return True
        if not _LETTERS.match(word):
            # The stemmer keeps such words as they are, except reduplicated ones.
            return "-" in word
        return self._pattern.fullmatch(word) is not None
