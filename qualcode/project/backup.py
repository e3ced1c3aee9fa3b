"""Backing up the project database while it is in use (SQLite's online backup API)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qualcode.errors import ProjectError
from qualcode.project.core import Project
from qualcode.project.store import check_database_file

__all__ = ["backup_project"]


def backup_project(project: Project, output: str | Path | None = None) -> Path:
    """Copy the project database to ``output`` (default: a dated file in ``.qualcode/backups``).

    The copy is a consistent snapshot even while other processes write, is written to a
    temporary file first, and is checked before it replaces ``output``.

    Args:
        project: The open project.
        output: The backup file.

    Returns:
        The backup's path.

    Raises:
        ProjectError: If the copy fails its integrity check.
        OutputError: If the file cannot be written.
    """
    from qualcode.report.files import atomic_path

    if output is None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        output = project.config.database_path.parent / "backups" / f"project-{stamp}.db"
    output = Path(output)
    with atomic_path(output) as tmp:
        project.store.backup_to(tmp)
        problems = check_database_file(tmp)
        if problems:
            raise ProjectError("the backup copy failed its integrity check", path=output,
                               issues=(), hint="; ".join(problems[:3]))
    project.store.log("project.backup", str(output), {})
    return output
