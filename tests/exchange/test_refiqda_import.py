"""Importing projects: the real variation between programs, built here as small files."""

from __future__ import annotations

import pytest

from qualcode.errors import ExchangeError
from qualcode.exchange.importer import import_qdc, import_qdpx
from qualcode.exchange.qdpx_read import read_qdpx

from .conftest import project_xml, write_qdpx

G = [f"{i:08x}-0000-4000-8000-000000000000" for i in range(1, 20)]

CODEBOOK = (
    f'<CodeBook><Codes><Code guid="{G[0].upper()}" name="Barriers" isCodable="false" '
    f'color="#F00"><Description>Things in the way</Description>'
    f'<Code guid="{{{G[1]}}}" name="cost" isCodable="true"/></Code>'
    f'<Code guid="{G[2]}" name="Trust building" isCodable="true" color="rgb(1,2,3)"/>'
    f'</Codes></CodeBook>'
)
USERS = f'<Users><User guid="{G[3]}" name="Ana" id="A"/><User guid="{G[4]}" name="Ben"/></Users>'


def _selection(guid: str, start: int, end: int, code: str, user: str, name: str = "") -> str:
    return (f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{user}"><Coding guid="{guid[:-1]}1" '
            f'creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
            f'</PlainTextSelection>')


def test_nvivo_style_utf16_crlf_bom_sources_folder(make_qdpx):
    lines = ["first line", "second \U0001F600\U0001F600 line", "third line", "fourth"]
    raw = "\r\n".join(lines)
    # UTF-16 units: lines start at 0, 12, 30, 42 (an emoji counts 2, a CRLF 2)
    sels = (_selection(G[10], 12, 28, G[2].upper(), G[3]) +
            _selection(G[11], 30, 40, "{" + G[1] + "}", G[4]) +
            _selection(G[12], 42, 48, G[1], G[3]))
    body = USERS + CODEBOOK + (
        f'<Sources><TextSource guid="{G[5]}" name="doc one" '
        f'plainTextPath="internal://{G[5]}.txt" richTextPath="internal://{G[5]}.docx">'
        f'<Description/>{sels}</TextSource></Sources>')
    path = make_qdpx(body, {f"Sources/{G[5]}.txt": b"\xef\xbb\xbf" + raw.encode(),
                            f"Sources/{G[5]}.docx": b"PK"}, origin="NVivo for Windows 12.6")
    project = read_qdpx(path)
    (doc,) = project.documents
    assert doc.id == "doc one" and doc.text == "\n".join(lines)
    quotes = [(doc.text[c.start:c.end], c.code, c.coder) for c in project.codings]
    assert quotes == [(lines[1], "trust_building", "Ana"), (lines[2], "cost", "Ben"),
                      (lines[3], "cost", "Ana")]
    assert [c.id for c in project.codebook.codes] == ["barriers", "cost", "trust_building"]
    barriers = project.codebook.codes[0]
    assert barriers.color == "#FF0000" and barriers.definition == {"en": "Things in the way"}
    assert barriers.labels == {"en": "Barriers"}
    assert project.codebook.codes[2].color is None
    assert [w.code for w in project.warnings] == ["X210", "X201", "X202", "X204", "X225"]


def test_atlasti_counts_a_crlf_once(make_qdpx):
    raw = "alpha\r\nbeta\r\ngamma"
    body = USERS + CODEBOOK + (
        f'<Sources><TextSource guid="{G[5]}" name="d" plainTextPath="internal://{G[5]}.txt">'
        + _selection(G[10], 6, 10, G[1], G[3]) + _selection(G[11], 11, 16, G[1], G[3]) +
        '</TextSource></Sources>')
    path = make_qdpx(body, {f"sources/{G[5]}.txt": raw}, origin="ATLAS.ti for Windows 23.2")
    project = read_qdpx(path)
    text = project.documents[0].text
    assert [text[c.start:c.end] for c in project.codings] == ["beta", "gamma"]


def test_other_qde_name_namespace_variant_and_bom_before_xml(tmp_path):
    body = USERS + CODEBOOK + (
        f'<Sources><TextSource guid="{G[5]}" name="d"><PlainTextContent>Hello there'
        f'</PlainTextContent>{_selection(G[10], 0, 5, G[1], G[3], "Hello")}</TextSource>'
        '</Sources>')
    qde = b"\xef\xbb\xbf" + project_xml(body, ns="urn:QDA-XML:project:1:0").encode()
    path = write_qdpx(tmp_path / "p.qdpx", qde, qde_name="My Project.qde")
    project = read_qdpx(path)
    assert [w.code for w in project.warnings][:2] == ["X241", "X211"]
    assert "'My Project.qde'" in str(project.warnings[0])
    assert [(c.start, c.end, c.code) for c in project.codings] == [(0, 5, "cost")]


def test_two_qde_files_are_refused(tmp_path):
    path = write_qdpx(tmp_path / "p.qdpx", project_xml(""), {"other.qde": project_xml("")})
    with pytest.raises(ExchangeError, match=r"exactly one \.qde file at its root"):
        read_qdpx(path)


def test_missing_source_falls_back_to_inline_text(make_qdpx):
    body = (f'<Sources><TextSource guid="{G[5]}" name="d" plainTextPath="internal://gone.txt">'
            '<PlainTextContent>inline text</PlainTextContent></TextSource>'
            f'<TextSource guid="{G[6]}" name="e" plainTextPath="internal://gone2.txt"/>'
            '</Sources>')
    project = read_qdpx(make_qdpx(body))
    assert [d.text for d in project.documents] == ["inline text"]
    assert [w.code for w in project.warnings] == ["X223", "X224"]
    assert "'d (inline text used)', 'e'" in str(project.warnings[0])


def test_empty_containers_are_tolerated(make_qdpx):
    project = read_qdpx(make_qdpx("<Users/><Sources/><Sets/><Notes/>"))
    assert project.documents == () and project.codebook.codes == ()
    assert [w.code for w in project.warnings] == ["X210"]


CASES_BODY = (
    USERS + CODEBOOK +
    f'<Variables><Variable guid="{G[13]}" name="age" typeOfVariable="Integer"/>'
    f'<Variable guid="{G[14]}" name="urban" typeOfVariable="Boolean"/>'
    f'<Variable guid="{G[15]}" name="site" typeOfVariable="Text"/></Variables>'
    f'<Cases><Case guid="{G[16]}" name="P01"><VariableValue><VariableRef targetGUID="{G[13]}"/>'
    f'<IntegerValue>34</IntegerValue></VariableValue><VariableValue>'
    f'<VariableRef targetGUID="{G[14]}"/><BooleanValue>1</BooleanValue></VariableValue>'
    f'<SourceRef targetGUID="{G[5]}"/></Case>'
    f'<Case guid="{G[17]}"><VariableValue><VariableRef targetGUID="{G[15]}"/>'
    f'<TextValue>north</TextValue></VariableValue><SourceRef targetGUID="{G[5]}"/></Case>'
    '</Cases>'
    f'<Sources><TextSource guid="{G[5]}" name="d"><PlainTextContent>Cost is high here.'
    f'</PlainTextContent>{_selection(G[10], 0, 4, G[1], G[3], "Cost")}'
    f'<NoteRef targetGUID="{G[18]}"/></TextSource></Sources>'
    f'<Notes><Note guid="{G[18]}" name="About d" creatingUser="{G[4]}"><PlainTextContent>'
    'Interview was short.</PlainTextContent></Note></Notes>'
    f'<Sets><Set guid="{G[7]}" name="Wave 1"><MemberSource targetGUID="{G[5]}"/></Set>'
    f'<Set guid="{G[8]}" name="Money"><Description>Financial codes</Description>'
    f'<MemberCode targetGUID="{G[0]}"/></Set></Sets>'
)


def test_cases_variables_sets_and_notes(make_qdpx):
    project = read_qdpx(make_qdpx(CASES_BODY))
    assert [(c.id, dict(c.attributes)) for c in project.cases] == [
        ("P01", {"age": 34, "urban": True})]
    (doc,) = project.documents
    assert dict(doc.attributes) == {"case": "P01", "site": "north", "sets": "Wave 1",
                                    "memo": "Interview was short."}
    (dim,) = project.codebook.dimensions
    assert (dim.id, dict(dim.labels), dim.description) == ("money", {"en": "Money"},
                                                            "Financial codes")
    assert project.codebook.dimension_of("cost") == "money"
    assert project.codebook.dimension_of("trust_building") is None
    (note,) = project.notes
    assert (note.name, note.text, note.targets, note.author) == (
        "About d", "Interview was short.", ("document:d",), "Ben")


def test_import_writes_plain_files(tmp_path, make_qdpx):
    from qualcode.corpus import load_corpus
    from qualcode.io.cases import read_cases

    out = tmp_path / "out"
    project = import_qdpx(make_qdpx(CASES_BODY), out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".qualcode-output", "cases.csv", "codebook.yaml", "codings.csv", "import-report.txt",
        "notes/About-d.txt", "texts/d.txt"]
    corpus = load_corpus([out / "texts"], cases=out / "cases.csv")
    assert corpus.documents[0].text == project.documents[0].text
    assert dict(corpus.documents[0].attributes)["case"] == "P01"
    assert [(c.id, dict(c.attributes)) for c in read_cases(out / "cases.csv")] == [
        ("P01", {"age": 34, "urban": "true"})]
    codings = (out / "codings.csv").read_text(encoding="utf-8").splitlines()
    assert codings[0] == ("document,case,segment,start,end,speaker,code,code_path,group,coder,"
                          "source,rule,match,text,memo,age,urban")
    assert codings[1] == "d,P01,0,0,4,,cost,barriers/cost,money,Ana,imported,,,Cost,,34,True"
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert "Documents: 1; codes: 3; dimensions: 1; codings: 1; coders: 1; cases: 1" in report
    with pytest.raises(ExchangeError, match="exists and is not empty"):
        import_qdpx(make_qdpx(CASES_BODY), out)
    import_qdpx(make_qdpx(CASES_BODY), out, force=True)


def test_imported_codebook_yaml_validates(tmp_path, make_qdpx):
    io_codebook = pytest.importorskip("qualcode.io.codebook")
    out = tmp_path / "out"
    import_qdpx(make_qdpx(CASES_BODY), out)
    assert io_codebook.validate_codebook(out / "codebook.yaml") == []
    loaded = io_codebook.load_codebook(out / "codebook.yaml")
    assert [(c.id, c.parent) for c in loaded.codes] == [
        ("barriers", None), ("cost", "barriers"), ("trust_building", None)]
    assert loaded.dimension_of("cost") == "money"
    qdc = tmp_path / "c.qdc"
    qdc.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                   f'<Code guid="{G[0]}" name="Größe" isCodable="true"/></Codes></CodeBook>',
                   encoding="utf-8")
    result = import_qdc(qdc, tmp_path / "c.yaml", language="de")
    assert [(c.id, dict(c.labels)) for c in result.codebook.codes] == [
        ("grosse", {"de": "Größe"})]
    assert io_codebook.validate_codebook(tmp_path / "c.yaml") == []


def test_source_variables_named_id_or_case_do_not_rename_the_document(make_qdpx):
    body = (CODEBOOK +
            f'<Variables><Variable guid="{G[13]}" name="id" typeOfVariable="Text"/>'
            f'<Variable guid="{G[14]}" name="case" typeOfVariable="Text"/></Variables>'
            f'<Cases><Case guid="{G[16]}" name="CaseA"><SourceRef targetGUID="{G[5]}"/></Case>'
            f'</Cases><Sources><TextSource guid="{G[5]}" name="doc"><PlainTextContent>Cost'
            f'</PlainTextContent><VariableValue><VariableRef targetGUID="{G[13]}"/><TextValue>'
            f'P-17</TextValue></VariableValue><VariableValue><VariableRef targetGUID="{G[14]}"/>'
            f'<TextValue>interview</TextValue></VariableValue></TextSource></Sources>')
    project = read_qdpx(make_qdpx(body))
    (doc,) = project.documents
    assert (doc.id, doc.case) == ("doc", "CaseA")
    assert doc.attributes["id_attribute"] == "P-17"
    assert doc.attributes["case_attribute"] == "interview"
    (renamed,) = [w for w in project.warnings if w.code == "X257"]
    assert "'case', 'id' became case_attribute, id_attribute" in renamed.message


def test_codes_sharing_a_guid_are_reported_with_their_codings(make_qdpx):
    codebook = (f'<CodeBook><Codes><Code guid="{G[1]}" name="alpha" isCodable="true"/>'
                f'<Code guid="{G[1]}" name="beta" isCodable="true"/></Codes></CodeBook>')
    body = USERS + codebook + (
        f'<Sources><TextSource guid="{G[5]}" name="d"><PlainTextContent>one two'
        f'</PlainTextContent>{_selection(G[10], 0, 3, G[1], G[3])}</TextSource></Sources>')
    project = read_qdpx(make_qdpx(body))
    assert [c.code for c in project.codings] == ["alpha"]
    (shared,) = [w for w in project.warnings if w.code == "X207"]
    assert "'beta' has the GUID of 'alpha'" in shared.message


def test_negative_or_reversed_positions_are_left_out_not_stretched(make_qdpx):
    sels = (_selection(G[10], -5, 3, G[1], G[3]) + _selection(G[11], 7, 4, G[1], G[3])
            + _selection(G[12], 4, 7, G[1], G[3]))
    body = USERS + CODEBOOK + (
        f'<Sources><TextSource guid="{G[5]}" name="d"><PlainTextContent>one two'
        f'</PlainTextContent>{sels}</TextSource></Sources>')
    project = read_qdpx(make_qdpx(body))
    text = project.documents[0].text
    assert [text[c.start:c.end] for c in project.codings] == ["two"]
    (bad,) = [w for w in project.warnings if w.code == "X227"]
    assert bad.message.startswith("2 selection(s) without valid positions")


def test_a_field_given_twice_for_one_coding_keeps_both_values(make_qdpx):
    sel = _selection(G[10], 0, 3, G[1], G[3]).replace(
        "><Coding", "><Description>Memo [cost | Ana]: first\nMemo [cost | Ana]: second"
        "</Description><Coding", 1)
    body = USERS + CODEBOOK + (
        f'<Sources><TextSource guid="{G[5]}" name="d"><PlainTextContent>one two'
        f'</PlainTextContent>{sel}</TextSource></Sources>')
    (coding,) = read_qdpx(make_qdpx(body)).codings
    assert coding.memo == "first\n\nsecond"


def test_import_messages_for_the_wrong_kind_of_file_or_output(tmp_path, make_qdpx):
    path = make_qdpx(CASES_BODY)
    with pytest.raises(ExchangeError, match=r"a REFI-QDA project, \.qdpx"):
        import_qdc(path, tmp_path / "book.yaml")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExchangeError, match="exists and is not a folder"):
        import_qdpx(path, tmp_path / "notes.txt", force=True)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_sources_sharing_a_guid_or_a_name_are_reported(make_qdpx):
    source = (f'<TextSource guid="{G[5]}" name="emo"><PlainTextContent>{{text}}'
              '</PlainTextContent></TextSource>')
    body = (f'<Cases><Case guid="{G[16]}" name="C1"><SourceRef targetGUID="{G[5]}"/></Case>'
            f'</Cases><Sources>{source.format(text="one")}{source.format(text="two")}'
            '</Sources>')
    project = read_qdpx(make_qdpx(body))
    assert [(d.id, d.case, d.text) for d in project.documents] == [
        ("emo", "C1", "one"), ("emo-2", None, "two")]
    warned = {w.code: w.message for w in project.warnings}
    assert "'emo' -> emo-2" in warned["X258"]
    assert "'emo' has the GUID of 'emo'" in warned["X259"]


def test_import_qdc_keeps_an_existing_codebook_unless_forced(tmp_path):
    qdc = tmp_path / "c.qdc"
    qdc.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                   f'<Code guid="{G[0]}" name="cost" isCodable="true"/></Codes></CodeBook>',
                   encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: mine\n", encoding="utf-8")
    with pytest.raises(ExchangeError, match="the codebook file exists already") as caught:
        import_qdc(qdc, mine)
    assert caught.value.path == str(mine) and "force" in caught.value.hint
    assert mine.read_text(encoding="utf-8") == "name: mine\n"
    result = import_qdc(qdc, mine, force=True)
    assert [c.id for c in result.codebook.codes] == ["cost"]
    assert mine.read_text(encoding="utf-8").startswith("# Imported from c.qdc by qualcode")


def test_a_project_repr_counts_what_it_holds(make_qdpx):
    project = read_qdpx(make_qdpx(CASES_BODY))
    assert repr(project) == ("QdpxProject(name='p', origin='Test 1.0', 1 document, 3 codes, "
                             "1 coding, 1 case, 2 users, 1 note, 5 warnings)")


def test_the_project_description_becomes_the_codebook_memo(tmp_path, make_qdpx):
    io_codebook = pytest.importorskip("qualcode.io.codebook")
    # another program's free text, and qualcode's own fields (the project's notes stay notes)
    free = make_qdpx(CODEBOOK + "<Description>Pilot of the school study.\nTwo sites."
                     "</Description>", name="free.qdpx")
    assert read_qdpx(free).codebook.memo == "Pilot of the school study.\nTwo sites."
    fields = make_qdpx(
        CODEBOOK + f'<Notes><Note guid="{G[18]}" name="Journal"><PlainTextContent>Day one.'
        '</PlainTextContent></Note></Notes><Description>Codebook: study\nVersion: 2.0\n'
        f'Memo: Agreed in June.\n  Revisit later.</Description><NoteRef targetGUID="{G[18]}"/>',
        name="fields.qdpx")
    project = read_qdpx(fields)
    assert project.codebook.memo == "Agreed in June.\nRevisit later."
    assert project.description == "Agreed in June.\nRevisit later.\n\nDay one."
    import_qdpx(fields, tmp_path / "out")
    loaded = io_codebook.load_codebook(tmp_path / "out" / "codebook.yaml")
    assert (loaded.name, loaded.memo) == ("study", "Agreed in June.\nRevisit later.")
    assert read_qdpx(make_qdpx(CODEBOOK, name="none.qdpx")).codebook.memo == ""


def test_a_codebook_description_in_a_qdc_becomes_the_memo(tmp_path):
    # the .qdc schema has no place for it; a file that holds one anyway is read leniently
    qdc = tmp_path / "c.qdc"
    qdc.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                   f'<Code guid="{G[0]}" name="cost" isCodable="true"/></Codes>'
                   '<Description>Shared by the Surabaya team.</Description></CodeBook>',
                   encoding="utf-8")
    result = import_qdc(qdc, tmp_path / "c.yaml")
    assert result.codebook.memo == "Shared by the Surabaya team."
    assert [w.code for w in result.warnings] == ["X210"]
    assert "memo: Shared by the Surabaya team.\n" in (tmp_path / "c.yaml").read_text("utf-8")
