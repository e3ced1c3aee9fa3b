import sqlite3

import pytest

from qualcode.project.backup import backup_project
from qualcode.project.check import check_project
from qualcode.project.store import Store


def test_healthy_project_and_broken_invariants(project, samples, tmp_path):
    from qualcode.project.importcsv import import_codings

    import_codings(project, samples.write(tmp_path / "c.csv",
                                          "document,quote,code\nmk01,dampingi,enabler\n"
                                          "mk02,dampingi,ghostcode\n"))
    assert check_project(project) == []
    (row,) = project.store.codings()
    conn = project.store._conn  # corrupt the data behind the store's back
    conn.execute("UPDATE codings SET start = start + 1 WHERE key = ?", (row.key,))
    conn.execute("UPDATE documents SET text = text || 'x' WHERE id = 'mk02'")
    conn.execute("INSERT INTO codings SELECT 'k2', document, 0, 99999, code, coder, source, "
                 "status, rule, match, quote, quote_hash, 0, created_by, created_at, "
                 "updated_at, decided_by, decided_at FROM codings")
    issues = check_project(project)
    assert [(i.code, i.where) for i in issues] == [
        ("C101", "document mk02"),
        ("C104", "coding k2 (enabler in mk01)"),
        ("C105", f"coding {row.key} (enabler in mk01)"),
    ]


def test_orphans_are_warnings(project, samples, tmp_path):
    from qualcode.project.documents import add_documents
    from qualcode.project.importcsv import import_codings

    import_codings(project, samples.write(tmp_path / "c.csv",
                                          "document,quote,code\nmk02,baru ke sekolah,advocate\n"))
    path = project.root / "transcripts" / "mk02.md"
    samples.write(path, samples.MK02.replace("baru ke sekolah", "lalu pulang"))
    add_documents(project, [path])
    (issue,) = check_project(project)
    assert (issue.code, issue.severity, issue.message) == (
        "C111", "warning", "orphaned: 'baru ke sekolah' is no longer in the text")


def test_backup_is_a_consistent_copy(project, tmp_path):
    target = backup_project(project, tmp_path / "b" / "copy.db")
    assert target == tmp_path / "b" / "copy.db"
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]
    with Store.open(target, user="x") as copy:
        assert [d.id for d in copy.documents()] == ["mk01", "mk02"]
        assert copy.integrity_problems() == []
    assert project.store.audit()[-1].action == "project.backup"
    default = backup_project(project)
    assert default.parent == project.root / ".qualcode" / "backups"
    assert sqlite3.connect(default).execute("SELECT count(*) FROM documents").fetchone() == (2,)


def test_backup_replaces_an_earlier_backup_but_no_other_file(project, tmp_path):
    from qualcode.errors import OutputError

    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    with pytest.raises(OutputError, match="exists and is not a qualcode backup") as caught:
        backup_project(project, notes)
    assert caught.value.path == str(notes)
    assert notes.read_text(encoding="utf-8") == "my notes"
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(OutputError, match="not a qualcode backup"):
        backup_project(project, empty)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(OutputError, match="not a qualcode backup"):
        backup_project(project, other)
    with pytest.raises(OutputError, match="the backup file is the database of the project"):
        backup_project(project, project.config.database_path, force=True)
    earlier = backup_project(project, tmp_path / "b.db")
    assert backup_project(project, earlier) == earlier  # an earlier backup is replaced
    assert backup_project(project, notes, force=True) == notes
    assert notes.read_bytes().startswith(b"SQLite format 3\x00")
