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


def test_suggestions_stay_out_unless_asked_and_come_back_as_suggestions(tmp_path):
    doc = Document("d", TEXT, "d.txt", "txt")
    codings = [Coding("d", 12, 34, "enabler", "demo@1.0", "auto", status="suggested"),
               Coding("d", 35, 58, "caseload", "ana", "manual", status="accepted")]
    out = tmp_path / "p.qdpx"
    warnings = export_qdpx([doc], codings, output=out)
    assert [(c.code, c.status) for c in read_qdpx(out).codings] == [("caseload", "")]
    (left,) = [w for w in warnings if w.code == "X118"]
    assert left.message.startswith("1 suggestion(s) nobody has reviewed yet were left out")
    export_qdpx([doc], codings, output=out, suggested=True)
    assert [(c.code, c.status) for c in read_qdpx(out).codings] == [
        ("enabler", "suggested"), ("caseload", "")]
    import_qdpx(out, tmp_path / "imported")
    table = (tmp_path / "imported" / "codings.csv").read_text(encoding="utf-8").splitlines()
    assert table[0].split(",")[13:16] == ["text", "status", "memo"]
    assert ",suggested," in table[1] and ",suggested," not in table[2]


def test_rows_listing_one_coding_twice_keep_every_memo(tmp_path):
    doc = Document("d", TEXT, "d.txt", "txt")
    codings = [Coding("d", 12, 34, "enabler", "ana", "manual", memo="first memo"),
               Coding("d", 12, 34, "enabler", "ana", "manual", memo="second memo")]
    out = tmp_path / "p.qdpx"
    export_qdpx([doc], codings, output=out)
    (coding,) = read_qdpx(out).codings
    assert coding.memo == "first memo\n\nsecond memo"


def test_export_reads_inline_markup_on_request(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Ani: Saya {enabler}dampingi anaknya{/enabler} dulu.\n", encoding="utf-8")
    table = tmp_path / "c.csv"  # a codings table made on the text without the tags
    table.write_text("document,start,end,code,coder,text\n"
                     "a,10,26,enabler,ana,dampingi anaknya\n", encoding="utf-8")
    out = tmp_path / "m.qdpx"
    runner = CliRunner()
    result = runner.invoke(app, ["export", "qdpx", str(folder), "--codings", str(table),
                                 "-o", str(out)])
    assert result.exit_code == 0 and "[X115]" in result.stderr
    assert "inline {code}...{/code} markup (a): pass --markup" in result.stderr
    result = runner.invoke(app, ["export", "qdpx", str(folder), "--codings", str(table),
                                 "--markup", "-o", str(out)])
    assert result.exit_code == 0 and "X115" not in result.stderr, result.stderr
    project = read_qdpx(out)
    text = project.documents[0].text
    assert text == "Ani: Saya dampingi anaknya dulu.\n"
    assert [(text[c.start:c.end], c.coder) for c in project.codings] == [
        ("dampingi anaknya", "ana")]  # the markup's own coding is the table's
    result = runner.invoke(app, ["export", "qdpx", str(folder), "--markup", "--coder", "rina",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert [(c.code, c.coder) for c in read_qdpx(out).codings] == [("enabler", "rina")]


def test_codings_table_problems_name_the_file_and_line(tmp_path):
    (tmp_path / "x.txt").write_text("A: hello\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("document,start,end,code\nx,0,4,a\nx,abc,4,a\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["export", "qdpx", str(tmp_path / "x.txt"), "--codings",
                                 str(bad), "-o", str(tmp_path / "o.qdpx")])
    assert result.exit_code == 1 and f"{bad}:3" in result.stderr
    semicolons = tmp_path / "semi.csv"  # as a spreadsheet in many locales saves it
    semicolons.write_text("document;start;end;code\nx;0;4;a\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "qdpx", str(tmp_path / "x.txt"), "--codings",
                                 str(semicolons), "-o", str(tmp_path / "o.qdpx")])
    assert result.exit_code == 0, result.stderr
    assert [c.code for c in read_qdpx(tmp_path / "o.qdpx").codings] == ["a"]
