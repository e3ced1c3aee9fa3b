"""Segmentation: speaker turns, paragraphs, sentences and languages."""

from qualcode.segment.language import detect_language
from qualcode.segment.sentences import split_sentences
from qualcode.segment.turns import DEFAULT_INTERVIEWER_LABELS, InterviewerMatcher, find_turns
from qualcode.segment.units import document_language, document_turns, segment_document

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "InterviewerMatcher",
    "detect_language",
    "document_language",
    "document_turns",
    "find_turns",
    "segment_document",
    "split_sentences",
]
