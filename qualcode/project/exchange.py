"""A project as a REFI-QDA file: its texts, cases, codings, coders and memos."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import Issue
from qualcode.exchange.guids import guid_for
from qualcode.exchange.qdpx_model import Note
from qualcode.model import Codebook
from qualcode.project.core import Project, project_codings, require_project
from qualcode.project.rows import MemoRow

__all__ = ["export_project_qdpx", "project_notes"]


def project_notes(project: Project) -> list[Note]:
    """The project's memos on codes and documents, one note each, oldest first (memos on
    codings travel in their selection's description instead)."""
    project = require_project(project, "project_notes")
    return [_note(memo) for kind in ("code", "document") for memo in project.store.memos(kind)]


def _note(memo: MemoRow) -> Note:
    when = memo.created_at[:10]
    title = f"Memo on {memo.kind} {memo.target}" + (f" ({when})" if when else "")
    return Note(guid_for("memo", memo.kind, memo.target, str(memo.id)), title, memo.text,
                (f"{memo.kind}:{memo.target}",), memo.author)


def export_project_qdpx(
    project: Project,
    output: str | Path,
    *,
    codebook: str | Path | Codebook | None = None,
    suggested: bool = False,
    name: str | None = None,
    language: str | None = None,
    position_unit: str = "codepoint",
    crlf: bool = False,
    validate: bool = True,
) -> list[Issue]:
    """Write a project as a REFI-QDA project (``.qdpx``) for ATLAS.ti, MAXQDA, NVivo ...

    The documents are the project's stored texts (inline markup removed), with their cases
    and attributes; the codings are the accepted and manual ones with their memos (rejected
    codings stay out, and so do suggestions unless ``suggested``); memos on codes and
    documents become notes referenced from the code or source.

    Args:
        project: The open project.
        output: The ``.qdpx`` file to write (atomically).
        codebook: Another codebook than the project's (a path or a codebook).
        suggested: Export suggestions nobody reviewed yet, marked as such.
        name: The exported project's name (default: the project's).
        language: Name codes by their label in this language instead of their id.
        position_unit: ``codepoint`` (the standard) or ``utf16``.
        crlf: Write the texts with CRLF line ends.
        validate: Check ``project.qde`` against the bundled schema before writing.

    Returns:
        Warnings about what was left out or cannot be carried.

    Raises:
        ExchangeError: If the export breaks the schema.
        OutputError: If the file cannot be written, or is one of the project's own files.
    """
    from qualcode.exchange.qdpx_write import export_qdpx
    from qualcode.project.own_files import check_not_project_file

    project = require_project(project, "export_project_qdpx")
    check_not_project_file(output, [project.root])
    corpus = project.corpus()
    book = project.codebook(codebook)
    codings = project_codings(project, corpus=corpus)
    return export_qdpx(
        corpus, codings, book, output=output, name=name or project.config.name,
        language=language, position_unit=position_unit, crlf=crlf, validate=validate,
        suggested=suggested, markup=True, notes=project_notes(project))
