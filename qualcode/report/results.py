"""Writing a whole results folder: tables, workbook, charts, theme tables, report, provenance.

The folder is built beside its target and swapped in at the end
(:func:`qualcode.report.files.atomic_directory`), so a crash never leaves half a results folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.report.charts import (
    chart_cmap,
    chart_title,
    figure_bytes,
    frequency_chart,
    heatmap,
    network_chart,
    portrait_chart,
    stacked_bars,
)
from qualcode.report.docx_report import write_theme_docx
from qualcode.report.drawing import ChartSpec, render_charts
from qualcode.report.files import atomic_directory, write_bytes
from qualcode.report.html import write_html_report
from qualcode.report.markdown import write_theme_markdown
from qualcode.report.provenance import write_provenance
from qualcode.report.tabular import write_csv
from qualcode.report.xlsx import flat_table, write_workbook

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from qualcode.analysis.bundle import Analysis

__all__ = [
    "build_charts",
    "chart_specs",
    "file_stem",
    "write_report",
    "write_results",
    "write_tables",
]

_UNSAFE = re.compile(r"[^\w.-]+")  # letters and digits of any script stay
_DEVICE = re.compile(r"(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?", re.IGNORECASE)
_HTML_TABLES = ("frequencies", "code_by_case", "code_by_document")


def file_stem(name: str, taken: set[str] | None = None) -> str:
    """``name`` as a safe file name stem (letters and digits of any script, ``._-``, not
    starting with ``.``, ``_`` or ``-``; at most 80 characters).

    Ids from the data (document, code and case ids, attribute names) become file names this
    way, so ``../../x``, ``a/b`` or ``CON`` can never write outside the chosen folder or name
    a Windows device, and ``-x`` is never read as a shell option; ``café`` stays ``café``.

    Args:
        name: The raw name.
        taken: Stems already used in the folder (compared case-insensitively); the result is
            numbered when it would collide, and added.
    """
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).lstrip("._-").rstrip("._")
    stem = (cleaned or "table")[:80]
    if _DEVICE.fullmatch(stem):
        stem += "_"
    if taken is not None:
        base, number = stem, 2
        while stem.casefold() in taken:
            stem = f"{base}_{number}"
            number += 1
        taken.add(stem.casefold())
    return stem


def _language(analysis: Analysis) -> str | None:
    book = analysis.codebook
    return analysis.options.language or (book.languages[0] if book and book.languages else None)


def chart_specs(analysis: Analysis, *, portraits: bool = True) -> dict[str, ChartSpec]:
    """The standard charts of an analysis, not yet drawn: file stem -> chart.

    Frequencies, code x document and code x case heatmaps, each attribute crosstab's counts,
    each dimension matrix, the co-occurrence heatmap and network, the obstacles per informant
    type, and (with ``portraits``) one portrait per coded document under ``portraits/``.
    """
    book, lang = analysis.codebook, _language(analysis)
    style = {"codebook": book, "language": lang}
    tables = analysis.tables
    charts: dict[str, ChartSpec] = {}
    charts["code_frequencies"] = ChartSpec(
        "Code frequencies (codings) by dimension", frequency_chart, (tables["frequencies"],),
        {**style, "title": chart_title("frequencies")})
    for name in ("code_by_document", "code_by_case"):
        kind = name.replace("_", "-")
        caption = chart_title(kind)
        charts[name] = ChartSpec(caption, heatmap, (tables[name],),
                                 {**style, "title": caption, "cmap": chart_cmap(kind)})
    for name, table in tables.items():
        if name.startswith("code_by_") and name not in charts and \
                not name.endswith("_presence") and any(str(c).startswith("count:")
                                                       for c in table.columns):
            counts = table[[c for c in table.columns
                            if str(c).startswith("count:") and c != "count:total"]]
            counts = counts.rename(columns=lambda c: str(c).split(":", 1)[1])
            counts.columns.name = name.removeprefix("code_by_")
            caption = chart_title("code-by-attribute", attribute=counts.columns.name)
            charts[name] = ChartSpec(caption, heatmap, (counts,), {
                **style, "title": caption, "cmap": chart_cmap("code-by-attribute")})
    for rows, columns in _pairs(analysis):
        name = f"{rows}_by_{columns}"
        caption = chart_title("dimension", rows=rows, columns=columns, **style)
        charts[name] = ChartSpec(caption, heatmap, (tables[name],),
                                 {**style, "title": caption, "cmap": chart_cmap("dimension")})
    matrix = tables["cooccurrence_matrix"]
    caption = chart_title("cooccurrence")
    charts["cooccurrence"] = ChartSpec(
        caption, heatmap, (matrix,), {**style, "cmap": chart_cmap("cooccurrence"),
                                      "title": caption})
    caption = chart_title("network")
    charts["cooccurrence_network"] = ChartSpec(
        caption, network_chart, (matrix,), {**style, "title": caption})
    if analysis.obstacles is not None:
        caption = chart_title("obstacles", attribute=analysis.attribute)
        charts[f"obstacles_by_{analysis.attribute}"] = ChartSpec(
            caption, stacked_bars, (analysis.obstacles,), {**style, "title": caption})
    if portraits:
        interviewer = _interviewer_turns(analysis)
        for doc, profile in analysis.profiles.items():
            charts[f"portraits/{doc}"] = ChartSpec(
                f"Document portrait: {doc}", portrait_chart, (profile,),
                {**style, "title": chart_title("portrait", document=doc),
                 "interviewer": interviewer.get(doc)})
    return _safe_stems(charts)


def build_charts(analysis: Analysis, *, portraits: bool = True) -> dict[str, tuple[str, Figure]]:
    """The standard charts of an analysis, drawn: file stem -> (caption, figure) (see
    :func:`chart_specs`)."""
    return {stem: (spec.caption, spec.figure())
            for stem, spec in chart_specs(analysis, portraits=portraits).items()}


def _safe_stems(charts: dict[str, ChartSpec]) -> dict[str, ChartSpec]:
    """The charts under file stems made safe and unique (portraits in their own folder)."""
    taken: dict[str, set[str]] = {"": set(), "portraits/": set()}
    out: dict[str, ChartSpec] = {}
    for key, value in charts.items():
        folder = "portraits/" if key.startswith("portraits/") else ""
        out[folder + file_stem(key.removeprefix(folder), taken[folder])] = value
    return out


def _pairs(analysis: Analysis) -> list[tuple[str, str]]:
    found = []
    for name in analysis.tables:
        if "_by_" in name and not name.startswith("code_by_") and "_window_" not in name:
            rows, columns = name.split("_by_", 1)
            found.append((rows, columns))
    return found


def _interviewer_turns(analysis: Analysis) -> dict[str, list[bool]]:
    segments = analysis.segments
    if segments is None or "interviewer" not in segments.columns:
        return {}
    result: dict[str, list[bool]] = {}
    for doc, flag in zip(segments["document"], segments["interviewer"], strict=True):
        result.setdefault(str(doc), []).append(str(flag).lower() in ("true", "1"))
    return result


def _write_tables(analysis: Analysis, folder: Path, step: Callable[[str], None]) -> None:
    provenance = dict(analysis.provenance or {})
    step("Writing tables")
    taken: set[str] = set()
    for name, table in analysis.tables.items():
        write_csv(flat_table(table), folder / f"{file_stem(name, taken)}.csv")
    step("Writing tables.xlsx")
    write_workbook(folder / "tables.xlsx", analysis.tables, codebook=analysis.codebook,
                   provenance=provenance, language=_language(analysis))
    write_provenance(provenance, folder / "provenance.json")


def write_tables(
    analysis: Analysis, folder: str | Path, *, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Write one CSV per table, ``tables.xlsx`` and ``provenance.json`` into ``folder``,
    replacing it atomically.

    Returns:
        The written files, sorted.

    Raises:
        OutputError: If the folder cannot be written.
    """
    folder = Path(folder)
    atomic_directory(folder, lambda tmp: _write_tables(analysis, tmp, progress or (lambda _: None)))
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _title(analysis: Analysis, title: str) -> str:
    """``title``, else the codebook's title in the language of the labels."""
    book = analysis.codebook
    if title:
        return title
    return f"{book.title_in(_language(analysis)) or book.name} — results" if book else \
        "qualcode results"


def _report_tables(analysis: Analysis) -> dict[str, pd.DataFrame]:
    tables = analysis.tables
    shown = {name: tables[name] for name in _HTML_TABLES if name in tables}
    for name in tables:
        if name.startswith("code_by_") and name not in shown and "presence" not in name:
            shown[name] = tables[name]
    for rows, columns in _pairs(analysis):
        shown[f"{rows}_by_{columns}"] = tables[f"{rows}_by_{columns}"]
    shown["cooccurrence"] = tables["cooccurrence"]
    return shown


def write_report(
    analysis: Analysis,
    target: str | Path,
    *,
    title: str = "",
    charts: Mapping[str, tuple[str, bytes]] | None = None,
    portraits: bool = False,
) -> Path:
    """Write the self-contained HTML report of ``analysis`` to ``target``, atomically.

    Args:
        analysis: The analysis.
        target: The ``.html`` file.
        title: Report title (default: from the codebook).
        charts: Caption -> (format, bytes) of charts already drawn; drawn here when ``None``.
        portraits: When drawing here, include the document portraits.

    Returns:
        ``target``.
    """
    if charts is None:
        charts = {caption: ("svg", figure_bytes(figure, "svg"))
                  for caption, figure in build_charts(analysis, portraits=portraits).values()}
    return write_html_report(target, title=_title(analysis, title),
                             tables=_report_tables(analysis), charts=charts,
                             theme=analysis.theme, quotes=analysis.representative,
                             attribute=analysis.attribute, provenance=dict(analysis.provenance))


def write_results(
    analysis: Analysis,
    folder: str | Path,
    *,
    charts: bool = True,
    portraits: bool = True,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 150,
    title: str = "",
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Write every output of ``analysis`` into ``folder``, replacing it atomically.

    Writes one CSV per table, ``tables.xlsx``, ``charts/*.png`` and ``.svg`` (portraits under
    ``charts/portraits/``), ``theme_table.docx``, ``theme_table.md``, ``report.html`` and
    ``provenance.json`` (from ``analysis.provenance``).

    Args:
        analysis: The analysis (e.g. from :func:`qualcode.pipeline.analyze`).
        folder: The results folder; an existing one is replaced as a whole.
        charts: Draw the charts.
        portraits: Draw one portrait per document.
        formats: Chart file formats.
        dpi: Resolution of PNG charts.
        title: Report title (default: from the codebook).
        progress: Called with a short label before each step.
        jobs: Processes that draw the charts (``None``: one per core, at most
            :data:`~qualcode.report.drawing.MAX_AUTO_JOBS`; 1: this process). The files are
            the same either way.

    Returns:
        The written files, under ``folder``, sorted.

    Raises:
        OutputError: If the folder cannot be written.
    """
    folder = Path(folder)
    step = progress or (lambda label: None)
    heading = _title(analysis, title)

    def build(tmp: Path) -> None:
        _write_tables(analysis, tmp, step)
        embedded: dict[str, tuple[str, bytes]] = {}
        if charts:
            step("Drawing charts")
            # the report embeds SVG even when the folder gets none
            wanted = tuple(dict.fromkeys((*formats, "svg")))
            for stem, spec, rendered in render_charts(
                    chart_specs(analysis, portraits=portraits), wanted, dpi=dpi, jobs=jobs):
                step(f"Drawing {stem}")
                for fmt in formats:
                    write_bytes(tmp / "charts" / f"{stem}.{fmt}", rendered[fmt])
                embedded[spec.caption] = ("svg", rendered["svg"])
        step("Writing theme tables")
        common: dict[str, Any] = {"title": f"{heading}: theme table",
                                  "attribute": analysis.attribute,
                                  "provenance": dict(analysis.provenance)}
        write_theme_docx(tmp / "theme_table.docx", analysis.theme, analysis.representative,
                         **common)
        write_theme_markdown(tmp / "theme_table.md", analysis.theme, analysis.representative,
                             **common)
        step("Writing report.html")
        write_report(analysis, tmp / "report.html", title=heading, charts=embedded)

    atomic_directory(folder, build)
    return sorted(p for p in folder.rglob("*") if p.is_file())
