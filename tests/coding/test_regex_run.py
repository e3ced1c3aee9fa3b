"""Splitting patterns into top-level alternatives, and matches equal to finditer."""

from __future__ import annotations

import re

import pytest

from qualcode.coding.prefilter import prefilter_text
from qualcode.coding.regex_run import RuleRegex, split_alternatives


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"a|b(c|d)|[|]e|\|f", ["a", "b(c|d)", "[|]e", r"\|f"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"[^]|]x|y", ["[^]|]x", "y"]),
        (r"(?:a|b)", None),
        (r"(?i)a|b", None),
        (r"(a)|\1", None),
        (r"abc", None),
    ],
)
def test_split_alternatives(pattern, parts):
    assert split_alternatives(pattern) == parts


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(i|we)\s+(\w+\s+)?(ref\w+)|\bdirujuk\b|\d+\s*kali",
        r"\b(di\s+)?luar\s+(wilayah\s+)?(dki|jakarta)\b|\bboat\b",
        r"\w+ed\b|\bsaya\b",
        r"a+b|ab|b",
    ],
)
def test_rule_regex_matches_equal_finditer(pattern):
    text = ("We referred him. I really refused! Dirujuk 3 kali, 12kali; di luar Jakarta, boat, "
            "luar wilayah DKI. saya asked; aab ab b İ ı") * 2
    runner = RuleRegex(pattern)
    folded = prefilter_text(text)
    got = [(m.start(), m.end()) for m in runner.matches(text, folded,
                                                        set(re.findall(r"\w+", folded)))]
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert got == expected
    assert got
