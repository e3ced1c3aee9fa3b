"""Writing a REFI-QDA project (``.qdpx``): documents, codes, codings, coders, cases, memos.

Mapping (see ``docs/refi-qda.md``): each document is a ``TextSource`` whose normalised text is
``sources/<GUID>.txt`` (UTF-8, no BOM, LF); each distinct coded span is a
``PlainTextSelection`` with one ``Coding`` per (code, coder); each coder is a ``User``; each case
a ``Case`` with ``VariableValue``\\ s and ``SourceRef``\\ s; document attributes are the source's
``VariableValue``\\ s; project memos are ``Note``\\ s. GUIDs are name-based and no timestamps are
written, so exporting the same data twice gives the same bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement

from qualcode._version import __version__
from qualcode.errors import ExchangeError, Issue
from qualcode.exchange.codebook_yaml import texts_per_language
from qualcode.exchange.codes_out import build_codes, build_dimension_sets, codebook_warnings
from qualcode.exchange.codings_input import codings_from_frame, prepare_codings
from qualcode.exchange.descriptions import Field, format_fields
from qualcode.exchange.guids import guid_for
from qualcode.exchange.positions import OutputPositions
from qualcode.exchange.qdc import serialise
from qualcode.exchange.qdpx_model import Note
from qualcode.exchange.variables import VALUE_ELEMENTS, format_value, infer_type, is_missing
from qualcode.exchange.xmlsafe import PROJECT_NS
from qualcode.model import Case, Codebook, Coding, Corpus, Document

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QdpxPackage", "build_qdpx", "export_qdpx", "project_description"]

DOCUMENT_SKIPPED = frozenset({"id", "case", "encoding"})
CASE_SKIPPED = frozenset({"document", "document_id", "file"})
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(slots=True)
class QdpxPackage:
    """A project ready to be zipped: ``project.qde`` bytes and the source files."""

    qde: bytes
    sources: dict[str, bytes] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)


def project_description(codebook: Codebook | None, description: str = "") -> str:
    """The project's description: the codebook's metadata as fields, then a ``Memo`` field
    holding the codebook's memo followed by ``description`` (import reads that field back as
    the codebook's memo)."""
    fields: list[Field] = []
    memo = [description]
    if codebook is not None:
        memo.insert(0, codebook.memo)
        fields += [
            Field("Codebook", None, codebook.name),
            Field("Version", None, codebook.version),
        ]
        fields += _per_language("Title", codebook, "title")
        fields += [Field("Author", None, a) for a in codebook.authors]
        fields.append(Field("Language", None, ", ".join(codebook.languages)))
        fields.append(Field("Unit", None, codebook.unit))
        fields.append(Field("Scope", None, codebook.scope))
        fields += [Field("Source", None, s) for s in codebook.sources]
        fields += _per_language("Description", codebook, "description")
    fields.append(Field("Memo", None, "\n\n".join(m.strip("\n") for m in memo if m.strip())))
    return format_fields(fields)


def _per_language(label: str, codebook: Codebook, name: str) -> list[Field]:
    """``Title: ...``, or one ``Title [en]: ...`` per language when it has several (or is not
    the primary language's)."""
    texts = texts_per_language(codebook, name, codebook.languages)
    if texts is None:
        return [Field(label, None, getattr(codebook, name))]
    return [Field(label, language, text) for language, text in texts.items()]


def _variables(
    documents: Sequence[Document], cases: Sequence[Case]
) -> dict[str, tuple[str, str]]:
    """Variable name -> (GUID, type), cases' attributes first, then documents'."""
    values: dict[str, list[Any]] = {}
    for case in cases:
        for key, value in case.attributes.items():
            if key not in CASE_SKIPPED:
                values.setdefault(key, []).append(value)
    for doc in documents:
        for key, value in doc.attributes.items():
            if key not in DOCUMENT_SKIPPED:
                values.setdefault(key, []).append(value)
    return {
        name: (guid_for("variable", name), infer_type(vals))
        for name, vals in values.items()
        if any(not is_missing(v) for v in vals)
    }


def _add_values(
    parent: Element, attributes: Mapping[str, Any], variables: Mapping[str, tuple[str, str]],
    skipped: frozenset[str],
) -> None:
    for key, value in attributes.items():
        if key in skipped or key not in variables or is_missing(value):
            continue
        guid, kind = variables[key]
        el = SubElement(parent, "VariableValue")
        SubElement(el, "VariableRef", {"targetGUID": guid})
        SubElement(el, VALUE_ELEMENTS[kind]).text = format_value(value, kind)


def _selection_description(codings: Sequence[Coding]) -> str:
    """The ``Rule``, ``Match``, ``Memo`` and ``Status`` lines of a selection's codings; the
    rows of one code and coder (a table listing a coding twice) share one set of lines."""
    merged: dict[tuple[str, str], list[Coding]] = {}
    for c in codings:
        merged.setdefault((c.code, c.coder), []).append(c)
    fields: list[Field] = []
    for (code, coder), group in merged.items():
        who = f"{code} | {coder}"
        fields += [Field("Rule", who, _joined((c.rule for c in group), "; ")),
                   Field("Match", who, _joined((c.match for c in group), "; ")),
                   Field("Memo", who, _joined((c.memo for c in group), "\n\n"))]
        if all(c.status == "suggested" for c in group):
            fields.append(Field("Status", who, "suggested"))
    return format_fields(fields)


def _joined(values: Iterable[str], separator: str) -> str:
    return separator.join(dict.fromkeys(v for v in values if v.strip()))


def _add_source(
    sources_el: Element,
    doc: Document,
    codings: Sequence[Coding],
    *,
    code_guids: Mapping[str, str],
    user_guids: Mapping[str, str],
    code_order: Mapping[str, int],
    variables: Mapping[str, tuple[str, str]],
    unit: str,
    crlf: bool,
    note_refs: Sequence[str] = (),
) -> tuple[str, bytes]:
    guid = guid_for("source", doc.id)
    file_name = f"{guid}.txt"
    el = SubElement(sources_el, "TextSource", {
        "guid": guid, "name": doc.id, "plainTextPath": f"internal://{file_name}",
    })
    position = OutputPositions(doc.text, unit=unit, crlf=crlf)
    spans: dict[tuple[int, int], list[Coding]] = {}
    for c in codings:
        spans.setdefault((c.start, c.end), []).append(c)
    for (start, end), group in sorted(spans.items()):
        group.sort(key=lambda c: (code_order.get(c.code, len(code_order)), c.code, c.coder))
        sel = SubElement(el, "PlainTextSelection", {
            "guid": guid_for("selection", doc.id, start, end),
            "name": doc.text[start:end],
            "startPosition": str(position(start)),
            "endPosition": str(position(end)),
            "creatingUser": user_guids[group[0].coder],
        })
        description = _selection_description(group)
        if description:
            SubElement(sel, "Description").text = description
        seen: set[tuple[str, str]] = set()
        for c in group:
            if (c.code, c.coder) in seen:
                continue
            seen.add((c.code, c.coder))
            coding_el = SubElement(sel, "Coding", {
                "guid": guid_for("coding", doc.id, start, end, c.code, c.coder),
                "creatingUser": user_guids[c.coder],
            })
            SubElement(coding_el, "CodeRef", {"targetGUID": code_guids[c.code]})
    for note in note_refs:
        SubElement(el, "NoteRef", {"targetGUID": note})
    _add_values(el, doc.attributes, variables, DOCUMENT_SKIPPED)
    text = doc.text.replace("\n", "\r\n") if crlf else doc.text
    return file_name, text.encode("utf-8")


@dataclass(slots=True)
class _NoteTargets:
    """Note GUIDs by what references them."""

    codes: dict[str, list[str]] = field(default_factory=dict)
    documents: dict[str, list[str]] = field(default_factory=dict)
    project: list[str] = field(default_factory=list)


def _note_targets(notes: Sequence[Note], codes: set[str], documents: set[str]) -> _NoteTargets:
    """Where each note is referenced: its codes and documents being exported, else (nothing
    of it exported, or a project memo) the project."""
    out = _NoteTargets()
    for note in notes:
        placed = False
        for target in note.targets:
            kind, _, ident = target.partition(":")
            if kind == "code" and ident in codes:
                out.codes.setdefault(ident, []).append(note.guid)
                placed = True
            elif kind == "document" and ident in documents:
                out.documents.setdefault(ident, []).append(note.guid)
                placed = True
        if not placed:
            out.project.append(note.guid)
    return out


def build_qdpx(
    documents: Iterable[Document] | Corpus,
    codings: Iterable[Coding] | pd.DataFrame = (),
    codebook: Codebook | str | Path | None = None,
    cases: Iterable[Case] | None = None,
    *,
    name: str | None = None,
    description: str = "",
    memos: Mapping[str, str] | None = None,
    language: str | None = None,
    position_unit: str = "codepoint",
    crlf: bool = False,
    suggested: bool = False,
    markup: bool = False,
    codings_path: str | Path | None = None,
    notes: Sequence[Note] = (),
) -> QdpxPackage:
    """Build a project's XML and source files in memory (see :func:`export_qdpx`)."""
    from qualcode.corpus import as_codebook

    if position_unit not in ("codepoint", "utf16"):
        raise ExchangeError(f"unknown position unit {position_unit!r}; choose codepoint or utf16")
    if codebook is not None:
        codebook = as_codebook(codebook)
    if isinstance(documents, Corpus):
        if cases is None:
            cases = documents.cases
        documents = documents.documents
    docs = list(documents)
    ids = [d.id for d in docs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ExchangeError(
            "several documents share the id(s) " + ", ".join(duplicates),
            hint="give each document a unique id (front matter 'id:') before exporting",
        )
    paths: dict[str, str] = {}
    groups: dict[str, str] = {}
    quotes: dict[int, str] | None = None
    if not isinstance(codings, list | tuple) and hasattr(codings, "columns"):
        frame = codings
        codings, paths, groups = codings_from_frame(
            frame, path=None if codings_path is None else str(codings_path))
        if "text" in frame.columns:  # as it is, as codings_from_frame takes every cell
            quotes = {i: t for i, t in enumerate(frame["text"].tolist()) if isinstance(t, str)}
    prepared = prepare_codings(list(codings), docs, codebook, paths=paths, groups=groups,
                               quotes=quotes, suggested=suggested, markup=markup)
    codebook = prepared.codebook
    warnings = list(prepared.warnings)
    if codebook is not None:
        warnings = codebook_warnings(codebook, qdc=False) + warnings
    if any(c.rule or c.match for c in prepared.codings):
        warnings.append(Issue(
            "X110", "automatic coding provenance (rule, matched words) is written as text into "
            "the selections' descriptions (REFI-QDA codings have no such fields)",
            severity="warning"))
    case_list = list(cases or ())
    known_cases = {c.id for c in case_list}
    for doc in docs:
        if doc.case and doc.case not in known_cases:
            known_cases.add(doc.case)
            case_list.append(Case(doc.case))

    root = Element("Project", {"xmlns": PROJECT_NS, "name": name or (
        codebook.title or codebook.name if codebook is not None else "qualcode project"),
        "origin": f"qualcode {__version__}"})
    coders = sorted({c.coder for c in prepared.codings} | {n.author for n in notes if n.author})
    user_guids = {coder: guid_for("user", coder) for coder in coders}
    if coders:
        users_el = SubElement(root, "Users")
        for coder in coders:
            SubElement(users_el, "User", {"guid": user_guids[coder], "name": coder})
    code_guids: dict[str, str] = {}
    code_order: dict[str, int] = {}
    refs = _note_targets(notes, {c.id for c in codebook.codes} if codebook is not None else set(),
                         {d.id for d in docs})
    if codebook is not None and codebook.codes:
        code_guids = build_codes(SubElement(root, "CodeBook"), codebook, language=language,
                                 note_refs=refs.codes)
        code_order = {c.id: i for i, c in enumerate(codebook.codes)}
    variables = _variables(docs, case_list)
    if variables:
        vars_el = SubElement(root, "Variables")
        for var_name, (guid, kind) in variables.items():
            SubElement(vars_el, "Variable", {"guid": guid, "name": var_name,
                                             "typeOfVariable": kind})
    if case_list:
        cases_el = SubElement(root, "Cases")
        for case in case_list:
            case_el = SubElement(cases_el, "Case", {"guid": guid_for("case", case.id),
                                                    "name": case.id})
            _add_values(case_el, case.attributes, variables, CASE_SKIPPED)
            for doc in docs:
                if doc.case == case.id:
                    SubElement(case_el, "SourceRef", {"targetGUID": guid_for("source", doc.id)})
    package = QdpxPackage(b"", {}, warnings)
    if docs:
        by_doc: dict[str, list[Coding]] = {}
        for c in prepared.codings:
            by_doc.setdefault(c.document, []).append(c)
        sources_el = SubElement(root, "Sources")
        for doc in docs:
            file_name, data = _add_source(
                sources_el, doc, by_doc.get(doc.id, []), code_guids=code_guids,
                user_guids=user_guids, code_order=code_order, variables=variables,
                unit=position_unit, crlf=crlf, note_refs=refs.documents.get(doc.id, ()))
            package.sources[file_name] = data
    if memos or notes:
        notes_el = SubElement(root, "Notes")
        for title, text in (memos or {}).items():
            SubElement(SubElement(notes_el, "Note", {"guid": guid_for("note", title),
                                                     "name": title}),
                       "PlainTextContent").text = text
        for note in notes:
            attrs = {"guid": note.guid, "name": note.name}
            if note.author:
                attrs["creatingUser"] = user_guids[note.author]
            SubElement(SubElement(notes_el, "Note", attrs), "PlainTextContent").text = note.text
    if codebook is not None and codebook.codes:
        build_dimension_sets(root, codebook, code_guids, member_attr="targetGUID")
    text = project_description(codebook, description)
    if text:
        SubElement(root, "Description").text = text
    for title in memos or {}:
        SubElement(root, "NoteRef", {"targetGUID": guid_for("note", title)})
    for guid in refs.project:
        SubElement(root, "NoteRef", {"targetGUID": guid})
    package.qde = serialise(root)
    return package


def export_qdpx(
    documents: Iterable[Document] | Corpus,
    codings: Iterable[Coding] | pd.DataFrame = (),
    codebook: Codebook | str | Path | None = None,
    cases: Iterable[Case] | None = None,
    *,
    output: str | Path,
    name: str | None = None,
    description: str = "",
    memos: Mapping[str, str] | None = None,
    language: str | None = None,
    position_unit: str = "codepoint",
    crlf: bool = False,
    validate: bool = True,
    suggested: bool = False,
    markup: bool = False,
    codings_path: str | Path | None = None,
    notes: Sequence[Note] = (),
) -> list[Issue]:
    """Write documents, codings, codebook and cases as a REFI-QDA project (``.qdpx``).

    Args:
        documents: The documents (or a corpus, whose cases are used when ``cases`` is None).
        codings: Codings, or a codings table (DataFrame with the canonical columns), its
            cells as :func:`qualcode.read_codings` gives them (the CSV formula guard already
            taken off; see :func:`~qualcode.exchange.codings_input.codings_from_frame`).
        codebook: The codebook, or the path of one (YAML); ``None`` builds the code tree from
            the codes used.
        cases: Cases with their attributes.
        output: The ``.qdpx`` file to write (atomically).
        name: The project's name (default: the codebook's title or name).
        description: Free text for the project's description (its ``Memo`` field, after the
            codebook's memo).
        memos: Project memos, title -> text, written as ``Note``\\ s.
        language: Name codes by their label in this language instead of their id.
        position_unit: ``codepoint`` (the spec) or ``utf16`` (for programs counting that way).
        crlf: Write the texts with CRLF line ends (positions then count each as two).
        validate: Check ``project.qde`` against the bundled schema before writing.
        suggested: Export suggestions nobody reviewed yet (status ``suggested``; left out by
            default); each is marked ``Status [code | coder]: suggested`` in its selection's
            description, so qualcode imports it as a suggestion again.
        markup: The documents are read with their inline markup removed (as projects read
            them); without it, a hint names documents holding tags when quotes differ.
        codings_path: The file the codings table came from, named in messages.
        notes: Memos on codes and documents: a ``Note`` each (its ``guid`` and ``name`` as
            given), referenced from the code or source its targets name (``code:<id>``,
            ``document:<id>``), else from the project; its author becomes a ``User``.

    Returns:
        Warnings about what was left out or cannot be carried.

    Raises:
        ExchangeError: For duplicate document ids, a malformed codings table or an export the
            schema rejects.
        CodebookError: If the codebook file is not valid.
        QualcodeError: If ``codebook`` is neither a codebook nor a path.
        OutputError: If the file cannot be written.
    """
    from qualcode.report.files import atomic_path

    package = build_qdpx(
        documents, codings, codebook, cases, name=name, description=description, memos=memos,
        language=language, position_unit=position_unit, crlf=crlf, suggested=suggested,
        markup=markup, codings_path=codings_path, notes=notes,
    )
    if validate:
        from qualcode.exchange.schema import check_valid

        check_valid(package.qde, "project", path=output)
    with atomic_path(output) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        entries = [("project.qde", package.qde)] + [
            (f"sources/{file_name}", data) for file_name, data in package.sources.items()
        ]
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return package.warnings
