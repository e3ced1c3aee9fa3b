"""Codes of a dimension declared ``exclusive: true`` exclude each other within a segment."""

from __future__ import annotations

from qualcode.coding.matcher import compile_codebook
from qualcode.io.codebook import parse_codebook

BOOK = """
name: excl
version: "1"
languages: [en]
dimensions:
  - id: stage
    exclusive: {exclusive}
  - id: role
codes:
  - id: assessment
    dimension: stage
    rules:
      - phrases: {{en: [assess]}}
  - id: monitoring
    dimension: stage
    rules:
      - phrases: {{en: [monitor, "check progress"]}}
    codes:
      - id: home_visit
        rules:
          - phrases: {{en: [home visit]}}
  - id: helper
    dimension: role
    rules:
      - phrases: {{en: [help]}}
"""


def codes(text: str, exclusive: str = "true") -> list[str]:
    matcher = compile_codebook(parse_codebook(BOOK.format(exclusive=exclusive)))
    return [m.code for m in matcher.match(text)]


def test_the_code_with_more_distinct_words_wins():
    text = "We assess once, then monitor and check progress, and help."
    assert codes(text) == ["monitoring", "helper"]
    assert codes(text, exclusive="false") == ["assessment", "monitoring", "helper"]


def test_ties_go_to_codebook_order():
    assert codes("We assess and we monitor.") == ["assessment"]


def test_a_winner_keeps_its_descendants():
    text = "We monitor on a home visit and check progress; we assess too."
    assert codes(text) == ["monitoring", "home_visit"]
