"""Co-occurrence in a segment and in a window: counts, Jaccard, c-coefficient."""

from __future__ import annotations

import math

import pytest

from qualcode.analysis.cooccurrence import (
    cooccurrence,
    cooccurrence_table,
    dimension_matrix,
    paired,
)
from qualcode.errors import AnalysisError


def pairs_of(table):
    return {(r["code_a"], r["code_b"]): r for r in table.to_dict("records")}


def test_paired_pairs_one_to_one_within_the_window(tiny):
    assert paired([1, 4], [1], 0) == 1
    assert paired([1, 3], [3], 1) == 1
    assert paired([1], [3], 1) == 0
    assert paired([1, 2, 3], [2], 5) == 1      # one B pairs with one A only
    assert paired([0, 10], [1, 11], 1) == 2


def test_same_segment_counts_and_jaccard(tiny):
    table = pairs_of(cooccurrence_table(tiny.tiny_codings(), codebook=tiny.tiny_codebook()))
    assert set(table) == {("enabler", "assessment"), ("enabler", "planning"),
                          ("enabler", "school_denial"), ("coordinator", "caseload"),
                          ("assessment", "staffing")}
    row = table[("enabler", "assessment")]
    assert (row["segments_a"], row["segments_b"], row["count"]) == (4, 3, 1)
    assert row["jaccard"] == 0.167          # 1 / (4 + 3 - 1)
    assert row["c"] == 0.167
    assert table[("enabler", "planning")]["jaccard"] == 0.2
    assert table[("enabler", "school_denial")]["jaccard"] == 0.25
    assert table[("coordinator", "caseload")]["jaccard"] == 0.5
    assert table[("assessment", "staffing")]["jaccard"] == 0.333


def test_window_of_one_segment(tiny):
    table = pairs_of(cooccurrence_table(tiny.tiny_codings(), window=1,
                                        codebook=tiny.tiny_codebook()))
    counts = {k: v["count"] for k, v in table.items()}
    assert counts == {
        ("enabler", "assessment"): 1, ("enabler", "planning"): 1,
        ("enabler", "caseload"): 1, ("enabler", "school_denial"): 1,
        ("coordinator", "assessment"): 1, ("coordinator", "caseload"): 1,
        ("coordinator", "staffing"): 1, ("assessment", "planning"): 1,
        ("assessment", "caseload"): 1, ("assessment", "staffing"): 1,
        ("caseload", "staffing"): 1,
    }
    assert table[("enabler", "caseload")]["jaccard"] == 0.2     # 1 / (4 + 2 - 1)
    assert {r["window"] for r in table.values()} == {1}


def test_c_coefficient_counts_codings_not_segments(tiny):
    rows = [("d1", 1, "enabler", "a"), ("d1", 1, "enabler", "b"), ("d1", 1, "assessment", "c"),
            ("d1", 3, "assessment", "d")]
    table = pairs_of(cooccurrence_table(tiny.tiny_codings(rows)))
    row = table[("enabler", "assessment")]
    # segments: enabler {1}, assessment {1, 3}: Jaccard 1 / (1 + 2 - 1)
    assert (row["count"], row["jaccard"]) == (1, 0.5)
    # codings: enabler 2, assessment 2, one pair: c = 1 / (2 + 2 - 1)
    assert (row["codings_a"], row["codings_b"], row["coding_pairs"], row["c"]) == (2, 2, 1, 0.333)


def test_matrix_is_symmetric_with_own_counts_on_the_diagonal(tiny):
    matrix = cooccurrence(tiny.tiny_codings(), codebook=tiny.tiny_codebook())
    assert matrix.at["enabler", "enabler"] == 4
    assert matrix.at["enabler", "assessment"] == matrix.at["assessment", "enabler"] == 1
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    jaccard = cooccurrence(tiny.tiny_codings(), codebook=tiny.tiny_codebook(), measure="jaccard")
    assert jaccard.at["coordinator", "caseload"] == 0.5
    assert jaccard.at["enabler", "enabler"] == 1.0
    # obstacle_internal is never coded itself (only its children): 0 of 0 segments
    assert math.isnan(jaccard.at["obstacle_internal", "obstacle_internal"])
    assert jaccard.at["obstacle_internal", "enabler"] == 0.0        # 0 of 4: a real 0


def test_a_coefficient_of_two_uncoded_codes_is_nan(tiny):
    table = pairs_of(cooccurrence_table(tiny.tiny_codings(), codebook=tiny.tiny_codebook(),
                                        include_zero=True))
    both = table[("obstacle_internal", "obstacle_external")]         # neither coded itself
    assert both["count"] == 0 and math.isnan(both["jaccard"]) and math.isnan(both["c"])
    one = table[("enabler", "obstacle_internal")]
    assert (one["jaccard"], one["c"]) == (0.0, 0.0)
    roles = dimension_matrix(tiny.tiny_codings(), "obstacle", "obstacle",
                             codebook=tiny.tiny_codebook(), measure="c")
    assert math.isnan(roles.at["obstacle_internal", "obstacle_external"])
    assert roles.at["caseload", "caseload"] == 1.0


def test_role_by_stage(tiny):
    matrix = dimension_matrix(tiny.tiny_codings(), "role", "stage", codebook=tiny.tiny_codebook())
    assert matrix.index.name == "role" and matrix.columns.name == "stage"
    assert matrix.to_dict("index") == {
        "enabler": {"assessment": 1, "planning": 1},
        "coordinator": {"assessment": 0, "planning": 0},
    }
    wide = dimension_matrix(tiny.tiny_codings(), "role", "stage", codebook=tiny.tiny_codebook(),
                            window=1)
    assert wide.at["coordinator", "assessment"] == 1


def test_dimensions_from_the_group_column_without_codebook(tiny):
    matrix = dimension_matrix(tiny.tiny_codings(), "role", "stage")
    assert list(matrix.index) == ["enabler", "coordinator"]
    assert list(matrix.columns) == ["assessment", "planning"]


def test_unknown_dimension_lists_known_ones(tiny):
    with pytest.raises(AnalysisError) as caught:
        dimension_matrix(tiny.tiny_codings(), "role", "phase", codebook=tiny.tiny_codebook())
    assert "unknown dimension 'phase'" in str(caught.value)
    assert "known dimensions: role, stage, obstacle" in str(caught.value)


def test_bad_window_and_measure(tiny):
    with pytest.raises(AnalysisError, match="0 or more"):
        cooccurrence(tiny.tiny_codings(), window=-1)
    with pytest.raises(AnalysisError, match="count, jaccard, c"):
        cooccurrence(tiny.tiny_codings(), measure="dice")


def test_same_segment_counts_equal_the_pairing_walk_on_random_tables():
    import random

    import pandas as pd

    from qualcode.analysis.cooccurrence import (
        _pairs,
        _positions,
        _same_segment_counts,
        _size,
    )

    rng = random.Random(4)
    for _ in range(40):
        n = rng.randint(0, 60)
        codings = pd.DataFrame({
            "document": [rng.choice("xyz") for _ in range(n)],
            "segment": [rng.randint(-1, 6) for _ in range(n)],
            "code": [rng.choice("abcd") for _ in range(n)],
        })
        codes = ["a", "b", "c", "d", "e"]
        segments, quotes, n_segments, n_codings = _same_segment_counts(codings, codes)
        unique, every = _positions(codings, unique=True), _positions(codings, unique=False)
        assert n_segments.tolist() == [_size(unique.get(c, {})) for c in codes]
        assert n_codings.tolist() == [_size(every.get(c, {})) for c in codes]
        for i, first in enumerate(codes):
            for j, second in enumerate(codes):
                if i != j:
                    assert segments[i, j] == _pairs(unique.get(first, {}),
                                                     unique.get(second, {}), 0)
                    assert quotes[i, j] == _pairs(every.get(first, {}),
                                                  every.get(second, {}), 0)
