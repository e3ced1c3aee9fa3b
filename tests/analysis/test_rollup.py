"""Rolling child codes up into their parents, once per segment."""

from __future__ import annotations

import pandas as pd

from qualcode.analysis.rollup import ancestors, roll_up


def test_children_add_their_parent_once_per_segment(tiny):
    rows = [("d1", 3, "caseload", "kasus"), ("d1", 3, "staffing", "orang"),
            ("d1", 4, "staffing", "kurang")]
    rolled = roll_up(tiny.tiny_codings(rows), tiny.tiny_codebook())
    assert list(zip(rolled["segment"], rolled["code"], strict=True)) == [
        (3, "obstacle_internal"), (3, "caseload"), (3, "staffing"),
        (4, "obstacle_internal"), (4, "staffing"),
    ]
    parent = rolled.iloc[0]
    assert parent["rule"] == "roll-up of caseload, staffing"
    assert parent["match"] == "kasus; orang"
    assert parent["code_path"] == "obstacle_internal"
    assert parent["group"] == "obstacle"
    assert parent["text"] == "d1 turn 3"


def test_a_direct_parent_coding_is_kept_and_not_doubled(tiny):
    rows = [("d1", 3, "obstacle_internal", "hambatan"), ("d1", 3, "caseload", "kasus")]
    rolled = roll_up(tiny.tiny_codings(rows), tiny.tiny_codebook())
    assert rolled["code"].tolist() == ["obstacle_internal", "caseload"]
    assert rolled.iloc[0]["rule"] == "obstacle_internal.rules[0]"


def test_hierarchy_from_code_path_without_codebook(tiny):
    rolled = roll_up(tiny.tiny_codings())
    assert (rolled["code"] == "obstacle_internal").sum() == 3
    assert (rolled["code"] == "obstacle_external").sum() == 1
    assert len(rolled) == len(tiny.tiny_codings()) + 4
    assert ancestors(tiny.tiny_codings())["school_denial"] == ("obstacle_external",)


def test_original_rows_unchanged(tiny):
    codings = tiny.tiny_codings()
    rolled = roll_up(codings, tiny.tiny_codebook())
    original = rolled[~rolled["rule"].str.startswith("roll-up")].reset_index(drop=True)
    # the same cells; text columns come back as Python strings (see object_text)
    pd.testing.assert_frame_equal(original, codings, check_dtype=False)


def test_without_codebook_a_parent_comes_before_its_first_child(tiny):
    rolled = roll_up(tiny.tiny_codings())
    assert list(dict.fromkeys(rolled["code"])) == [
        "enabler", "assessment", "coordinator", "obstacle_internal", "caseload", "staffing",
        "planning", "obstacle_external", "school_denial"]
