"""``qualcode codebook validate|show``: check a codebook and look at its tree and rule hits."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli.common import (
    STATE,
    CaseColumnOpt,
    CasesOpt,
    IdColumnOpt,
    SheetOpt,
    TextColumnOpt,
    command,
    echo_err,
    one_of,
    print_issues,
)

if TYPE_CHECKING:
    from qualcode.model import Code, Codebook

__all__ = ["format_codebook", "format_hits", "register"]

_WIDTH = 100


def _wrap(label: str, text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=_WIDTH, initial_indent=f"{indent}{label}",
                         subsequent_indent=indent + "  ") or []


def _rule_summary(code: Code) -> str:
    kinds: dict[str, int] = {}
    excludes = 0
    for rule in code.rules:
        if rule.exclude:
            excludes += 1
        else:
            kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
    if not kinds:
        return "manual only" if code.manual else "no rules"
    text = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    return text + (f"; {excludes} exclusion(s)" if excludes else "")


def format_codebook(codebook: Codebook, language: str | None = None) -> str:
    """The code tree with labels, definitions and a summary of each code's rules, as text.

    Args:
        codebook: The codebook.
        language: Language of labels and definitions (default: the codebook's first).
    """
    lang = language or (codebook.languages[0] if codebook.languages else None)
    dims = {d.id: d for d in codebook.dimensions}
    title = codebook.title_in(lang)
    lines = [f"{codebook.name} {codebook.version}" + (f": {title}" if title else "")]
    lines.append(f"languages: {', '.join(codebook.languages)}; unit: {codebook.unit}; "
                 f"scope: {codebook.scope}; {len(codebook.codes)} codes")
    if codebook.memo:  # the codebook's own notes: its sources, decisions, history
        lines += _wrap("memo: ", codebook.memo, "")
    current: str | None = "\0"
    for code in codebook.codes:
        depth = len(codebook.path_of(code.id)) - 1
        if depth == 0:
            dim = codebook.dimension_of(code.id)
            if dim != current:
                current = dim
                title = dims[dim].label(lang) if dim in dims else ""
                lines += ["", f"[{dim or 'no dimension'}] {title}".rstrip()]
        indent = "  " * (depth + 1)
        head = f"{indent}{code.id}: {code.label(lang)}"
        if code.color:
            head += f" ({code.color})"
        lines.append(head)
        sub = indent + "    "
        for name, field in (("brief: ", "brief"), ("definition: ", "definition"),
                            ("use when: ", "when_to_use"), ("not when: ", "when_not_to_use")):
            text = code.text_of(field, lang)
            if text:
                lines += _wrap(name, text, sub)
        extra = [] if code.scope == codebook.scope else [f"scope {code.scope}"]
        if code.min_hits > 1:
            extra.append(f"min_hits {code.min_hits}")
        lines.append(f"{sub}rules: {_rule_summary(code)}"
                     + (f" ({', '.join(extra)})" if extra else ""))
    return "\n".join(lines) + "\n"


def format_hits(rows: list[tuple[str, str, str, int]], segments: int) -> str:
    """Rule hits (``count_rule_hits`` rows) as text: one line per rule, words by frequency."""
    lines = [f"Rule hits in {segments} segments (surface form x count):"]
    by_rule: dict[str, list[str]] = {}
    for _code, rule, word, n in rows:
        by_rule.setdefault(rule, []).append(f"{word} x{n}")
    for rule, words in by_rule.items():
        lines += textwrap.wrap(", ".join(words), width=_WIDTH, initial_indent=f"  {rule}: ",
                               subsequent_indent="      ")
    if not by_rule:
        lines.append("  (no rule matched)")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    """Add the ``codebook`` command group to ``app``."""
    group = typer.Typer(help="Check and inspect codebooks.", no_args_is_help=True)
    app.add_typer(group, name="codebook")

    @group.command("validate")
    @command
    def validate(
        file: Annotated[Path, typer.Argument(help="The codebook YAML file.")],
        examples: Annotated[
            bool, typer.Option("--examples/--no-examples",
                               help="Code each code's examples with the rules and warn about "
                               "those coded otherwise than they say (C160); --no-examples "
                               "skips compiling the rules.")
        ] = True,
    ) -> None:
        """Check a codebook and list every problem at once, each with its file, line, code id
        and a hint; then code its examples with its rules. Exits 1 when there are errors.

        Example: qualcode codebook validate codebooks/case-management-bullying.yaml
        """
        from qualcode import check_codebook_examples
        from qualcode.errors import CodebookError
        from qualcode.io.codebook import load_codebook

        try:
            codebook = load_codebook(file)
        except CodebookError as exc:
            for issue in exc.issues:
                typer.echo(f"{issue.severity}: {issue}")
            errors = sum(1 for i in exc.issues if i.severity == "error")
            warnings = len(exc.issues) - errors
            echo_err(f"{file}: {errors} error(s), {warnings} warning(s)")
            raise typer.Exit(1) from None
        warnings = list(codebook.warnings)
        if examples:
            warnings = sorted(warnings + check_codebook_examples(codebook),
                              key=lambda issue: issue.line or 0)
        for issue in warnings:
            typer.echo(f"warning: {issue}")
        rules = sum(1 for c in codebook.codes for r in c.rules)
        typer.echo(f"{file}: valid codebook {codebook.coder}: {len(codebook.codes)} codes, "
                   f"{len(codebook.dimensions)} dimensions, {rules} rules, "
                   f"{len(warnings)} warning(s)")

    @group.command("show")
    @command
    def show(
        file: Annotated[Path, typer.Argument(help="The codebook YAML file.")],
        hits: Annotated[
            list[Path] | None,
            typer.Option("--hits", help="Transcripts (files or folders, repeatable): list the "
                         "words each rule catches in them."),
        ] = None,
        lang: Annotated[
            str | None, typer.Option("--lang", help="Language of labels and definitions.")
        ] = None,
        unit: Annotated[
            str | None, typer.Option("--unit", "-u",
                                     callback=one_of("qualcode.model:UNITS", "unit"),
                                     help="Segment unit for --hits (default: the codebook's).")
        ] = None,
        cases: CasesOpt = None,
        text_column: TextColumnOpt = None,
        id_column: IdColumnOpt = None,
        case_column: CaseColumnOpt = None,
        sheet: SheetOpt = None,
    ) -> None:
        """Print the code tree with labels, definitions and rules; with --hits, also the
        surface forms each rule catches in a corpus and how often (a response table's columns
        and sheet given as for segments and analyze).

        Example: qualcode codebook show codebooks/case-management-bullying.yaml --hits transcripts/
        """
        from qualcode.io.codebook import load_codebook

        codebook = load_codebook(file)
        if lang is not None and codebook.languages and lang not in codebook.languages:
            raise typer.BadParameter(f"the codebook has no texts in {lang!r}; its languages "
                                     f"are {', '.join(codebook.languages)}", param_hint="--lang")
        print_issues(list(codebook.warnings), "Warnings:")
        typer.echo(format_codebook(codebook, lang), nl=False)
        if hits:
            from qualcode.cli.segments import load_for_cli
            from qualcode.coding.engine import count_rule_hits

            corpus = load_for_cli(hits, unit=unit or codebook.unit, lang="auto", cases=cases,
                                  text_column=text_column, id_column=id_column,
                                  skip_errors=False, interviewer=None, sheet=sheet,
                                  case_column=case_column)
            rows = count_rule_hits(corpus, codebook)
            segments = sum(len(s) for s in corpus.segments.values())
            typer.echo("")
            typer.echo(format_hits(rows, segments), nl=False)
        if STATE.debug:
            echo_err(f"codebook sha256 {codebook.content_hash}")
