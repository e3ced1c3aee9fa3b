"""REFI-QDA exchange: ``export qdc``/``export qdpx`` and ``import qdc``/``import qdpx``.

The ``export`` and ``import`` groups are shared with other modules: whichever registers first
creates the group (:func:`command_group`), the others add their commands to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from qualcode.cli.codings_input import check_label_language
from qualcode.cli.common import (
    STATE,
    CaseColumnOpt,
    CasesOpt,
    IdColumnOpt,
    SheetOpt,
    TextColumnOpt,
    a_folder,
    command,
    echo_err,
    print_issues,
    suffix_list,
    suffix_of,
)
from qualcode.report.formats import CODEBOOK_SUFFIXES, QDC_SUFFIXES, QDPX_SUFFIXES

__all__ = ["command_group", "register"]

ValidateOpt = Annotated[
    bool, typer.Option("--validate/--no-validate",
                       help="Check the file against the bundled REFI-QDA schema before writing.")
]
LabelLanguageOpt = Annotated[
    str | None, typer.Option("--label-language",
                             help="Name codes by their label in this language (e.g. en) instead "
                             "of their id.")
]
ImportLanguageOpt = Annotated[
    str, typer.Option("--language", help="Language code (ISO 639-1) for the labels and "
                      "descriptions of codes from other programs.")
]

_GROUP_HELP = {
    "export": "Write tables and exchange files (REFI-QDA .qdc and .qdpx ...).",
    "import": "Bring codebooks, projects and codings made elsewhere into qualcode.",
}


def command_group(app: typer.Typer, name: str) -> typer.Typer:
    """The sub-app ``name`` of ``app``, created if no other module made it yet."""
    for group in app.registered_groups:
        if group.name == name and group.typer_instance is not None:
            return group.typer_instance
    sub = typer.Typer(help=_GROUP_HELP.get(name), no_args_is_help=True)
    app.add_typer(sub, name=name)
    return sub


def _say(message: str) -> None:
    if not STATE.quiet:
        echo_err(message)


def _check_language(language: str) -> None:
    import re

    from qualcode.errors import ExchangeError

    if not re.fullmatch(r"[a-z]{2}", language):
        raise ExchangeError(f"--language {language!r} is not a two-letter ISO 639-1 code",
                            hint="for example: en, id, de")


def register(app: typer.Typer) -> None:
    """Add ``export qdc``, ``export qdpx``, ``import qdc`` and ``import qdpx`` to ``app``."""
    export_app = command_group(app, "export")
    import_app = command_group(app, "import")

    @export_app.command("qdc")
    @command
    def export_qdc_cmd(
        codebook: Annotated[Path, typer.Argument(help="Codebook YAML.")],
        output: Annotated[Path, typer.Option(
            "--output", "-o", callback=suffix_of(QDC_SUFFIXES),
            help=f"The {suffix_list(QDC_SUFFIXES)} file to write.")],
        label_language: LabelLanguageOpt = None,
        validate: ValidateOpt = True,
    ) -> None:
        """Write a codebook as a REFI-QDA codebook (.qdc) for ATLAS.ti, MAXQDA, NVivo ...

        Codes keep their tree and colours; definitions, criteria, examples and labels go into
        the codes' descriptions; dimensions become code sets. Rules cannot be carried.

        Example: qualcode export qdc codebooks/case-management-bullying.yaml -o codebook.qdc
        """
        from qualcode.exchange.qdc import export_qdc
        from qualcode.io.codebook import load_codebook

        book = load_codebook(codebook)
        check_label_language(book, label_language)
        warnings = export_qdc(book, output, language=label_language, validate=validate)
        print_issues(warnings, "Not carried over:")
        _say(f"Wrote {output} ({len(book.codes)} codes, {len(book.dimensions)} dimensions).")

    @export_app.command("qdpx")
    @command
    def export_qdpx_cmd(
        paths: Annotated[list[Path] | None, typer.Argument(
            help="Transcript files or folders (not with --project).")] = None,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", callback=suffix_of(QDPX_SUFFIXES),
            help=f"The {suffix_list(QDPX_SUFFIXES)} file to write (what NVivo, ATLAS.ti and "
            "MAXQDA open).")] = None,
        project: Annotated[Path | None, typer.Option(
            "--project", help="Export this project: its texts, cases, accepted and manual "
            "codings and memos.")] = None,
        codings: Annotated[Path | None, typer.Option(
            "--codings", help="Codings table (CSV) made on these documents; a memo column "
            "goes with each coding.")] = None,
        codebook: Annotated[Path | None, typer.Option(
            "--codebook", "-c", help="Codebook YAML (else the codes of the codings table).")
        ] = None,
        cases: CasesOpt = None,
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        case_column: CaseColumnOpt = None,
        sheet: SheetOpt = None,
        name: Annotated[str | None, typer.Option("--name", help="Project name.")] = None,
        label_language: LabelLanguageOpt = None,
        utf16: Annotated[bool, typer.Option(
            "--utf16", help="Count positions in UTF-16 units (as NVivo does) instead of code "
            "points (the standard).")] = False,
        crlf: Annotated[bool, typer.Option(
            "--crlf", help="Write the texts with Windows (CRLF) line ends.")] = False,
        validate: ValidateOpt = True,
        suggested: Annotated[bool, typer.Option(
            "--suggested", help="Export suggestions nobody has reviewed yet (status "
            "suggested; left out by default).")] = False,
        markup: Annotated[bool, typer.Option(
            "--markup", help="Remove inline {code}...{/code} markup from the texts, as "
            "projects read them, and export its codings.")] = False,
        coder: Annotated[str | None, typer.Option(
            "--coder", envvar="QUALCODE_USER", help="Coder of the markup's codings.")] = None,
    ) -> None:
        """Write documents, codes, codings, coders and cases as a REFI-QDA project (.qdpx).

        Example: qualcode export qdpx transcripts/ --codings results/codings.csv -o study.qdpx
        """
        from qualcode.cli.segments import load_for_cli
        from qualcode.exchange.qdpx_write import export_qdpx

        if output is None:
            raise typer.BadParameter("name the .qdpx file to write", param_hint="--output")
        if project is not None or not paths:
            _export_project(project, paths, output, codebook=codebook, codings=codings,
                            cases=cases, markup=markup, name=name, language=label_language,
                            utf16=utf16, crlf=crlf, validate=validate, suggested=suggested,
                            table_options={"--text-column": text_column,
                                           "--id-column": id_column,
                                           "--case-column": case_column, "--sheet": sheet})
            return
        # the codebook and the codings table before the documents: a mistake in either is
        # reported before every document is read (and its warnings printed)
        book = None
        if codebook is not None:
            from qualcode.io.codebook import load_codebook

            book = load_codebook(codebook)
            check_label_language(book, label_language)
        table: Any = _read_codings(codings) if codings is not None else ()
        corpus = load_for_cli(paths, unit="document", lang="auto", cases=cases,
                              text_column=text_column, id_column=id_column,
                              case_column=case_column, sheet=sheet, skip_errors=False,
                              interviewer=None)
        if markup:
            corpus, table = _without_markup(corpus, table, book, coder)
        warnings = export_qdpx(
            corpus, table, book, output=output, name=name, language=label_language,
            position_unit="utf16" if utf16 else "codepoint", crlf=crlf, validate=validate,
            suggested=suggested, markup=markup, codings_path=codings,
        )
        print_issues(warnings, "Not carried over:")
        import zipfile

        with zipfile.ZipFile(output) as package:  # what was written, after what was left out
            written = package.read("project.qde").count(b"<Coding ")
        read = f" of {len(table)} rows read" if codings is not None else ""
        _say(f"Wrote {output} ({len(corpus.documents)} documents, {len(corpus.cases)} cases, "
             f"{written} codings{read}).")

    @import_app.command("qdpx")
    @command
    def import_qdpx_cmd(
        path: Annotated[Path, typer.Argument(help="REFI-QDA project (.qdpx, or a bare .qde).")],
        output: Annotated[Path, typer.Option(
            "--output", "-o", callback=a_folder,
            help="Folder to create, named without a file suffix.")],
        language: ImportLanguageOpt = "en",
        force: Annotated[bool, typer.Option(
            "--force", help="Replace the output folder if it exists.")] = False,
    ) -> None:
        """Turn a REFI-QDA project into plain files: texts/*.txt, codebook.yaml, codings.csv,
        cases.csv, notes/ and import-report.txt.

        Example: qualcode import qdpx project.qdpx -o imported/
        """
        from qualcode.exchange.importer import import_qdpx

        _check_language(language)
        project = import_qdpx(path, output, language=language, force=force)
        print_issues(list(project.warnings), "Warnings (also in import-report.txt):")
        _say(f"Imported {len(project.documents)} documents, {len(project.codebook.codes)} codes, "
             f"{len(project.codings)} codings, {len(project.cases)} cases into {output}.")

    @import_app.command("qdc")
    @command
    def import_qdc_cmd(
        path: Annotated[Path, typer.Argument(help="REFI-QDA codebook (.qdc).")],
        output: Annotated[Path, typer.Option(
            "--output", "-o", callback=suffix_of(CODEBOOK_SUFFIXES),
            help=f"Codebook YAML to write: {suffix_list(CODEBOOK_SUFFIXES)}.")],
        language: ImportLanguageOpt = "en",
        force: Annotated[bool, typer.Option(
            "--force", help="Replace an existing codebook file.")] = False,
    ) -> None:
        """Turn a REFI-QDA codebook into codebook YAML (codes for manual coding). An existing
        file is not replaced without --force (a codebook holds rules and definitions).

        Example: qualcode import qdc codebook.qdc -o codebooks/imported.yaml
        """
        from qualcode.exchange.importer import import_qdc

        _check_language(language)
        result = import_qdc(path, output, language=language, force=force)
        print_issues(list(result.warnings), "Warnings:")
        _say(f"Wrote {output} ({len(result.codebook.codes)} codes, "
             f"{len(result.codebook.dimensions)} dimensions).")


def _export_project(project: Path | None, paths: list[Path] | None, output: Path, *,
                    codebook: Path | None, codings: Path | None, cases: Path | None,
                    markup: bool, name: str | None, language: str | None, utf16: bool,
                    crlf: bool, validate: bool, suggested: bool,
                    table_options: dict[str, str | None]) -> None:
    """``export qdpx --project`` (or no paths, inside a project)."""
    import zipfile

    from qualcode.cli.project import open_for_cli
    from qualcode.project.exchange import export_project_qdpx

    given = [flag for flag, value in (("transcripts", paths), ("--codings", codings),
                                      ("--cases", cases), ("--markup", markup),
                                      *table_options.items()) if value]
    if given and project is not None:
        raise typer.BadParameter(f"a project has its own texts, cases and codings; give "
                                 f"--project or {', '.join(given)}, not both",
                                 param_hint="--project")
    if given:  # no transcripts, but options that need them
        raise typer.BadParameter("give the transcripts to export (or --project)",
                                 param_hint="PATHS")
    if project is None:
        from qualcode.errors import ProjectError
        from qualcode.project.config import find_project_root

        try:
            find_project_root()
        except ProjectError as exc:
            raise typer.BadParameter("give the transcripts to export, or --project DIR "
                                     f"({exc.message})", param_hint="PATHS") from None
    with open_for_cli(project) as proj:
        book = proj.codebook(codebook)
        if book is not None:
            check_label_language(book, language)
        warnings = export_project_qdpx(
            proj, output, codebook=book, suggested=suggested, name=name, language=language,
            position_unit="utf16" if utf16 else "codepoint", crlf=crlf, validate=validate)
        documents = len(proj.store.documents())
    print_issues(warnings, "Not carried over:")
    with zipfile.ZipFile(output) as package:
        qde = package.read("project.qde")
    _say(f"Wrote {output} ({documents} documents, {qde.count(b'<Case ')} cases, "
         f"{qde.count(b'<Coding ')} codings, {qde.count(b'<Note ')} memos).")


def _without_markup(corpus: Any, table: Any, book: Any, coder: str | None) -> tuple[Any, Any]:
    """``export qdpx --markup``: the documents without their inline markup, and the codings
    table with the markup's codings added (those it does not hold already: same document,
    span and code)."""
    import pandas as pd

    from qualcode.project.core import resolve_user
    from qualcode.project.markup import remove_markup
    from qualcode.tables import codings_table

    cleaned, found = remove_markup(
        corpus, coder=resolve_user(coder),
        known_codes=None if book is None else [c.id for c in book.codes])
    if len(table) and {"document", "start", "end", "code"} <= set(table.columns):
        have = {(str(d), str(s), str(e), str(c)) for d, s, e, c in zip(
            table["document"], table["start"], table["end"], table["code"], strict=True)}
        found = [c for c in found
                 if (c.document, str(c.start), str(c.end), c.code) not in have]
    if not found:
        return cleaned, table
    added = codings_table(found, cleaned, book, project=True)
    return cleaned, pd.concat([table, added], ignore_index=True) if len(table) else added


def _read_codings(path: Path) -> Any:
    """Read a codings table as text cells (the exporter converts and checks them)."""
    from qualcode.errors import ExchangeError
    from qualcode.io.coded_tables import read_table

    if not path.is_file():
        raise ExchangeError("codings table not found", path=path,
                            hint="check the --codings path")
    return read_table(path, sheet=("codings", 0))
