"""Speaker labels that a Word transcript shows by its layout, and which of them are speakers.

A paragraph may start with its speaker's name in bold ("**Rina** Anaknya takut sekolah.", or
"**Rina:** ..."). Bold at the start of a paragraph is also emphasis ("**Tidak** pernah sekali pun
dia minta maaf.", "**Jakarta Utara** itu keras"), so a bold lead without a colon is weighed:

- it is an interviewer label or listed in front matter ``speakers:``: a speaker;
- the words after it carry on its sentence (they start with a lower-case letter or a comma,
  semicolon or full stop, or the bold ends with one) in most paragraphs it leads: emphasis;
- otherwise it is a speaker when its label leads two paragraphs or more (speakers speak more than
  once), or, led once, when it looks like a name and is not a word the document writes in lower
  case elsewhere (``Tidak`` is, ``Rina`` is not), once other speakers are known.

A bold lead with a colon is a label as ``Name:`` is in plain text (see
:func:`qualcode.segment.turns.speaker_filter`).

A transcript may also give the name in a bold paragraph of its own, the words in the paragraphs
after it (a time alone in the paragraph under the name is the turn's timestamp). Such a
paragraph without a colon is a speaker when its label is an interviewer or declared label, or
leads two paragraphs or more; a heading met once ("**Catatan lapangan**") is not. The rows of a
speaker table (:mod:`qualcode.io.wordtables`) are speakers by the table's layout.

The labels are kept in the text as Word shows them; the turns start after them.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qualcode.io.wordtables import parse_label
from qualcode.model import Document, Turn
from qualcode.segment.speakers import (
    InterviewerMatcher,
    declared_speakers,
    speaker_filter,
    writes_word,
)
from qualcode.segment.turns import (
    CLOCK,
    INVISIBLE,
    LabelMatch,
    label_matches,
    trimmed_span,
    turns_from_labels,
)

__all__ = ["Lead", "SpeakerMark", "bold_lead", "label_paragraph", "with_speakers"]

_CLOCK_ONLY = re.compile(rf"\s*{CLOCK}\s*")  # a Teams header time
_LEADING_BLANKS = re.compile(rf"[\s{INVISIBLE}]*")  # blanks and characters that show nothing
_ABBREVIATION = re.compile(r"(?:^|\s)\w+(?:\.\w+)+\.$")  # "M.Si.", "S.Pd." end a name


@dataclass(frozen=True, slots=True)
class Lead:
    """A bold run at the start of a paragraph that may name its speaker.

    Attributes:
        label: The bold text, without a colon.
        end: Offset in the paragraph's text where its words begin (after label, colon, blanks).
        colon: Whether a colon follows the label (in the bold or right after it).
        reads_on: Whether the words carry on the bold text's sentence (emphasis, not a label).
    """

    label: str
    end: int
    colon: bool
    reads_on: bool


@dataclass(frozen=True, slots=True)
class SpeakerMark:
    """A speaker label found in the layout, placed in the document text.

    Attributes:
        line_start: Where the label begins (where the turn's block begins).
        start: Where the words begin.
        label: The speaker label.
        kind: ``"bold"`` (a bold lead), ``"paragraph"`` (a bold paragraph of its own) or
            ``"row"`` (a row of a speaker table).
        colon: Whether the label was written with a colon.
        reads_on: Whether the words after a bold lead carry on its sentence.
        timestamp: The turn's time, from a time cell or a time paragraph under the name.
    """

    line_start: int
    start: int
    label: str
    kind: str = "bold"
    colon: bool = False
    reads_on: bool = False
    timestamp: str | None = None


def bold_lead(texts: Sequence[str], is_bold: Callable[[int], bool]) -> Lead | None:
    """The bold lead of a paragraph, if it may be a speaker label.

    Args:
        texts: The text of each run of the paragraph.
        is_bold: Whether run ``i`` is bold (asked only for runs up to the first plain one).

    Returns:
        The lead, or ``None`` when the paragraph does not start in bold, is bold throughout,
        has only a clock time after the bold (a Teams header, which the text parser reads) or
        the bold is not shaped like a label.
    """
    bold = ""
    rest_index = len(texts)
    for i, text in enumerate(texts):
        if not text.strip():
            bold += text
            continue
        if not is_bold(i):
            rest_index = i
            break
        bold += text
    rest = "".join(texts[rest_index:])
    if not bold.strip() or not rest.strip():
        return None  # no bold lead, or a bold heading
    if _CLOCK_ONLY.fullmatch(rest):
        return None  # a Teams header "Rina Wulandari 0:03": the text parser reads it
    label = bold.strip()
    end = len(bold)
    colon = label.endswith(":")
    if colon:
        label = label[:-1].rstrip()
    elif rest.lstrip().startswith(":"):
        colon = True
        end += len(rest) - len(rest.lstrip()) + 1
    name = parse_label(label)
    if name is None:
        return None
    full = bold + rest
    while end < len(full) and full[end].isspace():
        end += 1
    return Lead(name, end, colon, not colon and _reads_on(name, rest))


def label_paragraph(texts: Sequence[str], is_bold: Callable[[int], bool]
                    ) -> tuple[str, bool] | None:
    """``(label, colon)`` when a paragraph is a name in bold and nothing else.

    Args:
        texts: The text of each run of the paragraph.
        is_bold: Whether run ``i`` is bold.
    """
    text = "".join(texts).strip()
    label = parse_label(text)
    if label is None or not all(is_bold(i) for i, t in enumerate(texts) if t.strip()):
        return None
    return label, text.endswith(":")


def _reads_on(label: str, rest: str) -> bool:
    """Whether the words after a bold ``label`` carry on its sentence: they start with a
    lower-case letter or a comma, semicolon or full stop, or the bold itself ends with one
    (but not with an abbreviation such as ``M.Si.``)."""
    if label[-1] in ",;" or (label[-1] == "." and not _ABBREVIATION.search(label)):
        return True
    words = rest[_LEADING_BLANKS.match(rest).end():]
    if not words:
        return False
    first = words[0]
    return first.islower() or first in ",;" or (first == "." and not words.startswith(".."))


def with_speakers(doc: Document, marks: Sequence[SpeakerMark], *,
                  outside: Sequence[tuple[int, int]] = ()) -> Document:
    """``doc`` with turns when some layout label in ``marks`` is a speaker (see the module
    docstring), merging the ``Name:`` labels of its text; else ``doc`` unchanged, its labels
    left to the plain-text turn parser.

    Args:
        doc: The document, its text already cut from its front matter.
        marks: Labels placed in the text before the front matter was cut (offsets are shifted
            by ``doc.offset``; those inside the front matter are dropped).
        outside: ``(start, end)`` spans of text, placed as ``marks`` are, that belong to no
            turn (the header row of a speaker table), so to no segment.
    """
    shift = doc.offset
    marks = [dataclasses.replace(m, line_start=m.line_start - shift, start=m.start - shift)
             for m in marks if m.line_start >= shift]
    if not marks:
        return doc
    text = doc.text
    speakers = declared_speakers(doc.attributes)
    known = {s.casefold() for s in speakers}
    is_interviewer = InterviewerMatcher()
    plain = label_matches(text)

    def sure(mark: SpeakerMark) -> bool:
        return (mark.kind == "row" or mark.colon or is_interviewer(mark.label)
                or mark.label.casefold() in known)

    votes: Counter[str] = Counter()  # per bare bold label: paragraphs read on minus those not
    for mark in marks:
        if mark.kind == "bold" and not sure(mark):
            votes[mark.label.casefold()] += 1 if mark.reads_on else -1
    marks = [m for m in marks if sure(m) or m.kind != "bold" or votes[m.label.casefold()] < 0]
    counts = Counter(label.casefold() for label in
                     itertools.chain((m.label for m in plain), (m.label for m in marks)))
    marks = [m for m in marks if sure(m) or counts[m.label.casefold()] >= 2
             or (m.kind == "bold" and not _ordinary(m.label, text))]
    by_line = {m.line_start: m for m in _outside_labels(plain, marks)}
    by_line.update({m.line_start: LabelMatch(m.line_start, m.start, m.label, m.timestamp)
                    for m in marks})
    matches = [by_line[k] for k in sorted(by_line)]
    rows = {m.line_start for m in marks if m.kind == "row"}
    is_speaker = speaker_filter((m.label for m in matches), speakers=speakers, text=text)
    if not any(m.line_start in rows or is_speaker(m.label) for m in marks):
        return doc
    turns = turns_from_labels(
        text, [m for m in matches if m.line_start in rows or is_speaker(m.label)])
    spans = [(s - shift, e - shift) for s, e in outside if s >= shift]
    if spans:
        turns = _without(turns, spans, text)
    return dataclasses.replace(doc, turns=turns)


def _without(turns: Sequence[Turn], spans: Sequence[tuple[int, int]], text: str
             ) -> tuple[Turn, ...]:
    """``turns`` with the text of ``spans`` cut out of them: the pieces of a turn on either
    side of a span, trimmed, are turns of its speaker; a turn with no speaker that keeps no
    text is dropped (a speaker's keeps its place as an empty turn)."""
    out: list[Turn] = []
    for turn in turns:
        pieces = [(turn.start, turn.end)]
        for start, end in spans:
            cut = []
            for s, e in pieces:
                if e <= start or s >= end:
                    cut.append((s, e))
                    continue
                cut.extend(p for p in (trimmed_span(text, s, start), trimmed_span(text, end, e))
                           if p is not None)
            pieces = cut
        if not pieces and turn.speaker is not None:
            pieces = [(turn.start, turn.start)]
        out.extend(dataclasses.replace(turn, start=s, end=e) for s, e in pieces)
    return tuple(out)


def _outside_labels(plain: Sequence[LabelMatch], marks: Sequence[SpeakerMark]
                    ) -> list[LabelMatch]:
    """The ``Name:`` labels of ``plain`` that do not lie in the label of a row or a label
    paragraph of ``marks``: the speaker cell ``Pewawancara:`` of a row time | speaker | words
    is on a line of its own, after the time cell where the row's turn begins, and would
    otherwise start a second turn for the same row (the first empty, with the time)."""
    spans = sorted((m.line_start, m.start) for m in marks if m.kind != "bold")
    if not spans:
        return list(plain)
    firsts = [line_start for line_start, _ in spans]
    kept = []
    for match in plain:
        i = bisect.bisect_right(firsts, match.line_start) - 1
        if i < 0 or match.line_start >= spans[i][1]:
            kept.append(match)
    return kept


def _ordinary(label: str, text: str) -> bool:
    """Whether ``text`` writes ``label`` in lower case somewhere (``tidak`` for ``Tidak``): an
    ordinary word, which a bold lead met once is more likely to stress than to name.

    Unlike :func:`~qualcode.segment.speakers.is_ordinary_word`, which takes a label in capitals
    for an abbreviation (``A:``, ``SPEAKER_02:``), a bold lead in capitals is weighed too: bold
    capitals are how Word users stress a word (``**TIDAK** pernah``), and a trailing full stop
    of the bold is no part of the word."""
    lower = label.rstrip(".").lower()
    return lower != label and writes_word(lower, text)
