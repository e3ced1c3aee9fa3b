"""The records the project database holds, as frozen dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["AuditRow", "CodingRow", "DocumentRow", "MemoRow", "SegmentRow"]


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A stored document: its normalised (markup-free) text and where it came from."""

    id: str
    path: str
    format: str
    text: str
    text_hash: str
    attributes: Mapping[str, Any]
    turns: tuple[tuple[int, int, str | None], ...] | None
    body_offset: int
    version: int
    added_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """A stored segment (its text is ``document.text[start:end]``)."""

    document: str
    idx: int
    start: int
    end: int
    speaker: str | None
    interviewer: bool
    unit: str
    attributes: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class CodingRow:
    """A stored coding, with its review state and its quote for re-anchoring."""

    key: str
    document: str
    start: int
    end: int
    code: str
    coder: str
    source: str
    status: str
    rule: str
    match: str
    quote: str
    quote_hash: str
    orphaned: bool
    created_by: str
    created_at: str
    updated_at: str
    decided_by: str | None
    decided_at: str | None


@dataclass(frozen=True, slots=True)
class MemoRow:
    """A memo on a code, a document or a coding."""

    id: int
    kind: str
    target: str
    text: str
    author: str
    created_at: str


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One change: who, when, what."""

    id: int
    at: str
    user: str
    action: str
    target: str
    detail: Mapping[str, Any]
