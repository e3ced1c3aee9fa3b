"""Removing documents from a project without losing anyone's work by accident.

A document's pending rule suggestions can be made again by ``qualcode autocode``; what people
made cannot: manual and imported codings, review decisions (accepted or rejected suggestions)
and memos. Removing a document that carries such work needs ``force``, and then the database
is backed up first. Everything removed goes into the audit log with its last state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qualcode.arguments import as_names
from qualcode.errors import ProjectError
from qualcode.io.codebook_checks import did_you_mean
from qualcode.project.core import Project, require_project
from qualcode.project.rows import CodingRow

__all__ = ["Removal", "RemoveReport", "plan_removal", "remove_documents"]


def _human(row: CodingRow) -> bool:
    """Whether a coding is someone's work: made by hand, imported, or decided in review."""
    return row.source != "auto" or row.status != "suggested"


@dataclass(frozen=True, slots=True)
class Removal:
    """What removing one document takes with it.

    Attributes:
        document: Document id.
        path: Its file, as stored (relative to the project when inside it).
        suggestions: Pending rule suggestions (``autocode`` makes them again).
        human: Manual, imported and reviewed codings.
        memos: Memos on the document and on its codings.
        in_sources: Whether its file is still under the project's ``sources``, so that
            ``qualcode add`` without paths would add it again.
    """

    document: str
    path: str
    suggestions: int
    human: int
    memos: int
    in_sources: bool

    @property
    def has_work(self) -> bool:
        """Whether removing it deletes work people did (codings or memos)."""
        return bool(self.human or self.memos)


@dataclass(frozen=True, slots=True)
class RemoveReport:
    """The outcome of :func:`remove_documents`.

    Attributes:
        removed: One entry per document, in the order asked.
        backup: The backup taken before work was deleted, if any.
        dry_run: Nothing was changed.
    """

    removed: tuple[Removal, ...]
    backup: Path | None = None
    dry_run: bool = False


def _under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def plan_removal(project: Project, documents: str | Iterable[str]) -> tuple[Removal, ...]:
    """What removing ``documents`` (one id or a list) would delete (nothing is changed).

    Raises:
        ProjectError: If no document is named, or one is not in the project (all listed).
    """
    project = require_project(project, "plan_removal")
    names = as_names(documents, "documents", ProjectError)
    if not names:
        raise ProjectError("no documents named", hint="give the ids of the documents to remove")
    store = project.store
    known = [d.id for d in store.documents()]
    unknown = [d for d in dict.fromkeys(names) if d not in known]
    if unknown:
        guesses = [g for g in (did_you_mean(u, known) for u in unknown) if g]
        hint = (f"did you mean {', '.join(repr(g) for g in guesses)}?" if guesses else
                f"the project has {len(known)} document(s)"
                + (f": {', '.join(known[:10])}{' ...' if len(known) > 10 else ''}"
                   if known else ""))
        raise ProjectError(f"not in the project: {', '.join(repr(u) for u in unknown)}",
                           path=project.config.config_path, hint=hint)
    config = project.config
    sources = [config.resolve(s) for s in config.sources]
    memo_counts = Counter(m.target for m in store.memos("document"))
    coding_memos = Counter(m.target for m in store.memos("coding"))
    plan = []
    for doc_id in dict.fromkeys(names):
        row = store.document(doc_id)
        assert row is not None
        codings = store.codings(document=doc_id)
        human = sum(1 for c in codings if _human(c))
        memos = memo_counts[doc_id] + sum(coding_memos[c.key] for c in codings)
        file = config.resolve(row.path) if row.path else None
        in_sources = file is not None and file.exists() and any(
            _under(file, s) for s in sources)
        plan.append(Removal(doc_id, row.path, len(codings) - human, human, memos, in_sources))
    return tuple(plan)


def remove_documents(project: Project, documents: str | Iterable[str], *, force: bool = False,
                     dry_run: bool = False) -> RemoveReport:
    """Remove documents with their segments, codings and memos, in one transaction.

    Args:
        project: The open project.
        documents: A document id, or a list of them.
        force: Also remove documents that carry people's work (manual, imported or reviewed
            codings, memos); the database is backed up first.
        dry_run: Only say what would be removed.

    Returns:
        What was (or would be) removed, and the backup's path.

    Raises:
        ProjectError: If a document is not in the project, or carries people's work and
            ``force`` is not set (nothing is removed then).
    """
    project = require_project(project, "remove_documents")
    plan = plan_removal(project, documents)
    if dry_run:
        return RemoveReport(plan, dry_run=True)
    with_work = [r for r in plan if r.has_work]
    if with_work and not force:
        listed = "; ".join(f"{r.document}: {r.human} coding(s) made or reviewed by people, "
                           f"{r.memos} memo(s)" for r in with_work)
        raise ProjectError(f"removing would delete people's work ({listed})",
                           path=project.config.database_path,
                           hint="nothing was removed; pass --force to remove it anyway (the "
                           "database is backed up first), or export the codings and memos first")
    backup = None
    if with_work:
        from qualcode.project.backup import backup_project

        backup = backup_project(project)
    store = project.store
    with store.transaction():
        coding_memos = store.memos("coding")
        for removal in plan:
            codings = store.codings(document=removal.document)
            keys = {c.key for c in codings}
            memo_ids = [m.id for m in store.memos("document", removal.document)]
            memo_ids += [m.id for m in coding_memos if m.target in keys]
            store.delete_memos(memo_ids)
            store.delete_codings([c.key for c in codings], action="coding.remove")
            store.delete_document(removal.document)
    return RemoveReport(plan, backup)
