"""Segment, start and end of saved codings and segments tables: one rule, bad cells named by
file and line."""

import pytest

from qualcode.errors import CodingsError
from qualcode.io.codings import read_codings, read_segments


def test_overflowing_negative_and_exponent_segments_are_refused(tmp_path):
    path = tmp_path / "s1.csv"
    path.write_text("document,segment,code\nd1,99999999999999999999,enabler\n\nd1,-5,enabler\n"
                    "d1,1e3,assessment\nd1,-1,enabler\nd1,,enabler\nd1,4.0,enabler\n",
                    encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        read_codings(path)
    assert [(i.code, i.line, i.message) for i in caught.value.issues] == [
        ("C001", 2, "segment '99999999999999999999' is too large"),
        ("C001", 4, "segment '-5' is negative"),
        ("C001", 5, "segment '1e3' is not a whole number"),
    ]
    assert all(i.path == str(path) for i in caught.value.issues)


def test_whole_numbers_and_no_segment_are_read(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("document,segment,start,end,code\nd1,-1,,,a\nd1,,0,5,a\nd1,4.0,7,9,a\n",
                    encoding="utf-8")
    table = read_codings(path)
    assert table["segment"].tolist() == [-1, -1, 4]
    assert table["start"].tolist() == [-1, 0, 7] and table["end"].tolist() == [-1, 5, 9]


def test_segments_table_positions_follow_the_same_rule(tmp_path):
    path = tmp_path / "segments.csv"
    path.write_text("document,segment,start,end,text\nd1,,0,5,x\nd1,1,-3,4,y\nd1,2,1e3,9,z\n"
                    "d1,3,10,12,w\n", encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        read_segments(path)
    assert [(i.line, i.where, i.message) for i in caught.value.issues] == [
        (2, "segment", "segment is empty"),
        (3, "start", "start '-3' is negative"),
        (4, "start", "start '1e3' is not a whole number"),
    ]


def test_a_segment_listed_twice_in_the_segments_table_is_refused(tmp_path):
    path = tmp_path / "segments.csv"
    path.write_text("document,segment,start,end,text\nd1,0,0,5,x\nd1,1,6,9,y\n\nd1,1,6,9,z\n"
                    "d2,1,0,3,w\n", encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        read_segments(path)
    (issue,) = caught.value.issues
    assert (issue.code, issue.path, issue.line) == ("E704", str(path), 5)
    assert issue.message == f"segment 1 of document d1 repeats (first at {path}:3)"
    assert issue.hint == "pass the segments table of one segmentation, each segment once"


def test_bad_segment_cells_repeat_nothing_and_ids_are_compared_without_spaces(tmp_path):
    path = tmp_path / "segments.csv"
    path.write_text("document,segment,start,end,text\nd1,x,0,5,a\nd1,y,6,9,b\nd1,1,0,5,c\n"
                    " d1 ,1,6,9,d\n", encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        read_segments(path)
    assert [(i.code, i.line, i.message) for i in caught.value.issues] == [
        ("C001", 2, "segment 'x' is not a whole number"),
        ("C001", 3, "segment 'y' is not a whole number"),
        ("E704", 5, f"segment 1 of document d1 repeats (first at {path}:4)"),
    ]
