"""``qualcode matrix``: one table computed from a saved codings table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli.codings_input import (
    CodebookOpt,
    CoderOpt,
    CodingsArg,
    ContextOpt,
    LabelLanguageOpt,
    QuotesOpt,
    RollUpOpt,
    SegmentsOpt,
    SourceOpt,
    StatusOpt,
    WindowOpt,
    load_table,
)
from qualcode.cli.common import TableOutputOpt, command, print_issues
from qualcode.cli.project import AnalyseProjectOpt

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.model import Codebook

__all__ = ["MATRIX_KINDS", "compute_matrix", "register"]

MATRIX_KINDS = (
    "code-by-document", "code-by-case", "code-by-attribute", "crosstab", "cooccurrence",
    "cooccurrence-pairs", "dimension", "frequencies", "quotes", "representative-quotes",
)
_UNROLLED = ("cooccurrence", "cooccurrence-pairs", "dimension")


def compute_matrix(
    kind: str,
    codings: pd.DataFrame,
    *,
    segments: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    presence: bool = False,
    attribute: str = "informant_role",
    measure: str | None = None,
    rows: str = "role",
    columns: str = "stage",
    window: int = 0,
    roll_up: bool = True,
    quotes: int = 3,
    context: int = 1,
    language: str | None = None,
) -> pd.DataFrame:
    """The table ``kind`` of :data:`MATRIX_KINDS`, by the matching analysis function;
    ``language`` is that of the labels in the frequencies and quotes (default: the codebook's
    first).

    Raises:
        typer.BadParameter: If ``kind`` is unknown, ``presence`` or ``measure`` is given for a
            kind that does not take it, or ``measure`` is not one of the kind's.
        AnalysisError: If the analysis function rejects its arguments.
    """
    from qualcode.analysis.bundle import quotable
    from qualcode.analysis.cooccurrence import (
        COOCCURRENCE_MEASURES,
        cooccurrence,
        cooccurrence_table,
        dimension_matrix,
    )
    from qualcode.analysis.crosstab import (
        CROSSTAB_MEASURES,
        attribute_crosstab,
        code_by_attribute,
    )
    from qualcode.analysis.frequencies import code_frequencies
    from qualcode.analysis.matrices import code_by_case, code_by_document
    from qualcode.analysis.quotes import code_quotes, representative_quotes
    from qualcode.analysis.rollup import roll_up as rolled

    if kind not in MATRIX_KINDS:
        raise typer.BadParameter(f"unknown kind {kind!r}; use one of {', '.join(MATRIX_KINDS)}",
                                 param_hint="--kind")
    if presence and kind not in _PRESENCE:
        raise typer.BadParameter(f"--presence applies to {', '.join(_PRESENCE)}, not {kind}",
                                 param_hint="--presence")
    if measure is not None and kind not in _MEASURED:
        raise typer.BadParameter(f"--measure applies to {', '.join(_MEASURED)}, not {kind}",
                                 param_hint="--measure")
    measures = CROSSTAB_MEASURES if kind == "code-by-attribute" else COOCCURRENCE_MEASURES
    if measure is not None and measure not in measures:
        raise typer.BadParameter(f"unknown measure {measure!r} for {kind}; use one of "
                                 f"{', '.join(measures)}", param_hint="--measure")
    counted = rolled(codings, codebook, segments=segments) if roll_up and kind not in \
        _UNROLLED else codings
    common = {"codebook": codebook, "segments": segments}
    if kind == "code-by-document":
        return code_by_document(counted, presence=presence, **common)
    if kind == "code-by-case":
        return code_by_case(counted, presence=presence, **common)
    if kind == "code-by-attribute":
        return code_by_attribute(counted, attribute, measure=measure or "count", **common)
    if kind == "crosstab":
        return attribute_crosstab(counted, attribute, **common)
    if kind == "cooccurrence":
        return cooccurrence(counted, window=window, measure=measure or "count",
                            codebook=codebook)
    if kind == "cooccurrence-pairs":
        return cooccurrence_table(counted, window=window, codebook=codebook)
    if kind == "dimension":
        return dimension_matrix(counted, rows, columns, codebook=codebook, window=window,
                                measure=measure or "count")
    if kind == "frequencies":
        return code_frequencies(counted, language=language, **common)
    table = code_quotes(counted, segments, codebook=codebook, context=context,
                        language=language)
    return table if kind == "quotes" else representative_quotes(quotable(table), per_code=quotes)


_MEASURED = ("code-by-attribute", "cooccurrence", "dimension")  # the kinds --measure shapes
_PRESENCE = ("code-by-document", "code-by-case")  # the kinds --presence turns into 0/1

KindOpt = Annotated[str, typer.Option("--kind", "-k", help="One of: " + ", ".join(MATRIX_KINDS)
                                      + ".")]
AttrOpt = Annotated[str, typer.Option("--attribute", "-a", help="Attribute for "
                                      "code-by-attribute and crosstab.")]
MeasureOpt = Annotated[str | None, typer.Option(
    "--measure", "-m", help="code-by-attribute: count, row_percent, column_percent, cases; "
    "cooccurrence/dimension: count, jaccard, c.")]
RowsOpt = Annotated[str, typer.Option("--rows", help="dimension: the rows' dimension.")]
ColumnsOpt = Annotated[str, typer.Option("--columns", help="dimension: the columns' dimension.")]


def register(app: typer.Typer) -> None:
    """Add the ``matrix`` command to ``app``."""

    @app.command("matrix")
    @command
    def matrix(
        codings: CodingsArg = None,
        kind: KindOpt = "code-by-document",
        presence: Annotated[bool, typer.Option("--presence", help="0/1 instead of counts "
                                               "(code-by-document and code-by-case only; an "
                                               "error with another kind).")] = False,
        attribute: AttrOpt = "informant_role",
        measure: MeasureOpt = None,
        rows: RowsOpt = "role",
        columns: ColumnsOpt = "stage",
        window: WindowOpt = 0,
        roll_up: RollUpOpt = True,
        quotes: QuotesOpt = 3,
        context: ContextOpt = 1,
        label_language: LabelLanguageOpt = None,
        codebook: CodebookOpt = None,
        segments: SegmentsOpt = None,
        output: TableOutputOpt = None,
        project: AnalyseProjectOpt = None,
        status: StatusOpt = None,
        source: SourceOpt = None,
        coder: CoderOpt = None,
    ) -> None:
        """Compute one table (matrix, crosstab, co-occurrence, frequencies or quotes) from a
        saved codings table, without re-running the coder, and write it as CSV (to stdout, or
        -o FILE.csv) or as a workbook (-o FILE.xlsx).

        Example: qualcode matrix results/codings.csv -c codebooks/case-management-bullying.yaml
        --kind dimension --rows role --columns stage
        """
        from qualcode.report.sheets import write_table
        from qualcode.report.xlsx import flat_table

        table, segs, book = load_table(codings, codebook, segments, project=project,
                                       status=status, source=source, coder=coder,
                                       label_language=label_language)
        print_issues(list(table.attrs.get("issues", ())), "Warnings:")
        frame = compute_matrix(
            kind, table, segments=segs, codebook=book, presence=presence, attribute=attribute,
            measure=measure, rows=rows, columns=columns, window=window, roll_up=roll_up,
            quotes=quotes, context=context, language=label_language,
        )
        write_table(flat_table(frame), output, sheet=kind)
