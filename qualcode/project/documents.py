"""Adding documents to a project, and keeping codings in place when a document changes.

When a file comes back with different text, every coding of the document is placed again by its
quote (see :mod:`qualcode.project.anchor`). A coding whose quote is gone is kept, flagged
``orphaned`` with its last quote, and reported; nothing is dropped.

A renamed file (a new id, the text of a stored document whose file is gone) takes that
document over with all its work, and so does an answer of a response table that comes under
another id (the text of a stored answer that the table no longer yields, as after a change of
``id_column``); when that is not sure, it is added and the report says which stored document it
may be (see :mod:`qualcode.project.renames`). Stored documents that a file read no longer
yields are kept and listed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from qualcode.arguments import as_paths
from qualcode.errors import Issue, ProjectError
from qualcode.model import Document
from qualcode.project.anchor import OffsetMap, reanchor
from qualcode.project.codings import new_coding_row
from qualcode.project.config import sources_of
from qualcode.project.core import Project, require_project, text_hash
from qualcode.project.markup import MARKUP_RULE, MarkedDocument, MarkupSpan, read_markup_all
from qualcode.project.renames import match_renames
from qualcode.project.rows import CodingRow, DocumentRow, SegmentRow

__all__ = ["AddReport", "DocumentChange", "Orphan", "add_documents"]


@dataclass(frozen=True, slots=True)
class Orphan:
    """A coding whose quote could not be found in the new text of its document."""

    key: str
    document: str
    code: str
    coder: str
    quote: str
    reason: str = "quote no longer in the text"


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """What adding one document did.

    Attributes:
        document: Document id.
        action: ``added``, ``updated`` (text changed), ``unchanged`` or ``renamed`` (a new
            id, whose text a stored document had while its file was gone: that document took
            the new id with its segments, codings and memos).
        path: The file, relative to the project when inside it.
        kept: Codings whose quote stayed at the same offsets (for a rename: every coding,
            which moved to the new id at the same offsets).
        moved: Codings found again exactly, at new offsets.
        tolerant: Codings found again only tolerantly (whitespace, quotes, case).
        edited: Codings whose passage was edited in place but still resembles the quote.
        orphaned: Codings that could not be placed (kept and flagged).
        markup_added: New codings from inline markup.
        markup_missing: Earlier markup codings whose tags are no longer in the file (kept).
        markup_moved: Earlier markup codings moved to the new place of their tags (a closing
            tag moved: the tag of the same code over an overlapping passage).
        resegmented: Its segments were cut again (the project's unit or interviewer labels
            changed, or the text did).
        renamed_from: For ``renamed``, the document's id before.
        same_text: For ``added``, stored documents whose files are gone (or that its file no
            longer yields) that have exactly this text, when it is not sure which one this
            document is (several of them, or several documents read with this text); nothing
            was moved.
        similar_text: For ``added``, stored documents whose files are gone (or that its file
            no longer yields) and whose text resembles this one (the file may have been
            renamed and edited); nothing was moved.
        unyielded: Of ``same_text`` and ``similar_text``, those whose file is not gone but
            no longer yields them (a response table read under other settings or edited).
        text_of: For ``updated``, other stored documents of the same file that had exactly
            this document's new text: the rows of a table whose ids are row numbers moved
            (a row deleted or inserted), and its codings were placed on what is likely
            another respondent's answer.
    """

    document: str
    action: str
    path: str
    kept: int = 0
    moved: int = 0
    tolerant: int = 0
    edited: int = 0
    orphaned: tuple[Orphan, ...] = ()
    markup_added: int = 0
    markup_missing: tuple[str, ...] = ()
    resegmented: bool = False
    markup_moved: int = 0
    renamed_from: str = ""
    same_text: tuple[str, ...] = ()
    similar_text: tuple[str, ...] = ()
    unyielded: tuple[str, ...] = ()
    text_of: tuple[str, ...] = ()

    @property
    def rename_note(self) -> str:
        """What to do when this document may be a stored one renamed (``""`` when not)."""
        new = self.document
        if self.unyielded:
            olds = ", ".join(self.same_text or self.similar_text)
            how = "the same text as" if self.same_text else "a text like that of"
            return (f"{new} has {how} {olds}, which the project holds but {self.path} no "
                    f"longer yields (its rows, or its id_column, text_column or sheet in "
                    f"qualcode.yaml, changed): which answer {new} was is not sure, so no "
                    f"codings were moved to {new}; they stay on {olds}. To keep them under the "
                    f"old ids: 'qualcode remove {new}' and go back to the earlier table or "
                    f"settings; else code {new} again and 'qualcode remove' the old ids.")
        if self.same_text:
            olds = ", ".join(self.same_text)
            which = (f"the same text as {olds}, whose file is gone, but so has another file "
                     "read now" if len(self.same_text) == 1 else
                     f"the same text as {olds}, whose files are gone")
            old = self.same_text[0]
            keep = ("To keep its codings" if len(self.same_text) == 1 else
                    f"To keep the codings of one of them ({old}, say)")
            return (f"{new} has {which}: which document this file was is not sure, so no "
                    f"codings were moved to {new}. {keep}: 'qualcode remove {new}', then give "
                    f"this file the id {old!r} ('id: {old}' in its front matter, or its old "
                    "name) and run 'qualcode add'; qualcode has no command that moves codings "
                    "from one document to another.")
        if self.similar_text:
            olds = " or ".join(self.similar_text)
            gone = "whose file is gone" if len(self.similar_text) == 1 else \
                "whose files are gone"
            return (f"{new} resembles {olds}, {gone}: if it is that document renamed and "
                    "edited, its codings were not moved (they follow a renamed file only when "
                    f"the text is unchanged). To move them: 'qualcode remove {new}', give the "
                    "file back its old name (or its old 'id:') and run 'qualcode add' (the "
                    "codings are placed on the edited text), then rename it again and run "
                    "'qualcode add'.")
        return ""

    @property
    def shift_note(self) -> str:
        """A warning when this document's new text is another stored document's old text
        (``""`` when not)."""
        if not self.text_of:
            return ""
        olds = ", ".join(self.text_of)
        return (f"{self.document} now has the text {olds} had in {self.path}: the table's rows "
                "seem to have moved (ids from row numbers shift when a row is deleted or "
                f"inserted), so any codings of {self.document} were placed on what is likely "
                "another respondent's answer, or orphaned. Put the table back as it was and "
                "run 'qualcode add' (or restore a backup), then set id_column in qualcode.yaml "
                "to a column of ids before changing its rows.")


@dataclass(frozen=True, slots=True)
class AddReport:
    """The outcome of :func:`add_documents`.

    Attributes:
        changes: One entry per document read, then per stored document segmented again.
        warnings: Reading warnings.
        missing: Stored documents whose files were not among the sources read (kept).
        dropped: Stored documents whose file was read but no longer yields them (a response
            table's rows, or its ``id_column``, ``text_column`` or ``sheet``, changed, or a
            transcript's ``id:``), and that no document read took over (kept).
    """

    changes: tuple[DocumentChange, ...]
    warnings: tuple[Issue, ...] = ()
    missing: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    def count(self, action: str) -> int:
        """How many documents had ``action`` (``added``, ``updated``, ``unchanged``,
        ``renamed``)."""
        return sum(1 for c in self.changes if c.action == action)

    @property
    def orphaned(self) -> tuple[Orphan, ...]:
        """Every coding that could not be placed."""
        return tuple(o for c in self.changes for o in c.orphaned)


def add_documents(project: Project,
                  paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = ()
                  ) -> AddReport:
    """Read files into the project; re-anchor the codings of documents whose text changed.

    Inline ``{code}...{/code}`` markup (when the project reads it) is removed from the text and
    stored as manual codings by the project's user. A document read under an id the project
    does not hold takes over the one stored document that has its text, was not read this time
    and whose file is gone (a renamed file) or no longer yields it (an answer of a response
    table read under another ``id_column``): its segments, codings and memos move to the new
    id. Everything is written in one transaction. Response tables (CSV/XLSX) are read with the
    project's ``text_column``, ``id_column``, ``case_column`` and ``sheet`` settings.

    Args:
        project: The open project.
        paths: A file or folder, or a list of them; none means the project's configured
            ``sources``.

    Returns:
        What happened to each document.

    Raises:
        InputError: If a file cannot be read or its markup has problems (all listed).
        ProjectError: If no paths are given and none are configured.
    """
    from qualcode.io.loader import load_documents
    from qualcode.segment import InterviewerMatcher, segment_document

    project = require_project(project, "add_documents")
    config = project.config
    loaded = load_documents(sources_of(config, as_paths(paths, "paths", ProjectError)),
                            options=config.read_options())
    if config.markup:
        marked = read_markup_all(loaded.documents, known_codes=project.known_codes())
    else:
        marked = [MarkedDocument(d, (), ()) for d in loaded.documents]
    for doc in loaded.documents:
        _check_same_file(project, doc)
    matcher = InterviewerMatcher.from_labels(config.interviewer_labels)
    changes = []
    read = {item.document.id for item in marked}

    def rows_of(doc: Document) -> list[SegmentRow]:
        segments = segment_document(doc, config.unit, language=config.language,
                                    is_interviewer=matcher)
        return [SegmentRow(s.document, s.index, s.start, s.end, s.speaker, s.interviewer,
                           s.unit, dict(s.attributes)) for s in segments]

    with project.store.transaction():
        renames = match_renames(project, [item.document for item in marked])
        for item in marked:
            doc = item.document
            old_id = renames.renamed.get(doc.id)
            moved = 0
            if old_id is not None:
                moved = project.store.rename_document(old_id, doc.id)["codings"]
            change = _store_document(project, doc, rows_of(doc), item.spans)
            if old_id is not None:
                change = replace(change, action="renamed", renamed_from=old_id, kept=moved)
            same = renames.same_text.get(doc.id, ())
            similar = renames.similar_text.get(doc.id, ())
            unyielded = tuple(i for i in (*same, *similar) if i in renames.dropped)
            changes.append(replace(change, same_text=same, similar_text=similar,
                                   unyielded=unyielded,
                                   text_of=renames.text_of.get(doc.id, ())))
        # documents not read this time keep their text, but follow the project's unit
        stale = {s.document for s in project.store.segments() if s.unit != config.unit}
        others = [d for d in project.stored_documents() if d.id not in read]
        for doc in others:
            if doc.id in stale:
                project.store.replace_segments(doc.id, rows_of(doc))
                changes.append(DocumentChange(doc.id, "unchanged", doc.source,
                                              resegmented=True))
    missing = tuple(d.id for d in others if d.id not in renames.dropped) if not paths else ()
    return AddReport(tuple(changes), loaded.warnings, missing, renames.dropped)


def _check_same_file(project: Project, doc: Document) -> None:
    """Refuse a file whose document id the project holds from another file that still exists
    (adding it would replace that document and orphan its codings); a file moved to a new
    place, whose old path is gone, is the same document.

    Raises:
        ProjectError: Naming both files.
    """
    old = project.store.document(doc.id)
    if old is None or not old.path or not doc.source:
        return
    if project.config.relative(doc.source) == old.path:
        return
    previous = project.config.resolve(old.path)
    try:
        same = os.path.samefile(previous, doc.source)
    except OSError:
        return  # the old file is gone: the document moved
    if not same:
        raise ProjectError(
            f"two files have the document id {doc.id!r}: {doc.source} and {previous}, which "
            "the project already holds", path=Path(doc.source),
            hint="give one of them another id ('id:' in its front matter, or rename the file); "
            f"if the new file replaces the old one, remove the document first ('qualcode "
            f"remove {doc.id}') or move the old file away")


def _store_document(project: Project, doc: Document, segments: list[SegmentRow],
                    spans: Sequence[MarkupSpan]) -> DocumentChange:
    store = project.store
    path = project.config.relative(doc.source) if doc.source else ""
    digest = text_hash(doc.text)
    old = store.document(doc.id)
    attributes = dict(doc.attributes)
    turns = None if doc.turns is None else tuple((t.start, t.end, t.speaker) for t in doc.turns)
    change = DocumentChange(doc.id, "added", path)
    stored = None if old is None else (old.text_hash, old.path, dict(old.attributes), old.turns)
    if stored != (digest, path, attributes, turns):
        store.put_document(doc_id=doc.id, path=path, fmt=doc.format, text=doc.text,
                           text_hash=digest, attributes=attributes, turns=turns,
                           body_offset=doc.offset)
    if old is not None:
        change = replace(change, action="unchanged" if old.text_hash == digest else "updated")
    if store.segments(doc.id) != segments:
        store.replace_segments(doc.id, segments)
        change = replace(change, resegmented=old is not None)
    if old is not None and old.text_hash != digest:
        change = _reanchor_all(project, old, doc.text, change)
    return _sync_markup(project, doc, spans, change)


def _reanchor_all(project: Project, old: DocumentRow, new_text: str,
                  change: DocumentChange) -> DocumentChange:
    offsets = OffsetMap(old.text, new_text)
    counts = {"exact": 0, "moved": 0, "tolerant": 0, "edited": 0}
    orphans: list[Orphan] = []
    updates: list[tuple[str, dict[str, object]]] = []
    placed: set[tuple[int, int, str, str]] = set()
    # Placed codings first, so an old orphan never takes the place of a coding that fits.
    for row in sorted(project.store.codings(document=old.id), key=lambda r: r.orphaned):
        found = reanchor(new_text, offsets, row.start, row.quote, row.end)
        natural = None if found is None else (found.start, found.end, row.code, row.coder)
        if found is None or natural in placed:
            reason = "quote no longer in the text" if found is None else \
                "the same coding already sits on this passage"
            orphans.append(Orphan(row.key, row.document, row.code, row.coder, row.quote, reason))
            start = min(offsets(row.start), max(len(new_text) - 1, 0))
            end = max(min(offsets(row.end), len(new_text)), start + 1)
            updates.append((row.key, {"start": start, "end": end, "orphaned": True}))
            continue
        placed.add(natural)
        quote = new_text[found.start:found.end]
        moved = found.how == "exact" and (found.start, found.end) != (row.start, row.end)
        counts["moved" if moved else found.how] += 1
        updates.append((row.key, {"start": found.start, "end": found.end, "quote": quote,
                                  "quote_hash": text_hash(quote), "orphaned": False}))
    project.store.place_codings(updates)
    return replace(change, kept=counts["exact"], moved=counts["moved"],
                   tolerant=counts["tolerant"], edited=counts["edited"], orphaned=tuple(orphans))


def _sync_markup(project: Project, doc: Document, spans: Sequence[MarkupSpan],
                 change: DocumentChange) -> DocumentChange:
    store = project.store
    existing = store.codings(document=doc.id, orphaned=False)
    marked = {(r.start, r.end, r.code) for r in existing if r.rule == MARKUP_RULE}
    taken = {(r.start, r.end, r.code, r.coder) for r in existing}
    wanted = {(s.start, s.end, s.code) for s in spans}
    # earlier markup codings whose tags moved: the new tag of the same code over the same
    # passage takes their place (key, memos and history kept) instead of coding it twice
    untagged = [r for r in existing if r.rule == MARKUP_RULE
                and (r.start, r.end, r.code) not in wanted]
    moved: list[tuple[str, dict[str, object]]] = []
    new_rows: list[CodingRow] = []
    for span in spans:
        if (span.start, span.end, span.code) in marked or \
                (span.start, span.end, span.code, project.user) in taken:
            continue
        marked.add((span.start, span.end, span.code))
        old = next((r for r in untagged if r.code == span.code and r.start < span.end
                    and span.start < r.end), None)
        if old is not None:
            untagged.remove(old)
            quote = doc.text[span.start:span.end]
            moved.append((old.key, {"start": span.start, "end": span.end, "quote": quote,
                                    "quote_hash": text_hash(quote), "orphaned": False}))
            continue
        new_rows.append(new_coding_row(
            project, document=doc.id, text=doc.text, start=span.start, end=span.end,
            code=span.code, coder=project.user, source="manual", status="accepted",
            rule=MARKUP_RULE))
    store.place_codings(moved)
    store.insert_codings(new_rows, action="coding.markup")
    missing = tuple(r.key for r in untagged)
    return replace(change, markup_added=len(new_rows), markup_missing=missing,
                   markup_moved=len(moved))
