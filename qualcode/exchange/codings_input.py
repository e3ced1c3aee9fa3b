"""Preparing codings for export: from a codings table, checked against documents and codebook."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from qualcode.cells import POSITION_HINT, bad_position, position_values, status_name, status_values
from qualcode.errors import ExchangeError, Issue, IssueCollector
from qualcode.model import Code, Codebook, Coding, Document
from qualcode.origin import row_line

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PreparedCodings", "codings_from_frame", "prepare_codings"]

_REQUIRED = ("document", "start", "end", "code")
_MAX_ISSUES = 20
# an inline coding tag, {code} or {/code}, of the form projects and 'qualcode markup' read
_MARKUP_TAG = re.compile(r"\{/?[a-z][a-z0-9_]*\}")


def _cell(value: Any) -> str:
    """A cell as text, as it is (the CSV guard is taken off by the reader: see
    :func:`codings_from_frame`)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def codings_from_frame(
    frame: pd.DataFrame, *, path: str | None = None
) -> tuple[list[Coding], dict[str, str], dict[str, str]]:
    """Turn a codings table (the canonical columns) into codings.

    ``segment``, ``start`` and ``end`` are read as every codings table is
    (:func:`qualcode.cells.position_values`), the ``status`` too
    (:func:`qualcode.cells.status_name`: `` Rejected`` is ``rejected``).

    Text cells are taken as they are: the frame holds the table's values, as
    :func:`qualcode.read_codings` (:func:`~qualcode.io.coded_tables.read_table`) gives them
    with the apostrophe qualcode writes before a formula-like CSV cell already taken off, or
    as built in memory. (A CSV file read with ``pandas.read_csv`` keeps that apostrophe: pass
    it through :func:`~qualcode.report.safety.unsafe_cell` first, or read it with
    :func:`qualcode.read_codings`.)

    Args:
        frame: A codings table; ``document, start, end, code`` are required, ``coder, source,
            rule, match, segment, status, memo, code_path, group`` are used when present.
        path: The file it came from, for messages (a table read by qualcode names its file
            and the line of each row itself).

    Returns:
        The codings, code -> ``code_path`` and code -> ``group`` where the table gives them.

    Raises:
        ExchangeError: If a required column is missing, or a ``start`` or ``end`` is not a
            non-negative whole number or a ``segment`` neither that nor empty (every such
            cell named by its line).
    """
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise ExchangeError(
            "the codings table lacks the column(s) " + ", ".join(missing),
            path=path,
            hint="give a codings table as written by qualcode (columns: document, case, "
            "segment, start, end, speaker, code, code_path, group, coder, source, rule, match, "
            "text)",
        )
    positions = _positions(frame, path)
    statuses = status_values(frame).tolist()
    codings: list[Coding] = []
    paths: dict[str, str] = {}
    groups: dict[str, str] = {}
    for index, row in enumerate(frame.to_dict("records")):
        start, end, segment = (int(values[index]) for values in positions)
        code = _cell(row["code"])
        codings.append(Coding(
            document=_cell(row["document"]),
            start=start,
            end=end,
            code=code,
            coder=_cell(row.get("coder")) or "unknown",
            source=_cell(row.get("source")) or "manual",
            segment=segment if segment >= 0 else None,
            rule=_cell(row.get("rule")),
            match=_cell(row.get("match")),
            status=statuses[index],
            memo=_cell(row.get("memo")),
        ))
        if _cell(row.get("code_path")):
            paths.setdefault(code, _cell(row.get("code_path")))
        if _cell(row.get("group")):
            groups.setdefault(code, _cell(row.get("group")))
    return codings, paths, groups


def _positions(frame: pd.DataFrame, path: str | None) -> list[list[int]]:
    """The ``start``, ``end`` and ``segment`` of each row (-1: no segment), by the rule of every
    codings table; a coding needs its span, so an empty start or end is bad here.

    Raises:
        ExchangeError: Naming every bad cell (the first 20 of a column) by its line.
    """
    import numpy as np

    issues = IssueCollector(path=path)
    out: list[list[int]] = []
    for column in ("start", "end", "segment"):
        if column not in frame.columns:
            out.append([-1] * len(frame))
            continue
        values, bad = position_values(frame[column])
        if column != "segment":
            bad |= values < 0
        for index in np.flatnonzero(bad.to_numpy())[:_MAX_ISSUES].tolist():
            cell = frame[column].iat[index]
            message = (bad_position(cell, column) if str(_cell(cell)).strip()
                       else f"{column} is empty")
            found = row_line(frame, index)
            where = {"path": found[0], "line": found[1]} if found is not None else {
                "where": f"{column}, row {index + 1}"}
            issues.add("C001", message, hint=POSITION_HINT if column == "segment" else
                       "start and end are the 0-based offsets of the coded span in its "
                       "document's text", **({"where": column} | where))
        out.append(values.tolist())
    issues.raise_if_errors(ExchangeError, "the codings table has bad positions")
    return out


@dataclass(slots=True)
class PreparedCodings:
    """Codings ready to write, the codebook completed with codes they use, and warnings."""

    codings: list[Coding] = field(default_factory=list)
    codebook: Codebook | None = None
    warnings: list[Issue] = field(default_factory=list)


def _warn(code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(code, message, hint=hint, severity="warning")


def _some(items: Sequence[str], n: int = 8) -> str:
    return ", ".join(items[:n]) + (" ..." if len(items) > n else "")


def _complete_codebook(
    codebook: Codebook | None,
    used: Sequence[str],
    paths: Mapping[str, str],
    groups: Mapping[str, str],
    warnings: list[Issue],
) -> Codebook | None:
    known = {c.id for c in codebook.codes} if codebook is not None else set()
    added: list[Code] = []
    for code_id in used:
        parts = [p for p in paths.get(code_id, code_id).split("/") if p] or [code_id]
        if parts[-1] != code_id:
            parts = [code_id]
        parent = None
        for part in parts:
            if part not in known:
                known.add(part)
                added.append(Code(id=part, parent=parent,
                                  dimension=groups.get(part)))
            parent = part
    if not added:
        return codebook
    if codebook is None:
        return Codebook(name="codings", version="", codes=tuple(added))
    warnings.append(_warn(
        "X116", f"{len(added)} code(s) used by the codings are not in codebook "
        f"{codebook.name!r} and were added: " + _some([c.id for c in added]),
        "pass the codebook the codings were made with (-c)",
    ))
    return replace(codebook, codes=codebook.codes + tuple(added))


def prepare_codings(
    codings: Iterable[Coding],
    documents: Sequence[Document],
    codebook: Codebook | None,
    *,
    paths: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
    quotes: Mapping[int, str] | None = None,
    suggested: bool = False,
    markup: bool = False,
) -> PreparedCodings:
    """Check codings against the documents and codebook before export.

    Codings of unknown documents, with offsets outside their text, rejected in a project or
    (unless ``suggested``) suggestions nobody reviewed yet are left out with a warning (the
    status read as everywhere, :func:`qualcode.cells.status_name`); codes the codebook lacks
    are added (placed by ``code_path`` when known).

    Args:
        codings: The codings.
        documents: The documents being exported.
        codebook: The codebook, or ``None`` to build one from the codes used.
        paths: Code -> ``code_path`` from a codings table.
        groups: Code -> dimension from a codings table.
        quotes: Index of a coding -> the ``text`` a table recorded for it, to detect documents
            that changed since coding.
        suggested: Keep the codings whose status is ``suggested``.
        markup: The documents' inline markup was removed (else a document holding tags
            explains quotes that do not match).
    """
    out = PreparedCodings()
    docs = {d.id: d for d in documents}
    unknown_docs: list[str] = []
    bad_offsets = 0
    rejected = 0
    pending = 0
    changed = 0
    tagged: list[str] = []  # documents whose inline markup explains changed quotes
    used: list[str] = []
    for index, coding in enumerate(codings):
        doc = docs.get(coding.document)
        if doc is None:
            if coding.document not in unknown_docs:
                unknown_docs.append(coding.document)
            continue
        status = status_name(coding.status)  # ' Rejected' is rejected, as everywhere
        if status == "rejected":
            rejected += 1
            continue
        if status == "suggested" and not suggested:
            pending += 1
            continue
        if status != coding.status:
            coding = replace(coding, status=status)
        if not 0 <= coding.start < coding.end <= len(doc.text):
            bad_offsets += 1
            continue
        if quotes is not None and index in quotes and quotes[index] and (
            " ".join(quotes[index].split()) != " ".join(doc.text[coding.start:coding.end].split())
        ):
            changed += 1
            if not markup and doc.id not in tagged and _MARKUP_TAG.search(doc.text):
                tagged.append(doc.id)
        if coding.code not in used:
            used.append(coding.code)
        out.codings.append(coding)
    if unknown_docs:
        out.warnings.append(_warn(
            "X113", f"codings of {len(unknown_docs)} document(s) not among the exported "
            "documents were left out: " + _some(unknown_docs),
            "pass the documents the codings were made on",
        ))
    if bad_offsets:
        out.warnings.append(_warn(
            "X114", f"{bad_offsets} coding(s) with offsets outside their document's text (or "
            "empty spans) were left out",
            "the documents probably changed since coding; code them again",
        ))
    if changed:
        out.warnings.append(_warn(
            "X115", f"{changed} coding(s) quote text that differs from the document at their "
            "offsets; the documents may have changed since coding",
            "the documents hold inline {code}...{/code} markup (" + _some(tagged) + "): pass "
            "--markup to export them as the project and 'qualcode markup' read them" if tagged
            else None,
        ))
    if rejected:
        out.warnings.append(_warn("X117", f"{rejected} rejected coding(s) were left out"))
    if pending:
        out.warnings.append(_warn(
            "X118", f"{pending} suggestion(s) nobody has reviewed yet were left out",
            "review them first ('qualcode review export'), or pass --suggested to export "
            "them (they come back as suggestions when qualcode imports the file)"))
    out.codebook = _complete_codebook(codebook, used, paths or {}, groups or {}, out.warnings)
    return out
