"""Apostrophes as the rules read them: typed marks folded to ', one character for one."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from qualcode.coding.apostrophes import (
    APOSTROPHES,
    fold_apostrophes,
    fold_pattern,
    typed_words,
)
from qualcode.coding.morphology import tokenize


def test_every_mark_typed_for_an_apostrophe_reads_as_one():
    assert fold_apostrophes("didn’t didn‘t didnʼt didn′t didn´t didn`t didn＇t") == (
        "didn't " * 7).strip()
    assert set(APOSTROPHES) >= set("’‘ʼ′")
    text = "Tidak ada apa-apa, \u00e9t\u00e9 \u201cquoted\u201d"  # no apostrophe: the same object
    assert fold_apostrophes(text) is text


@given(st.text(alphabet=st.sampled_from([*APOSTROPHES, "'", "a", "İ", " ", "-", "é", "\u00ad"]),
               max_size=30))
def test_the_fold_keeps_every_position(text):
    folded = fold_apostrophes(text)
    assert len(folded) == len(text)
    assert all(a == b or (a in APOSTROPHES and b == "'") for a, b in zip(text, folded,
                                                                          strict=True))
    assert not set(APOSTROPHES) & set(folded)


def test_patterns_are_folded_with_their_escapes():
    assert fold_pattern(r"\bwasn’t\s+helpful") == r"\bwasn't\s+helpful"
    assert fold_pattern(r"didn\u2019t|didn\x60t|\N{MODIFIER LETTER APOSTROPHE}|\U00002018") == (
        "didn't|didn't|'|'")
    # other escapes, and a backslash written as \\ before 'u2019', stay as they are
    for pattern in (r"\bkata\b", r"\\u2019", r"\u00e9", r"\N{LATIN SMALL LETTER E}", r"\x41"):
        assert fold_pattern(pattern) == pattern
    assert re.search(fold_pattern(r"didn\u2019t"), fold_apostrophes("They didn’t care"))


@given(st.lists(st.sampled_from([*APOSTROPHES, "'", "ab", "Ab", " ", "-", "anak", "İ", "Σ",
                                  "_", "."]), max_size=30).map("".join))
def test_typed_words_are_the_matcher_words_as_written(text):
    folded = fold_apostrophes(text)
    words = typed_words(text, folded)
    # the same words, but for the letters lower-cased in context (a final sigma before ‛ is
    # final, before ' it is not)
    assert [fold_apostrophes(w).casefold() for w in words] == [
        w.casefold() for w in tokenize(folded)]
    # each is the text's own characters
    assert all(w in text.lower() for w in words if "-" not in w)
