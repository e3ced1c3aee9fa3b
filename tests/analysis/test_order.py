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
    require_columns,
    text_value,
)
from qualcode.errors import AnalysisError, CodingsError


def test_text_value_treats_missing_cells_as_empty():
    assert [text_value(v) for v in (None, math.nan, "x", 3)] == ["", "", "x", "3"]


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
