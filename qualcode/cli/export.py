"""``qualcode export tables|theme-table|report|results``: outputs from a saved codings table.

``export`` is a command group shared with other modules (REFI-QDA ``export qdc`` and ``export
qdpx``): :func:`qualcode.cli.exchange.command_group` creates it once and each module adds its
subcommands to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli.codings_input import (
    AttributeOpt,
    CodebookOpt,
    CoderOpt,
    CodingsArg,
    ContextOpt,
    LabelLanguageOpt,
    PairOpt,
    QuotesOpt,
    RollUpOpt,
    SegmentsOpt,
    SourceOpt,
    StatusOpt,
    WindowOpt,
    analysis_options,
    check_label_language,
    load_table,
)
from qualcode.cli.common import STATE, a_folder, command, print_issues, suffix_list, suffix_of
from qualcode.cli.project import AnalyseProjectOpt
from qualcode.report.formats import REPORT_SUFFIXES, THEME_SUFFIXES

__all__ = ["register"]

ExportCasesOpt = Annotated[Path | None, typer.Option(
    "--cases", help="The cases table the codings were made with: its order is the order of the "
    "cases in every table, as analyze gives it.")]
FolderOpt = Annotated[Path, typer.Option(
    "--output", "-o", callback=a_folder, help="Folder, named without a file suffix (a folder "
    "qualcode wrote is replaced as a whole; one holding other files is refused).")]


def _analyse(codings: Path | None, codebook: Path | None, segments: Path | None, *,
             project: Path | None = None, status: list[str] | None = None,
             source: list[str] | None = None, coder: list[str] | None = None,
             cases: Path | None = None, **options: object):
    from qualcode.pipeline import analyze_table, resolve_codebook

    analysis_opts = analysis_options(**options)  # type: ignore[arg-type]
    if codings is None or project is not None:
        table, segs, book = load_table(codings, codebook, segments, project=project,
                                       status=status, source=source, coder=coder)
        check_label_language(book, analysis_opts.language)
        analysis = analyze_table(table, codebook=book, segments=segs, options=analysis_opts,
                                 cases=cases)
    else:
        book = resolve_codebook(codebook) if codebook is not None else None
        check_label_language(book, analysis_opts.language)  # before the table is read
        analysis = analyze_table(codings, codebook=book, segments=segments,
                                 options=analysis_opts, cases=cases, status=status,
                                 source=source, coder=coder)
    print_issues(list(analysis.warnings), "Warnings:")
    return analysis


def _done(message: str) -> None:
    if not STATE.quiet:
        typer.echo(message)


@command
def tables(
    output: FolderOpt,
    codebook: CodebookOpt = None,
    segments: SegmentsOpt = None,
    cases: ExportCasesOpt = None,
    attribute: AttributeOpt = None,
    pair: PairOpt = None,
    window: WindowOpt = 0,
    roll_up: RollUpOpt = True,
    quotes: QuotesOpt = 3,
    label_language: LabelLanguageOpt = None,
    codings: CodingsArg = None,
    project: AnalyseProjectOpt = None,
    status: StatusOpt = None,
    source: SourceOpt = None,
    coder: CoderOpt = None,
) -> None:
    """Write every table as CSV plus one tables.xlsx and provenance.json into a folder.

    Example: qualcode export tables gold/study-gold-codings.csv -c
    codebooks/case-management-bullying.yaml -o tables
    """
    from qualcode.report.files import check_output_folder
    from qualcode.report.results import write_tables

    check_output_folder(output)
    analysis = _analyse(codings, codebook, segments, cases=cases, project=project, status=status,
                        source=source, coder=coder, attribute=attribute, pair=pair,
                        window=window, roll_up=roll_up, quotes=quotes,
                        label_language=label_language)
    files = write_tables(analysis, output)
    _done(f"Wrote {len(files)} file(s) to {output}/")


@command
def theme_table(
    output: Annotated[Path, typer.Option(
        "--output", "-o", callback=suffix_of(THEME_SUFFIXES),
        help=f"Output file: {suffix_list(THEME_SUFFIXES)}, chosen by the suffix.")],
    codebook: CodebookOpt = None,
    segments: SegmentsOpt = None,
    cases: ExportCasesOpt = None,
    attribute: Annotated[str, typer.Option("--attribute", "-a", help="Attribute named beside "
                                           "each informant.")] = "informant_role",
    roll_up: RollUpOpt = True,
    quotes: QuotesOpt = 3,
    label_language: LabelLanguageOpt = None,
    context: ContextOpt = 1,
    title: Annotated[str, typer.Option("--title", help="Document title.")] = "Theme table",
    codings: CodingsArg = None,
    project: AnalyseProjectOpt = None,
    status: StatusOpt = None,
    source: SourceOpt = None,
    coder: CoderOpt = None,
) -> None:
    """Write the theme table (per dimension: code, definition, documents, cases and
    representative quotes with informant and document) as DOCX or Markdown.

    Example: qualcode export theme-table results/codings.csv -c
    codebooks/case-management-bullying.yaml -o themes.docx
    """
    from qualcode.report.docx_report import write_theme_docx
    from qualcode.report.markdown import write_theme_markdown

    analysis = _analyse(codings, codebook, segments, cases=cases, project=project, status=status,
                        source=source, coder=coder, roll_up=roll_up,
                        quotes=quotes, context=context, label_language=label_language)
    shown = attribute if attribute in analysis.representative.columns else ""
    writer = write_theme_docx if output.suffix.lower() == ".docx" else write_theme_markdown
    writer(output, analysis.theme, analysis.representative, title=title, attribute=shown,
           provenance=analysis.provenance)
    _done(f"Wrote {output}")


@command
def report(
    output: Annotated[Path, typer.Option(
        "--output", "-o", callback=suffix_of(REPORT_SUFFIXES),
        help=f"Output file: {suffix_list(REPORT_SUFFIXES)}.")],
    codebook: CodebookOpt = None,
    segments: SegmentsOpt = None,
    cases: ExportCasesOpt = None,
    attribute: AttributeOpt = None,
    pair: PairOpt = None,
    window: WindowOpt = 0,
    roll_up: RollUpOpt = True,
    quotes: QuotesOpt = 3,
    label_language: LabelLanguageOpt = None,
    title: Annotated[str, typer.Option("--title", help="Report title.")] = "qualcode report",
    codings: CodingsArg = None,
    project: AnalyseProjectOpt = None,
    status: StatusOpt = None,
    source: SourceOpt = None,
    coder: CoderOpt = None,
) -> None:
    """Write one self-contained HTML report (charts embedded, main tables, theme table).

    Example: qualcode export report results/codings.csv -c
    codebooks/case-management-bullying.yaml -o report.html
    """
    from qualcode.report.results import write_report

    analysis = _analyse(codings, codebook, segments, cases=cases, project=project, status=status,
                        source=source, coder=coder, attribute=attribute, pair=pair,
                        window=window, roll_up=roll_up, quotes=quotes,
                        label_language=label_language)
    write_report(analysis, output, title=title)
    _done(f"Wrote {output}")


@command
def results(
    output: FolderOpt,
    codebook: CodebookOpt = None,
    segments: SegmentsOpt = None,
    cases: ExportCasesOpt = None,
    attribute: AttributeOpt = None,
    pair: PairOpt = None,
    window: WindowOpt = 0,
    roll_up: RollUpOpt = True,
    quotes: QuotesOpt = 3,
    label_language: LabelLanguageOpt = None,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="Draw the charts.")] = True,
    codings: CodingsArg = None,
    project: AnalyseProjectOpt = None,
    status: StatusOpt = None,
    source: SourceOpt = None,
    coder: CoderOpt = None,
) -> None:
    """Write the full results folder (as `qualcode analyze` does) from a codings table.

    Example: qualcode export results gold/study-gold-codings.csv -c
    codebooks/case-management-bullying.yaml -o results-gold
    """
    from qualcode.pipeline import write_results
    from qualcode.report.files import check_output_folder

    check_output_folder(output)
    analysis = _analyse(codings, codebook, segments, cases=cases, project=project, status=status,
                        source=source, coder=coder, attribute=attribute, pair=pair,
                        window=window, roll_up=roll_up, quotes=quotes,
                        label_language=label_language)
    files = write_results(analysis, output, charts=charts)
    _done(f"Wrote {len(files)} file(s) to {output}/")


def register(app: typer.Typer) -> None:
    """Add ``export tables``, ``export theme-table``, ``export report`` and ``export results``
    to the shared ``export`` group of ``app``."""
    from qualcode.cli.exchange import command_group

    group = command_group(app, "export")
    group.command("tables")(tables)
    group.command("theme-table")(theme_table)
    group.command("report")(report)
    group.command("results")(results)
