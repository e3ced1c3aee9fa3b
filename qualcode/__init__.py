"""qualcode: qualitative research analysis from Python and the command line.

The public API is importable from here. Names are resolved lazily, so ``import qualcode`` stays
light (no pandas, spaCy, matplotlib or python-docx until a function needs them).

Example:
    >>> import qualcode
    >>> corpus = qualcode.load_corpus(["transcripts/"])  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from qualcode._version import __version__
from qualcode.errors import (
    AnalysisError,
    CasesError,
    CodebookError,
    CodingsError,
    ExchangeError,
    InputError,
    Issue,
    OutputError,
    ProjectError,
    QualcodeError,
)
from qualcode.model import Case, Code, Codebook, Coding, Corpus, Dimension, Document, Rule, Segment

# Public name -> module that defines it; extended as capabilities land.
_LAZY: dict[str, str] = {
    "load_corpus": "qualcode.corpus",
    "build_corpus": "qualcode.corpus",
    "load_documents": "qualcode.io.loader",
    "read_file": "qualcode.io.readers",
    "read_cases": "qualcode.io.cases",
    "ReadOptions": "qualcode.io.options",
    "segment_document": "qualcode.segment",
    "split_sentences": "qualcode.segment",
    "detect_language": "qualcode.segment",
    "segments_table": "qualcode.tables",
    "codings_table": "qualcode.tables",
    "load_codebook": "qualcode.io.codebook",
    "validate_codebook": "qualcode.io.codebook",
    "parse_codebook": "qualcode.io.codebook",
    "check_codebook_examples": "qualcode.io.codebook_examples",
    "compile_codebook": "qualcode.coding.matcher",
    "apply_codebook": "qualcode.coding.engine",
    "code_files": "qualcode.stream",
    "CodeSummary": "qualcode.stream",
    "code_distributed": "qualcode.distributed",
    "analyze_distributed": "qualcode.distributed",
    "read_codings_parquet": "qualcode.distributed",
    "code_document": "qualcode.coding.engine",
    "count_rule_hits": "qualcode.coding.engine",
    "agreement": "qualcode.analysis.agreement",
    "agreement_wide": "qualcode.analysis.agreement",
    "reliability": "qualcode.analysis.reliability",
    "reliability_data": "qualcode.analysis.reliability",
    "percent_agreement": "qualcode.analysis.reliability",
    "cohen_kappa": "qualcode.analysis.reliability",
    "fleiss_kappa": "qualcode.analysis.reliability",
    "krippendorff_alpha": "qualcode.analysis.reliability",
    "brennan_prediger": "qualcode.analysis.reliability",
    "gwet_ac1": "qualcode.analysis.reliability",
    "bootstrap_alpha": "qualcode.analysis.reliability",
    "evaluate": "qualcode.analysis.evaluate",
    "evaluate_eval_set": "qualcode.analysis.evalset",
    "find_disagreements": "qualcode.analysis.adjudication",
    "adjudicate": "qualcode.analysis.adjudication",
    "read_codings_files": "qualcode.io.coded_tables",
    "read_eval_set": "qualcode.io.coded_tables",
    "read_adjudication_report": "qualcode.io.coded_tables",
    "write_disagreement_report": "qualcode.report.adjudication",
    "export_qdc": "qualcode.exchange.qdc",
    "read_qdc": "qualcode.exchange.qdc",
    "export_qdpx": "qualcode.exchange.qdpx_write",
    "export_project_qdpx": "qualcode.project.exchange",
    "read_qdpx": "qualcode.exchange.qdpx_read",
    "import_qdpx": "qualcode.exchange.importer",
    "import_qdc": "qualcode.exchange.importer",
    "QdpxProject": "qualcode.exchange.qdpx_model",
    "Project": "qualcode.project.core",
    "init_project": "qualcode.project.core",
    "open_project": "qualcode.project.core",
    "project_codings": "qualcode.project.core",
    "project_codings_table": "qualcode.project.core",
    "project_tables": "qualcode.project.core",
    "add_documents": "qualcode.project.documents",
    "remove_documents": "qualcode.project.remove",
    "autocode": "qualcode.project.autocode",
    "import_codings": "qualcode.project.importcsv",
    "read_markup": "qualcode.project.markup",
    "strip_markup": "qualcode.project.markup",
    "load_markup": "qualcode.project.markup",
    "export_review": "qualcode.project.review",
    "import_review": "qualcode.project.review",
    "decide": "qualcode.project.decisions",
    "add_memo": "qualcode.project.memos",
    "list_memos": "qualcode.project.memos",
    "memos_table": "qualcode.project.memos",
    "backup_project": "qualcode.project.backup",
    "restore_project": "qualcode.project.backup",
    "check_project": "qualcode.project.check",
    "analyze": "qualcode.pipeline",
    "analyze_corpus": "qualcode.pipeline",
    "analyze_table": "qualcode.pipeline",
    "read_inputs": "qualcode.pipeline",
    "write_results": "qualcode.report.results",
    "write_tables": "qualcode.report.results",
    "write_report": "qualcode.report.results",
    "build_charts": "qualcode.report.results",
    "read_codings": "qualcode.io.codings",
    "read_segments": "qualcode.io.codings",
    "Analysis": "qualcode.analysis.bundle",
    "AnalysisOptions": "qualcode.analysis.bundle",
    "analyze_codings": "qualcode.analysis.bundle",
    "roll_up": "qualcode.analysis.rollup",
    "code_by_document": "qualcode.analysis.matrices",
    "code_by_case": "qualcode.analysis.matrices",
    "code_by_attribute": "qualcode.analysis.crosstab",
    "attribute_crosstab": "qualcode.analysis.crosstab",
    "cooccurrence": "qualcode.analysis.cooccurrence",
    "cooccurrence_table": "qualcode.analysis.cooccurrence",
    "dimension_matrix": "qualcode.analysis.cooccurrence",
    "code_frequencies": "qualcode.analysis.frequencies",
    "code_quotes": "qualcode.analysis.quotes",
    "representative_quotes": "qualcode.analysis.quotes",
    "theme_table": "qualcode.analysis.theme",
    "document_profile": "qualcode.analysis.portrait",
    "heatmap": "qualcode.report.charts",
    "frequency_chart": "qualcode.report.charts",
    "stacked_bars": "qualcode.report.charts",
    "network_chart": "qualcode.report.charts",
    "portrait_chart": "qualcode.report.charts",
    "save_figure": "qualcode.report.charts",
    "write_workbook": "qualcode.report.xlsx",
    "write_theme_docx": "qualcode.report.docx_report",
    "theme_markdown": "qualcode.report.markdown",
    "write_theme_markdown": "qualcode.report.markdown",
    "render_html_report": "qualcode.report.html",
    "write_html_report": "qualcode.report.html",
    "build_provenance": "qualcode.report.provenance",
}

__all__ = [
    "AnalysisError",
    "Case",
    "CasesError",
    "Code",
    "Codebook",
    "CodebookError",
    "Coding",
    "CodingsError",
    "Corpus",
    "Dimension",
    "Document",
    "ExchangeError",
    "InputError",
    "Issue",
    "OutputError",
    "ProjectError",
    "QualcodeError",
    "Rule",
    "Segment",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qualcode' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
