"""``qualcode analyze``: transcripts in, a complete results folder out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli.codings_input import (
    AnalyzeCoderOpt,
    AnalyzeSourceOpt,
    AnalyzeStatusOpt,
    AttributeOpt,
    CodebookOpt,
    ContextOpt,
    LabelLanguageOpt,
    PairOpt,
    QuotesOpt,
    RollUpOpt,
    WindowOpt,
    analysis_options,
    check_label_language,
)
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
    a_folder,
    command,
    echo_err,
    one_of,
    print_issues,
    progress,
)
from qualcode.cli.project import AnalyseProjectOpt
from qualcode.cli.scale import EngineOpt, SchedulerOpt, check_engine

if TYPE_CHECKING:
    from qualcode.analysis.bundle import Analysis, AnalysisOptions

__all__ = ["enclosing_project", "register", "summary"]


def summary(analysis: Analysis, folder: Path, files: list[Path]) -> str:
    """The closing summary: counts, top codes and where the files went."""
    prov = analysis.provenance
    counts = prov.get("counts", {}) if prov else {}
    if analysis.segments is not None and len(analysis.segments):  # coded or not
        documents = analysis.segments["document"].nunique()
    else:
        documents = counts.get("documents", analysis.codings["document"].nunique())
    segments = counts.get("segments", len(analysis.segments) if analysis.segments is not None
                          else 0)
    lines = [
        f"Analysed {documents} document(s), {segments} segment(s): "
        f"{len(analysis.codings)} coding(s).",
    ]
    top = analysis.top_codes(5)
    if top:
        lines.append("Top codes: " + ", ".join(f"{code} ({n})" for code, n in top))
    charts = sum(1 for f in files if f.parent.name in ("charts", "portraits"))
    lines.append(f"Wrote {len(files)} file(s) to {folder}/ ({charts} chart file(s)); "
                 "open report.html or tables.xlsx.")
    return "\n".join(lines)


def enclosing_project() -> Path | None:
    """The project ``analyze`` without paths analyses, as ``matrix``, ``chart`` and ``export``
    find theirs: ``$QUALCODE_PROJECT``, else the one around the current folder; ``None``
    outside any project (then the bundled study is analysed).

    Raises:
        ProjectError: If ``$QUALCODE_PROJECT`` names a folder that is not a project.
    """
    import os

    from qualcode.errors import ProjectError
    from qualcode.project.config import PROJECT_ENV, find_project_root

    if os.environ.get(PROJECT_ENV):
        return find_project_root()
    try:
        return find_project_root()
    except ProjectError:  # no qualcode.yaml here or above
        return None


def _refuse_transcript_options(**given: object) -> None:
    """Options that say how to read and code transcripts mean nothing for a project, which
    has read and segmented its documents already (its settings are in qualcode.yaml).

    Raises:
        typer.BadParameter: Naming the options given.
    """
    named = [f"--{name.replace('_', '-')}" for name, value in given.items() if value]
    if named:
        raise typer.BadParameter(
            f"{', '.join(named)} {'applies' if len(named) == 1 else 'apply'} to transcripts "
            "coded afresh, not to a project's codings (the project keeps its unit, cases, "
            "language and interviewer labels in qualcode.yaml); leave "
            f"{'it' if len(named) == 1 else 'them'} out, or name the transcripts to code",
            param_hint=named[0])


def _analyze_project(project: Path, paths: list[Path] | None, codebook: Path | None,
                     output: Path, options: AnalysisOptions, *, charts: bool, portraits: bool,
                     status: list[str] | None, source: list[str] | None,
                     coder: list[str] | None, jobs: int | None) -> None:
    """``analyze --project``: the project's codings (what counts), not a new auto-coding."""
    from qualcode.cli.codings_input import load_table
    from qualcode.pipeline import analyze_table, write_results

    if paths:
        raise typer.BadParameter("give transcripts or --project, not both",
                                 param_hint="--project")
    table, segments, book = load_table(None, codebook, None, project=project, status=status,
                                       source=source, coder=coder)
    check_label_language(book, options.language)
    if table.empty and not (status or source or coder):
        from qualcode.cli.project import open_for_cli

        with open_for_cli(project) as proj:
            pending = len(proj.store.codings(status=["suggested"], orphaned=False))
        if pending:
            echo_err(f"Note: no coding counts yet: {pending} suggestion(s) await review "
                     "('qualcode review export'), or analyse them with --status suggested.")
    with progress(None, "Analysing") as bar:
        analysis = analyze_table(table, codebook=book, segments=segments, options=options)
        print_issues(list(analysis.warnings), "Warnings:")
        files = write_results(analysis, output, charts=charts, portraits=portraits,
                              progress=lambda label: bar.advance(label=label), jobs=jobs)
    if not STATE.quiet:
        typer.echo(summary(analysis, output, files))


def _refuse_selection(**given: list[str] | None) -> None:
    """``--status``, ``--source`` and ``--coder`` choose among codings already made; transcripts
    coded now are all the codebook's suggestions, so the options would select nothing or
    everything.

    Raises:
        typer.BadParameter: Naming the first option given and what to analyse instead.
    """
    named = [f"--{name}" for name, values in given.items() if values]
    if named:
        verb = "chooses" if len(named) == 1 else "choose"
        raise typer.BadParameter(
            f"{' and '.join(named)} {verb} among a project's codings or a saved codings "
            "table's, but transcripts are coded afresh (every coding is the codebook's, "
            "source auto, none reviewed); analyse a project (--project DIR, or run inside "
            "it without paths) "
            "or a codings table ('qualcode export results TABLE ... -o DIR'), or leave "
            f"{' and '.join(named)} out", param_hint=named[0])


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command to ``app``."""

    @app.command("analyze")
    @command
    def analyze(
        paths: Annotated[list[Path] | None, typer.Argument(
            help="Transcript files or folders (default: the project around the current "
            "folder, else the bundled study corpus).")] = None,
        codebook: CodebookOpt = None,
        cases: CasesOpt = None,
        unit: Annotated[str | None, typer.Option(
            "--unit", "-u", callback=one_of("qualcode.model:UNITS", "unit"),
            help="Segment unit: turn, paragraph, sentence or document (default: the "
            "codebook's).")] = None,
        lang: LangOpt = "auto",
        output: Annotated[Path, typer.Option(
            "--output", "-o", callback=a_folder, help="Results folder, named without a file "
            "suffix (a folder qualcode wrote is replaced as a whole; one holding other files is "
            "refused).")] = Path("results"),
        attribute: AttributeOpt = None,
        pair: PairOpt = None,
        window: WindowOpt = 0,
        roll_up: RollUpOpt = True,
        quotes: QuotesOpt = 3,
        context: ContextOpt = 1,
        label_language: LabelLanguageOpt = None,
        charts: Annotated[bool, typer.Option("--charts/--no-charts",
                                             help="Draw the charts.")] = True,
        portraits: Annotated[bool, typer.Option("--portraits/--no-portraits",
                                                help="One portrait chart per document.")] = True,
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        case_column: CaseColumnOpt = None,
        sheet: SheetOpt = None,
        skip_errors: SkipErrorsOpt = False,
        interviewer: InterviewerOpt = None,
        project: AnalyseProjectOpt = None,
        status: AnalyzeStatusOpt = None,
        source: AnalyzeSourceOpt = None,
        coder: AnalyzeCoderOpt = None,
        engine: EngineOpt = "local",
        scheduler: SchedulerOpt = None,
        jobs: Annotated[int | None, typer.Option(
            "--jobs", "-j", min=1, help="Processes that draw the charts (default: one per "
            "core, at most 4; the files are the same).")] = None,
    ) -> None:
        """Code transcripts with a codebook and write every table, chart and report to a
        folder: codings.csv, segments.csv, the matrices, tables.xlsx, charts/, theme_table.docx
        and .md, report.html and provenance.json. With --project, or with no paths inside a
        project folder, it analyses the project's codings (accepted and manual ones unless
        --status/--source/--coder say otherwise) without re-coding; with no paths outside a
        project, the bundled study corpus with the default codebook. With --engine dask the
        coding runs on a Dask cluster (--scheduler, or a local one) through Parquet.

        Example: qualcode analyze transcripts/ --cases transcripts/cases.csv -o results
        """
        from qualcode.cli.segments import load_for_cli
        from qualcode.pipeline import analyze_corpus, resolve_codebook, write_results
        from qualcode.report.files import check_output_folder
        from qualcode.resources import default_cases_path, default_corpus_path

        check_output_folder(output)  # before the work, not after it
        options = analysis_options(attribute=attribute, pair=pair, window=window,
                                   roll_up=roll_up, quotes=quotes, context=context,
                                   label_language=label_language)
        if project is None and not paths:
            project = enclosing_project()
            if project is not None and not STATE.quiet:
                echo_err(f"Note: analysing the codings of the project in {project} (give "
                         "transcripts to code them afresh).")
        if project is not None:
            _refuse_transcript_options(
                unit=unit, cases=cases, lang=lang != "auto", interviewer=interviewer,
                text_column=text_column, id_column=id_column, case_column=case_column,
                sheet=sheet, skip_errors=skip_errors, engine=engine != "local",
                scheduler=scheduler)
            _analyze_project(project, paths, codebook, output, options, charts=charts,
                             portraits=portraits, status=status, source=source, coder=coder,
                             jobs=jobs)
            return
        _refuse_selection(status=status, source=source, coder=coder)
        check_engine(engine, scheduler)
        book = resolve_codebook(codebook)
        check_label_language(book, options.language)  # before the transcripts are read
        if not paths:
            paths = [default_corpus_path()]
            if cases is None:
                cases = default_cases_path()
        if engine == "dask":
            from qualcode.distributed import analyze_distributed

            with progress(None, "Analysing") as bar:
                analysis = analyze_distributed(
                    paths, book, cases=cases, unit=unit, language=lang, options=options,
                    interviewer_labels=interviewer or None, text_column=text_column,
                    id_column=id_column, case_column=case_column, sheet=sheet,
                    skip_errors=skip_errors, scheduler=scheduler)
                files = write_results(analysis, output, charts=charts, portraits=portraits,
                                      progress=lambda label: bar.advance(label=label),
                                      jobs=jobs)
            # as the local run prints them when it loads the corpus: warnings, then the files
            # skipped (errors) with --skip-errors
            skipped = [w for w in analysis.warnings if w.severity != "warning"]
            print_issues([w for w in analysis.warnings if w.severity == "warning"], "Warnings:")
            print_issues(skipped, f"Skipped {len(skipped)} file(s):")
            if not STATE.quiet:
                typer.echo(summary(analysis, output, files))
            return
        corpus = load_for_cli(
            paths, unit=unit or book.unit, lang=lang, cases=cases, text_column=text_column,
            id_column=id_column, case_column=case_column, sheet=sheet, skip_errors=skip_errors,
            interviewer=interviewer,
        )
        with progress(None, "Analysing") as bar:
            def step(label: str) -> None:
                bar.advance(label=label)

            analysis = analyze_corpus(corpus, book, options=options, cases_path=cases,
                                      language=lang, progress=step)
            files = write_results(analysis, output, charts=charts, portraits=portraits,
                                  progress=step, jobs=jobs)
        if not STATE.quiet:
            typer.echo(summary(analysis, output, files))
