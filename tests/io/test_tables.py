"""Tests for the response-table readers (csv, xlsx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from qualcode.errors import InputError
from qualcode.io.cases import read_cases
from qualcode.io.options import ReadOptions
from qualcode.io.tables import read_csv_responses, read_xlsx_responses, xlsx_rows


def _csv(tmp_path: Path, text: str, name: str = "survey.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_default_text_column_and_ids(tmp_path, segments_of):
    path = _csv(
        tmp_path,
        "respondent;umur;Jawaban;kota\r\n"
        "R1;34;Saya dampingi anaknya. Lalu rapat.;Jakarta\r\n"
        "R2;41;   ;Bogor\r\n"
        '\r\n'
        'R3;2.5;"Baris satu\r\nbaris dua";007\r\n',
    )
    docs = read_csv_responses(path, ReadOptions())
    assert [(d.id, d.text, d.format, d.source) for d in docs] == [
        ("survey-2", "Saya dampingi anaknya. Lalu rapat.", "csv", str(path)),
        ("survey-5", "Baris satu\nbaris dua", "csv", str(path)),
    ]
    assert [dict(d.attributes) for d in docs] == [
        {"respondent": "R1", "umur": 34, "kota": "Jakarta", "row": 2},
        {"respondent": "R3", "umur": 2.5, "kota": "007", "row": 5},
    ]
    for doc in docs:
        units = segments_of(doc)
        assert [s.speaker for s in units["turn"]] == [None]
    assert [s.text for s in segments_of(docs[0])["sentence"]] == [
        "Saya dampingi anaknya.", "Lalu rapat.",
    ]


def test_csv_id_and_text_columns_tab_separated_cp1252(tmp_path):
    path = _csv(
        tmp_path,
        "id\tkomentar\tcase\n12\t\u201cBagus\u201d, kata caf\u00e9\tMK01\n13\tCukup\tMK02\n",
        encoding="cp1252",
    )
    docs = read_csv_responses(path, ReadOptions(text_column="komentar", id_column="id"))
    assert [(d.id, d.text, d.case, dict(d.attributes)) for d in docs] == [
        ("12", "\u201cBagus\u201d, kata caf\u00e9", "MK01", {"case": "MK01", "row": 2}),
        ("13", "Cukup", "MK02", {"case": "MK02", "row": 3}),
    ]


def _error(reader, path: Path, options: ReadOptions) -> InputError:
    with pytest.raises(InputError) as info:
        reader(path, options)
    assert info.value.path == str(path)
    return info.value


def test_ambiguous_text_column(tmp_path):
    path = _csv(tmp_path, "id,text,answer\n1,a,b\n")
    error = _error(read_csv_responses, path, ReadOptions())
    assert (error.message, error.line, error.hint) == (
        "cannot tell which column holds the text (several text-like columns)",
        1,
        "pass --text-column with one of: id, text, answer",
    )


def test_no_text_column(tmp_path):
    path = _csv(tmp_path, "id,komentar\n1,a\n")
    error = _error(read_csv_responses, path, ReadOptions())
    assert error.message == (
        "cannot tell which column holds the text (no column named text/response/answer/jawaban)"
    )
    assert error.hint == "pass --text-column with one of: id, komentar"


def test_unknown_columns(tmp_path):
    path = _csv(tmp_path, "id,text\n1,a\n")
    error = _error(read_csv_responses, path, ReadOptions(text_column="isi"))
    assert (error.message, error.hint) == (
        "no column 'isi' in the table",
        "columns are: id, text; pass one of them as --text-column (spaces around a name are "
        "ignored)",
    )
    error = _error(read_csv_responses, path, ReadOptions(id_column="kode"))
    assert error.hint == ("columns are: id, text; pass one of them as --id-column (spaces "
                          "around a name are ignored)")


def test_duplicate_and_empty_ids(tmp_path):
    path = _csv(tmp_path, "kode,text\nA,satu\nB,dua\nA,tiga\n")
    error = _error(read_csv_responses, path, ReadOptions(id_column="kode"))
    assert (error.message, error.line) == ("the id 'A' appears twice (lines 2 and 4)", 4)
    path = _csv(tmp_path, "kode,text\nA,satu\n,dua\n", name="empty-id.csv")
    error = _error(read_csv_responses, path, ReadOptions(id_column="kode"))
    assert (error.message, error.line) == ("the id column 'kode' is empty in this row", 3)


def test_duplicate_column_names_and_no_text(tmp_path):
    path = _csv(tmp_path, "text,kota,kota\na,b,c\n")
    assert _error(read_csv_responses, path, ReadOptions()).message == (
        "the column name 'kota' appears twice (columns 2 and 3)"
    )
    path = _csv(tmp_path, "text,kota\n,b\n", name="blank.csv")
    assert _error(read_csv_responses, path, ReadOptions()).message == (
        "no row has text in the column 'text'"
    )


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    sheet.append(["catatan"])
    answers = book.create_sheet("Jawaban")
    answers.append(["kode", "response", "skor", "tanggal", None])
    answers.append(["P1", "Kami koordinasi dengan sekolah.", 3, dt.date(2024, 5, 14), None])
    answers.append([None, None, None, None, None])
    answers.append(["P2", "Orang tua menolak.", 4.5, None, "catatan pinggir"])
    answers.append(["P3", None, 1, None, None])
    book.save(path)
    return path


def test_xlsx_sheet_and_values(tmp_path, segments_of):
    path = _workbook(tmp_path / "jawaban.xlsx")
    docs = read_xlsx_responses(path, ReadOptions(sheet="Jawaban", id_column="kode"))
    assert [(d.id, d.text, d.format, dict(d.attributes)) for d in docs] == [
        (
            "P1",
            "Kami koordinasi dengan sekolah.",
            "xlsx",
            {"skor": 3, "tanggal": "2024-05-14T00:00:00", "column_5": "", "row": 2},
        ),
        (
            "P2",
            "Orang tua menolak.",
            "xlsx",
            {"skor": 4.5, "tanggal": "", "column_5": "catatan pinggir", "row": 4},
        ),
    ]
    for doc in docs:
        segments_of(doc)


def test_xlsx_default_ids_and_missing_sheet(tmp_path):
    path = _workbook(tmp_path / "jawaban.xlsx")
    error = _error(read_xlsx_responses, path, ReadOptions(sheet="Data"))
    assert (error.message, error.hint) == (
        "the workbook has no sheet 'Data'", "sheets are: Ringkasan, Jawaban",
    )
    docs = read_xlsx_responses(path, ReadOptions(sheet="Jawaban"))
    assert [d.id for d in docs] == ["jawaban-2", "jawaban-4"]
    assert docs[0].attributes["kode"] == "P1"
    # without a sheet, the first sheet with a text column is read, with a warning
    from qualcode.io.text import collect_warnings

    with collect_warnings() as notes:
        found = read_xlsx_responses(path, ReadOptions())
    assert [d.id for d in found] == ["jawaban-2", "jawaban-4"]
    assert [(n.code, n.message) for n in notes] == [
        ("W107", "read the sheet 'Jawaban', the first with a text column (the workbook also has "
                 "'Ringkasan')"),
        ("W108", "1 row(s) have no text in the column 'response' and were left out (the first "
                 "is this row)")]
    error = _error(read_xlsx_responses, path, ReadOptions(text_column="isi"))
    assert error.message == "no column 'isi' in the table"


def test_xlsx_rows_for_cases(tmp_path):
    path = _workbook(tmp_path / "jawaban.xlsx")
    header, rows = xlsx_rows(path, sheet="Jawaban")
    assert header == ["kode", "response", "skor", "tanggal"]
    assert [row[0] for row in rows] == ["P1", "P2", "P3"]
    book = Workbook()
    book.active.append(["case", "role", "years"])
    book.active.append(["MK01", "manajer_kasus", 6])
    book.active.append([])
    book.active.append(["MK02", "koordinator", 11])
    book.save(tmp_path / "cases.xlsx")
    cases = read_cases(tmp_path / "cases.xlsx")
    assert [(c.id, dict(c.attributes)) for c in cases] == [
        ("MK01", {"role": "manajer_kasus", "years": 6}),
        ("MK02", {"role": "koordinator", "years": 11}),
    ]


def test_bad_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"id,text\n1,a\n")
    error = _error(read_xlsx_responses, path, ReadOptions())
    assert error.message == (
        "not a valid Excel workbook: the file is not a zip package (it may be damaged or "
        "misnamed)"
    )
    assert error.hint == "open it in Office and save it again as .xlsx"


def test_empty_sheet(tmp_path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    error = _error(read_xlsx_responses, path, ReadOptions())
    assert (error.message, error.line) == (
        "the sheet 'Sheet' is empty or its first row (the header) is blank", 1,
    )


def test_csv_repeated_cells_wide_rows_and_short_rows(tmp_path):
    path = _csv(
        tmp_path,
        "id,group,answer\n"
        "a,07,Satu\n"
        "b,07,Dua,,\n"  # empty cells beyond the header: trailing delimiters
        "c, 1.50 ,Tiga\n"
        "d,07\n"
        "e,,Empat\n",
    )
    docs = read_csv_responses(path, ReadOptions(text_column="answer", id_column="id"))
    assert [(d.id, d.text, dict(d.attributes)) for d in docs] == [
        ("a", "Satu", {"group": "07", "row": 2}),
        ("b", "Dua", {"group": "07", "row": 3}),
        ("c", "Tiga", {"group": "1.50", "row": 4}),
        ("e", "Empat", {"group": "", "row": 6}),
    ]
    assert [type(d.attributes["group"]) for d in docs] == [str, str, str, str]


def test_cells_keep_their_written_form_unless_they_are_plain_numbers():
    from qualcode.io.tables import typed_text

    assert [typed_text(t) for t in ("6", "-3", "0", "1.5", "-0.25", "6.0")] == [
        6, -3, 0, 1.5, -0.25, 6.0]
    assert [typed_text(t) for t in ("01234", "007", "1.10", "1e5", "nan", "inf", "1_000",
                                    "+5", "0x1F", " 6", "6.")] == [
        "01234", "007", "1.10", "1e5", "nan", "inf", "1_000", "+5", "0x1F", " 6", "6."]


def test_case_attributes_keep_leading_zeros_and_gaps_print_as_written(tmp_path):
    from qualcode.io.cases import read_cases
    from qualcode.report.tabular import csv_text
    from qualcode.tables import segments_table

    cases = tmp_path / "cases.csv"
    cases.write_text("case,zip,years,score\nA,01234,6,1.5\n", encoding="utf-8")
    (case,) = read_cases(cases)
    assert dict(case.attributes) == {"zip": "01234", "years": 6, "score": 1.5}
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.md").write_text("---\ncase: A\n---\nPewawancara: x\n\nRina: saya bantu\n",
                                 encoding="utf-8")
    (folder / "b.md").write_text("Pewawancara: x\n\nBudi: bantu\n", encoding="utf-8")
    from qualcode.corpus import load_corpus

    text = csv_text(segments_table(load_corpus([folder], cases=cases)))
    rows = text.splitlines()
    assert rows[0].endswith(",zip,years,score")
    assert [r.split(",")[-3:] for r in rows[1:]] == [
        ["01234", "6", "1.5"], ["01234", "6", "1.5"], ["", "", ""], ["", "", ""]]


def test_front_matter_and_cases_table_disagreeing_are_warned_and_the_table_wins(tmp_path):
    from qualcode.corpus import load_corpus
    from qualcode.tables import segments_table

    folder = tmp_path / "t"
    folder.mkdir()
    for doc, case, role in (("a", "MK01", "manajer_kasus"), ("b", "PS01", "psikolog")):
        (folder / f"{doc}.md").write_text(f"---\ncase: {case}\ninformant_role: {role}\n---\n"
                                          "Pewawancara: x\n\nRina: saya bantu\n",
                                          encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("case,informant_role\nMK01,koordinator_mk\nPS01,\n", encoding="utf-8")
    corpus = load_corpus([folder], cases=cases)
    assert [(w.code, w.message) for w in corpus.warnings] == [
        ("W203", "informant_role of document 'a' is 'manajer_kasus' in its front matter but "
                 "'koordinator_mk' for case 'MK01' in the cases table; the cases table's value "
                 "is used")]
    table = segments_table(corpus)
    assert dict(zip(table["document"], table["informant_role"], strict=False)) == {
        "a": "koordinator_mk", "b": "psikolog"}  # an empty cell leaves the document's value


def test_an_id_column_names_the_documents_when_it_can(tmp_path):
    path = tmp_path / "resp.csv"
    path.write_text("id,text,age\nr1,Saya takut,12\nr2,Guru,13\n", encoding="utf-8")
    assert [d.id for d in read_csv_responses(path, ReadOptions())] == ["r1", "r2"]
    path.write_text("id,text,age\nr1,Saya takut,12\nr1,Guru,13\n", encoding="utf-8")
    docs = read_csv_responses(path, ReadOptions())  # repeated: named by row, id kept
    assert [(d.id, d.attributes["id"]) for d in docs] == [("resp-2", "r1"), ("resp-3", "r1")]
    # and the segments table shows it (a long table: one row per answer, ids repeat); a
    # front-matter id, which is the document's own, is not repeated as an attribute
    from qualcode.corpus import load_corpus
    from qualcode.tables import segments_table

    (tmp_path / "t.md").write_text("---\nid: t1\nrole: guru\n---\nP: Saya takut.\n",
                                   encoding="utf-8")
    table = segments_table(load_corpus([path, tmp_path / "t.md"]))
    assert table["id"].fillna("").tolist() == ["r1", "r1", ""]
    assert table["role"].fillna("").tolist() == ["", "", "guru"]


def test_a_row_column_keeps_its_values_and_the_row_number_takes_another_name(tmp_path):
    path = _csv(tmp_path, "id,row,text\nr1,7,Anaknya cemas\nr2,8,Takut sekolah\n")
    docs = read_csv_responses(path, ReadOptions())
    assert [dict(d.attributes) for d in docs] == [
        {"row": 7, "table_row": 2}, {"row": 8, "table_row": 3}]
    path = _csv(tmp_path, "Row,table_row,text\n7,a,Anaknya cemas\n", name="both.csv")
    (doc,) = read_csv_responses(path, ReadOptions())
    assert dict(doc.attributes) == {"Row": 7, "table_row": "a", "table_row_2": 2}


def test_messages_name_file_lines_when_a_cell_spans_lines(tmp_path):
    from qualcode.io.text import collect_warnings

    text = 'kode,text,r\n\nA,"satu\ndua",x\n\nB,,y\nA,tiga,z\n'
    path = _csv(tmp_path, text)
    error = _error(read_csv_responses, path, ReadOptions(id_column="kode"))
    assert (error.message, error.line) == ("the id 'A' appears twice (lines 3 and 7)", 7)
    path = _csv(tmp_path, text.replace("A,tiga", ",tiga"), name="empty.csv")
    error = _error(read_csv_responses, path, ReadOptions(id_column="kode"))
    assert (error.message, error.line) == ("the id column 'kode' is empty in this row", 7)
    path = _csv(tmp_path, text.replace("A,tiga", "C,tiga"), name="ok.csv")
    with collect_warnings() as notes:
        docs = read_csv_responses(path, ReadOptions(id_column="kode"))
    assert [(d.id, d.attributes["row"]) for d in docs] == [("A", 3), ("C", 6)]  # as a sheet
    assert [(n.code, n.line) for n in notes] == [("W108", 6)]


def test_an_id_column_that_cannot_name_the_documents_is_warned(tmp_path):
    from qualcode.io.text import collect_warnings

    path = _csv(tmp_path, 'id,text\nr1,"Saya\ntakut"\n,\nr1,Guru\n')
    with collect_warnings() as notes:
        docs = read_csv_responses(path, ReadOptions())
    assert [(d.id, d.attributes["id"]) for d in docs] == [("survey-2", "r1"), ("survey-4", "r1")]
    assert [(n.code, n.line, n.message, n.hint) for n in notes] == [
        ("W110", 5, "the column 'id' cannot name the documents ('r1' is repeated on lines 2 "
                    "and 5): they are named by their row, and the column stays an attribute",
         "to name them by another column whose values are unique, pass it as --id-column")]
    book = Workbook()
    for row in (["ID", "text"], ["r1", "Saya takut"], [None, "Guru"]):
        book.active.append(row)
    book.save(tmp_path / "blank.xlsx")
    with collect_warnings() as notes:
        read_xlsx_responses(tmp_path / "blank.xlsx", ReadOptions())
    assert [(n.code, n.line, n.message.split(":")[0]) for n in notes] == [
        ("W110", 3, "the column 'ID' cannot name the documents (a cell is empty on row 3)")]
    with collect_warnings() as notes:  # unique ids, or no id column: nothing to say
        read_csv_responses(_csv(tmp_path, "id,text\nr1,a\nr2,b\n", name="ok.csv"),
                           ReadOptions())
        read_csv_responses(_csv(tmp_path, "kode,text\nr1,a\nr1,b\n", name="no.csv"),
                           ReadOptions())
    assert notes == []


def test_a_column_named_with_the_spaces_of_its_header_cell_is_found(tmp_path):
    # Excel headers often end in a space; the names are stripped, and so is the name given
    path = _csv(tmp_path, "Respondent ID ,Q5 Comments \nR1,Forms.\nR2,Queues.\n")
    docs = read_csv_responses(path, ReadOptions(text_column=" Q5 Comments ",
                                                id_column="Respondent ID "))
    assert [(d.id, d.text) for d in docs] == [("R1", "Forms."), ("R2", "Queues.")]
    error = _error(read_csv_responses, path, ReadOptions(text_column="Q5 Comments",
                                                         id_column="Respondent  ID"))
    assert error.hint == ("columns are: Respondent ID, Q5 Comments; pass one of them as "
                          "--id-column (spaces around a name are ignored)")


def test_a_case_column_gives_each_row_its_case(tmp_path):
    path = _csv(tmp_path, "id,Case,answer,wave\nr1,7,Forms.,1\nr2,7,Queues.,1\n"
                          "r3,,Rude staff.,2\n")
    docs = read_csv_responses(path, ReadOptions())  # a column named case, in any letter case
    assert [(d.id, d.case) for d in docs] == [("r1", "7"), ("r2", "7"), ("r3", None)]
    assert dict(docs[0].attributes) == {"case": "7", "wave": 1, "row": 2}
    docs = read_csv_responses(path, ReadOptions(case_column="wave"))
    assert [d.case for d in docs] == ["1", "1", "2"]
    # the column named case is an attribute of its own then, as row is beside the row number
    assert dict(docs[0].attributes) == {"table_case": 7, "case": "1", "row": 2}
    # one column can name the documents and their cases
    docs = read_csv_responses(path, ReadOptions(case_column=" ID "))
    assert [(d.id, d.case) for d in docs] == [("r1", "r1"), ("r2", "r2"), ("r3", "r3")]
    assert dict(docs[0].attributes) == {"table_case": 7, "wave": 1, "case": "r1", "row": 2}


def test_a_case_column_that_is_missing_or_the_text_is_refused(tmp_path):
    path = _csv(tmp_path, "id,answer\nr1,Forms.\n")
    error = _error(read_csv_responses, path, ReadOptions(case_column="respondent"))
    assert (error.message, error.hint) == (
        "no column 'respondent' in the table",
        "columns are: id, answer; pass one of them as --case-column (spaces around a name are "
        "ignored)")
    error = _error(read_csv_responses, path, ReadOptions(case_column="Answer"))
    assert error.message == ("the column 'answer' is the text column, so it cannot name the "
                             "cases")


def test_a_case_column_of_a_workbook_reads_numbers_as_ids(tmp_path):
    book = Workbook()
    book.active.append(["Respondent", "Komentar"])
    book.active.append([7.0, "Antre lama."])
    book.active.append([12, "Petugas ramah."])
    book.save(tmp_path / "survei.xlsx")
    docs = read_xlsx_responses(tmp_path / "survei.xlsx",
                               ReadOptions(text_column="komentar", case_column="Respondent"))
    assert [(d.case, dict(d.attributes)) for d in docs] == [
        ("7", {"case": "7", "row": 2}), ("12", {"case": "12", "row": 3})]


def test_the_hints_of_a_project_name_its_settings(tmp_path):
    from qualcode.io.text import collect_warnings

    settings = ReadOptions(settings="qualcode.yaml")
    path = _csv(tmp_path, "id,komentar\n1,a\n")
    assert _error(read_csv_responses, path, settings).hint == (
        "set one of id, komentar as text_column in qualcode.yaml")
    error = _error(read_csv_responses, path, ReadOptions(text_column="komentar", id_column="x",
                                                         settings="qualcode.yaml"))
    assert error.hint == ("columns are: id, komentar; set one of them as id_column in "
                          "qualcode.yaml (spaces around a name are ignored)")
    error = _error(read_csv_responses, path, ReadOptions(text_column="komentar",
                                                         case_column="komentar",
                                                         settings="qualcode.yaml"))
    assert error.hint == "set the column of respondent or case ids as case_column in qualcode.yaml"
    path = _csv(tmp_path, "id,text\nr1,a\nr1,b\n", name="twice.csv")
    with collect_warnings() as notes:
        read_csv_responses(path, settings)
    assert [(n.code, n.hint) for n in notes] == [
        ("W110", "to name them by another column whose values are unique, set it as id_column "
                 "in qualcode.yaml")]
    path = _csv(tmp_path, "id,text\nr1,\n", name="empty.csv")
    assert _error(read_csv_responses, path, settings).hint == (
        "check the text column (text_column in qualcode.yaml)")
