"""``qualcode analyze``: a complete results folder, checked file by file and recomputed by hand."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.report.safety import unsafe_cell

RESULT_FILES = [
    "codings.csv", "segments.csv", "code_by_document.csv", "code_by_document_presence.csv",
    "code_by_case.csv", "code_by_case_presence.csv", "code_by_informant_role.csv",
    "cooccurrence.csv", "cooccurrence_matrix.csv", "frequencies.csv", "quotes.csv",
    "representative_quotes.csv", "role_by_stage.csv", "theme_table.csv", "tables.xlsx",
    "theme_table.docx", "theme_table.md", "report.html", "provenance.json",
]
CHARTS = ["code_frequencies", "code_by_document", "code_by_case", "code_by_informant_role",
          "role_by_stage", "cooccurrence", "cooccurrence_network",
          "obstacles_by_informant_role"]


@pytest.fixture
def study(tmp_path, tiny):
    return tiny.write_tiny_study(tmp_path / "study")


@pytest.fixture(scope="module")
def results(tmp_path_factory, tiny):
    """One run shared by the read-only checks below."""
    base = tmp_path_factory.mktemp("analyze")
    study = tiny.write_tiny_study(base / "study")
    out = base / "results"
    result = CliRunner().invoke(app, [
        "analyze", str(study["corpus"]), "-c", str(study["codebook"]), "--cases",
        str(study["cases"]), "-o", str(out), "--no-portraits"])
    assert result.exit_code == 0, result.output
    return out, result.output


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False).map(unsafe_cell)


def test_writes_every_file_and_each_reopens(results):
    out, output = results
    for name in RESULT_FILES:
        assert (out / name).is_file(), name
    for chart in CHARTS:
        assert (out / "charts" / f"{chart}.png").stat().st_size > 1000
        assert (out / "charts" / f"{chart}.svg").is_file()
    assert not (out / "charts" / "portraits").exists()
    book = load_workbook(out / "tables.xlsx")
    assert {"codings", "frequencies", "role_by_stage", "codebook", "provenance"} <= set(
        book.sheetnames)
    assert len(DocxDocument(str(out / "theme_table.docx")).tables) == 4   # 3 dimensions + prov.
    HTMLParser().feed((out / "report.html").read_text(encoding="utf-8"))
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["codebook"]["name"] == "tiny" and prov["counts"]["codings"] == 8
    assert "Analysed 2 document(s), 7 segment(s): 8 coding(s)." in output
    # ties keep codebook order
    assert "Top codes: enabler (3), coordinator (1), assessment (1), planning (1), " \
        "obstacle_internal (1)" in output
    assert f"to {out}/" in output


def test_outputs_recomputed_by_hand_from_codings_csv(results):
    out, _ = results
    codings = read(out / "codings.csv")
    segments = read(out / "segments.csv")
    # roll-up by hand: a child's row also counts for each ancestor in its code_path, once
    rows = []
    for record in codings.to_dict("records"):
        for depth, code in enumerate(record["code_path"].split("/")):
            rows.append({**record, "code": code, "depth": depth})
    rolled = pd.DataFrame(rows).drop_duplicates(["document", "segment", "code"])

    by_document = read(out / "code_by_document.csv").set_index("code").astype(int)
    manual = pd.crosstab(rolled["code"], rolled["document"])
    for code in manual.index:
        assert by_document.loc[code].to_dict() == manual.loc[code].to_dict(), code
    assert set(by_document.index) - set(manual.index) == {"obstacle_internal"} or \
        by_document.drop(index=manual.index).to_numpy().sum() == 0

    by_case = read(out / "code_by_case.csv").set_index("code").astype(int)
    manual_case = pd.crosstab(rolled["code"], rolled["case"])
    assert list(by_case.columns) == ["A", "B"]
    for code in manual_case.index:
        assert by_case.loc[code].to_dict() == manual_case.loc[code].to_dict(), code
    presence = read(out / "code_by_case_presence.csv").set_index("code").astype(int)
    assert (presence == (by_case > 0).astype(int)).all().all()

    crosstab = read(out / "code_by_informant_role.csv").set_index("code")
    manual_role = pd.crosstab(rolled["code"], rolled["informant_role"])
    for code in manual_role.index:
        for role in manual_role.columns:
            assert int(crosstab.loc[code, f"count:{role}"]) == manual_role.loc[code, role]

    freq = read(out / "frequencies.csv").set_index("code")
    n_docs = segments["document"].nunique()
    for code, group in rolled.groupby("code"):
        assert int(freq.loc[code, "codings"]) == len(group)
        assert float(freq.loc[code, "documents_percent"]) == round(
            100 * group["document"].nunique() / n_docs, 1)

    # role x stage: segments carrying both codes (no roll-up: roles and stages are flat)
    role_by_stage = read(out / "role_by_stage.csv").set_index("role").astype(int)
    pairs = codings.merge(codings, on=["document", "segment"])
    pairs = pairs[(pairs["group_x"] == "role") & (pairs["group_y"] == "stage")]
    manual_pairs = pd.crosstab(pairs["code_x"], pairs["code_y"])
    assert role_by_stage.to_numpy().sum() == manual_pairs.to_numpy().sum() == 2
    for role in manual_pairs.index:
        for stage in manual_pairs.columns:
            assert role_by_stage.loc[role, stage] == manual_pairs.loc[role, stage]


def test_hostile_transcript_text_is_inert(results):
    out, _ = results
    formula = '=HYPERLINK("http://x","y")'
    raw = (out / "codings.csv").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in raw                     # CSV keeps the text as data
    for line in raw.splitlines():
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), line
    book = load_workbook(out / "tables.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;" in (out / "theme_table.md").read_text(encoding="utf-8")
    quotes = read(out / "quotes.csv")
    assert quotes["text"].str.contains(formula, regex=False).any()


def test_existing_folder_is_replaced(tmp_path, study):
    out = tmp_path / "results"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    (out / ".qualcode-output").write_text("a results folder of an earlier run")
    result = CliRunner().invoke(app, [
        "-q", "analyze", str(study["corpus"]), "-c", str(study["codebook"]), "-o", str(out),
        "--no-charts"])
    assert result.exit_code == 0, result.output
    assert result.output == ""                                    # --quiet: no summary
    assert not (out / "stale.csv").exists() and (out / "codings.csv").exists()
    assert not (out / "code_by_informant_role.csv").exists()      # no cases table given


def test_a_folder_of_other_files_is_never_replaced(tmp_path, study, monkeypatch):
    # a mistyped -o naming the transcripts: refused before any work, nothing touched
    corpus = tmp_path / "transcripts"
    corpus.mkdir()
    for path in Path(study["corpus"]).iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    before = sorted(p.name for p in corpus.iterdir())
    result = CliRunner().invoke(app, [
        "analyze", str(corpus), "-c", str(study["codebook"]), "-o", str(corpus), "--no-charts"])
    assert result.exit_code == 1
    assert "already holds files qualcode did not write" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == before
    monkeypatch.chdir(corpus)
    result = CliRunner().invoke(app, [
        "analyze", ".", "-c", str(study["codebook"]), "-o", ".", "--no-charts"])
    assert result.exit_code == 1 and "holds the current folder" in result.stderr


def test_errors_exit_cleanly(tmp_path, study):
    runner = CliRunner()
    base = ["analyze", str(study["corpus"]), "-c", str(study["codebook"]), "--no-charts"]
    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = runner.invoke(app, [*base, "-o", str(blocked)])
    assert result.exit_code == 1
    assert "the output path exists and is not a folder" in result.output
    result = runner.invoke(app, [*base, "-o", str(tmp_path / "r"), "--attribute", "gender"])
    assert result.exit_code == 1
    assert "unknown attribute 'gender'" in result.output
    result = runner.invoke(app, [*base, "-o", str(tmp_path / "r"), "--pair", "role"])
    assert result.exit_code == 2
    assert "not ROWS:COLUMNS" in result.output
    result = runner.invoke(app, [*base, "-o", str(tmp_path / "r"), "--pair", "role:phase"])
    assert result.exit_code == 1
    assert "known dimensions: role, stage, obstacle" in result.output
    assert not (tmp_path / "r").exists()


def test_codings_filters_are_refused_for_transcripts(tmp_path, study):
    result = CliRunner().invoke(app, [
        "analyze", str(study["corpus"]), "-c", str(study["codebook"]), "-o",
        str(tmp_path / "r"), "--coder", "nobody", "--status", "accepted"])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "--status and --coder choose among a project's codings or a saved codings" in message
    assert "transcripts are coded afresh" in message and "--project DIR" in message
    assert not (tmp_path / "r").exists()


def test_window_and_pairs(tmp_path, study):
    out = tmp_path / "r"
    result = CliRunner().invoke(app, [
        "analyze", str(study["corpus"]), "-c", str(study["codebook"]), "-o", str(out),
        "--no-charts", "--window", "3", "--pair", "stage:role", "--no-roll-up"])
    assert result.exit_code == 0, result.output
    assert (out / "cooccurrence_window_3.csv").exists()
    assert (out / "stage_by_role.csv").read_text().splitlines()[0] == \
        "stage,enabler,coordinator"
    matrix = read(out / "code_by_document.csv").set_index("code")
    assert matrix.loc["obstacle_internal"].tolist() == ["0", "0"]


@pytest.mark.slow
def test_no_arguments_analyses_the_bundled_study(tmp_path, monkeypatch):
    pytest.importorskip("qualcode.io.codebook")
    pytest.importorskip("qualcode.coding.engine")
    from qualcode.errors import InputError
    from qualcode.resources import default_codebook_path, default_corpus_path

    try:
        default_codebook_path()
        default_corpus_path()
    except InputError:
        pytest.skip("the bundled codebook or corpus is not there yet")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["analyze"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "results"
    for name in RESULT_FILES:
        assert (out / name).is_file(), name
    for chart in CHARTS:
        assert (out / "charts" / f"{chart}.png").is_file(), chart
    assert list((out / "charts" / "portraits").glob("*.png"))
    role_by_stage = read(out / "role_by_stage.csv")
    assert list(role_by_stage.columns) == ["role", "assessment", "planning", "intervention",
                                           "monitoring", "evaluation", "termination"]
    assert role_by_stage["role"].tolist() == [
        "enabler", "communicator", "collaborator", "coordinator", "advocate",
        "quality_manager", "transition_planner"]
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["codebook"]["name"] == "case-management-bullying"
    assert prov["cases"]["path"].endswith("cases.csv")


def test_quiet_keeps_warnings_and_skipped_files(tmp_path):
    folder = tmp_path / "sk"
    folder.mkdir()
    (folder / "a.txt").write_text("Rina: a\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "skres"
    result = CliRunner().invoke(app, ["-q", "analyze", str(folder), "--skip-errors", "-o",
                                      str(out), "--no-charts", "--no-portraits"])
    assert result.exit_code == 0, result.output
    assert "Skipped 1 file(s):" in result.stderr and "empty.txt" in result.stderr
    assert "Analysed" not in result.stdout  # the summary is what -q leaves out
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert len(provenance["skipped"]) == 1 and "empty.txt" in provenance["skipped"][0]
    assert "[E100]" in provenance["skipped"][0]


def test_attribute_case_does_not_replace_code_by_case(tmp_path, study):
    out = tmp_path / "r"
    result = CliRunner().invoke(app, [
        "analyze", str(study["corpus"]), "-c", str(study["codebook"]), "--no-charts",
        "-a", "case", "-o", str(out)])
    assert result.exit_code == 1
    assert "attribute 'case' would be crosstabbed into code_by_case" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_an_empty_input_folder_is_named(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["analyze", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"no supported files found in the folder {empty}" in result.stderr
    assert "supported suffixes: .txt, .md" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(__import__("os").name == "nt", reason="POSIX permissions")
def test_a_read_only_output_folder_is_refused_before_the_analysis(tmp_path, study, monkeypatch):
    import os

    out = tmp_path / "ro"
    out.mkdir()
    real = os.access  # tests may run as root, whom permissions do not stop
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == out
                        and mode & os.W_OK else real(path, mode, **kw))
    monkeypatch.setattr("qualcode.pipeline.analyze_corpus", lambda *a, **k: pytest.fail(
        "the analysis ran"))
    result = CliRunner().invoke(app, ["analyze", str(study["corpus"]), "-c",
                                      str(study["codebook"]), "-o", str(out), "--no-charts"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{out}: the output folder is not writable (Permission denied)" in result.stderr
    assert "chmod u+w" in result.stderr and "close programs" not in result.stderr


def test_the_filters_help_says_they_are_for_a_project():
    text = " ".join(CliRunner().invoke(app, ["analyze", "--help"]).stdout.split())
    assert "accepted or rejected (repeatable). Applies to a project's codings (--project, or " \
        "inside a project), not to transcripts, which are coded afresh." in text
    assert "codings table" not in text.split("--status")[-1].split("--source")[0]


def test_a_label_language_the_codebook_lacks_is_a_usage_error_before_any_work(
        tmp_path, study, monkeypatch):
    # it was refused (exit 1) only once every transcript had been read and coded
    monkeypatch.setattr("qualcode.cli.segments.load_for_cli", lambda *a, **k: pytest.fail(
        "the transcripts were read"))
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["analyze", str(study["corpus"]), "-c",
                                      str(study["codebook"]), "-o", str(out), "--no-charts",
                                      "--label-language", "xx"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert "the codebook has no labels in 'xx'" in message and "its languages: en" in message
    assert not out.exists()
