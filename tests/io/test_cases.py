"""Tests for the cases table reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from qualcode.errors import CasesError
from qualcode.io.cases import read_cases


def _error(path: Path) -> CasesError:
    with pytest.raises(CasesError) as info:
        read_cases(path)
    assert info.value.path == str(path)
    return info.value


def test_errors_name_file_lines_past_blank_rows_and_cells_that_span_lines(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text('\ncase,r,note\n\nMK01,x,"a\nb"\n\nMK02,y,\nMK01,z,\n', encoding="utf-8")
    error = _error(path)
    assert (error.message, error.line) == ("case id 'MK01' appears twice (first on line 4)", 8)
    path.write_text('\ncase,r,note\nMK01,x,"a\nb"\n,y,\n', encoding="utf-8")
    assert (_error(path).message, _error(path).line) == ("a row has an empty case id", 5)
    path.write_text("\nnama,r\nMK01,x\n", encoding="utf-8")
    assert (_error(path).message, _error(path).line) == (
        "the cases table has no case id column", 2)


def test_xlsx_errors_name_sheet_rows(tmp_path):
    book = Workbook()
    for row in (["case", "role"], ["MK01", "a"], [], ["MK01", "b"]):
        book.active.append(row)
    path = tmp_path / "cases.xlsx"
    book.save(path)
    error = _error(path)
    assert (error.message, error.line) == ("case id 'MK01' appears twice (first on row 2)", 4)


def test_a_column_name_twice_is_refused(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("\ncase,role,,,role\nMK01,a,,,b\n", encoding="utf-8")
    error = _error(path)
    assert (error.message, error.line, error.hint) == (
        "the column name 'role' appears twice in the cases table (columns 2 and 5)", 2,
        "give every column a different name")
