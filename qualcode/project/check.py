"""Checking a project: SQLite's own integrity check plus qualcode's invariants."""

from __future__ import annotations

from qualcode.errors import Issue
from qualcode.project.core import SOURCES, STATUSES, Project, require_project, text_hash

__all__ = ["check_project"]


def check_project(project: Project) -> list[Issue]:
    """Every problem found in the project's database.

    Errors: SQLite integrity or foreign-key problems; a document whose text does not match its
    hash; a segment or coding outside its document; a coding whose stored quote or quote hash
    does not match its text. Warnings: orphaned codings (kept, not placed in the text), codes
    the codebook does not know, and documents segmented by another unit than the settings'.

    Returns:
        The issues (errors first, then warnings); empty for a healthy project.
    """
    project = require_project(project, "check_project")
    store = project.store
    db = str(store.path)
    errors = [Issue("C100", f"SQLite reports: {p}", path=db,
                    hint="restore the last backup ('qualcode project backup' makes them)")
              for p in store.integrity_problems()]
    warnings: list[Issue] = []
    texts = {}
    for doc in store.documents():
        texts[doc.id] = doc.text
        if text_hash(doc.text) != doc.text_hash:
            errors.append(Issue("C101", "the document's text does not match its hash",
                                path=db, where=f"document {doc.id}"))
    stale = {seg.document: seg.unit for seg in store.segments()
             if seg.unit != project.config.unit}
    for document, unit in stale.items():
        warnings.append(Issue("C112", f"segmented by {unit}, but the project's unit is "
                              f"{project.config.unit}", path=db, where=f"document {document}",
                              severity="warning",
                              hint="run 'qualcode add' to segment it again (its file must be "
                              "among the sources)"))
    for seg in store.segments():
        text = texts.get(seg.document, "")
        if not 0 <= seg.start <= seg.end <= len(text):
            errors.append(Issue("C102", f"segment {seg.idx} [{seg.start}, {seg.end}) lies "
                                f"outside the text ({len(text)} characters)", path=db,
                                where=f"document {seg.document}",
                                hint="run 'qualcode add' on the document again"))
    known = project.known_codes()
    for row in store.codings():
        where = f"coding {row.key} ({row.code} in {row.document})"
        if row.status not in STATUSES or row.source not in SOURCES:
            errors.append(Issue("C103", f"unknown status {row.status!r} or source "
                                f"{row.source!r}", path=db, where=where))
        if known is not None and row.code not in known:
            warnings.append(Issue("C110", f"code {row.code!r} is not in the codebook", path=db,
                                  where=where, severity="warning",
                                  hint="add the code to the codebook, or recode the coding"))
        if row.orphaned:
            quote = " ".join(row.quote.split())
            quote = quote if len(quote) <= 60 else quote[:57] + "..."
            warnings.append(Issue("C111", f"orphaned: {quote!r} is no longer in the text",
                                  path=db, where=where, severity="warning",
                                  hint="re-code the passage by hand (e.g. 'qualcode import "
                                  "codings') if it still applies"))
            continue
        text = texts.get(row.document)
        if text is None or not 0 <= row.start < row.end <= len(text):
            errors.append(Issue("C104", f"the coding [{row.start}, {row.end}) lies outside "
                                "its document", path=db, where=where))
            continue
        if text[row.start:row.end] != row.quote or text_hash(row.quote) != row.quote_hash:
            errors.append(Issue("C105", "the coding's stored quote does not match the text",
                                path=db, where=where,
                                hint="run 'qualcode add' on the document again to re-anchor"))
    return errors + warnings
