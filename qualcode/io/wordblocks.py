"""The paragraphs of a Word document in reading order, and the rows of its speaker tables.

The body is read in document order: paragraphs; the paragraphs of a text box after the paragraph
that anchors it; tables row by row and cell by cell (a vertically merged cell once, where its
content is); content controls and custom XML through. A table that holds a transcript (see
:mod:`qualcode.io.wordtables`) gives its rows instead, each with the paragraphs of its time and
speaker cells, those of its words cell and the speaker.

python-docx is imported when a document is read, not with this module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qualcode.io.wordruns import paragraph_content, run_text
from qualcode.io.wordtables import TableLayout, cell_time, parse_label, speaker_table

__all__ = ["Para", "Row", "blocks", "is_bold"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = ("0", "false", "off")


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph with its shown runs and their texts.

    Attributes:
        paragraph: The python-docx paragraph.
        runs: Its ``w:r`` elements (see :func:`qualcode.io.wordruns.paragraph_content`).
        texts: The text of each run.
        in_table: Whether it is in a table cell.
        header: Whether it is in the header row of a speaker table (part of no turn).
    """

    paragraph: Any
    runs: tuple[Any, ...]
    texts: tuple[str, ...]
    in_table: bool = False
    header: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text as stored (not yet normalised)."""
        return "".join(self.texts)

    def is_bold(self, index: int) -> bool:
        """Whether run ``index`` is bold."""
        from docx.text.run import Run

        return is_bold(Run(self.runs[index], self.paragraph))


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a speaker table.

    Attributes:
        head: The paragraphs of its cells before the words (time and speaker), in order.
        words: The paragraphs of its words cell.
        speaker: The speaker, or ``None`` when the speaker cell is empty (the turn above goes on).
        timestamp: The time of its time cell, if any.
    """

    head: tuple[Para, ...]
    words: tuple[Para, ...]
    speaker: str | None
    timestamp: str | None = None


def is_bold(run: Any) -> bool:
    """Whether a python-docx run is bold, directly or through its character style."""
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def blocks(container: Any, parent: Any) -> Iterator[Para | Row]:
    """The paragraphs and speaker table rows of a body, cell or text box, in reading order.

    Args:
        container: The ``w:body``, ``w:tc`` or ``w:txbxContent`` element.
        parent: The python-docx object the paragraphs belong to.
    """
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            runs, boxes = paragraph_content(child)
            yield Para(Paragraph(child, parent), tuple(runs), tuple(run_text(r) for r in runs))
            for box in boxes:
                yield from blocks(box, parent)
        elif tag == f"{_W}tbl":
            yield from _table(child, parent)
        elif tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent")
            yield from blocks(content if content is not None else child, parent)


def _table(table: Any, parent: Any) -> Iterator[Para | Row]:
    rows = [list(row.iterchildren(f"{_W}tc")) for row in table.iterchildren(f"{_W}tr")]
    cells = [[[] if _continued(cell) else list(_cell_blocks(cell, parent)) for cell in row]
             for row in rows]
    layout = None
    if all(isinstance(b, Para) for row in cells for cell in row for b in cell):
        texts = [[_cell_text(cell) for cell in row] for row in cells]
        layout = speaker_table(texts, header_marked=_header_marked(table))
    for index, row in enumerate(cells):
        if layout is not None and index < layout.header:
            for cell in row:
                for block in cell:
                    yield dataclasses.replace(block, header=True) if isinstance(
                        block, Para) else block
        elif layout is None or len(row) != layout.width:
            for cell in row:
                yield from cell
        else:
            yield _row(row, layout)


def _cell_blocks(cell: Any, parent: Any) -> Iterator[Para | Row]:
    """The blocks of a table cell, its paragraphs marked as in a table."""
    for block in blocks(cell, parent):
        yield dataclasses.replace(block, in_table=True) if isinstance(block, Para) else block


def _cell_text(cell: list[Para | Row]) -> str:
    """A cell's paragraphs that hold text, one line each (cells of speaker tables hold
    paragraphs only)."""
    return "\n".join(b.text for b in cell if isinstance(b, Para) and b.text.strip())


def _row(cells: list[list[Para | Row]], layout: TableLayout) -> Row:
    head = tuple(b for column in range(layout.words) for b in cells[column]
                 if isinstance(b, Para))
    speaker = parse_label(_cell_text(cells[layout.speaker]))
    timestamp = None if layout.time is None else cell_time(_cell_text(cells[layout.time]))
    words = tuple(b for b in cells[layout.words] if isinstance(b, Para))
    return Row(head, words, speaker, timestamp)


def _continued(cell: Any) -> bool:
    """Whether a cell continues a vertically merged cell above (its content is up there)."""
    properties = cell.find(f"{_W}tcPr")
    merge = None if properties is None else properties.find(f"{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _header_marked(table: Any) -> bool:
    """Whether Word marks the table's first row as a header row (repeated on each page)."""
    first = table.find(f"{_W}tr")
    properties = None if first is None else first.find(f"{_W}trPr")
    marked = None if properties is None else properties.find(f"{_W}tblHeader")
    return marked is not None and marked.get(f"{_W}val", "true").lower() not in _OFF
