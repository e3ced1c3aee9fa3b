"""The file line of each row of a codings table, for messages, found only when one is needed."""

import pytest

import qualcode.io.csvrows as csvrows
from qualcode.analysis.agreement import agreement
from qualcode.errors import CodingsError
from qualcode.io.coded_tables import read_codings_files, read_table, row_lines
from qualcode.io.codings import read_codings
from qualcode.origin import ORIGIN
from qualcode.pipeline import analyze_table


def blocks(table):
    return [(block.path, block.rows, block.lines()) for block in table.attrs[ORIGIN]]


def test_lines_skip_blank_lines_and_follow_cells_that_span_lines(tmp_path):
    path = tmp_path / "ana.csv"
    path.write_text('document,segment,code,text\n\nd1,1,a,"two\nlines"\n  \nd1,2,b,x\n',
                    encoding="utf-8")
    assert row_lines(path, 2) == (3, 6)
    assert blocks(read_table(path)) == [(str(path), 2, (3, 6))]


def test_a_plain_file_has_one_line_per_row(tmp_path):
    path = tmp_path / "ana.csv"
    path.write_text("document,segment,code\nd1,1,a\nd1,2,b\n", encoding="utf-8")
    assert row_lines(path, 2) is None


def test_coders_files_keep_their_origin(tmp_path):
    ana, budi = tmp_path / "ana.csv", tmp_path / "budi.csv"
    ana.write_text("document,segment,code\nd1,1,a\n", encoding="utf-8")
    budi.write_text("document,segment,code\nd1,1,a\nd1,2,b\n", encoding="utf-8")
    table = read_codings_files([ana, budi])
    assert table["coder"].tolist() == ["ana", "budi", "budi"]
    assert blocks(table) == [(str(ana), 1, None), (str(budi), 2, None)]
    assert read_codings_files(str(ana))["coder"].tolist() == ["ana"]  # one file, not its letters


@pytest.fixture
def parses(monkeypatch):
    """The files whose rows are parsed again to find their lines."""
    parsed = []
    real = csvrows.csv_rows

    def counted(text, path, *args, **kwargs):
        parsed.append(path.name)
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr(csvrows, "csv_rows", counted)
    return parsed


def test_lines_are_found_only_when_a_message_needs_one(tmp_path, parses):
    good = tmp_path / "good.csv"
    good.write_text('document,segment,code,text\nd1,0,a,"two\nlines"\n\nd1,1,b,x\n',
                    encoding="utf-8")
    table = read_codings(good)
    analyze_table(good)
    assert parses == []
    copied = table.copy()  # pandas copies attrs: the copy shares what is found
    assert copied.attrs[ORIGIN][0] is table.attrs[ORIGIN][0]
    assert copied.attrs[ORIGIN][0].line(1) == 5 and parses == ["good.csv"]
    assert table.attrs[ORIGIN][0].lines() == (2, 5) and parses == ["good.csv"]  # found once
    bad = tmp_path / "bad.csv"
    bad.write_text('document,segment,code,text\nd1,0,a,"two\nlines"\n\nd1,x,b,y\n',
                   encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        read_codings(bad)
    assert caught.value.issues[0].line == 5 and parses == ["good.csv", "bad.csv"]


def test_agreement_finds_the_lines_of_the_file_a_message_names_only(tmp_path, parses):
    ana, budi = tmp_path / "ana.csv", tmp_path / "budi.csv"
    ana.write_text('document,segment,code,text\nd1,0,a,"two\nlines"\nd1,1,a,x\n',
                   encoding="utf-8")
    budi.write_text('document,segment,code,text\nd1,0,a,"two\nlines"\nd1,1,b,x\n',
                    encoding="utf-8")
    agreement(read_codings_files([ana, budi]), bootstrap=0)
    assert parses == []
    budi.write_text('document,segment,code,text\nd1,0,a,"two\nlines"\nd1,one,b,x\n',
                    encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        agreement(read_codings_files([ana, budi]), bootstrap=0)
    assert [(i.code, i.path, i.line) for i in caught.value.issues] == [
        ("E702", str(budi), 4)]
    assert parses == ["budi.csv"]
