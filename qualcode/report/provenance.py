"""Provenance: what produced a set of outputs, built once and written into every file.

The same dictionary goes to ``provenance.json`` in a results folder, the Provenance sheet of the
workbook and a Provenance section of the DOCX, Markdown and HTML reports.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from qualcode._version import __version__
from qualcode.model import Codebook
from qualcode.report.files import write_text

__all__ = ["build_provenance", "file_digest", "library_versions", "provenance_rows",
           "source_date", "write_provenance"]


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (``""`` if it cannot be read)."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def _file_entry(path: str | Path) -> dict[str, str]:
    return {"path": str(path), "sha256": file_digest(path)}


def build_provenance(
    *,
    codebook: Codebook | None = None,
    inputs: Iterable[str | Path] = (),
    cases: str | Path | None = None,
    unit: str | None = None,
    language: str | None = None,
    coders: Iterable[str] = (),
    options: Mapping[str, Any] | None = None,
    counts: Mapping[str, int] | None = None,
    warnings: Iterable[object] = (),
    skipped: Iterable[object] = (),
    created: str | None = None,
    interviewer_labels: Iterable[str] = (),
) -> dict[str, Any]:
    """Describe how outputs were made.

    Args:
        codebook: Its name, version, title, file and content hash are recorded: the title in
            the language of the labels (the ``language`` of ``options``, as the analysis
            options record it), else in the codebook's primary language.
        inputs: The files read (transcripts, or a codings table); each gets its SHA-256.
        cases: The cases table, if one was used.
        unit: The segmentation unit.
        language: The language option used for segmentation.
        coders: Coder names found in the codings (when there is no codebook, e.g. hand coding).
        options: Analysis options (window, roll-up, attributes ...).
        counts: Numbers of documents, segments, codings.
        warnings: What was odd in the inputs (issues, recorded as their messages).
        skipped: Files left out because they could not be read (``--skip-errors``), as
            issues (recorded as their messages).
        created: ISO 8601 timestamp; when omitted, ``$SOURCE_DATE_EPOCH`` (see
            :func:`source_date`), else now (UTC, seconds).
        interviewer_labels: The speaker labels that marked interviewer turns (they decide
            which turns are coded).

    Returns:
        A JSON-ready dictionary.
    """
    when = created or source_date() or _dt.datetime.now(_dt.UTC).replace(
        microsecond=0).isoformat()
    book = None
    if codebook is not None:
        book = {
            "name": codebook.name,
            "version": codebook.version,
            "title": codebook.title_in(_label_language(options)),
            "path": codebook.path,
            "content_hash": codebook.content_hash,
            "coder": codebook.coder,
        }
    return {
        "qualcode_version": __version__,
        "created": when,
        "codebook": book,
        "coders": sorted(set(coders)),
        "unit": unit or "",
        "language": language or "",
        "inputs": [_file_entry(p) for p in inputs],
        "cases": _file_entry(cases) if cases is not None else None,
        "options": dict(options or {}),
        "counts": dict(counts or {}),
        "warnings": [str(w) for w in warnings],
        "skipped": [str(s) for s in skipped],
        "interviewer_labels": list(interviewer_labels),
        "python": platform.python_version(),
        "libraries": library_versions(),
    }


def _label_language(options: Mapping[str, Any] | None) -> str | None:
    """The language the labels of the outputs are in, as the analysis options record it."""
    language = (options or {}).get("language")
    return language if isinstance(language, str) else None


def source_date() -> str | None:
    """``$SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) as an
    ISO 8601 UTC timestamp, or ``None`` when it is not set (or not a whole number): with it,
    every output of two runs on the same inputs is the same, byte for byte."""
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return _dt.datetime.fromtimestamp(int(value), _dt.UTC).isoformat()


# the libraries whose versions can change an output: reading, stemming, scanning, tables,
# workbooks, documents and charts
# the libraries whose versions can change an output: the stemmers and the regex scanner decide
# what is coded, the others how tables, figures and statistics come out
_LIBRARIES = ("PySastrawi", "snowballstemmer", "PyStemmer", "hyperscan", "numpy", "pandas",
              "pyarrow", "openpyxl", "python-docx", "matplotlib", "PyYAML", "krippendorff")


def library_versions() -> dict[str, str]:
    """The installed version of each library an output depends on (those installed)."""
    from importlib import metadata

    found = {}
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def provenance_rows(provenance: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The provenance as (field, value) text pairs, for a sheet, a table or a list."""
    rows: list[tuple[str, str]] = [
        ("qualcode version", str(provenance.get("qualcode_version", ""))),
        ("created", str(provenance.get("created", ""))),
    ]
    book = provenance.get("codebook")
    if book:
        rows += [
            ("codebook", f"{book.get('name', '')} {book.get('version', '')}".strip()),
            ("codebook title", str(book.get("title", ""))),
            ("codebook file", str(book.get("path", ""))),
            ("codebook sha256", str(book.get("content_hash", ""))),
        ]
    else:
        rows.append(("codebook", "(none)"))
    if provenance.get("coders"):
        rows.append(("coders", ", ".join(provenance["coders"])))
    rows += [("unit", str(provenance.get("unit", ""))),
             ("language", str(provenance.get("language", "")))]
    for entry in provenance.get("inputs", ()):
        rows.append(("input", f"{entry['path']} (sha256 {entry['sha256'] or 'unavailable'})"))
    cases = provenance.get("cases")
    if cases:
        rows.append(("cases table", f"{cases['path']} (sha256 {cases['sha256'] or 'unavailable'})"))
    for key, value in provenance.get("options", {}).items():
        rows.append((f"option {key}", json.dumps(value, ensure_ascii=False)
                     if not isinstance(value, str) else value))
    for key, value in provenance.get("counts", {}).items():
        rows.append((key, str(value)))
    for warning in provenance.get("warnings", ()):
        rows.append(("warning", str(warning)))
    for skipped in provenance.get("skipped", ()):
        rows.append(("skipped", str(skipped)))
    if provenance.get("interviewer_labels"):
        rows.append(("interviewer labels", ", ".join(provenance["interviewer_labels"])))
    rows.append(("python", str(provenance.get("python", ""))))
    for name, version in provenance.get("libraries", {}).items():
        rows.append((name, str(version)))
    return rows


def write_provenance(provenance: Mapping[str, Any], target: str | Path) -> Path:
    """Write the provenance (a dict, or an analysis's read-only provenance) as indented UTF-8
    JSON to ``target`` atomically."""
    text = json.dumps(dict(provenance), ensure_ascii=False, indent=2, default=str) + "\n"
    return write_text(target, text)
