"""``qualcode export tables|theme-table|report|results`` from a saved codings table."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.report.tabular import write_csv

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def files(tmp_path, tiny):
    codings = tiny.tiny_codings()
    codings.loc[0, "text"] = SCRIPT
    codings.loc[1, "text"] = '=HYPERLINK("http://x","y")'
    write_csv(codings, tmp_path / "hand.csv")
    (tmp_path / "tiny.yaml").write_text(tiny.TINY_YAML, encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(app, ["export", *args])


def test_export_is_one_group_with_the_exchange_formats():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("tables", "theme-table", "report", "results", "qdc", "qdpx"):
        assert f"  {name} " in result.output, name


def test_tables(files):
    out = files / "tables"
    result = invoke("tables", str(files / "hand.csv"), "-c", str(files / "tiny.yaml"), "-o",
                    str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote " in result.output
    assert (out / "code_by_case.csv").read_text().splitlines()[0] == "code,A,B"
    book = load_workbook(out / "tables.xlsx")
    assert book.sheetnames[-2:] == ["codebook", "provenance"]
    assert not any(c.data_type == "f" for s in book for r in s.iter_rows() for c in r)
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["coders"] == ["tiny@1.0"] and prov["inputs"][0]["path"].endswith("hand.csv")
    assert not (out / "charts").exists()


def test_theme_table_docx_and_markdown(files):
    docx_path = files / "themes.docx"
    result = invoke("theme-table", str(files / "hand.csv"), "-c", str(files / "tiny.yaml"),
                    "-o", str(docx_path), "--quotes", "1", "--title", "Bab 4")
    assert result.exit_code == 0, result.output
    doc = DocxDocument(str(docx_path))
    assert doc.paragraphs[0].text == "Bab 4"
    assert [c.text for c in doc.tables[0].rows[0].cells][:2] == ["Code", "Definition"]
    md_path = files / "themes.md"
    assert invoke("theme-table", str(files / "hand.csv"), "-o", str(md_path)).exit_code == 0
    text = md_path.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    result = invoke("theme-table", str(files / "hand.csv"), "-o", str(files / "t.pdf"))
    assert result.exit_code == 2 and "this command writes .docx or .md files" in result.output


def test_report_is_inert(files):
    target = files / "report.html"
    result = invoke("report", str(files / "hand.csv"), "-o", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    HTMLParser().feed(html)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "data:image/svg+xml;base64," in html


def test_results_folder(files):
    out = files / "results"
    result = invoke("results", str(files / "hand.csv"), "-c", str(files / "tiny.yaml"),
                    "-o", str(out), "--no-charts")
    assert result.exit_code == 0, result.output
    for name in ("codings.csv", "tables.xlsx", "theme_table.docx", "theme_table.md",
                 "report.html", "provenance.json", "role_by_stage.csv"):
        assert (out / name).exists(), name


def test_missing_columns_name_the_file(files):
    bad = files / "colleague.csv"
    bad.write_text("document,kode\nd1,x\n", encoding="utf-8")
    result = invoke("tables", str(bad), "-o", str(files / "out"))
    assert result.exit_code == 1
    assert "colleague.csv: the codings table has no columns segment, code" in result.output
    assert not (files / "out").exists()


def test_codes_the_codebook_lacks_are_warned_about(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app
    from qualcode.resources import default_codebook_path

    codings = tmp_path / "hand.csv"
    codings.write_text("document,segment,code,status\nd1,1,enabler,\nd1,2,enablr,\n"
                       "d1,3,zzz,rejected\n", encoding="utf-8")
    book = str(default_codebook_path())
    for args in (["matrix", str(codings), "-c", book],
                 ["export", "tables", str(codings), "-c", book, "-o", str(tmp_path / "t")],
                 ["export", "theme-table", str(codings), "-c", book, "-o",
                  str(tmp_path / "t.md")]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert f"{codings}:3: code 'enablr' is not in the codebook" in result.stderr
        assert "did you mean 'enabler'?" in result.stderr and "[W702]" in result.stderr
        assert "'zzz'" not in result.stderr  # rejected: not counted, not reported


def test_exported_codings_are_the_counted_ones_and_rejected_rows_are_counted(tmp_path):
    import json

    import pandas as pd
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    codings = tmp_path / "project.csv"
    codings.write_text("document,segment,code,status\nd1,1,enabler,accepted\n"
                       "d1,2,enabler, Rejected\nd1,3,advocate,\n", encoding="utf-8")
    out = tmp_path / "tables"
    result = CliRunner().invoke(app, ["export", "tables", str(codings), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
    assert written["segment"].tolist() == ["1", "3"]
    frequencies = pd.read_csv(out / "frequencies.csv")
    assert frequencies["codings"].sum() == len(written)
    counts = json.loads((out / "provenance.json").read_text(encoding="utf-8"))["counts"]
    assert counts == {"documents": 1, "codings": 2, "rejected": 1}


def test_a_code_id_with_a_control_character_is_written_to_docx_and_results(tmp_path):
    from docx import Document

    hand = tmp_path / "h.csv"
    hand.write_text('document,segment,code,text\nd1,1,"dan\x0bger","o\x0bk"\n', encoding="utf-8")
    result = invoke("theme-table", str(hand), "-o", str(tmp_path / "t.docx"))
    assert result.exit_code == 0, result.output
    text = "\n".join(c.text for t in Document(str(tmp_path / "t.docx")).tables
                     for r in t.rows for c in r.cells)
    assert "danger" in text and "“ok”" in text and "\x0b" not in text
    result = invoke("results", str(hand), "-o", str(tmp_path / "res"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "res" / "theme_table.docx").exists()


def test_number_like_attribute_cells_come_back_as_written(tmp_path):
    # read_codings reads cells as text; a negative number such as -5 is no formula to escape
    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code,score,note\nd1,1,enabler,-5,=1+1\n"
                       "d2,1,enabler,-0.25,-x\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("tables", str(codings), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = (out / "codings.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith(",-5,'=1+1") and lines[2].endswith(",-0.25,'-x")
    sheet = load_workbook(out / "tables.xlsx")["codings"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = rows[0].index("score")
    assert [r[column] for r in rows[1:]] == ["-5", "-0.25"]


def test_report_refuses_a_file_that_is_not_html(files):
    for name in ("rep.txt", "rep", "rep.docx"):
        result = invoke("report", str(files / "hand.csv"), "-o", str(files / name))
        assert result.exit_code == 2 and "this command writes .html or .htm files" in \
            " ".join(result.output.split())
        assert not (files / name).exists()
    result = invoke("report", str(files / "hand.csv"), "-o", str(files / "rep.HTM"))
    assert result.exit_code == 0, result.output
    assert (files / "rep.HTM").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_theme_table_document_is_the_same_bytes_in_two_runs(files, same_office_files):
    for name in ("one.docx", "two.docx"):
        result = invoke("theme-table", str(files / "hand.csv"), "-c", str(files / "tiny.yaml"),
                        "-o", str(files / name))
        assert result.exit_code == 0, result.output
    same_office_files(files / "one.docx", files / "two.docx")


def test_export_narrows_a_codings_table_by_coder_and_status(tmp_path):
    import json

    import pandas as pd
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    codings = tmp_path / "reviewed.csv"
    codings.write_text("document,segment,code,coder,status\nd1,1,enabler,rina,accepted\n"
                       "d1,2,advocate,rina,suggested\nd2,1,enabler,budi,accepted\n",
                       encoding="utf-8")
    out = tmp_path / "rina"
    result = CliRunner().invoke(app, ["export", "tables", str(codings), "--coder", "rina",
                                      "--status", "accepted", "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
    assert written[["document", "code", "coder"]].values.tolist() == [["d1", "enabler", "rina"]]
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["options"]["selection"] == {"status": ["accepted"], "coder": ["rina"]}
    assert prov["coders"] == ["rina"]


def test_label_language_chooses_the_codebooks_labels(files):
    # a second language: the Indonesian labels first, so they are the default
    yaml = files / "tiny.yaml"
    text = yaml.read_text(encoding="utf-8").replace("languages: [en]", "languages: [id, en]")
    text = text.replace("label: {en: Enabler}", "label: {id: Pemungkin, en: Enabler}")
    yaml.write_text(text, encoding="utf-8")
    for language, label in ((None, "Pemungkin"), ("en", "Enabler"), ("id", "Pemungkin")):
        out = files / f"themes-{language}.md"
        chosen = ["--label-language", language] if language else []
        result = invoke("theme-table", str(files / "hand.csv"), "-c", str(yaml), *chosen,
                        "-o", str(out))
        assert result.exit_code == 0, result.output
        assert f"| {label} (enabler) |" in out.read_text(encoding="utf-8"), language
    # a usage error before the codings table is read (it was exit 1, after the analysis)
    missing = str(files / "no-such-table.csv")
    for command in ("results", "tables", "theme-table", "report"):
        out = files / ("out.md" if command == "theme-table" else
                       "out.html" if command == "report" else "results")
        result = invoke(command, missing, "-c", str(yaml), "--label-language", "fr",
                        "-o", str(out))
        assert result.exit_code == 2, (command, result.output)
        message = " ".join(result.output.split())
        assert "the codebook has no labels in 'fr'" in message, command
        assert "one of its languages: id, en" in message, command
        assert not out.exists()
