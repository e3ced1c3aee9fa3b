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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from qualcode.model import Turn, frozen_mapping

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "InterviewerMatcher",
    "LabelMatch",
    "clean_label",
    "find_turns",
    "label_matches",
    "speaker_filter",
    "turns_from_labels",
]

DEFAULT_INTERVIEWER_LABELS = ("Pewawancara", "Peneliti", "Interviewer", "Moderator", "Q")
MAX_LABEL_LENGTH = 40
MAX_LABEL_WORDS = 5

_TIMESTAMP = (
    r"(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*\]"
    r"|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)"
    r"|\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)"
)
# At most MAX_LABEL_LENGTH characters (longer ones are refused anyway), and the blanks before the
# colon taken possessively: the pattern then costs linear time even on a line of a million
# spaces, where an unbounded label would try every length against every run of blanks.
_LABEL = rf"[^\W\d_][\w .'’()/&-]{{0,{MAX_LABEL_LENGTH - 1}}}?"
_TURN_LINE = re.compile(
    rf"""^[ \t]*+
    (?:(?P<ts>{_TIMESTAMP})[ \t]*(?:[-–—][ \t]*)?)?
    (?:
        \*\*(?P<bold>{_LABEL})(?::\*\*|\*\*:)        # **Label:** or **Label**:
      | \[(?P<bracket>{_LABEL})\]                   # [Label]
      | (?P<plain>{_LABEL})[ \t]*+:                 # Label:
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


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A speaker label found at the start of a line.

    Attributes:
        line_start: Offset where the line holding the label begins (where a turn would start).
        start: Offset where the utterance begins, after the label and following blanks.
        label: The label as written, without brackets, asterisks or colon.
        timestamp: A timestamp written before the label, without its brackets, if any.
    """

    line_start: int
    start: int
    label: str
    timestamp: str | None = None


def clean_label(label: str | None) -> str | None:
    """Return ``label`` stripped if it can be a speaker label, else ``None``.

    A label is at most 40 characters and five words and is not a URL scheme (``https:``).
    """
    if label is None:
        return None
    label = label.strip()
    if not label or len(label) > MAX_LABEL_LENGTH or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if label.casefold() in ("http", "https", "ftp", "mailto"):
        return None
    return label


def label_matches(text: str) -> list[LabelMatch]:
    """Every line of ``text`` that starts with something shaped like a speaker label.

    These are candidates only; :func:`speaker_filter` decides which of them are speakers.
    """
    out = []
    for m in _TURN_LINE.finditer(text):
        label = clean_label(m.group("bold") or m.group("bracket") or m.group("plain"))
        if label is not None:
            ts = m.group("ts")
            out.append(LabelMatch(m.start(), m.end(), label, ts.strip("[]() ") if ts else None))
    return out


def speaker_filter(
    labels: Iterable[str],
    *,
    is_interviewer: InterviewerMatcher | None = None,
    speakers: Sequence[str] = (),
) -> Callable[[str], bool]:
    """Decide which candidate labels are speakers, given every candidate of one document.

    A label is a speaker when it is an interviewer label, occurs at least twice, or is listed in
    ``speakers``; once some label is a speaker, a label met once also counts if it looks like a
    name.

    Returns:
        A predicate telling whether a label is a speaker.
    """
    is_interviewer = is_interviewer or InterviewerMatcher()
    labels = list(labels)
    counts = Counter(label.casefold() for label in labels)
    known = {s.casefold() for s in speakers}
    confirmed = {
        label.casefold()
        for label in labels
        if counts[label.casefold()] >= 2 or label.casefold() in known or is_interviewer(label)
    }

    def is_speaker(label: str) -> bool:
        return label.casefold() in confirmed or (bool(confirmed) and _looks_like_name(label))

    return is_speaker


def turns_from_labels(text: str, starts: Sequence[LabelMatch]) -> tuple[Turn, ...]:
    """Cut ``text`` into turns at the given speaker labels (in text order).

    Each turn runs from its label to the next label's line; text before the first label becomes
    a turn with no speaker. Returns ``()`` when ``starts`` is empty.
    """
    if not starts:
        return ()
    turns: list[Turn] = []
    lead = _trimmed(text, 0, starts[0].line_start)
    if lead is not None:
        turns.append(Turn(lead[0], lead[1], None))
    for i, match in enumerate(starts):
        end = starts[i + 1].line_start if i + 1 < len(starts) else len(text)
        span = _trimmed(text, match.start, end)
        attrs = frozen_mapping({"timestamp": match.timestamp} if match.timestamp else None)
        if span is None:
            turns.append(Turn(match.start, match.start, match.label, attrs))
        else:
            turns.append(Turn(span[0], span[1], match.label, attrs))
    return tuple(turns)


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
    matches = label_matches(text)
    is_speaker = speaker_filter(
        (m.label for m in matches), is_interviewer=is_interviewer, speakers=speakers
    )
    return turns_from_labels(text, [m for m in matches if is_speaker(m.label)])


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
