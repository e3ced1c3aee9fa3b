"""Two documents with one id: one message wherever documents are gathered."""

from __future__ import annotations

import pytest

from qualcode.errors import InputError
from qualcode.io.duplicates import duplicate_id_error
from qualcode.io.loader import load_documents

TABLES_HINT = (
    "ids must be unique across the files read; a table's rows are named by its id column, or "
    "'<file stem>-<row>' without one: make the two tables' ids differ (a prefix in one id "
    "column, or another file name), or read them in separate runs")


def test_two_tables_with_one_id_are_named_with_their_rows(tmp_path):
    (tmp_path / "a.csv").write_text("id,jawaban\nR1,satu\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,jawaban\nR2,dua\nR1,tiga\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_documents([tmp_path])
    assert (caught.value.message, caught.value.path, caught.value.hint) == (
        f"two documents have the id 'R1': row 2 of {tmp_path / 'a.csv'} and row 3 of "
        f"{tmp_path / 'b.csv'}", str(tmp_path / "b.csv"), TABLES_HINT)


def test_a_table_row_and_a_transcript_with_one_id(tmp_path):
    (tmp_path / "a.csv").write_text("id,jawaban\nR1,satu\n", encoding="utf-8")
    (tmp_path / "r1.md").write_text("---\nid: R1\n---\nRina: ya\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_documents([tmp_path])
    transcript, table = tmp_path / "r1.md", tmp_path / "a.csv"
    assert (caught.value.message, caught.value.hint) == (
        f"two documents have the id 'R1': row 2 of {table} and {transcript}",
        f"ids must be unique across the files read: give {transcript} a different name or "
        f"'id:' in its front matter, or change the id in {table}")


def test_the_streaming_engine_gives_the_same_message(tmp_path):
    # survei.csv and survei.xlsx name their rows survei-2 ...
    from openpyxl import Workbook

    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path
    from qualcode.stream import code_files

    (tmp_path / "survei.csv").write_text("jawaban\nsatu\n", encoding="utf-8")
    book = Workbook()
    book.active.append(["jawaban"])
    book.active.append(["dua"])
    book.save(tmp_path / "survei.xlsx")
    with pytest.raises(InputError) as caught:
        code_files([tmp_path], load_codebook(default_codebook_path()), tmp_path / "out.csv")
    expected = duplicate_id_error("survei-2", str(tmp_path / "survei.csv"),
                                  str(tmp_path / "survei.xlsx"))
    assert (caught.value.message, caught.value.hint) == (expected.message, expected.hint)
    assert expected.message == (f"two documents have the id 'survei-2': {tmp_path / 'survei.csv'}"
                                f" and {tmp_path / 'survei.xlsx'}")
    assert expected.hint == TABLES_HINT


def test_two_transcripts_keep_their_hint():
    error = duplicate_id_error("a", "x/a.txt", "y/a.md")
    assert (error.message, error.path, error.hint) == (
        "two documents have the id 'a': x/a.txt and y/a.md", "y/a.md",
        "rename one file or give it a different 'id:' in its front matter")
