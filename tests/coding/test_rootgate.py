"""The root gate's regex: the trie-shaped alternation matches exactly the texts it is built from."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.coding.rootgate import RootGate, _alternation

_TEXT = st.text(alphabet="abnk-", max_size=5)


def test_alternation_is_factored_on_common_prefixes():
    assert _alternation(["ab", "ac", "b"]) == "(?:a(?:b|c)|b)"
    assert _alternation(["a", "ab"]) == "ab?"
    assert _alternation(["a", "abc"]) == "a(?:bc)?"
    assert _alternation(["", "x"]) == "x?"
    assert _alternation(["abc"]) == "abc"
    assert _alternation(["-"]) == re.escape("-")


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=12), words=st.lists(_TEXT, max_size=20))
def test_alternation_matches_the_same_texts_as_a_flat_one(texts, words):
    trie = re.compile(f"(?:{_alternation(texts)})")
    for word in words + texts:
        assert (trie.fullmatch(word) is not None) == (word in texts), (texts, word)


@settings(max_examples=100, deadline=None)
@given(roots=st.lists(st.text(alphabet="aeikmnrst", min_size=1, max_size=6), min_size=1,
                      max_size=8),
       words=st.lists(st.text(alphabet="aeikmnrstgy", max_size=14), max_size=30))
def test_gate_accepts_the_same_words_as_the_flat_pattern(roots, words):
    def flat(texts):
        return "|".join(re.escape(t) for t in sorted(set(texts), key=lambda t: (-len(t), t)))

    from qualcode.coding import rootgate

    tails = {r[1:] for r in roots} | {r[1:-2] + "e" for r in roots if r.endswith("ai")}
    firsts = {r[0] for r in roots}
    reference = re.compile(
        f"(?:{flat(rootgate._PREFIXES)}){{0,3}}(?:[{''.join(sorted(firsts))}](?:el|em|er|in)?)?"
        f"(?:{flat(tails)})(?:{flat(rootgate._SUFFIXES)}){{0,3}}")
    gate = RootGate(roots)
    for word in words + [p + r + s for r in roots for p, s in (("me", "kan"), ("di", "nya"))]:
        if not word.isalpha():
            continue
        if word in gate.roots or reference.fullmatch(word) is None:
            # the gate pairs each tail with its own root's first letter: never more words
            assert gate(word) == (word in gate.roots), (roots, word)
        elif any(_shaped(word, r) for r in roots):
            assert gate(word), (roots, word)


def _shaped(word, root):
    """Whether ``word`` is affixes + ``root`` (or its tail, or with an infix) + affixes, by
    brute force over where the root can stand."""
    from qualcode.coding import rootgate

    prefixes = re.compile(f"(?:{'|'.join(rootgate._PREFIXES)}){{0,3}}")
    suffixes = re.compile(f"(?:{'|'.join(rootgate._SUFFIXES)}){{0,3}}")
    tails = [root[1:]] + ([root[1:-2] + "e"] if root.endswith("ai") else [])
    forms = {t for t in tails} | {root[0] + i + t for t in tails for i in ("", "el", "em", "er",
                                                                        "in")}
    for a in range(len(word) + 1):
        for b in range(a, len(word) + 1):
            if word[a:b] in forms and prefixes.fullmatch(word[:a]) and (
                    suffixes.fullmatch(word[b:])):
                return True
    return False
