"""Disagreement lists, the adjudication report, and merging decisions into a consensus."""

import openpyxl
import pandas as pd
import pytest

from qualcode.analysis.adjudication import adjudicate, find_disagreements
from qualcode.errors import CodingsError
from qualcode.io.coded_tables import read_adjudication_report
from qualcode.model import Code, Codebook, Dimension
from qualcode.report.adjudication import render_disagreements_html, write_disagreement_report
from qualcode.tables import CODINGS_COLUMNS

CODEBOOK = Codebook(
    "study", "1.0.0",
    codes=(Code("enabler", dimension="role"), Code("planning", dimension="stage"),
           Code("monitoring", dimension="stage"), Code("obstacle_internal", dimension="obstacle"),
           Code("caseload", parent="obstacle_internal"),
           Code("staffing", parent="obstacle_internal")),
    dimensions=(Dimension("role"), Dimension("stage", exclusive=True), Dimension("obstacle")),
)


def coding(coder, segment, code, document="d1"):
    return {"document": document, "case": "MK01", "segment": segment, "start": segment * 10,
            "end": segment * 10 + 10, "code": code, "coder": coder,
            "text": f"text {segment}" if segment != 2 else "=HYPERLINK(\"x\") <b>"}


CODINGS = pd.DataFrame([
    coding("ana", 0, "enabler"), coding("budi", 0, "enabler"),
    coding("ana", 1, "planning"), coding("budi", 1, "monitoring"),
    coding("ana", 2, "caseload"), coding("budi", 2, "staffing"), coding("budi", 2, "enabler"),
    coding("ana", 3, "caseload"), coding("ana", 3, "obstacle_internal"),
    coding("budi", 3, "caseload"),
])


def test_disagreements_list_units_where_coders_differ():
    found = find_disagreements(CODINGS, codebook=CODEBOOK)
    assert found.coders == ("ana", "budi")
    table = found.disagreements
    assert list(table.columns) == ["document", "case", "segment", "start", "end", "speaker",
                                   "text", "ana", "budi", "agreed", "decision"]
    assert table[["segment", "ana", "budi", "agreed"]].values.tolist() == [
        [1, "planning", "monitoring", ""],
        [2, "caseload", "enabler; staffing", "obstacle_internal"],
    ]
    # segment 3: a parent next to its child adds nothing, so the coders agree
    assert found.agreements[["segment", "codes"]].values.tolist() == [[0, "enabler"],
                                                                    [3, "caseload"]]
    assert list(found.codes["code"]) == [c.id for c in CODEBOOK.codes]
    assert found.codes.set_index("code").loc["caseload", "code_path"] == (
        "obstacle_internal/caseload")


def test_a_coder_who_skipped_the_document_is_marked():
    rows = pd.DataFrame([coding("ana", 0, "enabler"), coding("budi", 0, "enabler"),
                         coding("ana", 0, "planning", document="d2")])
    table = find_disagreements(rows).disagreements
    assert table[["document", "ana", "budi", "agreed"]].values.tolist() == [
        ["d2", "planning", "(not coded)", "planning"]]


def test_adjudicate_merges_decisions_and_agreements():
    found = find_disagreements(CODINGS, codebook=CODEBOOK)
    decided = found.disagreements.assign(decision=["planning", ""])
    consensus = adjudicate(decided, found.agreements, found.codes, coder="panel")
    assert list(consensus.columns) == list(CODINGS_COLUMNS)
    assert consensus[["segment", "code", "code_path", "group", "coder", "source"]].values.tolist(
    ) == [
        [0, "enabler", "enabler", "role", "panel", "manual"],
        [1, "planning", "planning", "stage", "panel", "manual"],
        [2, "obstacle_internal", "obstacle_internal", "obstacle", "panel", "manual"],
        [3, "caseload", "obstacle_internal/caseload", "obstacle", "panel", "manual"],
    ]
    assert set(consensus["case"]) == {"MK01"}


def test_dash_means_no_code_and_unknown_codes_are_listed():
    found = find_disagreements(CODINGS, codebook=CODEBOOK)
    consensus = adjudicate(found.disagreements.assign(decision=["-", "enabler, staffing"]),
                           found.agreements, found.codes)
    assert consensus[consensus["segment"] == 1].empty
    assert list(consensus[consensus["segment"] == 2]["code"]) == ["enabler", "staffing"]
    with pytest.raises(CodingsError) as info:
        adjudicate(found.disagreements.assign(decision=["plannng", "x; enabler"]),
                   found.agreements, found.codes)
    text = str(info.value)
    assert "disagreements row 2: unknown code 'plannng' [E705]" in text
    assert "did you mean 'planning'?" in text
    assert "disagreements row 3: unknown code 'x' [E705]" in text


def test_workbook_round_trip_keeps_text_inert(tmp_path):
    found = find_disagreements(CODINGS, codebook=CODEBOOK)
    target = tmp_path / "report.xlsx"
    write_disagreement_report(found.disagreements, found.agreements, found.codes, target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["disagreements", "agreements", "codes", "about"]
    sheet = book["disagreements"]
    formula = sheet["G3"]  # the text as it is, in a text cell: no formula, no apostrophe shown
    assert (formula.value, formula.data_type, formula.quotePrefix) == (
        "=HYPERLINK(\"x\") <b>", "s", True)
    sheet["K2"] = "monitoring"
    book.save(target)
    sheets = read_adjudication_report(target)
    assert sheets["disagreements"]["text"].iloc[1] == "=HYPERLINK(\"x\") <b>"
    consensus = adjudicate(sheets["disagreements"], sheets["agreements"], sheets["codes"])
    assert consensus[["segment", "code"]].values.tolist() == [
        [0, "enabler"], [1, "monitoring"], [2, "obstacle_internal"], [3, "caseload"]]


def test_workbook_texts_come_back_as_they_were_written(tmp_path):
    found = find_disagreements(CODINGS, codebook=CODEBOOK)
    texts = ["- B gemar menggambar;\n- Ibu aktif", "@Rina: +62 812"]
    settled = ["=1+1", "'-nya' itu akhiran"]
    target = write_disagreement_report(found.disagreements.assign(text=texts),
                                       found.agreements.assign(text=settled), found.codes,
                                       tmp_path / "report.xlsx")
    sheets = read_adjudication_report(target)
    assert sheets["disagreements"]["text"].tolist() == texts
    assert sheets["agreements"]["text"].tolist() == settled


def test_html_report_escapes_user_text(tmp_path):
    found = find_disagreements(CODINGS.assign(coder=CODINGS["coder"].replace(
        {"ana": "<script>alert(1)</script>"})), codebook=CODEBOOK)
    page = render_disagreements_html(found.disagreements, coders=found.coders)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;" in page
    target = write_disagreement_report(found.disagreements, found.agreements, found.codes,
                                       tmp_path / "report.html", coders=found.coders)
    assert target.read_text(encoding="utf-8") == page


def workbook(tmp_path, decisions=None, agreements=None):
    """The report of CODINGS written and read back, with ``decisions`` (sheet row -> text)
    written into the decision column and ``agreements`` rows appended to that sheet."""
    found = find_disagreements(CODINGS, codebook=CODEBOOK)
    target = tmp_path / "report.xlsx"
    write_disagreement_report(found.disagreements, found.agreements, found.codes, target)
    book = openpyxl.load_workbook(target)
    for row, text in (decisions or {}).items():
        book["disagreements"][f"K{row}"] = text
    for values in agreements or ():
        book["agreements"].append(values)
    book.save(target)
    return target, read_adjudication_report(target)


def test_adjudication_errors_name_the_workbook(tmp_path):
    target, sheets = workbook(tmp_path, {3: "plannng"})
    with pytest.raises(CodingsError) as caught:
        adjudicate(sheets["disagreements"], sheets["agreements"], sheets["codes"])
    assert [(i.code, i.path, i.where) for i in caught.value.issues] == [
        ("E705", str(target), "disagreements row 3")]
    assert caught.value.path == str(target)
    with pytest.raises(CodingsError) as caught:
        adjudicate(sheets["disagreements"], sheets["agreements"].drop(columns="codes"),
                   sheets["codes"])
    assert str(caught.value).startswith(f"{target}: the agreements sheet lacks column(s) codes")


def test_positions_follow_the_rule_of_codings_tables(tmp_path):
    target, sheets = workbook(tmp_path)
    bad = sheets["disagreements"].copy()
    bad["segment"] = ["1e400", "1.7"]
    bad["start"] = [" -20 ", "10"]
    agreed = sheets["agreements"].assign(end=["10.0", " 40 "])  # as spreadsheets save them
    with pytest.raises(CodingsError) as caught:
        adjudicate(bad, agreed, sheets["codes"])
    assert [(i.code, i.path, i.where, i.message) for i in caught.value.issues] == [
        ("E706", str(target), "disagreements row 2", "segment '1e400' is not a whole number"),
        ("E706", str(target), "disagreements row 3", "segment '1.7' is not a whole number"),
        ("E706", str(target), "disagreements row 2", "start '-20' is negative"),
    ]
    consensus = adjudicate(sheets["disagreements"], agreed, sheets["codes"])
    assert consensus[["segment", "end"]].values.tolist() == [[0, 10], [2, 30], [3, 40]]


def test_a_unit_decided_twice_differently_is_a_conflict(tmp_path):
    # segment 1 twice in the disagreements sheet, with different decisions
    target, sheets = workbook(tmp_path, {2: "planning"})
    twice = pd.concat([sheets["disagreements"],
                       sheets["disagreements"].iloc[[0]].assign(decision="monitoring")],
                      ignore_index=True)
    with pytest.raises(CodingsError) as caught:
        adjudicate(twice, sheets["agreements"], sheets["codes"])
    assert [(i.code, i.where) for i in caught.value.issues] == [("E707", "disagreements row 4")]
    assert ("segment 1 of document d1 is listed twice with different codes: monitoring here, "
            "planning at disagreements row 2") in str(caught.value)
    # a unit in both sheets, with other codes
    target, sheets = workbook(tmp_path, {2: "planning"},
                              agreements=[["d1", "MK01", 1, 10, 20, "", "", "monitoring"]])
    with pytest.raises(CodingsError) as caught:
        adjudicate(sheets["disagreements"], sheets["agreements"], sheets["codes"])
    assert [(i.code, i.path, i.where) for i in caught.value.issues] == [
        ("E707", str(target), "disagreements row 2")]
    assert "planning here, monitoring at agreements row 4" in str(caught.value)
    # the same unit with the same codes is merged once
    target, sheets = workbook(tmp_path, {2: "planning"},
                              agreements=[["d1", "MK01", 1, 10, 20, "", "", "planning"]])
    consensus = adjudicate(sheets["disagreements"], sheets["agreements"], sheets["codes"])
    assert consensus[["segment", "code"]].values.tolist() == [
        [0, "enabler"], [1, "planning"], [2, "obstacle_internal"], [3, "caseload"]]


def test_units_left_without_codes_unasked_are_counted(tmp_path):
    # segment 1 has no agreed codes: left empty, it gets none; '-' says so on purpose
    target, sheets = workbook(tmp_path)
    consensus = adjudicate(sheets["disagreements"], sheets["agreements"], sheets["codes"])
    assert consensus[consensus["segment"] == 1].empty
    [warning] = consensus.attrs["issues"]
    assert (warning.code, warning.severity, warning.path) == ("W705", "warning", str(target))
    assert warning.message == (
        "1 unit(s) of the disagreements sheet have neither a decision nor agreed codes and "
        "get no code in the consensus: segment 1 of document d1 (disagreements row 2)")
    target, sheets = workbook(tmp_path, {2: "-"})
    consensus = adjudicate(sheets["disagreements"], sheets["agreements"], sheets["codes"])
    assert consensus.attrs["issues"] == ()
