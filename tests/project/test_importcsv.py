import pytest

from qualcode.errors import ProjectError
from qualcode.project.importcsv import import_codings


def test_rows_are_located_tolerantly_and_problems_have_line_numbers(project, samples, tmp_path):
    csv = samples.write(tmp_path / "c.csv", (
        "Document,Quote,Code,Coder,Memo\n"
        "mk01,dampingi anaknya,enabler,budi,first\n"
        'mk01,"SAYA  datang ke\nsekolah",advocate,,"\'=2+2"\n'
        "mk01,not in the text,enabler,budi,\n"
        "mk011,dampingi,enabler,budi,\n"
        "mk02,dampingi,enablr,budi,\n"
        "mk01,dampingi anaknya,enabler,budi,again\n"
        "mk02,ke,enabler,budi,\n"))
    report = import_codings(project, csv)
    assert (report.rows, report.added, report.duplicates, report.tolerant, report.memos) == (
        7, 3, 1, 1, 2)
    assert [(i.code, i.line, i.severity) for i in report.problems] == [
        ("I103", 5, "error"), ("I101", 6, "error"), ("I102", 7, "error"),
        ("I104", 9, "warning")]
    assert report.problems[1].hint == "did you mean 'mk01'?"
    assert report.problems[2].hint == "did you mean 'enabler'?"
    text = project.store.document("mk01").text
    rows = project.store.codings(document="mk01")
    assert [(text[r.start:r.end], r.code, r.coder, r.source, r.status) for r in rows] == [
        ("dampingi anaknya", "enabler", "budi", "manual", "accepted"),
        ("Saya datang ke sekolah", "advocate", "ana", "manual", "accepted"),
    ]
    assert [(m.target, m.text) for m in project.store.memos("coding")] == [
        (rows[0].key, "first"), (rows[1].key, "=2+2")]


def test_tolerant_quote_and_start_end_rows(project, samples, tmp_path):
    csv = samples.write(tmp_path / "c.csv", (
        "document;text;start;end;code\n"
        "mk02;saya   DAMPINGI;;;enabler\n"
        "mk02;;0;11;advocate\n"
        "mk02;;5;500;advocate\n"))
    report = import_codings(project, csv, source="imported")
    assert (report.added, report.tolerant) == (2, 1)
    assert [(i.code, i.line) for i in report.problems] == [("I105", 4)]
    text = project.store.document("mk02").text
    assert [(text[r.start:r.end], r.source) for r in project.store.codings()] == [
        ("Pewawancara", "imported"), ("Saya dampingi", "imported")]


def test_strict_imports_nothing_and_bad_files_are_refused(project, samples, tmp_path):
    csv = samples.write(tmp_path / "c.csv", "document,quote,code\nmk01,dampingi,enabler\n"
                        "mk01,nowhere,enabler\n")
    with pytest.raises(ProjectError, match=r"nothing imported from c\.csv: 1 problem found"):
        import_codings(project, csv, strict=True)
    assert project.store.codings() == []
    bad = samples.write(tmp_path / "bad.csv", "document,code\nmk01,enabler\n")
    with pytest.raises(ProjectError,
                       match=r"lacks the column quote \(or start and end, or segment\)"):
        import_codings(project, bad)
    with pytest.raises(ProjectError, match="unknown source 'auto'"):
        import_codings(project, csv, source="auto")


def test_a_quote_never_closed_is_refused_with_its_line(project, samples, tmp_path):
    csv = samples.write(tmp_path / "open.csv", 'document,code,quote\nmk01,enabler,"dampingi\n'
                        "mk01,enabler,dampingi\n")
    with pytest.raises(ProjectError, match="never closed") as caught:
        import_codings(project, csv)
    assert caught.value.line == 2 and project.store.codings() == []


def test_a_codings_table_with_edited_decisions_applies_them(project, fake_engine, tmp_path):
    from qualcode.project.autocode import autocode
    from qualcode.project.core import project_codings_table

    autocode(project)
    table = project_codings_table(project)
    assert set(table["status"]) == {"suggested"}
    table.loc[table.index[:2], "status"] = ["accepted", "rejected"]
    path = tmp_path / "edited.csv"
    table.to_csv(path, index=False)
    report = import_codings(project, path)
    assert (report.added, report.decided, report.duplicates) == (0, 2, len(table) - 2)
    stored = {(r.document, r.start, r.code): r.status for r in project.store.codings()}
    firsts = table.iloc[:2]
    assert [stored[(d, s, c)] for d, s, c in zip(firsts["document"], firsts["start"],
                                                  firsts["code"], strict=True)] == [
        "accepted", "rejected"]
    decided = [a for a in project.store.audit() if a.action == "coding.decide"]
    assert len(decided) == 2 and {a.user for a in decided} == {"ana"}
    again = import_codings(project, path)  # the same file again changes nothing
    assert (again.added, again.decided) == (0, 0)


def test_one_coding_listed_twice_with_two_statuses_is_reported(project, samples, tmp_path):
    csv = samples.write(tmp_path / "d.csv", "document,quote,code,status\n"
                        "mk01,dampingi,enabler,accepted\nmk01,dampingi,enabler,rejected\n")
    report = import_codings(project, csv)
    assert report.added == 1
    assert [(i.code, i.line) for i in report.problems] == [("I108", 3)]
    assert [r.status for r in project.store.codings()] == ["accepted"]


def test_start_and_end_written_as_whole_floats_are_read(project, samples, tmp_path):
    # spreadsheets and pandas write a column of whole numbers with gaps as 0.0, 11.0
    csv = samples.write(tmp_path / "c.csv", (
        "document,text,start,end,code\n"
        "mk02,,0.0,11.0,advocate\n"
        "mk02,,0.5,11,advocate\n"))
    report = import_codings(project, csv, source="imported")
    assert report.added == 1
    assert [(i.code, i.line) for i in report.problems] == [("I105", 3)]
    text = project.store.document("mk02").text
    assert [text[r.start:r.end] for r in project.store.codings()] == ["Pewawancara"]


def test_a_segment_number_places_the_row_on_that_stored_segment(project, samples, tmp_path):
    # mk01's turns are segments 0-3 (0 and 2 the interviewer's); both 2 and 3 say "sekolah"
    csv = samples.write(tmp_path / "s.csv", (
        "document,segment,quote,start,end,code\n"
        "mk01,1,,,,enabler\n"
        "mk01,3,SEKOLAH,,,advocate\n"
        "mk02,0,,0,11,advocate\n"
        "mk01,0,dampingi,,,enabler\n"
        "mk01,7,,,,enabler\n"
        "mk02,x,,,,enabler\n"
        "mk02,,,,,enabler\n"
        "mk02,1.0,,-1,-1,enabler\n"))
    with pytest.raises(ProjectError, match=r"nothing imported from s\.csv: 4 problems found"):
        import_codings(project, csv, strict=True)
    assert project.store.codings() == []
    report = import_codings(project, csv)
    assert (report.added, report.tolerant) == (4, 1)
    assert [(i.code, i.line, i.message) for i in report.problems] == [
        ("I110", 5, "quote not found in segment 0 of 'mk01': 'dampingi'"),
        ("I109", 6, "'mk01' has no segment '7' (its segments: 0-3)"),
        ("I109", 7, "'mk02' has no segment 'x' (its segments: 0-1)"),
        ("I105", 8, "no quote, segment or start/end for 'mk02'")]
    assert report.problems[0].hint == (
        "the document has it in segment 1: correct the segment number or leave it empty")
    assert report.problems[3].hint == (
        "give the quoted passage, a segment number (0-1), or start and end "
        "(0 <= start < end <= 95)")
    segments = {(s.document, s.idx): (s.start, s.end) for s in project.store.segments()}
    found = {(r.document, r.start, r.end, r.code) for r in project.store.codings()}
    text = project.store.document("mk01").text
    third = segments[("mk01", 3)][0] + text[segments[("mk01", 3)][0]:].index("sekolah")
    assert found == {
        ("mk01", *segments[("mk01", 1)], "enabler"),
        ("mk01", third, third + len("sekolah"), "advocate"),  # not segment 2's "sekolah"
        ("mk02", 0, 11, "advocate"),  # start and end win over the segment
        ("mk02", *segments[("mk02", 1)], "enabler")}  # -1 is "none", as in codings tables
