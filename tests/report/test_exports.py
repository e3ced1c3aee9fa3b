"""XLSX, DOCX, Markdown and HTML exports: they reopen, keep their structure and stay inert."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from qualcode.analysis.bundle import analyze_codings
from qualcode.report.docx_report import write_theme_docx
from qualcode.report.html import render_html_report, write_html_report
from qualcode.report.markdown import theme_markdown
from qualcode.report.provenance import build_provenance
from qualcode.report.xlsx import sheet_name, write_workbook

FORMULA = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def analysis(tiny):
    codings = tiny.tiny_codings()
    codings.loc[0, "text"] = FORMULA
    codings.loc[1, "text"] = SCRIPT
    codings.loc[0, "speaker"] = "@Rina"
    return analyze_codings(codings, segments=tiny.tiny_segments(),
                           codebook=tiny.tiny_codebook(), cases=["A", "B"])


@pytest.fixture
def provenance(tiny):
    return build_provenance(codebook=tiny.tiny_codebook(), unit="turn", created="2024-06-01")


def test_workbook_has_a_sheet_per_table_and_is_inert(tmp_path, analysis, provenance):
    target = write_workbook(tmp_path / "tables.xlsx", analysis.tables,
                            codebook=analysis.codebook, provenance=provenance)
    book = load_workbook(target)
    assert book.sheetnames == [*analysis.tables, "codebook", "provenance"]
    codings = book["codings"]
    assert codings.freeze_panes == "A2"
    assert [c.value for c in codings[1]][:3] == ["document", "case", "segment"]
    assert codings["A1"].font.bold
    cells = [c for row in codings.iter_rows() for c in row]
    formula = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    # the text as it is, a text cell with the quote prefix (no apostrophe shown, text if edited)
    assert (formula.value, formula.data_type, formula.quotePrefix) == (FORMULA, "s", True)
    rina = next(c for c in cells if c.value == "@Rina")
    assert (rina.data_type, rina.quotePrefix) == ("s", True)
    assert not any(c.data_type == "f" for c in cells)
    assert not any(c.quotePrefix for c in cells if c.value in ("d1", "enabler"))
    matrix = book["code_by_document"]
    assert matrix.freeze_panes == "B2"
    assert [c.value for c in matrix[1]] == ["code", "d1", "d2", "d3", "d4"]
    assert [c.value for c in matrix[2]] == ["enabler", 1, 2, 1, 0]
    assert 8 <= matrix.column_dimensions["A"].width <= 60
    assert book["codebook"]["A2"].value == "enabler"
    fields = {r[0].value: r[1].value for r in book["provenance"].iter_rows(min_row=2)}
    assert fields["codebook sha256"] == "abc123"


def test_workbook_texts_are_written_as_they_are_and_read_back(tmp_path):
    import pandas as pd

    from qualcode.io.coded_tables import read_table

    texts = ["=1+1", "+62 812", "-x", "@Rina", "#N/A", "- B gemar menggambar;\n- Ibu aktif",
             "'-nya' itu akhiran", "-5", "plain"]
    long = ["- " + "panjang " * 12 + t for t in texts]  # a wrapped column too
    frame = pd.DataFrame({"=code": texts, "text": long, "n": range(len(texts))})
    target = write_workbook(tmp_path / "t.xlsx", {"quotes": frame})
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and xml.count(b't="inlineStr"') == 2 * len(texts) + 3
    sheet = load_workbook(target)["quotes"]
    assert [c.value for c in sheet[1]] == ["=code", "text", "n"]
    assert [c.value for c in sheet["A"][1:]] == texts
    assert [c.value for c in sheet["B"][1:]] == long
    assert [c.quotePrefix for c in sheet["A"]] == [True] * 9 + [False]
    assert all(c.quotePrefix and c.alignment.wrap_text for c in sheet["B"][1:])
    table = read_table(target, sheet="quotes")
    assert table["=code"].tolist() == texts and table["text"].tolist() == long


def test_workbook_sheets_filter_and_wrap_long_text(tmp_path):
    import pandas as pd

    long = "Saya mendampingi anaknya waktu asesmen, lalu kami merujuk ke psikolog. " * 2
    frame = pd.DataFrame({"document": ["d1", "d2"], "text": [long, "pendek"], "n": [1, 2]})
    book = load_workbook(write_workbook(tmp_path / "t.xlsx", {"quotes": frame}))
    sheet = book["quotes"]
    assert sheet.auto_filter.ref == "A1:C3" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]] == ["d1", long, 1]
    assert sheet["B2"].alignment.wrap_text and sheet["B3"].alignment.vertical == "top"
    assert not sheet["A2"].alignment.wrap_text and not sheet["B1"].alignment.wrap_text
    assert sheet["B1"].font.bold and not sheet["B2"].font.bold
    assert sheet.column_dimensions["B"].width == 60 and sheet.column_dimensions["C"].width == 8


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("code_by_a_very_long_attribute_name_here", taken) == \
        "code_by_a_very_long_attribute_n"
    assert sheet_name("code_by_a_very_long_attribute_name_there", taken) == \
        "code_by_a_very_long_attribute~2"
    assert sheet_name("a/b:c?", taken) == "a_b_c_"


def test_theme_docx_reopens_with_tables_quotes_and_provenance(tmp_path, analysis, provenance):
    target = write_theme_docx(tmp_path / "theme.docx", analysis.theme, analysis.representative,
                              attribute="informant_role", provenance=provenance)
    doc = DocxDocument(str(target))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Roles", "Stages", "Obstacles", "Provenance"]
    roles = doc.tables[0]
    assert [c.text for c in roles.rows[0].cells] == ["Code", "Definition", "Documents",
                                                     "Cases", "Representative quotes"]
    enabler = [c.text for c in roles.rows[1].cells]
    assert enabler[0] == "Enabler\nenabler"
    assert enabler[1:4] == ["Builds trust.", "3", "2"]
    assert "“d3 turn 1” — Rina (A, manajer_kasus), d3, segment 1" in enabler[4]
    assert "— @Rina (A, manajer_kasus), d1, segment 1" in enabler[4]
    assert "– Caseload" in [r.cells[0].text.split("\n")[0] for r in doc.tables[2].rows]
    last = doc.tables[-1]
    assert {r.cells[0].text: r.cells[1].text for r in last.rows}["codebook"] == "tiny 1.0"


def test_theme_markdown_escapes_user_text(analysis, provenance):
    text = theme_markdown(analysis.theme, analysis.representative, attribute="informant_role",
                          provenance=provenance)
    assert text.startswith("# Theme table\n")
    assert "## Roles" in text and "## Provenance" in text
    assert "| Enabler (enabler) | Builds trust. | 3 | 2 |" in text
    assert "> d3 turn 1" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "| codebook | tiny 1.0 |" in text


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs)["src"][:30])

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_is_self_contained_and_inert(tmp_path, analysis, provenance):
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    target = write_html_report(
        tmp_path / "report.html", title="Report <b>",
        tables={"codings": analysis.tables["codings"]}, charts={"A chart": ("svg", svg)},
        theme=analysis.theme, quotes=analysis.representative, provenance=provenance)
    html = target.read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(html)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert SCRIPT in "".join(parser.text)                        # shown as text
    assert parser.images == ["data:image/svg+xml;base64,PHN2"]
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "src=\"http" not in html and "href=\"http" not in html
    assert "Provenance" in parser.text


def test_html_tables_are_cut_with_a_note(analysis):
    html = render_html_report(title="t", tables={"quotes": analysis.tables["quotes"]},
                              max_rows=2)
    assert "First 2 of " in html


def test_a_label_that_shows_its_code_id_is_not_followed_by_it_again():
    from qualcode.report.theme_rows import ThemeRow

    def row(label):
        return ThemeRow("enabler", label, "", 1, 1, ())

    assert row("Pemungkin (enabler)").named == "Pemungkin (enabler)"
    assert row("Pemungkin (Enabler)").named == "Pemungkin (Enabler)"
    assert row("Enabler").named == "Enabler (enabler)"
    assert row("– Enabler").named == "– Enabler (enabler)"


def test_theme_docx_drops_control_characters_from_every_text(tmp_path, analysis):
    theme = analysis.theme.copy()
    theme["code"] = theme["code"].astype(str) + "\x0b"
    theme["dimension_label"] = theme["dimension_label"].astype(str) + "\x01"
    quotes = analysis.representative.copy()
    quotes["code"] = quotes["code"].astype(str) + "\x0b"
    target = write_theme_docx(tmp_path / "theme.docx", theme, quotes, title="T\x0c")
    doc = DocxDocument(str(target))
    assert [p.text for p in doc.paragraphs][:2] == ["T", "Roles"]
    assert doc.tables[0].rows[1].cells[0].text == "Enabler\nenabler"
    assert "“d3 turn 1”" in doc.tables[0].rows[1].cells[4].text


def test_a_quote_without_text_is_left_out_of_the_theme_table(analysis):
    from qualcode.report.theme_rows import theme_sections

    quotes = analysis.representative.copy()
    quotes["text"] = quotes["text"].astype(object)
    first = quotes.index[0]
    code = quotes.at[first, "code"]
    quotes.at[first, "text"] = ""
    rows = {r.code: r for _, section in theme_sections(analysis.theme, quotes) for r in section}
    assert len(rows[code].quotes) == (quotes["code"] == code).sum() - 1
    assert all(text for text, _ in rows[code].quotes)
    assert "> \n" not in theme_markdown(analysis.theme, quotes) + "\n"


def test_a_theme_table_without_cases_shows_them_empty_in_every_format(tmp_path, tiny):
    # a survey: no document has a case; a count of nothing is an empty cell, not 0
    survey = analyze_codings(tiny.tiny_codings().assign(case=""),
                             segments=tiny.tiny_segments().assign(case=""),
                             codebook=tiny.tiny_codebook())
    quotes = survey.representative
    assert "| Enabler (enabler) | Builds trust. | 3 |  |" in theme_markdown(survey.theme, quotes)
    doc = DocxDocument(str(write_theme_docx(tmp_path / "theme.docx", survey.theme, quotes)))
    assert [c.text for c in doc.tables[0].rows[1].cells][2:4] == ["3", ""]
    html = render_html_report(title="T", tables={}, theme=survey.theme, quotes=quotes)
    assert '<td class="n">3</td><td class="n"></td>' in html
    frequencies = survey.tables["frequencies"].set_index("code")
    assert frequencies.loc["enabler", ["documents", "codings"]].tolist() == [3, 4]
    assert frequencies[["cases", "cases_percent"]].isna().all().all()
