"""Backing up the project database while it is in use, and restoring a backup (SQLite's
online backup API both ways)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import OutputError, ProjectError
from qualcode.project.core import Project, require_project
from qualcode.project.dbfile import check_database_file, database_version
from qualcode.project.schema import SCHEMA_VERSION
from qualcode.project.store import Store

__all__ = ["Restored", "backup_project", "restore_project"]

# the tables every qualcode project database has had since its first schema
_TABLES = frozenset({"documents", "segments", "codings", "memos", "audit", "meta"})


def _summary(problems: list[str]) -> str:
    """The first lines of SQLite's integrity report (it can run to thousands of lines)."""
    lines = [line.strip() for p in problems for line in p.splitlines() if line.strip()]
    more = f" ... ({len(lines) - 3} more)" if len(lines) > 3 else ""
    return "; ".join(lines[:3]) + more


def _fresh_name(folder: Path, stem: str) -> Path:
    """``folder/stem-DATE-TIME.db``, with a counter when that name is taken (two backups in
    one second must not overwrite each other, nor the backup being restored)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stem}-{stamp}.db"
    n = 1
    while path.exists() or path.with_name(path.name + "-wal").exists():
        n += 1
        path = folder / f"{stem}-{stamp}-{n}.db"
    return path


def backup_project(project: Project, output: str | Path | None = None, *,
                   force: bool = False) -> Path:
    """Copy the project database to ``output`` (default: a dated file in ``.qualcode/backups``).

    The copy is a consistent snapshot even while other processes write, is written to a
    temporary file first, and is checked before it replaces ``output``. An existing ``output``
    is replaced only when it is itself a qualcode project database (an earlier backup), or
    with ``force``; the project's own database is never replaced.

    Args:
        project: The open project.
        output: The backup file.
        force: Replace ``output`` even when it is some other file.

    Returns:
        The backup's path.

    Raises:
        ProjectError: If the copy fails its integrity check.
        OutputError: If ``output`` is the project database, exists and is not a qualcode
            project database (without ``force``), or cannot be written.
    """
    from qualcode.report.files import atomic_path

    project = require_project(project, "backup_project")
    if output is None:
        output = _fresh_name(project.config.database_path.parent / "backups", "project")
    else:
        output = Path(output)
        _check_output(project, output, force=force)
    with atomic_path(output) as tmp:
        project.store.backup_to(tmp)
        problems = check_database_file(tmp)
        if problems:
            raise ProjectError("the backup copy failed its integrity check: the project "
                               "database itself is probably damaged", path=output,
                               issues=(), hint=_summary(problems))
    project.store.log("project.backup", str(output), {})
    return output


def _is_project_database(path: Path) -> bool:
    """Whether ``path`` is a qualcode project database (a backup one may replace)."""
    try:
        version, tables = database_version(path)
    except sqlite3.DatabaseError:
        return False
    return version >= 1 and _TABLES.issubset(tables)


def _check_output(project: Project, output: Path, *, force: bool) -> None:
    """Refuse to write a backup over a project's own files (its live database above all, or
    another project's), or over a file that is not a backup."""
    from qualcode.project.own_files import check_not_project_file

    check_not_project_file(output, [project.root], force=force, what="backup file")
    if force or not output.is_file() or _is_project_database(output):
        return  # a missing file, a folder (refused when written), or an earlier backup
    raise OutputError("the file exists and is not a qualcode backup; it was left as it is",
                      path=output, hint="name a new file for the backup, or delete this one "
                      "first if it may go")


@dataclass(frozen=True, slots=True)
class Restored:
    """The outcome of :func:`restore_project`.

    Attributes:
        source: The backup restored.
        safety_copy: The database as it was before: a fresh backup of a sound one, or the
            damaged file moved aside; ``None`` when there was none.
        documents: Documents in the restored project.
        codings: Codings in the restored project.
        unrelated: The backup and the database it replaced shared no document (both had
            some): likely another project's backup.
    """

    source: Path
    safety_copy: Path | None
    documents: int
    codings: int
    unrelated: bool = False


def _check_backup(path: Path) -> None:
    """Refuse a file that is not a sound qualcode project database this version can read."""
    if not path.is_file():
        raise ProjectError("no backup file here" if not path.exists() else
                           "the backup is a folder, not a file", path=path,
                           hint="backups are in .qualcode/backups; name one of the .db files")
    try:
        version, tables = database_version(path)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"not a project database ({exc})", path=path,
                           hint="name a file made by 'qualcode project backup'") from exc
    missing = sorted(_TABLES - tables)
    if missing or version < 1:
        raise ProjectError("not a qualcode project database (no "
                           f"{', '.join(missing) or 'schema version'})", path=path,
                           hint="name a file made by 'qualcode project backup'")
    if version > SCHEMA_VERSION:
        raise ProjectError(f"the backup has schema version {version}, newer than this qualcode "
                           f"understands ({SCHEMA_VERSION})", path=path,
                           hint="upgrade qualcode (pip install -U qualcode)")
    problems = check_database_file(path)
    if problems:
        raise ProjectError("the backup fails its integrity check", path=path,
                           hint=_summary(problems))


def restore_project(project: str | Path | Project | None, backup: str | Path, *,
                    user: str | None = None) -> Restored:
    """Replace a project's database with a backup.

    The backup is checked first (a qualcode project database, a schema this version reads,
    SQLite's integrity check). A sound current database is itself backed up first and then
    overwritten under SQLite's locks (other readers see the change whole); a damaged one
    (it fails the integrity check or cannot be opened) is moved aside into
    ``.qualcode/backups`` and the backup copied in its place; a missing one is simply
    replaced. Either way the previous state is kept (``safety_copy``) and restoring it undoes
    the restore. A backup from an older qualcode is migrated, and the restored database's
    audit log records the restore.

    Args:
        project: The project folder (``None``: see :func:`~qualcode.project.core.open_project`),
            or an open project (its folder; unlike other project functions, this one works on
            a project whose database cannot be opened).
        backup: The backup file.
        user: Who restores, for the audit log.

    Returns:
        What was restored and where the previous state was saved.

    Raises:
        ProjectError: If the file is missing, not a project database, from a newer qualcode,
            damaged, or the project database itself; or the project is busy.
    """
    from qualcode.project.config import find_project_root, read_config
    from qualcode.project.core import resolve_user

    if isinstance(project, Project):
        project = project.root
    elif project is not None and not isinstance(project, str | os.PathLike):
        raise ProjectError(f"restore_project takes the project folder, not "
                           f"{type(project).__name__}",
                           hint="pass the folder: restore_project('study', backup)")
    config = read_config(find_project_root(project))
    source = Path(backup)
    live = config.database_path
    if live.exists() and source.exists() and (source.resolve() == live.resolve() or
                                              os.path.samefile(source, live)):
        raise ProjectError("this is the project database itself, not a backup", path=source,
                           hint="name a file made by 'qualcode project backup'")
    _check_backup(source)
    who = resolve_user(user)
    safety: Path | None = None
    if live.exists() and live.stat().st_size and not check_database_file(live):
        with Project(config, Store.open(live, user=who), who) as opened:
            store = opened.store
            before = {d.id for d in store.documents()}
            safety = backup_project(opened)
            store.restore_from(source)
            store.log("project.restore", str(source), {"safety_copy": str(safety)})
            after = {d.id for d in store.documents()}
            return Restored(source, safety, len(after), len(store.codings()),
                            unrelated=bool(before and after and not before & after))
    if live.exists():
        safety = _set_aside(live)
    _copy_in(source, live)
    with Store.open(live, user=who) as store:
        store.log("project.restore", str(source),
                  {"safety_copy": str(safety) if safety else None,
                   "previous": "damaged" if safety else "missing"})
        return Restored(source, safety, len(store.documents()), len(store.codings()))


def _set_aside(live: Path) -> Path:
    """Move a damaged database (and its ``-wal``/``-shm`` files) into the backups folder."""
    target = _fresh_name(live.parent / "backups", "project-damaged")
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm", ""):
        companion = live.with_name(live.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    return target


def _copy_in(source: Path, live: Path) -> None:
    """Copy a checked backup to ``live`` through a temporary file (never half a database)."""
    from qualcode.report.files import atomic_path

    live.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(live) as tmp:
        shutil.copyfile(source, tmp)
