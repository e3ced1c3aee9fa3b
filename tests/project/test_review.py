import pytest
from openpyxl import load_workbook

from qualcode.errors import ProjectError
from qualcode.project.autocode import autocode
from qualcode.project.decisions import decide
from qualcode.project.memos import add_memo
from qualcode.project.review import REVIEW_COLUMNS, export_review, import_review


def _sheet(path):
    book = load_workbook(path)
    return book, book["review"]


def _fill(path, decisions):
    """decisions: {(document, code): (decision, recode_to, note)}"""
    book, sheet = _sheet(path)
    col = {c.value: c.column for c in sheet[1]}
    for r in range(2, sheet.max_row + 1):
        key = (sheet.cell(r, col["document"]).value, sheet.cell(r, col["code"]).value)
        if key in decisions:
            decision, recode_to, note = decisions[key]
            sheet.cell(r, col["decision"]).value = decision
            sheet.cell(r, col["recode_to"]).value = recode_to
            sheet.cell(r, col["note"]).value = note
    book.save(path)


def _first_row_accepted(project, tmp_path):
    """The suggestions exported, the first row of the sheet accepted there (not imported yet):
    the sheet and that row's coding as the sheet showed it."""
    out = _exported(project, tmp_path)
    book, sheet = _sheet(out)
    key = sheet["A2"].value
    sheet["R2"] = "accept"
    book.save(out)
    return out, project.store.coding(key)


def _exported(project, tmp_path):
    """The project auto-coded and its suggestions exported to ``review.xlsx``."""
    autocode(project)
    out = tmp_path / "review.xlsx"
    export_review(project, out)
    return out


def test_export_writes_context_definitions_and_dropdowns(project, fake_engine, tmp_path):
    autocode(project)
    key = project.store.codings(document="mk01")[0].key
    add_memo(project, "@ambiguous", coding=key)
    add_memo(project, "Includes pressing the school.", code="advocate")
    out = tmp_path / "review.xlsx"
    assert export_review(project, out) == 4
    book, sheet = _sheet(out)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == REVIEW_COLUMNS
    first = dict(zip(REVIEW_COLUMNS, rows[1], strict=True))
    assert {k: first[k] for k in ("key", "document", "case", "segment", "speaker", "code",
                                  "label", "definition", "previous", "text", "next", "status",
                                  "memo", "decision")} == {
        "key": key, "document": "mk01", "case": "MK01", "segment": 1, "speaker": "Rina",
        "code": "enabler", "label": "Enabler", "definition": "Builds the child's trust.",
        "previous": "Apa yang Ibu lakukan pertama kali?",
        "text": "Saya dampingi anaknya pelan-pelan supaya mau cerita.",
        "next": "Lalu bagaimana dengan pihak sekolah?", "status": "suggested",
        "memo": "@ambiguous", "decision": None}
    # the text as it is, in a text cell with the quote prefix: never a formula, even when edited
    definition = sheet.cell(3, REVIEW_COLUMNS.index("definition") + 1)
    assert (definition.value, definition.data_type, definition.quotePrefix) == (
        "=Acts for the child's rights.", "s", True)
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["B"].hidden
    validations = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert validations == {'"accept,reject,recode"', "=codes!$A$2:$A$3"}
    codes = list(book["codes"].iter_rows(values_only=True))
    assert codes[2] == ("advocate", "Advocate", "role", "=Acts for the child's rights.",
                        "Includes pressing the school.")


def test_import_applies_decisions_and_reports_conflicts(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("accept", None, "clear case"),
                ("mk01", "advocate"): ("recode", "enabler", None),
                ("mk02", "enabler"): ("Reject", None, "'=1+1"),
                ("mk02", "advocate"): ("maybe", None, None)})
    report = import_review(project, out)
    assert (report.accepted, report.rejected, report.recoded, report.unchanged,
            report.memos) == (1, 1, 1, 0, 2)
    assert [(i.code, i.line) for i in report.conflicts] == [("R105", 5)]
    text = {d.id: d.text for d in project.store.documents()}
    assert sorted((r.document, r.code, r.status, r.source, r.coder, text[r.document][r.start:
                   r.start + 12]) for r in project.store.codings()) == [
        ("mk01", "advocate", "rejected", "auto", "tiny@1.0.0", "Saya datang "),
        ("mk01", "enabler", "accepted", "auto", "tiny@1.0.0", "Saya damping"),
        ("mk01", "enabler", "accepted", "manual", "ana", "Saya datang "),
        ("mk02", "advocate", "suggested", "auto", "tiny@1.0.0", "Saya damping"),
        ("mk02", "enabler", "rejected", "auto", "tiny@1.0.0", "Saya damping"),
    ]
    assert [m.text for m in project.store.memos("coding")] == ["clear case",
                                                                '=1+1']
    # the same sheet again: its decisions are in already, nothing changes and nothing conflicts
    before = sorted((r.key, r.status, r.code) for r in project.store.codings())
    again = import_review(project, out)
    assert [(i.code, i.line) for i in again.conflicts] == [("R105", 5)]
    assert (again.accepted, again.rejected, again.recoded, again.unchanged, again.memos) == (
        0, 0, 0, 3, 0)
    assert sorted((r.key, r.status, r.code) for r in project.store.codings()) == before
    assert len(project.store.memos("coding")) == 2
    # someone else decided a row otherwise since: that one is a conflict
    accepted = next(r for r in project.store.codings(document="mk01")
                    if r.code == "enabler" and r.source == "auto")
    decide(project, accepted.key, "reject")
    third = import_review(project, out)
    assert [(i.code, i.line) for i in third.conflicts] == [("R104", 2), ("R105", 5)]
    assert project.store.coding(accepted.key).status == "rejected"


def test_conflicts_for_deleted_duplicated_and_unknown_rows(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    book, sheet = _sheet(out)
    sheet["R2"] = "accept"  # decision of row 2
    sheet["R3"] = "recode"
    sheet["S3"] = "ghost"
    sheet["R4"] = "accept"
    sheet["A4"] = None  # key wiped
    sheet.append([sheet["A2"].value, sheet["B2"].value] + [None] * 15 + ["reject"])
    book.save(out)
    decide(project, project.store.codings(document="mk02", status=["suggested"])[-1].key,
           "accept")
    report = import_review(project, out)
    # row 6 lists row 2's coding again with another decision: neither is applied
    assert [(i.code, i.line) for i in report.conflicts] == [
        ("R102", 2), ("R106", 3), ("R101", 4), ("R102", 6)]
    assert "with another decision (rows 6)" in report.conflicts[0].message
    assert report.accepted == 0
    assert project.store.coding(sheet["A2"].value).status == "suggested"
    sheet["R6"] = "accept"  # the same decision twice: applied once, the repeat reported
    book.save(out)
    report = import_review(project, out)
    assert [(i.code, i.line) for i in report.conflicts if i.code == "R102"] == [("R102", 6)]
    assert report.accepted == 1
    book, sheet = _sheet(out)
    key = sheet["A5"].value
    project.store.delete_codings([key])
    sheet["R5"] = "reject"
    book.save(out)
    assert [(i.code, i.line) for i in import_review(project, out).conflicts if
            i.line == 5] == [("R103", 5)]
    sheet["S3"] = None  # recode without a code
    book.save(out)
    (empty,) = [i for i in import_review(project, out).conflicts if i.line == 3]
    assert (empty.code, empty.message) == ("R106", "recode without a code in recode_to")


def test_unreadable_workbooks_are_refused(project, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ProjectError, match="cannot read the review workbook"):
        import_review(project, bad)
    from openpyxl import Workbook

    Workbook().save(bad)
    with pytest.raises(ProjectError, match="has no 'review' sheet"):
        import_review(project, bad)


def test_export_keeps_a_workbook_with_decisions_not_imported(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("accept", None, None)})
    decided = out.read_bytes()
    with pytest.raises(ProjectError, match="holds 1 decision"):
        export_review(project, out)
    assert out.read_bytes() == decided
    import_review(project, out)
    assert export_review(project, out) == 3  # imported: a new round may replace it
    _fill(out, {("mk02", "enabler"): ("reject", None, "why")})
    assert export_review(project, out, force=True) == 3
    with pytest.raises(ProjectError, match=r"is an \.xlsx file"):
        export_review(project, tmp_path / "review.csv")
    with pytest.raises(ProjectError, match=r"unknown code 'enabeler'\nHint: did you mean"):
        export_review(project, out, codes=["enabeler"])
    with pytest.raises(ProjectError, match="unknown source 'bogus'"):
        export_review(project, out, source=["bogus"])


def test_recode_onto_a_suggestion_of_the_same_passage_accepts_it(project, fake_engine,
                                                                  tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk02", "advocate"): ("recode", "enabler", None),
                ("mk01", "enabler"): ("accept", "advocate", None)})
    before = len(project.store.codings())
    report = import_review(project, out)
    assert [(i.code, i.line) for i in report.conflicts] == [("R107", 2)]
    assert report.recoded == 1 and len(project.store.codings()) == before  # nothing added
    mk02 = {r.code: r.status for r in project.store.codings(document="mk02")}
    assert mk02 == {"advocate": "rejected", "enabler": "accepted"}
    assert {r.code: r.status for r in project.store.codings(document="mk01")}["enabler"] == \
        "suggested"  # the ambiguous row was not applied
    again = import_review(project, out)  # the recode is in already: unchanged, no conflict
    assert [(i.code, i.line) for i in again.conflicts] == [("R107", 2)]
    assert (again.recoded, again.unchanged) == (0, 1)


def test_a_workbook_of_another_project_is_refused_whole(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("accept", None, None),
                ("mk02", "enabler"): ("reject", None, None)})
    project.store.delete_codings([r.key for r in project.store.codings()])  # as elsewhere
    with pytest.raises(ProjectError, match="none of the 2 decided rows names a coding of this "
                       "project"):
        import_review(project, out)


def test_a_note_without_a_decision_is_stored_once(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): (None, None, "only a note")})
    for _ in range(3):
        import_review(project, out)
    assert [m.text for m in project.store.memos("coding")] == ["only a note"]


def test_a_decision_formula_without_a_saved_value_is_reported(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ('=IF(1,"accept","reject")', None, None),
                ("mk02", "enabler"): ("reject", None, None)})
    report = import_review(project, out)  # openpyxl writes formulas without computing them
    assert [(i.code, i.line) for i in report.conflicts] == [("R108", 2)]
    assert report.rejected == 1


def test_decide_says_what_a_decision_needs(project, fake_engine):
    autocode(project)
    key = project.store.codings(document="mk01", status=["suggested"])[0].key
    with pytest.raises(ProjectError) as caught:
        decide(project, key, "recode")
    assert (caught.value.message, caught.value.hint) == (
        "recode needs recode_to, the code that replaces the coding's code",
        "pass recode_to='CODE'; known codes: advocate, enabler")
    with pytest.raises(ProjectError) as caught:
        decide(project, key, "approve")
    assert (caught.value.message, caught.value.hint) == (
        "unknown decision 'approve'", "use one of: accept, reject, recode")
    with pytest.raises(ProjectError, match="recode_to is given but the decision is accept"):
        decide(project, key, "accept", recode_to="advocate")
    with pytest.raises(ProjectError, match="recode to unknown code 'enablr'") as caught:
        decide(project, key, "recode", recode_to="enablr")
    assert caught.value.hint == "did you mean 'enabler'? known codes: advocate, enabler"
    assert project.store.coding(key).status == "suggested"
    decide(project, key, "recode", recode_to="advocate")
    assert project.store.coding(key).status == "rejected"


def test_a_decision_on_evidence_that_changed_since_the_export_is_a_conflict(
        project, fake_engine, tmp_path):
    from dataclasses import replace

    from qualcode.project.codings import _first_fingerprint, same_as_exported

    out, row = _first_row_accepted(project, tmp_path)
    key = row.key
    project.store.update_coding(key, match="other words")  # a new run found it for these
    report = import_review(project, out)
    assert [(i.code, i.line) for i in report.conflicts] == [("R104", 2)]
    assert project.store.coding(key).status == "suggested"
    # a sheet written before the evidence was fingerprinted is read as before
    assert same_as_exported(row, _first_fingerprint(row))
    assert not same_as_exported(replace(row, status="accepted"), _first_fingerprint(row))


def test_control_characters_in_texts_and_definitions_leave_a_valid_workbook(
        project, fake_engine, tmp_path):
    autocode(project)
    book_path = project.root / "codebook.yaml"
    text = book_path.read_text(encoding="utf-8")
    book_path.write_text(text.replace("{en: Builds the child's trust.}",
                                      '{en: "Builds\\vthe child\\u0001s trust."}'),
                         encoding="utf-8")
    from qualcode.project.core import open_project

    key = project.store.codings()[0].key
    project.store.update_coding(key, match="line\vbreak")
    out = tmp_path / "review.xlsx"
    with open_project(project.root, user="ana") as fresh:  # reads the edited codebook
        export_review(fresh, out)
    book, sheet = _sheet(out)
    col = {c.value: c.column for c in sheet[1]}
    matches = [sheet.cell(r, col["match"]).value for r in range(2, sheet.max_row + 1)]
    assert "linebreak" in matches
    definitions = [row[3].value for row in book["codes"].iter_rows(min_row=2)]
    assert "Buildsthe childs trust." in definitions


def test_a_review_workbook_is_the_same_bytes_when_exported_twice(project, fake_engine, tmp_path,
                                                                  same_office_files):
    autocode(project)
    export_review(project, tmp_path / "one.xlsx")
    export_review(project, tmp_path / "two.xlsx")
    same_office_files(tmp_path / "one.xlsx", tmp_path / "two.xlsx")


def test_a_header_retyped_in_a_spreadsheet_still_names_its_column(project, fake_engine,
                                                                   tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("accept", None, None)})
    book, sheet = _sheet(out)
    for cell in sheet[1]:
        if cell.value in ("decision", "recode_to"):
            cell.value = cell.value.title() + " "  # "Decision ", "Recode_To "
    book.save(out)
    report = import_review(project, out)
    assert report.accepted == 1 and not report.conflicts


def test_a_decision_on_a_passage_that_only_moved_still_applies(project, fake_engine, tmp_path):
    from dataclasses import replace

    from qualcode.project.codings import _span_fingerprint, fingerprint, same_as_exported

    out, row = _first_row_accepted(project, tmp_path)
    key = row.key
    # a line added above the passage moved it (re-anchored in place): the same words decided
    project.store.update_coding(key, start=row.start + 7, end=row.end + 7)
    report = import_review(project, out)
    assert not report.conflicts and report.accepted == 1
    # the words themselves changed: a conflict, as before
    assert fingerprint(replace(row, quote_hash="other")) != fingerprint(row)
    # a sheet written when the fingerprint held the span is read as before
    assert same_as_exported(row, _span_fingerprint(row))
    assert not same_as_exported(replace(row, start=row.start + 7), _span_fingerprint(row))


def test_a_sheet_exported_before_its_file_was_renamed_still_applies(project, fake_engine,
                                                                    tmp_path):
    from qualcode.project.documents import add_documents

    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("accept", None, "trust first")})
    old = project.root / "transcripts" / "mk01.md"
    new = old.with_name("informant-mk01.md")
    new.write_text(old.read_text(encoding="utf-8").replace("id: mk01", "id: informant-mk01"),
                   encoding="utf-8")
    old.unlink()
    assert [c.renamed_from for c in add_documents(project).changes if c.action == "renamed"] \
        == ["mk01"]
    decided = out.read_bytes()
    with pytest.raises(ProjectError, match="holds 1 decision"):  # still pending: kept
        export_review(project, tmp_path / "review.xlsx")
    assert out.read_bytes() == decided
    report = import_review(project, out)
    assert (report.accepted, report.memos, report.conflicts) == (1, 1, ())
    (row,) = project.store.codings(status=["accepted"])
    assert (row.document, row.code) == ("informant-mk01", "enabler")
    again = import_review(project, out)  # imported already: nothing to do
    assert (again.accepted, again.unchanged, again.conflicts) == (0, 1, ())


def test_misspelt_rows_are_reported_with_a_guess_and_apply_once_fixed(project, fake_engine,
                                                                       tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("recode", "advocat", None),
                ("mk01", "advocate"): ("Acept", None, None),
                ("mk02", "enabler"): ("accept", None, None),
                ("mk02", "advocate"): ("reject", None, "not this one")})
    report = import_review(project, out)
    assert [(i.code, i.line, i.message, i.hint) for i in report.conflicts] == [
        ("R106", 2, "recode to unknown code 'advocat'",
         "did you mean 'advocate'? known codes: advocate, enabler (the 'codes' sheet lists "
         "them)"),
        ("R105", 3, "unknown decision 'Acept'",
         "did you mean 'accept'? use one of: accept, reject, recode")]
    assert (report.rows, report.applied, report.accepted, report.rejected, report.recoded,
            report.memos) == (4, 2, 1, 1, 0, 1)
    assert {r.code: r.status for r in project.store.codings(document="mk01")} == {
        "enabler": "suggested", "advocate": "suggested"}
    applied = project.store.codings(document="mk02")
    # the two rows not applied are still pending: a new export does not write over them
    with pytest.raises(ProjectError, match="holds 2 decision"):
        export_review(project, out)
    _fill(out, {("mk01", "enabler"): ("recode", "advocate", None),
                ("mk01", "advocate"): ("accept", None, None)})
    again = import_review(project, out)
    assert again.conflicts == ()
    assert (again.rows, again.applied, again.accepted, again.rejected, again.recoded,
            again.unchanged, again.memos) == (4, 4, 1, 0, 1, 2, 0)
    assert project.store.codings(document="mk02") == applied  # left as they were
    assert sorted((r.code, r.source, r.status) for r in project.store.codings(
        document="mk01")) == [("advocate", "auto", "accepted"), ("advocate", "manual", "accepted"),
                              ("enabler", "auto", "rejected")]
    assert [m.text for m in project.store.memos("coding")] == ["not this one"]


def test_strict_applies_nothing_when_a_row_cannot_be_applied(project, fake_engine, tmp_path):
    out = _exported(project, tmp_path)
    _fill(out, {("mk01", "enabler"): ("acept", None, None),
                ("mk02", "enabler"): ("reject", None, "a note")})
    before, audit = project.store.codings(), len(project.store.audit())
    with pytest.raises(ProjectError) as caught:
        import_review(project, out, strict=True)
    assert caught.value.message == "nothing applied from review.xlsx: 1 problem found"
    assert [(i.code, i.line) for i in caught.value.issues] == [("R105", 2)]
    assert project.store.codings() == before
    assert project.store.memos("coding") == [] and len(project.store.audit()) == audit
    _fill(out, {("mk01", "enabler"): ("accept", None, None)})
    report = import_review(project, out, strict=True)
    assert (report.accepted, report.rejected, report.memos, report.conflicts) == (1, 1, 1, ())
