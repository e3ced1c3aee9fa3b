"""Recognising a renamed file: a document read under an id the project does not hold, whose
text a stored document has while that document's file is gone.

Only a pairing that cannot be wrong is taken as a rename: one new document and one stored
document with the same text, the stored one not read this time and its file no longer there.
Everything else (the text edited as well, several documents with that text on either side) is
only pointed out, so that nobody's codings end up on the wrong transcript.
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
        same_text: New id -> stored documents with its text whose files are gone, when the
            pairing is not sure (several stored ones, or several new documents with that text).
        similar_text: New id -> stored documents whose files are gone and whose text resembles
            its text (the file may have been renamed and edited).
    """

    renamed: dict[str, str] = field(default_factory=dict)
    same_text: dict[str, tuple[str, ...]] = field(default_factory=dict)
    similar_text: dict[str, tuple[str, ...]] = field(default_factory=dict)


def similarity(old: str, new: str) -> float:
    """How many of two texts' lines and sentences they share (0 to 1; the Dice coefficient of
    the two bags of stripped pieces split at newlines and at ``.``, ``!``, ``?``).

    Linear in the texts' length, unlike a diff, so a folder of transcripts is compared fast.
    """
    a = Counter(p for p in (s.strip() for s in _PIECE.split(old)) if p)
    b = Counter(p for p in (s.strip() for s in _PIECE.split(new)) if p)
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def match_renames(project: Project, documents: Sequence[Document]) -> RenameMatch:
    """Pair the documents about to be added under new ids with stored documents whose file
    was renamed.

    A stored document is a candidate when it is not among ``documents`` and its stored path
    (resolved by the project's settings) no longer exists.

    Args:
        project: The open project.
        documents: Every document read this time (markup removed from the text).

    Returns:
        The renames to make and the pairings that are only pointed out.
    """
    stored = {row.id: row for row in project.store.documents()}
    new = [d for d in documents if d.id not in stored]
    if not new:
        return RenameMatch()
    read = {d.id for d in documents}
    config = project.config
    gone = [row for row in stored.values()
            if row.id not in read and row.path and not config.resolve(row.path).exists()]
    if not gone:
        return RenameMatch()
    hashes = {d.id: text_hash(d.text) for d in new}
    new_by_hash = Counter(hashes.values())
    gone_by_hash: dict[str, list[DocumentRow]] = defaultdict(list)
    for row in gone:
        gone_by_hash[row.text_hash].append(row)
    renamed: dict[str, str] = {}
    same_text: dict[str, tuple[str, ...]] = {}
    for doc in new:
        twins = gone_by_hash.get(hashes[doc.id], [])
        if len(twins) == 1 and new_by_hash[hashes[doc.id]] == 1:
            renamed[doc.id] = twins[0].id
        elif twins:
            same_text[doc.id] = tuple(r.id for r in twins)
    similar_text: dict[str, tuple[str, ...]] = {}
    for doc in new:
        if doc.id in renamed or doc.id in same_text:
            continue
        # a gone document whose very text was read under another id is that one's, not this
        alike = tuple(r.id for r in gone if r.text_hash not in new_by_hash
                      and similarity(r.text, doc.text) >= SIMILAR_TEXT)
        if alike:
            similar_text[doc.id] = alike
    return RenameMatch(renamed, same_text, similar_text)
