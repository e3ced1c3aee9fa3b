"""Parsing untrusted REFI-QDA XML and walking it by local names.

The parser refuses any DTD, so entity expansion (billion laughs) and external entities (XXE)
cannot happen, and it never touches the network. Elements are matched on their local names, so
files written with a non-standard namespace (``urn:QDA-XML:codebook:0:4`` and friends) still
import; the caller warns about the namespace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from qualcode.errors import ExchangeError

__all__ = [
    "CODEBOOK_NS",
    "PROJECT_NS",
    "child",
    "children",
    "local_name",
    "namespace_of",
    "parse_xml",
    "text_of",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def parse_xml(data: bytes, *, path: str | Path, entry: str | None = None) -> Element:
    """Parse ``data`` safely and return the root element.

    Args:
        data: The XML bytes (a UTF-8 byte-order mark before ``<?xml`` is fine).
        path: The file, for messages.
        entry: The archive entry the bytes came from, if any.

    Raises:
        ExchangeError: If the XML declares a DTD or entities, or is not well-formed.
    """
    import defusedxml
    import defusedxml.ElementTree as safe_et

    where = f"entry {entry!r}: " if entry else ""
    try:
        return safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                  forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise ExchangeError(
            f"refused: {where}the XML declares a DTD or entities ({type(exc).__name__}), which "
            "REFI-QDA files never need and attacks use (entity expansion, external entities)",
            path=path,
            hint="do not open the file; ask its sender for a fresh export from the QDA program",
        ) from exc
    except safe_et.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ExchangeError(
            f"{where}the XML is not well-formed ({exc})",
            path=path,
            line=line if not entry else None,
            hint="the file is damaged or not REFI-QDA XML; export it again",
        ) from exc


def local_name(tag: object) -> str:
    """``{namespace}Name`` -> ``Name`` (comments and processing instructions give ``""``)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace_of(element: Element) -> str:
    """The namespace URI of ``element`` (``""`` when it has none)."""
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children of ``element`` with local name ``name``."""
    for item in element:
        if local_name(item.tag) == name:
            yield item


def child(element: Element, name: str) -> Element | None:
    """The first direct child with local name ``name``, or ``None``."""
    return next(children(element, name), None)


def text_of(element: Element | None) -> str:
    """The text content of ``element`` (``""`` when absent or empty)."""
    if element is None:
        return ""
    return "".join(element.itertext())
