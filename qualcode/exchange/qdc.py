"""The REFI-QDA Codebook exchange file (``.qdc``): export and import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ElementTree, indent, tostring

from qualcode._version import __version__
from qualcode.errors import ExchangeError, Issue
from qualcode.exchange.codes_in import (
    assemble_codebook,
    read_codes,
    read_dimension_sets,
    slugify,
)
from qualcode.exchange.codes_out import build_codes, build_dimension_sets, codebook_warnings
from qualcode.exchange.xmlsafe import (
    CODEBOOK_NS,
    child,
    local_name,
    namespace_of,
    parse_xml,
    text_of,
)
from qualcode.model import Codebook

__all__ = ["ImportedCodebook", "export_qdc", "qdc_bytes", "read_qdc", "serialise"]

MAX_QDC_BYTES = 64 << 20
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class ImportedCodebook:
    """A codebook read from a ``.qdc`` file.

    Attributes:
        codebook: The codes (no rules: manual-only) and dimensions (from code sets).
        warnings: What was repaired or not carried over.
        origin: The program that wrote the file (its ``origin`` attribute).
    """

    codebook: Codebook
    warnings: tuple[Issue, ...] = ()
    origin: str = ""


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(" ", text) if _NOT_XML.search(text) else text


def serialise(root: Element) -> bytes:
    """UTF-8 XML bytes with declaration, indented two spaces, LF line ends.

    Characters XML 1.0 cannot hold (control characters such as form feeds from PDF text,
    lone surrogates) become spaces in element text and attribute values.
    """
    for el in root.iter():
        if el.text:
            el.text = _xml_safe(el.text)
        for key, value in el.attrib.items():
            el.attrib[key] = _xml_safe(value)
    indent(ElementTree(root), space="  ")
    return tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def qdc_bytes(codebook: Codebook | str | Path, *, language: str | None = None
              ) -> tuple[bytes, list[Issue]]:
    """Build the ``.qdc`` XML of ``codebook``.

    Args:
        codebook: The codebook, or the path of one (YAML).
        language: Name codes by their label in this language instead of their id.

    Returns:
        The file's bytes and warnings about what it cannot carry.

    Raises:
        ExchangeError: If the codebook has no codes.
        CodebookError: If the codebook file is not valid.
        QualcodeError: If ``codebook`` is neither a codebook nor a path.
    """
    from qualcode.corpus import as_codebook

    codebook = as_codebook(codebook)
    root = Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"qualcode {__version__}"})
    if not codebook.codes:
        raise ExchangeError(
            f"codebook {codebook.name!r} has no codes; a .qdc file needs at least one",
            path=codebook.path or None,
        )
    guids = build_codes(root, codebook, language=language)
    build_dimension_sets(root, codebook, guids, member_attr="guid")
    return serialise(root), codebook_warnings(codebook, qdc=True)


def export_qdc(
    codebook: Codebook | str | Path,
    output: str | Path,
    *,
    language: str | None = None,
    validate: bool = True,
) -> list[Issue]:
    """Write ``codebook`` as a REFI-QDA codebook file.

    Codes keep their tree and colours and are all codable; definitions, criteria, examples,
    labels and memos go into each code's description; dimensions become code sets.

    Args:
        codebook: The codebook, or the path of one (YAML).
        output: The ``.qdc`` file to write (atomically).
        language: Name codes by their label in this language instead of their id.
        validate: Check the XML against the bundled Codebook.xsd before writing.

    Returns:
        Warnings about what the format cannot carry (rules, exclusivity ...).

    Raises:
        ExchangeError: If the codebook has no codes or the result does not validate.
        CodebookError: If the codebook file is not valid.
        QualcodeError: If ``codebook`` is neither a codebook nor a path.
        OutputError: If the file cannot be written.
    """
    from qualcode.report.files import write_bytes

    data, warnings = qdc_bytes(codebook, language=language)
    if validate:
        from qualcode.exchange.schema import check_valid

        check_valid(data, "codebook", path=output)
    write_bytes(output, data)
    return warnings


def read_xml_file(path: Path, limit: int = MAX_QDC_BYTES) -> bytes:
    """Read a bare XML file (``.qdc`` or ``.qde``) with a size limit.

    Raises:
        ExchangeError: If it is missing, unreadable or too large.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise ExchangeError(
                f"refused: the file is {size >> 20} MiB, more than the {limit >> 20} MiB limit",
                path=path, hint="REFI-QDA XML files are far smaller; check that this is one",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ExchangeError("file not found", path=path, hint="check the path") from exc
    except IsADirectoryError as exc:
        raise ExchangeError("expected a file but found a folder", path=path) from exc
    except OSError as exc:
        raise ExchangeError(f"cannot read the file ({exc.strerror})", path=path) from exc


def schema_warnings(data: bytes, kind: str, where: str) -> list[Issue]:
    """Schema violations of an imported file, as warnings (import is lenient)."""
    from qualcode.exchange.schema import validation_errors

    errors = validation_errors(data, kind)
    if not errors:
        return []
    return [Issue(
        "X210",
        f"{where} does not validate against the REFI-QDA schema ({len(errors)} problem(s), "
        "read anyway): " + "; ".join(errors[:3]),
        severity="warning",
    )]


def read_qdc(path: str | Path, *, language: str = "en", validate: bool = True) -> ImportedCodebook:
    """Read a REFI-QDA codebook file.

    Args:
        path: The ``.qdc`` file.
        language: Language key for labels and free-text descriptions.
        validate: Report schema violations as warnings.

    Returns:
        The codebook (named after the file) and warnings.

    Raises:
        ExchangeError: If the file is missing, hostile, not XML or not a codebook.
    """
    path = Path(path)
    data = read_xml_file(path)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise ExchangeError("this is a ZIP archive (a REFI-QDA project, .qdpx), not a codebook",
                            path=path, hint="use 'qualcode import qdpx' for projects; its "
                            "codebook.yaml holds the project's codes")
    root = parse_xml(data, path=path)
    if local_name(root.tag) != "CodeBook":
        raise ExchangeError(
            f"the root element is <{local_name(root.tag)}>, not <CodeBook>",
            path=path,
            hint="use 'qualcode import qdpx' for projects (.qdpx or project.qde)"
            if local_name(root.tag) == "Project" else "this is not a REFI-QDA codebook",
        )
    warnings: list[Issue] = []
    ns = namespace_of(root)
    if ns != CODEBOOK_NS:
        warnings.append(Issue(
            "X211", f"non-standard namespace {ns or '(none)'!r}; read by element names "
            f"(the standard one is {CODEBOOK_NS!r})", severity="warning"))
    elif validate:
        warnings += schema_warnings(data, "codebook", "the codebook")
    tree = read_codes(child(root, "Codes"), language=language)
    warnings += tree.warnings
    sets_el = child(root, "Sets")
    if sets_el is not None and len(sets_el) == 0:
        warnings.append(Issue(
            "X212", "empty <Sets/> element ignored (the schema needs at least one Set; "
            "Taguette writes it)", severity="warning"))
    dimensions, membership, set_warnings = read_dimension_sets(sets_el, tree, language=language)
    warnings += set_warnings
    if not tree.codes:
        warnings.append(Issue("X213", "the codebook holds no codes", severity="warning"))
    origin = root.get("origin") or ""
    codebook = assemble_codebook(
        tree, dimensions, membership,
        name=slugify(path.stem).replace("_", "-"),
        title=path.stem,
        description=f"Imported from {path.name}" + (f" ({origin})" if origin else ""),
        languages=(language,),
        # the schema gives a CodeBook no Description; one written anyway is its memo
        memo=text_of(child(root, "Description")).strip(),
        path=str(path),
    )
    return ImportedCodebook(codebook, tuple(warnings), origin)
