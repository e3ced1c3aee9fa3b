"""Memos: dated, signed notes on codes, documents and codings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.errors import ProjectError
from qualcode.io.codebook_checks import did_you_mean
from qualcode.project.core import Project, require_project
from qualcode.project.rows import MemoRow

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MEMO_COLUMNS", "MEMO_KINDS", "add_memo", "list_memos", "memos_table"]

MEMO_KINDS = ("code", "document", "coding")
MEMO_COLUMNS = ("kind", "target", "text", "author", "created_at")


def _did_you_mean(value: str, choices: list[str]) -> str:
    guess = did_you_mean(value, choices)
    return f"did you mean {guess!r}?" if guess else ""


def add_memo(
    project: Project,
    text: str,
    *,
    code: str | None = None,
    document: str | None = None,
    coding: str | None = None,
) -> MemoRow:
    """Attach a memo to exactly one code, document or coding (by its key).

    Args:
        project: The open project.
        text: The memo.
        code: A code id of the project's codebook.
        document: A document id of the project.
        coding: A coding key (the ``key`` column of a review sheet).

    Returns:
        The stored memo.

    Raises:
        ProjectError: If not exactly one target is given, the target does not exist, or the
            text is empty.
    """
    project = require_project(project, "add_memo")
    targets = [(k, v) for k, v in (("code", code), ("document", document), ("coding", coding))
               if v is not None]
    if len(targets) != 1:
        raise ProjectError("a memo needs exactly one of a code, a document or a coding",
                           hint="pass one of --code ID, --document ID, --coding KEY")
    if not text.strip():
        raise ProjectError("the memo is empty", hint="give the memo's text")
    kind, target = targets[0]
    if kind == "code":
        known = project.known_codes()
        if known is not None and target not in known:
            raise ProjectError(f"unknown code {target!r}",
                               hint=_did_you_mean(target, sorted(known)) or
                               f"known codes: {', '.join(sorted(known))}")
    elif kind == "document":
        ids = [d.id for d in project.store.documents()]
        if target not in ids:
            raise ProjectError(f"unknown document {target!r}",
                               hint=_did_you_mean(target, ids) or "add it with 'qualcode add'")
    elif project.store.coding(target) is None:
        raise ProjectError(f"no coding has the key {target!r}",
                           hint="keys are in the review sheet and in the audit log")
    return project.store.add_memo(kind, target, text.strip())


def list_memos(project: Project, kind: str | None = None) -> list[MemoRow]:
    """The project's memos, oldest first (only those on ``kind`` targets when given).

    Raises:
        ProjectError: If ``kind`` is not ``code``, ``document`` or ``coding``.
    """
    project = require_project(project, "list_memos")
    if kind is not None and kind not in MEMO_KINDS:
        raise ProjectError(f"unknown memo kind {kind!r}", hint=f"use {', '.join(MEMO_KINDS)}")
    return project.store.memos(kind)


def memos_table(project: Project, kind: str | None = None) -> pd.DataFrame:
    """The memos as a table with columns :data:`MEMO_COLUMNS`."""
    import pandas as pd

    project = require_project(project, "memos_table")
    rows = [{"kind": m.kind, "target": m.target, "text": m.text, "author": m.author,
             "created_at": m.created_at} for m in list_memos(project, kind)]
    return pd.DataFrame(rows, columns=list(MEMO_COLUMNS))
