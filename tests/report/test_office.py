"""Workbooks and Word documents saved one way (:mod:`qualcode.report.office`)."""

from __future__ import annotations

import ast
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

import qualcode
from qualcode.report.office import office_date, save_document, save_workbook

ROOT = Path(qualcode.__file__).parent


def test_the_run_date_is_the_provenance_then_source_date_epoch_then_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert office_date({"created": "2024-05-06T07:08:09+07:00"}) == dt.datetime(2024, 5, 6, 0, 8, 9)
    assert office_date({"created": "not a date"}) == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert office_date() == dt.datetime(2023, 11, 14, 22, 13, 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    when = office_date()
    assert before <= when <= before + dt.timedelta(seconds=5) and when.microsecond == 0


def test_a_workbook_carries_qualcode_and_the_run_date(tmp_path, same_office_files):
    for name in ("one.xlsx", "two.xlsx"):
        book = Workbook()
        book.active.append(["code", "n"])
        assert save_workbook(book, tmp_path / name, title="Codes") == tmp_path / name
    same_office_files(tmp_path / "one.xlsx", tmp_path / "two.xlsx")
    properties = load_workbook(tmp_path / "one.xlsx").properties
    assert (properties.creator, properties.lastModifiedBy, properties.title) == (
        "qualcode", "qualcode", "Codes")


def test_a_workbook_holds_text_as_text_whatever_it_starts_with(tmp_path):
    book = Workbook()
    book.active.append(["=1+1", "#N/A", "- x", "'-nya", "plain", 3])
    book.create_sheet("empty")
    save_workbook(book, tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    cells = load_workbook(tmp_path / "t.xlsx").active[1]
    assert [c.value for c in cells] == ["=1+1", "#N/A", "- x", "'-nya", "plain", 3]
    assert [c.data_type for c in cells] == ["s"] * 5 + ["n"]
    assert [c.quotePrefix for c in cells] == [True] * 4 + [False] * 2


def test_a_document_loses_the_template_properties(tmp_path, same_office_files):
    for name in ("one.docx", "two.docx"):
        document = Document()
        document.add_paragraph("Tema")
        save_document(document, tmp_path / name, title="Bab 4",
                      provenance={"created": "2023-11-14T22:13:20+00:00"})
    same_office_files(tmp_path / "one.docx", tmp_path / "two.docx")
    properties = Document(str(tmp_path / "one.docx")).core_properties
    assert (properties.author, properties.last_modified_by, properties.title,
            properties.comments) == ("qualcode", "qualcode", "Bab 4", "")
    with zipfile.ZipFile(tmp_path / "one.docx") as package:
        assert b"2013" not in package.read("docProps/core.xml")


def test_a_failed_save_leaves_the_previous_file(tmp_path):
    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"before")

    class Broken:
        properties = Workbook().properties
        write_only = False
        worksheets = ()

        def save(self, path):
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        save_workbook(Broken(), target)
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.xlsx"]


def test_no_other_module_saves_a_workbook_or_document_itself():
    # every .xlsx and .docx goes through save_workbook/save_document, so all are reproducible
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == ROOT / "report" / "office.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "save"]
    assert found == []
