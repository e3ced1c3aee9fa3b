"""Tables written as CSV or as XLSX workbooks (:mod:`qualcode.report.sheets`)."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from qualcode.io.coded_tables import read_table
from qualcode.report.safety import MAX_CELL, sheet_cell
from qualcode.report.sheets import write_sheets, write_table

# texts a spreadsheet would take, typed, for a formula or an error value, a bullet line of a
# case document, and texts whose own apostrophe comes before such a character
TEXTS = ["=1+1", '=HYPERLINK("http://x","y")', "+62 812", "-x", "@Rina", "\tx", "#N/A",
         "- B gemar menggambar;\n- Ibu aktif", "'-nya' itu akhiran", "''=1", "-5", "plain"]


def _text_cells(path):
    """Every cell of every sheet of the workbook at ``path`` that holds text, as openpyxl
    reads it; no cell of the file is a formula."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = load_workbook(path)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    return [c for c in cells if isinstance(c.value, str)]


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
    assert book["a_b"]["A2"].value == "=1+1"
    assert [r[0] for r in book["A_B~2"].iter_rows(values_only=True)] == ["line one", "-x"]


def test_texts_are_written_as_they_are_and_stay_text(tmp_path):
    frame = pd.DataFrame({"=code": TEXTS, "text": TEXTS[::-1]})
    sheets = write_sheets({"quotes": frame}, tmp_path / "s.xlsx", notes={"about": TEXTS})
    write_table(frame, tmp_path / "t.xlsx", sheet="quotes")
    for path in (sheets, tmp_path / "t.xlsx"):
        cells = _text_cells(path)
        assert sorted(c.value for c in cells) == sorted(
            ["=code", "text", *TEXTS * (3 if path == sheets else 2)])
        # the quote prefix: shown without an apostrophe, still text once edited
        assert {c.value for c in cells if c.quotePrefix} == set(TEXTS[:-1]) | {"=code"}
        table = read_table(path, sheet="quotes")
        assert list(table.columns) == ["=code", "text"]
        assert table["=code"].tolist() == TEXTS and table["text"].tolist() == TEXTS[::-1]


def test_sheet_cell_is_one_rule_for_every_workbook():
    assert sheet_cell(None) is None and sheet_cell(float("nan")) is None
    assert sheet_cell(pd.NA) is None
    assert sheet_cell(np.float64(1.5)) == 1.5 and sheet_cell(True) is True
    assert sheet_cell("a\x0bb") == "ab"
    assert sheet_cell("=x") == "=x" and sheet_cell("- x") == "- x"
    long = sheet_cell("x" * (MAX_CELL + 5))
    assert len(long) <= MAX_CELL and long.endswith("[cut: too long]")


def test_sheets_written_twice_are_the_same_bytes(tmp_path, same_office_files):
    frame = pd.DataFrame({"code": ["a"], "text": ["long text"]})
    for name in ("one.xlsx", "two.xlsx"):
        write_sheets({"quotes": frame}, tmp_path / name, notes={"about": ["read me"]})
    same_office_files(tmp_path / "one.xlsx", tmp_path / "two.xlsx")
