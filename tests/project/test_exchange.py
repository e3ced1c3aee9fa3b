"""A project exported as a REFI-QDA file and read back."""

from __future__ import annotations

from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.exchange.importer import import_qdpx
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.project.exchange import export_project_qdpx, project_notes
from qualcode.project.memos import add_memo


def _codings(project) -> list[tuple[str, str, str, str]]:
    return [(c.document, c.code, c.status, c.memo) for c in project.codings]


def test_texts_codings_and_memos_of_a_project_travel(project, samples, tmp_path,
                                                     fake_engine):
    from qualcode.project.autocode import autocode
    from qualcode.project.importcsv import import_codings

    autocode(project)  # suggestions only
    import_codings(project, samples.write(tmp_path / "c.csv",
                                          "document,quote,code\nmk01,dampingi,enabler\n"))
    manual = next(r for r in project.store.codings() if r.status == "accepted")
    add_memo(project, "Trust first.", code="enabler")
    add_memo(project, "Interview was short.", document="mk02")
    add_memo(project, "Clear instance.", coding=manual.key)
    out = tmp_path / "study.qdpx"
    warnings = export_project_qdpx(project, out)
    assert "X118" in [w.code for w in warnings]  # the suggestions stayed out
    read = read_qdpx(out)
    assert read.name == project.config.name
    assert [d.id for d in read.documents] == ["mk01", "mk02"]
    stored = {d.id: d.text for d in project.stored_documents()}
    assert {d.id: d.text for d in read.documents} == stored
    assert _codings(read) == [("mk01", "enabler", "", "Clear instance.")]
    notes = {n.name.split(" (")[0]: (n.text, n.targets, n.author) for n in read.notes}
    assert notes == {"Memo on code enabler": ("Trust first.", ("code:enabler",), "ana"),
                     "Memo on document mk02": ("Interview was short.", ("document:mk02",),
                                               "ana")}
    assert [n.targets for n in project_notes(project)] == [("code:enabler",),
                                                          ("document:mk02",)]
    # the notes land where qualcode's import puts memos: the code's memo, the front matter
    imported = import_qdpx(out, tmp_path / "back")
    assert imported.codebook.code("enabler").memo.endswith("Trust first.")
    assert "memo: Interview was short." in (tmp_path / "back" / "texts" / "mk02.txt").read_text(
        encoding="utf-8")
    export_project_qdpx(project, out, suggested=True)
    assert sorted({c.status for c in read_qdpx(out).codings}) == ["", "suggested"]


def test_export_qdpx_project_option(project, tmp_path):
    runner = CliRunner()
    out = tmp_path / "p.qdpx"
    result = runner.invoke(app, ["export", "qdpx", "--project", str(project.root), "-o",
                                 str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stdout + result.stderr and out.is_file()
    result = runner.invoke(app, ["export", "qdpx", str(tmp_path), "--project",
                                 str(project.root), "-o", str(out)])
    assert result.exit_code == 2 and "not both" in result.stderr
    result = runner.invoke(app, ["export", "qdpx", "--project", str(project.root)])
    assert result.exit_code == 2 and "--output" in result.stderr


def test_export_qdpx_without_paths_outside_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    result = CliRunner().invoke(app, ["export", "qdpx", "-o", str(tmp_path / "x.qdpx")])
    assert result.exit_code == 2
    assert "give the transcripts to export, or --project DIR" in result.stderr
