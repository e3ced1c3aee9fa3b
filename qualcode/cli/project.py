"""Project commands: ``init``, ``add``, ``remove``, ``autocode``, ``codings``, ``markup``
and ``project``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli.codings_input import selection_options
from qualcode.cli.common import (
    STATE,
    CaseColumnOpt,
    IdColumnOpt,
    InterviewerOpt,
    SheetOpt,
    TableOutputOpt,
    TextColumnOpt,
    UnitOpt,
    command,
    echo_err,
    print_issues,
    suffix_list,
    suffix_of,
)
from qualcode.cli.scale import CacheOpt
from qualcode.report.formats import BACKUP_SUFFIXES

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.model import Codebook
    from qualcode.project.core import Project

__all__ = ["AnalyseProjectOpt", "CoderOpt", "ProjectOpt", "SourceOpt", "StatusOpt", "UserOpt",
           "open_for_cli", "project_inputs", "register", "say"]

ProjectOpt = Annotated[
    Path | None, typer.Option("--project", "-p", envvar="QUALCODE_PROJECT",
                              help="Project folder (default: the one around the current "
                              "folder).")
]
UserOpt = Annotated[
    str | None, typer.Option("--user", envvar="QUALCODE_USER",
                             help="Who makes the change, for the audit log (default: "
                             "$QUALCODE_USER, else the OS user).")
]
CodebookOpt = Annotated[
    Path | None, typer.Option("--codebook", "-c", help="Codebook YAML (default: the project's).")
]
StatusOpt, SourceOpt, CoderOpt = selection_options()  # of the project's codings (codings)


AnalyseProjectOpt = Annotated[
    Path | None, typer.Option("--project", help="Analyse this project's codings (by default "
                              "accepted and manual ones; see --status, --source, --coder).")
]


def project_inputs(
    project: Path | None,
    *,
    codebook: Path | None = None,
    status: list[str] | None = None,
    source: list[str] | None = None,
    coder: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, Codebook | None]:
    """For the analysis commands: a project's codings table (what counts, or what the filters
    select), its segments table and its codebook (``codebook`` instead, when given).

    The table's ``attrs["issues"]`` warns about codes the codebook lacks (W702), as for a
    codings table read from a file."""
    from qualcode.analysis.inputs import unknown_code_issues
    from qualcode.project.core import project_tables

    with open_for_cli(project) as proj:
        table, segments, book = project_tables(proj, status=status or (), source=source or (),
                                               coder=coder or ())
        if codebook is not None:
            book = proj.codebook(codebook)
        if book is not None and not table.empty:
            table.attrs["issues"] = tuple(unknown_code_issues(
                table, book, name=f"the codings of the project {proj.root}"))
    return table, segments, book


def open_for_cli(project: Path | None, user: str | None = None) -> Project:
    """Open the project named by ``--project`` (or around the current folder)."""
    from qualcode.project.core import open_project

    return open_project(project, user=user)


def say(message: str) -> None:
    """Print a summary line unless ``--quiet``."""
    if not STATE.quiet:
        typer.echo(message)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def register(app: typer.Typer) -> None:
    """Add the project commands to ``app``."""

    @app.command("init")
    @command
    def init(
        directory: Annotated[Path, typer.Argument(help="Project folder to create.")],
        source: Annotated[list[str] | None, typer.Option(
            "--source", "-s", help="File or folder of documents, relative to the project "
            "(repeatable).")] = None,
        codebook: Annotated[str | None, typer.Option(
            "--codebook", "-c", help="Codebook YAML, relative to the project.")] = None,
        cases: Annotated[str | None, typer.Option(
            "--cases", help="Cases table, relative to the project.")] = None,
        unit: UnitOpt = "turn",
        language: Annotated[list[str] | None, typer.Option(
            "--lang", help="Language code of the documents (repeatable; default id and en).")
        ] = None,
        interviewer: InterviewerOpt = None,
        markup: Annotated[bool, typer.Option(
            "--markup/--no-markup", help="Read inline {code}...{/code} markup.")] = True,
        name: Annotated[str | None, typer.Option("--name", help="Project name.")] = None,
        user: UserOpt = None,
    ) -> None:
        """Create a project folder with qualcode.yaml and its database (.qualcode/project.db).

        Example: qualcode init study -s transcripts -c codebook.yaml --cases transcripts/cases.csv
        """
        from qualcode.project.core import init_project

        with init_project(directory, name=name, sources=source or (), codebook=codebook,
                          cases=cases, unit=unit, languages=language or ("id", "en"),
                          interviewer_labels=interviewer or None, markup=markup,
                          user=user) as project:
            say(f"Created project {project.config.name!r} in {directory} "
                f"(settings: {project.config.config_path}).")
            config = project.config
            named = [*(("source", s) for s in config.sources),
                     *((what, p) for what, p in (("codebook", config.codebook),
                                                 ("cases table", config.cases)) if p)]
            for what, path in named:
                if not config.resolve(path).exists():
                    echo_err(f"Note: the {what} {path} is not in {directory} yet (paths are "
                             "relative to the project folder); 'qualcode add' and 'autocode' "
                             "need it.")

    @app.command("add")
    @command
    def add(
        paths: Annotated[list[Path] | None, typer.Argument(
            help="Files or folders (default: the project's sources).")] = None,
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Add documents to the project; a changed document keeps its codings (re-anchored),
        and so does a renamed file whose text is unchanged.

        Example: qualcode add transcripts/
        """
        from qualcode.project.documents import add_documents

        with open_for_cli(project, user) as proj:
            report = add_documents(proj, paths or ())
        print_issues(list(report.warnings), "Warnings:")
        for change in report.changes:
            if change.action == "unchanged" and not (change.markup_added or
                                                     change.markup_moved):
                continue
            parts = [f"{change.action} {change.document}"]
            if change.action == "renamed":
                parts = [f"renamed {change.renamed_from} to {change.document} ({change.path}): "
                         f"{_plural(change.kept, 'coding')}, the memos and review decisions "
                         "moved with it"]
            if change.action == "updated":
                parts.append(f"codings: {change.kept} in place, {change.moved} moved, "
                             f"{change.tolerant} found tolerantly, {change.edited} on edited "
                             f"passages, {len(change.orphaned)} orphaned")
            if change.markup_added:
                parts.append(f"{_plural(change.markup_added, 'markup coding')} added")
            if change.markup_moved:
                parts.append(f"{_plural(change.markup_moved, 'markup coding')} moved with "
                             "its tags")
            if change.markup_missing:
                parts.append(f"{len(change.markup_missing)} earlier markup codings no longer "
                             "tagged (kept)")
            say("  " + "; ".join(parts))
        resegmented = sum(1 for c in report.changes
                          if c.resegmented and c.action == "unchanged")
        again = (f" ({resegmented} segmented again by {proj.config.unit})" if resegmented
                 else "")
        renamed = report.count("renamed")
        say(f"{report.count('added')} added, {report.count('updated')} updated, "
            + (f"{renamed} renamed, " if renamed else "")
            + f"{report.count('unchanged')} unchanged{again}.")
        for change in report.changes:
            if change.rename_note:
                echo_err(f"Note: {change.rename_note}")
            if change.shift_note:
                echo_err(f"Warning: {change.shift_note}")
        if report.dropped:
            shown = ", ".join(report.dropped[:5]) + (" ..." if len(report.dropped) > 5 else "")
            echo_err(f"Note: {_plural(len(report.dropped), 'document')} of the project "
                     f"{'is' if len(report.dropped) == 1 else 'are'} no longer in the files "
                     f"read ({shown}): a table's rows, or its id_column, text_column or sheet "
                     "in qualcode.yaml, changed (or a transcript's 'id:'); kept as they are, "
                     "with their codings ('qualcode remove ID' removes one).")
        if report.missing:
            shown = ", ".join(report.missing[:5]) + (" ..." if len(report.missing) > 5 else "")
            echo_err(f"Note: {_plural(len(report.missing), 'document')} of the project "
                     f"{'was' if len(report.missing) == 1 else 'were'} not found in the "
                     f"sources ({shown}); kept as they are ('qualcode remove ID' removes "
                     "one).")
        if report.orphaned:
            echo_err(f"{_plural(len(report.orphaned), 'coding')} could not be placed in the new "
                     "text; kept and flagged orphaned:")
            for o in report.orphaned:
                quote = " ".join(o.quote.split())
                echo_err(f"  - {o.key} {o.code} by {o.coder} in {o.document}: "
                         f"{quote[:60]!r} ({o.reason})")

    @app.command("remove")
    @command
    def remove(
        documents: Annotated[list[str], typer.Argument(help="Ids of the documents to remove.")],
        force: Annotated[bool, typer.Option(
            "--force", help="Also remove documents with codings made or reviewed by people, "
            "or memos (the database is backed up first).")] = False,
        dry_run: Annotated[bool, typer.Option(
            "--dry-run", help="Only say what would be removed.")] = False,
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Remove documents from the project with their segments, codings and memos.

        Pending rule suggestions go without asking ('qualcode autocode' makes them again);
        codings people made or reviewed, and memos, need --force.

        Example: qualcode remove mk07 --dry-run
        """
        from qualcode.project.remove import remove_documents

        with open_for_cli(project, user) as proj:
            report = remove_documents(proj, documents, force=force, dry_run=dry_run)
        verb = "would remove" if report.dry_run else "removed"
        for r in report.removed:
            say(f"  {verb} {r.document} ({r.path or 'no file'}): "
                f"{_plural(r.suggestions, 'pending suggestion')}, "
                f"{_plural(r.human, 'coding')} made or reviewed by people, "
                f"{_plural(r.memos, 'memo')}")
        if report.backup is not None:
            say(f"Backed up the project first to {report.backup}.")
        back = [r.document for r in report.removed if r.in_sources]
        if back:
            echo_err(f"Note: the file(s) of {', '.join(back)} are still under the project's "
                     "sources; 'qualcode add' without paths will add them again (move the "
                     "files, or name what to add).")
        count = _plural(len(report.removed), "document")
        say(f"Dry run: {count} would be removed; nothing was changed." if report.dry_run else
            f"{count} removed.")

    @app.command("autocode")
    @command
    def autocode_cmd(
        codebook: CodebookOpt = None,
        project: ProjectOpt = None,
        user: UserOpt = None,
        cache: CacheOpt = None,
    ) -> None:
        """Store the codebook's codings as suggestions; decisions and manual codings stay.
        --cache reuses the rules' results for unchanged documents and codes.

        Example: qualcode autocode -c codebooks/case-management-bullying.yaml
        """
        from qualcode.project.autocode import autocode

        with open_for_cli(project, user) as proj:
            r = autocode(proj, codebook, cache=cache)
        say(f"Auto-coded {_plural(r.documents, 'document')} with {r.coder}: {r.added} new "
            f"suggestions, {r.unchanged} unchanged, {r.updated} updated, {r.removed} removed "
            f"(no longer made), {r.kept_with_memo} kept for their memos; {r.accepted} already "
            f"accepted, {r.rejected} rejected (not suggested again).")

    @app.command("codings")
    @command
    def codings(
        output: TableOutputOpt = None,
        status: StatusOpt = None,
        source: SourceOpt = None,
        coder: CoderOpt = None,
        counted: Annotated[bool, typer.Option(
            "--counted", help="Only what analyses count: accepted codings and manual codings "
            "not rejected.")] = False,
        project: ProjectOpt = None,
    ) -> None:
        """Write the project's codings table (the columns of 'qualcode code' plus status and
        memo) as CSV, or as a workbook (-o FILE.xlsx).

        Example: qualcode codings --status accepted -o codings.csv
        """
        from qualcode.project.core import project_codings_table
        from qualcode.report.sheets import write_table

        with open_for_cli(project) as proj:
            table = project_codings_table(proj, status=status or (), source=source or (),
                                          coder=coder or (), counted=counted)
            orphaned = len(proj.store.codings(orphaned=True))
        write_table(table, output, sheet="codings")
        if output is not None and str(output) != "-":
            say(f"Wrote {_plural(len(table), 'coding')} to {output}.")
        if orphaned:
            echo_err(f"{_plural(orphaned, 'orphaned coding')} not listed; see 'qualcode project "
                     "check'.")

    @app.command("markup")
    @command
    def markup(
        paths: Annotated[list[Path], typer.Argument(help="Transcript files or folders.")],
        codebook: Annotated[Path | None, typer.Option(
            "--codebook", "-c", help="Codebook YAML: tags must name its codes.")] = None,
        output: TableOutputOpt = None,
        coder: Annotated[str | None, typer.Option(
            "--coder", envvar="QUALCODE_USER", help="Coder named in the table.")] = None,
        unit: UnitOpt = "turn",
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        case_column: CaseColumnOpt = None,
        sheet: SheetOpt = None,
    ) -> None:
        """Read inline {code}...{/code} markup (no project needed) and write its codings table.

        Example: qualcode markup transcripts/ -c codebooks/case-management-bullying.yaml -o
        markup-codings.csv
        """
        from qualcode.project.core import resolve_user
        from qualcode.project.markup import load_markup
        from qualcode.report.sheets import write_table
        from qualcode.tables import codings_table

        book = None
        if codebook is not None:
            from qualcode.io.codebook import load_codebook

            book = load_codebook(codebook)
        corpus, found = load_markup(
            paths, coder=resolve_user(coder), unit=unit,
            known_codes=None if book is None else [c.id for c in book.codes],
            text_column=text_column, id_column=id_column, case_column=case_column, sheet=sheet)
        print_issues(list(corpus.warnings), "Warnings:")
        write_table(codings_table(found, corpus, book, project=True), output, sheet="codings")

    project_app = typer.Typer(help="Look after a project: backups and restores, checks, "
                              "history.",
                              no_args_is_help=True)
    app.add_typer(project_app, name="project")

    @project_app.command("backup")
    @command
    def backup(
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", callback=suffix_of(BACKUP_SUFFIXES),
            help=f"Backup file: {suffix_list(BACKUP_SUFFIXES)} (a SQLite database; default: "
            ".qualcode/backups/project-DATE.db).")] = None,
        project: ProjectOpt = None,
        user: UserOpt = None,
        force: Annotated[bool, typer.Option(
            "--force", help="Replace FILE even when it is not an earlier backup.")] = False,
    ) -> None:
        """Copy the project database safely, even while it is in use. -o replaces an earlier
        backup of that name, any other file only with --force.

        Example: qualcode project backup -o backups/before-review.db
        """
        from qualcode.project.backup import backup_project

        with open_for_cli(project, user) as proj:
            target = backup_project(proj, output, force=force)
        say(f"Backed up the project to {target}.")

    @project_app.command("restore")
    @command
    def restore(
        backup_file: Annotated[Path, typer.Argument(help="The backup to restore (a .db file "
                                                    "made by 'qualcode project backup').")],
        project: ProjectOpt = None,
        user: UserOpt = None,
    ) -> None:
        """Replace the project database with a backup; the current one is backed up first.

        Example: qualcode project restore .qualcode/backups/project-20261128-101500.db
        """
        from qualcode.project.backup import restore_project

        done = restore_project(project, backup_file, user=user)
        before = ("" if done.safety_copy is None else
                  f" The database as it was is saved in {done.safety_copy} (restore it to "
                  "undo).")
        say(f"Restored {done.source}: {_plural(done.documents, 'document')}, "
            f"{_plural(done.codings, 'coding')}.{before}")
        if done.unrelated:
            echo_err("Note: the backup shares no document with the database it replaced; if it "
                     "is another project's, restore the saved copy named above.")

    @project_app.command("check")
    @command
    def check(project: ProjectOpt = None) -> None:
        """Check the database (SQLite integrity) and that every coding fits its document.

        Example: qualcode project check
        """
        from qualcode.project.check import check_project

        with open_for_cli(project) as proj:
            issues = check_project(proj)
            counts = (len(proj.store.documents()), len(proj.store.codings()))
        errors = [i for i in issues if i.severity == "error"]
        warnings = [i for i in issues if i.severity != "error"]
        print_issues(warnings, f"{_plural(len(warnings), 'warning')}:")
        if errors:
            echo_err(f"{_plural(len(errors), 'problem')} found:")
            for issue in errors:
                echo_err(f"  - {issue}")
            raise typer.Exit(1)
        say(f"OK: {_plural(counts[0], 'document')}, {_plural(counts[1], 'coding')}, no problems.")

    @project_app.command("log")
    @command
    def log(
        limit: Annotated[int | None, typer.Option(
            "--limit", "-n", min=1, help="Only the last N changes.")] = None,
        output: TableOutputOpt = None,
        project: ProjectOpt = None,
    ) -> None:
        """Write the audit log (when, who, what, target, detail) as CSV, or as a workbook
        (-o FILE.xlsx).

        Example: qualcode project log -n 20
        """
        import json

        import pandas as pd

        from qualcode.report.sheets import write_table

        with open_for_cli(project) as proj:
            rows = proj.store.audit(limit=limit)
        frame = pd.DataFrame(
            [{"at": r.at, "user": r.user, "action": r.action, "target": r.target,
              "detail": json.dumps(dict(r.detail), ensure_ascii=False, sort_keys=True)}
             for r in rows], columns=["at", "user", "action", "target", "detail"])
        write_table(frame, output, sheet="log")
