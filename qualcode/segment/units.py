"""Cutting a document into segments: turns, paragraphs, sentences or the whole document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qualcode.errors import QualcodeError
from qualcode.model import UNITS, Document, Segment, Turn, frozen_mapping
from qualcode.segment.language import detect_language
from qualcode.segment.sentences import split_sentences
from qualcode.segment.turns import InterviewerMatcher, find_turns

__all__ = ["document_language", "document_turns", "segment_document"]

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def document_language(document: Document, language: str | None = None) -> str | None:
    """The language to use for ``document``: ``language`` unless ``auto``/``None``, then the
    front matter's ``language``, then detection from the text."""
    if language not in (None, "", "auto"):
        return language
    return document.language or detect_language(document.text)


def document_turns(
    document: Document, is_interviewer: InterviewerMatcher | None = None
) -> tuple[Turn, ...]:
    """Turns from the reader, else from speaker labels, else one per paragraph (no speaker)."""
    if document.turns is not None:
        return document.turns
    speakers = document.attributes.get("speakers") or ()
    if isinstance(speakers, str):
        speakers = tuple(s.strip() for s in speakers.split(";") if s.strip())
    turns = find_turns(document.text, is_interviewer=is_interviewer, speakers=speakers)
    if turns:
        return turns
    return tuple(Turn(s, e, None) for s, e in _paragraphs(document.text, 0, len(document.text)))


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in _BLANK_LINES.finditer(text, start, end):
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def segment_document(
    document: Document,
    unit: str = "turn",
    *,
    language: str | None = None,
    is_interviewer: InterviewerMatcher | None = None,
) -> tuple[Segment, ...]:
    """Cut ``document`` into segments of ``unit``.

    Args:
        document: The document.
        unit: ``turn`` (default), ``paragraph``, ``sentence`` or ``document``.
        language: For sentences: ``id``, ``en``, or ``auto``/``None`` to use the front matter or
            detect it.
        is_interviewer: Decides which speaker labels are interviewers.

    Returns:
        Segments in text order; each satisfies ``document.text[start:end] == text``.

    Raises:
        QualcodeError: If ``unit`` is unknown.
    """
    if unit not in UNITS:
        raise QualcodeError(
            f"unknown unit {unit!r}", hint=f"choose one of: {', '.join(UNITS)}"
        )
    is_interviewer = is_interviewer or InterviewerMatcher()
    text = document.text
    if unit == "document":
        spans = _paragraphs(text, 0, len(text))
        if not spans:
            return ()
        s, e = spans[0][0], spans[-1][1]
        return (Segment(document.id, 0, s, e, text[s:e], None, False, "document"),)
    turns = document_turns(document, is_interviewer)
    lang = document_language(document, language) if unit == "sentence" else None
    segments: list[Segment] = []
    for turn_index, turn in enumerate(turns):
        interviewer = is_interviewer(turn.speaker)
        pieces: Iterable[tuple[int, int]]
        if unit == "turn":
            pieces = [(turn.start, turn.end)]
        elif unit == "paragraph":
            pieces = _paragraphs(text, turn.start, turn.end)
        else:
            pieces = split_sentences(text, turn.start, turn.end, language=lang)
        for s, e in pieces:
            if e <= s:
                continue
            attrs = dict(turn.attributes)
            if unit != "turn":
                attrs["turn"] = turn_index
            segments.append(
                Segment(
                    document.id,
                    len(segments),
                    s,
                    e,
                    text[s:e],
                    turn.speaker,
                    interviewer,
                    unit,
                    frozen_mapping(attrs),
                )
            )
    return tuple(segments)
