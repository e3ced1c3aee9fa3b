"""Quoted YAML text that a quote left open made run on over lines meant as keys."""

from __future__ import annotations

import pytest
import yaml

from qualcode.io.yamlquotes import RunawayQuote, first_runaway_quote, runaway_quote, split_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML reads these without complaint: the next quote closes the text
        ('a:\n  label: "oops\n  description: x\n  memo: "y"\n',
         RunawayQuote('"', 1, 3, 2, "description: x")),
        ("a:\n  - id: x\n    label: 'oops\n    codes:\n      - id: y\n    memo: 'z'\n",
         RunawayQuote("'", 2, 5, 3, "codes:")),
        # the key the text takes in is on the line of the closing quote
        ('a: {id: "x, en: y}\nb: "z"\n', RunawayQuote('"', 0, 1, 1, "b:")),
        # a list item
        ('a:\n  - "one\n  - "two"\n', RunawayQuote('"', 1, 2, 2, "-")),
        # a key shallower than the text's own
        ('a:\n  b:\n    "one\n  c: "x"\n', RunawayQuote('"', 2, 3, 3, "c:")),
        # a long line is shortened
        ('a: "x\nb: ' + "w" * 60 + '"\n', RunawayQuote('"', 0, 1, 1, "b: " + "w" * 34 + "...")),
    ],
)
def test_a_quoted_text_taking_in_keys_is_found(text, expected):
    assert first_runaway_quote(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a text wrapped over lines indented past its key, even with a colon in it
        'definition:\n  en: "The case manager helps\n    the child: she listens"\n',
        "definition:\n  en: 'one\n   two: three'\n",
        # a list item wrapped past its dash
        '- "one\n  two: three"\n',
        'a:\n  - id: x\n    label: "one\n      two: three"\n',
        # a text starting its line, wrapped at its own column
        'a:\n  "one\n  two: x"\n',
        # later lines that read as prose, not as keys
        'a: "one two\nthree four"\n',
        'a: "one\nsee the notes: x"\n',
        # on one line, or not quoted
        'a: "x"\nb: "y"\n',
        "a: >-\n  one\nb: two\n",
    ],
)
def test_a_text_wrapped_over_lines_is_not_a_runaway(text):
    yaml.safe_load(text)  # valid YAML
    assert first_runaway_quote(text) is None


def test_the_scan_stops_before_a_syntax_error():
    text = 'a: "oops\nb: "x\nc: [\n'
    assert first_runaway_quote(text) == RunawayQuote('"', 0, 1, 1, "b:")
    assert first_runaway_quote(text, before=text.index('"')) is None


def test_runaway_quote_of_nodes():
    text = 'a:\n  label: "oops\n  memo: "\n'
    node = yaml.compose(text, Loader=yaml.SafeLoader).value[0][1].value[0][1]
    found = runaway_quote(split_lines(text), node.start_mark, node.end_mark)
    assert found == RunawayQuote('"', 1, 2, 2, "memo:")
    assert found.message() == (
        "the quote opened on line 2 is not closed: the text runs on to the next quote, on line "
        "3, and takes in line 3 ('memo:') as text")
    assert found.message(first_line=2).startswith("the quote opened on line 3 ")
    assert found.hint() == (
        'close the quote on line 2: end the text with " (write \\" for a quote inside it); a '
        "text that does go on over several lines needs its later lines indented more than its "
        "key")


def test_lines_are_counted_as_yaml_counts_them():
    assert split_lines("a\r\nb\rc\u2028d\n") == ["a", "b", "c", "d", ""]
