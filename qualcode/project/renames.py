"""Recognising a renamed document: a document read under an id the project does not hold,
whose text a stored document has that was not read this time.

A stored document is a candidate when its file is gone (the file was renamed), or when its file
was read but no longer yields it (a response table read with another ``id_column``,
``text_column`` or ``sheet``, rows deleted, or a transcript's ``id:`` changed). Only a pairing
that cannot be wrong is taken as a rename: one new document and one candidate with the same
text (a candidate still in its file pairs only with documents of that file). Everything else
(the text edited as well, several documents with that text on either side) is only pointed out,
so that nobody's codings end up on the wrong transcript or the wrong respondent's answer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.model import Document
from qualcode.project.core import Project, text_hash
from qualcode.project.rows import DocumentRow

__all__ = ["SIMILAR_TEXT", "RenameMatch", "match_renames", "similarity"]

SIMILAR_TEXT = 0.5
"""How alike (see :func:`similarity`) an edited text must be to a gone document's to be
pointed out as possibly that document renamed."""

_PIECE = re.compile(r"[\n.!?]+")


@dataclass(frozen=True, slots=True)
class RenameMatch:
    """What :func:`match_renames` found, by the id of the document read.

    Attributes:
        renamed: New id -> the stored id it takes over (the one sure pairing).
        same_text: New id -> candidates with its text, when the pairing is not sure (several
            candidates, or several new documents with that text).
        similar_text: New id -> candidates whose text resembles its text (the file may have
            been renamed and edited).
        dropped: Stored documents whose file was read but no longer yields them, and that
            no new document takes over (kept as they are).
        text_of: Id of a document read whose text changed -> the other stored documents of
            the same file that had exactly its new text (rows of a table that moved up or
            down, their ids taken from row numbers).
    """

    renamed: dict[str, str] = field(default_factory=dict)
    same_text: dict[str, tuple[str, ...]] = field(default_factory=dict)
    similar_text: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()
    text_of: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _pieces(text: str) -> Counter[str]:
    return Counter(p for p in (s.strip() for s in _PIECE.split(text)) if p)


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def similarity(old: str, new: str) -> float:
    """How many of two texts' lines and sentences they share (0 to 1; the Dice coefficient of
    the two bags of stripped pieces split at newlines and at ``.``, ``!``, ``?``).

    Linear in the texts' length, unlike a diff, so a folder of transcripts is compared fast.
    """
    return _dice(_pieces(old), _pieces(new))


def match_renames(project: Project, documents: Sequence[Document]) -> RenameMatch:
    """Pair the documents about to be added under new ids with stored documents that were
    renamed, and name the stored documents that a file read no longer yields.

    A stored document is a candidate when it is not among ``documents`` and either its stored
    path (resolved by the project's settings) no longer exists, or that path is the file of a
    document read (then it pairs only with documents of that file).

    Args:
        project: The open project.
        documents: Every document read this time (markup removed from the text).

    Returns:
        The renames to make, the pairings that are only pointed out, and the rest.
    """
    config = project.config
    stored = {row.id: row for row in project.store.documents()}
    read = {d.id for d in documents}
    path_of = {d.id: config.relative(d.source) if d.source else "" for d in documents}
    hashes = {d.id: text_hash(d.text) for d in documents}
    read_paths = {p for p in path_of.values() if p}
    left = [row for row in stored.values() if row.id not in read and row.path in read_paths]
    text_of = _text_of(documents, stored, path_of, hashes)
    new = [d for d in documents if d.id not in stored]
    gone = [row for row in stored.values() if row.id not in read and row.path
            and row.path not in read_paths and not config.resolve(row.path).exists()]
    if not new or not (gone or left):
        return RenameMatch(dropped=tuple(r.id for r in left), text_of=text_of)
    by_hash: dict[str, list[DocumentRow]] = defaultdict(list)
    for row in (*gone, *left):
        by_hash[row.text_hash].append(row)

    def fits(row: DocumentRow, doc: Document) -> bool:
        # a row still in a file read is that file's, never another file's document
        return row.path not in read_paths or row.path == path_of[doc.id]

    twins = {d.id: [r for r in by_hash.get(hashes[d.id], []) if fits(r, d)] for d in new}
    takers = Counter(r.id for rows in twins.values() for r in rows)
    renamed: dict[str, str] = {}
    same_text: dict[str, tuple[str, ...]] = {}
    for doc in new:
        rows = twins[doc.id]
        if len(rows) == 1 and takers[rows[0].id] == 1:
            renamed[doc.id] = rows[0].id
        elif rows:
            same_text[doc.id] = tuple(r.id for r in rows)
    # a candidate whose very text was read under another id is that one's, not this one's
    new_hashes = {hashes[d.id] for d in new}
    alike_rows = [r for r in (*gone, *left) if r.text_hash not in new_hashes]
    bags = {r.id: _pieces(r.text) for r in alike_rows}
    similar_text: dict[str, tuple[str, ...]] = {}
    for doc in new:
        if doc.id in renamed or doc.id in same_text or not alike_rows:
            continue
        bag = _pieces(doc.text)
        alike = tuple(r.id for r in alike_rows
                      if fits(r, doc) and _dice(bags[r.id], bag) >= SIMILAR_TEXT)
        if alike:
            similar_text[doc.id] = alike
    taken = set(renamed.values())
    dropped = tuple(r.id for r in left if r.id not in taken)
    return RenameMatch(renamed, same_text, similar_text, dropped, text_of)


def _text_of(documents: Sequence[Document], stored: dict[str, DocumentRow],
             path_of: dict[str, str], hashes: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Documents read whose text changed to the stored text of another document of the same
    file: what a table whose ids are row numbers does when a row is deleted or inserted."""
    by_place: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in stored.values():
        if row.path:
            by_place[row.path, row.text_hash].append(row.id)
    found: dict[str, tuple[str, ...]] = {}
    for doc in documents:
        old = stored.get(doc.id)
        if old is None or old.text_hash == hashes[doc.id] or not path_of[doc.id]:
            continue
        others = tuple(i for i in by_place.get((path_of[doc.id], hashes[doc.id]), ())
                       if i != doc.id)
        if others:
            found[doc.id] = others
    return found
