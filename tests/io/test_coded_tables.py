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
