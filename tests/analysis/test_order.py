"""Row and column order helpers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qualcode.analysis.order import (
    case_order,
    code_order,
    dimension_codes,
    document_order,
    known_dimensions,
    object_text,
    require_columns,
    text_value,
    text_values,
)
from qualcode.errors import AnalysisError, CodingsError


def test_text_value_treats_missing_cells_as_empty():
    assert [text_value(v) for v in (None, math.nan, "x", 3)] == ["", "", "x", "3"]


@pytest.mark.parametrize("dtype", [object, "str", "string"])
def test_text_values_gives_python_strings_with_missing_cells_empty(dtype):
    column = pd.Series(["a", None, "b", math.nan], index=[3, 4, 5, 6], dtype=dtype)
    out = text_values(column)
    assert out.tolist() == ["a", "", "b", ""] and out.index.tolist() == [3, 4, 5, 6]
    assert out.dtype == object
    assert text_values(pd.Series(["a", "b"], dtype=dtype)).tolist() == ["a", "b"]
    assert text_values(pd.Series(["a", 3, 2.5], dtype=object)).tolist() == ["a", "3", "2.5"]
    assert text_values(pd.Series([7, 8])).tolist() == ["7", "8"]


def test_codebook_first_then_unknown_codes(tiny):
    codings = tiny.tiny_codings()
    codings.loc[0, "code"] = "extra"
    order = code_order(codings, tiny.tiny_codebook())
    assert order[-1] == "extra" and order[0] == "enabler" and len(order) == 10


def test_documents_and_cases_follow_the_corpus(tiny):
    codings = tiny.tiny_codings()[::-1]
    assert document_order(codings) == ["d4", "d3", "d2", "d1"]
    assert document_order(codings, tiny.tiny_segments()) == ["d1", "d2", "d3", "d4"]
    assert case_order(codings, tiny.tiny_segments()) == ["A", "B"]
    assert case_order(codings, None, ["B"]) == ["B", "A"]


def test_dimensions(tiny):
    book = tiny.tiny_codebook()
    assert known_dimensions(tiny.tiny_codings(), book) == ["role", "stage", "obstacle"]
    assert dimension_codes("obstacle", tiny.tiny_codings(), book) == [
        "obstacle_internal", "caseload", "staffing", "obstacle_external", "school_denial"]
    with pytest.raises(AnalysisError, match="known dimensions: role, stage, obstacle"):
        dimension_codes("impact", tiny.tiny_codings(), book)


def test_require_columns_names_all_missing():
    with pytest.raises(CodingsError) as caught:
        require_columns(pd.DataFrame({"x": []}), ["document", "code"])
    assert "no columns document, code" in str(caught.value)


def test_object_text_turns_string_columns_into_python_strings():
    frame = pd.DataFrame({"a": pd.array(["x", None, "z"], dtype="str"),
                          "b": pd.array(["p", None, "r"], dtype="string"),
                          "n": [1, 2, 3]}, index=[5, 6, 7])
    out = object_text(frame)
    assert [str(t) for t in out.dtypes] == ["object", "object", "int64"]
    assert out["a"].tolist()[::2] == ["x", "z"] and math.isnan(out["a"][6])
    assert out["b"].tolist()[::2] == ["p", "r"] and math.isnan(out["b"][6])
    assert out.index.tolist() == [5, 6, 7]
    assert str(frame["a"].dtype) == "str"  # the caller's frame is left alone
    plain = pd.DataFrame({"n": [1]})
    assert object_text(plain) is plain


def test_sorting_and_rolling_up_read_tables_as_in_memory_ones(tiny):
    from qualcode.analysis.rollup import roll_up, sort_codings

    memory = tiny.tiny_codings().astype({"document": object, "code": object, "text": object})
    read = memory.astype({c: "str" for c in ("document", "code", "match", "text")})
    book = tiny.tiny_codebook()
    for run in (lambda t: sort_codings(t, codebook=book), lambda t: roll_up(t, book)):
        pd.testing.assert_frame_equal(run(read), run(memory))


def test_first_appearance_is_the_same_for_string_and_object_columns():
    values = ["d2", None, "", "d1", "d2", "d3"]
    codings = pd.DataFrame({"document": ["d9"]})
    for dtype in ("str", "string", object):
        segments = pd.DataFrame({"document": pd.array(values, dtype=dtype)})
        assert document_order(codings, segments) == ["d2", "d1", "d3", "d9"]
