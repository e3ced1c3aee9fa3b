"""Reading saved codings and segments tables (ours or a colleague's hand coding)."""

from __future__ import annotations

import pandas as pd
import pytest

from qualcode.errors import CodingsError, InputError
from qualcode.io.codings import read_codings, read_segments
from qualcode.report.tabular import write_csv
from qualcode.tables import CODINGS_COLUMNS


def written(tmp_path, rows: list[dict], name: str = "codings.csv"):
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_round_trip_restores_neutralised_cells(tmp_path):
    frame = pd.DataFrame([{c: "" for c in CODINGS_COLUMNS} | {
        "document": "d1", "segment": 2, "start": 10, "end": 40, "code": "enabler",
        "text": '=HYPERLINK("http://x","y")', "speaker": "@Rina", "match": "-5 kg",
        "informant_role": "manajer_kasus"}])
    write_csv(frame, tmp_path / "codings.csv")
    assert "'=HYPERLINK" in (tmp_path / "codings.csv").read_text()
    table = read_codings(tmp_path / "codings.csv")
    assert list(table.columns) == [*CODINGS_COLUMNS, "informant_role"]
    row = table.iloc[0]
    assert (row["text"], row["speaker"], row["match"]) == ('=HYPERLINK("http://x","y")',
                                                           "@Rina", "-5 kg")
    assert (row["segment"], row["start"], row["end"]) == (2, 10, 40)
    assert str(table["segment"].dtype) == "int64"


def test_hand_coding_with_the_required_columns_only(tmp_path):
    path = written(tmp_path, [{"document": "d1", "segment": 0, "code": "enabler"},
                              {"document": "d1", "segment": "", "code": "advocate"}])
    table = read_codings(path)
    assert table["code_path"].tolist() == ["enabler", "advocate"]
    assert table["source"].tolist() == ["imported", "imported"]
    assert table["segment"].tolist() == [0, -1]
    assert table["start"].tolist() == [-1, -1]


def test_missing_columns_are_named_with_the_file(tmp_path):
    path = written(tmp_path, [{"doc": "d1", "code": "x"}], "hand.csv")
    with pytest.raises(CodingsError) as caught:
        read_codings(path)
    message = str(caught.value)
    assert "hand.csv" in message
    assert "the codings table has no columns document, segment" in message
    assert "found doc, code" in message


def test_bad_values_are_reported_by_line(tmp_path):
    path = written(tmp_path, [{"document": "d1", "segment": "two", "code": "x"},
                              {"document": "d1", "segment": 1.5, "code": ""}])
    with pytest.raises(CodingsError) as caught:
        read_codings(path)
    message = str(caught.value)
    assert "codings.csv:2 (segment): segment 'two' is not a whole number [C001]" in message
    assert "codings.csv:3 (segment): segment '1.5' is not a whole number" in message
    assert "codings.csv:3 (code): empty code [C002]" in message


def test_xlsx_codings_sheet(tmp_path):
    path = tmp_path / "tables.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="other", index=False)
        pd.DataFrame({"document": ["d1"], "segment": [3], "code": ["'=bad"]}).to_excel(
            writer, sheet_name="codings", index=False)
    table = read_codings(path)
    assert table.iloc[0]["code"] == "=bad" and table.iloc[0]["segment"] == 3


def test_missing_file_and_unknown_type(tmp_path):
    with pytest.raises(InputError, match="codings table not found"):
        read_codings(tmp_path / "nope.csv")
    (tmp_path / "c.json").write_text("{}")
    with pytest.raises(InputError, match=r"cannot read tables of type '\.json'"):
        read_codings(tmp_path / "c.json")


def test_read_segments(tmp_path):
    path = written(tmp_path, [{"document": "d1", "case": "A", "segment": 0, "start": 0,
                               "end": 4, "speaker": "Q", "interviewer": True, "unit": "turn",
                               "text": "'+62 812"}], "segments.csv")
    table = read_segments(path)
    row = table.iloc[0]
    assert (row["text"], row["segment"], bool(row["interviewer"])) == ("+62 812", 0, True)
    with pytest.raises(CodingsError, match="no column text"):
        read_segments(written(tmp_path, [{"document": "d1", "segment": 0}], "s2.csv"))


def test_a_codings_table_saved_with_semicolons_is_read(tmp_path):
    rows = [{"document": "d1", "segment": 0, "code": "enabler", "text": "Ya, saya; dampingi"}]
    path = tmp_path / "codings.csv"
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    table = read_codings(path)
    assert (table["code"].tolist(), table["text"].tolist()) == (["enabler"],
                                                                ["Ya, saya; dampingi"])


def test_spaces_around_ids_codes_and_attributes_do_not_count(tmp_path):
    # a hand-made spreadsheet: "assessment " was a code of its own, "d1 " a second document
    # and "A " a second case, so counts split and percentages grew
    path = tmp_path / "hand.csv"
    path.write_text("document,case,segment,code,informant_role,text\n"
                    "d1 ,A,0,assessment ,manajer_kasus , Saya cek dulu. \n"
                    "d1,A ,1, enabler,manajer_kasus,Kami dampingi.\n", encoding="utf-8")
    codings = read_codings(path)
    assert codings["document"].tolist() == ["d1", "d1"]
    assert codings["case"].tolist() == ["A", "A"]
    assert codings["code"].tolist() == ["assessment", "enabler"]
    assert codings["code_path"].tolist() == ["assessment", "enabler"]
    assert codings["informant_role"].tolist() == ["manajer_kasus", "manajer_kasus"]
    assert codings["text"].tolist() == [" Saya cek dulu. ", "Kami dampingi."]  # as written
    segments = tmp_path / "segments.csv"
    segments.write_text("document,case,segment,text\nd1 , A,0, Saya cek dulu. \nd1,A,1,x\n",
                        encoding="utf-8")
    table = read_segments(segments)
    assert table["document"].tolist() == ["d1", "d1"] and table["case"].tolist() == ["A", "A"]
    assert table["text"].tolist() == [" Saya cek dulu. ", "x"]
