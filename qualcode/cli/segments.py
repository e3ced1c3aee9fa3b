"""``qualcode segments``: the segments table of a corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli.common import (
    CaseColumnOpt,
    CasesOpt,
    IdColumnOpt,
    InterviewerOpt,
    LangOpt,
    SheetOpt,
    SkipErrorsOpt,
    TableOutputOpt,
    TextColumnOpt,
    UnitOpt,
    command,
    print_issues,
    progress,
)

__all__ = ["load_for_cli", "register"]


def load_for_cli(
    paths: list[Path],
    *,
    unit: str,
    lang: str,
    cases: Path | None,
    text_column: str | None,
    id_column: str | None,
    skip_errors: bool,
    interviewer: list[str] | None,
    sheet: str | None = None,
    case_column: str | None = None,
):
    """Load a corpus with a progress bar and print warnings and skipped files."""
    from qualcode.corpus import load_corpus

    with progress(None, "Reading") as bar:
        corpus = load_corpus(
            paths,
            unit=unit,
            language=lang,
            cases=cases,
            interviewer_labels=interviewer or None,
            text_column=text_column,
            id_column=id_column,
            skip_errors=skip_errors,
            progress=lambda p: bar.advance(label=f"Reading {p.name}"),
            sheet=sheet,
            case_column=case_column,
        )
    print_issues(list(corpus.warnings), "Warnings:")
    print_issues(list(corpus.skipped), f"Skipped {len(corpus.skipped)} file(s):")
    return corpus


def register(app: typer.Typer) -> None:
    """Add the ``segments`` command to ``app``."""

    @app.command("segments")
    @command
    def segments(
        paths: Annotated[list[Path], typer.Argument(help="Transcript files or folders.")],
        unit: UnitOpt = "turn",
        lang: LangOpt = "auto",
        cases: CasesOpt = None,
        output: TableOutputOpt = None,
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        case_column: CaseColumnOpt = None,
        sheet: SheetOpt = None,
        skip_errors: SkipErrorsOpt = False,
        interviewer: InterviewerOpt = None,
    ) -> None:
        """Write one row per segment (document, case, segment, start, end, speaker,
        interviewer, unit, text, attributes) as CSV, or as a workbook (-o FILE.xlsx).

        Example: qualcode segments transcripts/ --cases transcripts/cases.csv -o segments.csv
        """
        from qualcode.report.sheets import write_table
        from qualcode.tables import segments_table

        corpus = load_for_cli(
            paths, unit=unit, lang=lang, cases=cases, text_column=text_column,
            id_column=id_column, skip_errors=skip_errors, interviewer=interviewer, sheet=sheet,
            case_column=case_column,
        )
        write_table(segments_table(corpus), output, sheet="segments")
