"""What openpyxl's read-only mode does not give: read from a workbook's XML parts directly.

Response tables are read with openpyxl in read-only mode, which streams a sheet in bounded
memory but does not expose a sheet's merged cells, and which leaves Excel's ``_xHHHH_`` escapes
in text (the way a workbook stores a carriage return or another character XML cannot hold). The
functions here read the parts themselves: the sheet a name stands for, its merged ranges, and
the shared strings whose escapes openpyxl has already half undone.

Every part is parsed by lxml without entities or network; :func:`~qualcode.io.docx.
check_zip_package` has refused DTDs, oversized parts and unsafe names before.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["decode_escapes", "merged_ranges", "sheet_parts", "unescaped_strings"]

# _xHHHH_ is the character U+HHHH; a surrogate pair is two escapes. _x005F_ is "_", so
# "_x005F_x000D_" is the literal text "_x000D_": one pass from the left reads that right.
_ESCAPE = re.compile(r"_x([Dd][89ABab][0-9A-Fa-f]{2})__x([Dd][C-Fc-f][0-9A-Fa-f]{2})_"
                     r"|_x([0-9A-Fa-f]{4})_")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_MERGE = b"mergeCell"
_STRIPPED = b"x005F_"  # what openpyxl deletes from shared strings
_CHUNK = 1 << 20


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 can hold the character: anything else stays escaped, since it would
    break every XML-based export of the text (a lone surrogate, a control character)."""
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    code = int(match.group(3), 16)
    return chr(code) if _xml_char(code) else match.group(0)


def decode_escapes(text: str) -> str:
    """``text`` with Excel's ``_xHHHH_`` escapes turned into their characters (``_x000D_`` a
    carriage return, ``_x005F_`` an underscore); an escape of a character XML cannot hold is
    kept as written.

    Args:
        text: Cell text as stored in the workbook.
    """
    return _ESCAPE.sub(_unescape, text) if "_x" in text else text


def _parse(source: IO[bytes]) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(source, parser).getroot()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of ``part``: id -> (type, target part), internal targets only."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return {}
    with archive.open(rels) as source:
        root = _parse(source)
    found = {}
    for rel in root.iter(_RELATIONSHIPS):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> the part that holds it (``xl/worksheets/sheet1.xml``).

    Args:
        archive: The workbook, open.
    """
    workbook = next((path for kind, path in _relationships(archive, "").values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
    targets = _relationships(archive, workbook)
    with archive.open(workbook) as source:
        root = _parse(source)
    parts = {}
    for sheet in root.iter():
        if _local(sheet.tag) != "sheet":
            continue
        ids = [value for key, value in sheet.attrib.items() if key.endswith("}id")]
        if ids and ids[0] in targets:
            parts[sheet.get("name", "")] = targets[ids[0]][1]
    return parts


def _mentions(source: IO[bytes], marker: bytes) -> bool:
    """Whether the bytes of ``source`` hold ``marker``, read in chunks (a fast scan in C)."""
    tail = b""
    while chunk := source.read(_CHUNK):
        if marker in tail + chunk[: len(marker)] or marker in chunk:
            return True
        tail = chunk[-(len(marker) - 1):]
    return False


def merged_ranges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """A sheet's merged ranges as ``(min_col, min_row, max_col, max_row)``, 1-based.

    The sheet is first scanned for the word ``mergeCell``; only a sheet that has it is parsed,
    row by row (each row dropped once read), so memory stays bounded.

    Args:
        archive: The workbook, open.
        part: The sheet's part (:func:`sheet_parts`).

    Raises:
        ValueError: If a range is not a cell range (a damaged sheet).
    """
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    with archive.open(part) as source:
        if not _mentions(source, _MERGE):
            return []
    ranges: list[tuple[int, int, int, int]] = []
    with archive.open(part) as source:
        for _, element in etree.iterparse(source, events=("end",), tag=("{*}row", "{*}mergeCell"),
                                          resolve_entities=False, no_network=True):
            if _local(element.tag) == "mergeCell":
                ranges.append(range_boundaries(element.get("ref", "")))
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
    return ranges


def _string_items(source: IO[bytes]) -> Iterator[str]:
    """The text of each shared string, as openpyxl joins it (the runs' text, without the
    phonetic guides)."""
    from lxml import etree

    for _, item in etree.iterparse(source, events=("end",), tag="{*}si",
                                   resolve_entities=False, no_network=True):
        parts = [t.text or "" for t in item.iter("{*}t")
                 if _local(t.getparent().tag) in ("si", "r")]
        item.clear(keep_tail=True)
        while item.getprevious() is not None:
            del item.getparent()[0]
        yield "".join(parts)


def unescaped_strings(archive: zipfile.ZipFile) -> dict[str, str]:
    """The shared strings whose text openpyxl cannot give back: openpyxl's reading -> the text.

    openpyxl deletes ``x005F_`` from shared strings, so a literal ``_x000D_`` (stored
    ``_x005F_x000D_``) reaches the reader as the escape of a carriage return. Only strings that
    hold ``x005F_`` are listed (the part is scanned for it first); any other cell text is
    decoded with :func:`decode_escapes`.

    Args:
        archive: The workbook, open.
    """
    with archive.open("[Content_Types].xml") as source:
        types = _parse(source)
    part = next((o.get("PartName", "").lstrip("/") for o in types.iter()
                 if _local(o.tag) == "Override" and o.get("ContentType") == _SHARED_STRINGS),
                None)
    if part is None or part not in archive.namelist():
        return {}
    with archive.open(part) as source:
        if not _mentions(source, _STRIPPED):
            return {}
    with archive.open(part) as source:
        return {raw.replace("x005F_", ""): decode_escapes(raw) for raw in _string_items(source)
                if "x005F_" in raw}
