"""Reader for Word ``.docx`` transcripts (python-docx).

Paragraphs, table cells and text boxes are read in document order (:mod:`qualcode.io.wordblocks`)
and joined with a blank line, so each Word paragraph is a paragraph of the document text; what a
paragraph's runs hold (tabs, breaks, symbols) is read by :mod:`qualcode.io.wordruns`. Speakers
come as ``Name:`` at the start of a paragraph (left in the text for
:mod:`qualcode.segment.turns`), or by the layout: a bold leading run ("**Interviewer** How did it
start?"), a name in a bold paragraph of its own over the words, or a table with a speaker column
(:mod:`qualcode.io.wordtables`). Layout labels stay in the text as Word shows them; when some are
speakers (:mod:`qualcode.io.wordspeakers` weighs them, so that bold emphasis is not taken for a
speaker) the reader reports the turns itself.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.errors import InputError
from qualcode.io.options import ReadOptions
from qualcode.io.plaintext import document_from_text
from qualcode.io.text import normalise
from qualcode.io.wordblocks import Para, Row, blocks
from qualcode.io.wordspeakers import SpeakerMark, bold_lead, label_paragraph, with_speakers
from qualcode.io.wordtables import cell_time
from qualcode.model import Document

__all__ = ["MAX_ZIP_ENTRIES", "MAX_ZIP_RATIO", "MAX_ZIP_UNCOMPRESSED", "check_zip_package",
           "read_docx"]

MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
"""Packages (docx, xlsx) whose entries unpack to more than this are refused."""
MAX_ZIP_ENTRIES = 10_000
"""Packages with more entries than this are refused."""
MAX_ZIP_RATIO = 200.0
"""How many times its compressed size a part over 1 MiB may unpack to (Office's XML parts
reach 10 to 50 times; zip bombs thousands)."""
_RATIO_FLOOR = 1024 * 1024

_PROLOG_BYTES = 16384  # Office writes a prolog of under a hundred bytes
_ELEMENT_START = re.compile(rb"<[^?!]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_SEPARATOR = "\n\n"


def check_zip_package(path: Path, kind: str) -> None:
    """Refuse a zip package (docx, xlsx) that is not a zip, is too large when unpacked, or has
    entries outside the package.

    Args:
        path: The file.
        kind: ``"Word document"`` or ``"Excel workbook"``, for messages.

    Raises:
        InputError: If the file is missing, encrypted (an OLE container), not a zip, or fails the
            size, count or name limits.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path, hint="check the path") from exc
    except IsADirectoryError as exc:
        raise InputError("this is a folder, not a file", path=path,
                         hint=f"give the {kind} file itself") from exc
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", path=path, hint="check its permissions"
        ) from exc
    if not head:
        raise InputError("the file is empty", path=path, hint=f"re-save the {kind}")
    if head == _OLE_MAGIC:
        raise InputError(
            f"the {kind} is password-protected (encrypted), or is an old binary Office file",
            path=path,
            hint="open it in Office, remove the password (or 'Save As' the current format) and "
            "try again",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(
            f"not a valid {kind}: the file is not a zip package (it may be damaged or "
            "misnamed)",
            path=path,
            hint=f"open it in Office and save it again as {path.suffix.lower() or 'the format'}",
        ) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InputError(
            f"the {kind} has {len(entries):,} parts, over the limit of {MAX_ZIP_ENTRIES:,}",
            path=path,
            hint="the file may be hostile or damaged; re-save it from Office",
        )
    total = sum(info.file_size for info in entries)
    if total > MAX_ZIP_UNCOMPRESSED:
        raise InputError(
            f"the {kind} unpacks to {total:,} bytes, over the limit of "
            f"{MAX_ZIP_UNCOMPRESSED:,}",
            path=path,
            hint="the file may be hostile (a zip bomb); re-save it from Office or split it",
        )
    for info in entries:  # a part that unpacks to hundreds of times its size is a bomb
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(
                info.compress_size, 1):
            raise InputError(
                f"the {kind}'s part {info.filename!r} unpacks to {info.file_size:,} bytes from "
                f"{info.compress_size:,} ({info.file_size // max(info.compress_size, 1):,} "
                f"times), over the limit of {MAX_ZIP_RATIO:g} times", path=path,
                hint="the file may be hostile (a zip bomb); re-save it from Office")
    for info in entries:
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/"):
            raise InputError(
                f"the {kind} holds a part with an unsafe name {info.filename!r}",
                path=path,
                hint="the file may be hostile; re-save it from Office",
            )
    for info in entries:
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size:
            _check_prolog(path, kind, info)


def _check_prolog(path: Path, kind: str, info: zipfile.ZipInfo) -> None:
    """Refuse an XML part that declares a DTD (entity expansion, external entities) or whose
    root element does not start near the top, as Office's always does."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(info) as stream:
            head = stream.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise InputError(
            f"the {kind}'s part {info.filename!r} cannot be unpacked ({exc})", path=path,
            hint=f"open it in Office and save it again as {path.suffix.lower()}",
        ) from exc
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    start = _ELEMENT_START.search(head)
    if _DTD.search(head if start is None else head[: start.start()]):
        raise InputError(
            f"refused: the {kind}'s part {info.filename!r} declares a DTD or entities, which "
            "Office never writes and attacks use (entity expansion, external entities)",
            path=path,
            hint="do not open the file; ask its sender to save it again from Office",
        )
    if start is None and len(head) == _PROLOG_BYTES:
        raise InputError(
            f"the {kind}'s part {info.filename!r} does not start like Office XML", path=path,
            hint="the file may be hostile or damaged; re-save it from Office",
        )


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    hint = "open it in Word and save it again as .docx"
    try:
        return docx.Document(str(path))
    except KeyError as exc:
        detail = exc.args[0] if exc.args else "a part is missing"
        raise InputError(
            f"the Word document is incomplete or damaged: {detail}", path=path, hint=hint
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"the Word document's XML is damaged ({exc})", path=path, hint=hint
        ) from exc
    except (PackageNotFoundError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"not a readable Word document ({exc})", path=path, hint=hint
        ) from exc


def read_docx(path: Path, options: ReadOptions) -> list[Document]:
    """Read a Word document.

    Paragraphs, table cells (row by row, merged cells once) and text boxes (after the paragraph
    that anchors them) become the text in document order, one blank line between them. A YAML
    front matter block at the top is honoured as in text files; the core property *title*
    becomes the ``title`` attribute unless front matter sets it.
    When the layout names speakers (a bold label leading a paragraph, a bold name in a
    paragraph of its own, a table with a speaker column; see :mod:`qualcode.io.wordspeakers` for
    when bold is a label and when emphasis), the document carries its turns (labels excluded,
    kept in the text), including those of paragraphs labelled ``Name:``; otherwise speaker labels
    are left to the plain-text turn parser.

    Args:
        path: The ``.docx`` file.
        options: Reader options (unused).

    Returns:
        One document.

    Raises:
        InputError: If the file is missing, encrypted, not a docx, damaged, too large when
            unpacked, or has no text.
    """
    from qualcode.io.guards import damaged_file_errors

    check_zip_package(path, "Word document")
    try:
        return [_read(path)]
    except InputError:
        raise
    except damaged_file_errors() as exc:
        raise InputError(
            f"the Word document is damaged ({type(exc).__name__}: {exc})", path=path,
            hint="open it in Word and save it again as .docx",
        ) from exc


def _read(path: Path) -> Document:
    document = _open(path)
    texts: list[str] = []
    places: list[_Place] = []
    headers: list[int] = []  # the paragraphs of speaker tables' header rows
    for block in blocks(document.element.body, document._body):
        if isinstance(block, Row):
            _add_row(block, texts, places)
        elif block.header:
            text = normalise(block.text)
            if text.strip():
                headers.append(len(texts))
                texts.append(text)
        else:
            _add_paragraph(block, texts, places)
    text, starts = _join(texts)
    attributes: dict[str, Any] = {}
    title = (document.core_properties.title or "").strip()
    if title:
        attributes["title"] = title
    doc = document_from_text(text, path=path, fmt="docx", attributes=attributes)
    outside = [(starts[i], starts[i] + len(texts[i])) for i in headers]
    return with_speakers(doc, _marks(places, texts, starts), outside=outside)


@dataclass(frozen=True, slots=True)
class _Place:
    """A speaker label before its blocks are joined: the block it starts, the block and offset
    where its words start, and the mark's other fields."""

    first: int
    block: int
    offset: int
    mark: SpeakerMark


def _add_paragraph(para: Para, texts: list[str], places: list[_Place]) -> None:
    """Add a paragraph's text, and its bold lead or its whole bold label, if any."""
    raw = para.text
    text = normalise(raw)
    if not text.strip():
        return
    index = len(texts)
    texts.append(text)
    lead = bold_lead(para.texts, para.is_bold)
    if lead is not None:
        head = normalise(raw[: lead.end])
        if text.startswith(head):
            places.append(_Place(index, index, len(head), SpeakerMark(
                0, 0, lead.label, "bold", lead.colon, lead.reads_on)))
        return
    found = None if para.in_table else label_paragraph(para.texts, para.is_bold)
    if found is not None:  # its words are placed once the next paragraphs are known
        places.append(_Place(index, index + 1, 0, SpeakerMark(
            0, 0, found[0], "paragraph", found[1])))


def _add_row(row: Row, texts: list[str], places: list[_Place]) -> None:
    """Add a speaker table row: its time and speaker cells, then its words. A row with a time
    but no speaker goes on with the speaker of the row above as a turn of its own, so that its
    time is the turn's timestamp rather than words of the turn above."""
    speaker = row.speaker
    if speaker is None and row.timestamp is not None and places and (
            places[-1].mark.kind == "row"):
        speaker = places[-1].mark.label
    first = len(texts)
    for para in row.head:
        text = normalise(para.text)
        if text.strip():
            texts.append(text)
    block = len(texts)
    for para in row.words:
        text = normalise(para.text)
        if text.strip():
            texts.append(text)
    if speaker is None or first == len(texts):
        return
    offset = 0
    if block == len(texts):  # no words: an empty turn, which no segment holds
        block -= 1
        offset = len(texts[block])
    places.append(_Place(first, block, offset, SpeakerMark(
        0, 0, speaker, "row", timestamp=row.timestamp)))


def _marks(places: list[_Place], texts: list[str], starts: list[int]) -> list[SpeakerMark]:
    """Place the labels in the joined text. A bold label paragraph needs words after it (a
    paragraph, after a time alone in the paragraph under the name) that do not start another
    label of the layout."""
    firsts = {p.first for p in places if p.mark.kind != "bold"}
    marks: list[SpeakerMark] = []
    for place in places:
        block, mark = place.block, place.mark
        if mark.kind == "paragraph":
            time = cell_time(texts[block]) if block < len(texts) else None
            if time is not None:
                mark = dataclasses.replace(mark, timestamp=time)
                block += 1
            if block >= len(texts) or block in firsts:
                continue
        marks.append(dataclasses.replace(mark, line_start=starts[place.first],
                                         start=starts[block] + place.offset))
    return marks


def _join(blocks: list[str]) -> tuple[str, list[int]]:
    """Join paragraphs with blank lines (front matter lines with single newlines, so a YAML
    error's line number is the paragraph's number); also return where each one starts."""
    fm_end = -1
    if blocks and blocks[0].strip() == "---":
        fm_end = next((i for i, t in enumerate(blocks) if i and t.strip() in ("---", "...")), -1)
    parts: list[str] = []
    starts: list[int] = []
    cursor = 0
    for i, text in enumerate(blocks):
        if i:
            sep = "\n" if i <= fm_end else _SEPARATOR
            parts.append(sep)
            cursor += len(sep)
        starts.append(cursor)
        parts.append(text)
        cursor += len(text)
    return "".join(parts), starts
