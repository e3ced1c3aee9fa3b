import pytest

from qualcode.errors import InputError
from qualcode.project.core import project_codings, text_hash
from qualcode.project.documents import add_documents
from qualcode.project.importcsv import import_codings


def test_documents_are_stored_with_hashes_and_segments(project, samples):
    docs = project.store.documents()
    assert [(d.id, d.path, d.version) for d in docs] == [
        ("mk01", "transcripts/mk01.md", 1), ("mk02", "transcripts/mk02.md", 1)]
    assert docs[0].text == samples.MK01.split("---\n", 2)[2]
    assert docs[0].text_hash == text_hash(docs[0].text)
    corpus = project.corpus()
    assert [(s.speaker, s.interviewer) for s in corpus.segments["mk01"]] == [
        ("Pewawancara", True), ("Rina", False), ("Pewawancara", True), ("Rina", False)]
    assert corpus.document("mk01").case == "MK01"
    report = add_documents(project)
    assert [c.action for c in report.changes] == ["unchanged", "unchanged"]
    assert project.store.documents()[0].version == 1


def test_changed_document_keeps_its_codings(project, samples, tmp_path):
    csv = samples.write(tmp_path / "c.csv", "document,quote,code,coder\n"
                        "mk01,dampingi anaknya,enabler,ana\n"
                        "mk01,Pewawancara: Apa yang Ibu,advocate,ana\n"
                        "mk01,minta guru ikut,advocate,ana\n"
                        "mk01,supaya mau cerita,enabler,ana\n")
    assert import_codings(project, csv).added == 4
    path = project.root / "transcripts" / "mk01.md"
    edited = (samples.MK01.replace("dampingi anaknya", "dampingi  Anaknya")
              .replace("Pewawancara: Apa yang", "Peneliti: Apa yang")
              .replace("supaya mau cerita", "agar mau bercerita")
              .replace("language: id\n---\n", "language: id\n---\nCatatan.\n\n"))
    samples.write(path, edited)
    report = add_documents(project, [path])
    (change,) = report.changes
    assert (change.action, change.kept, change.moved, change.tolerant) == ("updated", 0, 1, 1)
    assert [(o.code, o.quote) for o in change.orphaned] == [
        ("advocate", "Pewawancara: Apa yang Ibu"), ("enabler", "supaya mau cerita")]
    placed = {r.quote: r for r in project.store.codings(orphaned=False)}
    text = project.store.document("mk01").text
    assert {q: text[r.start:r.end] for q, r in placed.items()} == {
        "dampingi  Anaknya": "dampingi  Anaknya", "minta guru ikut": "minta guru ikut"}
    orphans = project.store.codings(orphaned=True)
    assert sorted(r.quote for r in orphans) == ["Pewawancara: Apa yang Ibu", "supaya mau cerita"]
    # orphans are kept, but neither counted nor listed
    assert len(project.store.codings()) == 4
    assert len(project_codings(project)) == 2
    assert project.store.document("mk01").version == 2
    actions = [a.action for a in project.store.audit()]
    assert actions.count("coding.orphan") == 2 and actions.count("coding.reanchor") == 2


def test_another_file_with_a_held_id_is_refused_and_a_moved_one_taken(project, samples,
                                                                       tmp_path):
    import pytest

    from qualcode.errors import ProjectError

    csv = samples.write(tmp_path / "c.csv", "document,quote,code,coder\n"
                        "mk01,dampingi anaknya,enabler,ana\n")
    assert import_codings(project, csv).added == 1
    original = project.root / "transcripts" / "mk01.md"
    other = samples.write(tmp_path / "elsewhere" / "mk01.md", samples.MK02.replace(
        "id: mk02", "id: mk01"))
    with pytest.raises(ProjectError, match="two files have the document id 'mk01'") as caught:
        add_documents(project, [other])
    assert "qualcode remove mk01" in caught.value.hint
    assert project.store.document("mk01").path == "transcripts/mk01.md"
    assert len(project_codings(project)) == 1
    # the same file moved: its old path is gone, so it is the same document
    moved = tmp_path / "moved" / "mk01.md"
    moved.parent.mkdir()
    original.rename(moved)
    (change,) = add_documents(project, [moved]).changes
    assert change.action == "unchanged" and project.store.document("mk01").path == str(moved)
    assert len(project_codings(project)) == 1


def test_an_orphan_returns_when_its_text_does(project, samples, tmp_path):
    csv = samples.write(tmp_path / "c.csv", "document,quote,code\nmk02,baru ke sekolah,advocate\n")
    import_codings(project, csv)
    path = project.root / "transcripts" / "mk02.md"
    original = path.read_text(encoding="utf-8")
    samples.write(path, original.replace("baru ke sekolah", "lalu ke kantor"))
    assert len(add_documents(project, [path]).orphaned) == 1
    samples.write(path, original)
    report = add_documents(project, [path])
    assert report.orphaned == () and report.changes[0].moved + report.changes[0].kept == 1
    (row,) = project.store.codings()
    assert not row.orphaned and row.quote == "baru ke sekolah"


def test_markup_codings_are_added_once_and_missing_tags_reported(project, samples):
    path = project.root / "transcripts" / "mk02.md"
    samples.write(path, samples.MK01.replace("mk01", "mk02").replace(
        "Saya dampingi anaknya", "Saya {enabler}dampingi anaknya{/enabler}"))
    change = add_documents(project, [path]).changes[0]
    assert (change.action, change.markup_added) == ("updated", 1)
    (row,) = project.store.codings()
    assert (row.quote, row.coder, row.source, row.status, row.rule) == (
        "dampingi anaknya", "ana", "manual", "accepted", "markup")
    assert add_documents(project, [path]).changes[0].markup_added == 0
    samples.write(path, path.read_text(encoding="utf-8").replace("{enabler}", "").replace(
        "{/enabler}", ""))
    change = add_documents(project, [path]).changes[0]
    assert (change.action, change.markup_missing) == ("unchanged", (row.key,))
    assert len(project.store.codings()) == 1


def test_a_moved_closing_tag_moves_its_coding(project, samples):
    from qualcode.project.memos import add_memo

    path = project.root / "transcripts" / "mk02.md"
    samples.write(path, samples.MK01.replace("mk01", "mk02").replace(
        "Saya dampingi anaknya", "Saya {enabler}dampingi anaknya{/enabler}"))
    add_documents(project, [path])
    (row,) = project.store.codings()
    add_memo(project, "kept with the coding", coding=row.key)
    samples.write(path, path.read_text(encoding="utf-8").replace(
        "dampingi anaknya{/enabler}", "dampingi{/enabler} anaknya"))
    change = add_documents(project, [path]).changes[0]
    assert (change.markup_added, change.markup_moved, change.markup_missing) == (0, 1, ())
    (moved,) = project.store.codings()  # one coding, not the old and the new
    assert (moved.key, moved.quote) == (row.key, "dampingi")
    assert [m.target for m in project.store.memos("coding")] == [row.key]
    # a tag of the same code elsewhere is a new coding; the old one is kept and reported
    samples.write(path, path.read_text(encoding="utf-8").replace(
        "{enabler}dampingi{/enabler}", "dampingi").replace(
            "pelan-pelan", "{enabler}pelan-pelan{/enabler}"))
    change = add_documents(project, [path]).changes[0]
    assert (change.markup_added, change.markup_moved) == (1, 0)
    assert change.markup_missing == (row.key,)


def test_bad_markup_stops_the_whole_add(project, samples):
    path = project.root / "transcripts" / "mk02.md"
    samples.write(path, samples.MK01.replace("mk01", "mk02")
                  .replace("dampingi", "{enabler}dampingi")
                  .replace("sekolah?", "sekolah? {ghost}x{/ghost}"))
    before = project.store.document("mk02").text
    with pytest.raises(InputError) as err:
        add_documents(project, [path])
    assert [(i.code, i.line) for i in err.value.issues] == [
        ("M104", 8), ("M101", 10), ("M101", 10)]
    assert project.store.document("mk02").text == before


def test_a_new_unit_segments_every_document_again_even_without_its_file(project, samples):
    from qualcode.errors import ProjectError
    from qualcode.project.autocode import autocode
    from qualcode.project.check import check_project
    from qualcode.project.config import write_config

    (project.root / "transcripts" / "mk02.md").unlink()
    object.__setattr__(project.config, "unit", "sentence")
    write_config(project.config)
    assert [i.code for i in check_project(project)] == ["C112", "C112"]
    with pytest.raises(ProjectError, match="segmented by another unit"):
        autocode(project)
    report = add_documents(project)
    assert [(c.document, c.action, c.resegmented) for c in report.changes] == [
        ("mk01", "unchanged", True), ("mk02", "unchanged", True)]
    assert report.missing == ("mk02",)
    assert {s.unit for s in project.store.segments()} == {"sentence"}
    assert check_project(project) == []


def test_a_response_table_is_read_with_the_project_s_table_settings(project):
    from dataclasses import replace

    from qualcode.project.config import write_config
    from qualcode.project.core import open_project

    table = project.root / "survey.csv"
    table.write_text("Respondent,Komentar\nR1,Saya takut.\nR2,Guru baik.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        add_documents(project, [table])
    assert err.value.hint == "set one of Respondent, Komentar as text_column in qualcode.yaml"
    write_config(replace(project.config, text_column="Komentar", id_column="Respondent"))
    with open_project(project.root, user="ana") as reopened:
        report = add_documents(reopened, [table])
    assert [(c.document, c.action) for c in report.changes] == [("R1", "added"), ("R2", "added")]
