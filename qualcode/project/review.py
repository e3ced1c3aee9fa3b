"""Reviewing suggestions in a spreadsheet: export them with context, import the decisions.

The ``review`` sheet has one row per coding with the passage, the segments before and after it,
the code's definition, and a ``decision`` drop-down (accept / reject / recode) with a
``recode_to`` column. Two hidden columns carry the coding's key and a fingerprint of what the
reviewer saw, so decisions on codings that changed or vanished since the export are reported as
conflicts instead of applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qualcode.arguments import as_names
from qualcode.errors import InputError, Issue, IssueCollector, ProjectError
from qualcode.model import Codebook, Segment
from qualcode.project.codings import fingerprint, same_as_exported
from qualcode.project.core import STATUSES, Project, require_project
from qualcode.project.decisions import (
    DECISIONS,
    STATUS_OF,
    recode,
    set_status,
    unknown_hint,
)
from qualcode.project.rows import CodingRow

__all__ = [
    "REVIEW_COLUMNS",
    "ReviewReport",
    "export_review",
    "import_review",
]

REVIEW_SHEET = "review"
CODES_SHEET = "codes"
REVIEW_COLUMNS = (
    "key", "fingerprint", "document", "case", "segment", "speaker", "code", "label",
    "definition", "previous", "text", "next", "coder", "rule", "match", "status", "memo",
    "decision", "recode_to", "note",
)
_HIDDEN = ("key", "fingerprint")
_WIDE = {"definition": 40, "previous": 50, "text": 60, "next": 50, "memo": 30, "note": 30}


@dataclass(frozen=True, slots=True)
class ReviewReport:
    """What :func:`import_review` applied.

    Attributes:
        path: The workbook.
        accepted: Codings accepted.
        rejected: Codings rejected.
        recoded: Codings replaced by another code (the original is rejected).
        unchanged: Rows whose decision was already recorded.
        memos: Notes stored as coding memos.
        conflicts: Rows not applied, with their sheet row numbers.
        rows: Rows filled in (with a decision, a note or a formula in their place), applied
            or not.
    """

    path: str
    accepted: int = 0
    rejected: int = 0
    recoded: int = 0
    unchanged: int = 0
    memos: int = 0
    conflicts: tuple[Issue, ...] = ()
    rows: int = 0

    @property
    def applied(self) -> int:
        """Filled rows applied (or found applied already): those that are not conflicts."""
        return self.rows - len(self.conflicts)


def _context(segments: Sequence[Segment], index: int | None, step: int) -> str:
    if index is None:
        return ""
    other = index + step
    return segments[other].text if 0 <= other < len(segments) else ""


def export_review(
    project: Project,
    output: str | Path,
    *,
    include_decided: bool = False,
    source: str | Iterable[str] = ("auto",),
    codes: str | Iterable[str] = (),
    force: bool = False,
) -> int:
    """Write the codings awaiting review to an XLSX workbook.

    Args:
        project: The open project.
        output: The ``.xlsx`` file (written atomically).
        include_decided: Also list accepted and rejected codings (to revise decisions).
        source: The source or sources to list (default: auto-coded suggestions).
        codes: Only this code or these codes (default: all).
        force: Replace a review workbook whose decisions or notes were not imported yet.

    Returns:
        The number of codings listed.

    Raises:
        ProjectError: If ``output`` is not an ``.xlsx`` file, a code or source is unknown, or
            ``output`` holds decisions not imported yet (without ``force``).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from qualcode.project.core import segment_index
    from qualcode.report.office import save_workbook
    from qualcode.report.safety import sheet_cell

    project = require_project(project, "export_review")
    output = Path(output)
    sources = as_names(source, "source", ProjectError)
    only = as_names(codes, "codes", ProjectError)
    _check_export(project, output, sources, only, force)
    status = () if include_decided else ("suggested",)
    rows = [r for r in project.store.codings(status=status, source=sources, orphaned=False)
            if not only or r.code in only]
    corpus = project.corpus()
    codebook = project.codebook()
    language = project.config.languages[0] if project.config.languages else None
    memos: dict[str, list[str]] = {}
    for memo in project.store.memos("coding"):
        memos.setdefault(memo.target, []).append(memo.text)
    starts = {d: [s.start for s in segs] for d, segs in corpus.segments.items()}
    order = {d.id: i for i, d in enumerate(corpus.documents)}
    code_order = {c.id: i for i, c in enumerate(codebook.codes)} if codebook else {}
    rows.sort(key=lambda r: (order.get(r.document, len(order)), r.start, r.end,
                             code_order.get(r.code, len(code_order)), r.code))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REVIEW_SHEET
    sheet.append(list(REVIEW_COLUMNS))
    for row in rows:
        doc = corpus.document(row.document)
        segments = corpus.segments.get(row.document, ())
        index = segment_index(starts.get(row.document, []), row.start)
        code = _code_facts(codebook, row.code, language)
        values: dict[str, Any] = {
            "key": row.key, "fingerprint": fingerprint(row), "document": row.document,
            "case": doc.case or "", "segment": index if index is not None else "",
            "speaker": (segments[index].speaker or "") if index is not None else "",
            "code": row.code, "label": code[0], "definition": code[1],
            "previous": _context(segments, index, -1), "text": doc.text[row.start:row.end],
            "next": _context(segments, index, 1), "coder": row.coder, "rule": row.rule,
            "match": row.match, "status": row.status,
            "memo": "\n".join(memos.get(row.key, ())),
            "decision": "", "recode_to": "", "note": "",
        }
        # control characters dropped (a vertical tab made the workbook unwritable), cut to a
        # cell's size, made inert
        sheet.append([sheet_cell(v) if isinstance(v, str) else v
                      for v in (values[c] for c in REVIEW_COLUMNS)])
    column = {name: get_column_letter(i + 1) for i, name in enumerate(REVIEW_COLUMNS)}
    last = max(len(rows) + 1, 2)
    decision = DataValidation(type="list", formula1=f'"{",".join(DECISIONS)}"',
                              allow_blank=True, showErrorMessage=True,
                              errorTitle="decision", error="Choose accept, reject or recode.")
    decision.add(f"{column['decision']}2:{column['decision']}{last}")
    sheet.add_data_validation(decision)
    if codebook is not None:
        _codes_sheet(workbook, codebook, project, language)
        recode = DataValidation(type="list", allow_blank=True, showErrorMessage=True,
                                formula1=f"={CODES_SHEET}!$A$2:$A${len(codebook.codes) + 1}",
                                errorTitle="recode_to", error="Choose a code id of the codebook.")
        recode.add(f"{column['recode_to']}2:{column['recode_to']}{last}")
        sheet.add_data_validation(recode)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, letter in column.items():
        sheet.column_dimensions[letter].width = _WIDE.get(name, 14)
        sheet.column_dimensions[letter].hidden = name in _HIDDEN
        if name in _WIDE:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    save_workbook(workbook, output)
    project.store.log("review.export", str(output), {"rows": len(rows)})
    return len(rows)


def _code_facts(codebook: Codebook | None, code_id: str, language: str | None) -> tuple[str, str]:
    if codebook is None or code_id not in codebook:
        return "", ""
    code = codebook.code(code_id)
    definition = code.text_of("definition", language) or code.text_of("brief", language)
    return code.label(language), definition


def _codes_sheet(workbook: Any, codebook: Codebook, project: Project,
                 language: str | None) -> None:
    from qualcode.report.safety import sheet_cell

    sheet = workbook.create_sheet(CODES_SHEET)
    sheet.append(["code", "label", "group", "definition", "memo"])
    memos: dict[str, list[str]] = {}
    for memo in project.store.memos("code"):
        memos.setdefault(memo.target, []).append(memo.text)
    for code in codebook.codes:
        label, definition = _code_facts(codebook, code.id, language)
        values = [code.id, label, codebook.dimension_of(code.id) or "", definition,
                  "\n".join(memos.get(code.id, ()))]
        sheet.append([sheet_cell(v) for v in values])


def _check_export(project: Project, output: Path, source: Sequence[str], codes: Sequence[str],
                  force: bool) -> None:
    from qualcode.project.core import SOURCES

    if output.suffix.lower() != ".xlsx":
        raise ProjectError(f"a review workbook is an .xlsx file, not {output.name!r}",
                           path=output, hint="name the output with .xlsx")
    for value in source:
        if value not in SOURCES:
            raise ProjectError(f"unknown source {value!r}", hint=f"use {', '.join(SOURCES)}")
    known = project.known_codes()
    used = {r.code for r in project.store.codings()}
    for code in codes:
        if code not in used and (known is None or code not in known):
            raise ProjectError(f"unknown code {code!r}", hint=unknown_hint(
                code, (known or frozenset()) | used, "known codes"))
    if force or not output.is_file():
        return
    try:
        pending = sum(1 for _, values in _read_sheet(output) if _pending(project, values))
    except ProjectError:
        return  # not a review workbook of ours: an ordinary output to replace
    if pending:
        raise ProjectError(
            f"it holds {pending} decision(s) or note(s) not imported yet; writing a new sheet "
            "over it would lose them", path=output,
            hint="import it first ('qualcode review import'), write to another file, or pass "
            "--force to replace it")


def _as_exported(row: CodingRow, values: Mapping[str, Any], exported: str) -> bool:
    """Whether ``row`` is what the sheet's row showed (:func:`same_as_exported`), also when
    its document was renamed since (``qualcode add`` of a renamed file): the fingerprint holds
    the document id of the export, which the sheet's ``document`` cell shows."""
    shown = _text(values.get("document"))
    return same_as_exported(row, exported) or bool(
        shown and shown != row.document
        and same_as_exported(replace(row, document=shown), exported))


def _pending(project: Project, values: dict[str, Any]) -> bool:
    """Whether importing this sheet row would still change the project (a decision or note
    not imported yet)."""
    decision = _text(values.get("decision")).casefold()
    note = _text(values.get("note"))
    row = project.store.coding(_text(values.get("key"))) if decision or note else None
    if row is None or not _as_exported(row, values, _text(values.get("fingerprint"))):
        return False  # imported already (or the coding is gone or changed: a conflict)
    if note and note not in {m.text for m in project.store.memos("coding", row.key)}:
        return True
    if decision == "recode":
        return not (_text(values.get("recode_to")) == row.code and row.status == "accepted")
    if decision and decision not in DECISIONS:
        return True  # a misspelt decision (R105) was never applied: the reviewer must fix it
    return decision in STATUS_OF and row.status != STATUS_OF[decision]


def _read_sheet(path: Path) -> list[tuple[int, dict[str, Any]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from qualcode.io.guards import check_table_file, damaged_file_errors

    try:
        check_table_file(path)
    except InputError as exc:  # a zip bomb, unsafe part names, a DTD, too large
        raise ProjectError(f"cannot read the review workbook ({exc.message})", path=path,
                           hint=exc.hint) from exc
    damaged = (InvalidFileException, zipfile.BadZipFile, *damaged_file_errors())
    hint = "give the .xlsx file written by 'qualcode review export'"
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except damaged as exc:
        raise ProjectError(f"cannot read the review workbook ({exc})", path=path,
                           hint=hint) from exc
    try:
        if REVIEW_SHEET not in workbook.sheetnames:
            raise ProjectError(f"the workbook has no {REVIEW_SHEET!r} sheet", path=path,
                               hint=f"sheets are: {', '.join(workbook.sheetnames)}")
        rows = workbook[REVIEW_SHEET].iter_rows(values_only=True)
        # a header retyped in a spreadsheet ("Decision ") still names its column
        header = [str(h).strip().casefold() if h is not None else "" for h in next(rows, ())]
        missing = [c for c in ("key", "fingerprint", "decision", "recode_to") if c not in header]
        if missing:
            raise ProjectError(f"the {REVIEW_SHEET!r} sheet lacks the columns "
                               f"{', '.join(missing)}", path=path, line=1,
                               hint="export a fresh sheet with 'qualcode review export'")
        out = [(n, dict(zip(header, values, strict=False)))
               for n, values in enumerate(rows, start=2)]
    except damaged as exc:  # sheets are parsed as they are read
        raise ProjectError(f"the review workbook is damaged ({type(exc).__name__}: {exc})",
                           path=path, hint=hint) from exc
    finally:
        workbook.close()
    for line in _unsaved_formulas(path, header, out):
        out[line - 2][1][_FORMULA] = True
    return out


_FORMULA = "\x00formula"  # marks a row whose decision cells are formulas without a saved value
_FILLED = ("decision", "recode_to", "note")


def _unsaved_formulas(path: Path, header: list[str],
                      rows: list[tuple[int, dict[str, Any]]]) -> list[int]:
    """Sheet rows whose decision, recode_to or note cell is a formula with no saved value (a
    workbook written by a program that does not compute formulas): read as empty (``rows``
    holds the saved values), they would be skipped without a word."""
    from openpyxl import load_workbook

    columns = [header.index(c) for c in _FILLED if c in header]
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        cells = workbook[REVIEW_SHEET].iter_rows(min_row=2, values_only=True)
        formulas = [n for n, values in enumerate(cells, start=2)
                    if any(i < len(values) and isinstance(values[i], str)
                           and values[i].startswith("=") for i in columns)]
    finally:
        workbook.close()
    return [n for n in formulas
            if all(rows[n - 2][1].get(c) is None for c in _FILLED if c in header)]


def _text(value: Any) -> str:
    from qualcode.report.safety import unsafe_cell

    return "" if value is None else str(unsafe_cell(str(value))).strip()


def import_review(project: Project, path: str | Path, *, strict: bool = False) -> ReviewReport:
    """Apply the decisions filled into a review workbook.

    ``accept`` and ``reject`` set the coding's status; ``recode`` rejects it and adds the same
    passage with the ``recode_to`` code as an accepted manual coding of the reviewer; a ``note``
    becomes a memo on the coding. Rows without a decision or note are skipped. A row that
    cannot be applied (a conflict) is reported and the others are applied, as ``import
    codings`` does; importing the sheet again once it is fixed applies the fixed rows and
    leaves those applied before as they are.

    Args:
        project: The open project.
        path: The workbook written by :func:`export_review` and edited.
        strict: Apply nothing if any row cannot be applied.

    Returns:
        Counts, and the conflicts (rows not applied) with their sheet row numbers.

    Raises:
        ProjectError: If the workbook cannot be read or lacks the review sheet or its columns,
            or (``strict``) any row cannot be applied (with every such row).
    """
    project = require_project(project, "import_review")
    path = Path(path)
    sheet = _read_sheet(path)
    known = project.known_codes()
    store = project.store
    issues = IssueCollector(path=str(path))
    counts = {"accepted": 0, "rejected": 0, "recoded": 0, "unchanged": 0, "memos": 0}
    seen: dict[str, int] = {}
    filled = [_text(v.get("key")) for _, v in sheet
              if _text(v.get("decision")) or _text(v.get("note"))]
    keys = [k for k in filled if k]
    if keys and not any(store.coding(k) is not None for k in keys):
        raise ProjectError(
            f"none of the {len(keys)} decided rows names a coding of this project", path=path,
            hint="the workbook was exported from another project (or before its codings were "
            "removed); export a review workbook from this project")
    differing = _differing_rows(sheet)
    filled_rows = 0
    with store.transaction():
        for line, values in sheet:
            decision = _text(values.get("decision")).casefold()
            note = _text(values.get("note"))
            key = _text(values.get("key"))
            filled_rows += bool(decision or note or values.get(_FORMULA))
            if values.get(_FORMULA):
                issues.add("R108", "the decision is a formula whose value was never saved",
                           line=line, hint="type the decision, or open the workbook in a "
                           "spreadsheet program and save it so formulas get their values")
                continue
            if not decision and not note:
                continue
            if not key:
                issues.add("R101", "the row has no coding key", line=line,
                           hint="do not edit or delete the hidden key column")
                continue
            if key in differing:
                others = ", ".join(str(n) for n in differing[key] if n != line)
                issues.add("R102", f"coding {key} is listed again with another decision (rows "
                           f"{others}); none of its rows was applied", line=line,
                           hint="keep one row per coding, with the decision you mean")
                continue
            if key in seen:
                issues.add("R102", f"coding {key} is listed again (first on row {seen[key]})",
                           line=line, hint="keep one row per coding")
                continue
            seen[key] = line
            row = store.coding(key)
            if row is None:
                issues.add("R103", f"coding {key} no longer exists", line=line,
                           hint="it was removed after the export (e.g. by a new autocode run)")
                continue
            exported = _text(values.get("fingerprint"))
            if not _as_exported(row, values, exported) and _applied(project, row, decision,
                                                                    values):
                # this sheet's own decision, imported before: nothing to do again
                counts["unchanged"] += 1
                if note and note not in {m.text for m in store.memos("coding", key)}:
                    store.add_memo("coding", key, note)
                    counts["memos"] += 1
                continue
            if not _as_exported(row, values, exported):
                issues.add("R104", f"coding {key} ({row.code} in {row.document}) changed after "
                           f"the export (now {row.status}, at {row.start}-{row.end})", line=line,
                           hint="export a fresh review sheet and decide again")
                continue
            if decision and decision not in DECISIONS:
                issues.add("R105", f"unknown decision {_text(values.get('decision'))!r}",
                           line=line, hint=unknown_hint(decision, DECISIONS, "use one of"))
                continue
            if decision in ("accept", "reject") and _text(values.get("recode_to")):
                issues.add("R107", f"recode_to is filled but the decision is {decision}",
                           line=line, hint="choose recode to change the code, or empty "
                           "recode_to")
                continue
            if decision == "recode":
                target = _text(values.get("recode_to"))
                if not target:
                    issues.add("R106", "recode without a code in recode_to", line=line,
                               hint="choose the new code in the recode_to column")
                    continue
                if known is not None and target not in known:
                    issues.add("R106", f"recode to unknown code {target!r}", line=line,
                               hint=unknown_hint(target, known, "known codes")
                               + " (the 'codes' sheet lists them)")
                    continue
                recode(project, row, target, counts)
            elif decision:
                set_status(project, row, STATUS_OF[decision], counts)
            if note and note not in {m.text for m in store.memos("coding", key)}:
                store.add_memo("coding", key, note)  # a note imported before is not repeated
                counts["memos"] += 1
        if strict:  # raised inside the transaction: what the loop applied is rolled back
            issues.raise_if_errors(ProjectError, f"nothing applied from {path.name}")
        store.log("review.import", str(path), {**counts, "conflicts": len(issues.issues)})
    return ReviewReport(str(path), conflicts=tuple(issues.issues), rows=filled_rows, **counts)


def _differing_rows(sheet: list[tuple[int, dict[str, Any]]]) -> dict[str, list[int]]:
    """Keys listed on several rows whose decisions differ (decision, recode_to or note), with
    their rows: which one the reviewer meant is unknown, so none is applied."""
    rows: dict[str, list[int]] = {}
    decided: dict[str, set[tuple[str, str, str]]] = {}
    for line, values in sheet:
        key = _text(values.get("key"))
        decision = _text(values.get("decision")).casefold()
        note = _text(values.get("note"))
        if key and (decision or note):
            rows.setdefault(key, []).append(line)
            decided.setdefault(key, set()).add(
                (decision, _text(values.get("recode_to")), note))
    return {key: rows[key] for key, choices in decided.items() if len(choices) > 1}


def _applied(project: Project, row: CodingRow, decision: str,
             values: dict[str, object]) -> bool:
    """Whether ``row`` differs from the exported one only by the status the row's own decision
    gives it (the sheet was imported already), so importing it again changes nothing."""
    exported = _text(values.get("fingerprint"))
    if decision not in DECISIONS or not any(
            _as_exported(replace(row, status=status), values, exported) for status in STATUSES):
        return False
    if decision == "recode":
        target = _text(values.get("recode_to"))
        if target == row.code:
            return row.status == "accepted"
        # recoded: a manual coding made for it, or the passage's own suggestion accepted
        return row.status == "rejected" and any(
            r.code == target and (r.rule == f"recode:{row.key}" or (
                (r.start, r.end) == (row.start, row.end) and r.status == "accepted"))
            for r in project.store.codings(document=row.document))
    return row.status == STATUS_OF[decision]
