"""``qualcode chart``: one chart drawn from a saved codings table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli.codings_input import (
    CodebookOpt,
    CoderOpt,
    CodingsArg,
    LabelLanguageOpt,
    RollUpOpt,
    SegmentsOpt,
    SourceOpt,
    StatusOpt,
    WindowOpt,
    load_table,
)
from qualcode.cli.common import command, print_issues, suffix_list, suffix_of
from qualcode.cli.matrix import AttrOpt, ColumnsOpt, RowsOpt, compute_matrix
from qualcode.cli.project import AnalyseProjectOpt
from qualcode.report.charts.titles import CHART_KINDS, chart_cmap, chart_title
from qualcode.report.formats import CHART_SUFFIXES

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from qualcode.model import Codebook

__all__ = ["CHART_KINDS", "draw_chart", "register"]


def draw_chart(
    kind: str,
    codings: pd.DataFrame,
    *,
    segments: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    attribute: str = "informant_role",
    rows: str = "role",
    columns: str = "stage",
    window: int = 0,
    roll_up: bool = True,
    document: str | None = None,
    obstacles: tuple[str, ...] = ("obstacle_internal", "obstacle_external"),
    language: str | None = None,
    title: str | None = None,
) -> Figure:
    """The chart ``kind`` of :data:`CHART_KINDS` for a codings table, drawn as ``qualcode
    analyze`` draws it: rolled up (``roll_up``) where analyze's tables are (every kind but the
    co-occurrence ones), the labels in ``language`` (default: the codebook's first) and, unless
    ``title`` is given, analyze's title for it
    (:func:`qualcode.report.charts.titles.chart_title`).

    Raises:
        typer.BadParameter: If ``kind`` is unknown or ``portrait`` lacks ``document``.
        AnalysisError: If the analysis rejects its arguments (unknown code, dimension ...).
    """
    from qualcode.analysis.portrait import document_profile
    from qualcode.analysis.rollup import roll_up as rolled
    from qualcode.errors import AnalysisError
    from qualcode.report.charts import (
        frequency_chart,
        heatmap,
        network_chart,
        portrait_chart,
        stacked_bars,
    )

    if kind not in CHART_KINDS:
        raise typer.BadParameter(f"unknown kind {kind!r}; use one of {', '.join(CHART_KINDS)}",
                                 param_hint="--kind")
    if kind == "portrait" and not document:
        raise typer.BadParameter("a portrait needs --document ID", param_hint="--document")
    if title is None:
        title = chart_title(kind, attribute=attribute, rows=rows, columns=columns,
                            document=document or "", window=window, codebook=codebook,
                            language=language)
    options = {"segments": segments, "codebook": codebook, "roll_up": roll_up, "window": window}
    style = {"codebook": codebook, "language": language, "title": title}
    if kind == "frequencies":
        table = compute_matrix("frequencies", codings, language=language, **options)
        return frequency_chart(table, **style)
    if kind in ("code-by-document", "code-by-case", "dimension", "cooccurrence"):
        table = compute_matrix(kind, codings, attribute=attribute, rows=rows, columns=columns,
                               **options)
        return heatmap(table, **style, cmap=chart_cmap(kind))
    if kind == "code-by-attribute":
        table = compute_matrix(kind, codings, attribute=attribute, **options)
        return heatmap(table, **style, cmap=chart_cmap(kind))
    if kind == "network":
        table = compute_matrix("cooccurrence", codings, **options)
        return network_chart(table, **style)
    if kind == "obstacles":
        try:
            table = compute_matrix("code-by-attribute", codings, attribute=attribute, **options)
        except AnalysisError as exc:
            if "unknown attribute" not in exc.message:
                raise
            raise AnalysisError(f"the obstacles chart compares informant types by an attribute "
                                f"(-a, default informant_role); {exc.message}",
                                hint=exc.hint) from exc
        missing = [c for c in obstacles if c not in table.index]
        if missing:
            raise AnalysisError(f"no code {', '.join(missing)} to compare",
                                hint=f"known codes: {', '.join(map(str, table.index))}")
        split = table.loc[list(obstacles)].T
        split.index.name = attribute
        return stacked_bars(split, **style)
    counted = rolled(codings, codebook, segments=segments) if roll_up else codings
    profile = document_profile(counted, document or "", segments=segments, codebook=codebook)
    interviewer = None
    if segments is not None and "interviewer" in segments.columns:
        own = segments[segments["document"].astype(str) == document]
        interviewer = [bool(v) for v in own.sort_values("segment")["interviewer"]]
    return portrait_chart(profile, interviewer=interviewer, **style)


def register(app: typer.Typer) -> None:
    """Add the ``chart`` command to ``app``."""

    @app.command("chart")
    @command
    def chart(
        output: Annotated[Path, typer.Option(
            "--output", "-o", callback=suffix_of(CHART_SUFFIXES),
            help=f"Image file: {suffix_list(CHART_SUFFIXES)}, chosen by the suffix.")],
        kind: Annotated[str, typer.Option("--kind", "-k", help="One of: "
                                          + ", ".join(CHART_KINDS) + ".")] = "frequencies",
        attribute: AttrOpt = "informant_role",
        rows: RowsOpt = "role",
        columns: ColumnsOpt = "stage",
        document: Annotated[str | None, typer.Option("--document", "-d",
                                                     help="portrait: the document id.")] = None,
        window: WindowOpt = 0,
        roll_up: RollUpOpt = True,
        label_language: LabelLanguageOpt = None,
        title: Annotated[str | None, typer.Option(
            "--title", help="Title above the chart (default: the one analyze gives it, e.g. "
            "'Code co-occurrence (segments)'; '' for none).")] = None,
        dpi: Annotated[int, typer.Option("--dpi", min=72, max=1200,
                                         help="PNG resolution.")] = 150,
        codebook: CodebookOpt = None,
        segments: SegmentsOpt = None,
        codings: CodingsArg = None,
        project: AnalyseProjectOpt = None,
        status: StatusOpt = None,
        source: SourceOpt = None,
        coder: CoderOpt = None,
    ) -> None:
        """Draw one chart (frequencies, heatmaps, network, obstacles, document portrait) from a
        saved codings table, as analyze draws it (same roll-up, labels and title); the format
        follows the output's suffix.

        Example: qualcode chart results/codings.csv --kind network -c
        codebooks/case-management-bullying.yaml -o net.svg
        """
        from qualcode.report.charts import save_figure

        fmt = output.suffix.lower().lstrip(".")  # one of CHART_SUFFIXES: the option says so
        table, segs, book = load_table(codings, codebook, segments, project=project,
                                       status=status, source=source, coder=coder,
                                       label_language=label_language)
        print_issues(list(table.attrs.get("issues", ())), "Warnings:")
        figure = draw_chart(kind, table, segments=segs, codebook=book, attribute=attribute,
                            rows=rows, columns=columns, window=window, roll_up=roll_up,
                            document=document, language=label_language, title=title)
        save_figure(figure, output, formats=(fmt,), dpi=dpi)
