"""Plain YAML: values YAML cannot build become errors with their position and a hint."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from qualcode.errors import ProjectError
from qualcode.io.yamlsafe import YamlLimitError, YamlValueError, construct_scalar, load_plain
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
