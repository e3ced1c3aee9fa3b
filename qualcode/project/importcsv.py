"""Importing manual codings from a CSV file: document, quote (or start/end), code, coder, status,
memo.

Quotes are located in the document's text exactly, else tolerantly (whitespace runs, curly or
straight quotes, case); a ``start`` column, when present beside the quote, picks the nearest
occurrence. Rows that cannot be placed are reported with their CSV line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import Issue, IssueCollector, ProjectError
from qualcode.io.codebook_checks import did_you_mean
from qualcode.project.anchor import find_quote
from qualcode.project.codings import new_coding_row
from qualcode.project.core import SOURCES, STATUSES, Project, require_project
from qualcode.project.rows import CodingRow
from qualcode.project.store import now

__all__ = ["CSV_COLUMNS", "ImportReport", "import_codings"]

CSV_COLUMNS = ("document", "quote", "start", "end", "code", "coder", "status", "memo")
_ALIASES = {"text": "quote", "document_id": "document", "code_id": "code"}


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What :func:`import_codings` did.

    Attributes:
        path: The CSV file.
        rows: Data rows read.
        added: Codings added.
        duplicates: Rows whose coding was already in the project (skipped).
        decided: Rows whose coding was in the project with another status, now set to the
            row's ``status`` (a codings table's decisions edited and imported back).
        tolerant: Added rows whose quote was found only tolerantly.
        memos: Memos added.
        problems: Rows that could not be imported, and warnings (with CSV line numbers).
    """

    path: str
    rows: int
    added: int
    duplicates: int
    tolerant: int
    memos: int
    problems: tuple[Issue, ...]
    decided: int = 0


def _rows(path: Path) -> tuple[list[str], dict[str, int], list[tuple[int, list[str]]]]:
    from qualcode.io.csvrows import csv_rows, sniff_dialect
    from qualcode.io.text import read_text_file

    text = read_text_file(path).text
    rows = csv_rows(text, path, sniff_dialect(text), error=ProjectError)
    if not rows:
        raise ProjectError("the codings file is empty", path=path)
    header = {}
    for i, name in enumerate(rows[0][1]):
        key = name.strip().casefold()
        header.setdefault(_ALIASES.get(key, key), i)
    missing = [c for c in ("document", "code") if c not in header]
    if "quote" not in header and not {"start", "end"} <= set(header):
        missing.append("quote (or start and end)")
    if missing:
        raise ProjectError(
            f"the codings file lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}", path=path, line=1,
            hint=f"columns are: {', '.join(CSV_COLUMNS)}; found: {', '.join(rows[0][1])}")
    return rows[0][1], header, [(n, r) for n, r in rows[1:] if any(c.strip() for c in r)]


def _unread_columns(names: list[str], header: dict[str, int], issues: IssueCollector) -> None:
    """Warn once about columns the import does not read (a codings table's rule, match ...)."""
    used = {header[c] for c in CSV_COLUMNS if c in header}
    unread = [n.strip() for i, n in enumerate(names) if i not in used and n.strip()]
    if unread:
        issues.add("I107", f"columns not read: {', '.join(unread)}", line=1, severity="warning",
                   hint=f"the import reads {', '.join(CSV_COLUMNS)}")


def _int(value: str) -> int | None:
    """A whole number as a cell holds it: ``100``, or ``100.0`` as spreadsheets and pandas
    write whole numbers of a column with gaps; ``None`` for anything else."""
    try:
        return int(value.strip())
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def import_codings(
    project: Project,
    path: str | Path,
    *,
    source: str = "manual",
    strict: bool = False,
) -> ImportReport:
    """Add the codings listed in a CSV file to the project.

    Args:
        project: The open project.
        path: CSV with columns ``document``, ``code``, ``quote`` (or ``start`` and ``end``),
            optionally ``coder`` (default: the project's user), ``status`` (``accepted`` when
            empty or missing; ``rejected`` codings stay rejected, as in a project's codings
            table) and ``memo``. Other columns are not read (warning ``I107``).
        source: ``manual`` (default) or ``imported``.
        strict: Import nothing if any row has a problem.

    Returns:
        Counts, and each row that could not be imported with its line number.

    Raises:
        ProjectError: If the file lacks columns, ``source`` is unknown, or (``strict``) any
            row has a problem.
    """
    project = require_project(project, "import_codings")
    if source not in SOURCES or source == "auto":
        raise ProjectError(f"unknown source {source!r} for imported codings",
                           hint="use manual or imported")
    path = Path(path)
    names, header, rows = _rows(path)
    issues = IssueCollector(path=str(path))
    known = project.known_codes()
    store = project.store
    # Reading what exists and writing the new rows happen in one transaction, so two imports
    # running at once cannot both add the same coding.
    with store.transaction():
        placed = _place(project, header, rows, source, known, issues)
        _unread_columns(names, header, issues)
        if strict and issues.errors:
            issues.raise_if_errors(ProjectError, f"nothing imported from {path.name}")
        store.insert_codings(placed.rows, action="coding.import")
        for key, memo in placed.memos:
            store.add_memo("coding", key, memo)
        for key, status in placed.decisions:
            store.update_coding(key, action="coding.decide", status=status,
                                decided_by=project.user, decided_at=now())
        store.log("import.codings", str(path), {
            "added": len(placed.rows), "duplicates": placed.duplicates,
            "decided": len(placed.decisions),
            "problems": len(issues.errors)})
    return ImportReport(str(path), len(rows), len(placed.rows), placed.duplicates,
                        placed.tolerant, len(placed.memos), tuple(issues.issues),
                        len(placed.decisions))


@dataclass(slots=True)
class _Placed:
    rows: list[CodingRow] = field(default_factory=list)
    memos: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    decisions: list[tuple[str, str]] = field(default_factory=list)
    tolerant: int = 0


def _place(project: Project, header: dict[str, int], rows: list[tuple[int, list[str]]],
           source: str, known: frozenset[str] | None, issues: IssueCollector) -> _Placed:
    from qualcode.report.safety import unsafe_cell

    texts = {d.id: d.text for d in project.store.documents()}
    # natural key -> its stored coding (None once this import has placed or decided it)
    taken: dict[tuple[str, int, int, str, str], CodingRow | None] = {
        (r.document, r.start, r.end, r.code, r.coder): r
        for r in project.store.codings(orphaned=False)}

    def cell(row: list[str], name: str) -> str:
        i = header.get(name)
        return str(unsafe_cell(row[i])).strip() if i is not None and i < len(row) else ""

    out = _Placed()
    seen: dict[tuple[str, int, int, str, str], tuple[int, str]] = {}  # first line, status
    for line, row in rows:
        doc, code = cell(row, "document"), cell(row, "code")
        quote = str(unsafe_cell(row[header["quote"]])) if "quote" in header and \
            header["quote"] < len(row) else ""
        start, end = _int(cell(row, "start")), _int(cell(row, "end"))
        if doc not in texts:
            guess = did_you_mean(doc, texts)
            issues.add("I101", f"unknown document {doc!r}", line=line,
                       hint=f"did you mean {guess!r}?" if guess else
                       "add it with 'qualcode add' first")
            continue
        if not code or (known is not None and code not in known):
            guess = did_you_mean(code, sorted(known or ()))
            issues.add("I102", f"unknown code {code!r}", line=line,
                       hint=f"did you mean {guess!r}?" if guess else
                       f"known codes: {', '.join(sorted(known or ()))}")
            continue
        text = texts[doc]
        if quote.strip():
            found = find_quote(text, quote, near=start)
            if found is None:
                short = " ".join(quote.split())
                short = short if len(short) <= 60 else short[:57] + "..."
                issues.add("I103", f"quote not found in {doc!r}: {short!r}", line=line,
                           hint="copy the passage from the document's text")
                continue
            if found.count > 1 and start is None:
                issues.add("I104", f"the quote occurs {found.count} times in {doc!r}; the first "
                           "was coded", line=line, severity="warning",
                           hint="add a start column to pick another occurrence")
            out.tolerant += found.how == "tolerant"
            start, end = found.start, found.end
        elif start is None or end is None or not 0 <= start < end <= len(text):
            issues.add("I105", f"no quote and no valid start/end for {doc!r} "
                       f"(its text has {len(text)} characters)", line=line,
                       hint="give the quoted passage, or 0 <= start < end <= length")
            continue
        status = cell(row, "status").casefold() or "accepted"
        if status not in STATUSES:
            issues.add("I106", f"unknown status {cell(row, 'status')!r}", line=line,
                       hint=f"use {', '.join(STATUSES)}, or leave it empty for accepted")
            continue
        coder = cell(row, "coder") or project.user
        natural = (doc, start, end, code, coder)
        first = seen.get(natural)
        if first is not None and first[1] != status and cell(row, "status"):
            issues.add("I108", f"the same coding is listed again with status {status!r} (line "
                       f"{first[0]} says {first[1]!r})", line=line,
                       hint="keep one row per coding")
            continue
        seen.setdefault(natural, (line, status))
        if natural in taken:
            existing = taken[natural]
            if existing is not None and cell(row, "status") and existing.status != status:
                out.decisions.append((existing.key, status))  # a decision edited in the table
                taken[natural] = None
            else:
                out.duplicates += 1
            continue
        taken[natural] = None
        out.rows.append(new_coding_row(project, document=doc, text=text, start=start, end=end,
                                       code=code, coder=coder, source=source,
                                       status=status))
        memo = cell(row, "memo")
        if memo:
            out.memos.append((out.rows[-1].key, memo))
    return out
