"""Options and loading shared by the commands that start from a saved codings table
(``matrix``, ``chart``, ``export``) and by ``analyze``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli.common import RollUpOpt, one_of

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.analysis.bundle import AnalysisOptions
    from qualcode.model import Codebook

__all__ = [
    "AnalyzeCoderOpt",
    "AnalyzeSourceOpt",
    "AnalyzeStatusOpt",
    "AttributeOpt",
    "CodebookOpt",
    "CoderOpt",
    "CodingsArg",
    "ContextOpt",
    "LabelLanguageOpt",
    "PairOpt",
    "QuotesOpt",
    "RollUpOpt",
    "SegmentsOpt",
    "SourceOpt",
    "StatusOpt",
    "WindowOpt",
    "analysis_options",
    "check_label_language",
    "load_table",
    "parse_pairs",
    "selection_options",
]

CodingsArg = Annotated[
    Path | None, typer.Argument(help="Codings table (CSV/XLSX) with at least document, segment, "
                                "code; none: the project's codings (see --project).")
]
CodebookOpt = Annotated[
    Path | None, typer.Option("--codebook", "-c", help="Codebook YAML (order, labels, "
                              "hierarchy, colours).")
]
SegmentsOpt = Annotated[
    Path | None, typer.Option("--segments", help="Segments table CSV (qualcode segments): "
                              "corpus order, quote context, document attributes.")
]
AttributeOpt = Annotated[
    list[str] | None, typer.Option("--attribute", "-a", help="Case/document attribute to "
                                   "crosstab codes with (repeatable; default informant_role "
                                   "when present).")
]
PairOpt = Annotated[
    list[str] | None, typer.Option("--pair", help="Dimension matrix ROWS:COLUMNS (repeatable; "
                                   "default role:stage when both exist).")
]
WindowOpt = Annotated[
    int, typer.Option("--window", "-w", min=0, help="Also count co-occurrence within this "
                      "many segments (0: same segment only).")
]


def selection_options(applies: str = "", status: str = "") -> tuple[object, object, object]:
    """The ``--status``, ``--source`` and ``--coder`` options (every command's, defined once
    here), their help saying what they apply to when ``applies`` is given (``status``: more on
    ``--status``)."""
    where = f" Applies to {applies}" if applies else ""
    return (
        Annotated[list[str] | None, typer.Option(
            "--status", callback=one_of("qualcode.cells:STATUSES", "status"),
            help="Only codings with this status: suggested, accepted or rejected "
            f"(repeatable).{where}{status}{'.' if where else ''}")],
        Annotated[list[str] | None, typer.Option(
            "--source", callback=one_of("qualcode.analysis.selection:SOURCES", "source"),
            help="Only codings from this source: auto, manual or imported "
            f"(repeatable).{where}{'.' if where else ''}")],
        Annotated[list[str] | None, typer.Option(
            "--coder", help="Only codings by this coder (repeatable)."
            f"{where}{'.' if where else ''}")],
    )


StatusOpt, SourceOpt, CoderOpt = selection_options(
    "the project's codings and to the rows of a codings table",
    "; a codings table needs a status column (as 'qualcode codings' writes it)")
AnalyzeStatusOpt, AnalyzeSourceOpt, AnalyzeCoderOpt = selection_options(
    "a project's codings (--project, or inside a project), not to transcripts, which are "
    "coded afresh")
QuotesOpt = Annotated[
    int, typer.Option("--quotes", min=0, help="Representative quotes per code.")
]
ContextOpt = Annotated[
    int, typer.Option("--context", min=0, help="Segments of context before/after each quote.")
]
LabelLanguageOpt = Annotated[
    str | None, typer.Option(
        "--label-language", help="Language of the codes' labels and definitions in the "
        "outputs: one of the codebook's languages (default: its first).")
]


def parse_pairs(values: list[str] | None) -> tuple[tuple[str, str], ...] | None:
    """``["role:stage"]`` -> ``(("role", "stage"),)``; ``None`` stays ``None``.

    Raises:
        typer.BadParameter: If a value is not ``ROWS:COLUMNS``.
    """
    if not values:
        return None
    pairs = []
    for value in values:
        rows, sep, columns = value.partition(":")
        if not sep or not rows.strip() or not columns.strip():
            raise typer.BadParameter(f"{value!r} is not ROWS:COLUMNS (e.g. role:stage)",
                                     param_hint="--pair")
        pairs.append((rows.strip(), columns.strip()))
    return tuple(pairs)


def analysis_options(
    *,
    attribute: list[str] | None = None,
    pair: list[str] | None = None,
    window: int = 0,
    roll_up: bool = True,
    quotes: int = 3,
    context: int = 1,
    label_language: str | None = None,
) -> AnalysisOptions:
    """The :class:`AnalysisOptions` the shared command-line options describe."""
    from qualcode.analysis.bundle import AnalysisOptions

    return AnalysisOptions(
        attributes=tuple(attribute) if attribute else None,
        pairs=parse_pairs(pair),
        window=window,
        roll_up=roll_up,
        quotes_per_code=quotes,
        context=context,
        language=label_language,
    )


def check_label_language(book: Codebook | None, language: str | None) -> None:
    """Refuse, as a usage error (exit 2, before any work), a ``--label-language`` the codebook
    has no labels in; call it as soon as the codebook is read. The library's check
    (:func:`qualcode.analysis.bundle.check_label_language`), which the analysis makes too.

    Raises:
        typer.BadParameter: If ``book`` lacks the language.
    """
    from qualcode.analysis.bundle import check_label_language as check
    from qualcode.errors import AnalysisError

    try:
        check(book, language)
    except AnalysisError as exc:
        raise typer.BadParameter(f"{exc.message}; {exc.hint}",
                                 param_hint="--label-language") from None


def load_table(
    codings: Path | None,
    codebook: Path | None,
    segments: Path | None,
    *,
    project: Path | None = None,
    status: list[str] | None = None,
    source: list[str] | None = None,
    coder: list[str] | None = None,
    label_language: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, Codebook | None]:
    """Read a codings table, and the segments table and codebook when given; without a table,
    take them from the project (``project``, or the one around the current folder). Either
    way only the codings ``status``/``source``/``coder`` select are kept (default: a table's
    codings but rejected ones, a project's accepted and manual ones). A ``label_language``
    is checked (:func:`check_label_language`) as soon as the codebook is read, before a
    codings table is.

    Raises:
        typer.BadParameter: If both a codings table and ``--project`` are given, or the
            codebook lacks ``label_language``.
        CodingsError: If a filter is given for a column the table lacks.
    """
    if codings is None or project is not None:
        if codings is not None or segments is not None:
            raise typer.BadParameter("give a codings table or --project, not both (a project "
                                     "has its own segments)", param_hint="--project")
        from qualcode.cli.project import project_inputs

        table, segs, book = project_inputs(project, codebook=codebook, status=status,
                                           source=source, coder=coder)
        check_label_language(book, label_language)
        return table, segs, book
    from qualcode.pipeline import read_inputs, resolve_codebook

    book = resolve_codebook(codebook) if codebook is not None else None
    check_label_language(book, label_language)  # before the table is read
    return read_inputs(codings, codebook=book, segments=segments, status=status,
                       source=source, coder=coder)
