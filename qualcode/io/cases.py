"""The cases table: one row per case (informant) with its attributes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from qualcode.errors import CasesError, InputError, Issue
from qualcode.io.csvrows import check_widths, csv_rows, declared_delimiter, sniff_dialect
from qualcode.io.surveys import extra_header_rows
from qualcode.io.text import read_text_file
from qualcode.model import Case, Document, frozen_mapping

__all__ = ["CASE_ID_COLUMNS", "assign_cases", "case_by_document", "read_cases"]

CASE_ID_COLUMNS = ("case", "case_id", "id", "informant")
DOCUMENT_COLUMNS = ("document", "document_id", "file")


# The non-blank rows of a cases table: (file line or sheet row, cells), the header first.
_Rows = list[tuple[int, list[str]]]


def _rows_from_csv(path: Path) -> _Rows:
    text = read_text_file(path).text
    text, dialect = declared_delimiter(text) or (text, sniff_dialect(text))
    rows = [(line, row) for line, row in csv_rows(text, path, dialect, error=CasesError)
            if any(c.strip() for c in row)]
    if not rows:
        raise CasesError("the cases table is empty", path=path)
    check_widths(rows, path, dialect.delimiter, error=CasesError)
    extra = extra_header_rows([row for _, row in rows[:3]])
    return rows[:1] + rows[1 + extra:]


def _rows_from_xlsx(path: Path, id_column: str | None) -> _Rows:
    """The rows of the first sheet, merged ranges filled except in the case id column."""
    from qualcode.io.tables import xlsx_sheet_rows

    def unfilled(header: list[str]) -> tuple[int, ...]:
        index = _id_index([h.strip() for h in header], id_column)
        return () if index is None else (index,)

    header, rows = xlsx_sheet_rows(path, unfilled=unfilled)
    return [(1, header)] + [(number, [("" if v is None else str(v)) for v in row])
                            for number, row in rows]


def _check_columns(header: list[str], path: Path, line: int) -> None:
    """Refuse a column name that appears twice: one of the columns' values would be lost."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name in seen:
            raise CasesError(
                f"the column name {name!r} appears twice in the cases table (columns "
                f"{seen[name]} and {i})",
                path=path,
                line=line,
                hint="give every column a different name",
            )
        if name:
            seen[name] = i


def _id_index(header: list[str], id_column: str | None) -> int | None:
    """The case id column: ``id_column``, else the first of :data:`CASE_ID_COLUMNS` (in any
    case); ``None`` if there is none."""
    if id_column is not None:
        return header.index(id_column) if id_column in header else None
    lowered = [h.casefold() for h in header]
    return next((lowered.index(c) for c in CASE_ID_COLUMNS if c in lowered), None)


def _value(text: str) -> Any:
    from qualcode.io.tables import typed_text

    return typed_text(text.strip())


def read_cases(path: str | Path, *, id_column: str | None = None) -> tuple[Case, ...]:
    """Read a cases table (CSV or XLSX).

    Args:
        path: The table. Its id column is ``id_column`` or the first of ``case``, ``case_id``,
            ``id``, ``informant``; a ``document`` column, if present, maps documents to cases.
        id_column: Name of the case id column.

    Returns:
        The cases in table order; numeric-looking values become numbers.

    Raises:
        CasesError: If the table has no id column, a column name twice, an empty or duplicate
            id.
        InputError: If the file cannot be read.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("cases table not found", path=path, hint="check the --cases path")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        (header_line, header), *rows = _rows_from_xlsx(path, id_column)
    elif suffix in (".csv", ".tsv", ".txt"):
        (header_line, header), *rows = _rows_from_csv(path)
    else:
        raise CasesError(
            f"unsupported cases table type {suffix!r}", path=path, hint="use a .csv or .xlsx file"
        )
    header = [h.strip() for h in header]
    _check_columns(header, path, header_line)
    id_index = _id_index(header, id_column)
    if id_index is None and id_column is not None:
        raise CasesError(
            f"no column {id_column!r} in the cases table",
            path=path,
            line=header_line,
            hint=f"columns are: {', '.join(header)}",
        )
    if id_index is None:
        raise CasesError(
            "the cases table has no case id column",
            path=path,
            line=header_line,
            hint=f"name one column 'case' (columns are: {', '.join(header)})",
        )
    cases: list[Case] = []
    seen: dict[str, int] = {}
    unit = "row" if suffix == ".xlsx" else "line"
    for line, row in rows:
        row = row + [""] * (len(header) - len(row))
        case_id = row[id_index].strip()
        if not case_id:
            raise CasesError("a row has an empty case id", path=path, line=line)
        if case_id in seen:
            raise CasesError(
                f"case id {case_id!r} appears twice (first on {unit} {seen[case_id]})",
                path=path,
                line=line,
                hint="give each case one row",
            )
        seen[case_id] = line
        attrs = {
            header[i]: _value(row[i])
            for i in range(len(header))
            if i != id_index and header[i]
        }
        cases.append(Case(case_id, frozen_mapping(attrs)))
    return tuple(cases)


def case_by_document(cases: Iterable[Case]) -> dict[str, str]:
    """Document id -> case id, from the cases table's ``document`` column (or
    ``document_id``/``file``); one cell may name several documents, ``;``-separated.

    Args:
        cases: The cases, as :func:`read_cases` returns them.

    Returns:
        The case id of every document the table names (a later row wins).
    """
    by_document: dict[str, str] = {}
    for case in cases:
        for col in DOCUMENT_COLUMNS:
            value = case.attributes.get(col)
            if value not in (None, ""):
                for doc_id in str(value).split(";"):
                    by_document[doc_id.strip()] = case.id
    return by_document


def _disagreements(doc: Document, case: Case) -> list[Issue]:
    """W203 for each attribute the document's front matter and its case's row both give, with
    different values (empty cells do not count)."""
    out = []
    for key, value in case.attributes.items():
        mine = doc.attributes.get(key)
        if mine is None or key == "case" or not str(value).strip() or not str(mine).strip():
            continue
        if str(mine).strip() != str(value).strip():
            out.append(Issue(
                "W203", f"{key} of document {doc.id!r} is {mine!r} in its front matter but "
                f"{value!r} for case {case.id!r} in the cases table; the cases table's value is "
                "used", path=doc.source or None, severity="warning",
                hint="correct one of them, or remove the attribute from the front matter"))
    return out


def assign_cases(
    documents: Sequence[Document], cases: Sequence[Case]
) -> tuple[tuple[Document, ...], tuple[Case, ...], tuple[Issue, ...]]:
    """Join documents to cases.

    A document's case is its front matter ``case:``; otherwise a cases-table row whose
    ``document`` column names the document. Cases named only in front matter are added (without
    attributes) after the table's cases.

    Returns:
        The documents (with ``case`` set where the table gave it), the cases, and warnings for
        case ids unknown to the table and table cases no document uses.
    """
    by_document = case_by_document(cases)
    known = {c.id for c in cases}
    table = {c.id: c for c in cases}
    out_docs: list[Document] = []
    extra: list[Case] = []
    warnings: list[Issue] = []
    used: set[str] = set()
    for doc in documents:
        case_id = doc.case
        if case_id is None and doc.id in by_document:
            attrs = dict(doc.attributes)
            attrs["case"] = case_id = by_document[doc.id]
            doc = Document(doc.id, doc.text, doc.source, doc.format, frozen_mapping(attrs),
                           doc.turns, doc.offset)
        out_docs.append(doc)
        if case_id is None:
            continue
        used.add(case_id)
        if case_id in table:
            warnings.extend(_disagreements(doc, table[case_id]))
        if case_id not in known:
            known.add(case_id)
            extra.append(Case(case_id))
            if cases:
                warnings.append(
                    Issue(
                        "W201",
                        f"case {case_id!r} of document {doc.id!r} is not in the cases table",
                        path=doc.source or None,
                        hint="add a row for it to the cases table, or fix the document's case:",
                        severity="warning",
                    )
                )
    for case in cases:
        if case.id not in used:
            warnings.append(
                Issue(
                    "W202",
                    f"case {case.id!r} in the cases table has no document",
                    hint="check the spelling of 'case:' in its documents' front matter",
                    severity="warning",
                )
            )
    return tuple(out_docs), tuple(cases) + tuple(extra), tuple(warnings)
