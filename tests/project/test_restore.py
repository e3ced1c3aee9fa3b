import sqlite3

import pytest

from qualcode.errors import ProjectError
from qualcode.project.backup import backup_project, restore_project
from qualcode.project.core import open_project
from qualcode.project.importcsv import import_codings
from qualcode.project.store import Store


def _ids(path):
    conn = sqlite3.connect(path)
    try:
        return ([r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")],
                conn.execute("SELECT count(*) FROM codings").fetchone()[0])
    finally:
        conn.close()


def _run(path, *statements):
    """Change a database file behind qualcode's back (an older or another project's backup)."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _corrupt(path):
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 5):
        data[i] = 0x5A
    path.write_bytes(bytes(data))


def _add_coding(project, samples, tmp_path):
    import_codings(project, samples.write(tmp_path / "c.csv",
                                          "document,quote,code\nmk01,dampingi,enabler\n"))


def test_restore_brings_back_a_backup_and_can_be_undone(project, samples, tmp_path):
    backup = backup_project(project)
    _add_coding(project, samples, tmp_path)
    done = restore_project(project.root, backup, user="budi")
    assert (done.source, done.documents, done.codings) == (backup, 2, 0)
    assert done.safety_copy is not None and done.safety_copy != backup
    assert backup.exists()  # two backups in one second do not share a name
    # the open project sees the restored content; the safety copy holds what was there
    assert project.store.codings() == []
    assert _ids(done.safety_copy) == (["mk01", "mk02"], 1)
    last = project.store.audit()[-1]
    assert (last.action, last.user, last.target) == ("project.restore", "budi", str(backup))
    assert not done.unrelated
    undo = restore_project(project.root, done.safety_copy)
    assert undo.codings == 1 and len(project.store.codings()) == 1
    assert project.store.integrity_problems() == []


def test_an_older_backup_is_migrated(project, tmp_path):
    old = backup_project(project, tmp_path / "old.db")
    _run(old, "DROP INDEX codings_natural_key", "PRAGMA user_version = 1")
    restore_project(project.root, old)
    assert project.store.schema_version() == 2
    names = {r[0] for r in project.store._conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "codings_natural_key" in names


def test_bad_backups_are_refused_and_nothing_changes(project, samples, tmp_path):
    _add_coding(project, samples, tmp_path)
    live = project.config.database_path
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    newer = backup_project(project, tmp_path / "newer.db")
    sqlite3.connect(newer).execute("PRAGMA user_version = 99").connection.close()
    damaged = backup_project(project, tmp_path / "damaged.db")
    _corrupt(damaged)
    (tmp_path / "folder.db").mkdir()
    cases = [
        (tmp_path / "none.db", "no backup file here"),
        (tmp_path / "folder.db", "the backup is a folder"),
        (samples.write(tmp_path / "x.db", "not sqlite at all " * 100), "not a project database"),
        (other, "not a qualcode project database (no audit, codings"),
        (newer, "schema version 99, newer than this qualcode"),
        (damaged, "fails its integrity check"),
        (live, "the project database itself"),
    ]
    for path, message in cases:
        with pytest.raises(ProjectError, match=message.replace("(", r"\(")):
            restore_project(project.root, path)
    assert len(project.store.codings()) == 1
    assert not (live.parent / "backups").exists()  # refused before any safety copy


def test_a_damaged_database_is_set_aside_and_replaced(project_dir, samples, tmp_path):
    from qualcode.project.core import init_project
    from qualcode.project.documents import add_documents

    with init_project(project_dir, sources=["transcripts"], user="ana") as project:
        add_documents(project)
        backup = backup_project(project, tmp_path / "good.db")
        _add_coding(project, samples, tmp_path)
    live = project_dir / ".qualcode" / "project.db"
    _corrupt(live)
    with pytest.raises(ProjectError, match="damaged"), open_project(project_dir) as proj:
        proj.store.codings()
    done = restore_project(project_dir, backup)
    assert done.safety_copy.name.startswith("project-damaged-")
    assert done.safety_copy.read_bytes()[:16] == b"SQLite format 3\x00"
    with open_project(project_dir) as proj:
        assert (len(proj.store.documents()), proj.store.codings()) == (2, [])
        assert proj.store.audit()[-1].detail["previous"] == "damaged"
    live.unlink()
    done = restore_project(project_dir, backup)
    assert done.safety_copy is None and _ids(live) == (["mk01", "mk02"], 0)


def test_damage_met_while_working_is_a_project_error(project_dir, tmp_path):
    from qualcode.project.core import init_project
    from qualcode.project.documents import add_documents

    with init_project(project_dir, sources=["transcripts"], user="ana") as project:
        add_documents(project)
    _corrupt(project_dir / ".qualcode" / "project.db")
    with pytest.raises(ProjectError) as err, Store.open(
            project_dir / ".qualcode" / "project.db", user="x") as store:
        store.documents()
    assert "the project database is damaged" in str(err.value)
    assert "qualcode project restore" in err.value.render()


def test_a_backup_sharing_no_document_is_flagged(project, tmp_path):
    from qualcode.project.remove import remove_documents

    backup = backup_project(project, tmp_path / "mk01-only.db")
    _run(backup, "DELETE FROM segments WHERE document = 'mk02'",
         "DELETE FROM documents WHERE id = 'mk02'")
    remove_documents(project, ["mk01"])  # the project now holds mk02 only
    assert restore_project(project.root, backup).unrelated


def test_an_empty_database_file_is_damaged_not_a_new_project(project_dir, tmp_path):
    from qualcode.project.core import init_project
    from qualcode.project.documents import add_documents

    with init_project(project_dir, sources=["transcripts"], user="ana") as project:
        add_documents(project)
        backup = backup_project(project, tmp_path / "b.db")
    live = project_dir / ".qualcode" / "project.db"
    live.write_bytes(b"")
    with pytest.raises(ProjectError, match="damaged \\(the file is empty\\)"):
        open_project(project_dir)
    assert live.read_bytes() == b""  # nothing written into it
    done = restore_project(project_dir, backup)
    assert done.documents == 2 and done.safety_copy is not None


def test_a_hard_link_to_the_database_is_the_database(project, tmp_path):
    import os

    link = tmp_path / "hard.db"
    os.link(project.config.database_path, link)
    with pytest.raises(ProjectError, match="the project database itself"):
        restore_project(project.root, link)
