"""``qualcode code``: auto-code transcripts with a codebook's rules (the codings table)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli.common import (
    STATE,
    CasesOpt,
    IdColumnOpt,
    InterviewerOpt,
    LangOpt,
    OutputOpt,
    SkipErrorsOpt,
    TextColumnOpt,
    command,
    echo_err,
    print_issues,
)

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``code`` command to ``app``."""

    @app.command("code")
    @command
    def code(
        paths: Annotated[list[Path], typer.Argument(help="Transcript files or folders.")],
        codebook: Annotated[
            Path | None,
            typer.Option("--codebook", "-c", help="Codebook YAML (default: the bundled study "
                         "codebook)."),
        ] = None,
        unit: Annotated[
            str | None,
            typer.Option("--unit", "-u", help="Segment unit: turn, paragraph, sentence or "
                         "document (default: the codebook's unit)."),
        ] = None,
        lang: LangOpt = "auto",
        cases: CasesOpt = None,
        output: OutputOpt = None,
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        skip_errors: SkipErrorsOpt = False,
        interviewer: InterviewerOpt = None,
    ) -> None:
        """Apply a codebook's rules to every segment and write the codings table as CSV: one
        row per (segment, code) with document, case, segment, start, end, speaker, code,
        code_path, group, coder, source, rule, match, text, then case attributes.

        Example: qualcode code transcripts/ --cases transcripts/cases.csv -o codings.csv
        """
        from qualcode.cli.segments import load_for_cli
        from qualcode.coding.engine import apply_codebook
        from qualcode.io.codebook import load_codebook
        from qualcode.report.tabular import write_csv
        from qualcode.resources import default_codebook_path
        from qualcode.tables import codings_table

        book = load_codebook(codebook if codebook is not None else default_codebook_path())
        print_issues(list(book.warnings), "Codebook warnings:")
        corpus = load_for_cli(
            paths, unit=unit or book.unit, lang=lang, cases=cases, text_column=text_column,
            id_column=id_column, skip_errors=skip_errors, interviewer=interviewer,
        )
        codings = apply_codebook(corpus, book)
        write_csv(codings_table(codings, corpus, book), output)
        if not STATE.quiet:
            segments = sum(len(s) for s in corpus.segments.values())
            codes = len({c.code for c in codings})
            echo_err(f"Coded {segments} segments in {len(corpus.documents)} documents with "
                     f"{book.coder}: {len(codings)} codings of {codes} codes.")
