"""Code frequencies with shares of documents and cases."""

from __future__ import annotations

import pytest

from qualcode.analysis.frequencies import FREQUENCY_COLUMNS, code_frequencies
from qualcode.analysis.rollup import roll_up
from qualcode.errors import AnalysisError


def test_frequencies_on_the_rolled_up_example(tiny):
    book = tiny.tiny_codebook()
    freq = code_frequencies(roll_up(tiny.tiny_codings(), book), codebook=book,
                            segments=tiny.tiny_segments())
    assert tuple(freq.columns) == FREQUENCY_COLUMNS
    rows = {r["code"]: r for r in freq.to_dict("records")}
    assert list(rows) == ["enabler", "coordinator", "assessment", "planning",
                          "obstacle_internal", "caseload", "staffing", "obstacle_external",
                          "school_denial"]
    # 4 documents, 2 cases (d4 belongs to none)
    assert {k: rows["enabler"][k] for k in FREQUENCY_COLUMNS[4:]} == {
        "codings": 4, "segments": 4, "documents": 3, "documents_percent": 75.0,
        "cases": 2, "cases_percent": 100.0}
    assert {k: rows["assessment"][k] for k in FREQUENCY_COLUMNS[4:]} == {
        "codings": 3, "segments": 3, "documents": 2, "documents_percent": 50.0,
        "cases": 1, "cases_percent": 50.0}
    assert {k: rows["obstacle_internal"][k] for k in FREQUENCY_COLUMNS[4:]} == {
        "codings": 3, "segments": 3, "documents": 2, "documents_percent": 50.0,
        "cases": 1, "cases_percent": 50.0}
    assert rows["staffing"]["documents_percent"] == 25.0
    assert (rows["caseload"]["label"], rows["caseload"]["dimension"],
            rows["caseload"]["parent"]) == ("Caseload", "obstacle", "obstacle_internal")


def test_without_segments_the_codings_give_the_totals(tiny):
    rows = [("d1", 1, "enabler", ""), ("d1", 3, "enabler", ""), ("d2", 1, "planning", "")]
    freq = code_frequencies(tiny.tiny_codings(rows)).set_index("code")
    assert freq.loc["enabler", "codings"] == 2
    assert freq.loc["enabler", "documents_percent"] == 50.0   # 1 of 2 documents seen
    assert freq.loc["planning", "cases_percent"] == 50.0
    assert freq.loc["planning", "dimension"] == "stage"         # from the group column


def test_a_segment_coded_twice_counts_once_as_a_segment(tiny):
    rows = [("d1", 1, "enabler", "a"), ("d1", 1, "enabler", "b")]
    freq = code_frequencies(tiny.tiny_codings(rows)).set_index("code")
    assert (freq.loc["enabler", "codings"], freq.loc["enabler", "segments"]) == (2, 1)


def test_codings_without_a_segment_number_are_in_no_segment():
    import pandas as pd

    codings = pd.DataFrame({"document": ["d1"] * 4 + ["d2"], "segment": [-1, -1, -1, 2, -1],
                            "start": [0, 20, 40, 60, 0], "end": [10, 30, 50, 70, 5],
                            "code": ["enabler"] * 5})
    row = code_frequencies(codings).iloc[0]
    assert (row["codings"], row["segments"], row["documents"]) == (5, 1, 2)


def test_one_case_id_is_counted_as_one_case(tiny):
    codings = tiny.tiny_codings(rows=[("d1", 1, "enabler", "dampingi")])
    codings["case"] = ["case_one"]
    freq = code_frequencies(codings, cases="case_one")
    assert freq.set_index("code").at["enabler", "cases_percent"] == 100.0


def test_an_unknown_case_id_does_not_change_the_shares(tiny):
    book = tiny.tiny_codebook()
    with pytest.raises(AnalysisError, match="unknown case 'A '"):
        code_frequencies(tiny.tiny_codings(), codebook=book, segments=tiny.tiny_segments(),
                         cases=["B", "A "])
    freq = code_frequencies(tiny.tiny_codings(), codebook=book, segments=tiny.tiny_segments(),
                            cases=["B", "A"])
    assert freq.set_index("code").at["enabler", "cases_percent"] == 100.0


def test_a_share_of_no_documents_or_no_cases_is_nan(tiny):
    import math

    codings = tiny.tiny_codings([("d1", 1, "enabler", ""), ("d2", 1, "planning", "")])
    freq = code_frequencies(codings.drop(columns=["case"])).set_index("code")
    assert freq.loc["enabler", "documents_percent"] == 50.0
    # no case at all: nothing was counted, so the count is empty too, not 0
    assert math.isnan(freq.loc["enabler", "cases"])
    assert math.isnan(freq.loc["enabler", "cases_percent"])
    empty = code_frequencies(codings.iloc[:0], codebook=tiny.tiny_codebook()).set_index("code")
    assert empty["codings"].eq(0).all()
    assert empty["documents_percent"].isna().all() and empty["cases_percent"].isna().all()
    with_cases = code_frequencies(codings, codebook=tiny.tiny_codebook()).set_index("code")
    assert with_cases.loc["coordinator", "cases_percent"] == 0.0    # 0 of 2 cases
