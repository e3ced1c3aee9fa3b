"""What a REFI-QDA project holds once read: plain qualcode data plus users, notes and warnings."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.errors import Issue
from qualcode.model import Case, Codebook, Coding, Document

__all__ = ["Note", "QdpxProject", "User"]


@dataclass(frozen=True, slots=True)
class User:
    """A person (or program) named in the project.

    Attributes:
        guid: Normalised GUID.
        name: Display name; qualcode uses it as the coder of that user's codings.
        initials: The ``id`` attribute, if any.
    """

    guid: str
    name: str
    initials: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """A memo (``Note``) of the project.

    Attributes:
        guid: Normalised GUID.
        name: Its title.
        text: Its plain text (normalised).
        targets: What it is attached to, as ``kind:id`` (``project``, ``code:<id>``,
            ``document:<id>``, ``coding:<document>:<start>:<end>:<code>``).
        author: Name of the user who wrote it, if known.
    """

    guid: str
    name: str
    text: str
    targets: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True, slots=True, repr=False)
class QdpxProject:
    """A REFI-QDA project converted to qualcode's model.

    Attributes:
        name: The project's name.
        origin: The program that wrote it (``origin`` attribute).
        documents: Text sources with normalised text; attributes hold ``case`` and the source's
            variables.
        codebook: Codes (manual-only) and dimensions (from code sets).
        codings: One per (selection, code, coder), ``source="imported"``, code-point offsets
            into the documents' normalised text, sorted by document, start, end, code.
        cases: Cases with their variables as attributes.
        users: Users of the project.
        notes: Memos (project, code, document and coding notes).
        warnings: Everything repaired, guessed or not carried over.
        description: The project's own description text (minus codebook metadata).
    """

    name: str
    origin: str
    documents: tuple[Document, ...]
    codebook: Codebook
    codings: tuple[Coding, ...]
    cases: tuple[Case, ...]
    users: tuple[User, ...]
    notes: tuple[Note, ...]
    warnings: tuple[Issue, ...]
    description: str = ""

    def __repr__(self) -> str:
        # counts, not contents: the documents' texts alone can run to megabytes
        counts = [(len(self.documents), "document"), (len(self.codebook.codes), "code"),
                  (len(self.codings), "coding"), (len(self.cases), "case"),
                  (len(self.users), "user"), (len(self.notes), "note"),
                  (len(self.warnings), "warning")]
        shown = ", ".join(f"{n:,} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
        return f"QdpxProject(name={self.name!r}, origin={self.origin!r}, {shown})"
