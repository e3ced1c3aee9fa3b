"""In-process tests of ``qualcode code``."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.coding.engine import apply_codebook
from qualcode.corpus import load_corpus
from qualcode.io.codebook import load_codebook
from qualcode.tables import CODINGS_COLUMNS, codings_table

runner = CliRunner()

BOOK = """\
name: cli-book
version: "3"
unit: paragraph
dimensions: [{id: role}]
codes:
  - id: enabler
    dimension: role
    rules: [{phrases: {id: [dampingi]}}]
  - id: coordinator
    dimension: role
    rules: [{phrases: {id: [rujuk]}}]
"""

TRANSCRIPT = """\
---
id: mk01
case: MK01
---
Pewawancara: Apakah Ibu mendampingi anaknya?

Rina: Iya, saya mendampingi dia.
Lalu kami merujuk ke psikolog.
"""


def _files(tmp_path: Path, book: str = BOOK) -> tuple[Path, Path, Path]:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "mk01.md").write_text(TRANSCRIPT, encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("case,role\nMK01,manajer_kasus\n", encoding="utf-8")
    codebook = tmp_path / "book.yaml"
    codebook.write_text(book, encoding="utf-8")
    return folder, cases, codebook


def test_code_writes_the_codings_table_with_case_attributes(tmp_path):
    folder, cases, codebook = _files(tmp_path)
    out = tmp_path / "codings.csv"
    result = runner.invoke(app, ["code", str(folder), "-c", str(codebook), "--cases", str(cases),
                                 "-o", str(out), "--unit", "turn"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, keep_default_na=False)
    assert list(table.columns) == [*CODINGS_COLUMNS, "role"]
    assert table[["document", "case", "segment", "speaker", "code", "code_path", "group",
                  "coder", "source", "rule", "match", "role"]].values.tolist() == [
        ["mk01", "MK01", 1, "Rina", "enabler", "enabler", "role", "cli-book@3", "auto",
         "enabler.rules[0]", "mendampingi", "manajer_kasus"],
        ["mk01", "MK01", 1, "Rina", "coordinator", "coordinator", "role", "cli-book@3", "auto",
         "coordinator.rules[0]", "merujuk", "manajer_kasus"],
    ]
    assert table["text"][0] == "Iya, saya mendampingi dia.\nLalu kami merujuk ke psikolog."
    assert result.stderr.strip() == (
        "Coded 2 segments in 1 documents with cli-book@3: 2 codings of 2 codes.")


def test_output_equals_the_library(tmp_path):
    folder, _, codebook = _files(tmp_path)
    result = runner.invoke(app, ["-q", "code", str(folder), "-c", str(codebook), "--unit",
                                 "turn"])
    assert result.exit_code == 0
    corpus = load_corpus([folder], unit="turn")
    book = load_codebook(codebook)
    expected = codings_table(apply_codebook(corpus, book), corpus, book)
    got = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert got.values.tolist() == expected.values.tolist()


def test_unit_defaults_to_the_codebooks(tmp_path):
    folder, _, codebook = _files(tmp_path)
    result = runner.invoke(app, ["-q", "code", str(folder), "-c", str(codebook)])
    assert result.exit_code == 0
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    # unit: paragraph in the codebook: the participant turn is one paragraph here
    assert table[["segment", "code", "match"]].values.tolist() == [
        [1, "enabler", "mendampingi"], [1, "coordinator", "merujuk"]]


def test_invalid_codebook_exits_1_with_the_report_and_writes_nothing(tmp_path):
    folder, _, codebook = _files(tmp_path, BOOK.replace("unit: paragraph", "unit: page"))
    out = tmp_path / "codings.csv"
    result = runner.invoke(app, ["code", str(folder), "-c", str(codebook), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert result.stderr == (
        f"Error: invalid codebook {codebook}: 1 problem found\n"
        f"  - {codebook}:3: unknown unit 'page'; choose one of turn, paragraph, sentence, "
        "document [C132]\n"
        "    hint: remove the key to segment by turn (the default)\n")


def test_default_codebook_is_the_bundled_one(tmp_path):
    folder, _, _ = _files(tmp_path)
    result = runner.invoke(app, ["-q", "code", str(folder)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert set(table["coder"]) == {"case-management-bullying@" + load_codebook(
        Path(__file__).resolve().parents[2] / "codebooks" / "case-management-bullying.yaml"
    ).version}


def test_sheet_option_reads_the_named_sheet(tmp_path):
    from openpyxl import Workbook
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    book = Workbook()
    first = book.active
    first.title = "Pilot"
    first.append(["id", "answer"])
    first.append(["p1", "Saya dampingi anaknya."])
    main = book.create_sheet("Main")
    main.append(["id", "answer"])
    main.append(["m1", "Kami koordinasi dengan sekolah."])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    runner = CliRunner()
    for args, documents in (([], ["p1"]), (["--sheet", "Main"], ["m1"])):
        result = runner.invoke(app, ["segments", str(path), "--id-column", "id", *args])
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()[1:]
        assert [line.split(",")[0] for line in lines] == documents
    result = runner.invoke(app, ["code", str(path), "--sheet", "Nope", "-o",
                                 str(tmp_path / "c.csv")])
    assert result.exit_code == 1 and "the workbook has no sheet 'Nope'" in result.stderr
