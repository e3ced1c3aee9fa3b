"""Readers for WebVTT (``.vtt``) and SubRip (``.srt``) transcripts (webvtt-py).

Cues become speaker turns: a ``<v Name>`` voice tag or a ``Name:`` prefix names the speaker (a
later line of a cue starting ``Name:`` or ``- Name:`` starts its own turn), a cue without one
continues the current speaker, and consecutive cues of one speaker form one turn.
The document text has one line per turn, written ``Speaker: text`` so it reads like a transcript;
each turn's offsets exclude the label and its ``begin`` and ``end_time`` attributes hold the
earliest start and latest end (``HH:MM:SS.mmm``) of its cues. Cues stay in file order; a cue that
starts before the cue above it is reported with warning W106.

Markup (including word timings ``<00:00:01.000>``) is left out of the text. As in WebVTT, only an
empty line ends a cue: a line of spaces is cue text (YouTube's captions start each cue with
one). In captions that roll up (:mod:`qualcode.io.rollup`) the lines a cue carries over from the
cue before it are left out, so each phrase is read once.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from qualcode.errors import InputError, Issue
from qualcode.io.options import ReadOptions
from qualcode.io.rollup import carried_lines
from qualcode.io.text import normalise, note, read_text_file
from qualcode.model import Document, Turn, frozen_mapping
from qualcode.segment.speakers import speaker_names
from qualcode.segment.turns import LabelMatch, label_matches, speaker_filter

__all__ = ["read_srt", "read_vtt"]

_VTT_TIME = r"(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}"
_SRT_TIME = r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}"
_VTT_TIMINGS = re.compile(rf"\s*{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t].*)?$")
_SRT_TIMINGS = re.compile(rf"\s*{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}(?:[ \t].*)?$")
# The markup patterns stop at the next opening bracket and never backtrack into a run, so a cue
# of a million '<' or '<v.' costs linear time (unbounded classes made them quadratic, and the
# voice pattern's class holding its own '.' separator exponential).
_VOICE = re.compile(r"<v(?:\.[^\s>.<]+)*+[ \t]++([^<>]*)>")
_TAG = re.compile(r"</?[^<>]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")  # {\an8} positioning codes in some .srt files
_SPACE = re.compile(r"\s+")

_Time = tuple[int, int, int, int]  # hours, minutes, seconds, milliseconds
_Start = tuple[int, _Time]  # (1-based line of a cue's timing line, the cue's start)


@dataclass(frozen=True, slots=True)
class _Piece:
    speaker: str | None
    text: str
    begin: str
    end: str
    voiced: bool  # speaker from a voice tag (always a speaker) rather than a "Name:" prefix
    joined: bool = False  # a later line of the cue above that starts with a label


# A dialogue dash before a label on a cue line ("- Rina: Ya."): dropped with the label.
_DASH = re.compile(r"[-–—][ \t]*")


def _label_at_start(text: str) -> tuple[LabelMatch, int] | None:
    """The label starting ``text`` (after a dialogue dash), and where the text after it starts."""
    dash = _DASH.match(text)
    skip = dash.end() if dash else 0
    matches = label_matches(text[skip:]) if ":" in text or "]" in text else []
    if matches and matches[0].line_start == 0:
        return matches[0], skip + matches[0].start
    return None


def _error(path: Path, line: int, message: str, hint: str) -> InputError:
    return InputError(message, path=path, line=line, hint=hint)


def _check_vtt(text: str, path: Path) -> list[_Start]:
    """Report the first broken timing line or stray text block with its 1-based line; return
    each cue's timing line and start."""
    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise _error(path, 1, "not a WebVTT file: the first line must start with 'WEBVTT'",
                     "add a first line 'WEBVTT', or rename the file if it is SubRip (.srt)")
    block: list[tuple[int, str]] = []
    blocks: list[list[tuple[int, str]]] = []
    for number, line in enumerate(lines, start=1):
        # WebVTT ends a block only at an empty line: a line of spaces is cue text (YouTube's
        # captions start each cue with one). Such a line before a timing line, or before an
        # identifier and a timing line, still reads as the blank line it looks like.
        if line.strip() or (line and block and not _before_cue(lines, number)):
            block.append((number, line))
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    # As in WebVTT, a timing line ends the header even without a blank line before it.
    cut = next((i for i, (_, line) in enumerate(blocks[0]) if "-->" in line), None)
    if cut is not None:
        blocks[0:1] = [blocks[0][:cut], blocks[0][cut:]]
    starts: list[_Start] = []
    for block in blocks[1:]:
        first = block[0][1]
        if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
            continue
        arrows = [(n, line) for n, line in block[:2] if "-->" in line]
        if not arrows:
            raise _error(path, block[0][0], "text outside any cue (no 'start --> end' line "
                         "before it)", "remove the blank line that split the cue, or add the "
                         "cue's timings")
        number, line = arrows[0]
        starts.append((number, _check_timings(path, number, line, _VTT_TIMINGS, "00:01:02.500")))
        for number, line in block:
            if "-->" in line and (number, line) != arrows[0]:
                raise _error(path, number, "a cue timing line follows another cue without a "
                             "blank line", "put a blank line before each cue")
    return starts


def _before_cue(lines: list[str], number: int) -> bool:
    """Whether one of the two lines after line ``number`` (1-based) holds cue timings."""
    return any("-->" in line for line in lines[number : number + 2])


def _check_srt(text: str, path: Path) -> tuple[int, list[_Start]]:
    """Validate every timing line; return how many leading blank lines were skipped, and each
    cue's timing line and start."""
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip == len(lines):
        raise _error(path, 1, "the file has no cues", "add cues or remove the file")
    first = skip + 1
    if not (lines[skip].strip().isdigit() and skip + 1 < len(lines)
            and "-->" in lines[skip + 1]):
        raise _error(path, first, "not a SubRip file: it must start with a cue number line "
                     "followed by a 'start --> end' line", "check the file is SubRip (.srt)")
    starts: list[_Start] = []
    for index, line in enumerate(lines):
        if "-->" not in line:
            if line.strip().isdigit() and index > skip and not lines[index - 1].strip() and (
                    index + 1 == len(lines) or "-->" not in lines[index + 1]):
                # a cue whose timing line was lost: its number and text would join the cue above
                raise _error(path, index + 1, f"cue {line.strip()} has no 'start --> end' line "
                             "after its number", "add its timings on the next line, or delete "
                             "the number to join its text to the cue above")
            continue
        begin = _check_timings(path, index + 1, line, _SRT_TIMINGS, "00:01:02,500")
        if index == 0 or not lines[index - 1].strip().isdigit():
            raise _error(path, index + 1, "a cue timing line without a cue number line above it",
                         "put the cue's number on the line before its timings")
        starts.append((index + 1, begin))
    return skip, starts


def _check_timings(path: Path, number: int, line: str, pattern: re.Pattern[str],
                   example: str) -> _Time:
    """Validate one timing line; return its start."""
    from webvtt.errors import MalformedCaptionError
    from webvtt.models import Timestamp

    if pattern.match(line) is None:
        raise _error(path, number, f"broken cue timestamps {line.strip()!r}",
                     f"write them as '{example} --> {example}'")
    start, _, end = line.partition("-->")
    try:
        begin, finish = (Timestamp.from_string(value.replace(",", ".")).to_tuple()
                         for value in (start.strip(), end.split()[0]))
    except MalformedCaptionError as exc:
        raise _error(path, number, f"broken cue timestamps {line.strip()!r} ({exc})",
                     f"write them as '{example} --> {example}'") from exc
    if finish < begin:
        raise _error(path, number, f"broken cue timestamps {line.strip()!r}: the cue ends "
                     "before it starts", "swap the two times, or correct the one that is wrong")
    return begin


def _note_out_of_order(path: Path, starts: list[_Start]) -> None:
    """Warn (W106) about cues that start before the cue above them, naming the first one."""
    late = [line for (_, before), (line, begin) in pairwise(starts) if begin < before]
    if late:
        note(Issue(
            "W106", f"{len(late)} cue(s) start before the cue above them (the first on this "
            "line); their text was kept in file order", path=str(path), line=late[0],
            severity="warning", hint="sort the cues by start time, or correct the timestamps "
            "that are wrong",
        ))


def _time(stamp: str) -> _Time:
    from webvtt.models import Timestamp

    return Timestamp.from_string(stamp).to_tuple()


def _clean(text: str) -> str:
    text = _ASS_OVERRIDE.sub("", _TAG.sub("", text))
    return normalise(_SPACE.sub(" ", html.unescape(text)).strip())


@dataclass(frozen=True, slots=True)
class _Cue:
    """A cue's text (markup kept) and times, as :func:`_pieces` reads them."""

    raw_text: str
    start: str
    end: str


def _unrolled(captions: list[Any]) -> list[Any]:
    """``captions`` without the lines a cue carries over from the cue before it, when the
    captions roll up (:mod:`qualcode.io.rollup`); otherwise ``captions`` as they are."""
    texts = [[text for text in map(_clean, c.raw_text.split("\n")) if text] for c in captions]
    carried = carried_lines(texts)
    if not any(carried):
        return captions
    return [caption if not count else _Cue(_without_first_lines(caption.raw_text, count),
                                           caption.start, caption.end)
            for caption, count in zip(captions, carried, strict=True)]


def _without_first_lines(raw: str, count: int) -> str:
    """``raw`` without its first ``count`` lines with text (and the blank lines among them);
    the last voice tag of those lines is kept, as the lines after it are still that voice's."""
    lines = raw.split("\n")
    cut = len(lines)
    seen = 0
    for index, line in enumerate(lines):
        if _clean(line):
            if seen == count:
                cut = index
                break
            seen += 1
    voices = [m.group(0) for line in lines[:cut] for m in _VOICE.finditer(line)]
    return (voices[-1] if voices else "") + "\n".join(lines[cut:])


def _pieces(captions: Iterable[Any]) -> list[_Piece]:
    """Split each cue into its voice spans and strip markup."""
    pieces: list[_Piece] = []
    for caption in captions:
        parts = _VOICE.split(caption.raw_text)
        spans: list[tuple[str | None, str]] = [(None, parts[0])]
        # a voice name is escaped like the cue text ("<v Rina &amp; Dimas>")
        spans += [(_clean(parts[i]) or None, parts[i + 1]) for i in range(1, len(parts), 2)]
        for speaker, raw in spans:
            # Lines of a span without a voice: one that starts with a label may start a turn.
            chunks = [raw] if speaker is not None else _label_chunks(raw)
            first = True
            for chunk in chunks:
                text = _clean(chunk)
                if text:
                    pieces.append(_Piece(speaker, text, caption.start, caption.end,
                                         speaker is not None, not first))
                    first = False
    return pieces


def _label_chunks(raw: str) -> list[str]:
    """``raw`` cut before each later line that starts with a label (``Rina: ...``,
    ``- Rina: ...``); a cue of one line, or of no such lines, is one chunk."""
    lines = raw.split("\n")
    chunks = [[lines[0]]]
    for line in lines[1:]:
        if _label_at_start(_clean(line)) is not None:
            chunks.append([line])
        else:
            chunks[-1].append(line)
    return ["\n".join(chunk) for chunk in chunks]


def _prefixed(pieces: list[_Piece]) -> list[_Piece]:
    """Take ``Name:`` prefixes off cues without a voice, when the label is a speaker."""
    found: dict[int, tuple[LabelMatch, int]] = {}
    for i, piece in enumerate(pieces):
        if not piece.voiced:
            at_start = _label_at_start(piece.text)
            if at_start is not None:
                found[i] = at_start
    voices = [p.speaker for p in pieces if p.voiced and p.speaker]
    # A voice tag always names a speaker, so it confirms speakers as a repeated label does: a
    # "Name:" met once then starts a turn when it looks like a name, as in a plain transcript.
    labels = [*(m.label for m, _ in found.values()), *voices]
    is_speaker = speaker_filter(labels, speakers=voices,
                                text="\n".join(p.text for p in pieces))
    out: list[_Piece] = []
    for i, piece in enumerate(pieces):
        at_start = found.get(i)
        if at_start is not None and is_speaker(at_start[0].label) and (
                piece.text[at_start[1]:].strip()):
            piece = _Piece(at_start[0].label, piece.text[at_start[1]:].strip(), piece.begin,
                           piece.end, False)
        elif piece.joined and out:
            # not a speaker after all: the line stays in its cue's text, as it was written
            last = out[-1]
            piece = _Piece(last.speaker, f"{last.text} {piece.text}", last.begin, last.end,
                           last.voiced)
            out.pop()
        out.append(piece)
    return out


def _document(pieces: list[_Piece], path: Path, fmt: str, attributes: dict) -> Document:
    if not pieces:
        raise InputError("the file has no cues with text", path=path,
                         hint="check the subtitles were exported with their text")
    # (speaker, texts, begin, end) per turn; a cue without a speaker continues the current one.
    groups: list[list[Any]] = []
    for piece in pieces:
        speaker = piece.speaker
        if speaker is None and groups and groups[-1][0] is not None:
            speaker = groups[-1][0]
        if groups and speaker is not None and groups[-1][0] == speaker:
            groups[-1][1].append(piece.text)
            # a cue out of time order (warned about) must not turn the span inside out
            groups[-1][2] = min(groups[-1][2], piece.begin, key=_time)
            groups[-1][3] = max(groups[-1][3], piece.end, key=_time)
        else:
            groups.append([speaker, [piece.text], piece.begin, piece.end])
    # "Rina (tertawa)" beside "Rina" is Rina's turn, the stage direction its qualifier (as in
    # a plain transcript); the text keeps the label as written
    renamed = speaker_names(g[0] for g in groups if g[0] is not None)
    lines: list[str] = []
    turns: list[Turn] = []
    cursor = 0
    for speaker, texts, begin, end in groups:
        head = f"{speaker}: " if speaker else ""
        body = " ".join(texts)
        start = cursor + len(head)
        times = {"begin": begin, "end_time": end}
        if speaker in renamed:
            speaker, times["qualifier"] = renamed[speaker]
        turns.append(Turn(start, start + len(body), speaker, frozen_mapping(times)))
        lines.append(head + body)
        cursor += len(head) + len(body) + 1
    return Document(
        id=path.stem,
        text="\n".join(lines),
        source=str(path),
        format=fmt,
        attributes=frozen_mapping(attributes),
        turns=tuple(turns),
    )


def _read(path: Path, fmt: str, max_bytes: int) -> Document:
    from webvtt import WebVTT
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    decoded = read_text_file(path, max_bytes=max_bytes)
    attributes = {"encoding": decoded.encoding} if decoded.guessed else {}
    text = decoded.text
    skip = 0
    try:
        if fmt == "vtt":
            starts = _check_vtt(text, path)
            captions = WebVTT.from_string(text).captions
        else:
            skip, starts = _check_srt(text, path)
            body = "\n".join(text.split("\n")[skip:])
            captions = WebVTT.from_buffer(io.StringIO(body), format="srt").captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        kind = "WebVTT" if fmt == "vtt" else "SubRip"
        raise InputError(
            f"not a well-formed {kind} file ({exc})",
            path=path,
            line=skip + 1,
            hint=f"check the file against the {kind} format, or re-export it",
        ) from exc
    document = _document(_prefixed(_pieces(_unrolled(captions))), path, fmt, attributes)
    _note_out_of_order(path, starts)  # only for a file that was read
    return document


def read_vtt(path: Path, options: ReadOptions) -> list[Document]:
    """Read a WebVTT transcript.

    Args:
        path: The ``.vtt`` file (UTF-8, UTF-16 with BOM or a legacy encoding).
        options: Reader options (``max_bytes``).

    Returns:
        One document whose turns are the speakers' runs of cues, in file order (a cue that
        starts before the cue above it is reported with warning W106).

    Raises:
        InputError: If the file cannot be decoded, lacks the ``WEBVTT`` header, has a broken
            timestamp or text outside a cue (naming the line), or has no text.
    """
    return [_read(path, "vtt", options.max_bytes)]


def read_srt(path: Path, options: ReadOptions) -> list[Document]:
    """Read a SubRip transcript.

    Args:
        path: The ``.srt`` file.
        options: Reader options (``max_bytes``).

    Returns:
        One document whose turns are the speakers' runs of cues, in file order (a cue that
        starts before the cue above it is reported with warning W106).

    Raises:
        InputError: If the file cannot be decoded, is not SubRip, has a broken timestamp or a cue
            without its number (naming the line), or has no text.
    """
    return [_read(path, "srt", options.max_bytes)]
