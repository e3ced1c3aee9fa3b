from pathlib import Path

import pytest

from qualcode.errors import ProjectError
from qualcode.project.autocode import autocode
from qualcode.project.core import (
    init_project,
    open_project,
    project_codings,
    project_codings_table,
    project_tables,
    resolve_user,
)
from qualcode.project.decisions import decide
from qualcode.tables import PROJECT_CODINGS_COLUMNS, SEGMENTS_COLUMNS


def test_user_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.setenv("QUALCODE_USER", "env-user")
    assert resolve_user(" rina ") == "rina"
    assert resolve_user(None) == "env-user"
    monkeypatch.delenv("QUALCODE_USER")
    assert resolve_user("") not in ("", "env-user")


def test_which_codings_count(project, fake_engine, samples, tmp_path):
    from qualcode.project.importcsv import import_codings

    autocode(project)
    rows = {(r.document, r.code): r.key for r in project.store.codings()}
    decide(project, rows[("mk01", "enabler")], "accept")
    decide(project, rows[("mk02", "enabler")], "reject")
    import_codings(project, samples.write(tmp_path / "c.csv",
                                          "document,quote,code,coder\nmk02,dulu,advocate,budi\n"))

    def summary(**filters):
        return [(c.document, c.code, c.coder, c.status, c.segment)
                for c in project_codings(project, **filters)]

    assert summary(counted=True) == [("mk01", "enabler", "tiny@1.0.0", "accepted", 1),
                                     ("mk02", "advocate", "budi", "accepted", 1)]
    assert len(summary()) == 5
    assert summary(status=["rejected"]) == [("mk02", "enabler", "tiny@1.0.0", "rejected", 1)]
    assert summary(source=["auto"], status=["suggested"]) == [
        ("mk01", "advocate", "tiny@1.0.0", "suggested", 3),
        ("mk02", "advocate", "tiny@1.0.0", "suggested", 1)]
    assert summary(coder=["budi"]) == [("mk02", "advocate", "budi", "accepted", 1)]
    with pytest.raises(ProjectError, match="unknown source 'robot'"):
        project_codings(project, source=["robot"])
    codings, segments, codebook = project_tables(project)
    assert tuple(codings.columns) == PROJECT_CODINGS_COLUMNS
    assert codings["code_path"].tolist() == ["enabler", "advocate"]
    assert codings["group"].tolist() == ["role", "role"]
    assert tuple(segments.columns[:len(SEGMENTS_COLUMNS)]) == SEGMENTS_COLUMNS
    assert len(segments) == 6 and codebook.name == "tiny"
    assert len(project_tables(project, status=["suggested"])[0]) == 2


def test_init_and_open_errors(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ProjectError, match="exists and is not a folder"):
        init_project(tmp_path / "file")
    with pytest.raises(ProjectError, match="unknown unit 'page'"):
        init_project(tmp_path / "p", unit="page")
    with pytest.raises(ProjectError, match="'xx9' is not a language code"):
        init_project(tmp_path / "p", languages=("id", "xx9"))
    assert not (tmp_path / "p").exists()
    with init_project(tmp_path / "l", languages=("ID", "en-GB", "id")) as project:
        assert project.config.languages == ("id", "en")
    with pytest.raises(ProjectError, match="not a qualcode project"):
        open_project(tmp_path / "nowhere")
    with init_project(tmp_path / "q", user="ana") as project:
        assert project.codebook() is None and project.known_codes() is None
    (tmp_path / "q" / ".qualcode" / "project.db").unlink()
    with pytest.raises(ProjectError, match="database is missing"):
        open_project(tmp_path / "q")


def test_one_name_is_taken_whole_where_several_may_be_given(project_dir, fake_engine):
    import yaml

    from qualcode.project.config import read_config
    from qualcode.project.documents import add_documents
    from qualcode.project.remove import plan_removal, remove_documents
    from qualcode.project.review import export_review

    with init_project(project_dir, sources="transcripts", codebook="codebook.yaml",
                      languages="id", interviewer_labels="Pewawancara", user="ana") as proj:
        written = yaml.safe_load(proj.config.config_path.read_text(encoding="utf-8"))
        assert (written["sources"], written["languages"], written["interviewer_labels"]) == (
            ["transcripts"], ["id"], ["Pewawancara"])
        assert read_config(project_dir).sources == ("transcripts",)
        add_documents(proj, project_dir / "transcripts" / "mk01.md")
        add_documents(proj, str(project_dir / "transcripts"))
        autocode(proj)
        assert project_codings(proj, status="suggested", source="auto", coder="tiny@1.0.0") \
            == project_codings(proj, status=["suggested"], source=["auto"],
                               coder=["tiny@1.0.0"])
        assert len(project_tables(proj, status="suggested")[0]) == 4
        assert list(project_codings_table(proj, status="suggested")["status"]) == \
            ["suggested"] * 4
        assert export_review(proj, project_dir / "r.xlsx", source="auto", codes="enabler") == 2
        assert [r.document for r in plan_removal(proj, "mk02")] == ["mk02"]
        with pytest.raises(ProjectError) as caught:
            remove_documents(proj, "mk02-dimas")
        assert caught.value.message == "not in the project: 'mk02-dimas'"
        with pytest.raises(ProjectError, match="status must be names"):
            project_codings(proj, status=[1])
        assert [r.document for r in remove_documents(proj, "mk02").removed] == ["mk02"]


def test_init_takes_paths_and_leaves_nothing_half_made(tmp_path, monkeypatch):
    import yaml

    from qualcode.project.store import Store

    with init_project(tmp_path / "s5", codebook=Path("codebook.yaml"),
                      cases=Path("transcripts") / "cases.csv",
                      sources=[Path("transcripts"), "more/"]) as project:
        written = yaml.safe_load(project.config.config_path.read_text(encoding="utf-8"))
        assert (written["codebook"], written["cases"], written["sources"]) == (
            "codebook.yaml", "transcripts/cases.csv", ["transcripts", "more"])
        assert project.config.resolve(project.config.codebook) == \
            tmp_path / "s5" / "codebook.yaml"
    with pytest.raises(ProjectError, match="codebook must be a file path, not int 3"):
        init_project(tmp_path / "s6", codebook=3)
    assert not (tmp_path / "s6").exists()

    def broken(*args, **kwargs):
        raise ProjectError("cannot open the project database (disk I/O error)")

    monkeypatch.setattr(Store, "open", broken)
    with pytest.raises(ProjectError, match="disk I/O error"):
        init_project(tmp_path / "new" / "deeper")
    assert not (tmp_path / "new").exists()  # the folders init made are gone again
    kept = tmp_path / "kept"
    (kept / "transcripts").mkdir(parents=True)
    with pytest.raises(ProjectError, match="disk I/O error"):
        init_project(kept)
    assert [p.name for p in kept.iterdir()] == ["transcripts"]  # the folder stays as it was
    monkeypatch.undo()
    (kept / ".qualcode").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ProjectError, match="cannot create the project") as caught:
        init_project(kept)
    assert caught.value.path == str(kept / ".qualcode")
    assert sorted(p.name for p in kept.iterdir()) == [".qualcode", "transcripts"]
    assert (kept / ".qualcode").read_text(encoding="utf-8") == "not a folder"


def test_a_closed_project_says_so(project_dir):
    with init_project(project_dir, user="ana"):
        pass
    with open_project(project_dir) as closed:
        pass
    for use in (lambda: project_codings(closed), closed.corpus, closed.store.documents,
                lambda: autocode(closed)):
        with pytest.raises(ProjectError) as caught:
            use()
        assert (caught.value.message, caught.value.hint) == (
            "the project is closed", "open it again with open_project(...)")
    closed.close()  # closing again does nothing


def _public_project_functions():
    import inspect

    import qualcode

    for name, module in sorted(qualcode._LAZY.items()):
        function = getattr(qualcode, name)
        if module.startswith("qualcode.project.") and inspect.isfunction(function):
            parameters = list(inspect.signature(function).parameters.values())
            if parameters and parameters[0].name == "project" and \
                    name not in ("open_project", "restore_project"):
                yield name, function, parameters


@pytest.mark.parametrize("name", [name for name, _, _ in _public_project_functions()])
def test_every_project_function_takes_the_open_project_not_its_folder(name, project_dir):
    function, parameters = next((f, p) for n, f, p in _public_project_functions() if n == name)
    others = ["x" for p in parameters[1:]
              if p.default is p.empty and p.kind == p.POSITIONAL_OR_KEYWORD]
    with pytest.raises(ProjectError) as caught:
        function(str(project_dir), *others)
    assert caught.value.message == \
        f"{name} takes an open Project, not the folder {str(project_dir)!r}"
    assert caught.value.hint.startswith("open it first: with qualcode.open_project(")
    with pytest.raises(ProjectError, match=f"{name} takes an open Project, not NoneType"):
        function(None, *others)


def test_restore_takes_the_folder_or_the_open_project(project, tmp_path):
    from qualcode.project.backup import backup_project, restore_project

    backup = backup_project(project, tmp_path / "b.db")
    assert restore_project(project, backup).documents == 2
    with pytest.raises(ProjectError, match="restore_project takes the project folder, not int"):
        restore_project(3, backup)
