"""Reading a project's text sources: texts, variables, selections and their codings.

Positions are converted to code-point offsets of the normalised text per source, under the
counting convention expected for the program that wrote the file or, when the selections fit
another one clearly better, that one (:mod:`qualcode.exchange.positions`).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from qualcode.errors import Issue
from qualcode.exchange.descriptions import CODING_FIELDS, parse_fields
from qualcode.exchange.guids import normalise_guid
from qualcode.exchange.positions import (
    Convention,
    PositionMap,
    Selection,
    detect_convention,
    expected_convention,
)
from qualcode.exchange.xmlsafe import child, children, local_name, text_of
from qualcode.exchange.zipsafe import SafeZip
from qualcode.model import Coding, Document, frozen_mapping

__all__ = ["UNKNOWN_CODER", "SourceReader", "decode_source", "selection_fields",
           "unsupported_sources"]

UNKNOWN_CODER = "unknown"


def _warn(code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(code, message, hint=hint, severity="warning")


def _some(items: list[str], n: int = 6) -> str:
    return ", ".join(repr(i) for i in items[:n]) + (" ..." if len(items) > n else "")


def decode_source(data: bytes) -> tuple[str, str]:
    """Decode a plain-text source: BOM first, then UTF-8, then Windows-1252.

    Returns:
        The text (BOM removed, line ends untouched) and the encoding used.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8").lstrip("\ufeff"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def selection_fields(description: str, keys: set[tuple[str, str]]) -> tuple[
        dict[tuple[str, str], dict[str, str]], str]:
    """A selection's ``Description``: qualcode's fields per (code, coder), or a comment.

    qualcode writes ``Rule``, ``Match`` and ``Memo [code | coder]:`` lines for the codings of
    the selection. Any other description (free text, lines without a ``code | coder``, or
    naming a coding the selection lacks) is kept whole as a comment for all its codings.

    Args:
        description: The description text.
        keys: The (code id, coder) of the selection's codings.

    Returns:
        Field name -> value per (code, coder), and the comment (``""`` for qualcode's lines).
    """
    parsed = parse_fields(description, CODING_FIELDS)
    out: dict[tuple[str, str], dict[str, str]] = {}
    for item in parsed or ():
        code, bar, coder = (item.qualifier or "").partition(" | ")
        key = (code.strip(), coder.strip())
        if not bar or key not in keys:
            return {}, description.strip()
        own = out.setdefault(key, {})
        if own.get(item.name):  # a field given twice (another writer): keep both values
            own[item.name] += ("\n\n" if item.name == "Memo" else "; ") + item.value
        else:
            own[item.name] = item.value
    return (out, "") if parsed is not None else ({}, description.strip())


@dataclass(slots=True)
class _RawCoding:
    start: int
    end: int
    code: str
    coder: str
    rule: str = ""
    match: str = ""
    memo: str = ""
    name: str = ""
    status: str = ""


@dataclass(slots=True)
class SourceReader:
    """Reads ``TextSource`` elements into documents and codings.

    Attributes:
        path: The project file (for messages and ``Document.source``).
        archive: The opened archive, or ``None`` for a bare ``.qde``.
        origin: The writing program, to choose the position convention.
        users: User GUID -> name.
        code_ids: Code GUID -> code id.
        note_text: Text of the notes an element references.
        warnings: Collected warnings.
    """

    path: Path
    archive: SafeZip | None
    origin: str
    users: Mapping[str, str]
    code_ids: Mapping[str, str]
    note_text: Callable[[Element], str]
    warnings: list[Issue] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    guid_to_document: dict[str, str] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    _unknown_codes: int = 0
    _clamped: int = 0
    _empty: int = 0
    _bad_positions: int = 0
    _comments: int = 0
    _lost: int = 0
    _missing: list[str] = field(default_factory=list)
    _left_out: list[str] = field(default_factory=list)
    _renamed: list[str] = field(default_factory=list)
    _shared_guids: list[str] = field(default_factory=list)

    # ---------------------------------------------------------------- text
    def _entry_for(self, uri: str) -> str | None:
        if self.archive is None:
            return None
        name = uri.split("://", 1)[1] if uri.startswith("internal://") else uri
        name = name.lstrip("/")
        for candidate in (f"sources/{name}", name):
            entry = self.archive.find(candidate)
            if entry is not None:
                return entry
        return None

    def read_text(self, el: Element, label: str) -> str | None:
        """The raw text of a source or note: its internal file, else its inline text."""
        uri = (el.get("plainTextPath") or "").strip()
        inline = child(el, "PlainTextContent")
        if uri:
            if uri.startswith(("relative://", "absolute://")):
                self.warnings.append(_warn(
                    "X221", f"source {label!r}: its text is an external file ({uri}); qualcode "
                    "reads only files inside the archive" + (
                        ", so it uses the inline text" if inline is not None else ""),
                    "export the project again with the sources embedded"))
            else:
                entry = self._entry_for(uri)
                if entry is not None and self.archive is not None:
                    raw, encoding = decode_source(self.archive.read(entry))
                    if encoding == "cp1252":
                        self.warnings.append(_warn(
                            "X222", f"source {label!r}: {entry} is not UTF-8; read as "
                            "Windows-1252"))
                    return raw
                self._missing.append(label + (" (inline text used)" if inline is not None
                                              else ""))
        if inline is not None:
            return text_of(inline)
        return None

    # ---------------------------------------------------------------- ids
    def _document_id(self, name: str, guid: str) -> str:
        base = " ".join(name.split()) or guid
        candidate, n = base, 2
        while candidate in self._taken:
            candidate = f"{base}-{n}"
            n += 1
        self._taken.add(candidate)
        if candidate != base:
            self._renamed.append(f"{base!r} -> {candidate}")
        return candidate

    def _coder(self, *guids: str | None) -> str:
        for raw in guids:
            guid = normalise_guid(raw)
            if guid in self.users:
                return self.users[guid]
        return UNKNOWN_CODER

    # ---------------------------------------------------------------- codings
    def _coding_keys(self, el: Element) -> list[tuple[Element, str, str]]:
        """The ``Coding`` children of ``el`` with their code id and coder (unknown codes out)."""
        out: list[tuple[Element, str, str]] = []
        for coding in children(el, "Coding"):
            ref = child(coding, "CodeRef")
            code = self.code_ids.get(normalise_guid(ref.get("targetGUID")) or "") if (
                ref is not None) else None
            if code is None:
                self._unknown_codes += 1
                continue
            out.append((coding, code, self._coder(coding.get("creatingUser"),
                                                  el.get("creatingUser"))))
        return out

    def _codings_of(self, keys: list[tuple[Element, str, str]], start: int, end: int,
                    name: str, fields: dict[tuple[str, str], dict[str, str]],
                    shared_memo: str, into: list[_RawCoding]) -> None:
        for coding, code, coder in keys:
            own = fields.get((code, coder), {})
            memo = "\n\n".join(m for m in (own.get("Memo", ""), shared_memo,
                                           self.note_text(coding)) if m)
            status = own.get("Status", "").strip()
            into.append(_RawCoding(start, end, code, coder, own.get("Rule", ""),
                                   own.get("Match", ""), memo, name,
                                   status if status == "suggested" else ""))

    # ---------------------------------------------------------------- sources
    def read_text_source(self, el: Element,
                         variables_of: Callable[[Element, str], dict[str, Any]],
                         case_of: Mapping[str, str], name: str | None = None) -> None:
        """Read one ``TextSource`` (or a PDF's ``Representation``)."""
        guid = normalise_guid(el.get("guid")) or f"source-{len(self.guid_to_document)}"
        label = name or el.get("name") or guid
        if guid in self.guid_to_document:
            # references by this GUID (cases, sets) name the first source that has it
            self._shared_guids.append(f"{label!r} has the GUID of "
                                      f"{self.guid_to_document[guid]!r}")
            guid = f"{guid}#{len(self._shared_guids)}"
        raw = self.read_text(el, label)
        selections = list(children(el, "PlainTextSelection"))
        lost = len(selections) + len(list(children(el, "Coding")))
        if raw is None or not raw.strip():
            self._left_out.append(label)
            self._lost += lost
            return
        doc_id = self._document_id(label, guid)
        self.guid_to_document[guid] = doc_id
        pmap = PositionMap(raw)
        pending: list[_RawCoding] = []
        for sel in selections:
            try:
                start = int(sel.get("startPosition", ""))
                end = int(sel.get("endPosition", ""))
            except ValueError:
                self._bad_positions += 1
                continue
            if start < 0 or end < start:  # no text to code: not a selection
                self._bad_positions += 1
                continue
            keys = self._coding_keys(sel)
            fields, shared = selection_fields(text_of(child(sel, "Description")),
                                              {(code, coder) for _, code, coder in keys})
            if shared and child(sel, "Coding") is None:
                self._comments += 1
            shared = "\n\n".join(m for m in (shared, self.note_text(sel)) if m)
            self._codings_of(keys, start, end, sel.get("name") or "", fields, shared, pending)
        convention = self._convention(pmap, pending, label)
        limit = pmap.length(convention)
        codings: list[Coding] = []
        for item in pending:
            if not 0 <= item.start <= item.end <= limit:
                self._clamped += 1
            start = pmap.to_text(item.start, convention)
            end = pmap.to_text(item.end, convention)
            if end <= start:
                self._empty += 1
                continue
            codings.append(Coding(doc_id, start, end, item.code, item.coder, "imported",
                                  rule=item.rule, match=item.match, memo=item.memo,
                                  status=item.status))
        whole: list[_RawCoding] = []
        self._codings_of(self._coding_keys(el), 0, 0, "", {}, "", whole)
        for item in whole:
            codings.append(Coding(doc_id, 0, len(pmap.text), item.code, item.coder, "imported",
                                  memo=item.memo))
        attributes: dict[str, Any] = {}
        if guid in case_of:
            attributes["case"] = case_of[guid]
        attributes.update(variables_of(el, guid))
        memo = "\n\n".join(m for m in (text_of(child(el, "Description")).strip(),
                                       self.note_text(el)) if m)
        if memo:
            attributes.setdefault("memo", memo)
        self.documents.append(Document(doc_id, pmap.text, str(self.path), "txt",
                                       frozen_mapping(attributes)))
        self.codings.extend(codings)

    def _convention(self, pmap: PositionMap, pending: list[_RawCoding], label: str) -> Convention:
        expected = expected_convention(self.origin)
        selections = [Selection(p.start, p.end, p.name) for p in pending]
        convention, scores = detect_convention(pmap, selections, expected)
        if scores and convention != Convention():
            why = "expected for " + (self.origin or "this program")
            if convention != expected:
                why = (f"the selections fit the text best that way ({scores[convention]} vs "
                       f"{scores[expected]} points for {expected.describe()})")
            self.warnings.append(_warn(
                "X225", f"source {label!r}: positions read as {convention.describe()} "
                f"({why}) and converted to code points"))
        return convention

    def finish(self) -> None:
        """Add the summary warnings about sources and selections dropped or repaired."""
        if self._missing:
            where = ("the project is a bare .qde file without its sources/ folder"
                     if self.archive is None else "the archive lacks the files")
            self.warnings.append(_warn(
                "X223", f"the text files of {len(self._missing)} source(s) are missing ({where}): "
                + _some(self._missing),
                "import the complete .qdpx file exported by the QDA program"))
        if self._left_out:
            self.warnings.append(_warn(
                "X224", f"{len(self._left_out)} source(s) without text were left out"
                + (f" with {self._lost} selection(s)/coding(s)" if self._lost else "") + ": "
                + _some(self._left_out)))
        if self._unknown_codes:
            self.warnings.append(_warn(
                "X226", f"{self._unknown_codes} coding(s) name a code that is not in the "
                "codebook and were left out"))
        if self._bad_positions:
            self.warnings.append(_warn(
                "X227", f"{self._bad_positions} selection(s) without valid positions (not whole "
                "numbers, negative, or ending before they start) were left out"))
        if self._clamped:
            self.warnings.append(_warn(
                "X228", f"{self._clamped} coding(s) reached outside their text and were cut to "
                "it"))
        if self._comments:
            self.warnings.append(_warn(
                "X232", f"{self._comments} selection comment(s) without a code are not carried "
                "(qualcode keeps memos on codings only)"))
        if self._empty:
            self.warnings.append(_warn(
                "X229", f"{self._empty} empty (zero-length) coding(s) were left out"))
        if self._renamed:
            self.warnings.append(_warn(
                "X258", f"{len(self._renamed)} source(s) share a name with an earlier one and "
                "were given another document id: " + _some(self._renamed)))
        if self._shared_guids:
            self.warnings.append(_warn(
                "X259", f"{len(self._shared_guids)} source(s) share a GUID with an earlier "
                "one; the cases and sets naming that GUID were given to the earlier source "
                "only: " + _some(self._shared_guids),
                "check those cases in the program that wrote the file"))


def unsupported_sources(sources_el: Element) -> list[Issue]:
    """Warnings for picture, audio, video and PDF content that qualcode does not carry."""
    counts: dict[str, int] = {}
    for el in sources_el:
        kind = local_name(el.tag)
        if kind in ("PictureSource", "AudioSource", "VideoSource"):
            counts[kind] = counts.get(kind, 0) + 1
    out = [
        _warn("X230", f"{n} {kind.removesuffix('Source').lower()} source(s) and their "
              "selections and codings are not carried (qualcode handles text only)")
        for kind, n in counts.items()
    ]
    pdf_regions = sum(len(list(children(el, "PDFSelection")))
                      for el in children(sources_el, "PDFSource"))
    if pdf_regions:
        out.append(_warn(
            "X231", f"{pdf_regions} PDF region selection(s) are not carried; PDF sources are "
            "imported through their plain-text representation where the file has one"))
    return out
