"""Reading a REFI-QDA project (``.qdpx`` archive, or a bare ``project.qde``) into qualcode's model.

Lenient where real files vary (``Sources/`` or ``sources/``, a ``.qde`` not named
``project.qde``, GUID case and braces, namespace variants, BOMs, CRLF, UTF-16 positions) and
strict where files can attack (archive entry names and sizes, DTDs and entities). Everything
repaired, guessed or left out is reported in :attr:`QdpxProject.warnings`.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from qualcode.errors import ExchangeError, Issue
from qualcode.exchange.codes_in import (
    assemble_codebook,
    read_codes,
    read_dimension_sets,
    slugify,
)
from qualcode.exchange.descriptions import PROJECT_FIELDS, parse_fields
from qualcode.exchange.guids import normalise_guid
from qualcode.exchange.qdc import read_xml_file, schema_warnings
from qualcode.exchange.qdpx_model import Note, QdpxProject, User
from qualcode.exchange.qdpx_sources import SourceReader, unsupported_sources
from qualcode.exchange.variables import parse_value
from qualcode.exchange.xmlsafe import (
    PROJECT_NS,
    child,
    children,
    local_name,
    namespace_of,
    parse_xml,
    text_of,
)
from qualcode.exchange.zipsafe import SafeZip, ZipLimits
from qualcode.io.text import normalise
from qualcode.model import Case, frozen_mapping

__all__ = ["read_qdpx"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_RESERVED_VARIABLES = frozenset({"id", "case"})  # front matter keys with a meaning of their own


def _warn(code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(code, message, hint=hint, severity="warning")


def _open(path: Path, limits: ZipLimits | None) -> tuple[SafeZip | None, bytes, str, list[Issue]]:
    """The archive (or ``None``), the project XML, its entry name and container warnings."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except FileNotFoundError as exc:
        raise ExchangeError("file not found", path=path, hint="check the path") from exc
    except OSError as exc:
        raise ExchangeError(f"cannot read the file ({exc.strerror})", path=path) from exc
    if head not in _ZIP_MAGIC:
        if head.lstrip(b"\xef\xbb\xbf").startswith(b"<") or path.suffix.lower() == ".qde":
            warning = _warn("X240", "a bare project XML without its archive: source texts in "
                            "sources/ are not available, only inline texts",
                            "import the .qdpx file to get the documents")
            return None, read_xml_file(path, (limits or ZipLimits()).max_read_bytes), "", [
                warning]
        raise ExchangeError(
            "not a REFI-QDA project: neither a ZIP archive (.qdpx) nor XML (.qde)",
            path=path, hint="export the project again as REFI-QDA (.qdpx) from the QDA program",
        )
    archive = SafeZip(path, limits)
    try:
        qdes = [n for n in archive.names if "/" not in n and n.lower().endswith(".qde")]
        if len(qdes) != 1:
            found = ", ".join(qdes) if qdes else "none; entries: " + ", ".join(archive.names[:8])
            raise ExchangeError(
                f"the archive must hold exactly one .qde file at its root (found {found})",
                path=path, hint="a .qdpx holds project.qde and a sources/ folder; export it again",
            )
        warnings = []
        if qdes[0] != "project.qde":
            warnings.append(_warn("X241", f"the project XML is named {qdes[0]!r}, not "
                                  "'project.qde' as the standard asks; read anyway"))
        return archive, archive.read(qdes[0]), qdes[0], warnings
    except BaseException:
        archive.close()
        raise


def _users(root: Element) -> dict[str, User]:
    users: dict[str, User] = {}
    users_el = child(root, "Users")
    for el in children(users_el, "User") if users_el is not None else ():
        guid = normalise_guid(el.get("guid"))
        if guid is None:
            continue
        initials = el.get("id") or ""
        name = (el.get("name") or "").strip() or initials or f"user-{guid[:8]}"
        users[guid] = User(guid, name, initials)
    return users


_LANGUAGE = re.compile(r"[a-z]{2}")


def _codebook_meta(root: Element, language: str) -> dict[str, Any]:
    """The codebook's fields from the project's description: qualcode's own ``Codebook:``
    ... ``Memo:`` lines, else the project's name; the ``Memo`` field, or another program's
    free-text description, is the codebook's memo."""
    description = text_of(child(root, "Description"))
    fields = parse_fields(description, PROJECT_FIELDS)
    project_name = root.get("name") or "project"
    meta: dict[str, Any] = {"name": slugify(project_name).replace("_", "-"),
                            "title": project_name, "languages": (language,)}
    if not fields or fields[0].name != "Codebook":
        meta["memo"] = description.strip()
        return meta
    memo = ""
    authors: list[str] = []
    sources: list[str] = []
    per_language: dict[str, dict[str, str]] = {"titles": {}, "descriptions": {}}
    titled = False
    for item in fields:
        value = item.value
        if item.name == "Codebook":
            meta["name"] = value.strip()
        elif item.name == "Version":
            meta["version"] = value.strip()
        elif item.name in ("Title", "Description") and item.qualifier is not None:
            qualifier = item.qualifier.strip()
            per_language[f"{item.name.lower()}s"][
                qualifier if _LANGUAGE.fullmatch(qualifier) else language] = value
        elif item.name == "Title":
            meta["title"] = value
            titled = True
        elif item.name == "Author":
            authors.append(value)
        elif item.name == "Language":
            meta["languages"] = tuple(v.strip() for v in value.split(",") if v.strip())
        elif item.name in ("Unit", "Scope"):
            meta[item.name.lower()] = value.strip()
        elif item.name == "Source":
            sources.append(value)
        elif item.name == "Description":
            meta["description"] = value
        elif item.name == "Memo":
            memo = value
    if per_language["titles"] and not titled:
        meta["title"] = ""  # the primary language's 'Title [id]: ...', not the project's name
    meta.update({key: texts for key, texts in per_language.items() if texts})
    meta["authors"] = tuple(authors)
    meta["sources"] = tuple(sources)
    meta["memo"] = memo
    return meta


class _Notes:
    """The project's notes, and the text of the notes an element references."""

    def __init__(self, root: Element, read_text: Any) -> None:
        self.by_guid: dict[str, tuple[str, str, str]] = {}
        notes_el = child(root, "Notes")
        for el in children(notes_el, "Note") if notes_el is not None else ():
            guid = normalise_guid(el.get("guid"))
            if guid is None:
                continue
            text = read_text(el, el.get("name") or guid) or ""
            self.by_guid[guid] = (el.get("name") or "", normalise(text), el.get("creatingUser")
                                  or "")
        self.targets: dict[str, list[str]] = {}

    def text(self, el: Element) -> str:
        """The text of the notes ``el`` references; records what each note is attached to."""
        kind = local_name(el.tag)
        target = {"Project": "project", "Code": "code", "TextSource": "document"}.get(
            kind, kind.lower())
        if el.get("name") and kind != "Project":
            target = f"{target}:{el.get('name')}"
        out = []
        for ref in children(el, "NoteRef"):
            guid = normalise_guid(ref.get("targetGUID"))
            if guid in self.by_guid:
                out.append(self.by_guid[guid][1])
                self.targets.setdefault(guid, []).append(target)
        return "\n\n".join(t for t in out if t)


def read_qdpx(
    path: str | Path,
    *,
    language: str = "en",
    limits: ZipLimits | None = None,
    validate: bool = True,
) -> QdpxProject:
    """Read a REFI-QDA project.

    Args:
        path: A ``.qdpx`` archive, or a bare ``.qde`` XML file (then only inline texts).
        language: Language key for labels and free-text descriptions of other programs.
        limits: Archive limits (entry count, sizes, compression ratio).
        validate: Report schema violations as warnings.

    Returns:
        The project in qualcode's model, with warnings for everything not carried over.

    Raises:
        ExchangeError: If the file is missing, hostile (path traversal, zip bomb, DTD or
            entities), damaged, or not a REFI-QDA project.
    """
    path = Path(path)
    archive, data, entry, warnings = _open(path, limits)
    with contextlib.ExitStack() as stack:
        if archive is not None:
            stack.callback(archive.close)
        root = parse_xml(data, path=path, entry=entry or None)
        if local_name(root.tag) != "Project":
            raise ExchangeError(
                f"the root element is <{local_name(root.tag)}>, not <Project>",
                path=path,
                hint="use 'qualcode import qdc' for codebooks" if local_name(root.tag) ==
                "CodeBook" else "this is not a REFI-QDA project",
            )
        ns = namespace_of(root)
        if ns != PROJECT_NS:
            warnings.append(_warn("X211", f"non-standard namespace {ns or '(none)'!r}; read by "
                                  f"element names (the standard one is {PROJECT_NS!r})"))
        elif validate:
            warnings += schema_warnings(data, "project", "the project XML")
        return _read_project(root, path, archive, language, warnings)


def _read_project(root: Element, path: Path, archive: SafeZip | None, language: str,
                  warnings: list[Issue]) -> QdpxProject:
    origin = root.get("origin") or ""
    users = _users(root)
    reader = SourceReader(path, archive, origin, {g: u.name for g, u in users.items()}, {},
                          lambda el: "")
    notes = _Notes(root, reader.read_text)
    codebook_el = child(root, "CodeBook")
    tree = read_codes(child(codebook_el, "Codes") if codebook_el is not None else None,
                      language=language, note_text=notes.text)
    warnings += tree.warnings
    sets_el = child(root, "Sets")
    dimensions, membership, set_warnings = read_dimension_sets(sets_el, tree, language=language)
    warnings += set_warnings
    meta = _codebook_meta(root, language)
    project_notes = notes.text(root)
    memo = "\n\n".join(m for m in (meta["memo"], project_notes) if m)
    codebook = assemble_codebook(tree, dimensions, membership, path=str(path), **meta)

    variables: dict[str, str] = {}
    vars_el = child(root, "Variables")
    for el in children(vars_el, "Variable") if vars_el is not None else ():
        guid = normalise_guid(el.get("guid"))
        if guid is not None:
            variables[guid] = (el.get("name") or "").strip() or f"variable-{guid[:8]}"
    unknown_variables = 0

    def values_of(el: Element) -> dict[str, Any]:
        nonlocal unknown_variables
        out: dict[str, Any] = {}
        for vv in children(el, "VariableValue"):
            ref = child(vv, "VariableRef")
            name = variables.get(normalise_guid(ref.get("targetGUID")) or "") if (
                ref is not None) else None
            value_el = next((v for v in vv if local_name(v.tag).endswith("Value")), None)
            if name is None or value_el is None:
                unknown_variables += 1
                continue
            out[name] = parse_value(local_name(value_el.tag), value_el.text or "")
        return out

    cases, case_of, extra_values = _read_cases(root, values_of, warnings)
    source_sets = _source_sets(sets_el, warnings)

    renamed: set[str] = set()

    def document_values(el: Element, guid: str) -> dict[str, Any]:
        """The source's own variables, and those its GUID is given elsewhere (file variables
        of nameless cases, source sets)."""
        out = dict(extra_values.get(guid, {}))
        out.update(values_of(el))
        for name in _RESERVED_VARIABLES.intersection(out):
            # front matter 'id:' and 'case:' name the document and its case
            out[f"{name}_attribute"] = out.pop(name)
            renamed.add(name)
        if guid in source_sets:
            out["sets"] = "; ".join(source_sets[guid])
        return out

    reader.code_ids = tree.ids
    reader.note_text = notes.text
    sources_el = child(root, "Sources")
    if sources_el is not None:
        for el in sources_el:
            kind = local_name(el.tag)
            if kind == "TextSource":
                reader.read_text_source(el, document_values, case_of)
            elif kind == "PDFSource":
                representation = child(el, "Representation")
                if representation is not None:
                    reader.read_text_source(representation, document_values, case_of,
                                            name=el.get("name") or None)
        warnings += unsupported_sources(sources_el)
    reader.finish()
    warnings += reader.warnings
    if renamed:
        warnings.append(_warn(
            "X257", "document variable(s) " + ", ".join(repr(n) for n in sorted(renamed))
            + " became " + ", ".join(f"{n}_attribute" for n in sorted(renamed))
            + " (in front matter, id and case name the document and its case)"))
    if unknown_variables:
        warnings.append(_warn("X250", f"{unknown_variables} variable value(s) name no declared "
                              "variable and were left out"))
    for kind, label in (("Links", "link"), ("Graphs", "graph")):
        el = child(root, kind)
        if el is not None and len(el):
            warnings.append(_warn("X251", f"{len(el)} {label}(s) are not carried"))
    order = {doc.id: i for i, doc in enumerate(reader.documents)}
    code_order = {c.id: i for i, c in enumerate(codebook.codes)}
    codings = sorted(reader.codings, key=lambda c: (order[c.document], c.start, c.end,
                                                    code_order.get(c.code, 0), c.coder))
    note_list = tuple(
        Note(guid, name, text, tuple(notes.targets.get(guid, ())),
             users[normalise_guid(author) or ""].name if normalise_guid(author) in users else "")
        for guid, (name, text, author) in notes.by_guid.items()
    )
    return QdpxProject(
        name=root.get("name") or path.stem, origin=root.get("origin") or "",
        documents=tuple(reader.documents), codebook=codebook, codings=tuple(codings),
        cases=tuple(cases), users=tuple(users.values()), notes=note_list,
        warnings=tuple(warnings), description=memo,
    )


def _read_cases(root: Element, values_of: Any, warnings: list[Issue]) -> tuple[
        list[Case], dict[str, str], dict[str, dict[str, Any]]]:
    """Cases, source GUID -> case id, and source GUID -> values of nameless cases."""
    cases: list[Case] = []
    case_of: dict[str, str] = {}
    extra: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    coded = selections = conflicts = 0
    cases_el = child(root, "Cases")
    for el in children(cases_el, "Case") if cases_el is not None else ():
        values = values_of(el)
        refs = [g for g in (normalise_guid(r.get("targetGUID"))
                            for r in children(el, "SourceRef")) if g]
        coded += len(list(children(el, "CodeRef")))
        selections += len(list(children(el, "SelectionRef")))
        name = " ".join((el.get("name") or "").split())
        if not name:
            # A nameless case only carries file variables (MAXQDA, Quirkos).
            for guid in refs:
                extra.setdefault(guid, {}).update(values)
            continue
        case_id, n = name, 2
        while case_id in taken:
            case_id = f"{name}-{n}"
            n += 1
        taken.add(case_id)
        cases.append(Case(case_id, frozen_mapping(values)))
        for guid in refs:
            if guid in case_of:
                conflicts += 1
                continue
            case_of[guid] = case_id
    if coded:
        warnings.append(_warn("X252", f"{coded} code(s) applied to whole cases are not carried"))
    if selections:
        warnings.append(_warn("X253", f"{selections} selection(s) assigned to cases are not "
                              "carried (qualcode assigns whole documents to cases)"))
    if conflicts:
        warnings.append(_warn("X254", f"{conflicts} source(s) belong to several cases; each "
                              "keeps the first"))
    return cases, case_of, extra


def _source_sets(sets_el: Element | None, warnings: list[Issue]) -> dict[str, list[str]]:
    """Source GUID -> names of the sets (document groups) it belongs to."""
    out: dict[str, list[str]] = {}
    notes = 0
    for el in children(sets_el, "Set") if sets_el is not None else ():
        name = el.get("name") or "set"
        for ref in children(el, "MemberSource"):
            guid = normalise_guid(ref.get("targetGUID"))
            if guid:
                out.setdefault(guid, []).append(name)
        notes += len(list(children(el, "MemberNote")))
    if out:
        warnings.append(_warn("X255", "document sets are carried as the documents' 'sets' "
                              "attribute"))
    if notes:
        warnings.append(_warn("X256", f"{notes} note membership(s) of sets are not carried"))
    return out

