"""Export, import and export again loses nothing; the bundled study exports valid files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.exchange.schema import validation_errors

REPO = Path(__file__).resolve().parents[2]

CODEBOOK_YAML = """\
name: round-trip
version: "0.3.0"
title: Round trip
authors: [Tester]
languages: [id, en]
memo: |-
  Agreed with the team.
  Revisit after wave 2.
dimensions:
  - id: role
    label: {id: Peran, en: Role}
    description: What is done.
  - id: stage
    label: {en: Stage}
    description: {id: Tahap penanganan kasus, en: Stage of case work}
    exclusive: true
codes:
  - id: enabler
    dimension: role
    label: {id: Pemungkin, en: Enabler}
    color: "#1b9e77"
    brief: {en: Builds trust.}
    definition: {en: "Helps the child.\\nSecond line."}
    examples:
      positive: ["Saya dampingi."]
      negative: ["Saya jelaskan."]
    memo: Watch the boundary with communicator.
    rules:
      - phrases: {id: [dampingi]}
  - id: obstacle
    dimension: role
    label: {en: Obstacle}
    manual: true
    codes:
      - id: caseload
        label: {en: Caseload}
        manual: true
  - id: assessment
    dimension: stage
    label: {en: Assessment}
    manual: true
"""

DOCS = {
    "mk01.md": "---\nid: mk01\ncase: MK01\ntitle: Interview 1\ndate: 2024-05-14\n"
               "synthetic: true\npages: 3\n---\nPewawancara: Halo.\n\n"
               "Rina: Saya dampingi anaknya \U0001F600 pelan-pelan.\n\nRina: Kasusnya banyak.\n",
    "mk02.md": "---\nid: mk02\ncase: MK02\ntitle: Interview 2\ndate: 2024-05-15\n"
               "synthetic: false\npages: 4\n---\nDimas: Cafe\u0301 dulu, lalu asesmen.\n",
}
CASES_CSV = "case,years,score,gender\nMK01,6,1.5,f\nMK02,3,2.25,m\n"
CODINGS_COLUMNS = ("document,case,segment,start,end,speaker,code,code_path,group,coder,source,"
                   "rule,match,text")


def _write_inputs(folder: Path) -> None:
    texts = folder / "texts"
    texts.mkdir(parents=True)
    for name, text in DOCS.items():
        (texts / name).write_text(text, encoding="utf-8")
    (folder / "cases.csv").write_text(CASES_CSV, encoding="utf-8")
    (folder / "codebook.yaml").write_text(CODEBOOK_YAML, encoding="utf-8")
    rows = [
        "mk01,MK01,1,26,62,Rina,enabler,enabler,role,round-trip@0.3.0,auto,enabler.rules[0],"
        "dampingi,x",
        "mk01,MK01,1,26,62,Rina,enabler,enabler,role,ana,manual,,,x",
        "mk01,MK01,2,70,86,Rina,caseload,obstacle/caseload,role,ana,manual,,,x",
        "mk01,MK01,2,70,86,Rina,caseload,obstacle/caseload,role,ben,manual,,,x",
        "mk02,MK02,0,7,31,Dimas,assessment,assessment,stage,ben,manual,,,x",
    ]
    (folder / "codings.csv").write_text("\n".join([CODINGS_COLUMNS, *rows]) + "\n",
                                        encoding="utf-8")


def _export(runner: CliRunner, folder: Path, output: Path) -> None:
    result = runner.invoke(app, [
        "export", "qdpx", str(folder / "texts"), "--codings", str(folder / "codings.csv"),
        "-c", str(folder / "codebook.yaml"), "--cases", str(folder / "cases.csv"),
        "-o", str(output)])
    assert result.exit_code == 0, result.stderr


def _content(project):
    codebook = project.codebook
    return {
        "codes": [(c.id, c.parent, dict(c.labels), dict(c.definition), c.examples,
                   c.counter_examples, c.color, c.memo, codebook.dimension_of(c.id))
                  for c in codebook.codes],
        "dimensions": [(d.id, dict(d.labels), d.description, dict(d.descriptions), d.exclusive)
                       for d in codebook.dimensions],
        "codings": [(c.document, c.start, c.end, c.code, c.coder, c.rule, c.match)
                    for c in project.codings],
        "coders": sorted(u.name for u in project.users),
        "cases": [(c.id, dict(c.attributes)) for c in project.cases],
        "documents": [(d.id, d.text, dict(d.attributes)) for d in project.documents],
        "meta": (codebook.name, codebook.version, codebook.title, codebook.authors,
                 codebook.languages, codebook.memo),
    }


def test_export_import_export_is_lossless(tmp_path):
    pytest.importorskip("qualcode.io.codebook")
    runner = CliRunner()
    _write_inputs(tmp_path / "in")
    first = tmp_path / "first.qdpx"
    _export(runner, tmp_path / "in", first)
    result = runner.invoke(app, ["import", "qdpx", str(first), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    second = tmp_path / "second.qdpx"
    _export(runner, tmp_path / "out", second)
    assert first.read_bytes() == second.read_bytes()
    a, b = read_qdpx(first), read_qdpx(second)
    assert _content(a) == _content(b)
    content = _content(a)
    assert content["codings"] == [
        ("mk01", 26, 62, "enabler", "ana", "", ""),
        ("mk01", 26, 62, "enabler", "round-trip@0.3.0", "enabler.rules[0]", "dampingi"),
        ("mk01", 70, 86, "caseload", "ana", "", ""),
        ("mk01", 70, 86, "caseload", "ben", "", ""),
        ("mk02", 7, 31, "assessment", "ben", "", ""),
    ]
    assert content["coders"] == ["ana", "ben", "round-trip@0.3.0"]
    assert content["cases"] == [("MK01", {"years": 6, "score": 1.5, "gender": "f"}),
                                ("MK02", {"years": 3, "score": 2.25, "gender": "m"})]
    assert content["documents"][1][2] == {"case": "MK02", "title": "Interview 2",
                                          "date": "2024-05-15", "synthetic": False, "pages": 4}
    assert content["documents"][1][1] == "Dimas: Café dulu, lalu asesmen.\n"
    assert content["codes"][0] == (
        "enabler", None, {"id": "Pemungkin", "en": "Enabler"},
        {"en": "Helps the child.\nSecond line."}, ("Saya dampingi.",), ("Saya jelaskan.",),
        "#1b9e77", "Watch the boundary with communicator.", "role")
    assert [c[:2] for c in content["codes"]] == [
        ("enabler", None), ("obstacle", None), ("caseload", "obstacle"), ("assessment", None)]
    # a description per language comes back per language, the primary one first
    assert content["dimensions"][1] == (
        "stage", {"en": "Stage"}, "Tahap penanganan kasus",
        {"id": "Tahap penanganan kasus", "en": "Stage of case work"}, True)
    assert content["meta"] == ("round-trip", "0.3.0", "Round trip", ("Tester",), ("id", "en"),
                               "Agreed with the team.\nRevisit after wave 2.")
    codings_csv = (tmp_path / "out" / "codings.csv").read_text(encoding="utf-8").splitlines()
    assert codings_csv[0] == CODINGS_COLUMNS + ",memo,years,score,gender"
    assert codings_csv[2].startswith("mk01,MK01,1,26,62,Rina,enabler,enabler,role,"
                                     "round-trip@0.3.0,imported,enabler.rules[0],dampingi,")


def test_bundled_study_exports_validate(tmp_path):
    codebook_path = REPO / "codebooks" / "case-management-bullying.yaml"
    if not codebook_path.exists():
        pytest.skip("the study codebook is not in this checkout")
    engine = pytest.importorskip("qualcode.coding.engine")
    from qualcode.corpus import load_corpus
    from qualcode.exchange.qdc import export_qdc
    from qualcode.exchange.qdpx_write import export_qdpx
    from qualcode.io.codebook import load_codebook

    codebook = load_codebook(codebook_path)
    corpus = load_corpus([REPO / "transcripts"], cases=REPO / "transcripts" / "cases.csv")
    codings = engine.apply_codebook(corpus, codebook)
    export_qdc(codebook, tmp_path / "study.qdc")
    export_qdpx(corpus, codings, codebook, output=tmp_path / "study.qdpx")
    assert validation_errors((tmp_path / "study.qdc").read_bytes(), "codebook") == []
    qde = zipfile.ZipFile(tmp_path / "study.qdpx").read("project.qde")
    assert validation_errors(qde, "project") == []
    reference = REPO / ".." / "shared" / "refi-qda" / "schemas"
    if reference.is_dir():
        import xmlschema

        for data, name in ((qde, "Project-mrt2019.xsd"),
                           ((tmp_path / "study.qdc").read_bytes(), "Codebook.xsd")):
            xmlschema.XMLSchema(str(reference / name)).validate(io.BytesIO(data))
    project = read_qdpx(tmp_path / "study.qdpx")
    assert len(project.codings) == len(codings)
    assert len(project.documents) == len(corpus.documents)
    assert [c.id for c in project.codebook.codes] == [c.id for c in codebook.codes]
