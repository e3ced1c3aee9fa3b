"""The theme table as a Word document, laid out for a thesis chapter."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.report.office import save_document
from qualcode.report.provenance import provenance_rows
from qualcode.report.text import clean_text, close_bidi
from qualcode.report.theme_rows import theme_sections

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_theme_docx"]

_HEADERS = ("Code", "Definition", "Documents", "Cases", "Representative quotes")
_WIDTHS_CM = (3.2, 5.0, 1.6, 1.4, 8.0)


def _shown(value: Any) -> str:
    """``value`` as a run's text: no control characters, no bidirectional override left open."""
    return close_bidi(clean_text(value))


def _header(table: Any, names: tuple[str, ...]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    row = table.rows[0]
    for cell, name in zip(row.cells, names, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_shown(name)).bold = True
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def write_theme_docx(
    target: str | Path,
    theme: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    title: str = "Theme table",
    attribute: str = "",
    provenance: Mapping[str, Any] | None = None,
) -> Path:
    """Write the theme table as a DOCX file, atomically.

    One heading and one table per dimension: code, definition, number of documents and cases,
    and the representative quotes, each followed by its informant and document. A Provenance
    section closes the document. Every text goes through
    :func:`qualcode.report.text.clean_text` first: XML, so DOCX, cannot hold control characters
    such as the vertical tab Word writes for a line break; and the bidirectional overrides it
    leaves open are closed (:func:`qualcode.report.text.close_bidi`), so a quote cannot reverse
    its attribution.

    Args:
        target: The ``.docx`` file.
        theme: The theme table (:func:`qualcode.analysis.theme.theme_table`).
        quotes: Representative quotes (:func:`qualcode.analysis.quotes.representative_quotes`).
        title: The document title.
        attribute: Case attribute to name beside each informant (e.g. ``informant_role``).
        provenance: The provenance dictionary.

    Returns:
        ``target``.

    Raises:
        OutputError: If the file cannot be written.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(_shown(title), level=0)
    for label, rows in theme_sections(theme, quotes, attribute=attribute):
        document.add_heading(_shown(label), level=1)
        table = document.add_table(rows=1, cols=len(_HEADERS))
        table.style = "Table Grid"
        table.autofit = False
        _header(table, _HEADERS)
        for row in rows:
            cells = table.add_row().cells
            label = _shown(row.label)
            cells[0].paragraphs[0].add_run(label).bold = not label.startswith("–")
            cells[0].add_paragraph(_shown(row.code)).runs[0].font.size = Pt(8)
            cells[1].text = _shown(row.definition)
            cells[2].text = str(row.documents)
            cells[3].text = "" if row.cases is None else str(row.cases)
            first = True
            for text, who in row.quotes:
                paragraph = cells[4].paragraphs[0] if first else cells[4].add_paragraph()
                first = False
                paragraph.add_run(f"“{_shown(text)}”").italic = True
                paragraph.add_run(f" — {_shown(who)}").font.size = Pt(8)
        for column, width in zip(table.columns, _WIDTHS_CM, strict=True):
            for cell in column.cells:
                cell.width = Cm(width)
    if provenance is not None:
        document.add_heading("Provenance", level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        _header(table, ("Field", "Value"))
        for key, value in provenance_rows(provenance):
            cells = table.add_row().cells
            cells[0].text = _shown(key)
            cells[1].text = _shown(value)
    return save_document(document, target, provenance=provenance, title=_shown(title))
