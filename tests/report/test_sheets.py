"""Tables written as CSV or as XLSX workbooks (:mod:`qualcode.report.sheets`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from qualcode.report.safety import MAX_CELL, sheet_cell
from qualcode.report.sheets import write_sheets, write_table


def test_control_characters_are_dropped_from_every_workbook_cell(tmp_path):
    # Word writes a manual line break as a vertical tab; XML (so XLSX) cannot hold it
    frame = pd.DataFrame({"code\x0b": ["danger"], "text": ["danger with\x0bline\x00 break"],
                          "n": [np.int64(3)]})
    target = tmp_path / "q.xlsx"
    write_table(frame, target, sheet="quotes\x01")
    book = load_workbook(target)
    assert book.sheetnames == ["quotes"]
    assert [list(r) for r in book["quotes"].iter_rows(values_only=True)] == [
        ["code", "text", "n"], ["danger", "danger withline break", 3]]


def test_notes_and_repeated_sheet_names_are_written_safely(tmp_path):
    target = write_sheets({"a/b": pd.DataFrame({"x": ["=1+1"]})}, tmp_path / "s.xlsx",
                          notes={"A_B": ["line\x0c one", "-x"]})
    book = load_workbook(target)
    assert book.sheetnames == ["a_b", "A_B~2"]
    assert book["a_b"]["A2"].value == "'=1+1"
    assert [r[0] for r in book["A_B~2"].iter_rows(values_only=True)] == ["line one", "'-x"]


def test_sheet_cell_is_one_rule_for_every_workbook():
    assert sheet_cell(None) is None and sheet_cell(float("nan")) is None
    assert sheet_cell(pd.NA) is None
    assert sheet_cell(np.float64(1.5)) == 1.5 and sheet_cell(True) is True
    assert sheet_cell("a\x0bb") == "ab"
    assert sheet_cell("=x") == "'=x"
    long = sheet_cell("x" * (MAX_CELL + 5))
    assert len(long) <= MAX_CELL and long.endswith("[cut: too long]")


def test_sheets_written_twice_are_the_same_bytes(tmp_path, same_office_files):
    frame = pd.DataFrame({"code": ["a"], "text": ["long text"]})
    for name in ("one.xlsx", "two.xlsx"):
        write_sheets({"quotes": frame}, tmp_path / name, notes={"about": ["read me"]})
    same_office_files(tmp_path / "one.xlsx", tmp_path / "two.xlsx")
