"""Code x document and code x case matrices on the hand-computed tiny example."""

from __future__ import annotations

import pandas as pd
import pytest

from qualcode.analysis.matrices import code_by_case, code_by_document
from qualcode.errors import AnalysisError, CodingsError

CODES = ["enabler", "coordinator", "assessment", "planning", "obstacle_internal", "caseload",
         "staffing", "obstacle_external", "school_denial"]


def test_code_by_document_counts_codings_in_codebook_and_corpus_order(tiny):
    matrix = code_by_document(tiny.tiny_codings(), codebook=tiny.tiny_codebook(),
                              segments=tiny.tiny_segments())
    assert list(matrix.index) == CODES
    assert list(matrix.columns) == ["d1", "d2", "d3", "d4"]
    assert matrix.index.name == "code" and matrix.columns.name == "document"
    assert matrix.to_dict("index") == {
        "enabler": {"d1": 1, "d2": 2, "d3": 1, "d4": 0},
        "coordinator": {"d1": 1, "d2": 0, "d3": 0, "d4": 0},
        "assessment": {"d1": 2, "d2": 0, "d3": 0, "d4": 1},
        "planning": {"d1": 0, "d2": 1, "d3": 0, "d4": 1},
        "obstacle_internal": {"d1": 0, "d2": 0, "d3": 0, "d4": 0},
        "caseload": {"d1": 1, "d2": 0, "d3": 1, "d4": 0},
        "staffing": {"d1": 1, "d2": 0, "d3": 0, "d4": 0},
        "obstacle_external": {"d1": 0, "d2": 0, "d3": 0, "d4": 0},
        "school_denial": {"d1": 0, "d2": 1, "d3": 0, "d4": 0},
    }
    assert all(str(t) == "int64" for t in matrix.dtypes)


def test_code_by_document_presence_is_zero_or_one(tiny):
    matrix = code_by_document(tiny.tiny_codings(), codebook=tiny.tiny_codebook(), presence=True)
    assert matrix.loc["enabler"].tolist() == [1, 1, 1, 0]
    assert matrix.loc["assessment"].tolist() == [1, 0, 0, 1]
    assert int(matrix.to_numpy().max()) == 1


def test_code_by_case_leaves_out_documents_without_a_case(tiny):
    matrix = code_by_case(tiny.tiny_codings(), codebook=tiny.tiny_codebook(),
                          segments=tiny.tiny_segments())
    assert list(matrix.columns) == ["A", "B"]
    assert matrix["A"].tolist() == [2, 1, 2, 0, 0, 2, 1, 0, 0]
    assert matrix["B"].tolist() == [2, 0, 0, 1, 0, 0, 0, 0, 1]
    presence = code_by_case(tiny.tiny_codings(), codebook=tiny.tiny_codebook(), presence=True)
    assert presence["A"].tolist() == [1, 1, 1, 0, 0, 1, 1, 0, 0]


def test_case_order_can_be_given(tiny):
    matrix = code_by_case(tiny.tiny_codings(), cases=["B", "A"])
    assert list(matrix.columns) == ["B", "A"]


def test_unknown_case_ids_are_refused_not_added_as_empty_columns(tiny):
    with pytest.raises(AnalysisError, match="unknown cases 'Z', 'B '") as info:
        code_by_case(tiny.tiny_codings(), segments=tiny.tiny_segments(),
                     cases=["B", "Z", "A", "B "])
    assert info.value.hint == "known cases: A, B; did you mean 'B' for 'B '?"
    with pytest.raises(AnalysisError, match="unknown case 'Z'") as info:
        code_by_case(tiny.tiny_codings(), cases="Z")
    assert "without a segments table only the cases of the codings are known" in str(info.value)


def test_without_codebook_rows_follow_first_appearance(tiny):
    matrix = code_by_document(tiny.tiny_codings())
    assert list(matrix.index) == ["enabler", "assessment", "coordinator", "caseload",
                                  "staffing", "planning", "school_denial"]
    assert list(matrix.columns) == ["d1", "d2", "d3", "d4"]


def test_empty_codings_give_an_all_zero_matrix(tiny):
    empty = pd.DataFrame(columns=["document", "case", "segment", "code"])
    matrix = code_by_document(empty, codebook=tiny.tiny_codebook(), segments=tiny.tiny_segments())
    assert matrix.shape == (9, 4)
    assert int(matrix.to_numpy().sum()) == 0


def test_missing_column_names_it(tiny):
    with pytest.raises(CodingsError, match="no column code"):
        code_by_document(pd.DataFrame({"document": ["d1"]}))


def test_one_case_id_is_one_case_not_its_letters(tiny):
    codings = tiny.tiny_codings(rows=[("d1", 1, "enabler", "dampingi"),
                                      ("d2", 1, "enabler", "dampingi")])
    codings["case"] = ["case_one", "case_two"]
    matrix = code_by_case(codings, cases="case_two")
    assert list(matrix.columns) == ["case_two", "case_one"]
    with pytest.raises(AnalysisError, match="cases must be names"):
        code_by_case(codings, cases=[3])
