"""Response tables (one answer per row) read by every command that reads documents: the same
table options everywhere, hints that name only options the command has, an answer as one
segment, and cases figures of a survey without cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()

TABLE_OPTIONS = ("--text-column", "--id-column", "--case-column", "--sheet")
READING_COMMANDS = (("segments",), ("code",), ("analyze",), ("export", "qdpx"),
                    ("codebook", "show"))

CODEBOOK = """\
name: survey
version: "1"
unit: turn
dimensions:
  - id: problem
    label: Problem
codes:
  - id: forms
    dimension: problem
    label: Forms
    definition: Paperwork.
    rules:
      - phrases:
          en: [forms]
  - id: staff
    dimension: problem
    label: Staff
    definition: The people at the desk.
    rules:
      - phrases:
          en: [staff]
"""


def _command(path: tuple[str, ...]) -> Any:
    group = typer.main.get_command(app)
    for name in path:
        group = group.commands[name]  # type: ignore[attr-defined]
    return group


def _options(command: Any) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    return {opt: (param.help, tuple(param.opts)) for param in command.params
            if param.param_type_name == "option" for opt in param.opts}


def _survey(folder: Path, sheets: int = 1) -> Path:
    """A survey export: its answers under "Q5 Comments " (a space, as Excel headers have)."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    if sheets > 1:
        sheet.title = "Notes"
        sheet.append(["note"])
        sheet.append(["exported in May"])
        sheet = book.create_sheet("Answers")
    sheet.append(["Respondent ID ", "Region", "Q5 Comments "])
    sheet.append(["R1", "North", "The forms are endless.\n\nAnd the staff were rude."])
    sheet.append(["R2", "South", "Forms, forms and more forms."])
    sheet.append(["R3", "South", "The staff were kind."])
    sheet.append(["R4", "North", None])  # unanswered: warning W108
    path = folder / "survey_q5.xlsx"
    book.save(path)
    return path


@pytest.fixture
def codebook(tmp_path) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", READING_COMMANDS, ids=" ".join)
def test_every_command_that_reads_documents_takes_the_same_table_options(path):
    reference = _options(_command(("segments",)))
    options = _options(_command(path))
    for option in TABLE_OPTIONS:
        assert option in options, f"{' '.join(path)} lacks {option}"
        assert options[option] == reference[option]


def test_analyze_takes_the_text_column_its_hint_names(tmp_path, codebook):
    survey = _survey(tmp_path / "data")
    out = tmp_path / "results"
    base = ["analyze", str(survey), "-c", str(codebook), "-o", str(out), "--no-charts",
            "--no-portraits"]
    result = runner.invoke(app, base)
    assert result.exit_code == 1
    assert "pass --text-column with one of: Respondent ID, Region, Q5 Comments" in result.output
    result = runner.invoke(app, [*base, "--text-column", "Q5 Comments ", "--id-column",
                                 "Respondent ID ", "-a", "Region"])
    assert result.exit_code == 0, result.output
    assert "W108" in result.output
    # one answer, one segment: the blank line inside R1's answer does not cut it
    segments = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    assert segments["document"].tolist() == ["R1", "R2", "R3"]
    codings = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(codings["document"], codings["segment"], codings["code"],
                      strict=True)) == [("R1", "0", "forms"), ("R1", "0", "staff"),
                                        ("R2", "0", "forms"), ("R3", "0", "staff")]
    pair = pd.read_csv(out / "cooccurrence.csv", dtype=str, keep_default_na=False)
    assert pair.iloc[0][["code_a", "code_b"]].tolist() == ["forms", "staff"]
    # no case anywhere: the cases figures are empty, not 0, in every table and format
    frequencies = pd.read_csv(out / "frequencies.csv", dtype=str, keep_default_na=False)
    assert frequencies[["code", "documents", "cases", "cases_percent"]].values.tolist() == [
        ["forms", "2", "", ""], ["staff", "2", "", ""]]
    crosstab = pd.read_csv(out / "code_by_Region.csv", dtype=str, keep_default_na=False)
    assert crosstab.loc[0, ["count:North", "cases:North", "cases:total"]].tolist() == [
        "1", "", ""]
    theme = pd.read_csv(out / "theme_table.csv", dtype=str, keep_default_na=False)
    assert set(theme["cases"]) == {""}
    assert "| Forms (forms) | Paperwork. | 2 |  |" in (out / "theme_table.md").read_text(
        encoding="utf-8")
    sheet = load_workbook(out / "tables.xlsx")["frequencies"]
    header = [c.value for c in sheet[1]]
    assert [row[header.index("cases")] for row in sheet.iter_rows(min_row=2, values_only=True)
            ] == [None] * (sheet.max_row - 1)


def test_a_case_column_gives_the_cases_that_analyze_counts(tmp_path, codebook):
    survey = _survey(tmp_path / "data")
    out = tmp_path / "results"
    result = runner.invoke(app, [
        "analyze", str(survey), "-c", str(codebook), "-o", str(out), "--no-charts",
        "--no-portraits", "--text-column", "Q5 Comments", "--case-column", "Region"])
    assert result.exit_code == 0, result.output
    frequencies = pd.read_csv(out / "frequencies.csv", dtype=str,
                              keep_default_na=False).set_index("code")
    assert frequencies.loc["forms", ["documents", "cases", "cases_percent"]].tolist() == [
        "2", "2", "100.0"]
    assert frequencies.loc["staff", ["cases", "cases_percent"]].tolist() == ["2", "100.0"]
    segments = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    assert segments["case"].tolist() == ["North", "South", "South"]


def test_the_sheet_the_warning_names_can_be_passed_to_analyze(tmp_path, codebook):
    survey = _survey(tmp_path / "data", sheets=2)
    book = load_workbook(survey)
    wave = book.copy_worksheet(book["Answers"])
    wave.title = "Wave 2"
    wave["C2"] = "Only forms."
    book.save(survey)
    out = tmp_path / "results"
    base = ["analyze", str(survey), "-c", str(codebook), "-o", str(out), "--no-charts",
            "--no-portraits", "--text-column", "Q5 Comments"]
    result = runner.invoke(app, base)
    assert result.exit_code == 0, result.output
    assert "W107" in result.output and "pass --sheet NAME" in result.output
    result = runner.invoke(app, [*base, "--sheet", "Wave 2"])
    assert result.exit_code == 0, result.output
    segments = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    assert segments["text"].tolist()[0] == "Only forms."


def test_export_qdpx_reads_a_response_table_with_the_table_options(tmp_path):
    survey = _survey(tmp_path / "data")
    out = tmp_path / "survey.qdpx"
    result = runner.invoke(app, ["export", "qdpx", str(survey), "-o", str(out)])
    assert result.exit_code == 1
    assert "pass --text-column" in result.output
    result = runner.invoke(app, ["export", "qdpx", str(survey), "-o", str(out),
                                 "--text-column", "Q5 Comments", "--id-column", "Respondent ID",
                                 "--case-column", "Region"])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "(3 documents, 2 cases, 0 codings)" in result.output


def test_export_qdpx_reports_a_missing_codings_table_before_reading_documents(tmp_path):
    survey = _survey(tmp_path / "data")
    result = runner.invoke(app, ["export", "qdpx", str(survey), "--text-column", "Q5 Comments",
                                 "--codings", str(tmp_path / "missing.csv"), "-o",
                                 str(tmp_path / "survey.qdpx")])
    assert result.exit_code == 1
    assert "codings table not found" in result.output
    assert "W108" not in result.output  # the documents were not read
    assert not (tmp_path / "survey.qdpx").exists()


@pytest.mark.parametrize("option", ["--text-column", "--case-column"])
def test_a_project_refuses_the_table_options(tmp_path, option):
    project = tmp_path / "proj"
    result = runner.invoke(app, ["init", str(project)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["analyze", "--project", str(project), option, "Q5",
                                 "-o", str(tmp_path / "results")])
    assert result.exit_code == 2
    assert f"{option} applies to transcripts coded afresh" in " ".join(result.output.split())
    result = runner.invoke(app, ["export", "qdpx", "--project", str(project), option, "Q5",
                                 "-o", str(tmp_path / "p.qdpx")])
    assert result.exit_code == 2
    assert f"give --project or {option}, not both" in " ".join(result.output.split())
