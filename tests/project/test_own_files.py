"""A project's own files are never an output."""

from __future__ import annotations

import shutil

import pytest

from qualcode.errors import OutputError
from qualcode.project.own_files import (
    check_not_project_file,
    project_file_role,
    project_root_around,
)


def test_the_roles_of_a_projects_files(project, tmp_path):
    root = project.root
    assert project_root_around(root / "transcripts" / "mk01.md") == root
    assert project_root_around(tmp_path / "elsewhere.csv") is None
    roles = {
        root / ".qualcode" / "project.db": "the database",
        root / "qualcode.yaml": "the settings",
        root / "codebook.yaml": "the codebook",
        root / "transcripts" / "mk02.md": "the source of the document 'mk02'",
    }
    for path, role in roles.items():
        assert project_file_role(path) == f"{role} of the project {root}", path
    journal = root / ".qualcode" / "project.db-wal"
    if journal.is_file():
        assert project_file_role(journal).startswith("the database's journal")
    # with --force a codebook may be replaced by an imported one; the database never
    assert project_file_role(root / "codebook.yaml", force=True) is None
    assert project_file_role(root / ".qualcode" / "project.db", force=True) is not None
    # files that are not the project's, and files that do not exist yet
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    assert project_file_role(root / "notes.txt") is None
    assert project_file_role(root / "new.csv") is None
    backups = root / ".qualcode" / "backups"
    backups.mkdir()
    (backups / "b.db").write_bytes(b"")
    assert project_file_role(backups / "b.db") is None


def test_a_document_outside_the_project_folder(project, samples, tmp_path):
    from qualcode.project.documents import add_documents

    outside = samples.write(tmp_path / "far" / "mk03.md", samples.MK01.replace("mk01", "mk03"))
    add_documents(project, [outside])
    assert project_file_role(outside) is None  # no project around it ...
    assert project_file_role(outside, [project.root]) is not None  # ... but the command's
    with pytest.raises(OutputError, match="the output is the source of the document") as caught:
        check_not_project_file(outside, [project.root])
    assert caught.value.path == str(outside)
    assert outside.read_text(encoding="utf-8").startswith("---")


def test_another_projects_database_is_refused_as_a_backup(project, tmp_path):
    from qualcode.project.backup import backup_project

    other = tmp_path / "other"
    shutil.copytree(project.root, other)
    database = other / ".qualcode" / "project.db"
    before = database.read_bytes()
    for force in (False, True):
        with pytest.raises(OutputError, match="the database of the project"):
            backup_project(project, database, force=force)
    assert database.read_bytes() == before


def test_a_qdpx_export_never_replaces_the_database(project):
    from qualcode.project.exchange import export_project_qdpx

    database = project.config.database_path
    with pytest.raises(OutputError, match="the output is the database of the project"):
        export_project_qdpx(project, database)
    assert database.read_bytes().startswith(b"SQLite format 3\x00")
