"""Tests for reading simple front matter without the YAML parser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from qualcode.io.frontmatter import FrontMatter, _simple_mapping, split_front_matter


def test_simple_lines_become_what_the_parser_makes_of_them():
    block = ("id: mk01-rina\ntitle: Wawancara manajer kasus 1\nlanguage: id\n\n"
             "date: 2024-05-14\nsynthetic: true\nyears: 012\nshare: 1.5\nnote: \n"
             "memo: Bu Rina's (kasus) 2/3; lanjut, ya  \n")
    assert _simple_mapping(block) == {
        "id": "mk01-rina", "title": "Wawancara manajer kasus 1", "language": "id",
        "date": dt.date(2024, 5, 14), "synthetic": True, "years": 10, "share": 1.5,
        "note": None, "memo": "Bu Rina's (kasus) 2/3; lanjut, ya",
    }
    assert _simple_mapping(block) == yaml.safe_load(block)


def test_a_repeated_key_keeps_its_first_place_and_last_value():
    assert list(_simple_mapping("a: 1\nb: 2\na: x\n").items()) == [("a", "x"), ("b", 2)]


@pytest.mark.parametrize(
    "block",
    [
        "",
        "\n\n",
        "true: x\n",  # the key would be a bool
        "null: x\n",
        "id:x\n",  # no blank after the colon: one plain scalar, not a mapping
        "id : x\n",
        "id: 'x'\n",
        "id: x # note\n",
        "id: a: b\n",
        "id: [a, b]\n",
        "id: &a x\n",
        "id:\n  - a\n",
        "id: x\n  more\n",
        "# comment\nid: x\n",
        "id: -1\n",
        "id: .5\n",
        "id: x\ty\n",
        "id: caf\u00e9\u00a0x\n",
        "- a\n",
    ],
)
def test_anything_else_is_left_to_the_parser(block):
    assert _simple_mapping(block) is None


def test_an_impossible_date_raises_what_the_parser_raises():
    with pytest.raises(ValueError, match=r"month must be in 1\.\.12"):
        _simple_mapping("id: x\ndate: 2024-13-01\n")
    # ... but only once every line is known to be simple: here the parser reports the YAML
    # error of the last line first.
    assert _simple_mapping("date: 2024-13-01\nid: [x\n") is None


def test_split_front_matter_reads_simple_and_parsed_blocks_alike():
    simple = split_front_matter("---\nid: x\ndate: 2024-05-14\nspeakers: Rina\n---\nQ: hi\n")
    parsed = split_front_matter("---\nid: x\ndate: 2024-05-14\nspeakers: [Rina]\n---\nQ: hi\n")
    assert simple == FrontMatter({"id": "x", "date": "2024-05-14", "speakers": "Rina"}, 46)
    assert parsed == FrontMatter({"id": "x", "date": "2024-05-14", "speakers": "Rina"}, 48)


_KEYS = st.sampled_from(["id", "case", "a_1", "Yes", "on", "null", "true", "x", "NULL", "n"])
_VALUES = st.one_of(
    st.sampled_from(["", "true", "No", "~", "null", "12", "012", "0x1F", "0o17", "1_000", "1.5",
                     "1e3", "1.0e+3", "-1", "+1", "2024-05-14", "2024-5-4", "2024-02-30",
                     "Bu Rina", "a  b", "mk01-rina", "0b101", "190", ".inf", "1st", "caf\u00e9",
                     "\u0663", "\u00b2", "\u217b"]),
    st.text(alphabet="aZ09_ .,;()/'+-\u00e9\u0130\u00a0\t:#\"[]{}!&*|>%@`?=~<", max_size=8),
)
_LINES = st.tuples(_KEYS, st.sampled_from([": ", ":", ":  "]), _VALUES).map("".join)


@given(st.lists(_LINES, min_size=1, max_size=4).map(lambda rows: "\n".join(rows) + "\n"))
@example("id: x\ndate: 2024-02-30\n")
def test_simple_mapping_agrees_with_the_parser(block):
    try:
        fast = _simple_mapping(block)
    except ValueError as exc:
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            yaml.safe_load(block)
        return
    if fast is not None:
        slow = yaml.safe_load(block)
        assert [(k, type(v), v) for k, v in fast.items()] == [
            (k, type(v), v) for k, v in slow.items()
        ]
