"""Speaker turns in plain text.

A turn starts at a line ``Label: text`` (also ``[Label] text`` and ``**Label:** text``), optionally
after a timestamp such as ``[00:12:31]`` or ``00:12:31``; lines without a label continue the
current turn. A candidate label counts as a speaker when it is an interviewer label, occurs at least
twice in the document, or is listed in front matter ``speakers:``; in a text that has such
speakers, a label met once also counts when it looks like a name (every word capitalised or a
number: ``Bu Rina``, ``Informan 2``). So a form field such as ``Tanggal: 3 Mei`` in a document-study
file, or ``Jadi gini: ...`` inside an answer, is not mistaken for a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualcode.model import Turn, frozen_mapping

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "InterviewerMatcher",
    "find_turns",
]

DEFAULT_INTERVIEWER_LABELS = ("Pewawancara", "Peneliti", "Interviewer", "Moderator", "Q")
MAX_LABEL_LENGTH = 40
MAX_LABEL_WORDS = 5

_TIMESTAMP = (
    r"(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*\]"
    r"|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)"
    r"|\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)"
)
_LABEL = r"[^\W\d_][\w .'’()/&-]*?"
_TURN_LINE = re.compile(
    rf"""^[ \t]*
    (?:(?P<ts>{_TIMESTAMP})[ \t]*(?:[-–—][ \t]*)?)?
    (?:
        \*\*(?P<bold>{_LABEL})(?::\*\*|\*\*:)        # **Label:** or **Label**:
      | \[(?P<bracket>{_LABEL})\]                   # [Label]
      | (?P<plain>{_LABEL})[ \t]*:                  # Label:
    )
    (?=[ \t]|$)[ \t]*""",
    re.VERBOSE | re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class InterviewerMatcher:
    """Tells interviewer labels from participant labels.

    A label matches when, ignoring case, it equals one of ``labels`` optionally followed by a
    number (``Q``, ``Q2``, ``Pewawancara 1``).
    """

    labels: tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS

    @classmethod
    def from_labels(cls, labels: Iterable[str] | None) -> InterviewerMatcher:
        """Build a matcher; ``None`` gives the default labels."""
        return cls(DEFAULT_INTERVIEWER_LABELS if labels is None else tuple(labels))

    def __call__(self, label: str | None) -> bool:
        if not label:
            return False
        key = re.sub(r"[\s_.-]*\d+$", "", label.strip()).casefold()
        return any(key == known.casefold() for known in self.labels)


def _candidate(match: re.Match[str]) -> str | None:
    label = match.group("bold") or match.group("bracket") or match.group("plain")
    if label is None:
        return None
    label = label.strip()
    if not label or len(label) > MAX_LABEL_LENGTH or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if label.casefold() in ("http", "https", "ftp", "mailto"):
        return None
    return label


def find_turns(
    text: str,
    *,
    is_interviewer: InterviewerMatcher | None = None,
    speakers: Sequence[str] = (),
) -> tuple[Turn, ...]:
    """Find speaker turns in ``text``.

    Args:
        text: Normalised document text.
        is_interviewer: Decides which labels are interviewer labels (always accepted as speakers).
        speakers: Labels to accept as speakers even when they occur once.

    Returns:
        The turns in text order, each spanning the utterance without its label. Text before the
        first turn becomes a turn with no speaker. A text with no speaker labels at all gives
        ``()``; callers then fall back to paragraphs.
    """
    is_interviewer = is_interviewer or InterviewerMatcher()
    matches = []
    for m in _TURN_LINE.finditer(text):
        label = _candidate(m)
        if label is not None:
            matches.append((m, label))
    counts = Counter(label.casefold() for _, label in matches)
    known = {s.casefold() for s in speakers}
    confirmed = {
        label.casefold()
        for _, label in matches
        if counts[label.casefold()] >= 2 or label.casefold() in known or is_interviewer(label)
    }
    starts = [
        (m, label)
        for m, label in matches
        if label.casefold() in confirmed or (confirmed and _looks_like_name(label))
    ]
    if not starts:
        return ()
    turns: list[Turn] = []
    first = starts[0][0].start()
    lead = _trimmed(text, 0, first)
    if lead is not None:
        turns.append(Turn(lead[0], lead[1], None))
    for i, (m, label) in enumerate(starts):
        end = starts[i + 1][0].start() if i + 1 < len(starts) else len(text)
        span = _trimmed(text, m.end(), end)
        ts = m.group("ts")
        attrs = frozen_mapping({"timestamp": ts.strip("[]() ")} if ts else None)
        if span is None:
            turns.append(Turn(m.end(), m.end(), label, attrs))
        else:
            turns.append(Turn(span[0], span[1], label, attrs))
    return tuple(turns)


def _looks_like_name(label: str) -> bool:
    words = label.replace("(", " ").replace(")", " ").split()
    return 0 < len(words) <= 3 and all(w[0].isupper() or w[0].isdigit() for w in words)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` shrunk to exclude surrounding whitespace, or ``None`` if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
