"""An SQLite project database as a file: what its errors mean for the user, its schema version
and its integrity, read without opening it as a project."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qualcode.errors import ProjectError

__all__ = ["RESTORE_HINT", "check_database_file", "database_error", "database_version"]

RESTORE_HINT = ("restore a backup with 'qualcode project restore FILE' (backups are in "
                ".qualcode/backups; the damaged file is kept)")


# SQLite's error names (and, for older builds, words of its messages) by what they mean
_KINDS = (
    ("busy", ("SQLITE_BUSY", "SQLITE_LOCKED"), ("locked", "busy")),
    ("read-only", ("SQLITE_READONLY", "SQLITE_PERM"), ("readonly", "read-only",
                                                       "access permission")),
    ("full", ("SQLITE_FULL",), ("disk is full",)),
    ("unopenable", ("SQLITE_CANTOPEN",), ("unable to open",)),
    ("disk", ("SQLITE_IOERR",), ("disk i/o error",)),
)
_JOURNAL_NOTE = "qualcode writes SQLite's journal beside the database even to read a project"


def _kind(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the user: one of the kinds of ``_KINDS``, else
    ``damaged``."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    message = str(exc).lower()
    for kind, names, words in _KINDS:
        if name.startswith(names) or any(w in message for w in words):
            return kind
    return "damaged"


def database_error(exc: sqlite3.Error, path: Path, *, damaged: str = "is damaged"
                   ) -> ProjectError:
    """The :class:`ProjectError` to raise for an SQLite error met while using a project: a busy
    database, a read-only one, a full disk, a file that cannot be opened and a failing disk
    each get their own message and advice; only a damaged database is sent to the backups.

    Args:
        exc: The error.
        path: The database file.
        damaged: How the message says the database is damaged.
    """
    message = str(exc)
    kind = _kind(exc)
    if kind == "busy":
        return ProjectError(f"the project database is busy ({message})", path=path,
                            hint="another qualcode command is writing to this project; try "
                            "again")
    if kind == "read-only":
        return ProjectError(f"the project database cannot be written: it or its folder is "
                            f"read-only ({message})", path=path,
                            hint=f"allow writing to the project's .qualcode folder and its "
                            f"files ({_JOURNAL_NOTE}); nothing was changed")
    if kind == "full":
        return ProjectError(f"the disk is full: the project database could not be written "
                            f"({message})", path=path,
                            hint="free some space and run the command again; SQLite undid "
                            "the unfinished change, so the database is as it was")
    if kind == "unopenable":
        return ProjectError(f"the project database cannot be opened ({message})", path=path,
                            hint="check that the .qualcode folder and the database exist and "
                            f"that you may read and write them ({_JOURNAL_NOTE})")
    if kind == "disk":
        return ProjectError(f"the disk failed while the project database was used "
                            f"({message})", path=path,
                            hint="check the disk (or network drive) and run the command "
                            "again; 'qualcode project check' then tells whether the "
                            "database is sound")
    return ProjectError(f"the project database {damaged} ({message})", path=path,
                        hint=RESTORE_HINT)


def database_version(path: str | Path) -> tuple[int, frozenset[str]]:
    """The schema version and table names of a database file opened read-only.

    Raises:
        sqlite3.DatabaseError: If the file is not an SQLite database.
    """
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = frozenset(str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
    finally:
        conn.close()
    return version, tables


def check_database_file(path: str | Path) -> list[str]:
    """Run SQLite's integrity check on a database file opened read-only."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if found == ["ok"] else found
