"""Making stored codings: their keys, quotes and fingerprints."""

from __future__ import annotations

import hashlib
import secrets

from qualcode.project.core import Project, text_hash
from qualcode.project.rows import CodingRow
from qualcode.project.store import now

__all__ = ["coder_family", "fingerprint", "new_coding_row", "new_key"]


def new_key() -> str:
    """A fresh coding key: 16 hex digits, stable for the coding's whole life."""
    return secrets.token_hex(8)


def coder_family(coder: str) -> str:
    """The coder without its version: ``case-management@1.2`` -> ``case-management``."""
    return coder.split("@", 1)[0]


def fingerprint(row: CodingRow) -> str:
    """A short digest of what a reviewer saw: code, status, quoted text and the evidence (the
    rule that fired and the words it matched), not where the passage stands.

    A review sheet carries it so that decisions on codings changed since are caught (a new
    autocode run that keeps a suggestion's span but finds it for other words changes it; so
    does a passage edited in place). A line added above the passage, which only moves it,
    does not: the decision is still on the same words.
    """
    data = f"{row.document}\x1f{row.code}\x1f{row.status}\x1f{row.quote_hash}\x1f" \
           f"{int(row.orphaned)}\x1f{row.rule}\x1f{row.match}"
    return "3" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:15]


def _span_fingerprint(row: CodingRow) -> str:
    """The fingerprint of review sheets written when it held the span too."""
    data = f"{row.document}\x1f{row.start}\x1f{row.end}\x1f{row.code}\x1f{row.status}\x1f" \
           f"{row.quote_hash}\x1f{int(row.orphaned)}\x1f{row.rule}\x1f{row.match}"
    return "2" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:15]


def _first_fingerprint(row: CodingRow) -> str:
    """The fingerprint of review sheets written before the evidence was part of it."""
    data = f"{row.document}\x1f{row.start}\x1f{row.end}\x1f{row.code}\x1f{row.status}\x1f" \
           f"{row.quote_hash}\x1f{int(row.orphaned)}"
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def same_as_exported(row: CodingRow, exported: str) -> bool:
    """Whether ``row`` is what a review sheet showed, by the sheet's ``fingerprint`` cell (of
    any of its forms: sheets written by earlier versions stay readable)."""
    return exported in (fingerprint(row), _span_fingerprint(row), _first_fingerprint(row))


def new_coding_row(
    project: Project,
    *,
    document: str,
    text: str,
    start: int,
    end: int,
    code: str,
    coder: str,
    source: str,
    status: str,
    rule: str = "",
    match: str = "",
) -> CodingRow:
    """A new coding on ``text[start:end]`` made by the project's user now."""
    quote = text[start:end]
    stamp = now()
    decided = status != "suggested"
    return CodingRow(
        key=new_key(), document=document, start=start, end=end, code=code, coder=coder,
        source=source, status=status, rule=rule, match=match, quote=quote,
        quote_hash=text_hash(quote), orphaned=False, created_by=project.user, created_at=stamp,
        updated_at=stamp, decided_by=project.user if decided else None,
        decided_at=stamp if decided else None,
    )
