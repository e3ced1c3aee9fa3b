"""Static checks of rule regexes: catastrophic backtracking and prefilters."""

from __future__ import annotations

import pytest

from qualcode.coding.patterns import backtracking_risk
from qualcode.coding.prefilter import Condition, Prefilter, prefilter_text, regex_prefilter

EMPTY = "the repeated part can match empty text"
NESTED = "a quantifier is nested inside another with nothing that must separate them"
BRANCHES = "repeated alternatives can match the same text"
POLYNOMIAL = ("two unbounded repeats in a row can match the same text (as in '.*.*' or "
              "'a.*b.*c'); bound one of them, e.g. '.{0,80}' or '(\\w+\\W+){0,5}'")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a+)+", NESTED),
        ("(a*)*", EMPTY),
        ("(a|a)*", BRANCHES),
        ("(a|aa)+b", NESTED),  # parsed as a(?:|a): an optional part inside the repeat
        (r"(\w+\s?)+", NESTED),
        (r"(?:\s*\w+)*$", NESTED),
        (r"(\d+\.?)+x", NESTED),
        (r"^(.*a){11}$", NESTED),
        (r"x(?:[a-z]+|\w)*y", BRANCHES),
        (r"(a+){2,3}", POLYNOMIAL),  # a+a+a+: minutes on a thousand a's without a match
    ],
)
def test_dangerous_patterns_are_flagged(pattern, reason):
    assert backtracking_risk(pattern) == reason


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bdampingin\b",
        r"\w+(?:\s+\w+)*",
        r"(\w+\s)+",
        r"(ab?)+",
        r"(?:ab|ac)*",
        r"(?:ab|cd)+",
        r"(?>a+)+",
        r"(?:a++)+",
        r"\b(saya|kami)\s+(\w+\s+){0,2}?(merujuk|rujuk)\b",
        r"(a+b){2,3}",
    ],
)
def test_safe_patterns_pass(pattern):
    assert backtracking_risk(pattern) is None


def test_prefilter_words_texts_and_conditions():
    assert regex_prefilter(r"\bdampingin\b") == Prefilter(
        (Condition(frozenset({"dampingin"}), ()),))
    assert regex_prefilter(r"\b(nggak|tidak)\s+mau\s+(sekolah|masuk)\b") == Prefilter((
        Condition(frozenset({"nggak", "tidak"}), ()),
        Condition(frozenset({"sekolah", "masuk"}), ()),
        Condition(frozenset({"mau"}), ()),
    ))
    assert regex_prefilter(r"(merujuk|rujuk)\w*") == Prefilter(
        (Condition(frozenset(), ("rujuk",)),))
    assert regex_prefilter(r"a.b") is None
    assert regex_prefilter(r"\w+|x") is None


def test_prefilter_text_folds_letters_that_match_ascii_case_insensitively():
    assert prefilter_text("TİDAK ıSTANBUL ſEKOLAH") == "tidak istanbul sekolah"
    assert prefilter_text("Sekolah") == "sekolah"
