import pytest

from qualcode.errors import ProjectError
from qualcode.project.autocode import AutocodeReport, autocode
from qualcode.project.core import init_project
from qualcode.project.decisions import decide
from qualcode.project.memos import add_memo


def _state(project):
    text = {d.id: d.text for d in project.store.documents()}
    return sorted((r.document, text[r.document][r.start:r.end][:12], r.code, r.status)
                  for r in project.store.codings())


def test_suggestions_are_stored(project, fake_engine):
    report = autocode(project)
    assert report == AutocodeReport("tiny@1.0.0", 2, added=4)
    assert _state(project) == [
        ("mk01", "Saya damping", "enabler", "suggested"),
        ("mk01", "Saya datang ", "advocate", "suggested"),
        ("mk02", "Saya damping", "advocate", "suggested"),
        ("mk02", "Saya damping", "enabler", "suggested"),
    ]
    assert {(r.source, r.coder, r.rule, r.match) for r in project.store.codings()} == {
        ("auto", "tiny@1.0.0", "enabler.rules[0]", "dampingi"),
        ("auto", "tiny@1.0.0", "advocate.rules[0]", "sekolah")}
    assert autocode(project) == AutocodeReport("tiny@1.0.0", 2, unchanged=4)


def test_codebook_edit_updates_only_pending_suggestions(project, fake_engine):
    autocode(project)
    rows = {(r.document, r.code): r for r in project.store.codings()}
    decide(project, rows[("mk01", "enabler")].key, "accept")
    decide(project, rows[("mk02", "enabler")].key, "reject")
    add_memo(project, "check this one", coding=rows[("mk02", "advocate")].key)
    book = project.root / "codebook.yaml"
    book.write_text(book.read_text(encoding="utf-8")
                    .replace('version: "1.0.0"', 'version: "1.1.0"')
                    .replace("[sekolah]", "[guru]")
                    .replace("[dampingi]", "[dampingi, keluarganya]"), encoding="utf-8")
    project._codebooks.clear()
    report = autocode(project)
    assert report == AutocodeReport("tiny@1.1.0", 2, added=0, updated=1, removed=0,
                                    kept_with_memo=1, accepted=1, rejected=1)
    assert _state(project) == [
        ("mk01", "Saya damping", "enabler", "accepted"),
        ("mk01", "Saya datang ", "advocate", "suggested"),
        ("mk02", "Saya damping", "advocate", "suggested"),  # kept for its memo
        ("mk02", "Saya damping", "enabler", "rejected"),  # not suggested again
    ]
    assert rows[("mk01", "enabler")].coder == project.store.coding(
        rows[("mk01", "enabler")].key).coder == "tiny@1.0.0"
    # the pending advocate suggestion in mk01 now fires on 'guru' under the new version
    updated = project.store.coding(rows[("mk01", "advocate")].key)
    assert (updated.coder, updated.match) == ("tiny@1.1.0", "guru")


def test_stale_pending_suggestions_are_removed_and_manual_codings_stay(project, fake_engine,
                                                                       samples, tmp_path):
    from qualcode.project.importcsv import import_codings

    autocode(project)
    csv = samples.write(tmp_path / "c.csv", "document,quote,code\nmk01,ke sekolah,advocate\n")
    import_codings(project, csv)
    book = project.root / "codebook.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("[sekolah]", "[zzz]"),
                    encoding="utf-8")
    project._codebooks.clear()
    assert autocode(project) == AutocodeReport("tiny@1.0.0", 2, unchanged=2, removed=2)
    assert _state(project) == [
        ("mk01", "Saya damping", "enabler", "suggested"),
        ("mk01", "ke sekolah", "advocate", "accepted"),
        ("mk02", "Saya damping", "enabler", "suggested"),
    ]
    actions = [a.action for a in project.store.audit()]
    assert actions.count("coding.suggest") == 4 and actions.count("coding.unsuggest") == 2


def test_autocode_needs_a_codebook(tmp_path):
    with init_project(tmp_path / "p", user="ana") as project, \
            pytest.raises(ProjectError, match="needs a codebook"):
        autocode(project)
