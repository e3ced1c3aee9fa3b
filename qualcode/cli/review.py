"""Human coding in a project: ``import codings``, ``review export/import``, ``memo add/list``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli.common import (
    TableOutputOpt,
    command,
    echo_err,
    one_of,
    print_issues,
    suffix_list,
    suffix_of,
)
from qualcode.cli.exchange import command_group
from qualcode.cli.project import ProjectOpt, UserOpt, open_for_cli, say
from qualcode.report.formats import REVIEW_SUFFIXES

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``import codings``, ``review`` and ``memo`` to ``app``."""

    @command_group(app, "import").command("codings")
    @command
    def import_codings_cmd(
        path: Annotated[Path, typer.Argument(
            help="CSV: document, code, where the passage is (start/end, segment or quote), "
            "coder, status, memo.")],
        source: Annotated[str, typer.Option(
            "--source", callback=one_of(("manual", "imported"), "source"),
            help="Source of the codings: manual or imported.")] = "manual",
        strict: Annotated[bool, typer.Option(
            "--strict", help="Import nothing if any row has a problem.")] = False,
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Add manual codings from a CSV file; quotes are found in the text tolerantly. Rows
        that cannot be placed are listed (exit code 1) and the others imported; run it again
        after fixing them (what is already in is skipped), or use --strict.

        Example: qualcode import codings my-codings.csv --user rina
        """
        from qualcode.project.importcsv import import_codings

        with open_for_cli(project, user) as proj:
            r = import_codings(proj, path, source=source, strict=strict)
        errors = [i for i in r.problems if i.severity == "error"]
        decided = f", {r.decided} with a changed status applied" if r.decided else ""
        say(f"Imported {r.added} of {r.rows} rows from {path.name} ({r.tolerant} quotes found "
            f"tolerantly, {r.duplicates} already present{decided}, {r.memos} memos).")
        print_issues([i for i in r.problems if i.severity != "error"], "Warnings:")
        if errors:
            echo_err(f"{len(errors)} row(s) not imported:")
            for issue in errors:
                echo_err(f"  - {issue}")
            raise typer.Exit(1)  # the rows above need fixing; a re-run skips what is in

    review_app = typer.Typer(help="Review suggestions in a spreadsheet.", no_args_is_help=True)
    app.add_typer(review_app, name="review")

    @review_app.command("export")
    @command
    def review_export(
        output: Annotated[Path, typer.Option(
            "--output", "-o", callback=suffix_of(REVIEW_SUFFIXES),
            help=f"The {suffix_list(REVIEW_SUFFIXES)} workbook to write.")],
        all_codings: Annotated[bool, typer.Option(
            "--all", help="Also list accepted and rejected codings.")] = False,
        source: Annotated[list[str] | None, typer.Option(
            "--source", callback=one_of("qualcode.analysis.selection:SOURCES", "source"),
            help="Sources to list (repeatable; default auto).")] = None,
        code: Annotated[list[str] | None, typer.Option(
            "--code", help="Only this code (repeatable).")] = None,
        force: Annotated[bool, typer.Option(
            "--force", help="Replace a workbook holding decisions not imported yet.")] = False,
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Write suggestions with context, definitions and a decision drop-down to XLSX (a
        workbook whose decisions were not imported yet is not replaced without --force).

        Example: qualcode review export -o review.xlsx
        """
        from qualcode.project.review import export_review

        with open_for_cli(project, user) as proj:
            n = export_review(proj, output, include_decided=all_codings,
                              source=source or ("auto",), codes=code or (), force=force)
        say(f"Wrote {n} codings to review to {output}; fill the 'decision' column (accept, "
            "reject, recode + recode_to), then run 'qualcode review import'.")

    @review_app.command("import")
    @command
    def review_import(
        path: Annotated[Path, typer.Argument(help="The edited review workbook.")],
        strict: Annotated[bool, typer.Option(
            "--strict", help="Apply nothing if any row cannot be applied.")] = False,
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Apply the decisions of a review workbook. Rows that cannot be applied (a misspelt
        decision, an unknown recode_to, a coding changed since the export) are listed with
        their sheet rows (exit code 1) and the others applied; import the sheet again after
        fixing them (rows applied already are left as they are), or use --strict.

        Example: qualcode review import review.xlsx --user rina
        """
        from qualcode.project.review import import_review

        with open_for_cli(project, user) as proj:
            r = import_review(proj, path, strict=strict)
        say(f"Applied {r.applied} of {r.rows} filled rows from {path.name}: {r.accepted} "
            f"accepted, {r.rejected} rejected, {r.recoded} recoded, {r.unchanged} unchanged "
            f"(decided so already), {r.memos} notes stored as memos.")
        if r.conflicts:
            rows = ", ".join(str(i.line) for i in r.conflicts)
            echo_err(f"{len(r.conflicts)} row(s) not applied (sheet rows {rows}); the other "
                     "rows are applied: fix these and import the sheet again:")
            for issue in r.conflicts:
                echo_err(f"  - {issue}")
            raise typer.Exit(1)  # the rows above need fixing; a re-run keeps what is applied

    memo_app = typer.Typer(help="Memos on codes, documents and codings.", no_args_is_help=True)
    app.add_typer(memo_app, name="memo")

    @memo_app.command("add")
    @command
    def memo_add(
        text: Annotated[str, typer.Argument(help="The memo.")],
        code: Annotated[str | None, typer.Option("--code", help="Code id.")] = None,
        document: Annotated[str | None, typer.Option("--document", help="Document id.")] = None,
        coding: Annotated[str | None, typer.Option("--coding", help="Coding key.")] = None,
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Attach a memo to a code, a document or a coding.

        Example: qualcode memo add --code advocate "Includes pressing the school for records."
        """
        from qualcode.project.memos import add_memo

        with open_for_cli(project, user) as proj:
            memo = add_memo(proj, text, code=code, document=document, coding=coding)
        say(f"Memo {memo.id} added to {memo.kind} {memo.target}.")

    @memo_app.command("list")
    @command
    def memo_list(
        kind: Annotated[str | None, typer.Option(
            "--kind", callback=one_of("qualcode.project.memos:MEMO_KINDS", "memo kind"),
            help="Only memos on code, document or coding.")] = None,
        output: TableOutputOpt = None,
        project: ProjectOpt = None,
    ) -> None:
        """Write the memos (kind, target, text, author, created_at) as CSV, or as a workbook
        (-o FILE.xlsx).

        Example: qualcode memo list --kind code -o code-memos.csv
        """
        from qualcode.project.memos import memos_table
        from qualcode.report.sheets import write_table

        with open_for_cli(project) as proj:
            table = memos_table(proj, kind)
        write_table(table, output, sheet="memos")
