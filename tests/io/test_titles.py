"""A title row above the column names: the hint says so instead of offering the title."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from qualcode.errors import InputError
from qualcode.io.options import ReadOptions
from qualcode.io.tables import read_csv_responses, read_xlsx_responses


def _refused(reader, path, options=ReadOptions()) -> InputError:
    with pytest.raises(InputError) as caught:
        reader(path, options)
    return caught.value


def test_a_title_row_in_a_workbook_is_named_with_the_row_of_the_column_names(tmp_path):
    book = Workbook()
    book.active.title = "Data"
    for row in (["Survei Buruh 2024"], [], ["id", "jawaban", "usia"], ["R1", "Gaji kecil", 34]):
        book.active.append(row)
    book.create_sheet("Catatan")
    book.save(tmp_path / "survei.xlsx")
    hint = ("the first row of the sheet 'Data' ('Survei Buruh 2024') looks like a title, not "
            "column names: the column names must be in the first row, so delete the rows above "
            "them (row 3 holds 'jawaban'), or pass --sheet with the sheet of answers (sheets: "
            "Data, Catatan)")
    error = _refused(read_xlsx_responses, tmp_path / "survei.xlsx")
    assert (error.message, error.line, error.hint) == (
        "cannot tell which column holds the text (no column named text/response/answer/jawaban)",
        1, hint)
    error = _refused(read_xlsx_responses, tmp_path / "survei.xlsx",
                     ReadOptions(text_column="Jawaban"))
    assert (error.message, error.hint) == ("no column 'Jawaban' in the table", hint)
    error = _refused(read_xlsx_responses, tmp_path / "survei.xlsx",
                     ReadOptions(settings="qualcode.yaml"))
    assert error.hint.endswith(", or set the sheet of answers as sheet in qualcode.yaml (sheets: "
                               "Data, Catatan)")


def test_a_title_line_in_a_csv_file_is_named_with_the_line_of_the_column_names(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("Survei Buruh 2024\n\nid,jawaban,usia\nR1,Gaji kecil,34\n", encoding="utf-8")
    assert _refused(read_csv_responses, path).hint == (
        "the first line ('Survei Buruh 2024') looks like a title, not column names: the column "
        "names must be in the first line, so delete the lines above them (line 3 holds "
        "'jawaban')")


def test_a_header_that_is_no_title_keeps_the_list_of_columns(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("komentar\nGaji kecil\n", encoding="utf-8")  # one column, no text name
    assert _refused(read_csv_responses, path).hint == "pass --text-column with one of: komentar"
    path.write_text("id,komentar\nR1,Gaji kecil\n", encoding="utf-8")
    assert _refused(read_csv_responses, path).hint == (
        "pass --text-column with one of: id, komentar")
