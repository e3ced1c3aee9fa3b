"""Worksheets as people make them: merged cells, Excel's escapes."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from qualcode.io.cases import read_cases
from qualcode.io.options import ReadOptions
from qualcode.io.tables import read_xlsx_responses, xlsx_rows

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def excel_workbook(path: Path, rows: list[list[str | None]], merged: tuple[str, ...] = ()
                   ) -> Path:
    """A one-sheet workbook laid out as Excel saves it: every text in the shared strings table,
    written exactly as given (escapes included), which openpyxl's writer does not do."""
    strings: list[str] = []
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            if value is not None:
                strings.append(value)
                cells.append(f'<c r="{get_column_letter(c)}{r}" t="s"><v>{len(strings) - 1}</v>'
                             "</c>")
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in merged)
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}sharedStrings+xml"/>'
            "</Types>",
        "_rels/.rels":
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            f'Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(xml_rows)}</sheetData>'
            + (f"<mergeCells>{merges}</mergeCells>" if merged else "") + "</worksheet>",
        "xl/sharedStrings.xml":
            f'<sst xmlns="{_MAIN}">'
            + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
            + "</sst>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    return path


def _answers(path: Path, **options: str) -> list[tuple[str, str, dict]]:
    docs = read_xlsx_responses(path, ReadOptions(**options))
    return [(d.id, d.text, dict(d.attributes)) for d in docs]


def test_a_merged_cell_gives_its_value_to_every_row_it_spans(tmp_path):
    book = Workbook()
    sheet = book.active
    for row in (["id", "peran", "jawaban"], ["R1", "Buruh", "Gaji kecil"], ["R2", None, "Lembur"],
                ["R3", None, "Jauh"], ["R4", "Guru", "Capek"]):
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    book.save(tmp_path / "survei.xlsx")
    assert _answers(tmp_path / "survei.xlsx") == [
        ("R1", "Gaji kecil", {"peran": "Buruh", "row": 2}),
        ("R2", "Lembur", {"peran": "Buruh", "row": 3}),
        ("R3", "Jauh", {"peran": "Buruh", "row": 4}),
        ("R4", "Capek", {"peran": "Guru", "row": 5})]


def _merged_book(path: Path, rows: list[list], *ranges: str) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cells in ranges:
        book.active.merge_cells(cells)
    book.save(path)
    return path


def test_an_answer_merged_over_rows_is_one_answer(tmp_path):
    from qualcode.io.text import collect_warnings

    path = _merged_book(tmp_path / "survei.xlsx", [
        ["id", "peran", "jawaban"], ["R1", "Buruh", "Gaji kecil"], ["R2", "Guru", None],
        ["R3", "Petani", None], ["R4", "Guru", "Capek"]], "C2:C4")
    with collect_warnings() as notes:
        assert _answers(path) == [("R1", "Gaji kecil", {"peran": "Buruh", "row": 2}),
                                  ("R4", "Capek", {"peran": "Guru", "row": 5})]
    assert [(n.code, n.message, n.line) for n in notes] == [
        ("W108", "2 row(s) have no text in the column 'jawaban' and were left out (the first is "
         "this row)", 3)]


def test_a_value_merged_across_columns_belongs_to_its_first_column(tmp_path):
    path = _merged_book(tmp_path / "survei.xlsx", [
        ["id", "jawaban", "catatan", "kota"], ["R1", "Gaji kecil", None, "Depok"],
        ["R2", "Lembur", "ulang", None], ["R3", "Jauh", "-", None]], "B2:C2", "D2:E4")
    assert _answers(path) == [
        ("R1", "Gaji kecil", {"catatan": "", "kota": "Depok", "row": 2}),
        ("R2", "Lembur", {"catatan": "ulang", "kota": "Depok", "row": 3}),
        ("R3", "Jauh", {"catatan": "-", "kota": "Depok", "row": 4})]


def test_an_id_column_is_not_filled_but_a_merged_id_that_names_no_row_is(tmp_path):
    import pytest

    from qualcode.errors import InputError
    from qualcode.io.text import collect_warnings

    rows = [["id", "kode", "jawaban"], ["R1", "K1", "Gaji kecil"], [None, None, "Lembur"],
            ["R2", "K2", "Jauh"]]
    path = _merged_book(tmp_path / "survei.xlsx", rows, "A2:A3", "B2:B3")
    with pytest.raises(InputError) as caught:  # as typed, row 3 has no id
        _answers(path, id_column="kode")
    assert (caught.value.message, caught.value.line) == (
        "the id column 'kode' is empty in this row", 3)
    with collect_warnings() as notes:  # one respondent, two answers: an attribute of both
        assert _answers(path) == [
            ("survei-2", "Gaji kecil", {"id": "R1", "kode": "K1", "row": 2}),
            ("survei-3", "Lembur", {"id": "R1", "kode": "K1", "row": 3}),
            ("survei-4", "Jauh", {"id": "R2", "kode": "K2", "row": 4})]
    assert [n.code for n in notes] == ["W110"]
    assert "'R1' is repeated on rows 2 and 3" in notes[0].message
    path = _merged_book(tmp_path / "satu.xlsx", [  # an id merged with its merged answer
        ["id", "jawaban"], ["R1", "Gaji kecil"], [None, None], ["R2", "Jauh"]], "A2:A3", "B2:B3")
    with collect_warnings() as notes:
        assert _answers(path) == [("R1", "Gaji kecil", {"row": 2}), ("R2", "Jauh", {"row": 4})]
    assert notes == []


def test_merged_cells_in_a_cases_workbook_fill_the_role_of_each_case(tmp_path):
    path = _merged_book(tmp_path / "cases.xlsx", [
        ["case", "role", "stage"], ["MK01", "manajer_kasus", "asesmen"],
        ["MK02", None, "intervensi"], ["PS01", "psikolog", None], ["PS02", None, None],
        ["PS03", "konselor", None], [None, None, None]],
        "B2:B3", "B4:C5", "A6:A7")  # B4:C5 across two columns: the role of both rows
    assert [(c.id, dict(c.attributes)) for c in read_cases(path)] == [
        ("MK01", {"role": "manajer_kasus", "stage": "asesmen"}),
        ("MK02", {"role": "manajer_kasus", "stage": "intervensi"}),
        ("PS01", {"role": "psikolog", "stage": ""}),
        ("PS02", {"role": "psikolog", "stage": ""}),
        ("PS03", {"role": "konselor", "stage": ""})]


def test_merges_fill_only_data_cells_that_are_empty_within_the_table(tmp_path):
    # a range written by another program may hold values under its first cell: they are
    # kept; a range from the header keeps the column name out of the data; a range over a
    # whole column costs only the rows there are; one right of the header fills its own column
    rows = [["id", "kota", "text", None], ["R1", "Depok", "a", "catatan"],
            ["R2", "Bogor", "b", None], ["R3", None, "c", None]]
    path = excel_workbook(tmp_path / "t.xlsx", rows,
                          merged=("A1:A2", "B2:B1048576", "D2:F3"))
    assert xlsx_rows(path) == (["id", "kota", "text"], [
        ["R1", "Depok", "a", "catatan"], ["R2", "Bogor", "b", "catatan"],
        ["R3", "Depok", "c"]])


def test_excel_escapes_in_cell_text_are_decoded(tmp_path):
    rows = [["jawaban", "catatan"],
            ["Baris satu_x000D_\nBaris dua", "tab_x0009_di sini"],
            ["kode _x005F_x000D_ tertulis", "garis _x005f_ bawah"],
            ["nol _x0000_ tetap", "_xD83D__xDE00_ senyum, sendiri _xD83D_"]]
    path = excel_workbook(tmp_path / "esc.xlsx", rows)
    assert _answers(path) == [
        ("esc-2", "Baris satu\nBaris dua", {"catatan": "tab\tdi sini", "row": 2}),
        ("esc-3", "kode _x000D_ tertulis", {"catatan": "garis _ bawah", "row": 3}),
        ("esc-4", "nol _x0000_ tetap",
         {"catatan": "\U0001f600 senyum, sendiri _xD83D_", "row": 4})]


def test_decode_escapes_reads_from_the_left_once():
    from qualcode.io.xlsxparts import decode_escapes

    assert decode_escapes("a_x000D__x000A_b") == "a\r\nb"
    assert decode_escapes("_x005F_x0041_") == "_x0041_"  # an escaped underscore, then text
    assert decode_escapes("_x004a_ _X004A_ _x04A_ x000D_") == "J _X004A_ _x04A_ x000D_"
    assert decode_escapes("tanpa") == "tanpa"


def test_other_sheets_with_a_text_column_are_named_in_a_warning(tmp_path):
    from qualcode.io.text import collect_warnings

    book = Workbook()
    book.active.title = "Gelombang 1"
    book.active.append(["id", "jawaban"])
    book.active.append(["a", "satu"])
    for title, answer in (("Grafik data", None), ("Gelombang 2", "dua"), ("Gelombang 3", "tiga")):
        sheet = book.create_sheet(title)
        sheet.append(["id", "jawaban"] if answer else ["ringkasan"])
        sheet.append(["b", answer])
    book.save(tmp_path / "survei.xlsx")
    with collect_warnings() as notes:
        assert [d.text for d in read_xlsx_responses(tmp_path / "survei.xlsx", ReadOptions())] == [
            "satu"]
    assert [(n.code, n.message, n.hint) for n in notes] == [(
        "W107", "read only the sheet 'Gelombang 1': the sheet(s) 'Gelombang 2', 'Gelombang 3' "
        "also have a text column and were not read",
        "pass --sheet NAME to read another sheet (one sheet per workbook is read); to read every "
        "sheet, save each as a workbook or CSV file of its own")]
    with collect_warnings() as notes:  # a sheet named: no warning
        assert [d.text for d in read_xlsx_responses(tmp_path / "survei.xlsx",
                                                    ReadOptions(sheet="Gelombang 3"))] == ["tiga"]
    assert notes == []
    del book["Gelombang 1"]
    book.save(tmp_path / "survei.xlsx")
    with collect_warnings() as notes:
        assert [d.text for d in read_xlsx_responses(tmp_path / "survei.xlsx", ReadOptions())] == [
            "dua"]
    assert [n.message for n in notes] == [
        "read the sheet 'Gelombang 2', the first with a text column (the workbook also has "
        "'Grafik data', 'Gelombang 3'); the sheet(s) 'Gelombang 3' also have a text column and "
        "were not read"]


def test_a_chart_sheet_named_with_sheet_is_said_to_be_one(tmp_path):
    import pytest
    from openpyxl.chart import BarChart, Reference

    from qualcode.errors import InputError

    book = Workbook()
    book.active.title = "Data"
    book.active.append(["jawaban"])
    book.active.append(["Gaji kecil"])
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Grafik").add_chart(chart)
    book.save(tmp_path / "survei.xlsx")
    with pytest.raises(InputError) as caught:
        read_xlsx_responses(tmp_path / "survei.xlsx", ReadOptions(sheet="Grafik"))
    assert (caught.value.message, caught.value.hint) == (
        "the sheet 'Grafik' is a chart sheet, not a sheet of cells",
        "pass the sheet that holds the table; worksheets are: Data")


def test_a_text_column_named_with_spaces_around_it_chooses_its_sheet(tmp_path):
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["note"])
    book.active.append(["exported 2024-05-01"])
    answers = book.create_sheet("Answers")
    answers.append(["Respondent ID ", "Q5 Comments "])
    answers.append(["R1", "Forms."])
    book.save(tmp_path / "survey.xlsx")
    assert _answers(tmp_path / "survey.xlsx", text_column="Q5 Comments ",
                    id_column="Respondent ID ") == [("R1", "Forms.", {"row": 2})]


def test_a_project_s_warning_about_other_sheets_names_its_sheet_setting(tmp_path):
    from qualcode.io.text import collect_warnings

    book = Workbook()
    for title in ("Gelombang 1", "Gelombang 2"):
        sheet = book.active if title == "Gelombang 1" else book.create_sheet(title)
        sheet.title = title
        sheet.append(["id", "jawaban"])
        sheet.append(["a", "satu"])
    book.save(tmp_path / "survei.xlsx")
    with collect_warnings() as notes:
        read_xlsx_responses(tmp_path / "survei.xlsx", ReadOptions(settings="qualcode.yaml"))
    assert [n.hint.split(";")[0] for n in notes] == [
        "set its name as sheet in qualcode.yaml to read another sheet (one sheet per workbook "
        "is read)"]
