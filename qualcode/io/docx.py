"""Reader for Word ``.docx`` transcripts (python-docx).

Paragraphs, table cells and text boxes are read in document order and joined with a blank line,
so each Word paragraph is a paragraph of the document text; what a paragraph's runs hold (tabs,
breaks, symbols) is read by :mod:`qualcode.io.wordruns`. Speakers come either as ``Name:`` at
the start of a paragraph (left in the text for :mod:`qualcode.segment.turns`) or as a bold
leading run ("**Interviewer** How did it start?"), weighed by :mod:`qualcode.io.wordspeakers` so
that bold emphasis is not taken for a speaker; bold speakers make the reader report the turns
itself.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import InputError
from qualcode.io.options import ReadOptions
from qualcode.io.plaintext import document_from_text
from qualcode.io.text import normalise
from qualcode.io.wordruns import paragraph_content, run_text
from qualcode.io.wordspeakers import Lead, SpeakerMark, bold_lead, with_speakers
from qualcode.model import Document

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

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


def _is_bold(run: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _bold_lead(paragraph: Paragraph, runs: list[Any], texts: list[str]) -> Lead | None:
    """The bold lead of ``paragraph`` (whose runs and their texts are given)."""
    from docx.text.run import Run

    return bold_lead(texts, lambda i: _is_bold(Run(runs[i], paragraph)))


def _blocks(container: Any, parent: Any) -> Iterator[Paragraph]:
    """Paragraphs of a body, cell or text box in order, descending into tables (row by row)
    and content controls; a vertically merged cell is read once, where its content is; the
    paragraphs of a text box follow the paragraph that anchors it."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
            for box in paragraph_content(child)[1]:
                yield from _blocks(box, parent)
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    if cell.vMerge == "continue":
                        continue
                    yield from _blocks(cell, parent)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _blocks(content if content is not None else child, parent)


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
    When paragraphs start with a bold speaker label (see :mod:`qualcode.io.wordspeakers` for
    when bold is a label and when emphasis), the document carries its turns (labels excluded),
    including those of paragraphs labelled ``Name:``; otherwise speaker labels are left to the
    plain-text turn parser.

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
    blocks: list[str] = []
    leads: list[tuple[int, Lead, str]] = []  # (block, lead, the lead's text)
    for paragraph in _blocks(document.element.body, document._body):
        runs = paragraph_content(paragraph._p)[0]
        texts = [run_text(r) for r in runs]
        raw = "".join(texts)
        text = normalise(raw)
        if not text.strip():
            continue
        lead = _bold_lead(paragraph, runs, texts)
        if lead is not None:
            leads.append((len(blocks), lead, normalise(raw[: lead.end])))
        blocks.append(text)
    text, starts = _join(blocks)
    marks = [SpeakerMark(starts[i], starts[i] + len(head), lead.label, lead.colon,
                         lead.reads_on)
             for i, lead, head in leads if blocks[i].startswith(head)]
    attributes: dict[str, Any] = {}
    title = (document.core_properties.title or "").strip()
    if title:
        attributes["title"] = title
    doc = document_from_text(text, path=path, fmt="docx", attributes=attributes)
    return with_speakers(doc, marks)


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
