"""``qualcode code``: auto-code transcripts with a codebook's rules (the codings table)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli.common import (
    STATE,
    CaseColumnOpt,
    CasesOpt,
    IdColumnOpt,
    InterviewerOpt,
    LangOpt,
    SheetOpt,
    SkipErrorsOpt,
    TextColumnOpt,
    check_suffix,
    command,
    echo_err,
    one_of,
    print_issues,
    progress,
    suffix_list,
)
from qualcode.cli.scale import (
    CacheOpt,
    EngineOpt,
    JobsOpt,
    SchedulerOpt,
    check_engine,
)
from qualcode.report.formats import CODINGS_CSV_SUFFIXES, PARQUET_SUFFIXES

__all__ = ["register"]


def _code_on_dask(paths: list[Path], book, output: str | None, *, unit: str | None, lang: str,
                  cases: Path | None, interviewer: list[str] | None, text_column: str | None,
                  id_column: str | None, case_column: str | None, sheet: str | None,
                  skip_errors: bool, scheduler: str | None) -> None:
    from qualcode.distributed import code_distributed
    from qualcode.report.files import check_output_folder

    check_output_folder(output)

    summary = code_distributed(
        paths, book, output, unit=unit, language=lang, cases=cases,
        interviewer_labels=interviewer or None, text_column=text_column, id_column=id_column,
        case_column=case_column, sheet=sheet, skip_errors=skip_errors, scheduler=scheduler)
    print_issues(list(summary.warnings), "Warnings:")
    print_issues(list(summary.skipped), f"Skipped {len(summary.skipped)} file(s):")
    if not STATE.quiet:
        echo_err(f"Coded {summary.segments} segments in {summary.documents} documents with "
                 f"{book.coder}: {summary.codings} codings of {summary.codes} codes "
                 f"(Parquet in {output}).")


def _check_output(output: str | None, engine: str) -> None:
    """Refuse, before any work, an output that is not what ``engine`` writes: a CSV file (or
    stdout), or with dask a Parquet folder.

    Raises:
        typer.BadParameter: Naming the output and the suffix to use.
    """
    if engine != "dask":
        if output is not None and Path(output).suffix.lower() in PARQUET_SUFFIXES:
            raise typer.BadParameter(f"{output} names a Parquet folder, which only --engine "
                                     "dask writes: add --engine dask, or name a .csv file",
                                     param_hint="--output")
        check_suffix(output, CODINGS_CSV_SUFFIXES, stdout=True, option="--output")
        return
    if output is None or output == "-":
        raise typer.BadParameter("--engine dask writes a Parquet folder: give -o DIR.parquet",
                                 param_hint="--output")
    check_suffix(output, PARQUET_SUFFIXES, what="folders with --engine dask", option="--output")


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
            typer.Option("--unit", "-u", callback=one_of("qualcode.model:UNITS", "unit"),
                         help="Segment unit: turn, paragraph, sentence or document (default: "
                         "the codebook's unit)."),
        ] = None,
        lang: LangOpt = "auto",
        cases: CasesOpt = None,
        output: Annotated[str | None, typer.Option(
            "--output", "-o", help=f"Output file: {suffix_list(CODINGS_CSV_SUFFIXES)}; '-' or "
            f"none for stdout. With --engine dask, a {suffix_list(PARQUET_SUFFIXES)} folder.")
        ] = None,
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        case_column: CaseColumnOpt = None,
        sheet: SheetOpt = None,
        skip_errors: SkipErrorsOpt = False,
        interviewer: InterviewerOpt = None,
        jobs: JobsOpt = 1,
        cache: CacheOpt = None,
        engine: EngineOpt = "local",
        scheduler: SchedulerOpt = None,
    ) -> None:
        """Apply a codebook's rules to every segment and write the codings table as CSV: one
        row per (segment, code) with document, case, segment, start, end, speaker, code,
        code_path, group, coder, source, rule, match, text, then case attributes. Files are
        streamed (memory stays flat); --jobs codes them in parallel, --cache reuses the
        results of earlier runs, --engine dask runs on a Dask cluster and writes Parquet.

        Example: qualcode code transcripts/ --cases transcripts/cases.csv -o codings.csv
        """
        _check_output(output, engine)
        from qualcode.io.codebook import load_codebook
        from qualcode.resources import default_codebook_path

        book = load_codebook(codebook if codebook is not None else default_codebook_path())
        print_issues(list(book.warnings), "Codebook warnings:")
        if engine == "dask":
            _code_on_dask(paths, book, output, unit=unit, lang=lang, cases=cases,
                          interviewer=interviewer, text_column=text_column,
                          id_column=id_column, case_column=case_column, sheet=sheet,
                          skip_errors=skip_errors, scheduler=scheduler)
            return
        check_engine(engine, scheduler)
        from qualcode.stream import code_files

        with progress(None, "Coding") as bar:
            summary = code_files(
                paths, book, output, unit=unit, language=lang, cases=cases,
                interviewer_labels=interviewer or None, text_column=text_column,
                id_column=id_column, case_column=case_column, sheet=sheet,
                skip_errors=skip_errors, jobs=jobs, cache=cache,
                progress=lambda p: bar.advance(label=f"Coding {p.name}"),
            )
        print_issues(list(summary.warnings), "Warnings:")
        print_issues(list(summary.skipped), f"Skipped {len(summary.skipped)} file(s):")
        if not STATE.quiet:
            echo_err(f"Coded {summary.segments} segments in {summary.documents} documents with "
                     f"{book.coder}: {summary.codings} codings of {summary.codes} codes.")
