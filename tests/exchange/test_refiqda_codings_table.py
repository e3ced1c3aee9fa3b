"""A codings table given to the REFI-QDA export is read as every codings table is: status,
segment, start and end by the same rules, bad cells named by their file line."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.errors import ExchangeError
from qualcode.exchange.codings_input import codings_from_frame
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.exchange.qdpx_write import export_qdpx
from qualcode.io.coded_tables import read_table
from qualcode.model import Document

TEXT = "Rina: Saya dampingi anaknya pelan.\n"


def table(statuses):
    return pd.DataFrame([{"document": "d1", "start": 6, "end": 19, "code": "enabler",
                          "coder": f"c{i}", "status": status}
                         for i, status in enumerate(statuses)])


def test_status_is_read_as_everywhere(tmp_path):
    frame = table(["Rejected", " rejected", "Suggested", "SUGGESTED ", " Accepted", ""])
    out = tmp_path / "p.qdpx"
    warnings = export_qdpx([Document("d1", TEXT)], frame, output=out)
    assert [(w.code, w.message) for w in warnings if w.code in ("X117", "X118")] == [
        ("X117", "2 rejected coding(s) were left out"),
        ("X118", "2 suggestion(s) nobody has reviewed yet were left out")]
    assert sorted(c.coder for c in read_qdpx(out).codings) == ["c4", "c5"]
    export_qdpx([Document("d1", TEXT)], frame, output=out, suggested=True)
    assert sorted((c.coder, c.status) for c in read_qdpx(out).codings) == [
        ("c2", "suggested"), ("c3", "suggested"), ("c4", ""), ("c5", "")]


def test_positions_follow_the_rule_of_every_codings_table():
    frame = pd.DataFrame({"document": "d1", "code": "enabler", "start": ["6", "6.0", " 6 "],
                          "end": ["19", "19.0", "19"], "segment": ["", "-1", "0.0"]})
    codings, _, _ = codings_from_frame(frame)
    assert [(c.start, c.end, c.segment) for c in codings] == [(6, 19, None), (6, 19, None),
                                                              (6, 19, 0)]


def test_bad_positions_are_named_by_their_file_line(tmp_path):
    path = tmp_path / "codings.csv"
    path.write_text('document,start,end,segment,code,text\n'
                    'd1,6,19,0,enabler,"Saya\ndampingi"\n'
                    '\n'
                    'd1,-5,19,,enabler,x\n'
                    'd1,6,1e3,abc,enabler,y\n'
                    'd1,,19,,enabler,z\n', encoding="utf-8")
    with pytest.raises(ExchangeError) as caught:
        codings_from_frame(read_table(path, sheet=("codings", 0)), path=str(path))
    assert [(i.code, i.path, i.line, i.where, i.message) for i in caught.value.issues] == [
        ("C001", str(path), 5, "start", "start '-5' is negative"),
        ("C001", str(path), 7, "start", "start is empty"),
        ("C001", str(path), 6, "end", "end '1e3' is not a whole number"),
        ("C001", str(path), 6, "segment", "segment 'abc' is not a whole number"),
    ]
    (tmp_path / "d1.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "qdpx", str(tmp_path / "d1.txt"), "--codings",
                                      str(path), "-o", str(tmp_path / "o.qdpx")])
    assert result.exit_code == 1
    assert f"{path}:5 (start): start '-5' is negative [C001]" in result.stderr


def test_a_table_built_in_memory_names_the_row():
    frame = pd.DataFrame({"document": ["d1", "d1"], "code": "enabler", "start": ["6", "x"],
                          "end": ["19", "19"]})
    with pytest.raises(ExchangeError) as caught:
        codings_from_frame(frame)
    (issue,) = caught.value.issues
    assert (issue.path, issue.line, issue.where) == (None, None, "start, row 2")


def test_formula_like_quotes_and_memos_of_a_written_table_are_exported_as_they_are(tmp_path):
    # the CSV guard (an apostrophe before = + - ...) is taken off once, by read_table
    from qualcode.model import Coding
    from qualcode.report.sheets import write_table
    from qualcode.tables import codings_table

    words = ["'-x", "=SUM(1)", "+62 811", "-y", "'=z", "'+w"]
    text = " ".join(words) + "\n"
    (tmp_path / "d1.txt").write_text(text, encoding="utf-8")
    codings, start = [], 0
    for word in words:
        codings.append(Coding("d1", start, start + len(word), "enabler", coder="rina",
                              memo=word + " memo"))
        start += len(word) + 1
    table = tmp_path / "codings.csv"
    write_table(codings_table(codings, [Document("d1", text)], project=True), table)
    assert "''-x" in table.read_text(encoding="utf-8")  # guarded as written
    out = tmp_path / "o.qdpx"
    result = CliRunner().invoke(app, ["export", "qdpx", str(tmp_path / "d1.txt"), "--codings",
                                      str(table), "-o", str(out)])
    assert result.exit_code == 0 and "X115" not in result.stderr, result.stderr
    exported = sorted(read_qdpx(out).codings, key=lambda c: c.start)
    assert [(text[c.start:c.end], c.memo) for c in exported] == [
        (word, word + " memo") for word in words]
    codings_read, _, _ = codings_from_frame(read_table(table))
    assert [c.memo for c in codings_read] == [word + " memo" for word in words]
