"""A project's own files, which no output may replace: its database, settings, codebook,
cases table and the documents it holds.

Any command that writes a file checks its output against the project it works on and the
project around the output's folder (``codings -o .qualcode/project.db`` or a backup written
over another project's database would lose that project).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from qualcode.errors import OutputError, QualcodeError
from qualcode.project.config import CONFIG_NAME, DATABASE_PATH, read_config

__all__ = ["check_not_project_file", "project_file_role", "project_root_around"]

# SQLite's companions of a database file: replacing one damages the database too
_JOURNALS = ("-wal", "-shm", "-journal")


def project_root_around(path: str | Path) -> Path | None:
    """The nearest folder at or above ``path``'s folder that holds a project (``qualcode.yaml``
    beside ``.qualcode/project.db``), or ``None``."""
    folder = Path(path).absolute().parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file() and (candidate / DATABASE_PATH).is_file():
            return candidate
    return None


def _same(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _documents(root: Path) -> Iterator[tuple[str, Path]]:
    """(id, file) of the documents the project's database holds (read-only; nothing when the
    database cannot be read)."""
    database = root / DATABASE_PATH
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        rows = conn.execute("SELECT id, path FROM documents").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        conn.close()
    for doc_id, stored in rows:
        path = Path(stored)
        yield str(doc_id), path if path.is_absolute() else root / path


def _roles(root: Path, *, force: bool) -> Iterator[tuple[str, Path]]:
    """(what it is, file) of each of the project's own files; with ``force`` only those no
    command may replace (the database and the settings)."""
    database = root / DATABASE_PATH
    yield "the database", database
    for suffix in _JOURNALS:
        yield "the database's journal", database.with_name(database.name + suffix)
    yield "the settings", root / CONFIG_NAME
    if force:
        return
    try:
        config = read_config(root)
    except QualcodeError:
        config = None
    if config is not None:
        if config.codebook:
            yield "the codebook", config.resolve(config.codebook)
        if config.cases:
            yield "the cases table", config.resolve(config.cases)
    for doc_id, path in _documents(root):
        yield f"the source of the document {doc_id!r}", path


def project_file_role(path: str | Path, roots: Iterable[Path | None] = (), *,
                      force: bool = False) -> str | None:
    """What an existing file ``path`` is to a project, if it is one of a project's own files.

    Args:
        path: A file about to be written.
        roots: Project folders to check besides the one around ``path`` (the project a
            command works on).
        force: The user asked to replace an existing file (``--force``): only the database
            and the settings are refused (a codebook may be replaced by an imported one).

    Returns:
        ``"the codebook of the project /study"`` and the like, or ``None`` (also when ``path``
        does not exist: writing it replaces nothing).
    """
    path = Path(path)
    if not path.is_file():
        return None
    seen: set[Path] = set()
    for root in (project_root_around(path), *roots):
        if root is None or root.absolute() in seen:
            continue
        seen.add(root.absolute())
        for role, own in _roles(root, force=force):
            if _same(path, own):
                return f"{role} of the project {root}"
    return None


def check_not_project_file(path: str | Path, roots: Iterable[Path | None] = (), *,
                           force: bool = False, what: str = "output") -> None:
    """Refuse to write ``path`` when it is one of a project's own files
    (:func:`project_file_role`).

    Args:
        path: The file to be written.
        roots: See :func:`project_file_role`.
        force: See :func:`project_file_role`.
        what: What ``path`` is, for the message (``output``, ``--disagreements output``,
            ``backup file``).

    Raises:
        OutputError: Naming what the file is.
    """
    role = project_file_role(path, roots, force=force)
    if role is not None:
        raise OutputError(f"the {what} is {role}; it was left as it is", path=Path(path),
                          hint=f"choose another {what}")
