"""In-process tests of the project commands."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.tables import PROJECT_CODINGS_COLUMNS

runner = CliRunner()


def ok(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def usage(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in " ".join(result.stderr.split())
    return result


def fails(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_init_writes_settings_and_refuses_twice(root):
    text = (root / "qualcode.yaml").read_text(encoding="utf-8")
    assert "sources: [transcripts]\ncodebook: codebook.yaml\n" in text
    assert "languages: [id]\n" in text
    assert (root / ".qualcode" / "project.db").is_file()
    fails(["init", str(root)], "already holds a qualcode project")


def test_commands_find_the_project_from_the_folder(root, tmp_path, monkeypatch):
    monkeypatch.chdir(root / "transcripts")
    result = ok(["add"])
    assert result.stdout == "0 added, 0 updated, 2 unchanged.\n"
    monkeypatch.chdir(tmp_path)
    fails(["add"], "no qualcode project here")
    fails(["codings", "--project", str(tmp_path)], "is not a qualcode project")
    monkeypatch.setenv("QUALCODE_PROJECT", str(root))
    assert ok(["codings"]).stdout.startswith(",".join(PROJECT_CODINGS_COLUMNS))


def test_codings_cli_equals_the_library(root, tmp_path, samples):
    from qualcode.project.core import open_project, project_codings_table

    csv = samples.write(tmp_path / "c.csv", "document,quote,code,memo\n"
                           "mk01,dampingi anaknya,enabler,-1 looks odd\n"
                           "mk02,sekolah,advocate,\n")
    result = ok(["import", "codings", str(csv), "--project", str(root), "--user", "budi"])
    assert result.stdout == ("Imported 2 of 2 rows from c.csv (0 quotes found tolerantly, "
                             "0 already present, 1 memos).\n")
    out = tmp_path / "codings.csv"
    ok(["codings", "--project", str(root), "-o", str(out), "--coder", "budi"])
    frame = pd.read_csv(out, keep_default_na=False)
    assert tuple(frame.columns) == PROJECT_CODINGS_COLUMNS
    columns = ["document", "code", "coder", "source", "status", "text", "memo"]
    assert frame[columns].values.tolist() == [
        ["mk01", "enabler", "budi", "manual", "accepted", "dampingi anaknya", "'-1 looks odd"],
        ["mk02", "advocate", "budi", "manual", "accepted", "sekolah", ""]]
    with open_project(root) as project:
        library = project_codings_table(project, coder=["budi"])
    stdout = ok(["codings", "--project", str(root), "--coder", "budi"]).stdout
    assert stdout == out.read_text(encoding="utf-8")
    assert pd.read_csv(io.StringIO(stdout), keep_default_na=False)["start"].tolist() == \
        library["start"].tolist()
    assert ok(["codings", "--project", str(root), "--status", "suggested"]).stdout.count(
        "\n") == 1
    done = runner.invoke(app, ["codings", "--project", str(root), "--status", "done"])
    assert done.exit_code == 2  # a value outside the option's choices is a usage error
    assert "unknown status 'done'; use one of suggested, accepted, rejected" in done.stderr


def test_import_problems_are_listed_with_lines(root, tmp_path, samples):
    csv = samples.write(tmp_path / "c.csv", "document,quote,code\nmk01,zzz,enabler\n")
    result = fails(["import", "codings", str(csv), "--project", str(root)], "not imported")
    assert result.stderr == (
        "1 row(s) not imported:\n"
        f"  - {csv}:2: quote not found in 'mk01': 'zzz' [I103]\n"
        "    hint: copy the passage from the document's text\n")
    fails(["import", "codings", str(csv), "--project", str(root), "--strict"],
          "nothing imported from c.csv: 1 problem found")
    rows = samples.write(tmp_path / "s.csv", "document,quote,code,status,rule\n"
                            "mk01,dampingi,enabler,rejected,x\nmk02,dampingi,enabler,,x\n"
                            "mk02,baru ke sekolah,enabler,maybe,x\n")
    result = fails(["import", "codings", str(rows), "--project", str(root)],
                   "s.csv:4: unknown status 'maybe' [I106]")
    assert "s.csv:1: columns not read: rule [I107]" in result.stderr
    assert result.stdout.startswith("Imported 2 of 3 rows")
    statuses = pd.read_csv(io.StringIO(ok(["codings", "--counted", "--project",
                                           str(root)]).stdout))
    assert statuses[["document", "status"]].values.tolist() == [["mk02", "accepted"]]
    rejected = pd.read_csv(io.StringIO(ok(["codings", "--status", "rejected", "--project",
                                           str(root)]).stdout))
    assert rejected[["document", "status"]].values.tolist() == [["mk01", "rejected"]]


def test_memos_review_and_project_upkeep(root, tmp_path):
    p = ["--project", str(root)]
    assert ok(["memo", "add", "--code", "enabler", "Trust first.", *p]).stdout == \
        "Memo 1 added to code enabler.\n"
    fails(["memo", "add", "--document", "mk9", "x", *p], "unknown document 'mk9'")
    memos = pd.read_csv(io.StringIO(ok(["memo", "list", *p]).stdout))
    assert memos[["kind", "target", "text", "author"]].values.tolist() == [
        ["code", "enabler", "Trust first.", "ana"]]
    sheet = tmp_path / "r.xlsx"
    assert ok(["review", "export", "-o", str(sheet), *p]).stdout.startswith(
        "Wrote 0 codings to review")
    result = ok(["review", "import", str(sheet), *p])
    assert result.stdout.startswith("Applied 0 of 0 filled rows from r.xlsx: 0 accepted")
    fails(["review", "import", str(tmp_path / "none.xlsx"), *p], "cannot read the review")
    backup = tmp_path / "b.db"
    assert ok(["project", "backup", "-o", str(backup), *p]).stdout == \
        f"Backed up the project to {backup}.\n"
    notes = tmp_path / "notes.db"  # not a backup: kept unless --force
    notes.write_text("mine", encoding="utf-8")
    fails(["project", "backup", "-o", str(notes), *p], str(notes))
    assert notes.read_text(encoding="utf-8") == "mine"
    ok(["project", "backup", "-o", str(notes), "--force", *p])
    assert notes.read_bytes().startswith(b"SQLite format 3")
    assert ok(["project", "check", *p]).stdout == "OK: 2 documents, 0 codings, no problems.\n"
    log = pd.read_csv(io.StringIO(ok(["project", "log", "-n", "3", *p]).stdout))
    assert log[["user", "action"]].values.tolist() == [
        ["ana", "review.import"], ["ana", "project.backup"], ["ana", "project.backup"]]


def test_markup_without_a_project(tmp_path, samples):
    pytest.importorskip("qualcode.io.codebook")
    samples.write(tmp_path / "t" / "a.md", "Pewawancara: Halo?\n\nRina: Saya {enabler}dampingi"
                  "{/enabler} anak.\n")
    book = samples.write(tmp_path / "cb.yaml", samples.TINY_CODEBOOK)
    result = ok(["markup", str(tmp_path / "t"), "-c", str(book), "--coder", "rina"])
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert frame[["document", "segment", "start", "end", "speaker", "code", "group", "coder",
                  "text"]].values.tolist() == [
        ["a", 1, 31, 39, "Rina", "enabler", "role", "rina", "dampingi"]]
    samples.write(tmp_path / "t" / "a.md", "Rina: {ghost}x\n")
    result = fails(["markup", str(tmp_path / "t"), "-c", str(book)],
                   "inline coding markup has 2 problems")
    assert "a.md:1: unknown code 'ghost' in tag {ghost} [M101]" in result.stderr


def test_analysis_commands_read_a_project(root, tmp_path, monkeypatch, samples):
    from qualcode.project.core import open_project
    from qualcode.project.decisions import decide

    csv = samples.write(tmp_path / "c.csv", "document,quote,code,coder\n"
                           "mk01,dampingi anaknya,enabler,budi\n"
                           "mk01,minta guru,advocate,budi\n"
                           "mk02,dampingi,enabler,citra\n"
                           "mk02,sekolah,advocate,citra\n")
    ok(["import", "codings", str(csv), "--project", str(root)])
    with open_project(root) as project:
        rejected = project.store.codings(document="mk02", coder=["citra"])[0]
        decide(project, rejected.key, "reject")
    p = ["--project", str(root)]
    matrix = pd.read_csv(io.StringIO(ok(["matrix", *p, "--kind", "code-by-document"]).stdout))
    assert matrix.to_dict("list") == {"code": ["enabler", "advocate"], "mk01": [1, 1],
                                      "mk02": [0, 1]}
    by_coder = ok(["matrix", *p, "--coder", "citra", "--status", "accepted", "--status",
                   "rejected"]).stdout
    assert pd.read_csv(io.StringIO(by_coder)).to_dict("list") == {
        "code": ["enabler", "advocate"], "mk01": [0, 0], "mk02": [1, 1]}
    monkeypatch.chdir(root)  # no table and no --project: the project around the folder
    assert ok(["matrix", "--kind", "code-by-document"]).stdout == \
        matrix.to_csv(index=False, lineterminator="\n")
    ok(["chart", "-o", str(tmp_path / "f.svg"), "--kind", "frequencies"])
    assert (tmp_path / "f.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    ok(["export", "tables", *p, "-o", str(tmp_path / "tables")])
    assert (tmp_path / "tables" / "tables.xlsx").is_file()
    out = ok(["analyze", *p, "-o", str(tmp_path / "results"), "--no-charts",
              "--no-portraits"]).stdout
    assert out.startswith("Analysed 2 document(s), 6 segment(s): 3 coding(s).")
    both = runner.invoke(app, ["matrix", str(csv), *p])
    assert both.exit_code == 2 and "not both" in both.stderr


def test_matrix_and_chart_warn_about_project_codes_the_codebook_lacks(root, tmp_path, samples):
    csv = samples.write(tmp_path / "c.csv", "document,quote,code,coder\n"
                           "mk01,dampingi anaknya,enabler,budi\n"
                           "mk01,minta guru,advocate,budi\n")
    ok(["import", "codings", str(csv), "--project", str(root)])
    book = (root / "codebook.yaml").read_text(encoding="utf-8")
    smaller = samples.write(tmp_path / "smaller.yaml", book[:book.index("  - id: advocate")])
    p = ["--project", str(root), "-c", str(smaller)]
    for args in (["matrix", *p], ["chart", *p, "-o", str(tmp_path / "f.svg")]):
        warned = ok(args).stderr
        assert "W702" in warned and "code 'advocate' is not in the codebook tiny" in warned
        assert "the codings of the project" in warned, args
    assert "W702" not in ok(["matrix", "--project", str(root)]).stderr


def test_no_output_replaces_a_projects_own_files(root, tmp_path, monkeypatch):
    database = root / ".qualcode" / "project.db"
    own = [database, root / "qualcode.yaml", root / "codebook.yaml",
           root / "transcripts" / "mk01.md"]
    before = {path: path.read_bytes() for path in own}
    p = ["--project", str(root)]
    for path in own:  # none of them is a table: refused for its suffix, before any work
        usage(["codings", *p, "-o", str(path)], "this command writes .csv or .xlsx files")
    qdc = tmp_path / "book.qdc"
    ok(["export", "qdc", str(root / "codebook.yaml"), "-o", str(qdc)])
    fails(["project", "backup", *p, "-o", str(database), "--force"],
          "is the database of the project")
    fails(["import", "qdc", str(qdc), "-o", str(root / "qualcode.yaml"), "--force"],
          "the output is the settings of the project")
    fails(["export", "theme-table", *p, "-o", str(root / "transcripts" / "mk01.md")],
          "the output is a source file in the input folder")
    monkeypatch.chdir(tmp_path)  # another project's files, from outside any project
    fails(["import", "qdc", str(qdc), "-o", str(root / "codebook.yaml")], "is the codebook of")
    assert {path: path.read_bytes() for path in own} == before
    ok(["codings", *p, "-o", str(root / "codings.csv")])  # a new file in the project is fine


def test_remove_documents(root, tmp_path):
    p = ["--project", str(root)]
    fails(["remove", "mk9", *p], "not in the project: 'mk9'")
    ok(["memo", "add", "--document", "mk01", "Ibu guru hadir.", *p])
    result = ok(["remove", "mk01", "mk02", "--dry-run", *p])
    assert result.stdout.splitlines() == [
        "  would remove mk01 (transcripts/mk01.md): 0 pending suggestions, 0 codings made or "
        "reviewed by people, 1 memo",
        "  would remove mk02 (transcripts/mk02.md): 0 pending suggestions, 0 codings made or "
        "reviewed by people, 0 memos",
        "Dry run: 2 documents would be removed; nothing was changed."]
    fails(["remove", "mk01", "mk02", *p], "removing would delete people's work (mk01: 0 "
          "coding(s) made or reviewed by people, 1 memo(s))")
    result = ok(["remove", "mk02", *p])
    assert result.stdout.endswith("1 document removed.\n")
    assert "still under the project's sources" in result.stderr
    result = ok(["remove", "mk01", "--force", *p])
    assert "Backed up the project first to " in result.stdout
    assert ok(["project", "check", *p]).stdout == "OK: 0 documents, 0 codings, no problems.\n"


def test_restore_and_a_damaged_database(root, tmp_path):
    p = ["--project", str(root)]
    backup = tmp_path / "b.db"
    ok(["project", "backup", "-o", str(backup), *p])
    ok(["remove", "mk01", *p])
    result = ok(["project", "restore", str(backup), *p])
    assert result.stdout.startswith(f"Restored {backup}: 2 documents, 0 codings. The database "
                                    "as it was is saved in ")
    fails(["project", "restore", str(tmp_path / "none.db"), *p], "no backup file here")
    live = root / ".qualcode" / "project.db"
    data = bytearray(live.read_bytes())
    for i in range(4096, len(data), 5):
        data[i] = 0x5A
    live.write_bytes(bytes(data))
    for args in (["project", "check"], ["codings"], ["remove", "mk01"]):
        result = fails([*args, *p], "the project database is damaged")
        assert "qualcode project restore" in result.stderr
    result = ok(["project", "restore", str(backup), *p])
    assert "project-damaged-" in result.stdout
    assert ok(["project", "check", *p]).stdout == "OK: 2 documents, 0 codings, no problems.\n"


def test_init_notes_paths_missing_from_the_project(tmp_path, monkeypatch):
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    result = ok(["init", str(tmp_path / "p"), "-s", "transcripts", "-c", "cb.yaml"])
    assert "the source transcripts is not in" in result.stderr
    assert "the codebook cb.yaml is not in" in result.stderr
    result = ok(["init", str(tmp_path / "q")])
    assert result.stderr == ""


def test_analyze_project_with_only_suggestions_says_so(root, tmp_path, monkeypatch, samples):
    import qualcode.project.autocode as autocode_module

    fake = samples.fake_apply_codebook

    def engine(project, codebook):
        corpus = project.corpus()
        return {d.id: d.text for d in corpus.documents}, fake(corpus, codebook)

    monkeypatch.setattr(autocode_module, "_engine_codings", engine)
    ok(["autocode", "--project", str(root)])
    result = ok(["analyze", "--project", str(root), "-o", str(tmp_path / "r"), "--no-charts"])
    assert "suggestion(s) await review" in result.stderr
    assert result.stdout.startswith("Analysed 2 document(s), 6 segment(s): 0 coding(s).")


def test_analyze_without_paths_inside_a_project_analyses_the_project(root, tmp_path,
                                                                       monkeypatch, samples):
    import json

    csv = samples.write(tmp_path / "c.csv", "document,quote,code,coder\n"
                           "mk01,dampingi anaknya,enabler,budi\n"
                           "mk02,sekolah,advocate,citra\n")
    ok(["import", "codings", str(csv), "--project", str(root)])
    monkeypatch.chdir(root / "transcripts")  # below the project folder, as matrix finds it
    result = ok(["analyze", "-o", str(tmp_path / "r"), "--no-charts", "--no-portraits"])
    assert result.stdout.startswith("Analysed 2 document(s), 6 segment(s): 2 coding(s).")
    assert f"analysing the codings of the project in {root}" in result.stderr
    provenance = json.loads((tmp_path / "r" / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["inputs"] == []  # not the bundled transcripts
    assert provenance["coders"] == ["budi", "citra"]
    result = ok(["analyze", "-o", str(tmp_path / "r"), "--no-charts", "--no-portraits",
                 "--coder", "budi"])
    assert result.stdout.startswith("Analysed 2 document(s), 6 segment(s): 1 coding(s).")
    refused = runner.invoke(app, ["analyze", "-o", str(tmp_path / "r2"), "--cases",
                                  str(csv), "-u", "sentence"])
    assert refused.exit_code == 2
    assert "--unit, --cases apply to transcripts coded afresh, not to a project's codings" in \
        " ".join(refused.stderr.split())
    monkeypatch.setenv("QUALCODE_PROJECT", str(tmp_path / "none"))
    fails(["analyze", "-o", str(tmp_path / "r3")], "is not a qualcode project")
    assert not (tmp_path / "r2").exists() and not (tmp_path / "r3").exists()


def test_a_label_language_the_project_codebook_lacks_is_a_usage_error(root, monkeypatch):
    # checked once the project's codebook is read, before the analysis (it was exit 1 after it)
    monkeypatch.setattr("qualcode.pipeline.analyze_table", lambda *a, **k: pytest.fail(
        "the analysis ran"))
    for args in (["analyze", "--project", str(root), "-o", str(root / "r")],
                 ["export", "tables", "--project", str(root), "-o", str(root / "r")]):
        result = runner.invoke(app, [*args, "--label-language", "xx"])
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert "no labels in 'xx'" in " ".join(result.stderr.split()), args
        assert not (root / "r").exists()


def _add_rina(samples, root, tmp_path, monkeypatch, *copies):
    """rina.md (id from its name; and copies under other names) added, with a manual coding
    and its memo, a memo on the document and a suggestion accepted in a review sheet."""
    from openpyxl import load_workbook

    import qualcode.project.autocode as autocode_module

    fake = samples.fake_apply_codebook
    monkeypatch.setattr(autocode_module, "_engine_codings", lambda project, codebook: (
        {d.id: d.text for d in project.corpus().documents}, fake(project.corpus(), codebook)))
    p = ["--project", str(root)]
    for name in ("rina", *copies):
        samples.write(root / "transcripts" / f"{name}.md", samples.MK01.replace("id: mk01\n", ""))
    ok(["add", *p])
    csv = samples.write(tmp_path / "c.csv", "document,quote,code,memo\n"
                        "rina,minta guru ikut,advocate,the school acts\n")
    ok(["import", "codings", str(csv), *p])
    ok(["memo", "add", "--document", "rina", "Rina is the case manager.", *p])
    ok(["autocode", *p])
    sheet = tmp_path / "review.xlsx"
    ok(["review", "export", "-o", str(sheet), *p])
    book = load_workbook(sheet)
    rows = book["review"]
    col = {c.value: c.column for c in rows[1]}
    for r in range(2, rows.max_row + 1):
        if rows.cell(r, col["document"]).value == "rina":
            rows.cell(r, col["decision"]).value = "accept"
            break
    book.save(sheet)
    assert ok(["review", "import", str(sheet), *p]).stdout.startswith(
        "Applied 1 of 1 filled rows from review.xlsx: 1 accepted")
    return p


def test_add_carries_the_work_on_a_renamed_file_over(root, tmp_path, monkeypatch, samples):
    p = _add_rina(samples, root, tmp_path, monkeypatch)
    before = pd.read_csv(io.StringIO(ok(["codings", *p]).stdout), keep_default_na=False)
    assert (before["document"] == "rina").sum() == 3
    (root / "transcripts" / "rina.md").rename(root / "transcripts" / "informant-rina.md")
    result = ok(["add", *p])
    assert result.stdout == (
        "  renamed rina to informant-rina (transcripts/informant-rina.md): 3 codings, the memos "
        "and review decisions moved with it\n"
        "0 added, 0 updated, 1 renamed, 2 unchanged.\n")
    assert result.stderr == ""
    after = pd.read_csv(io.StringIO(ok(["codings", *p]).stdout), keep_default_na=False)
    assert after.drop(columns="document").values.tolist() == \
        before.drop(columns="document").values.tolist()
    assert after["document"].tolist() == [
        "informant-rina" if d == "rina" else d for d in before["document"]]
    memos = pd.read_csv(io.StringIO(ok(["memo", "list", *p]).stdout))
    assert memos[["kind", "target"]].values.tolist()[-1] == ["document", "informant-rina"]
    assert ok(["project", "check", *p]).stdout == "OK: 3 documents, 7 codings, no problems.\n"
    log = pd.read_csv(io.StringIO(ok(["project", "log", "-n", "2", *p]).stdout))
    assert log[["action", "target"]].values.tolist() == [
        ["document.rename", "informant-rina"], ["document.update", "informant-rina"]]


def test_add_names_the_document_a_renamed_file_may_be(root, tmp_path, monkeypatch, samples):
    p = _add_rina(samples, root, tmp_path, monkeypatch, "rina-copy")
    folder = root / "transcripts"
    # a copy beside the old file: another document, as before
    (folder / "informant-rina.md").write_text((folder / "rina.md").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    result = ok(["add", *p])
    assert result.stdout == "  added informant-rina\n1 added, 0 updated, 4 unchanged.\n"
    assert result.stderr == ""
    ok(["remove", "informant-rina", *p])
    # renamed, but two documents whose files are gone had its text
    (folder / "rina-copy.md").unlink()
    (folder / "rina.md").rename(folder / "informant-rina.md")
    result = ok(["add", *p])
    assert result.stdout == "  added informant-rina\n1 added, 0 updated, 2 unchanged.\n"
    assert result.stderr == (
        "Note: informant-rina has the same text as rina-copy, rina, whose files are gone: "
        "which document this file was is not sure, so no codings were moved to "
        "informant-rina. To keep the codings of one of them (rina-copy, say): 'qualcode remove "
        "informant-rina', then give this file the id 'rina-copy' ('id: rina-copy' in its "
        "front matter, or its old name) and run 'qualcode add'; qualcode has no command that "
        "moves codings from one document to another.\n"
        "Note: 2 documents of the project were not found in the sources (rina-copy, rina); "
        "kept as they are ('qualcode remove ID' removes one).\n")
    ok(["remove", "informant-rina", "rina-copy", "--force", *p])
    # renamed and edited
    path = folder / "informant-rina.md"
    path.write_text(path.read_text(encoding="utf-8").replace("ikut menjaga", "ikut mengawasi"),
                    encoding="utf-8")
    result = ok(["add", *p])
    assert result.stdout == "  added informant-rina\n1 added, 0 updated, 2 unchanged.\n"
    assert result.stderr.startswith(
        "Note: informant-rina resembles rina, whose file is gone: if it is that document "
        "renamed and edited, its codings were not moved")
    assert ok(["project", "check", *p]).stdout.startswith("OK: 4 documents,")
    assert len(pd.read_csv(io.StringIO(ok(["codings", "--status", "accepted", *p]).stdout))
               .query("document == 'rina'")) == 2


def test_markup_reads_a_response_table_with_the_table_options(tmp_path, samples):
    pytest.importorskip("qualcode.io.codebook")
    table = samples.write(tmp_path / "survey.csv",
                          "Respondent,Komentar\nR1,Saya {enabler}dampingi{/enabler} anak.\n")
    result = runner.invoke(app, ["markup", str(table), "--coder", "rina"])
    assert result.exit_code == 1
    assert "pass --text-column with one of: Respondent, Komentar" in result.output
    result = ok(["markup", str(table), "--coder", "rina", "--text-column", "Komentar",
                 "--id-column", "Respondent"])
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert frame[["document", "code", "text"]].values.tolist() == [["R1", "enabler", "dampingi"]]


def test_add_after_a_change_of_id_column_keeps_one_document_per_answer(root, tmp_path):
    p = ["--project", str(root)]
    table = root / "survey.csv"
    table.write_text("respondent,answer\nr1,We waited for hours\nr2,The staff were kind\n"
                     "r3,No\nr4,No\n", encoding="utf-8")
    ok(["add", str(table), *p])
    csv = tmp_path / "c.csv"
    csv.write_text("document,quote,code\nsurvey-2,waited,enabler\n", encoding="utf-8")
    ok(["import", "codings", str(csv), *p])
    with (root / "qualcode.yaml").open("a", encoding="utf-8") as settings:
        settings.write("id_column: respondent\n")
    result = ok(["add", str(table), *p])
    assert result.stdout == (
        "  renamed survey-2 to r1 (survey.csv): 1 coding, the memos and review decisions moved "
        "with it\n"
        "  renamed survey-3 to r2 (survey.csv): 0 codings, the memos and review decisions "
        "moved with it\n"
        "  added r3\n  added r4\n"
        "2 added, 0 updated, 2 renamed, 0 unchanged.\n")
    assert result.stderr.startswith("Note: r3 has the same text as survey-4, survey-5, which ")
    assert result.stderr.endswith(
        "Note: 2 documents of the project are no longer in the files read (survey-4, "
        "survey-5): a table's rows, or its id_column, text_column or sheet in qualcode.yaml, "
        "changed (or a transcript's 'id:'); kept as they are, with their codings ('qualcode "
        "remove ID' removes one).\n")
    codings = pd.read_csv(io.StringIO(ok(["codings", *p]).stdout), keep_default_na=False)
    assert codings.query("coder == 'ana'")[["document", "code"]].values.tolist() == [
        ["r1", "enabler"]]


def test_add_warns_when_rows_of_a_table_moved(root):
    p = ["--project", str(root)]
    table = root / "survey.csv"
    table.write_text("respondent,answer\nr1,We waited\nr2,Kind staff\n", encoding="utf-8")
    ok(["add", str(table), *p])
    table.write_text("respondent,answer\nr2,Kind staff\n", encoding="utf-8")
    result = ok(["add", str(table), *p])
    assert result.stderr == (
        "Warning: survey-2 now has the text survey-3 had in survey.csv: the table's rows seem "
        "to have moved (ids from row numbers shift when a row is deleted or inserted), so any "
        "codings of survey-2 were placed on what is likely another respondent's answer, or "
        "orphaned. Put the table back as it was and run 'qualcode add' (or restore a backup), "
        "then set id_column in qualcode.yaml to a column of ids before changing its rows.\n"
        "Note: 1 document of the project is no longer in the files read (survey-3): a table's "
        "rows, or its id_column, text_column or sheet in qualcode.yaml, changed (or a "
        "transcript's 'id:'); kept as they are, with their codings ('qualcode remove ID' "
        "removes one).\n")
