"""Plain YAML: values YAML cannot build become errors with their position and a hint."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from qualcode.errors import ProjectError
from qualcode.io.yamlsafe import (
    YamlLimitError,
    YamlSyntaxProblem,
    YamlValueError,
    construct_scalar,
    explain_syntax_error,
    load_plain,
)
from qualcode.project.config import read_config

_DATE_HINT = ("write the date as YYYY-MM-DD with a real month and day, or quote it to keep it "
              "as text")


def test_good_values_are_what_safe_load_makes_of_them():
    text = "a: 2024-05-14\nb: [12, 0x1F, 1.5, true, ~]\nc: {d: '2024-13-45', e: 1:30}\n"
    assert load_plain(text) == yaml.safe_load(text) == {
        "a": dt.date(2024, 5, 14), "b": [12, 31, 1.5, True, None],
        "c": {"d": "2024-13-45", "e": 90},
    }


def test_a_bad_value_is_a_yaml_error_with_its_mark_and_hint():
    with pytest.raises(yaml.YAMLError) as caught:
        load_plain("name: x\nwhen:\n  start: 2024-13-45\n")
    error = caught.value
    assert isinstance(error, YamlValueError)
    assert (error.problem, error.problem_mark.line, error.problem_mark.column, error.hint) == (
        "the value '2024-13-45' looks like a date but is not a valid one (month must be in "
        "1..12)", 2, 9, _DATE_HINT)
    assert type(error.__cause__) is ValueError


def test_limits_are_still_checked_before_values_are_built():
    with pytest.raises(YamlLimitError):
        load_plain("a: &x 2024-13-45\nb: *x\n")


def test_construct_scalar_builds_without_remembering_the_node():
    constructor = SafeConstructor()
    node = ScalarNode("tag:yaml.org,2002:timestamp", "2024-05-14")
    assert construct_scalar(constructor, node) == dt.date(2024, 5, 14)
    assert constructor.constructed_objects == {}


def test_construct_scalar_without_a_mark():
    node = ScalarNode("tag:yaml.org,2002:timestamp", "2024-02-30")
    with pytest.raises(YamlValueError) as caught:
        construct_scalar(SafeConstructor(), node)
    assert (caught.value.problem, caught.value.problem_mark, caught.value.hint) == (
        "the value '2024-02-30' looks like a date but is not a valid one (day is out of range "
        "for month)", None, _DATE_HINT)


def test_project_settings_with_an_impossible_date_are_a_project_error(tmp_path):
    text = "name: study\nunit: turn\nlanguages: [id, 2024-13-45]\n"
    (tmp_path / "qualcode.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        read_config(tmp_path)
    error = caught.value
    assert (error.path, error.line, error.message) == (
        str(tmp_path / "qualcode.yaml"), 3,
        "the project settings are not valid YAML: the value '2024-13-45' looks like a date but "
        "is not a valid one (month must be in 1..12)")
    assert error.hint == _DATE_HINT  # the value's own advice, not the general one


def _explained(text: str) -> YamlSyntaxProblem:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=yaml.SafeLoader)
    return explain_syntax_error(caught.value, text)


_SINGLE = "end the text with ' as well (write '' for an apostrophe inside it)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PyYAML fails at the end of the file (line 3 of 2, or 4 of 3): the opening is named
        ("a:\n  - '\\bfoo\n  - b\n", ("the quoted text opened on line 2 is never closed", 2,
                                         _SINGLE)),
        ("a: 'x\n\n\n", ("the quoted text opened on line 1 is never closed", 1, _SINGLE)),
        ('a: "x\n---\nb\n', ("the quoted text opened on line 1 is not closed: on line 2, found "
                              "unexpected document separator", 1,
                              'end the text with " as well (write \\" for a quote inside it); '
                              "a regular expression is safer in single quotes")),
        ("a:\n  - {id: [x]\n", ("the '{' opened on line 2 is never closed", 2,
                                 "close it with '}'")),
        ("a: [x, y", ("the '[' opened on line 1 is never closed", 1, "close it with ']'")),
        ("a: [\n", ("the '[' opened on line 1 is never closed", 1, "close it with ']'")),
        ("a: [x, {b: #c}]\n", ("the '{' opened on line 1 is never closed", 1,
                               "a '#' after a space starts a comment, which hides the rest of "
                               "line 1 (and its '}'): quote the value holding the '#'")),
        ("a:\n  - [x, y\n  - z: 1\n", ("the '[' opened on line 2 is not closed: on line 3, "
                                       "expected ',' or ']', but got ':'", 2,
                                       "close it with ']'")),
        # the problem's own line, naming the construct it was in
        ("a:\n  b: 1\n c: 2\n", ("expected <block end>, but found '<block mapping start>' "
                                 "(while parsing a block mapping that starts on line 1)", 3,
                                 None)),
        ("a: b: c\n", ("mapping values are not allowed here", 1, None)),
        # a key without ':' is named on its own line, not the next
        ("a:\n  b: 1\n  c\n  d: 2\n", ("could not find expected ':' (while scanning a simple "
                                       "key)", 3, None)),
    ],
)
def test_syntax_errors_name_the_line_to_fix(text, expected):
    assert tuple(_explained(text)) == expected


@given(st.text(alphabet="ab:-'\"[]{},# \n\r", max_size=40))
def test_a_syntax_error_never_names_a_line_past_the_end(text):
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        last = max(1, len(text.splitlines()))  # \n, \r and \r\n, as YAML counts them
        assert 1 <= explain_syntax_error(exc, text).line <= last
    except yaml.YAMLError:
        pass  # errors without a position are not about lines


def test_syntax_error_lines_can_be_counted_from_a_later_line_of_the_file():
    # front matter: the YAML between the '---' lines starts on line 2 of the document
    block = "id: x\ncase: [MK01\ntitle: {a: 1\n"
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(block, Loader=yaml.SafeLoader)
    assert tuple(explain_syntax_error(caught.value, block, first_line=2)) == (
        "the '[' opened on line 3 is not closed: on line 4, expected ',' or ']', but got ':'", 3,
        "close it with ']'")


def test_a_quote_closed_by_a_later_one_is_named_where_it_opens():
    # the quote after 'case:' is closed by the one after 'title:', and YAML fails on the rest
    # of that line: the line to fix is the first
    block = 'id: x\ncase: "MK01\ntitle: "Wawancara 1"\n'
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(block, Loader=yaml.SafeLoader)
    assert tuple(explain_syntax_error(caught.value, block, first_line=2)) == (
        "the quote opened on line 3 is not closed: the text runs on to the next quote, on line "
        "4, and takes in line 4 ('title:') as text (YAML then fails on line 4: expected <block "
        "end>, but found '<scalar>')", 3,
        'close the quote on line 3: end the text with " (write \\" for a quote inside it); a '
        "text that does go on over several lines needs its later lines indented more than its "
        "key")
