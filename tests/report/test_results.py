"""A whole results folder: every file, reopenable, replaced atomically."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from qualcode.report import results as results_module
from qualcode.report.results import build_charts, file_stem, write_results, write_tables

TABLES = [
    "code_by_case.csv", "code_by_case_presence.csv", "code_by_document.csv",
    "code_by_document_presence.csv", "code_by_informant_role.csv", "codings.csv",
    "cooccurrence.csv", "cooccurrence_matrix.csv", "frequencies.csv", "provenance.json",
    "quotes.csv", "representative_quotes.csv", "role_by_stage.csv", "segments.csv",
    "tables.xlsx", "theme_table.csv",
]


def test_every_file_is_written_and_reopens(tmp_path, analysis):
    folder = tmp_path / "results"
    files = write_results(analysis, folder, portraits=False)
    names = sorted(str(p.relative_to(folder)) for p in files)
    charts = ["code_by_case", "code_by_document", "code_by_informant_role", "code_frequencies",
              "cooccurrence", "cooccurrence_network", "obstacles_by_informant_role",
              "role_by_stage"]
    expected = TABLES + [".qualcode-output", "report.html", "theme_table.docx",
                         "theme_table.md"] + [
        f"charts/{c}.{ext}" for c in charts for ext in ("png", "svg")]
    assert names == sorted(expected)
    assert load_workbook(folder / "tables.xlsx").sheetnames[-2:] == ["codebook", "provenance"]
    assert DocxDocument(str(folder / "theme_table.docx")).tables
    HTMLParser().feed((folder / "report.html").read_text(encoding="utf-8"))
    assert json.loads((folder / "provenance.json").read_text())["codebook"]["name"] == "tiny"
    assert (folder / "role_by_stage.csv").read_text().splitlines() == [
        "role,assessment,planning", "enabler,1,1", "coordinator,0,0"]
    assert not list(tmp_path.glob(".results.*"))                  # no leftovers


@pytest.mark.parametrize(("language", "title"), [("en", "Case-manager roles"),
                                                 (None, "Peran manajer kasus")])
def test_the_codebook_title_is_in_the_language_of_the_labels(tmp_path, tiny, language, title):
    import dataclasses

    from qualcode.analysis.bundle import AnalysisOptions, analyze_codings
    from qualcode.report.provenance import build_provenance

    book = dataclasses.replace(tiny.tiny_codebook(), languages=("id", "en"),
                               titles={"id": "Peran manajer kasus", "en": "Case-manager roles"})
    options = AnalysisOptions(language=language)
    result = analyze_codings(tiny.tiny_codings(), segments=tiny.tiny_segments(), codebook=book,
                             cases=["A", "B"], options=options)
    result = dataclasses.replace(result, provenance=build_provenance(
        codebook=book, options=dataclasses.asdict(options), created="2024-06-01"))
    folder = tmp_path / "results"
    write_results(result, folder, charts=False)
    heading = f"{title} — results"
    assert (folder / "theme_table.md").read_text(encoding="utf-8").splitlines()[0] == (
        f"# {heading}: theme table")
    assert DocxDocument(str(folder / "theme_table.docx")).paragraphs[0].text == (
        f"{heading}: theme table")
    assert f"<title>{heading}</title>" in (folder / "report.html").read_text(encoding="utf-8")
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["codebook"]["title"] == title


def test_a_share_of_nothing_is_an_empty_cell_in_every_table_file(tmp_path, tiny):
    from qualcode.analysis.bundle import analyze_codings
    from qualcode.report.html import html_table

    # d1's codings only: planning has no codings and the psikolog value none either, so
    # their percentages are 0 of 0; the document without a case has no case share at all
    codings = tiny.tiny_codings([r for r in tiny.ROWS if r[0] == "d1"])
    analysis = analyze_codings(codings, segments=tiny.tiny_segments(),
                               codebook=tiny.tiny_codebook())
    folder = tmp_path / "tables"
    write_tables(analysis, folder)
    lines = (folder / "code_by_informant_role.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[4:8] == ["row_percent:manajer_kasus", "row_percent:psikolog",
                                         "column_percent:manajer_kasus",
                                         "column_percent:psikolog"]
    assert "enabler,1,0,1,100.0,0.0,12.5,,1,0,1" in lines
    assert "planning,0,0,0,,,0.0,,0,0,0" in lines
    sheet = load_workbook(folder / "tables.xlsx")["code_by_informant_role"]
    planning = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "planning")
    assert planning == ("planning", 0, 0, 0, None, None, 0, None, 0, 0, 0)
    html = html_table(analysis.tables["code_by_informant_role"])
    assert "nan" not in html.lower()
    assert ('<td>planning</td><td class="n">0</td><td class="n">0</td><td class="n">0</td>'
            '<td class="n"></td>') in html


def test_one_portrait_per_coded_document(analysis):
    charts = build_charts(analysis)
    assert [k for k in charts if k.startswith("portraits/")] == [
        "portraits/d1", "portraits/d2", "portraits/d3", "portraits/d4"]
    assert charts["portraits/d1"][0] == "Document portrait: d1"


def test_an_existing_folder_is_replaced_and_a_crash_keeps_it(tmp_path, analysis, monkeypatch):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "old.csv").write_text("old")
    # a results folder of an earlier version (no manifest)
    (folder / "provenance.json").write_text('{"qualcode_version": "0.1.0"}')
    write_tables(analysis, folder)
    assert not (folder / "old.csv").exists() and (folder / "codings.csv").exists()
    before = sorted(p.name for p in folder.iterdir())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(results_module, "write_theme_docx", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_results(analysis, folder, charts=False)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert not list(tmp_path.glob(".results.*"))


def test_results_are_readable_under_the_umask(tmp_path, analysis):
    import os
    import stat

    mask = os.umask(0o022)
    try:
        folder = tmp_path / "shared"
        write_tables(analysis, folder)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "codings.csv").stat().st_mode) == 0o644


def test_file_stem_is_safe():
    assert file_stem("code_by_peran informan/2") == "code_by_peran_informan_2"
    assert file_stem("../x") == "x"
    assert file_stem("...") == "table"
    assert file_stem("é-café résumé") == "é-café_résumé"
    assert file_stem("-rf x") == "rf_x" and file_stem("..") == "table"
    assert file_stem("a\u0301b") == "\u00e1b"  # one form (NFC) for the same letters
    assert file_stem("x/😀/y") == "x_y"
