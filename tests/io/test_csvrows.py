"""CSV files people made: an unclosed quote is refused with its line, long cells are read."""

from __future__ import annotations

import csv

import pytest

from qualcode.errors import CasesError, InputError
from qualcode.io.cases import read_cases
from qualcode.io.csvrows import csv_rows
from qualcode.io.options import ReadOptions
from qualcode.io.tables import read_csv_responses

UNCLOSED = ('id,answer\n1,Saya dampingi anaknya\n2,"Kami koordinasi dengan sekolah\n'
            '3,Lalu home visit\n4,Selesai\n')


def test_rows_keep_the_line_they_start_on():
    text = 'a,b\n1,"two\nlines"\n2,Ibu bilang "iya" lalu pergi\n3,"a"b\n'
    assert csv_rows(text, "t.csv") == [
        (1, ["a", "b"]), (2, ["1", "two\nlines"]), (4, ["2", 'Ibu bilang "iya" lalu pergi']),
        (5, ["3", "ab"])]  # a stray quote inside an unquoted cell, as csv reads it
    assert csv_rows("", "t.csv") == []


def test_a_quote_never_closed_names_the_line_of_its_row():
    with pytest.raises(InputError, match="never closed") as caught:
        csv_rows(UNCLOSED, "t.csv")
    assert (caught.value.line, caught.value.path) == (3, "t.csv")
    assert 'close the quote (")' in caught.value.hint


def test_cells_longer_than_the_csv_module_limit_are_read():
    limit = csv.field_size_limit()
    long = "kata " * 40_000  # 200,000 characters: a whole interview in one cell
    rows = csv_rows(f'id,text\n1,"{long}"\n', "t.csv")
    assert rows[1] == (2, ["1", long])
    assert csv.field_size_limit() == limit  # the process-wide setting is put back


def test_every_reader_of_people_s_csv_refuses_the_unclosed_quote(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(UNCLOSED, encoding="utf-8")
    with pytest.raises(InputError, match="never closed") as caught:
        read_csv_responses(answers, ReadOptions())
    assert caught.value.line == 3
    cases = tmp_path / "cases.csv"
    cases.write_text('case,role\nA,"manajer kasus\nB,psikolog\n', encoding="utf-8")
    with pytest.raises(CasesError, match="never closed") as caught:
        read_cases(cases)
    assert caught.value.line == 2



def test_doubled_quotes_late_in_a_file_are_read_as_rfc_4180(tmp_path):
    # 60 plain rows fill the part a sniffer looks at; then a cell with doubled quotes, a line
    # break, and apostrophes (which a sniffer may take for the quote character)
    from qualcode.io.csvrows import sniff_dialect

    rows = [["document", "quote", "code", "memo"]]
    rows += [["mk01", "Saya", "advocate", f"note {i}, padded " + "x" * 40] for i in range(60)]
    rows += [["kmk01", 'dipanggil "kampungan", terus disuruh-suruh', "victim_fear",
              "two\nlines, it's Rina's"]]
    path = tmp_path / "q.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    text = path.read_text(encoding="utf-8")
    assert [row for _, row in csv_rows(text, path, sniff_dialect(text))] == rows
    semicolons = text.replace(",", ";")
    assert sniff_dialect(semicolons).delimiter == ";"
    assert sniff_dialect(semicolons).doublequote and sniff_dialect(semicolons).quotechar == '"'



def test_a_one_column_table_keeps_the_commas_of_its_answers(tmp_path):
    path = tmp_path / "jawaban.csv"
    path.write_text('jawaban\nGaji kecil, jam kerja panjang\n"Lembur; tidak dibayar"\n'
                    "Atasan bilang \"sabar\", terus\n", encoding="utf-8")
    docs = read_csv_responses(path, ReadOptions())
    assert [(d.text, dict(d.attributes)) for d in docs] == [
        ("Gaji kecil, jam kerja panjang", {"row": 2}), ("Lembur; tidak dibayar", {"row": 3}),
        ('Atasan bilang "sabar", terus', {"row": 4})]


def test_rows_longer_than_the_header_are_refused_with_their_lines(tmp_path):
    path = tmp_path / "survei.csv"
    rows = ['id,umur,jawaban', 'R1,34,"Dua\nbaris"', "R2,41,Gaji kecil, jam kerja panjang"]
    rows += [f"R{i},30,ok, lalu{i}" for i in range(3, 11)] + ["R11,29,ok,,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv_responses(path, ReadOptions())
    assert (caught.value.path, caught.value.line, caught.value.message, caught.value.hint) == (
        str(path), 4,
        "the row on this line has 4 cells but the header has 3: a cell holding a comma without "
        "quotes around it was cut in two, and the cells after it moved to the wrong columns; so "
        "do the rows on lines 5, 6, 7, 8, 9 and 3 more",
        'put double quotes around every cell that holds a comma ("Gaji kecil, jam kerja '
        "panjang\"), as a spreadsheet's Save as CSV does; if the extra cells are a column of "
        "their own, name it in the header")
    cases = tmp_path / "cases.csv"
    cases.write_text("case;role\nMK01;manajer kasus\nMK02;koordinator; mk\n", encoding="utf-8")
    with pytest.raises(CasesError) as caught:
        read_cases(cases)
    assert caught.value.line == 3
    assert caught.value.message.startswith(
        "the row on this line has 3 cells but the header has 2: a cell holding a semicolon "
        "without quotes")


def test_excel_s_sep_line_sets_the_delimiter_and_is_no_row(tmp_path):
    path = tmp_path / "survei.csv"
    for first in ("sep=;", '"sep=;"', "SEP=;"):
        path.write_text(f"{first}\nid;jawaban\nR1;Gaji kecil, jam kerja panjang\n\nR2;\n",
                        encoding="utf-8")
        docs = read_csv_responses(path, ReadOptions())
        assert [(d.id, d.text, dict(d.attributes)) for d in docs] == [
            ("R1", "Gaji kecil, jam kerja panjang", {"row": 2})]
    path.write_text("sep=,\nid,id,jawaban\nR1,1,x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv_responses(path, ReadOptions())
    assert (caught.value.line, caught.value.message) == (
        2, "the column name 'id' appears twice (columns 1 and 2)")
    cases = tmp_path / "cases.csv"
    cases.write_text("sep=;\ncase;role\nMK01;manajer, kasus\nMK01;koordinator\n",
                     encoding="utf-8")
    with pytest.raises(CasesError) as caught:
        read_cases(cases)
    assert (caught.value.line, caught.value.message) == (
        4, "case id 'MK01' appears twice (first on line 3)")
