"""The theme table: codes by dimension with definitions and spread."""

from __future__ import annotations

from qualcode.analysis.rollup import roll_up
from qualcode.analysis.theme import THEME_COLUMNS, theme_table


def test_theme_table_by_dimension(tiny):
    book = tiny.tiny_codebook()
    theme = theme_table(roll_up(tiny.tiny_codings(), book), codebook=book,
                        segments=tiny.tiny_segments())
    assert tuple(theme.columns) == THEME_COLUMNS
    assert theme["dimension"].drop_duplicates().tolist() == ["role", "stage", "obstacle"]
    first = theme.iloc[0].to_dict()
    assert first == {"dimension": "role", "dimension_label": "Roles", "code": "enabler",
                     "label": "Enabler", "parent": "", "level": 0,
                     "definition": "Builds trust.", "codings": 4, "documents": 3, "cases": 2}
    caseload = theme.set_index("code").loc["caseload"]
    assert (caseload["level"], caseload["documents"], caseload["cases"]) == (1, 2, 1)


def test_without_codebook_the_group_column_gives_dimensions(tiny):
    theme = theme_table(tiny.tiny_codings())
    assert theme["dimension"].drop_duplicates().tolist() == ["role", "stage", "obstacle"]
    assert theme.set_index("code").loc["caseload", "level"] == 1


def test_without_any_case_the_cases_are_empty_not_zero(tiny):
    import math

    book = tiny.tiny_codebook()
    theme = theme_table(tiny.tiny_codings().assign(case=""), codebook=book,
                        segments=tiny.tiny_segments().assign(case=""))
    enabler = theme.set_index("code").loc["enabler"]
    assert (enabler["codings"], enabler["documents"]) == (4, 3)
    assert math.isnan(enabler["cases"])
    assert theme["cases"].isna().all()
