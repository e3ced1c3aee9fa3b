"""Speaker turns in plain text.

A turn starts at a line ``Label: text`` (also ``[Label] text``, ``[SPEAKER_00]: text`` and
``**Label:** text``), optionally after a timestamp such as ``[00:12:31]``, ``00:12:31`` or a
time mark ``#00:12:31-0#``, or with one in brackets between label and colon
(``Rina (00:00:12): text``, ``Rina [00:01:02]:``); a label may end with a qualifier in brackets
(``Rina (tertawa): text``, ``Rina [menangis]:``); lines without a label continue the current
turn. A label with no blank after its colon (``Pewawancara:Apa kabar?``) counts only when the
text confirms it (see :func:`turn_spans`). A time in brackets right after the label
(``P6: [00:05:10] text``) is the turn's timestamp, unless one comes before the label, and is no
part of the turn. A turn ends before the times that close it (``Rina: Enam tahun.
#00:00:12-4#``, as f4transkript writes them, or ``[00:00:12]``), the last of which is its
``end_time`` (see :mod:`qualcode.segment.timemarks`). In Markdown, a heading line (``## Sesi 2``)
ends the turn above it and is a turn of its own with no speaker, as is any text between it and
the next label.

Which candidate labels are speakers is decided by :mod:`qualcode.segment.speakers` (whose names
are also importable from here).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qualcode.model import Turn, frozen_mapping
from qualcode.segment.speakers import (
    DEFAULT_INTERVIEWER_LABELS,
    DISCOURSE_WORDS,
    InterviewerMatcher,
    confirmed_filter,
    looks_like_name,
    speaker_filter,
    speaker_names,
)
from qualcode.segment.timemarks import (
    TIME_MARK,
    leading_time,
    mark_time,
    without_trailing_marks,
)

__all__ = [
    "CLOCK",
    "DEFAULT_INTERVIEWER_LABELS",
    "DISCOURSE_WORDS",
    "INVISIBLE",
    "NAME_SHAPE",
    "InterviewerMatcher",
    "LabelMatch",
    "TurnSpan",
    "clean_label",
    "find_turns",
    "has_label_lines",
    "iter_label_matches",
    "label_matches",
    "speaker_filter",
    "trimmed_span",
    "turn_spans",
    "turns_from_labels",
]

MAX_LABEL_LENGTH = 40
MAX_LABEL_WORDS = 5
_NO_ATTRIBUTES = frozen_mapping()
TurnSpan = tuple[int, int, str | None, Mapping[str, Any]]
"""A turn's fields as a tuple: ``(start, end, speaker, attributes)``."""

_TIMESTAMP = (
    r"(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*\]"
    r"|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)"
    r"|\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?"
    rf"|{TIME_MARK})"  # f4transkript and MAXQDA: #00:12:31-0#
)
# A timestamp in brackets right after a label (Rev, Trint: "Rina (00:00:12): ..."), within the
# line.
_TIMESTAMP_AFTER = (
    r"(?:\[[^\S\n]*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[^\S\n]*\]"
    r"|\([^\S\n]*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[^\S\n]*\))"
)
# At most MAX_LABEL_LENGTH characters (longer ones are refused anyway), and the blanks before the
# colon taken possessively: the pattern then costs linear time even on a line of a million
# spaces, where an unbounded label would try every length against every run of blanks.
# A comma is allowed for titles after a name ("Dra. Siti Aminah, M.Si.") and "Last, First"
# names; prose such as "Jadi, begini:" stays text by the name-shape rule of speaker_filter.
_LABEL = rf"[^\W\d_][\w .,'’()/&-]{{0,{MAX_LABEL_LENGTH - 1}}}?"
# Before a colon, a label may end with a qualifier in brackets, a stage direction or a role:
# "Rina (tertawa)", "Rina [menangis]" (see qualcode.segment.speakers). Label characters exclude
# the colon, so a timestamp "[00:01:02]" after a label is never taken for one.
_NAMED_CHARACTERS = r"[\w .,'’()\[\]/&-]"
_NAMED = rf"[^\W\d_]{_NAMED_CHARACTERS}{{0,{MAX_LABEL_LENGTH - 1}}}?"
NAME_SHAPE = re.compile(rf"[^\W\d_]{_NAMED_CHARACTERS}*")
"""The shape of a speaker label, qualifier in brackets included (``Rina [menangis]``), whatever
its length: how a label is written in a Word table cell or bold run too."""
_BLANK = r"[^\S\n]"  # a blank within a line: space, tab, no-break space, other Unicode spaces
# Characters that show nothing but are not white space: soft hyphen, zero-width space and
# (non-)joiners, direction marks and embeddings, word joiner and invisible operators, and the
# byte-order mark as a zero-width no-break space. Pasted text often starts lines with one; the
# text keeps them, but before a label (or its timestamp) they are passed over like blanks.
INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
"""Those characters as the inside of a regex character class (ranges written with ``-``)."""
_INVISIBLE = INVISIBLE
# Blanks, then any invisible characters mixed with blanks: the common line, which starts with
# neither, costs two failed character tests.
_EDGES = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")
_LEAD = rf"{_BLANK}*+(?:[{_INVISIBLE}](?:{_BLANK}|[{_INVISIBLE}])*+)?"
# Not before an address: "[Laporan]: https://..." defines a link in Markdown.
_NO_LINK = rf"(?!{_BLANK}*+<?(?:[A-Za-z][\w+.-]*://|www\.))"
# A colon with no blank after it ("Pewawancara:Apa kabar?") ends a label when a letter, a quote or
# an opening bracket follows: not a digit ("Jam 10:30"), a slash ("http://") or a backslash.
# Such a label is a candidate for turn_spans only, which asks the text to confirm it.
_TIGHT = r"(?<=:)(?=[^\W\d_]|[\"“‘'(\[])"
_LINE = rf"""{_LEAD}
    (?:(?P<ts>{_TIMESTAMP}){_LEAD}(?:[-–—]{_BLANK}*)?)?
    (?:
        \*\*(?P<bold>{_NAMED})(?::\*\*|\*\*:)        # **Label:** or **Label**:
      | \[(?P<bracket>{_LABEL})\](?:{_BLANK}*+:{_NO_LINK})?  # [Label] or [SPEAKER_00]:
      | (?P<plain>{_NAMED})                          # Label: or Label (00:00:05):
        (?:{_BLANK}*+(?P<after>{_TIMESTAMP_AFTER}))?{_BLANK}*+:
    )
    (?:(?={_BLANK}|$)|(?P<tight>{_TIGHT})){_BLANK}*"""
# A header line of Otter, Teams or Word transcripts: a name, blanks and a clock time, and nothing
# else on the line ("Speaker 1  0:00", "Rina Wulandari   0:03"), or a name line with the time
# alone on a following line; the utterance starts on the next line.
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
"""A clock time as transcription programs write it beside a speaker (``0:03``, ``00:01:02.5``)."""
_HEADER = rf"""{_LEAD}(?P<name>{_LABEL})
    (?:{_BLANK}++|{_BLANK}*+\n(?:{_BLANK}*+\n)*+{_LEAD})
    (?P<clock>{CLOCK}){_BLANK}*+(?=\n|$)"""
_FIRST_HEADER = re.compile(_HEADER, re.VERBOSE)
# A text without a clock time has no header line to look for. Searched from the colon: a
# pattern that starts with the literal is found at C speed (one starting with \d is tried at
# every character, 20 times slower on a transcript without any time).
_CLOCK_COLON = re.compile(r":\d\d")
_NEXT_HEADER = re.compile(r"\n" + _HEADER, re.VERBOSE)
# The label line at the start of the text, and one after a newline. Searching for a newline
# first lets the regular expression engine skip ahead to the next line in C, where a pattern
# starting with ``^`` would be tried (and fail) at every character.
_FIRST_LINE = re.compile(_LINE, re.VERBOSE | re.MULTILINE)
_NEXT_LINE = re.compile(r"\n" + _LINE, re.VERBOSE | re.MULTILINE)


# An ATX heading of Markdown: up to three spaces, one to six '#' and a blank, to the end of the
# line (a '#hashtag' or a time mark '#00:00:12-4#' is no heading).
_HEADING = r" {0,3}#{1,6}[ \t][^\n]*"
_FIRST_HEADING = re.compile(_HEADING)
_NEXT_HEADING = re.compile(r"\n" + _HEADING)

@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A speaker label found at the start of a line.

    Attributes:
        line_start: Offset where the line holding the label begins (where a turn would start).
        start: Offset where the utterance begins, after the label and following blanks.
        label: The label as written, without brackets, asterisks or colon (a qualifier in
            brackets after a name is part of it: ``Rina (tertawa)``).
        timestamp: A timestamp written before the label, or in brackets right after it
            (``Rina (00:00:12):``), without its brackets, if any; a time mark
            (``#00:00:12-4#``) is given as a time (``00:00:12.4``).
    """

    line_start: int
    start: int
    label: str
    timestamp: str | None = None


def clean_label(label: str | None) -> str | None:
    """Return ``label`` stripped if it can be a speaker label, else ``None``.

    A label is at most 40 characters and five words and is not a URL scheme (``https:``);
    white space and invisible characters (zero-width space, BOM ...) around it are dropped.
    """
    if label is None:
        return None
    label = _EDGES.sub("", label)  # white space, and invisible characters pasted with it
    if not label or len(label) > MAX_LABEL_LENGTH or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if label.casefold() in ("http", "https", "ftp", "mailto"):
        return None
    return label


def has_label_lines(text: str) -> bool:
    """Whether some line of ``text`` starts with something shaped like a speaker label, or is a
    header line (a name and a time, see :func:`turn_spans`).

    A cheap test (no label is cleaned or weighed): when it is false, :func:`label_matches` and
    :func:`turn_spans` find nothing, so a one-line answer without a colon costs one failed
    pattern match.
    """
    if ":" not in text and "]" not in text:  # every label shape holds one of them
        return False
    return (_FIRST_LINE.match(text) is not None or _NEXT_LINE.search(text) is not None
            or next(_scan_headers(text), None) is not None)


def label_matches(text: str) -> list[LabelMatch]:
    """Every line of ``text`` that starts with something shaped like a speaker label.

    These are candidates only; :func:`speaker_filter` decides which of them are speakers.
    """
    return list(iter_label_matches(text))


def iter_label_matches(text: str) -> Iterator[LabelMatch]:
    """The matches of :func:`label_matches`, one at a time (a caller may stop early)."""
    for line_start, start, label, timestamp in _scan_labels(text):
        yield LabelMatch(line_start, start, label, timestamp)


def _line_matches(first_line: re.Pattern[str], next_line: re.Pattern[str], text: str
                  ) -> Iterator[tuple[int, re.Match[str]]]:
    """``(line_start, match)`` of each line of ``text`` that ``first_line`` matches at the start
    of the text or ``next_line`` (the same pattern after a newline) after a newline."""
    first = first_line.match(text)
    if first is not None:
        yield 0, first
    # A match never ends just after a newline, so the next matching line is the one after the
    # next newline at or beyond its end.
    for found in next_line.finditer(text, 0 if first is None else first.end()):
        yield found.start() + 1, found


def _scan_labels(text: str, tight: list[int] | None = None
                 ) -> Iterator[tuple[int, int, str, str | None]]:
    """``(line_start, start, label, timestamp)`` of each :func:`label_matches` match; with a
    list ``tight``, also of each label with no blank after its colon, whose line starts are
    added to the list (without it, those are passed over)."""
    cleaned: dict[str, str | None] = {}  # raw label -> clean_label(raw), labels recur a lot
    for line_start, found in _line_matches(_FIRST_LINE, _NEXT_LINE, text):
        ts, bold, bracket, plain, after, no_blank = found.groups()  # the only six groups
        if no_blank is not None and tight is None:
            continue
        raw = bold or bracket or plain
        ts = ts or after
        if raw in cleaned:
            label = cleaned[raw]
        else:
            label = cleaned[raw] = clean_label(raw)
        if label is not None:
            if no_blank is not None and tight is not None:
                tight.append(line_start)
            yield line_start, found.end(), label, _timestamp_text(ts) if ts else None


def _timestamp_text(ts: str) -> str:
    """A timestamp as a turn keeps it: without its brackets, a time mark as a time."""
    return mark_time(ts) if ts[0] == "#" else ts.strip("[]() ")


def _scan_headers(text: str) -> Iterator[tuple[int, int, str, str | None]]:
    """``(line_start, start, label, timestamp)`` of each header line: a name followed by a
    clock time alone on its line, or on a line of its own below the name."""
    if not any(m.start() and text[m.start() - 1].isdigit() for m in _CLOCK_COLON.finditer(text)):
        return
    for line_start, found in _line_matches(_FIRST_HEADER, _NEXT_HEADER, text):
        label = clean_label(found.group("name"))
        if label is not None:
            yield line_start, found.end(), label, found.group("clock")


def turns_from_labels(text: str, starts: Sequence[LabelMatch]) -> tuple[Turn, ...]:
    """Cut ``text`` into turns at the given speaker labels (in text order).

    Each turn runs from its label to the next label's line; text before the first label becomes
    a turn with no speaker. Returns ``()`` when ``starts`` is empty.
    """
    starts_ = [(m.line_start, m.start, m.label, m.timestamp) for m in starts]
    return tuple(Turn(*span) for span in _named(_spans_from_labels(text, starts_)))


def find_turns(
    text: str,
    *,
    is_interviewer: InterviewerMatcher | None = None,
    speakers: Sequence[str] = (),
    markdown: bool = False,
) -> tuple[Turn, ...]:
    """Find speaker turns in ``text``.

    Args:
        text: Normalised document text.
        is_interviewer: Decides which labels are interviewer labels (always accepted as speakers).
        speakers: Labels to accept as speakers even when they occur once.
        markdown: Whether ``text`` is Markdown, whose heading lines (``# Wawancara 3``) end the
            turn above them.

    Returns:
        The turns in text order, each spanning the utterance without its label. Text before the
        first turn becomes a turn with no speaker, and so do a Markdown heading line and the text
        between it and the next label. A text with no speaker labels at all, or whose turns
        are all empty (labels or header lines with nothing said after them), gives ``()``;
        callers then fall back to paragraphs.
    """
    spans = turn_spans(text, is_interviewer=is_interviewer, speakers=speakers,
                       markdown=markdown)
    return tuple(Turn(*span) for span in spans)


def turn_spans(
    text: str,
    *,
    is_interviewer: InterviewerMatcher | None = None,
    speakers: Sequence[str] = (),
    markdown: bool = False,
) -> list[TurnSpan]:
    """The turns :func:`find_turns` finds, as plain ``(start, end, speaker, attributes)``
    tuples (for callers that build segments from them: no :class:`~qualcode.model.Turn` is
    made).

    Besides the lines of :func:`label_matches`, a label with no blank after its colon starts a
    turn when a letter, a quote or an opening bracket follows (``Pewawancara:Apa kabar?``, not
    ``Jam 10:30`` or ``http://``) and the document confirms it
    (:func:`~qualcode.segment.speakers.confirmed_filter`: it recurs, is an interviewer label or
    is declared), since prose takes that shape too (``Re:Undangan``).

    Args:
        text: Normalised document text.
        is_interviewer: Decides which labels are interviewer labels.
        speakers: Labels to accept as speakers even when they occur once.
        markdown: Whether ``text`` is Markdown (its heading lines end turns).

    Returns:
        One tuple per turn of :func:`find_turns`, in the same order, holding its fields.
    """
    tight: list[int] = []
    matches = list(_scan_labels(text, tight))
    if ":" in text:  # a header holds a clock time
        matches = _with_headers(matches, list(_scan_headers(text)), is_interviewer, speakers)
    if tight:
        # A label with no blank after its colon counts only when the text confirms it: a
        # one-off "Re:Undangan" in an answer is not weighed as a name.
        sure = confirmed_filter((m[2] for m in matches), is_interviewer=is_interviewer,
                                speakers=speakers)
        at = set(tight)
        matches = [m for m in matches if m[0] not in at or sure(m[2])]
    if not matches:
        return []
    is_speaker = speaker_filter(
        (m[2] for m in matches), is_interviewer=is_interviewer, speakers=speakers, text=text
    )
    starts: list[_Start] = [m for m in matches if is_speaker(m[2])]
    if markdown and starts and "#" in text:
        starts = _with_headings(text, starts)
    spans = _spans_from_labels(text, starts)
    # Labels with no text after any of them (header lines alone): a turn with text is met at
    # once in a transcript, and without one the text would be in no segment. (Text before the
    # first label, a title or an introduction, is no speaker's turn and does not count.)
    if not any(end > start for start, end, label, _ in spans if label is not None):
        return []
    return _named(spans)


_Start = tuple[int, int, str | None, str | None]
"""Where a turn starts: ``(line_start, start, label, timestamp)``; no label for a heading."""


def _with_headings(text: str, starts: list[_Start]) -> list[_Start]:
    """``starts`` with the Markdown heading lines of ``text``: each starts a turn with no
    speaker that ends with its line, and the text after it starts another (dropped if blank)."""
    headings: list[_Start] = []
    for line_start, found in _line_matches(_FIRST_HEADING, _NEXT_HEADING, text):
        headings.append((line_start, line_start, None, None))
        headings.append((found.end(), found.end(), None, None))
    if not headings:
        return starts
    return sorted(starts + headings, key=operator.itemgetter(0))


def _with_headers(
    matches: list[tuple[int, int, str, str | None]],
    headers: list[tuple[int, int, str, str | None]],
    is_interviewer: InterviewerMatcher | None,
    speakers: Sequence[str],
) -> list[tuple[int, int, str, str | None]]:
    """Add the header lines whose name recurs (as a header or label), is an interviewer label or
    is declared; once some header is kept, a header met once is kept too when its name looks like
    a name. A line such as "Pukul 10:00" in a text without recurring headers stays text."""
    if not headers:
        return matches
    is_interviewer = is_interviewer or InterviewerMatcher()
    counts = Counter(m[2].casefold() for m in itertools.chain(matches, headers))
    known = {s.casefold() for s in speakers}
    taken = {m[0] for m in matches}
    headers = [h for h in headers if h[0] not in taken]
    sure = [counts[h[2].casefold()] >= 2 or h[2].casefold() in known or is_interviewer(h[2])
            for h in headers]
    if not any(sure):
        return matches
    kept = [h for h, ok in zip(headers, sure, strict=True) if ok or looks_like_name(h[2])]
    return sorted(matches + kept)


def _spans_from_labels(text: str, starts: Sequence[_Start]) -> list[TurnSpan]:
    """Turn spans ``(start, end, speaker, attributes)`` from ``(line_start, start, label,
    timestamp)`` label tuples (see :func:`turns_from_labels`). Each span starts after a
    bracketed time that opens it (the turn's ``timestamp`` when the label has none) and ends
    before the times that close it, the last of which is its ``end_time``. The text before the
    first label and a span without a label (a heading) are turns with no speaker, left out when
    blank."""
    if not starts:
        return []
    spans: list[TurnSpan] = []
    _add_unlabelled(text, 0, starts[0][0], spans)
    ends = [line_start for line_start, _, _, _ in starts[1:]]
    ends.append(len(text))
    for (_, start, label, timestamp), end in zip(starts, ends, strict=True):
        if label is None:
            _add_unlabelled(text, start, end, spans)
            continue
        attrs = frozen_mapping({"timestamp": timestamp}) if timestamp else _NO_ATTRIBUTES
        # trimmed_span, inlined: this runs for every turn of every document.
        piece = text[start:end]
        kept = len(piece.strip())
        if not kept:
            spans.append((start, start, label, attrs))
            continue
        if piece[0].isspace():
            start += len(piece) - len(piece.lstrip())
        end = start + kept
        if text[start] in "[(":  # perhaps a time right after the label: the turn's start
            start, opening = leading_time(text, start, end)
            if opening is not None and not timestamp:
                attrs = frozen_mapping({"timestamp": opening})
        if text[end - 1] in "#])":  # perhaps a closing time (one test for the many turns without)
            end, closing = without_trailing_marks(text, start, end)
            attrs = _with_end_time(attrs, closing)
        spans.append((start, end, label, attrs))
    return spans


def _named(spans: list[TurnSpan]) -> list[TurnSpan]:
    """``spans`` with each label whose qualifier in brackets is no part of the speaker
    (:func:`~qualcode.segment.speakers.speaker_names`) replaced by its name, the qualifier kept
    as the turn's ``qualifier`` attribute."""
    labels = {span[2] for span in spans}
    if not any(label and label[-1] in ")]" for label in labels):  # the common text: none
        return spans
    renamed = speaker_names(span[2] for span in spans if span[2] is not None)
    if not renamed:
        return spans
    out: list[TurnSpan] = []
    for span in spans:
        start, end, label, attrs = span
        if label in renamed:
            name, qualifier = renamed[label]
            span = (start, end, name, frozen_mapping({**attrs, "qualifier": qualifier}))
        out.append(span)
    return out


def _add_unlabelled(text: str, start: int, end: int, spans: list[TurnSpan]) -> None:
    """Add ``text[start:end]``, trimmed and without closing time marks, to ``spans`` as a turn
    with no speaker, unless nothing is left."""
    trimmed = trimmed_span(text, start, end)
    if trimmed is None:
        return
    kept, closing = without_trailing_marks(text, *trimmed)
    if kept > trimmed[0]:
        spans.append((trimmed[0], kept, None, _with_end_time(_NO_ATTRIBUTES, closing)))


def _with_end_time(attributes: Mapping[str, Any], end_time: str | None) -> Mapping[str, Any]:
    """``attributes`` with ``end_time`` added, if there is one."""
    if end_time is None:
        return attributes
    return frozen_mapping({**attributes, "end_time": end_time})


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` shrunk to exclude surrounding whitespace, or ``None`` if blank."""
    piece = text[start:end]  # str.strip and str.isspace agree on what white space is
    kept = len(piece.strip())
    if not kept:
        return None
    if piece[0].isspace():
        start += len(piece) - len(piece.lstrip())
    return (start, start + kept)
