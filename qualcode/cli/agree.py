"""``qualcode agree``, ``evaluate`` and ``adjudicate``: reliability and evaluation of codings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from qualcode.cli.common import (
    RollUpOpt,
    TableOutputOpt,
    command,
    echo_err,
    one_of,
    print_issues,
    suffix_list,
    suffix_of,
)
from qualcode.report.formats import DISAGREEMENT_SUFFIXES, TABLE_SUFFIXES

__all__ = ["register"]

CodebookOpt = Annotated[
    Path | None, typer.Option("--codebook", "-c", help="Codebook YAML: code order, parents, "
                              "dimensions (else the code_path and group columns).")
]
UnitsOpt = Annotated[
    Path | None, typer.Option("--units", help="Segments table (document, segment, start, end) "
                              "listing every unit, coded or not.")
]


_FORMATS = ("codings", "wide")
"""What ``agree --format`` reads: codings tables, or one wide table of category values."""


def load_codebook_for_cli(path: Path | None) -> Any:
    """Load ``path`` with the codebook reader, or return ``None`` without a path."""
    if path is None:
        return None
    from qualcode.errors import InputError

    try:
        from qualcode.io.codebook import load_codebook
    except ImportError as exc:
        raise InputError("this installation cannot read codebooks yet", path=path,
                         hint="leave out -c; dimensions then come from the group column") from exc
    return load_codebook(path)


def show_table(frame: Any, columns: Any, title: str) -> None:
    """Print ``frame`` as a rich table on a terminal, else as aligned plain text."""
    from qualcode.report.reliability import plain_table, rich_table, view

    headers, rows = view(frame, columns)
    if sys.stdout.isatty():
        from rich.console import Console

        Console().print(rich_table(headers, rows, title))
    else:
        typer.echo(title)
        typer.echo(plain_table(headers, rows), nl=False)


def _agree_title(table: Any, unit: str, units: Path | None, wide: bool) -> str:
    first = table.iloc[0] if len(table) else None
    if first is None:
        return "No agreement figures."
    coders = int(first["n_coders"])
    if wide:
        return f"Agreement of {coders} coders on {int(first['n_units'])} units ({first['unit']})"
    what = (f"every {unit} of {units.name}" if units is not None
            else f"only {unit}s coded by at least one coder (pass --units to include uncoded "
            "text)")
    return f"Agreement of {coders} coders; unit: {unit}; units: {what}"


def register(app: typer.Typer) -> None:
    """Add ``agree``, ``evaluate`` and ``adjudicate`` to ``app``."""
    _evaluate_commands(app)

    @app.command("agree")
    @command
    def agree(
        codings: Annotated[list[Path], typer.Argument(help="Codings tables (CSV/XLSX): one per "
                                                      "coder, or one with a coder column.")],
        units: UnitsOpt = None,
        unit: Annotated[str, typer.Option(
            "--unit", callback=one_of("qualcode.analysis.coded_units:UNITS", "unit"),
            help="Unit of analysis: segment or character.")] = "segment",
        codebook: CodebookOpt = None,
        output: TableOutputOpt = None,
        table_format: Annotated[str, typer.Option(
            "--format", callback=one_of(_FORMATS, "format"),
            help="codings (codings tables) or wide (a unit column, then one column per coder "
            "holding category values; empty or * = missing).")] = "codings",
        unit_column: Annotated[str | None, typer.Option(
            "--unit-column", help="--format wide: the unit column (default: the first).")] = None,
        dimension: Annotated[list[str] | None, typer.Option(
            "--dimension", "-d", help="Dimension to analyse as one nominal variable "
            "(repeatable; default: the codebook's exclusive dimensions).")] = None,
        absent: Annotated[str, typer.Option(
            "--absent", callback=one_of("qualcode.analysis.agreement:ABSENT_CHOICES", "absent"),
            help="Dimensions: a unit a coder gave no code of the dimension is "
            "'missing' or the 'category' (none).")] = "missing",
        roll_up: RollUpOpt = True,
        coverage: Annotated[str, typer.Option(
            "--coverage", callback=one_of("qualcode.analysis.coded_units:COVERAGES", "coverage"),
            help="documents: a coder's decisions are missing in documents they "
            "coded nothing in; all: every coder read every unit.")] = "documents",
        bootstrap: Annotated[int, typer.Option(
            "--bootstrap", min=0, max=1_000_000,
            help="Bootstrap draws for alpha's 95% interval (0: none).")] = 1000,
        seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
        disagreements: Annotated[list[Path] | None, typer.Option(
            "--disagreements", callback=suffix_of(DISAGREEMENT_SUFFIXES),
            help="Also write the units where coders differ, for adjudication: "
            f"{suffix_list(DISAGREEMENT_SUFFIXES)}, chosen by the suffix (.xlsx has a decision "
            "column to fill in; repeatable).")] = None,
    ) -> None:
        """Inter-coder agreement per code, pooled and per dimension: percent agreement, Cohen's
        and Fleiss' kappa, Krippendorff's alpha (with a bootstrap interval), Brennan-Prediger and
        Gwet's AC1, over all units and over units coded by anyone.

        Example: qualcode agree ana.csv budi.csv --units segments.csv -c codebook.yaml -o agree.xlsx
        """
        from qualcode.errors import InputError
        from qualcode.io.coded_tables import read_codings_files, read_table
        from qualcode.report.sheets import write_table

        if table_format == "wide":
            from qualcode.analysis.agreement import agreement_wide

            if len(codings) != 1:
                raise InputError("--format wide takes exactly one table",
                                 hint="put every coder in a column of one table")
            table = agreement_wide(read_table(codings[0]), unit_column=unit_column,
                                   name=codings[0].stem, bootstrap=bootstrap, seed=seed)
        else:
            from qualcode.analysis.agreement import agreement

            book = load_codebook_for_cli(codebook)
            frame = read_codings_files(codings)
            unit_table = read_table(units) if units is not None else None
            table = agreement(frame, units=unit_table, unit=unit, codebook=book,
                              dimensions=dimension or None, absent=absent, roll_up=roll_up,
                              coverage=coverage, bootstrap=bootstrap, seed=seed,
                              coders=frame.attrs.get("coders"))
            if disagreements:
                _write_disagreements(frame, unit_table, book, disagreements, coverage)
        print_issues(list(table.attrs.get("issues", ())), "Warnings:")
        if output is not None and str(output) == "-":
            write_table(table, output)
            return
        from qualcode.report.reliability import AGREEMENT_VIEW

        show_table(table, AGREEMENT_VIEW, _agree_title(table, unit, units, table_format == "wide"))
        if output is not None:
            write_table(table, output, sheet="agreement")
            echo_err(f"Wrote {output}")


def _write_disagreements(frame: Any, units: Any, codebook: Any, targets: list[Path],
                         coverage: str) -> None:
    """Write the adjudication report(s) for ``qualcode agree --disagreements``."""
    from qualcode.analysis.adjudication import find_disagreements
    from qualcode.report.adjudication import write_disagreement_report

    found = find_disagreements(frame, units=units, codebook=codebook, coverage=coverage,
                               coders=frame.attrs.get("coders"))
    for target in targets:
        write_disagreement_report(found.disagreements, found.agreements, found.codes, target,
                                  coders=found.coders)
        echo_err(f"Wrote {len(found.disagreements)} unit(s) to adjudicate to {target}")


def _print_disagreements(frame: Any, limit: int) -> None:
    """List false positives and negatives with their rule, match and text."""
    if limit <= 0 or not len(frame):
        return
    typer.echo(f"\nDisagreements ({len(frame)}; showing {min(limit, len(frame))}):")
    for record in frame.head(limit).to_dict("records"):
        where = record["document"] + (f" segment {record['segment']}"
                                      if int(record["segment"]) >= 0
                                      else f" {record['start']}-{record['end']}")
        if record["kind"] == "false_positive":
            why = f"rule {record['rule'] or '?'}" + (f" matched {record['match']!r}"
                                                    if record["match"] else "")
            head = f"+ {record['code']} wrongly given ({why})"
        else:
            head = f"- {record['code']} missed"
        typer.echo(f"{head} | {where} | gold: {record['gold_codes'] or '(none)'} | "
                   f"predicted: {record['predicted_codes'] or '(none)'}")
        text = " ".join(str(record["text"]).split())
        typer.echo(f"    {text[:300]}{'...' if len(text) > 300 else ''}")


def _evaluate_commands(app: typer.Typer) -> None:
    @app.command("evaluate")
    @command
    def evaluate(
        gold: Annotated[Path | None, typer.Option("--gold", help="Gold codings table "
                                                  "(one coder).")] = None,
        pred: Annotated[Path | None, typer.Option("--pred", help="Predicted codings table: the "
                                                  "rules' output or a second coder.")] = None,
        eval_set: Annotated[Path | None, typer.Option(
            "--eval-set", help="Evaluation set CSV (id, language, interviewer, speaker_style, "
            "text, codes; codes separated by ';' or ','): each row is coded with the codebook and "
            "scored.")] = None,
        codebook: CodebookOpt = None,
        units: UnitsOpt = None,
        roll_up: RollUpOpt = True,
        output: TableOutputOpt = None,
        disagreements: Annotated[Path | None, typer.Option(
            "--disagreements", callback=suffix_of(TABLE_SUFFIXES),
            help="Write every false positive and negative: "
            f"{suffix_list(TABLE_SUFFIXES)}, chosen by the suffix.")] = None,
        show: Annotated[int, typer.Option(
            "--show", help="How many disagreements to print.")] = 50,
    ) -> None:
        """Precision, recall, F1 and support per code, micro and macro averages, confusions
        within dimensions, and the disagreements with the rule and words that fired.

        Example: qualcode evaluate --gold gold.csv --pred auto.csv --units segments.csv
        """
        from qualcode.io.coded_tables import read_table
        from qualcode.report.reliability import EVALUATION_VIEW
        from qualcode.report.sheets import write_sheets, write_table

        if eval_set is not None:
            if gold is not None or pred is not None:
                raise typer.BadParameter("use either --eval-set or --gold/--pred")
            from qualcode.analysis.evalset import evaluate_eval_set
            from qualcode.io.coded_tables import read_eval_set
            from qualcode.resources import default_codebook_path

            book = load_codebook_for_cli(codebook or default_codebook_path())
            result = evaluate_eval_set(read_eval_set(eval_set), book, roll_up=roll_up)
            title = f"Evaluation of {book.coder} on {eval_set.name}"
        else:
            if gold is None or pred is None:
                raise typer.BadParameter("give --gold and --pred, or --eval-set")
            from qualcode.analysis.evaluate import evaluate as run

            result = run(read_table(gold), read_table(pred),
                         codebook=load_codebook_for_cli(codebook),
                         units=read_table(units) if units is not None else None,
                         roll_up=roll_up,
                         names=(f"--gold {gold}", f"--pred {pred}"))
            title = f"Evaluation of {pred.name} against {gold.name}"
        print_issues(list(result.issues), "Warnings:")
        if output is not None and str(output) == "-":
            write_table(result.metrics, output)
            return
        show_table(result.metrics, EVALUATION_VIEW, f"{title} (unit: {result.unit}, "
                   f"{'with' if roll_up else 'without'} roll-up)")
        if len(result.confusions):
            typer.echo("")
            show_table(result.confusions, (("dimension", "dimension"), ("gold", "gold"),
                                           ("predicted", "predicted"), ("n", "n")),
                       "Confusions within dimensions (gold vs predicted on the same unit)")
        _print_disagreements(result.disagreements, show)
        if output is not None:
            if Path(output).suffix.lower() == ".xlsx":
                write_sheets({"metrics": result.metrics, "confusions": result.confusions,
                              "disagreements": result.disagreements}, output)
            else:
                write_table(result.metrics, output)
            echo_err(f"Wrote {output}")
        if disagreements is not None:
            write_table(result.disagreements, disagreements, sheet="disagreements")
            echo_err(f"Wrote {len(result.disagreements)} disagreement(s) to {disagreements}")

    @app.command("adjudicate")
    @command
    def adjudicate(
        report: Annotated[Path, typer.Argument(help="The filled-in workbook written by "
                                               "qualcode agree --disagreements.")],
        output: TableOutputOpt = None,
        coder: Annotated[str, typer.Option("--coder", help="The consensus coder's name.")]
        = "consensus",
    ) -> None:
        """Merge the decisions of an adjudication workbook (decision column: codes separated by
        ';' or ',', '-' for none, empty = the codes all coders agree on) and its settled units
        into one consensus coder's codings table.

        Example: qualcode adjudicate disagreements.xlsx -o consensus.csv --coder consensus
        """
        from qualcode.analysis.adjudication import adjudicate as merge
        from qualcode.errors import InputError
        from qualcode.io.coded_tables import read_adjudication_report
        from qualcode.report.sheets import write_table

        if report.suffix.lower() == ".xlsx" and not report.is_file():
            raise InputError("adjudication workbook not found", path=report,
                             hint="check the path; the workbook is the one 'qualcode agree ... "
                             "--disagreements report.xlsx' wrote")
        sheets = read_adjudication_report(report)
        consensus = merge(sheets["disagreements"], sheets["agreements"], sheets["codes"],
                          coder=coder)
        print_issues(list(consensus.attrs.get("issues", ())), "Warnings:")
        write_table(consensus, output, sheet="codings")
        decided = int((sheets["disagreements"]["decision"].str.strip() != "").sum())
        echo_err(f"{len(consensus)} coding(s) for coder {coder}: {len(sheets['agreements'])} "
                 f"settled unit(s), {len(sheets['disagreements'])} adjudicated ({decided} with a "
                 "decision, the rest keep the agreed codes)")
