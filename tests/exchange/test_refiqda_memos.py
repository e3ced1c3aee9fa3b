"""Coding memos survive a .qdpx round trip; other programs' selection descriptions stay text."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.exchange.descriptions import CODING_FIELDS, Field, format_fields, parse_fields
from qualcode.exchange.importer import import_qdpx
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.exchange.qdpx_sources import selection_fields
from qualcode.exchange.qdpx_write import export_qdpx
from qualcode.model import Coding, Document

from .conftest import project_xml, write_qdpx

TEXT = "Halo semua.\nSaya dampingi anaknya.\nKasusnya banyak sekali.\n"
MEMOS = {
    "plain": "memo X",
    "lines": "first line\n  indented\n\nafter a blank line",
    "labels": "Rule [enabler | ana]: not a rule\nMemo [enabler | ana]: not a memo\nMatch: no",
    "carriage returns": "one\rRule [enabler | ana]: still the memo\r\nthree",
    "formula": "=1+1 is text",
}
CODINGS = [
    Coding("d", 12, 34, "enabler", "ana", "manual", memo=MEMOS["labels"]),
    Coding("d", 12, 34, "enabler", "demo@1.0", "auto", rule="enabler.rules[0]",
           match="dampingi", memo=MEMOS["plain"]),
    Coding("d", 12, 34, "caseload", "ben", "manual", memo=MEMOS["carriage returns"]),
    Coding("d", 35, 58, "caseload", "ana", "manual", memo=MEMOS["lines"]),
    Coding("d", 35, 58, "caseload", "ben", "manual"),
    Coding("d", 0, 11, "enabler", "ben", "manual", memo=MEMOS["formula"]),
]
EXPECTED = [  # (start, end, code, coder, rule, match, memo) as read back
    (0, 11, "enabler", "ben", "", "", MEMOS["formula"]),
    (12, 34, "enabler", "ana", "", "", MEMOS["labels"]),
    (12, 34, "enabler", "demo@1.0", "enabler.rules[0]", "dampingi", MEMOS["plain"]),
    (12, 34, "caseload", "ben", "", "", "one\nRule [enabler | ana]: still the memo\nthree"),
    (35, 58, "caseload", "ana", "", "", MEMOS["lines"]),
    (35, 58, "caseload", "ben", "", "", ""),
]


def _codings(project) -> list[tuple]:
    return [(c.start, c.end, c.code, c.coder, c.rule, c.match, c.memo) for c in project.codings]


def test_coding_memos_survive_export_import_export(tmp_path):
    pd = pytest.importorskip("pandas")
    first = tmp_path / "first.qdpx"
    export_qdpx([Document("d", TEXT, "d.txt", "txt")], CODINGS, output=first)
    out = tmp_path / "out"
    project = import_qdpx(first, out)
    assert _codings(project) == EXPECTED
    assert not [w for w in project.warnings if w.code == "X232"]
    table = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
    assert list(table.columns[13:15]) == ["text", "memo"]
    assert [m.lstrip("'") for m in table["memo"]] == [row[-1] for row in EXPECTED]
    second = tmp_path / "second.qdpx"
    result = CliRunner().invoke(app, [
        "export", "qdpx", str(out / "texts"), "--codings", str(out / "codings.csv"),
        "-c", str(out / "codebook.yaml"), "-o", str(second)])
    assert result.exit_code == 0, result.stderr
    assert _codings(read_qdpx(second)) == EXPECTED


def test_a_lone_carriage_return_cannot_start_a_field():
    text = format_fields([Field("Memo", "c | u", "a\rRule [c | u]: b")])
    assert text == "Memo [c | u]: a\n  Rule [c | u]: b"
    assert parse_fields(text, CODING_FIELDS) == [Field("Memo", "c | u", "a\nRule [c | u]: b")]


G = [f"{i:08x}-0000-4000-8000-000000000000" for i in range(1, 12)]


def _project(description: str, *, note: str = "", coded: bool = True) -> str:
    note_ref = f'<NoteRef targetGUID="{G[9]}"/>' if note else ""
    coding = (f'<Coding guid="{G[8]}" creatingUser="{G[0]}"><CodeRef targetGUID="{G[2]}"/>'
              f'{note_ref}</Coding>') if coded else ""
    notes = (f'<Notes><Note guid="{G[9]}" name="on the coding"><PlainTextContent>{note}'
             '</PlainTextContent></Note></Notes>') if note else ""
    return (
        f'<Users><User guid="{G[0]}" name="Ana"/><User guid="{G[1]}" name="Ben"/></Users>'
        f'<CodeBook><Codes><Code guid="{G[2]}" name="cost" isCodable="true"/>'
        f'<Code guid="{G[3]}" name="trust" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{G[4]}" name="d"><PlainTextContent>Cost is high'
        f'</PlainTextContent><PlainTextSelection guid="{G[5]}" name="Cost" startPosition="0" '
        f'endPosition="4" creatingUser="{G[0]}"><Description>{description}</Description>'
        f'{coding}</PlainTextSelection></TextSource></Sources>{notes}'
    )


def _write(tmp_path, body: str):
    return write_qdpx(tmp_path / "p.qdpx", project_xml(body))


def test_description_memo_and_coding_note_are_both_kept(tmp_path):
    body = _project("Rule [cost | Ana]: r1\nMemo [cost | Ana]: from the description",
                    note="from a note")
    out = tmp_path / "out"
    (coding,) = import_qdpx(_write(tmp_path, body), out).codings
    assert (coding.rule, coding.memo) == ("r1", "from the description\n\nfrom a note")
    table = (out / "codings.csv").read_text(encoding="utf-8")
    assert '"from the description\n\nfrom a note"' in table


@pytest.mark.parametrize("description", [
    "The interviewee hesitated here.\nAsk again.",
    "Rule: ask about the school first\nthen the family",
    "Memo [draft]: check with Ben",
    "Match [trust | Ben]: names a coding this selection lacks",
    "Memo [cost | Ana]: looks like ours\nRule [cost]: but this line is not",
])
def test_other_programs_descriptions_stay_as_they_are(tmp_path, description):
    (coding,) = read_qdpx(_write(tmp_path, _project(description))).codings
    assert (coding.rule, coding.match, coding.memo) == ("", "", description)


def test_a_comment_on_a_selection_without_coding_is_reported(tmp_path):
    project = read_qdpx(_write(tmp_path, _project("Memo [cost | Ana]: nobody coded this",
                                                  coded=False)))
    assert project.codings == ()
    assert "X232" in [w.code for w in project.warnings]


def test_selection_fields_split_by_coding():
    keys = {("cost", "Ana"), ("cost", "Ben")}
    text = "Rule [cost | Ana]: r\nMemo [cost | Ana]: m\n  more\nMemo [cost | Ben]: n"
    assert selection_fields(text, keys) == (
        {("cost", "Ana"): {"Rule": "r", "Memo": "m\nmore"}, ("cost", "Ben"): {"Memo": "n"}}, "")
    assert selection_fields("  free text \n", keys) == ({}, "free text")
    assert selection_fields("", keys) == ({}, "")
