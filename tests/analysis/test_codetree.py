"""The codebook a codings table implies, for an analysis without a codebook file."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qualcode.analysis.codetree import TableCodebook, table_codebook
from qualcode.analysis.order import code_order, dimension_codes, known_dimensions
from qualcode.errors import CodingsError


def test_codes_parents_and_dimensions_come_from_the_table(tiny):
    book = table_codebook(tiny.tiny_codings())
    assert isinstance(book, TableCodebook) and book.languages == ()
    assert [(c.id, c.parent, c.dimension) for c in book.codes] == [
        ("enabler", None, "role"), ("assessment", None, "stage"), ("coordinator", None, "role"),
        ("obstacle_internal", None, "obstacle"), ("caseload", "obstacle_internal", "obstacle"),
        ("staffing", "obstacle_internal", "obstacle"), ("planning", None, "stage"),
        ("obstacle_external", None, "obstacle"),
        ("school_denial", "obstacle_external", "obstacle")]
    assert [d.id for d in book.dimensions] == ["role", "stage", "obstacle"]
    assert book.code("caseload").label("en") == "caseload"


def test_the_rows_do_not_depend_on_which_codings_are_kept(tiny):
    codings = tiny.tiny_codings()
    book = table_codebook(codings)
    kept = codings[codings["group"] == "role"]  # the stage and obstacle codings left out
    assert code_order(kept, book) == [c.id for c in book.codes]
    assert known_dimensions(kept, book) == ["role", "stage", "obstacle"]
    assert dimension_codes("stage", kept, book) == ["assessment", "planning"]
    assert code_order(kept) == ["enabler", "coordinator"]  # what the kept rows alone give


def test_the_first_row_of_a_code_decides_and_blank_cells_name_nothing():
    codings = pd.DataFrame({
        "document": ["d"] * 5, "segment": [0, 1, 2, 3, 4],
        "code": ["b", "c", "b", "", math.nan],
        "code_path": ["b", "a/b/c", "x/b", "z", "y"],
        "group": ["", math.nan, "one", "two", "three"],
    })
    book = table_codebook(codings)
    # b's first row made it a root: neither c's path (a/b/c) nor a later one (x/b) moves it,
    # though a and x, named in paths, are codes too; its first non-empty group is its dimension
    assert [(c.id, c.parent, c.dimension) for c in book.codes] == [
        ("b", None, "one"), ("a", None, None), ("c", "b", None), ("x", None, "one")]
    assert [d.id for d in book.dimensions] == ["one"]
    assert table_codebook(codings[["document", "segment", "code"]]).codes[0].parent is None


def test_a_table_without_codes_is_refused():
    with pytest.raises(CodingsError, match="has no column code"):
        table_codebook(pd.DataFrame({"document": ["d"]}))
