"""``qualcode matrix`` on a saved codings table (e.g. hand coding), without re-coding."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.analysis.cooccurrence import dimension_matrix
from qualcode.cli.app import app
from qualcode.io.codings import read_codings
from qualcode.pipeline import resolve_codebook
from qualcode.report.tabular import csv_text, write_csv
from qualcode.report.xlsx import flat_table


@pytest.fixture
def files(tmp_path, tiny):
    codings = tiny.tiny_codings()
    codings.loc[0, "text"] = '=HYPERLINK("http://x","y")'
    write_csv(codings, tmp_path / "hand.csv")
    write_csv(tiny.tiny_segments(), tmp_path / "segments.csv")
    (tmp_path / "tiny.yaml").write_text(tiny.TINY_YAML, encoding="utf-8")
    return {"codings": str(tmp_path / "hand.csv"), "segments": str(tmp_path / "segments.csv"),
            "codebook": str(tmp_path / "tiny.yaml")}


def run(*args: str):
    return CliRunner().invoke(app, ["matrix", *args])


def test_code_by_document_rolls_up_by_default(files):
    result = run(files["codings"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "code,d1,d2,d3,d4",
        "enabler,1,2,1,0",
        "assessment,2,0,0,1",
        "coordinator,1,0,0,0",
        "obstacle_internal,2,0,1,0",
        "caseload,1,0,1,0",
        "staffing,1,0,0,0",
        "planning,0,1,0,1",
        "obstacle_external,0,1,0,0",
        "school_denial,0,1,0,0",
    ]
    flat = run(files["codings"], "--no-roll-up", "--presence").output.splitlines()
    # a parent in the codings' code_path is a code, but not counted for its children
    assert "obstacle_internal,0,0,0,0" in flat and flat[1] == "enabler,1,1,1,0"


def test_cli_output_equals_the_library(files, tmp_path):
    target = tmp_path / "role_by_stage.csv"
    result = run(files["codings"], "--kind", "dimension", "-c", files["codebook"], "-o",
                 str(target))
    assert result.exit_code == 0, result.output
    expected = dimension_matrix(read_codings(files["codings"]), "role", "stage",
                                codebook=resolve_codebook(files["codebook"]))
    assert target.read_text(encoding="utf-8") == csv_text(flat_table(expected))
    assert target.read_text(encoding="utf-8").splitlines() == [
        "role,assessment,planning", "enabler,1,1", "coordinator,0,0"]


def test_attribute_crosstab_and_measures(files):
    result = run(files["codings"], "-k", "code-by-attribute", "-m", "column_percent")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output)).set_index("code")
    assert table.loc["enabler"].tolist() == [18.2, 40.0]
    full = run(files["codings"], "-k", "crosstab").output.splitlines()[0]
    assert full.startswith("code,count:manajer_kasus,count:psikolog,count:total,")


def test_a_percentage_of_nothing_is_an_empty_cell(files, tmp_path):
    from openpyxl import load_workbook

    # a code of the codebook nobody used: its row percentages are 0 of 0
    codings = pd.read_csv(files["codings"])
    codings = codings[codings["code"] != "coordinator"]
    path = tmp_path / "no-coordinator.csv"
    codings.to_csv(path, index=False)
    result = run(str(path), "-k", "code-by-attribute", "-m", "row_percent", "-c",
                 files["codebook"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "code,manajer_kasus,psikolog"
    assert "coordinator,," in lines and "planning,0.0,100.0" in lines
    target = tmp_path / "crosstab.xlsx"
    result = run(str(path), "-k", "crosstab", "-c", files["codebook"], "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = {r[0]: r for r in load_workbook(target).active.iter_rows(values_only=True)}
    assert rows["coordinator"][:6] == ("coordinator", 0, 0, 0, None, None)


def test_cooccurrence_and_frequencies(files):
    pairs = run(files["codings"], "-k", "cooccurrence-pairs", "-w", "1").output.splitlines()
    assert pairs[0] == ("code_a,code_b,window,segments_a,segments_b,count,jaccard,codings_a,"
                        "codings_b,coding_pairs,c")
    assert len(pairs) == 12
    jaccard = run(files["codings"], "-k", "cooccurrence", "-m", "jaccard").output
    assert jaccard.splitlines()[1].startswith("enabler,1.0,")
    freq = pd.read_csv(io.StringIO(run(files["codings"], "-k", "frequencies").output))
    assert freq.set_index("code").loc["enabler", "documents_percent"] == 75.0


def test_quotes_with_context_restore_the_text(files):
    result = run(files["codings"], "-k", "quotes", "--segments", files["segments"])
    quotes = pd.read_csv(io.StringIO(result.output), keep_default_na=False)
    first = quotes.iloc[0]
    assert first["text"] == "'=HYPERLINK(\"http://x\",\"y\")"     # still inert in the CSV
    assert (first["before"], first["after"]) == ("d1 turn 0", "d1 turn 2")
    chosen = pd.read_csv(io.StringIO(run(files["codings"], "-k", "representative-quotes",
                                         "--quotes", "1").output))
    assert chosen.groupby("code").size().max() == 1


def test_errors(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("doc,label\nd1,x\n", encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 1
    assert "bad.csv: the codings table has no columns document, segment, code" in result.output
    result = run(files["codings"], "-k", "pivot")
    assert result.exit_code == 2 and "unknown kind 'pivot'" in result.output
    result = run(files["codings"], "-k", "dimension", "--rows", "role", "--columns", "phase")
    assert result.exit_code == 1
    assert "unknown dimension 'phase'" in result.output
    assert "known dimensions: role, stage, obstacle" in result.output
    result = run(files["codings"], "-k", "code-by-attribute", "-a", "gender")
    assert result.exit_code == 1 and "known attributes: informant_role" in result.output


def test_a_measure_the_kind_does_not_take_is_refused(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    table = tmp_path / "c.csv"
    table.write_text("document,segment,code\nd,1,a\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["matrix", str(table), "--kind", "frequencies",
                                      "--measure", "jaccard"])
    assert result.exit_code == 2 and "--measure applies to code-by-attribute" in result.output


def test_presence_with_a_kind_it_does_not_shape_is_refused(tmp_path):
    table = tmp_path / "c.csv"
    table.write_text("document,segment,code\nd,1,a\nd,2,a\n", encoding="utf-8")
    for kind in ("frequencies", "cooccurrence", "code-by-attribute", "quotes"):
        result = run(str(table), "--kind", kind, "--presence")
        assert result.exit_code == 2, kind
        assert (f"--presence applies to code-by-document, code-by-case, not {kind}"
                in result.stderr), kind
    assert run(str(table), "--presence").stdout.splitlines() == ["code,d", "a,1"]
    assert run(str(table), "--kind", "code-by-case", "--presence").exit_code == 0


def test_an_unknown_status_is_reported(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    path = tmp_path / "codings.csv"
    path.write_text("document,segment,code,status\nd,0,a,REJECTED\nd,1,a,done\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["matrix", str(path), "-k", "frequencies"])
    assert result.exit_code == 0, result.output
    assert f"{path}:3: status 'done' is not one of suggested, accepted, rejected" in result.stderr
    assert result.stdout.splitlines()[1].startswith("a,a,,,1,1,")


def test_a_repeated_segment_in_segments_is_an_error(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code\nd1,1,enabler\n", encoding="utf-8")
    segments = tmp_path / "segments.csv"
    segments.write_text("document,segment,start,end,text\nd1,1,0,5,x\nd1,1,0,5,y\n",
                        encoding="utf-8")
    for args in (["matrix", codings], ["export", "tables", codings, "-o", tmp_path / "t"]):
        result = CliRunner().invoke(app, [*map(str, args), "--segments", str(segments)])
        assert result.exit_code == 1
        assert f"{segments}:3 (segment): segment 1 of document d1 repeats" in result.stderr


def test_an_xlsx_output_is_a_workbook_and_other_suffixes_are_refused(tmp_path):
    import openpyxl
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code\nd1,1,enabler\nd2,1,enabler\nd2,2,advocate\n",
                       encoding="utf-8")
    target = tmp_path / "matrix.xlsx"
    result = CliRunner().invoke(app, ["matrix", str(codings), "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["code-by-document"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["code", "d1", "d2"], ["enabler", 1, 1], ["advocate", 0, 1]]
    result = CliRunner().invoke(app, ["matrix", str(codings), "-o", str(tmp_path / "m.tsv")])
    assert result.exit_code == 2  # a usage error, found before any work
    assert "m.tsv ends in .tsv; this command writes .csv or .xlsx files" in \
        " ".join(result.stderr.split())
    assert not (tmp_path / "m.tsv").exists()


def test_an_unknown_attribute_without_segments_points_to_segments(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code\nd1,1,enabler\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["matrix", str(codings), "-k", "crosstab",
                                      "-a", "document_type"])
    assert result.exit_code == 1
    assert "unknown attribute 'document_type'" in result.stderr
    assert "--segments" in result.stderr and "--cases" not in result.stderr


def test_quotes_with_a_control_character_go_into_a_workbook(tmp_path):
    import openpyxl

    codings = tmp_path / "codings.csv"
    codings.write_text('document,segment,code,text\nd1,1,enabler,"line\x0bbreak"\n',
                       encoding="utf-8")
    target = tmp_path / "q.xlsx"
    result = run(str(codings), "-k", "quotes", "-o", str(target))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][rows[0].index("text")] == "linebreak"


def test_a_hand_coding_without_text_is_not_a_representative_quote(tmp_path):
    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code,text\nd1,1,enabler,\nd1,2,enabler,real words\n",
                       encoding="utf-8")
    result = run(str(codings), "-k", "representative-quotes")
    assert result.exit_code == 0, result.output
    chosen = pd.read_csv(io.StringIO(result.output), keep_default_na=False)
    assert chosen["text"].tolist() == ["real words"] and chosen["rank"].tolist() == [1]


def test_a_matrix_workbook_is_the_same_bytes_in_two_runs(files, tmp_path, same_office_files):
    # zip entries and document dates carried the moment of writing
    for name in ("one.xlsx", "two.xlsx"):
        result = run(files["codings"], "--kind", "dimension", "-c", files["codebook"], "-o",
                     str(tmp_path / name))
        assert result.exit_code == 0, result.output
    same_office_files(tmp_path / "one.xlsx", tmp_path / "two.xlsx")


REVIEWED = ("document,segment,code,coder,source,status\n"
            "d1,1,enabler,rina,manual,accepted\n"
            "d1,2,enabler,rina,manual,rejected\n"
            "d1,3,advocate,rina,manual,accepted\n"
            "d2,1,enabler,budi,manual,accepted\n"
            "d2,2,advocate,tiny@1.0,auto,suggested\n")


def test_status_source_and_coder_narrow_a_codings_table(tmp_path):
    codings = tmp_path / "codings.csv"
    codings.write_text(REVIEWED, encoding="utf-8")
    result = run(str(codings), "--status", "accepted", "--coder", "rina", "-k", "frequencies")
    assert result.exit_code == 0, result.output
    counts = pd.read_csv(io.StringIO(result.stdout)).set_index("code")["codings"]
    assert counts.to_dict() == {"enabler": 1, "advocate": 1}
    result = run(str(codings), "--source", "auto", "--source", "manual", "--status",
                 "rejected", "--status", "suggested")
    assert result.stdout.splitlines() == ["code,d1,d2", "enabler,1,0", "advocate,0,1"]
    result = run(str(codings), "--coder", "rnia")
    assert result.exit_code == 0
    assert "no coding has coder rnia [C004]" in result.stderr
    assert "coder values in the table: rina, budi, tiny@1.0" in result.stderr


def test_a_filter_a_codings_table_cannot_answer_is_an_error(tmp_path):
    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code\nd1,1,enabler\n", encoding="utf-8")
    result = run(str(codings), "--status", "accepted")
    assert result.exit_code == 1
    assert (f"{codings}: the codings table has no status column, so it cannot be narrowed to "
            "status accepted") in result.stderr
    assert "qualcode codings -o FILE" in result.stderr and "Traceback" not in result.stderr
    result = run(str(codings), "--coder", "rina")
    assert result.exit_code == 1 and "names no coder" in result.stderr


def test_the_filters_help_says_what_they_apply_to():
    result = run("--help")
    assert "Applies to the project's codings and to the rows of a codings table" in \
        " ".join(result.stdout.split())


def test_without_a_codebook_a_filter_keeps_the_rows_of_the_whole_table(tmp_path):
    path = tmp_path / "two-coders.csv"
    path.write_text("document,segment,code,code_path,group,coder\n"
                    "d1,0,enabler,enabler,role,ann\nd1,1,assessment,assessment,stage,bob\n"
                    "d2,0,coordinator,coordinator,role,ann\nd2,1,planning,planning,stage,bob\n"
                    "d2,2,caseload,obstacle/caseload,obstacle,bob\n", encoding="utf-8")
    result = run(str(path), "--coder", "ann")
    assert result.exit_code == 0, result.output
    # bob's codes stay rows of zeros, as with -c; the parent named only in a path too
    assert result.stdout.splitlines() == [
        "code,d1,d2", "enabler,1,0", "assessment,0,0", "coordinator,0,1", "planning,0,0",
        "obstacle,0,0", "caseload,0,0"]
    result = run(str(path), "-k", "dimension", "--coder", "ann")
    assert result.exit_code == 0, result.output  # was: unknown dimension 'stage'
    assert result.stdout.splitlines() == [
        "role,assessment,planning", "enabler,0,0", "coordinator,0,0"]
    frequencies = pd.read_csv(io.StringIO(run(str(path), "-k", "frequencies", "--coder",
                                              "bob").stdout), keep_default_na=False)
    assert frequencies["code"].tolist() == ["enabler", "assessment", "coordinator", "planning",
                                            "obstacle", "caseload"]
    assert frequencies["codings"].tolist() == [0, 1, 0, 1, 1, 1]
    assert frequencies["dimension"].tolist() == ["role", "stage", "role", "stage", "obstacle",
                                                 "obstacle"]


def test_label_language_chooses_the_labels_and_is_checked_before_any_work(files, tmp_path):
    # matrix took no --label-language (exit 2, no such option), so the labels of its
    # frequencies and quotes were always the codebook's first language's
    yaml = tmp_path / "two.yaml"
    text = (tmp_path / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("languages: [en]", "languages: [id, en]")
    yaml.write_text(text.replace("label: {en: Enabler}", "label: {id: Pemungkin, en: Enabler}"),
                    encoding="utf-8")
    for language, label in ((None, "Pemungkin"), ("en", "Enabler"), ("id", "Pemungkin")):
        chosen = ["--label-language", language] if language else []
        for kind in ("frequencies", "quotes", "representative-quotes"):
            result = run(files["codings"], "-c", str(yaml), "--segments", files["segments"],
                         "-k", kind, *chosen)
            assert result.exit_code == 0, result.output
            table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
            labels = dict(zip(table["code"], table["label"], strict=False))
            assert labels["enabler"] == label, (language, kind)
            assert labels["assessment"] == "Assessment", (language, kind)
    # as analyze, export and chart: a usage error before the codings table is read
    out = tmp_path / "fr.csv"
    result = run(str(tmp_path / "no-such-table.csv"), "-c", str(yaml), "-k", "frequencies",
                 "--label-language", "fr", "-o", str(out))
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "the codebook has no labels in 'fr'" in message
    assert "one of its languages: id, en" in message
    assert not out.exists()
