"""Exporting codebooks (.qdc) and projects (.qdpx): schema-valid, complete, deterministic."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from qualcode.errors import ExchangeError
from qualcode.exchange.guids import guid_for
from qualcode.exchange.qdc import export_qdc
from qualcode.exchange.qdpx_write import export_qdpx
from qualcode.exchange.schema import schema_path
from qualcode.model import Case, Code, Codebook, Coding, Dimension, Document, Rule

from .conftest import REFI

P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"


@functools.cache
def _schema(path: str):
    import xmlschema

    return xmlschema.XMLSchema(path)


def assert_valid(data: bytes, kind: str) -> None:
    """Valid against the bundled schema and, where present, the reference copy."""
    files = [schema_path(kind)]
    reference = REFI / "schemas" / ("Project-mrt2019.xsd" if kind == "project" else
                                    "Codebook.xsd")
    if reference.exists():
        files.append(reference)
    for file in files:
        errors = [f"{e.path}: {e.reason}" for e in _schema(str(file)).iter_errors(
            io.BytesIO(data))]
        assert errors == [], file


def codebook() -> Codebook:
    return Codebook(
        name="demo", version="2.1.0", title="Demo codebook", authors=("A. Author",),
        description="For tests.", languages=("id", "en"), sources=("Someone (2020).",),
        memo="Agreed in June.\nRevisit after wave 2.",
        dimensions=(
            Dimension("role", {"id": "Peran", "en": "Role"}, "What is done.", False),
            Dimension("stage", {"en": "Stage"}, "", True),
        ),
        codes=(
            Code("enabler", dimension="role", labels={"id": "Pemungkin", "en": "Enabler"},
                 brief={"en": "Builds trust."}, definition={"en": "Line one.\nLine two."},
                 when_to_use={"en": "When trust grows."}, when_not_to_use={"en": "Not for info."},
                 examples=("Saya dampingi.",), counter_examples=("Saya jelaskan.",),
                 color="#1b9e77", memo="Check with team.",
                 rules=(Rule("phrases", {"id": ("dampingi",)}, label="enabler.rules[0]"),)),
            Code("obstacle", dimension="role", labels={"en": "Obstacle"}, color="#abc"),
            Code("caseload", parent="obstacle", labels={"en": "Caseload"}),
            Code("assessment", dimension="stage", labels={"en": "Assessment"}, min_hits=2),
        ),
    )


def documents() -> list[Document]:
    return [
        Document("mk01", "Q: Halo.\nRina: Saya dampingi anaknya \U0001F600 pelan.\n",
                 attributes={"case": "MK01", "title": "Interview 1", "date": "2024-05-14",
                             "synthetic": True, "pages": 3}),
        Document("mk02", "Dimas: Kasusnya banyak sekali.\n",
                 attributes={"case": "MK02", "title": "Interview 2", "date": "2024-05-15",
                             "synthetic": False, "pages": 4}),
    ]


def cases() -> list[Case]:
    return [Case("MK01", {"years": 6, "score": 1.5, "gender": "f", "certified": "true"}),
            Case("MK02", {"years": 3, "score": 2, "gender": "m", "certified": "false"})]


def codings() -> list[Coding]:
    return [
        Coding("mk01", 9, 45, "enabler", "demo@2.1.0", "auto", 1, "enabler.rules[0]",
               "dampingi"),
        Coding("mk01", 9, 45, "enabler", "rina", "manual", memo="clear case"),
        Coding("mk01", 9, 45, "assessment", "rina", "manual"),
        Coding("mk02", 0, 30, "caseload", "dimas", "manual"),
    ]


def _qde(path: Path) -> tuple[bytes, zipfile.ZipFile]:
    archive = zipfile.ZipFile(path)
    return archive.read("project.qde"), archive


def test_qdc_export_is_valid_and_carries_the_code_tree(tmp_path):
    out = tmp_path / "demo.qdc"
    warnings = export_qdc(codebook(), out)
    assert [w.code for w in warnings] == ["X101", "X102", "X103", "X104", "X106"]
    # what a .qdc cannot hold is named, the codebook's unit and default scope among it; a
    # .qdpx carries all of it, the memo included
    assert "unit, default scope, sources and memo" in warnings[-1].message
    assert warnings[-1].hint == ("export a .qdpx project to carry them: its description holds "
                                 "the codebook's fields and memo")
    data = out.read_bytes()
    assert_valid(data, "codebook")
    root = ET.fromstring(data)
    codes = root.find(f"{C}Codes")
    assert [c.get("name") for c in codes] == ["enabler", "obstacle", "assessment"]
    obstacle = codes[1]
    assert obstacle.get("color") == "#aabbcc"
    assert [c.get("name") for c in obstacle.findall(f"{C}Code")] == ["caseload"]
    assert {c.get("isCodable") for c in root.iter(f"{C}Code")} == {"true"}
    assert codes[0].get("guid") == guid_for("code", "enabler")
    assert codes[0].find(f"{C}Description").text == (
        "Brief [en]: Builds trust.\nDefinition [en]: Line one.\n  Line two.\n"
        "When to use [en]: When trust grows.\nWhen not to use [en]: Not for info.\n"
        "Example: Saya dampingi.\nCounter-example: Saya jelaskan.\nLabel [id]: Pemungkin\n"
        "Label [en]: Enabler\nMemo: Check with team.")
    sets = root.find(f"{C}Sets")
    assert [s.get("name") for s in sets] == ["role", "stage"]
    assert [m.get("guid") for m in sets[0].findall(f"{C}MemberCode")] == [
        guid_for("code", c) for c in ("enabler", "obstacle", "caseload")]
    assert sets[1].find(f"{C}Description").text == "Label [en]: Stage\nExclusive: true"


def test_qdc_names_by_label_on_request(tmp_path):
    out = tmp_path / "demo.qdc"
    export_qdc(codebook(), out, language="id")
    root = ET.fromstring(out.read_bytes())
    first = root.find(f"{C}Codes")[0]
    assert first.get("name") == "Pemungkin"
    assert first.find(f"{C}Description").text.endswith("\nId: enabler")


def test_exports_are_deterministic(tmp_path):
    for n in (1, 2):
        export_qdc(codebook(), tmp_path / f"{n}.qdc")
        export_qdpx(documents(), codings(), codebook(), cases(), output=tmp_path / f"{n}.qdpx")
    assert (tmp_path / "1.qdc").read_bytes() == (tmp_path / "2.qdc").read_bytes()
    assert (tmp_path / "1.qdpx").read_bytes() == (tmp_path / "2.qdpx").read_bytes()
    assert b"DateTime" not in _qde(tmp_path / "1.qdpx")[0]


def test_qdpx_export_is_valid_and_consistent(tmp_path):
    out = tmp_path / "demo.qdpx"
    warnings = export_qdpx(documents(), codings(), codebook(), cases(), output=out,
                           memos={"Journal": "First note."})
    assert [w.code for w in warnings] == ["X101", "X102", "X103", "X104", "X110"]
    data, archive = _qde(out)
    assert_valid(data, "project")
    root = ET.fromstring(data)
    # every GUID is unique and every reference resolves to the right kind of element
    kinds: dict[str, str] = {}
    for el in root.iter():
        if el.get("guid"):
            assert el.get("guid") not in kinds
            kinds[el.get("guid")] = el.tag.removeprefix(P)
    expected = {"CodeRef": "Code", "MemberCode": "Code", "SourceRef": "TextSource",
                "VariableRef": "Variable", "NoteRef": "Note"}
    for el in root.iter():
        tag = el.tag.removeprefix(P)
        if tag in expected:
            assert kinds[el.get("targetGUID")] == expected[tag]
        if el.get("creatingUser"):
            assert kinds[el.get("creatingUser")] == "User"
    # internal files: exactly the ones referenced, UTF-8 texts
    paths = {el.get("plainTextPath").removeprefix("internal://")
             for el in root.iter(f"{P}TextSource")}
    assert {n for n in archive.namelist() if n.startswith("sources/")} == {
        f"sources/{p}" for p in paths}
    texts = {el.get("name"): archive.read("sources/" + el.get("plainTextPath")[11:]).decode()
             for el in root.iter(f"{P}TextSource")}
    assert texts == {d.id: d.text for d in documents()}
    # selections: one per span, in bounds, named by their quote, one Coding per code and coder
    selections = [(src.get("name"), sel) for src in root.iter(f"{P}TextSource")
                  for sel in src.findall(f"{P}PlainTextSelection")]
    assert len(selections) == 2
    for doc_id, sel in selections:
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert 0 <= start < end <= len(texts[doc_id])
        assert sel.get("name") == texts[doc_id][start:end]
    first = selections[0][1]
    assert [(kinds[c.find(f"{P}CodeRef").get("targetGUID")], c.get("creatingUser"))
            for c in first.findall(f"{P}Coding")] == [
        ("Code", guid_for("user", "demo@2.1.0")), ("Code", guid_for("user", "rina")),
        ("Code", guid_for("user", "rina"))]
    assert first.find(f"{P}Description").text == (
        "Rule [enabler | demo@2.1.0]: enabler.rules[0]\nMatch [enabler | demo@2.1.0]: dampingi"
        "\nMemo [enabler | rina]: clear case")
    assert [u.get("name") for u in root.iter(f"{P}User")] == ["demo@2.1.0", "dimas", "rina"]
    assert [(v.get("name"), v.get("typeOfVariable")) for v in root.iter(f"{P}Variable")] == [
        ("years", "Integer"), ("score", "Float"), ("gender", "Text"), ("certified", "Boolean"),
        ("title", "Text"), ("date", "Date"), ("synthetic", "Boolean"), ("pages", "Integer")]
    case = root.find(f"{P}Cases")[0]
    assert case.get("name") == "MK01"
    assert [v[1].text for v in case.findall(f"{P}VariableValue")] == ["6", "1.5", "f", "true"]
    assert case.find(f"{P}SourceRef").get("targetGUID") == guid_for("source", "mk01")
    assert root.find(f"{P}Notes")[0].find(f"{P}PlainTextContent").text == "First note."
    assert root.find(f"{P}NoteRef").get("targetGUID") == guid_for("note", "Journal")
    assert root.find(f"{P}Description").text.startswith("Codebook: demo\nVersion: 2.1.0\n")


def test_the_codebook_memo_is_the_memo_of_the_project_description(tmp_path):
    out = tmp_path / "memo.qdpx"
    export_qdpx(documents(), codings(), codebook(), output=out,
                description="Exported for the team.")
    data, _ = _qde(out)
    assert_valid(data, "project")
    assert ET.fromstring(data).find(f"{P}Description").text == (
        "Codebook: demo\nVersion: 2.1.0\nTitle: Demo codebook\nAuthor: A. Author\n"
        "Language: id, en\nUnit: turn\nScope: participant\nSource: Someone (2020).\n"
        "Description: For tests.\nMemo: Agreed in June.\n  Revisit after wave 2.\n  \n"
        "  Exported for the team.")


def test_a_title_and_description_per_language_survive_qdpx_and_yaml(tmp_path):
    import dataclasses

    from qualcode.exchange.codebook_yaml import codebook_yaml
    from qualcode.exchange.qdpx_read import read_qdpx
    from qualcode.io.codebook import parse_codebook

    book = dataclasses.replace(
        codebook(), title="", description="",
        titles={"id": "Peran manajer kasus", "en": "Case-manager roles"},
        descriptions={"id": "Untuk uji.", "en": "For tests."})
    out = tmp_path / "titles.qdpx"
    export_qdpx(documents(), codings(), book, output=out)
    data, _ = _qde(out)
    assert_valid(data, "project")
    assert ET.fromstring(data).find(f"{P}Description").text.startswith(
        "Codebook: demo\nVersion: 2.1.0\nTitle [id]: Peran manajer kasus\n"
        "Title [en]: Case-manager roles\nAuthor: A. Author\n")
    imported = read_qdpx(out).codebook
    text = codebook_yaml(imported)
    assert "title:\n  id: Peran manajer kasus\n  en: Case-manager roles\n" in text
    for again in (imported, parse_codebook(text)):
        assert (again.titles, again.descriptions) == (book.titles, book.descriptions)
        assert (again.title, again.title_in("en"), again.description_in("en")) == (
            "Peran manajer kasus", "Case-manager roles", "For tests.")
    # a title in the primary language only is written as plain text, as before
    assert "\ntitle: Demo codebook\n" in codebook_yaml(parse_codebook(codebook_yaml(codebook())))


def test_utf16_and_crlf_positions(tmp_path):
    out = tmp_path / "u.qdpx"
    export_qdpx(documents(), codings(), codebook(), cases(), output=out,
                position_unit="utf16", crlf=True)
    data, archive = _qde(out)
    assert_valid(data, "project")
    root = ET.fromstring(data)
    sel = root.find(f"{P}Sources")[0].find(f"{P}PlainTextSelection")
    # "Q: Halo.\n" is 9 code points, 10 with CRLF; the emoji adds one UTF-16 unit
    assert (sel.get("startPosition"), sel.get("endPosition")) == ("10", "47")
    raw = archive.read("sources/" + root.find(f"{P}Sources")[0].get("plainTextPath")[11:])
    assert raw.count(b"\r\n") == 2


def test_codings_table_input_is_checked(tmp_path):
    import pandas as pd

    frame = pd.DataFrame([
        {"document": "mk01", "start": 9, "end": 45, "code": "enabler", "coder": "rina",
         "text": "something else", "code_path": "enabler", "group": "role"},
        {"document": "mk01", "start": 0, "end": 8, "code": "greeting", "coder": "rina",
         "code_path": "talk/greeting", "group": "other"},
        {"document": "mk02", "start": 5, "end": 500, "code": "caseload", "coder": "rina"},
        {"document": "nope", "start": 0, "end": 2, "code": "caseload", "coder": "rina"},
        {"document": "mk02", "start": 0, "end": 5, "code": "caseload", "coder": "rina",
         "status": "rejected"},
    ])
    out = tmp_path / "t.qdpx"
    warnings = export_qdpx(documents(), frame, codebook(), output=out)
    assert [w.code for w in warnings] == ["X101", "X102", "X103", "X104", "X113", "X114",
                                          "X115", "X117", "X116"]
    assert "talk, greeting" in str(warnings[-1])
    root = ET.fromstring(_qde(out)[0])
    talk = next(c for c in root.find(f"{P}CodeBook")[0] if c.get("name") == "talk")
    assert [c.get("name") for c in talk] == ["greeting"]
    # without a codebook the tree and the sets come from code_path and group
    export_qdpx(documents(), frame, output=out)
    root = ET.fromstring(_qde(out)[0])
    assert [c.get("name") for c in root.find(f"{P}CodeBook")[0]] == ["enabler", "talk"]
    assert [s.get("name") for s in root.find(f"{P}Sets")] == ["role", "other"]


def test_duplicate_document_ids_are_refused(tmp_path):
    docs = [*documents(), Document("mk01", "again")]
    with pytest.raises(ExchangeError, match="share the id"):
        export_qdpx(docs, [], output=tmp_path / "d.qdpx")
    assert not (tmp_path / "d.qdpx").exists()


def test_bundled_schemas_match_the_reference_copies():
    project = REFI / "schemas" / "Project-mrt2019.xsd"
    if not project.exists():
        pytest.skip("reference schemas are not available here")
    assert schema_path("project").read_bytes() == project.read_bytes()
    ours = schema_path("codebook").read_text(encoding="utf-8").splitlines()
    theirs = (REFI / "schemas" / "Codebook.xsd").read_text(encoding="utf-8").splitlines()
    assert [a for a, b in zip(ours, theirs, strict=True) if a != b] == [
        "  Provenance: README.md in this folder."]


def test_characters_xml_cannot_hold_are_replaced(tmp_path):
    docs = [Document("pdf", "Page one.\fPage two.\n", attributes={"note": "bell\x07"})]
    cods = [Coding("pdf", 0, 19, "topic", "ana", "manual", memo="form\ffeed")]
    out = tmp_path / "f.qdpx"
    export_qdpx(docs, cods, output=out)
    data, archive = _qde(out)
    assert_valid(data, "project")
    root = ET.fromstring(data)
    assert root.find(f"{P}Sources")[0].find(f"{P}PlainTextSelection").get("name") == (
        "Page one. Page two.")
    assert archive.read("sources/" + root.find(f"{P}Sources")[0].get("plainTextPath")[11:]) == (
        b"Page one.\x0cPage two.\n")


def test_a_codebook_may_be_given_as_the_path_of_its_yaml(tmp_path):
    from qualcode.errors import QualcodeError
    from qualcode.exchange.codebook_yaml import codebook_yaml
    from qualcode.io.codebook import load_codebook

    path = tmp_path / "demo.yaml"
    path.write_text(codebook_yaml(codebook()), encoding="utf-8")
    loaded = load_codebook(path)
    assert loaded.memo == codebook().memo  # written back to YAML with the codebook
    export_qdc(loaded, tmp_path / "loaded.qdc")
    export_qdpx(documents(), codings(), loaded, cases(), output=tmp_path / "loaded.qdpx")
    for given in (path, str(path)):
        export_qdc(given, tmp_path / "given.qdc")
        export_qdpx(documents(), codings(), given, cases(), output=tmp_path / "given.qdpx")
        assert (tmp_path / "given.qdc").read_bytes() == (tmp_path / "loaded.qdc").read_bytes()
        assert (tmp_path / "given.qdpx").read_bytes() == (
            tmp_path / "loaded.qdpx").read_bytes()
    for export in (lambda: export_qdc(3, tmp_path / "x.qdc"),
                   lambda: export_qdpx(documents(), codings(), 3, output=tmp_path / "x.qdpx")):
        with pytest.raises(QualcodeError, match="codebook must be a Codebook or the path of a "
                                                "codebook \\(YAML\\), not int"):
            export()
    assert not (tmp_path / "x.qdc").exists() and not (tmp_path / "x.qdpx").exists()
