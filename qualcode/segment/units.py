"""Cutting a document into segments: turns, paragraphs, sentences or the whole document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qualcode.errors import QualcodeError
from qualcode.model import TABLE_FORMATS, UNITS, Document, Segment, Turn, frozen_mapping
from qualcode.segment.language import detect_language
from qualcode.segment.sentences import split_sentences
from qualcode.segment.speakers import declared_speakers
from qualcode.segment.timemarks import CLOSERS, without_trailing_marks
from qualcode.segment.turns import (
    InterviewerMatcher,
    TurnSpan,
    find_turns,
    has_label_lines,
    turn_spans,
)

__all__ = ["document_language", "document_turns", "segment_document"]

# A line holding only white space ends a paragraph: spaces and tabs, but also the no-break
# space, form feed (a page break) and other Unicode spaces word processors and PDFs leave.
_BLANK_LINES = re.compile(r"\n[^\S\n]*+\n\s*")
_NO_ATTRIBUTES = frozen_mapping()


def document_language(document: Document, language: str | None = None) -> str | None:
    """The language to use for ``document``: ``language`` unless ``auto``/``None``, then the
    front matter's ``language``, then detection from the text."""
    if language not in (None, "", "auto"):
        return language
    return document.language or detect_language(document.text)


def document_turns(
    document: Document, is_interviewer: InterviewerMatcher | None = None
) -> tuple[Turn, ...]:
    """Turns from the reader, else from speaker labels (in Markdown, a heading line ends the
    turn above it and is a turn with no speaker), else one per paragraph (no speaker), or the
    whole answer for a row of a response table (:data:`~qualcode.model.TABLE_FORMATS`)."""
    if document.turns is not None:
        return document.turns
    turns = find_turns(document.text, is_interviewer=is_interviewer,
                       speakers=declared_speakers(document.attributes),
                       markdown=document.format == "md")
    if turns:
        return turns
    return tuple(Turn(*span) for span in _unlabelled_spans(document))


def _unlabelled_spans(document: Document) -> list[TurnSpan]:
    """The turns of a document without speaker labels: its paragraphs, or for a row of a
    response table the whole answer, blank lines and all (one answer is one respondent's
    words; ``--unit paragraph`` still cuts it)."""
    text = document.text
    spans = _paragraph_spans(text, 0, len(text))
    if len(spans) < 2 or document.format not in TABLE_FORMATS:
        return spans
    return [(spans[0][0], spans[-1][1], None, spans[-1][3])]


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraphs of ``text[start:end]``, trimmed, each ending before the time marks that
    close it."""
    return [(s, e) for s, e, _, _ in _paragraph_spans(text, start, end)]


def _paragraph_spans(text: str, start: int, end: int) -> list[TurnSpan]:
    """The paragraphs of :func:`_paragraphs` as turn spans with no speaker; the last time mark
    closing a paragraph is its ``end_time``."""
    spans: list[TurnSpan] = []
    for s, e in _blocks(text, start, end):
        attrs = _NO_ATTRIBUTES
        if text[e - 1] in CLOSERS:  # perhaps a time mark or a bracketed time
            e, closing = without_trailing_marks(text, s, e)
            if e <= s:
                continue
            if closing is not None:
                attrs = frozen_mapping({"end_time": closing})
        spans.append((s, e, None, attrs))
    return spans


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of ``text[start:end]`` between blank lines, trimmed of white space."""
    if text.find("\n", start, end) < 0:  # one line (a table answer): one paragraph at most
        piece = text[start:end]  # str.strip and str.isspace agree on what white space is
        kept = len(piece.strip())
        if not kept:
            return []
        if piece[0].isspace():
            start += len(piece) - len(piece.lstrip())
        return [(start, start + kept)]
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
    if unit == "turn":
        return _turn_segments(document, is_interviewer)
    turns = document_turns(document, is_interviewer)
    lang = document_language(document, language) if unit == "sentence" else None
    segments: list[Segment] = []
    for turn_index, turn in enumerate(turns):
        interviewer = is_interviewer(turn.speaker)
        pieces: Iterable[tuple[int, int]]
        if unit == "paragraph":
            pieces = _paragraphs(text, turn.start, turn.end)
        else:
            pieces = split_sentences(text, turn.start, turn.end, language=lang)
        for s, e in pieces:
            if e > s and text[e - 1] in CLOSERS:  # a sentence closed by a time
                e, _ = without_trailing_marks(text, s, e)
            if e <= s:
                continue
            attrs = dict(turn.attributes)
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


def _turn_segments(
    document: Document, is_interviewer: InterviewerMatcher
) -> tuple[Segment, ...]:
    """One segment per non-empty turn of :func:`document_turns` (the ``turn`` unit), built
    straight from the turn spans when the turns come from speaker labels."""
    text = document.text
    spans: Iterable[TurnSpan]
    if document.turns is not None:
        spans = ((t.start, t.end, t.speaker, frozen_mapping(t.attributes))
                 for t in document.turns)
    elif not has_label_lines(text):
        # No line shaped like a label (most answers of a response table): the paragraphs, or
        # the answer, with no speaker, are the turns.
        interviewer = is_interviewer(None)
        doc_id = document.id
        return tuple(Segment(doc_id, index, s, e, text[s:e], None, interviewer, "turn", attrs)
                     for index, (s, e, _, attrs) in enumerate(_unlabelled_spans(document)))
    else:
        spans = turn_spans(text, is_interviewer=is_interviewer,
                           speakers=declared_speakers(document.attributes),
                           markdown=document.format == "md")
        if not spans:
            spans = _unlabelled_spans(document)
    doc_id = document.id
    interviewers: dict[str | None, bool] = {}  # a document has a handful of speakers
    segments: list[Segment] = []
    for s, e, speaker, attributes in spans:
        if e <= s:
            continue
        if speaker in interviewers:
            interviewer = interviewers[speaker]
        else:
            interviewer = interviewers[speaker] = is_interviewer(speaker)
        segments.append(Segment(doc_id, len(segments), s, e, text[s:e], speaker, interviewer,
                                "turn", attributes))
    return tuple(segments)
