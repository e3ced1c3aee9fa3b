import sqlite3

import pytest

from qualcode.errors import ProjectError
from qualcode.project.schema import SCHEMA_VERSION
from qualcode.project.store import Store


def test_new_database_is_migrated_with_wal_and_foreign_keys(tmp_path):
    with Store.open(tmp_path / "p.db", user="ana", create=True) as store:
        assert store.schema_version() == SCHEMA_VERSION == 2
        assert [(a.action, a.user, a.detail) for a in store.audit()] == [
            ("schema.migrate", "ana", {"version": 1}), ("schema.migrate", "ana", {"version": 2})]
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store.open(tmp_path / "p.db", user="bo") as again:  # migrating twice is a no-op
        assert len(again.audit()) == 2


def test_migration_from_version_1(tmp_path):
    from qualcode.project.schema import MIGRATIONS

    conn = sqlite3.connect(tmp_path / "p.db")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(tmp_path / "p.db", user="ana") as store:
        assert store.schema_version() == 2
        names = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master")}
        assert "codings_natural_key" in names


def test_newer_or_foreign_databases_are_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "new.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ProjectError, match="schema version 99, newer"):
        Store.open(tmp_path / "new.db", user="ana")
    (tmp_path / "junk.db").write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ProjectError, match="cannot be used"):
        Store.open(tmp_path / "junk.db", user="ana")
    with pytest.raises(ProjectError, match="database is missing"):
        Store.open(tmp_path / "none.db", user="ana")


def test_a_failed_transaction_leaves_nothing(tmp_path):
    with Store.open(tmp_path / "p.db", user="ana", create=True) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.set_meta("a", "1")
            with store.transaction():  # nested blocks join the outer transaction
                store.set_meta("b", "2")
            raise RuntimeError("boom")
        assert store.meta("a") is None and store.meta("b") is None
        assert [a.action for a in store.audit()] == ["schema.migrate", "schema.migrate"]
        store.set_meta("a", "1")
        assert store.meta("a") == "1"
        assert store.audit(limit=1)[0].detail == {"value": "1"}


def test_database_errors_say_what_happened_and_what_to_do(tmp_path):
    from qualcode.project.dbfile import database_error

    path = tmp_path / "p.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    read_only = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as real:
        read_only.execute("INSERT INTO t VALUES (1)")
    read_only.close()
    cases = [
        (real.value, "cannot be written: it or its folder is read-only", "allow writing"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full",
         "free some space"),
        (sqlite3.OperationalError("database is locked"), "is busy", "try again"),
        (sqlite3.OperationalError("unable to open database file"), "cannot be opened",
         "read and write"),
        (sqlite3.OperationalError("disk I/O error"), "the disk failed", "project check"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged",
         "qualcode project restore"),
    ]
    for exc, message, hint in cases:
        error = database_error(exc, path)
        assert message in error.message and hint in error.hint, (exc, error)
    assert "restore" not in database_error(real.value, path).hint


def test_renaming_a_document_moves_what_points_at_it_or_nothing(tmp_path):
    from qualcode.project.rows import CodingRow, SegmentRow

    with Store.open(tmp_path / "p.db", user="ana", create=True) as store:
        for doc_id in ("a", "b"):
            store.put_document(doc_id=doc_id, path=f"{doc_id}.txt", fmt="txt", text="Hi there.",
                               text_hash="h", attributes={}, turns=None, body_offset=0)
        store.replace_segments("a", [SegmentRow("a", 0, 0, 9, None, False, "turn", {})])
        store.insert_codings([CodingRow("k1", "a", 0, 2, "x", "ana", "manual", "accepted", "",
                                        "", "Hi", "hh", False, "ana", "t", "t", "ana", "t")])
        store.add_memo("document", "a", "on the document")
        store.add_memo("code", "a", "on a code that is also called a")
        with pytest.raises(ProjectError, match="already holds a document 'b'"):
            store.rename_document("a", "b")
        with pytest.raises(ProjectError, match="no document has the id 'zz'"):
            store.rename_document("zz", "c")
        assert store.rename_document("a", "c") == {"segments": 1, "codings": 1, "memos": 1}
        assert [d.id for d in store.documents()] == ["c", "b"]  # its place is kept
        assert [s.document for s in store.segments()] == ["c"]
        assert store.coding("k1").document == "c"
        assert [(m.kind, m.target) for m in store.memos()] == [("document", "c"), ("code", "a")]
        # a reference left on the old id fails the commit, which undoes the whole transaction
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store.transaction():
            store.rename_document("c", "d")
            store._conn.execute("INSERT INTO segments (document, idx, start, end, unit) "
                                "VALUES ('c', 5, 0, 1, 'turn')")
        assert [d.id for d in store.documents()] == ["c", "b"]
        assert [(s.document, s.idx) for s in store.segments()] == [("c", 0)]
        assert store.coding("k1").document == "c"
        assert [a.action for a in store.audit()].count("document.rename") == 1
