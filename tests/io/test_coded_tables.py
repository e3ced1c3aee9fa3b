"""Tables for agreement work: separators, and files that are not codings tables."""

from __future__ import annotations

import pandas as pd
import pytest

from qualcode.errors import CodingsError
from qualcode.io.coded_tables import read_codings_files, read_table

ROWS = [{"document": "d1", "segment": "0", "code": "enabler", "text": "Saya, ya; dampingi"},
        {"document": "d1", "segment": "1", "code": "007", "text": "=1+1"}]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_tables_are_read_with_the_separator_of_their_header(tmp_path, sep):
    path = tmp_path / "ana.csv"
    pd.DataFrame(ROWS).to_csv(path, sep=sep, index=False)
    table = read_table(path)
    assert list(table.columns) == ["document", "segment", "code", "text"]
    assert table["code"].tolist() == ["enabler", "007"]  # text, leading zeros kept
    assert table["text"].tolist() == ["Saya, ya; dampingi", "=1+1"]


def test_a_file_that_is_no_codings_table_is_named(tmp_path):
    ana = tmp_path / "ana.csv"
    pd.DataFrame(ROWS).to_csv(ana, index=False)
    answers = tmp_path / "answers.csv"
    answers.write_text("id,answer\n1,Saya dampingi\n", encoding="utf-8")
    with pytest.raises(CodingsError, match=r"answers\.csv is not a codings table: it has no "
                                           r"document and no code column \(its columns: id, "
                                           r"answer\)"):
        read_codings_files([ana, answers])
    assert read_codings_files([ana])["coder"].tolist() == ["ana", "ana"]  # coder: the file


def test_one_codings_file_may_be_given_as_a_single_path(tmp_path):
    ana = tmp_path / "ana.csv"
    pd.DataFrame(ROWS).to_csv(ana, index=False)
    for one in (str(ana), ana):
        assert read_codings_files(one)["coder"].tolist() == ["ana", "ana"]


def test_an_eval_set_is_read_with_its_texts_normalised(tmp_path):
    from qualcode.io.coded_tables import read_eval_set

    path = tmp_path / "eval.csv"
    path.write_bytes('id,language,interviewer,speaker_style,text,codes\n'
                     'r1,id,0,plain,"Saya\u0303\r\nlagi",enabler\n'.encode())
    assert read_eval_set(path)["text"].tolist() == ["Say\u00e3\nlagi"]


def test_one_reader_takes_every_table_type_and_the_sheet_asked_for(tmp_path):
    from qualcode.errors import InputError
    from qualcode.origin import ORIGIN

    tsv = tmp_path / "ana.tsv"
    pd.DataFrame(ROWS).rename(columns={"code": "'=code"}).to_csv(tsv, sep="\t", index=False)
    table = read_table(tsv)
    assert list(table.columns) == ["document", "segment", "=code", "text"]  # header inert too
    assert table.attrs[ORIGIN][0].path == str(tsv)
    book = tmp_path / "tables.xlsm"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame({"x": ["1"]}).to_excel(writer, sheet_name="other", index=False)
        pd.DataFrame(ROWS).to_excel(writer, sheet_name="codings", index=False)
    assert read_table(book, sheet=("codings", 0))["code"].tolist() == ["enabler", "007"]
    assert list(read_table(book, sheet=("segments", 0)).columns) == ["x"]
    assert list(read_table(book, sheet=1).columns) == ["document", "segment", "code", "text"]
    with pytest.raises(InputError, match="the workbook has no sheet 'segments' or 5") as caught:
        read_table(book, sheet=("segments", 5))
    assert caught.value.hint == "its sheets: other, codings"


def test_a_workbook_cell_with_the_quote_prefix_keeps_its_apostrophe(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["'=code", "text", "speaker"])
    sheet.append(["'=2+2", "'- B gemar", "'-nya'"])  # as earlier versions wrote them
    sheet.append(["=2+2", "- B gemar", "'-nya'"])  # as they are: a text of its own apostrophe
    sheet.append(["'plain", "'@x", None])
    for cell in (*sheet[3], sheet["B4"]):
        cell.data_type, cell.quotePrefix = "s", True  # a spreadsheet's 'typed first
    book.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert list(table.columns) == ["=code", "text", "speaker"]
    assert table.values.tolist() == [["=2+2", "- B gemar", "-nya'"],
                                     ["=2+2", "- B gemar", "'-nya'"],
                                     ["'plain", "'@x", ""]]


def test_read_codings_files_gives_agreement_what_agree_gives_it(tmp_path):
    from typer.testing import CliRunner

    from qualcode.analysis.agreement import agreement
    from qualcode.cli.app import app
    from qualcode.errors import AnalysisError
    from qualcode.origin import ORIGIN

    ana, budi, cici = (tmp_path / f"{name}.csv" for name in ("ana", "budi", "cici"))
    ana.write_text('document,segment,code,text\nd1,0,a,"two\nlines"\nd1,1,a,x\n',
                   encoding="utf-8")
    budi.write_text("document,segment,code\nd1,0,a\nd1,1,b\n", encoding="utf-8")
    cici.write_text("document,segment,code\n", encoding="utf-8")  # read it all, coded nothing
    table = read_codings_files([ana, budi, cici])
    assert table.attrs["coders"] == ("ana", "budi", "cici")
    assert [(b.path, b.rows, b.lines()) for b in table.attrs[ORIGIN]] == [
        (str(ana), 2, (2, 4)), (str(budi), 2, None), (str(cici), 0, None)]
    result = agreement(table, coverage="all", bootstrap=0)
    assert set(result["n_coders"]) == {3}
    cli = CliRunner().invoke(app, ["agree", str(ana), str(budi), str(cici), "--coverage", "all",
                                   "--bootstrap", "0", "-o", "-"])
    assert cli.exit_code == 0, cli.output
    assert cli.stdout == result.to_csv(index=False, lineterminator="\n")
    # a table whose rows were left out may have left coders out too: its coder column counts
    with pytest.raises(AnalysisError, match=r"needs at least two coders, found 1 \(budi\)"):
        agreement(table[table["coder"] != "ana"], coverage="all", bootstrap=0)
    budi.write_text("document,segment,code\nd1,0,a\nd1,one,b\n", encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        agreement(read_codings_files([ana, budi]), bootstrap=0)
    assert [(i.path, i.line) for i in caught.value.issues] == [(str(budi), 3)]
