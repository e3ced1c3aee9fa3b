"""Normalising codings and units tables: positions, and where each row was read."""

import pandas as pd
import pytest

from qualcode.analysis.frames import normalise_codings, place
from qualcode.cells import POSITION_HINT, position_values
from qualcode.errors import CodingsError
from qualcode.origin import mark_origin


def test_position_values_take_whole_numbers_and_refuse_the_rest():
    cells = pd.Series(["", "-1", "0", "007", " 12 ", "3.0", "abc", "-5", "1e3", "2.5",
                       "99999999999999999999", None])
    values, bad = position_values(cells)
    assert values.tolist() == [-1, -1, 0, 7, 12, 3, -1, -1, -1, -1, -1, -1]
    assert bad.tolist() == [False] * 6 + [True] * 5 + [False]
    assert str(values.dtype) == "int64"


def test_integer_columns_pass():
    values, bad = position_values(pd.Series([0, 4, -1], dtype="int64"))
    assert values.tolist() == [0, 4, -1] and not bad.any()


def test_bad_numbers_are_named_by_file_and_line():
    frame = pd.DataFrame({"document": ["d1", "d1", "d1"], "segment": ["1", "abc", "-5"],
                          "code": ["a", "b", "c"]})
    with pytest.raises(CodingsError) as caught:
        normalise_codings(mark_origin(frame, "ana.csv", [2, 4, 7]), name="ana.csv")
    issues = caught.value.issues
    assert [(i.path, i.line, i.message) for i in issues] == [
        ("ana.csv", 4, "segment 'abc' is not a whole number"),
        ("ana.csv", 7, "segment '-5' is negative"),
    ]


def test_a_table_not_read_from_a_file_names_its_row():
    frame = pd.DataFrame({"document": ["d1", "d1"], "segment": ["1", "x"], "code": ["a", "b"]})
    with pytest.raises(CodingsError) as caught:
        normalise_codings(frame, name="codings")
    issue = caught.value.issues[0]
    assert (issue.path, issue.line, issue.where) == ("codings", None, "row 2")


def test_rows_keep_their_place_after_rows_are_dropped():
    frame = pd.DataFrame({"document": ["d1", "d1"], "segment": ["1", "2"], "code": ["", "b"]})
    out = normalise_codings(mark_origin(frame, "ana.csv"))
    assert place(out, 0) == {"path": "ana.csv", "line": 3}


def test_units_repeat_by_the_rule_of_the_segments_reader():
    from qualcode.analysis.frames import normalise_units

    units = pd.DataFrame({"document": ["d1", "d1", "d1", " d1"], "segment": ["x", "y", "1", "1"],
                          "start": ["0", "6", "10", "20"], "end": ["5", "9", "15", "25"]})
    with pytest.raises(CodingsError) as caught:
        normalise_units(mark_origin(units, "units.csv"))
    assert [(i.code, i.line, i.message, i.hint) for i in caught.value.issues] == [
        ("E702", 2, "segment 'x' is not a whole number", POSITION_HINT),
        ("E702", 3, "segment 'y' is not a whole number", POSITION_HINT),
        ("E704", 5, "segment 1 of document d1 repeats (first at units.csv:4)",
         "pass the segments table of one segmentation, each segment once"),
    ]
