import pytest

from qualcode.errors import ProjectError
from qualcode.project.autocode import autocode
from qualcode.project.core import project_codings
from qualcode.project.importcsv import import_codings
from qualcode.project.memos import add_memo
from qualcode.project.remove import plan_removal, remove_documents


def _state(project):
    store = project.store
    return ([d.id for d in store.documents()], sorted({s.document for s in store.segments()}),
            sorted({c.document for c in store.codings()}), [m.target for m in store.memos()])


def test_pending_suggestions_go_without_force(project, fake_engine):
    autocode(project)
    suggested = [c for c in project.store.codings() if c.document == "mk01"]
    assert suggested and {(c.source, c.status) for c in suggested} == {("auto", "suggested")}
    (plan,) = plan_removal(project, ["mk01"])
    assert (plan.document, plan.path, plan.suggestions, plan.human, plan.memos) == (
        "mk01", "transcripts/mk01.md", len(suggested), 0, 0)
    assert plan.in_sources and not plan.has_work
    report = remove_documents(project, ["mk01"])
    assert report.backup is None and not report.dry_run
    documents, segmented, coded, _ = _state(project)
    assert documents == segmented == coded == ["mk02"]
    actions = [a.action for a in project.store.audit()]
    assert actions.count("coding.remove") == len(suggested)
    assert actions[-1] == "document.remove"
    assert project.store.audit()[-1].detail["path"] == "transcripts/mk01.md"
    assert project.store.integrity_problems() == []


def test_work_by_people_needs_force_and_is_backed_up(project, samples, tmp_path):
    import_codings(project, samples.write(tmp_path / "c.csv", "document,quote,code,coder\n"
                                          "mk01,dampingi anaknya,enabler,ana\n"
                                          "mk02,baru ke sekolah,advocate,ana\n"))
    keys = {c.document: c.key for c in project.store.codings()}
    add_memo(project, "on the coding", coding=keys["mk01"])
    add_memo(project, "on the document", document="mk01")
    add_memo(project, "kept", document="mk02")
    before = _state(project)
    with pytest.raises(ProjectError) as err:
        remove_documents(project, ["mk01"])
    assert "mk01: 1 coding(s) made or reviewed by people, 2 memo(s)" in str(err.value)
    assert _state(project) == before  # nothing removed
    dry = remove_documents(project, ["mk01"], dry_run=True)
    assert dry.dry_run and dry.removed[0].human == 1 and dry.removed[0].memos == 2
    assert _state(project) == before
    report = remove_documents(project, ["mk01"], force=True)
    assert report.backup is not None and report.backup.parent.name == "backups"
    assert _state(project) == (["mk02"], ["mk02"], ["mk02"], ["mk02"])
    assert [r.document for r in project_codings(project)] == ["mk02"]
    memo_log = [a for a in project.store.audit() if a.action == "memo.delete"]
    assert sorted(a.detail["text"] for a in memo_log) == ["on the coding", "on the document"]
    # the backup holds the removed work
    from qualcode.project.store import Store

    with Store.open(report.backup, user="x") as copy:
        assert [d.id for d in copy.documents()] == ["mk01", "mk02"]
        assert len(copy.memos()) == 3


def test_a_reviewed_suggestion_is_work(project, fake_engine):
    autocode(project)
    row = next(c for c in project.store.codings() if c.document == "mk02")
    project.store.update_coding(row.key, status="rejected")
    with pytest.raises(ProjectError, match="mk02: 1 coding"):
        remove_documents(project, ["mk02"])


def test_unknown_documents_are_named_and_nothing_changes(project):
    before = _state(project)
    with pytest.raises(ProjectError) as err:
        remove_documents(project, ["mk01", "mk03", "nope"])
    assert "not in the project: 'mk03', 'nope'" in str(err.value)
    assert "did you mean 'mk01'" in err.value.render() or "mk02" in err.value.render()
    with pytest.raises(ProjectError, match="no documents named"):
        remove_documents(project, [])
    assert _state(project) == before


def test_a_file_outside_the_sources_is_not_flagged(project, samples, tmp_path):
    from qualcode.project.documents import add_documents

    extra = samples.write(project.root / "elsewhere" / "mk09.md",
                          samples.MK02.replace("id: mk02", "id: mk09"))
    add_documents(project, [extra])
    (plan,) = plan_removal(project, ["mk09"])
    assert plan.path == "elsewhere/mk09.md" and not plan.in_sources
    remove_documents(project, ["mk09", "mk09"])  # a repeat is one removal
    assert [d.id for d in project.store.documents()] == ["mk01", "mk02"]
