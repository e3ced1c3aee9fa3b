"""The project database: the only module that speaks SQL.

One :class:`Store` wraps one SQLite connection (WAL journal, foreign keys on, a busy timeout so
that concurrent writers wait for each other instead of failing). Every change runs inside
:meth:`Store.transaction` (``BEGIN IMMEDIATE``) and writes an audit row naming who changed what,
so a crash or a kill mid-way leaves the previous state, and the history is complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from qualcode.errors import ProjectError
from qualcode.project.dbfile import RESTORE_HINT, database_error
from qualcode.project.rows import AuditRow, CodingRow, DocumentRow, MemoRow, SegmentRow
from qualcode.project.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["PAUSE_ENV", "Store", "now"]

PAUSE_ENV = "QUALCODE_TEST_PAUSE_IN_TRANSACTION"
"""Test hook: a path; a transaction that wrote something creates it, then sleeps before COMMIT."""

BUSY_TIMEOUT_SECONDS = 30.0

def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds (``2024-05-14T08:00:00.000Z``)."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


_CODING_COLUMNS = tuple(f.name for f in fields(CodingRow))
_CODING_SELECT = "SELECT " + ", ".join(_CODING_COLUMNS) + " FROM codings"
_CODING_ORDER = " ORDER BY document, start, end, code, coder, key"
_UPDATABLE = frozenset({"start", "end", "status", "coder", "rule", "match", "quote",
                        "quote_hash", "orphaned", "decided_by", "decided_at", "code"})


def _coding(row: sqlite3.Row) -> CodingRow:
    values = dict(row)
    values["orphaned"] = bool(values["orphaned"])
    return CodingRow(**values)


class Store:
    """A connection to one project database.

    Args:
        conn: An open connection in autocommit mode (``isolation_level=None``).
        path: The database file.
        user: Who the audit log names for changes made through this store.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, user: str) -> None:
        self._connection: sqlite3.Connection | None = conn
        self.path = path
        self.user = user
        self._depth = 0

    @property
    def _conn(self) -> sqlite3.Connection:
        """The open connection (a closed store says so instead of SQLite's error)."""
        self.check_open()
        assert self._connection is not None
        return self._connection

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._connection is None

    def check_open(self) -> None:
        """Raise unless the store is open.

        Raises:
            ProjectError: If :meth:`close` was called (directly, or by leaving a ``with``
                block of the project).
        """
        if self._connection is None:
            raise ProjectError("the project is closed", path=self.path,
                               hint="open it again with open_project(...)")

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, user: str, create: bool = False,
             timeout: float = BUSY_TIMEOUT_SECONDS) -> Store:
        """Open (or with ``create`` make) the database at ``path`` and migrate it.

        Raises:
            ProjectError: If the file is missing (without ``create``), is not a qualcode
                database, was made by a newer qualcode, or stays locked past ``timeout``.
        """
        path = Path(path)
        if not create and not path.exists():
            raise ProjectError(
                "the project database is missing", path=path,
                hint="run 'qualcode init' to create a project, or restore a backup with "
                "'qualcode project restore FILE' (backups are in .qualcode/backups)",
            )
        if not create and path.is_file() and path.stat().st_size == 0:
            # SQLite would take an empty file for a new database and build an empty project
            raise ProjectError("the project database is damaged (the file is empty)",
                               path=path, hint=RESTORE_HINT)
        try:
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise database_error(exc, path, damaged="cannot be used") from exc
        conn.row_factory = sqlite3.Row
        store = cls(conn, path, user)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise database_error(exc, path, damaged="cannot be used") from exc
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (closing again does nothing)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise database_error(exc, self.path) from exc

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"the project database has schema version {version}, newer than this qualcode "
                f"understands ({SCHEMA_VERSION})", path=self.path,
                hint="upgrade qualcode (pip install -U qualcode)",
            )
        while version < SCHEMA_VERSION:
            with self.transaction():
                version = self.schema_version()  # another process may have migrated meanwhile
                if version >= SCHEMA_VERSION:
                    break
                for statement in MIGRATIONS[version]:
                    self._conn.execute(statement)
                version += 1
                self._conn.execute(f"PRAGMA user_version = {version}")
                self.log("schema.migrate", "", {"version": version})

    def schema_version(self) -> int:
        """The database's ``PRAGMA user_version``."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # -- transactions and the audit log --------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run the block in one write transaction; nested blocks join the outer one.

        Raises:
            ProjectError: If the database stays locked by another writer past the timeout.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ProjectError(
                f"the project database is busy ({exc})", path=self.path,
                hint="another qualcode command is writing to this project; try again",
            ) from exc
        self._depth = 1
        before = self._conn.total_changes
        try:
            yield self
            if self._conn.total_changes > before:
                _pause_for_tests()
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def log(self, action: str, target: str = "", detail: Mapping[str, Any] | None = None) -> None:
        """Record one change in the audit log (inside the current transaction)."""
        self._log_many([(action, target, detail or {})])

    def _log_many(self, entries: Iterable[tuple[str, str, Mapping[str, Any]]]) -> None:
        stamp = now()
        with self.transaction():
            self._conn.executemany(
                "INSERT INTO audit (at, user, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                [(stamp, self.user, a, t, _json(dict(d))) for a, t, d in entries],
            )

    def audit(self, *, limit: int | None = None) -> list[AuditRow]:
        """Audit entries, oldest first (the last ``limit`` ones when given)."""
        sql = "SELECT * FROM audit ORDER BY id"
        if limit is not None:
            sql = f"SELECT * FROM (SELECT * FROM audit ORDER BY id DESC LIMIT {int(limit)}) " \
                  "ORDER BY id"
        return [AuditRow(r["id"], r["at"], r["user"], r["action"], r["target"],
                         json.loads(r["detail"])) for r in self._conn.execute(sql)]

    # -- meta ----------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A stored setting, or ``None``."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        with self.transaction():
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
            self.log("meta.set", key, {"value": value})

    # -- documents and segments ----------------------------------------------------------

    def documents(self) -> list[DocumentRow]:
        """All documents in the order they were first added."""
        return [self._document(r) for r in
                self._conn.execute("SELECT * FROM documents ORDER BY rowid")]

    def document(self, doc_id: str) -> DocumentRow | None:
        """The document ``doc_id``, or ``None``."""
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else self._document(row)

    @staticmethod
    def _document(r: sqlite3.Row) -> DocumentRow:
        turns = None if r["turns"] is None else tuple(tuple(t) for t in json.loads(r["turns"]))
        return DocumentRow(r["id"], r["path"], r["format"], r["text"], r["text_hash"],
                           json.loads(r["attributes"]), turns, r["body_offset"], r["version"],
                           r["added_at"], r["updated_at"])

    def put_document(self, *, doc_id: str, path: str, fmt: str, text: str, text_hash: str,
                     attributes: Mapping[str, Any],
                     turns: Sequence[tuple[int, int, str | None]] | None,
                     body_offset: int) -> DocumentRow:
        """Insert a document, or replace an existing one's text (its version goes up)."""
        stamp = now()
        turns_json = None if turns is None else _json([list(t) for t in turns])
        with self.transaction():
            old = self.document(doc_id)
            if old is None:
                self._conn.execute(
                    "INSERT INTO documents (id, path, format, text, text_hash, attributes, turns,"
                    " body_offset, version, added_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (doc_id, path, fmt, text, text_hash, _json(dict(attributes)), turns_json,
                     body_offset, stamp, stamp))
                self.log("document.add", doc_id, {"path": path, "text_hash": text_hash})
            else:
                self._conn.execute(
                    "UPDATE documents SET path = ?, format = ?, text = ?, text_hash = ?,"
                    " attributes = ?, turns = ?, body_offset = ?, version = version + 1,"
                    " updated_at = ? WHERE id = ?",
                    (path, fmt, text, text_hash, _json(dict(attributes)), turns_json,
                     body_offset, stamp, doc_id))
                self.log("document.update", doc_id, {"path": path, "text_hash": text_hash,
                                                  "previous_hash": old.text_hash})
            new = self.document(doc_id)
        assert new is not None
        return new

    def segments(self, doc_id: str | None = None) -> list[SegmentRow]:
        """Stored segments of one document (or all), in document and index order."""
        sql = "SELECT * FROM segments"
        args: tuple[Any, ...] = ()
        if doc_id is not None:
            sql += " WHERE document = ?"
            args = (doc_id,)
        return [SegmentRow(r["document"], r["idx"], r["start"], r["end"], r["speaker"],
                           bool(r["interviewer"]), r["unit"], json.loads(r["attributes"]))
                for r in self._conn.execute(sql + " ORDER BY document, idx", args)]

    def replace_segments(self, doc_id: str, rows: Iterable[SegmentRow]) -> None:
        """Replace the stored segments of ``doc_id``."""
        with self.transaction():
            self._conn.execute("DELETE FROM segments WHERE document = ?", (doc_id,))
            data = [(r.document, r.idx, r.start, r.end, r.speaker, int(r.interviewer), r.unit,
                     _json(dict(r.attributes))) for r in rows]
            self._conn.executemany(
                "INSERT INTO segments (document, idx, start, end, speaker, interviewer, unit,"
                " attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", data)
            self.log("segments.replace", doc_id, {"count": len(data)})

    def rename_document(self, old_id: str, new_id: str) -> dict[str, int]:
        """Give a stored document another id; its segments, codings and the memos on it
        follow (codings keep their keys, so memos on codings and review decisions stay on
        them). The document keeps its place in the documents' order.

        Returns:
            How many segments, codings and memos moved to the new id.

        Raises:
            ProjectError: If ``old_id`` is not stored, or ``new_id`` already is.
        """
        with self.transaction():
            old = self.document(old_id)
            if old is None:
                raise ProjectError(f"no document has the id {old_id!r}", path=self.path,
                                   hint="it may have been removed or renamed meanwhile; run "
                                   "the command again")
            if self.document(new_id) is not None:
                raise ProjectError(f"the project already holds a document {new_id!r}",
                                   path=self.path,
                                   hint=f"remove it first ('qualcode remove {new_id}')")
            # segments and codings point at the old id until they are moved below; SQLite
            # checks their references when the transaction commits (and undoes it all if one
            # is left dangling)
            self._conn.execute("PRAGMA defer_foreign_keys = ON")
            self._conn.execute("UPDATE documents SET id = ? WHERE id = ?", (new_id, old_id))
            moved = {}
            for what, sql in (
                    ("segments", "UPDATE segments SET document = ? WHERE document = ?"),
                    ("codings", "UPDATE codings SET document = ? WHERE document = ?"),
                    ("memos", "UPDATE memos SET target = ? WHERE kind = 'document'"
                              " AND target = ?")):
                moved[what] = self._conn.execute(sql, (new_id, old_id)).rowcount
            self.log("document.rename", new_id, {"from": old_id, "path": old.path, **moved})
        return moved

    def delete_document(self, doc_id: str) -> None:
        """Delete a document and its segments; its codings and memos must be gone already.

        Raises:
            ProjectError: If codings of the document are still stored.
        """
        with self.transaction():
            left = self._conn.execute("SELECT COUNT(*) FROM codings WHERE document = ?",
                                      (doc_id,)).fetchone()[0]
            if left:
                raise ProjectError(f"document {doc_id!r} still has {left} coding(s)",
                                   path=self.path, hint="delete its codings first")
            old = self.document(doc_id)
            if old is None:
                return
            self._conn.execute("DELETE FROM segments WHERE document = ?", (doc_id,))
            self._conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self.log("document.remove", doc_id, {"path": old.path, "text_hash": old.text_hash,
                                                 "version": old.version})

    # -- codings -------------------------------------------------------------------------

    def codings(self, *, document: str | None = None, source: Sequence[str] = (),
                status: Sequence[str] = (), coder: Sequence[str] = (),
                orphaned: bool | None = None) -> list[CodingRow]:
        """Stored codings matching every filter given (each a list of allowed values)."""
        clauses: list[str] = []
        args: list[Any] = []
        if document is not None:
            clauses.append("document = ?")
            args.append(document)
        for column, values in (("source", source), ("status", status), ("coder", coder)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                args.extend(values)
        if orphaned is not None:
            clauses.append("orphaned = ?")
            args.append(int(orphaned))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_coding(r) for r in self._conn.execute(_CODING_SELECT + where + _CODING_ORDER,
                                                       args)]

    def coding(self, key: str) -> CodingRow | None:
        """The coding with ``key``, or ``None``."""
        row = self._conn.execute(_CODING_SELECT + " WHERE key = ?", (key,)).fetchone()
        return None if row is None else _coding(row)

    def insert_codings(self, rows: Sequence[CodingRow], *, action: str = "coding.add") -> None:
        """Insert new codings (one audit entry each)."""
        if not rows:
            return
        placeholders = ", ".join("?" * len(_CODING_COLUMNS))
        with self.transaction():
            self._conn.executemany(
                f"INSERT INTO codings ({', '.join(_CODING_COLUMNS)}) VALUES ({placeholders})",
                [tuple(int(v) if isinstance(v, bool) else v for v in
                       (getattr(r, c) for c in _CODING_COLUMNS)) for r in rows])
            self._log_many((action, r.key, {"document": r.document, "start": r.start,
                                            "end": r.end, "code": r.code, "coder": r.coder,
                                            "source": r.source, "status": r.status})
                           for r in rows)

    def update_coding(self, key: str, *, action: str = "coding.update",
                      **changes: Any) -> CodingRow:
        """Change fields of one coding; the audit entry records old and new values.

        Raises:
            ProjectError: If no coding has ``key``.
        """
        with self.transaction():
            old = self.coding(key)
            if old is None:
                raise ProjectError(f"no coding has the key {key!r}",
                                   hint="list keys with 'qualcode codings'")
            self._apply(old, changes, action)
            new = self.coding(key)
        assert new is not None
        return new

    def place_codings(self, updates: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Move many codings at once (re-anchoring after an edit).

        All of them leave the unique index first, so codings may trade places; each one's audit
        entry (``coding.reanchor`` or ``coding.orphan``) records its old and new values.
        """
        with self.transaction():
            olds = {key: self.coding(key) for key, _ in updates}
            self._conn.executemany("UPDATE codings SET orphaned = 1 WHERE key = ?",
                                   [(key,) for key, _ in updates])
            for key, changes in updates:
                old = olds[key]
                if old is None:
                    continue
                action = "coding.orphan" if changes.get("orphaned") else "coding.reanchor"
                self._apply(old, {"orphaned": old.orphaned, **changes}, action, force=True)

    def _apply(self, old: CodingRow, changes: Mapping[str, Any], action: str, *,
               force: bool = False) -> None:
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        diff = {k: [getattr(old, k), v] for k, v in changes.items() if getattr(old, k) != v}
        values = dict(changes) if force else {k: v[1] for k, v in diff.items()}
        if values:
            sets = ", ".join(f"{k} = ?" for k in values)
            args = [int(v) if isinstance(v, bool) else v for v in values.values()]
            stamp = now() if diff else old.updated_at
            self._conn.execute(f"UPDATE codings SET {sets}, updated_at = ? WHERE key = ?",
                               [*args, stamp, old.key])
        if diff:
            self.log(action, old.key, diff)

    def delete_codings(self, keys: Sequence[str], *, action: str = "coding.delete") -> None:
        """Delete codings by key (their last state goes into the audit log)."""
        if not keys:
            return
        with self.transaction():
            gone = [self.coding(k) for k in keys]
            self._conn.executemany("DELETE FROM codings WHERE key = ?", [(k,) for k in keys])
            self._log_many((action, r.key, {"document": r.document, "start": r.start,
                                            "end": r.end, "code": r.code, "coder": r.coder,
                                            "status": r.status})
                           for r in gone if r is not None)

    # -- memos ---------------------------------------------------------------------------

    def add_memo(self, kind: str, target: str, text: str) -> MemoRow:
        """Store a memo on a ``code``, ``document`` or ``coding``."""
        stamp = now()
        with self.transaction():
            cursor = self._conn.execute(
                "INSERT INTO memos (kind, target, text, author, created_at) VALUES (?, ?, ?, ?, ?)",
                (kind, target, text, self.user, stamp))
            memo_id = int(cursor.lastrowid or 0)
            self.log("memo.add", f"{kind}:{target}", {"memo": memo_id, "text": text})
        return MemoRow(memo_id, kind, target, text, self.user, stamp)

    def memos(self, kind: str | None = None, target: str | None = None) -> list[MemoRow]:
        """Memos, oldest first, optionally only those on one kind of target or one target."""
        clauses, args = [], []
        if kind is not None:
            clauses.append("kind = ?")
            args.append(kind)
        if target is not None:
            clauses.append("target = ?")
            args.append(target)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [MemoRow(*r) for r in self._conn.execute(
            "SELECT id, kind, target, text, author, created_at FROM memos" + where +
            " ORDER BY id", args)]

    def delete_memos(self, ids: Sequence[int]) -> None:
        """Delete memos by id (their text goes into the audit log)."""
        if not ids:
            return
        with self.transaction():
            gone = {m.id: m for m in self.memos()}
            self._conn.executemany("DELETE FROM memos WHERE id = ?", [(i,) for i in ids])
            self._log_many(("memo.delete", f"{gone[i].kind}:{gone[i].target}",
                            {"memo": i, "text": gone[i].text, "author": gone[i].author})
                           for i in ids if i in gone)

    # -- health --------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` report."""
        try:
            found = [str(r[0]) for r in self._conn.execute("PRAGMA integrity_check")]
            problems = [] if found == ["ok"] else found
            problems += [f"{r[0]} row {r[1]} refers to a missing {r[2]} row"
                         for r in self._conn.execute("PRAGMA foreign_key_check")]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return problems

    def backup_to(self, target: str | Path) -> None:
        """Copy the live database to ``target`` with SQLite's online backup API."""
        dest = sqlite3.connect(target)
        try:
            self._conn.backup(dest)
            # A single self-contained file: no -wal/-shm companions beside the copy.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()

    def restore_from(self, source: str | Path) -> None:
        """Replace the live database's content with the database file ``source`` (SQLite's
        online backup API, under the database's locks), then migrate it to this schema.

        Raises:
            ProjectError: If another process holds the database past the busy timeout.
        """
        src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
        try:
            src.backup(self._conn)
        except sqlite3.OperationalError as exc:
            raise ProjectError(
                f"the project database is busy ({exc})", path=self.path,
                hint="another qualcode command is using this project; try again",
            ) from exc
        finally:
            src.close()
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._migrate()


def _pause_for_tests() -> None:
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)
