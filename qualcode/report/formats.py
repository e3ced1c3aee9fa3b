"""The kinds of file each writer makes, by the output's suffix.

One list per writer: the writer dispatches on it, and the command line states it in each
command's help and refuses any other suffix before any work. The module imports nothing, so the
command line can read it without slowing ``qualcode --help``.
"""

from __future__ import annotations

__all__ = [
    "BACKUP_SUFFIXES",
    "CHART_SUFFIXES",
    "CODEBOOK_SUFFIXES",
    "CODINGS_CSV_SUFFIXES",
    "DISAGREEMENT_SUFFIXES",
    "FILE_SUFFIXES",
    "PARQUET_SUFFIXES",
    "QDC_SUFFIXES",
    "QDPX_SUFFIXES",
    "REPORT_SUFFIXES",
    "REVIEW_SUFFIXES",
    "TABLE_SUFFIXES",
    "THEME_SUFFIXES",
]

TABLE_SUFFIXES = (".csv", ".xlsx")
"""One table: CSV, or a workbook (:func:`qualcode.report.sheets.write_table`)."""

CODINGS_CSV_SUFFIXES = (".csv",)
"""The codings table written while files stream past (:func:`qualcode.code_files`)."""

PARQUET_SUFFIXES = (".parquet",)
"""A folder of Parquet parts (:func:`qualcode.distributed.code_distributed`)."""

CHART_SUFFIXES = (".png", ".svg", ".pdf")
"""A chart (:func:`qualcode.report.charts.save_figure`)."""

THEME_SUFFIXES = (".docx", ".md")
"""The theme table: Word or Markdown."""

REPORT_SUFFIXES = (".html", ".htm")
"""The HTML report."""

DISAGREEMENT_SUFFIXES = (".xlsx", ".html", ".htm")
"""The adjudication report: a workbook to fill in, or a page to read."""

REVIEW_SUFFIXES = (".xlsx",)
"""The review workbook of a project."""

QDPX_SUFFIXES = (".qdpx",)
"""A REFI-QDA project (a zip archive, which NVivo, ATLAS.ti and MAXQDA open by this suffix)."""

QDC_SUFFIXES = (".qdc",)
"""A REFI-QDA codebook."""

CODEBOOK_SUFFIXES = (".yaml", ".yml")
"""A codebook."""

BACKUP_SUFFIXES = (".db",)
"""A copy of a project's database (SQLite)."""

FILE_SUFFIXES = frozenset({
    *TABLE_SUFFIXES, *CHART_SUFFIXES, *THEME_SUFFIXES, *REPORT_SUFFIXES,
    *DISAGREEMENT_SUFFIXES, *QDPX_SUFFIXES, *QDC_SUFFIXES, *CODEBOOK_SUFFIXES,
    *BACKUP_SUFFIXES, ".json", ".txt", ".zip",
})
"""Suffixes that name a file qualcode writes, never a folder: a folder output named so is a
mistake (``analyze -o results.xlsx``)."""
