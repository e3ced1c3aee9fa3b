"""The project database's schema and its migrations.

The schema version lives in ``PRAGMA user_version``. Each migration is a list of statements run in
one transaction together with the version bump, so a database is always at one whole version.
Migrations are only ever appended: a released migration is never edited.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

_V1 = (
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        text TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        turns TEXT,
        body_offset INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE segments (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker TEXT,
        interviewer INTEGER NOT NULL DEFAULT 0,
        unit TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (document, idx),
        CHECK (start >= 0 AND end >= start)
    )""",
    """CREATE TABLE codings (
        key TEXT PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code TEXT NOT NULL,
        coder TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('auto', 'manual', 'imported')),
        status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
        rule TEXT NOT NULL DEFAULT '',
        match TEXT NOT NULL DEFAULT '',
        quote TEXT NOT NULL,
        quote_hash TEXT NOT NULL,
        orphaned INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        decided_by TEXT,
        decided_at TEXT,
        CHECK (start >= 0 AND end > start)
    )""",
    "CREATE INDEX codings_document ON codings (document, start)",
    """CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('code', 'document', 'coding')),
        target TEXT NOT NULL,
        text TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX memos_target ON memos (kind, target)",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
)

# Version 2: a coding is unique by where, what and who while it is placed in its text, so that
# importing the same file twice or re-running the rules cannot duplicate it.
_V2 = (
    """CREATE UNIQUE INDEX codings_natural_key
        ON codings (document, start, end, code, coder) WHERE orphaned = 0""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
"""Migration ``i`` (0-based) takes a database from version ``i`` to ``i + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
