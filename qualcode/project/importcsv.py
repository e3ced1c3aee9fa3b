"""Importing manual codings from a CSV file: document, where (start/end, segment or quote),
code, coder, status, memo.

A row's passage is, in this order of precedence: its ``start`` and ``end`` (with a quote, the
occurrence nearest ``start``); else its ``segment``, one of the document's stored segments (with
a quote, the quote's occurrence inside that segment); else its quote, anywhere in the document.
Quotes are located exactly, else tolerantly (whitespace runs, curly or straight quotes, case).
Rows that cannot be placed are reported with their CSV line numbers.
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

CSV_COLUMNS = ("document", "segment", "quote", "start", "end", "code", "coder", "status",
               "memo")
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
    if "quote" not in header and "segment" not in header and not {"start", "end"} <= set(header):
        missing.append("quote (or start and end, or segment)")
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
        path: CSV with columns ``document``, ``code`` and where the passage is: ``start`` and
            ``end``, a ``segment`` number (one of the document's stored segments) or a
            ``quote``, in this order of precedence (a quote beside ``start`` is the occurrence
            nearest it, beside a segment the occurrence inside that segment); optionally
            ``coder`` (default: the project's user), ``status`` (``accepted`` when empty or
            missing; ``rejected`` codings stay rejected, as in a project's codings table) and
            ``memo``. Other columns are not read (warning ``I107``).
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

    spans: dict[str, dict[int, tuple[int, int]]] = {doc: {} for doc in texts}
    for seg in project.store.segments():
        spans.setdefault(seg.document, {})[seg.idx] = (seg.start, seg.end)

    out = _Placed()
    seen: dict[tuple[str, int, int, str, str], tuple[int, str]] = {}  # first line, status
    for line, row in rows:
        doc, code = cell(row, "document"), cell(row, "code")
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
        where = _Where(doc, text, spans[doc], line, issues)
        quote = str(unsafe_cell(row[header["quote"]])) if "quote" in header and \
            header["quote"] < len(row) else ""
        placed = where.locate(quote, cell(row, "start"), cell(row, "end"),
                              cell(row, "segment"))
        if placed is None:
            continue
        start, end, tolerant = placed
        out.tolerant += tolerant
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


def _position(value: str) -> int | None:
    """A start, end or segment cell: ``None`` when empty or ``-1`` (a codings table's "none"),
    its whole number, or ``-2`` for anything else (given, but no valid position)."""
    if not value.strip():
        return None
    number = _int(value)
    return None if number == -1 else -2 if number is None or number < 0 else number


@dataclass(frozen=True, slots=True)
class _Where:
    """Places one CSV row's passage in its document, reporting why it cannot."""

    doc: str
    text: str
    segments: dict[int, tuple[int, int]]  # stored segment number -> (start, end)
    line: int
    issues: IssueCollector

    def locate(self, quote: str, start_cell: str, end_cell: str,
               segment_cell: str) -> tuple[int, int, bool] | None:
        """``(start, end, found tolerantly)`` of the row's passage, or ``None`` (reported).

        Start and end win; else the segment; else the quote alone (see the module's doc).
        """
        start, end = _position(start_cell), _position(end_cell)
        segment = _position(segment_cell)
        if quote.strip():
            if start is not None and start >= 0:
                return self._quote(quote, start)
            if segment is not None:
                span = self._segment(segment, segment_cell)
                return None if span is None else self._quote_in_segment(quote, segment, *span)
            return self._quote(quote, None)
        if start is None and end is None:
            if segment is not None:
                span = self._segment(segment, segment_cell)
                return None if span is None else (span[0], span[1], False)
            self.issues.add(
                "I105", f"no quote, segment or start/end for {self.doc!r}", line=self.line,
                hint=f"give the quoted passage, a segment number ({self._range()}), or start "
                f"and end (0 <= start < end <= {len(self.text)})")
            return None
        if start is None or end is None or not 0 <= start < end <= len(self.text):
            self.issues.add(
                "I105", f"no valid start/end for {self.doc!r} (its text has {len(self.text)} "
                "characters)", line=self.line,
                hint="give 0 <= start < end <= length, or leave both empty to place the row "
                "by its segment or quote")
            return None
        return start, end, False

    def _range(self) -> str:
        """The document's segment numbers, for a message."""
        numbers = sorted(self.segments)
        if not numbers:
            return "it has none"
        return f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else f"{numbers[0]}"

    def _segment(self, number: int, cell: str) -> tuple[int, int] | None:
        """The span of the stored segment ``number``, or ``None`` (reported)."""
        span = self.segments.get(number)
        if span is not None and span[0] < span[1]:
            return span
        what = "an empty segment" if span is not None else "no segment"
        self.issues.add(
            "I109", f"{self.doc!r} has {what} {cell.strip()!r} (its segments: {self._range()})",
            line=self.line,
            hint="use a segment number as 'qualcode codings' or 'qualcode segments' writes it "
            "(in the project's unit), or give start and end")
        return None

    def _quote(self, quote: str, near: int | None) -> tuple[int, int, bool] | None:
        """The quote's occurrence in the document (nearest ``near``), or ``None`` (reported)."""
        found = find_quote(self.text, quote, near=near)
        if found is None:
            self.issues.add("I103", f"quote not found in {self.doc!r}: {_short(quote)!r}",
                            line=self.line, hint="copy the passage from the document's text")
            return None
        if found.count > 1 and near is None:
            self.issues.add("I104", f"the quote occurs {found.count} times in {self.doc!r}; "
                            "the first was coded", line=self.line, severity="warning",
                            hint="add a start column to pick another occurrence")
        return found.start, found.end, found.how == "tolerant"

    def _quote_in_segment(self, quote: str, number: int, start: int,
                          end: int) -> tuple[int, int, bool] | None:
        """The quote's occurrence inside segment ``number`` (``start:end``), or ``None``
        (reported, saying where else the document has it)."""
        found = find_quote(self.text[start:end], quote)
        if found is None:
            hint = "copy the passage from that segment's text"
            elsewhere = find_quote(self.text, quote)
            if elsewhere is not None:
                inside = [n for n, (s, e) in sorted(self.segments.items())
                          if s <= elsewhere.start and elsewhere.end <= e]
                at = f"in segment {inside[0]}" if inside else \
                    f"at characters {elsewhere.start}-{elsewhere.end}"
                hint = f"the document has it {at}: correct the segment number or leave it empty"
            self.issues.add("I110", f"quote not found in segment {number} of {self.doc!r}: "
                            f"{_short(quote)!r}", line=self.line, hint=hint)
            return None
        if found.count > 1:
            self.issues.add("I104", f"the quote occurs {found.count} times in segment {number} "
                            f"of {self.doc!r}; the first was coded", line=self.line,
                            severity="warning",
                            hint="add a start column to pick another occurrence")
        return start + found.start, start + found.end, found.how == "tolerant"


def _short(quote: str) -> str:
    """A quote on one line, cut to 60 characters, for a message."""
    short = " ".join(quote.split())
    return short if len(short) <= 60 else short[:57] + "..."
