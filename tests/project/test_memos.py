import pytest

from qualcode.errors import ProjectError
from qualcode.project.core import project_codings_table
from qualcode.project.memos import add_memo, list_memos, memos_table


def test_memos_on_codes_documents_and_codings(project, samples, tmp_path):
    from qualcode.project.importcsv import import_codings

    import_codings(project, samples.write(tmp_path / "c.csv",
                                          "document,quote,code\nmk01,dampingi,enabler\n"))
    (row,) = project.store.codings()
    add_memo(project, "  Trust first. ", code="enabler")
    add_memo(project, "Interview was short.", document="mk02")
    add_memo(project, "Clear instance.", coding=row.key)
    add_memo(project, "Second thought.", coding=row.key)
    assert [(m.kind, m.target, m.text, m.author) for m in list_memos(project)] == [
        ("code", "enabler", "Trust first.", "ana"), ("document", "mk02", "Interview was short.",
                                                     "ana"),
        ("coding", row.key, "Clear instance.", "ana"), ("coding", row.key, "Second thought.",
                                                        "ana")]
    assert list(memos_table(project, "code").columns) == ["kind", "target", "text", "author",
                                                          "created_at"]
    table = project_codings_table(project)
    assert table["memo"].tolist() == ["Clear instance.\nSecond thought."]
    assert [a.action for a in project.store.audit()][-4:] == ["memo.add"] * 4


def test_memo_targets_are_checked(project):
    with pytest.raises(ProjectError, match="exactly one"):
        add_memo(project, "x")
    with pytest.raises(ProjectError, match="exactly one"):
        add_memo(project, "x", code="enabler", document="mk01")
    with pytest.raises(ProjectError, match="unknown code 'enabeler'") as err:
        add_memo(project, "x", code="enabeler")
    assert err.value.hint == "did you mean 'enabler'?"
    with pytest.raises(ProjectError, match="unknown document 'mk03'"):
        add_memo(project, "x", document="mk03")
    with pytest.raises(ProjectError, match="no coding has the key 'abc'"):
        add_memo(project, "x", coding="abc")
    with pytest.raises(ProjectError, match="the memo is empty"):
        add_memo(project, "  ", code="enabler")
    with pytest.raises(ProjectError, match="unknown memo kind"):
        list_memos(project, "segment")
