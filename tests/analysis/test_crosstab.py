"""Code x attribute crosstabs: counts, row and column percentages, cases."""

from __future__ import annotations

import pytest

from qualcode.analysis.crosstab import attribute_crosstab, code_by_attribute
from qualcode.analysis.rollup import roll_up
from qualcode.errors import AnalysisError


def rolled(tiny):
    return roll_up(tiny.tiny_codings(), tiny.tiny_codebook())


def test_counts_leave_out_empty_values_and_follow_corpus_order(tiny):
    matrix = code_by_attribute(rolled(tiny), "informant_role", codebook=tiny.tiny_codebook(),
                               segments=tiny.tiny_segments())
    assert list(matrix.columns) == ["manajer_kasus", "psikolog"]
    assert matrix["manajer_kasus"].tolist() == [2, 1, 2, 0, 3, 2, 1, 0, 0]
    assert matrix["psikolog"].tolist() == [2, 0, 0, 1, 0, 0, 0, 1, 1]


def test_row_and_column_percentages(tiny):
    book = tiny.tiny_codebook()
    rows = code_by_attribute(rolled(tiny), "informant_role", measure="row_percent", codebook=book)
    assert rows.loc["enabler"].tolist() == [50.0, 50.0]
    assert rows.loc["planning"].tolist() == [0.0, 100.0]
    assert rows.loc["obstacle_external"].tolist() == [0.0, 100.0]
    columns = code_by_attribute(rolled(tiny), "informant_role", measure="column_percent",
                                codebook=book)
    # column totals: manajer_kasus 11 codings, psikolog 5
    assert columns.loc["enabler"].tolist() == [18.2, 40.0]
    assert columns.loc["coordinator"].tolist() == [9.1, 0.0]
    assert columns.loc["obstacle_internal"].tolist() == [27.3, 0.0]
    exact = code_by_attribute(rolled(tiny), "informant_role", measure="column_percent",
                              codebook=book, decimals=None)
    assert exact.at["enabler", "manajer_kasus"] == pytest.approx(200 / 11)


def test_cases_counts_distinct_cases(tiny):
    codings = tiny.tiny_codings()
    matrix = code_by_attribute(codings, "informant_role", measure="cases")
    assert matrix.loc["enabler"].tolist() == [1, 1]   # A (d1, d3) counts once
    assert matrix.loc["caseload"].tolist() == [1, 0]


def test_document_attributes_come_from_the_segments_table(tiny):
    codings = tiny.tiny_codings().drop(columns=["informant_role"])
    matrix = code_by_attribute(codings, "informant_role", segments=tiny.tiny_segments())
    assert matrix.loc["enabler"].tolist() == [2, 2]
    with pytest.raises(AnalysisError) as caught:
        code_by_attribute(codings, "informant_role")
    assert "unknown attribute 'informant_role'" in str(caught.value)


def test_unknown_attribute_lists_known_ones(tiny):
    with pytest.raises(AnalysisError) as caught:
        code_by_attribute(tiny.tiny_codings(), "gender", segments=tiny.tiny_segments())
    assert "known attributes: informant_role" in str(caught.value)


def test_unknown_measure(tiny):
    with pytest.raises(AnalysisError, match="count, row_percent, column_percent, cases"):
        code_by_attribute(tiny.tiny_codings(), "informant_role", measure="mean")


def test_crosstab_puts_all_measures_side_by_side(tiny):
    table = attribute_crosstab(rolled(tiny), "informant_role", codebook=tiny.tiny_codebook())
    assert list(table.columns) == [
        "count:manajer_kasus", "count:psikolog", "count:total",
        "row_percent:manajer_kasus", "row_percent:psikolog",
        "column_percent:manajer_kasus", "column_percent:psikolog",
        "cases:manajer_kasus", "cases:psikolog", "cases:total",
    ]
    assert table.loc["enabler"].tolist() == [2, 2, 4, 50.0, 50.0, 18.2, 40.0, 1, 1, 2]
    assert table.loc["assessment", "count:total"] == 2  # d4 (no role) left out


def test_a_share_of_nothing_is_nan_and_a_share_of_something_stays_zero(tiny):
    # d1's codings only: planning has no codings at all (row 0 of 0), and the psikolog value,
    # known from the segments table, has none (column 0 of 0)
    codings = tiny.tiny_codings([r for r in tiny.ROWS if r[0] == "d1"])
    common = {"codebook": tiny.tiny_codebook(), "segments": tiny.tiny_segments()}
    rows = code_by_attribute(codings, "informant_role", measure="row_percent", **common)
    assert rows.loc["enabler"].tolist() == [100.0, 0.0]            # 0 of 1: a real 0
    assert rows.loc["planning"].isna().all()
    columns = code_by_attribute(codings, "informant_role", measure="column_percent", **common)
    assert columns.at["planning", "manajer_kasus"] == 0.0           # 0 of 6: a real 0
    assert columns.at["enabler", "manajer_kasus"] == pytest.approx(16.7)
    assert columns["psikolog"].isna().all()
    table = attribute_crosstab(codings, "informant_role", **common)
    assert table.loc["planning", ["row_percent:manajer_kasus", "row_percent:psikolog",
                                  "column_percent:psikolog"]].isna().all()
    assert table.loc["planning", ["count:total", "cases:total"]].tolist() == [0, 0]


def test_without_any_case_the_cases_columns_are_empty_not_zero(tiny):
    # a survey: no document has a case, so there is no case to count (0 would read as counted)
    codings = tiny.tiny_codings().assign(case="")
    segments = tiny.tiny_segments().assign(case="")
    table = attribute_crosstab(codings, "informant_role", segments=segments)
    cases = [c for c in table.columns if c.startswith("cases:")]
    assert cases == ["cases:manajer_kasus", "cases:psikolog", "cases:total"]
    assert table[cases].isna().all().all()
    assert table.loc["enabler", ["count:manajer_kasus", "count:total"]].tolist() == [2, 4]
    matrix = code_by_attribute(codings, "informant_role", measure="cases", segments=segments)
    assert list(matrix.columns) == ["manajer_kasus", "psikolog"]
    assert matrix.isna().all().all()
    # one case anywhere (here in the segments table only): the counts are counts again
    segments.loc[0, "case"] = "A"
    table = attribute_crosstab(codings, "informant_role", segments=segments)
    assert table.loc["enabler", cases].tolist() == [0, 0, 0]
