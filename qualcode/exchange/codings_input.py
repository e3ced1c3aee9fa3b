"""Preparing codings for export: from a codings table, checked against documents and codebook."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from qualcode.errors import ExchangeError, Issue
from qualcode.model import Code, Codebook, Coding, Document

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PreparedCodings", "codings_from_frame", "prepare_codings"]

_REQUIRED = ("document", "start", "end", "code")
# an inline coding tag, {code} or {/code}, of the form projects and 'qualcode markup' read
_MARKUP_TAG = re.compile(r"\{/?[a-z][a-z0-9_]*\}")


def _cell(value: Any) -> str:
    from qualcode.report.safety import unsafe_cell

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(unsafe_cell(value) if isinstance(value, str) else value)


def codings_from_frame(
    frame: pd.DataFrame, *, path: str | None = None
) -> tuple[list[Coding], dict[str, str], dict[str, str]]:
    """Turn a codings table (the canonical columns) into codings.

    Args:
        frame: A codings table; ``document, start, end, code`` are required, ``coder, source,
            rule, match, segment, status, memo, code_path, group`` are used when present.
        path: The file it came from, for messages.

    Returns:
        The codings, code -> ``code_path`` and code -> ``group`` where the table gives them.

    Raises:
        ExchangeError: If a required column is missing or an offset is not a whole number.
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
    codings: list[Coding] = []
    paths: dict[str, str] = {}
    groups: dict[str, str] = {}
    columns = set(frame.columns)
    for number, row in enumerate(frame.to_dict("records"), start=2):
        try:
            start, end = int(row["start"]), int(row["end"])
            segment_raw = row.get("segment")
            segment = (
                int(segment_raw) if "segment" in columns and _cell(segment_raw) not in ("", "-1")
                else None
            )
        except (TypeError, ValueError) as exc:
            raise ExchangeError(
                f"start/end/segment are not whole numbers ({row.get('start')!r}, "
                f"{row.get('end')!r})",
                path=path, line=number, hint="fix or remove the row",
            ) from exc
        code = _cell(row["code"])
        codings.append(Coding(
            document=_cell(row["document"]),
            start=start,
            end=end,
            code=code,
            coder=_cell(row.get("coder")) or "unknown",
            source=_cell(row.get("source")) or "manual",
            segment=segment,
            rule=_cell(row.get("rule")),
            match=_cell(row.get("match")),
            status=_cell(row.get("status")),
            memo=_cell(row.get("memo")),
        ))
        if _cell(row.get("code_path")):
            paths.setdefault(code, _cell(row.get("code_path")))
        if _cell(row.get("group")):
            groups.setdefault(code, _cell(row.get("group")))
    return codings, paths, groups


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
    (unless ``suggested``) suggestions nobody reviewed yet are left out with a warning; codes
    the codebook lacks are added (placed by ``code_path`` when known).

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
        if coding.status == "rejected":
            rejected += 1
            continue
        if coding.status == "suggested" and not suggested:
            pending += 1
            continue
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
