import pytest

from qualcode.project.autocode import autocode
from qualcode.project.check import check_project
from qualcode.project.decisions import decide
from qualcode.project.documents import add_documents
from qualcode.project.importcsv import import_codings
from qualcode.project.memos import add_memo
from qualcode.project.renames import SIMILAR_TEXT, similarity

RINA = "transcripts/rina.md"


def _with_rina(project, samples, tmp_path, *names):
    """rina.md (its id from its name; a copy under each of ``names`` too) added with work on
    it: two manual codings (one with a memo), a memo on the document, one auto suggestion
    accepted and one rejected in review. Returns the codings of rina as stored."""
    text = samples.MK01.replace("id: mk01\n", "")
    for name in ("rina", *names):
        samples.write(project.root / "transcripts" / f"{name}.md", text)
    add_documents(project)
    csv = samples.write(tmp_path / "c.csv", "document,quote,code,memo\n"
                        "rina,dampingi anaknya,enabler,the first step\n"
                        "rina,minta guru ikut,advocate,\n")
    assert import_codings(project, csv).added == 2
    add_memo(project, "Rina is the case manager.", document="rina")
    autocode(project)
    suggested = project.store.codings(document="rina", status=["suggested"])
    assert [r.code for r in suggested] == ["enabler", "advocate"]
    decide(project, suggested[0].key, "accept")
    decide(project, suggested[1].key, "reject")
    return project.store.codings(document="rina")


def _state(rows):
    return sorted((r.key, r.start, r.end, r.code, r.coder, r.source, r.status, r.quote,
                   r.decided_by, r.orphaned) for r in rows)


def test_a_renamed_file_takes_its_codings_memos_and_decisions_along(project, samples, tmp_path,
                                                                   fake_engine):
    before = _with_rina(project, samples, tmp_path)
    memos = project.store.memos()
    order = [d.id for d in project.store.documents()]
    segments = len(project.store.segments("rina"))
    old = project.root / RINA
    new = old.with_name("informant-rina.md")
    old.rename(new)
    report = add_documents(project)
    (change,) = [c for c in report.changes if c.document == "informant-rina"]
    assert (change.action, change.renamed_from, change.kept, change.path) == (
        "renamed", "rina", 4, "transcripts/informant-rina.md")
    assert change.rename_note == "" and report.missing == ()
    assert (report.count("renamed"), report.count("added"), report.count("unchanged")) == (1, 0, 2)
    assert project.store.document("rina") is None
    assert [d.id for d in project.store.documents()] == [
        "informant-rina" if d == "rina" else d for d in order]
    after = project.store.codings(document="informant-rina")
    assert _state(after) == _state(before)
    text = project.store.document("informant-rina").text
    assert all(text[r.start:r.end] == r.quote for r in after)
    assert len(project.store.codings()) == 4 + len(project.store.codings(document="mk01")) + \
        len(project.store.codings(document="mk02"))
    assert len(project.store.segments("informant-rina")) == segments
    assert [(m.id, m.kind, m.target, m.text) for m in project.store.memos()] == [
        (m.id, m.kind, "informant-rina" if m.kind == "document" else m.target, m.text)
        for m in memos]
    assert project.store.memos("document", "informant-rina")[0].text == \
        "Rina is the case manager."
    renames = [a for a in project.store.audit() if a.action == "document.rename"]
    assert [(a.target, a.detail) for a in renames] == [("informant-rina", {
        "from": "rina", "path": RINA, "segments": segments, "codings": 4, "memos": 1})]
    assert check_project(project) == []
    # adding again changes nothing more
    assert {c.action for c in add_documents(project).changes} == {"unchanged"}


def test_a_renamed_and_edited_file_is_added_and_the_old_document_named(project, samples,
                                                                      tmp_path, fake_engine):
    before = _with_rina(project, samples, tmp_path)
    old = project.root / RINA
    edited = old.read_text(encoding="utf-8").replace("ikut menjaga", "ikut mengawasi")
    old.unlink()
    samples.write(project.root / "transcripts" / "informant-rina.md", edited)
    samples.write(project.root / "transcripts" / "budi.md", "Budi: Saya guru olahraga.\n")
    report = add_documents(project)
    changes = {c.document: c for c in report.changes}
    assert (changes["informant-rina"].action, changes["informant-rina"].similar_text,
            changes["informant-rina"].same_text) == ("added", ("rina",), ())
    assert changes["budi"].action == "added" and changes["budi"].rename_note == ""
    assert report.missing == ("rina",)
    assert _state(project.store.codings(document="rina")) == _state(before)
    assert project.store.codings(document="informant-rina", status=["accepted"]) == []
    assert len(project.store.memos("document", "rina")) == 1
    assert changes["informant-rina"].rename_note == (
        "informant-rina resembles rina, whose file is gone: if it is that document renamed and "
        "edited, its codings were not moved (they follow a renamed file only when the text is "
        "unchanged). To move them: 'qualcode remove informant-rina', give the file back its "
        "old name (or its old 'id:') and run 'qualcode add' (the codings are placed on the "
        "edited text), then rename it again and run 'qualcode add'.")


def test_the_advice_for_a_renamed_and_edited_file_moves_its_codings(project, samples,
                                                                    tmp_path, fake_engine):
    from qualcode.project.remove import remove_documents

    before = _with_rina(project, samples, tmp_path)
    old = project.root / RINA
    new = old.with_name("informant-rina.md")
    new.write_text(old.read_text(encoding="utf-8").replace("ikut menjaga", "ikut mengawasi"),
                   encoding="utf-8")
    old.unlink()
    add_documents(project)
    remove_documents(project, "informant-rina")
    new.rename(old)
    assert add_documents(project, [old]).changes[0].action == "updated"
    old.rename(new)
    (change,) = add_documents(project, [new]).changes
    assert (change.action, change.renamed_from) == ("renamed", "rina")
    assert {r.key for r in project.store.codings(document="informant-rina")} == \
        {r.key for r in before}


# stored: in the order the documents were added (files are read in name order)
@pytest.mark.parametrize("stored, read", [(("rina-copy", "rina"), ("informant-rina",)),
                                          (("rina",), ("informant-rina", "rina-2"))])
def test_several_documents_with_the_same_text_move_nothing(project, samples, tmp_path,
                                                           fake_engine, stored, read):
    before = _with_rina(project, samples, tmp_path, *(s for s in stored if s != "rina"))
    text = (project.root / RINA).read_text(encoding="utf-8")
    for name in stored:
        (project.root / "transcripts" / f"{name}.md").unlink()
    for name in read:
        samples.write(project.root / "transcripts" / f"{name}.md", text)
    report = add_documents(project)
    changes = {c.document: c for c in report.changes}
    for name in read:
        assert (changes[name].action, changes[name].same_text) == ("added", stored)
        assert project.store.codings(document=name, source=["manual"]) == []
    assert _state(project.store.codings(document="rina")) == _state(before)
    assert report.count("renamed") == 0 and report.missing == stored
    note = changes["informant-rina"].rename_note
    assert note.startswith(f"informant-rina has the same text as {', '.join(stored)}, whose ")
    keep = "To keep its codings" if stored == ("rina",) else \
        "To keep the codings of one of them (rina-copy, say)"
    assert f"so no codings were moved to informant-rina. {keep}: 'qualcode remove " \
        f"informant-rina', then give this file the id {stored[0]!r} ('id: {stored[0]}' in its " \
        "front matter, or its old name) and run 'qualcode add'; " in note
    assert note.endswith("qualcode has no command that moves codings from one document to "
                         "another.")


def test_a_copy_beside_the_old_file_is_another_document(project, samples, tmp_path,
                                                        fake_engine):
    before = _with_rina(project, samples, tmp_path)
    old = project.root / RINA
    old.with_name("informant-rina.md").write_text(old.read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    report = add_documents(project)
    changes = {c.document: c for c in report.changes}
    assert changes["informant-rina"].action == "added"
    assert changes["informant-rina"].rename_note == ""
    assert changes["rina"].action == "unchanged"
    assert _state(project.store.codings(document="rina")) == _state(before)
    assert project.store.codings(document="informant-rina", source=["manual"]) == []


def test_a_failure_after_the_rename_undoes_it(project, samples, tmp_path, fake_engine,
                                              monkeypatch):
    import qualcode.project.documents as documents

    before = _with_rina(project, samples, tmp_path)
    audit = len(project.store.audit())
    old = project.root / RINA
    old.rename(old.with_name("informant-rina.md"))

    def broken(*args, **kwargs):
        # the rename is made, inside the transaction, when the failure comes
        assert project.store.document("rina") is None
        assert len(project.store.codings(document="informant-rina")) == len(before)
        raise OSError("disk gone")

    monkeypatch.setattr(documents, "_store_document", broken)
    with pytest.raises(OSError, match="disk gone"):
        add_documents(project)
    assert project.store.document("informant-rina") is None
    assert _state(project.store.codings(document="rina")) == _state(before)
    assert len(project.store.memos("document", "rina")) == 1
    assert len(project.store.audit()) == audit


def test_similarity_tells_an_edited_transcript_from_another(samples):
    first, second = samples.MK01.split("---\n", 2)[2], samples.MK02.split("---\n", 2)[2]
    edited = first.replace("ikut menjaga", "ikut mengawasi")
    assert similarity(first, first) == 1.0
    assert similarity(first, edited) >= SIMILAR_TEXT > similarity(first, second)
    assert similarity("", "") == 0.0


def _survey(project, samples, tmp_path, rows):
    """survey.csv (respondent,answer) added under row-number ids, with a manual coding on
    survey-2 and survey-4 (when there are such rows) and a memo on survey-2."""
    table = samples.write(project.root / "survey.csv", "respondent,answer\n" + "".join(
        f"{who},{answer}\n" for who, answer in rows))
    add_documents(project, [table])
    lines = "".join(f"survey-{n},{rows[n - 2][1].split()[0]},enabler\n" for n in (2, 4)
                    if n - 2 < len(rows))
    assert import_codings(project, samples.write(tmp_path / "c.csv",
                                                 "document,quote,code\n" + lines)).added == 2
    add_memo(project, "Waited all morning.", document="survey-2")
    return table


def _reopened(project, **settings):
    from dataclasses import replace

    from qualcode.project.config import write_config
    from qualcode.project.core import open_project

    write_config(replace(project.config, **settings))
    return open_project(project.root, user="ana")


def test_answers_read_under_a_new_id_column_take_their_work_along(project, samples, tmp_path):
    table = _survey(project, samples, tmp_path, [("R1", "Menunggu berjam-jam."),
                                                  ("R2", "Guru baik."), ("R3", "Tidak."),
                                                  ("R4", "Tidak.")])
    before = {d: _state(project.store.codings(document=d)) for d in ("survey-2", "survey-4")}
    with _reopened(project, id_column="respondent") as reopened:
        report = add_documents(reopened, [table])
        store = reopened.store
        changes = {c.document: c for c in report.changes}
        assert [(c.document, c.action, c.renamed_from, c.kept) for c in report.changes] == [
            ("R1", "renamed", "survey-2", 1), ("R2", "renamed", "survey-3", 0),
            ("R3", "added", "", 0), ("R4", "added", "", 0)]
        # two answers "Tidak.": which stored answer each one was is not sure
        for new in ("R3", "R4"):
            assert (changes[new].same_text, changes[new].unyielded) == (
                ("survey-4", "survey-5"), ("survey-4", "survey-5"))
            assert store.codings(document=new) == []
        assert report.dropped == ("survey-4", "survey-5") and report.missing == ()
        assert _state(store.codings(document="R1")) == before["survey-2"]
        assert _state(store.codings(document="survey-4")) == before["survey-4"]
        assert store.memos("document", "R1")[0].text == "Waited all morning."
        assert [d.id for d in store.documents()] == ["mk01", "mk02", "R1", "R2", "survey-4",
                                                     "survey-5", "R3", "R4"]
        assert changes["R3"].rename_note == (
            "R3 has the same text as survey-4, survey-5, which the project holds but survey.csv "
            "no longer yields (its rows, or its id_column, text_column or sheet in "
            "qualcode.yaml, changed): which answer R3 was is not sure, so no codings were "
            "moved to R3; they stay on survey-4, survey-5. To keep them under the old ids: "
            "'qualcode remove R3' and go back to the earlier table or settings; else code R3 "
            "again and 'qualcode remove' the old ids.")
        assert check_project(reopened) == []
        assert add_documents(reopened, [table]).dropped == ("survey-4", "survey-5")


def test_a_stored_answer_is_not_taken_by_a_document_of_another_file(project, samples,
                                                                    tmp_path):
    table = _survey(project, samples, tmp_path, [("R1", "Menunggu berjam-jam."),
                                                  ("R2", "Guru baik."), ("R3", "Tidak.")])
    # the last answer leaves survey.csv, and another table has its text
    samples.write(table, "respondent,answer\nR1,Menunggu berjam-jam.\nR2,Guru baik.\n")
    other = samples.write(project.root / "other.csv", "respondent,answer\nX1,Tidak.\n")
    report = add_documents(project, [table, other])
    assert [(c.document, c.action, c.same_text, c.similar_text) for c in report.changes] == [
        ("survey-2", "unchanged", (), ()), ("survey-3", "unchanged", (), ()),
        ("other-2", "added", (), ())]
    assert report.dropped == ("survey-4",)
    assert len(project.store.codings(document="survey-4")) == 1


def test_rows_that_moved_up_a_table_are_warned_about(project, samples, tmp_path):
    table = _survey(project, samples, tmp_path, [("R1", "Menunggu berjam-jam."),
                                                  ("R2", "Guru baik."),
                                                  ("R3", "Tidak ada guru.")])
    samples.write(table, "respondent,answer\nR2,Guru baik.\nR3,Tidak ada guru.\n")
    report = add_documents(project, [table])
    assert [(c.document, c.action, c.text_of) for c in report.changes] == [
        ("survey-2", "updated", ("survey-3",)), ("survey-3", "updated", ("survey-4",))]
    assert report.dropped == ("survey-4",)
    assert report.changes[0].shift_note == (
        "survey-2 now has the text survey-3 had in survey.csv: the table's rows seem to have "
        "moved (ids from row numbers shift when a row is deleted or inserted), so any "
        "codings of survey-2 were placed on what is likely another respondent's answer, or "
        "orphaned. Put the table back as it was and run 'qualcode add' (or restore a "
        "backup), then set id_column in qualcode.yaml to a column of ids before changing its "
        "rows.")


def test_a_transcript_whose_id_changed_is_renamed(project, samples):
    before = _state(project.store.codings(document="mk01"))
    path = project.root / "transcripts" / "mk01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("id: mk01", "id: mk-01"),
                    encoding="utf-8")
    report = add_documents(project)
    assert [(c.document, c.action, c.renamed_from) for c in report.changes
            if c.action != "unchanged"] == [("mk-01", "renamed", "mk01")]
    assert (report.dropped, report.missing) == ((), ())
    assert _state(project.store.codings(document="mk-01")) == before
