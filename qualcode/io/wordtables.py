"""Word tables that hold a transcript: one row per turn, the speaker in a column of its own.

Two layouts are recognised: speaker | words, and three columns with a time beside the speaker
(time | speaker | words or speaker | time | words). A table is read this way only when it looks
like a conversation:

- its rows (most of them have the same number of cells, two or three) hold in the speaker column
  a short label, one line shaped like a name (``Rina``, ``Dra. Siti Aminah, M.Si.``,
  ``Pewawancara:``), or nothing (the row goes on with the turn above; with a time, as a turn
  of the same speaker, the time its timestamp);
- in a three-column table, the time column holds only clock times (``00:01:02``, ``[1:02]``,
  ``0:03 - 0:07``) or nothing;
- at least two speakers, one of them in two rows or more, and the speaker changes at least at
  every other row, as turns do;
- the words column holds more text than the speaker column.

So a form (Nama | Rina, Tanggal | 3 Mei, even one repeating its fields for two people), a codes
table grouped by code, or a list of quotes by theme is read cell by cell as before. A first row
marked as a header row in Word, whose time cell is not a time, or that reads like column titles
(a label met once over at most three words without a full stop) is the table's header, not a
turn.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.segment.turns import CLOCK, NAME_SHAPE, clean_label

__all__ = ["TableLayout", "cell_time", "parse_label", "speaker_table"]

_TIME_CELL = re.compile(
    rf"\s*[\[(]?\s*({CLOCK}(?:\s*(?:-|–|—|-->)\s*{CLOCK})?)\s*[\])]?\s*"
)
_TITLE_WORDS = 3
_LONGEST_LABEL = 60  # longer text is no label (clean_label refuses over 40): not looked at


@dataclass(frozen=True, slots=True)
class TableLayout:
    """Where a speaker table keeps its speaker, words and times.

    Attributes:
        width: The number of cells of the rows that are turns (other rows are read as text).
        speaker: The speaker column.
        words: The column of what was said.
        time: The time column, if any.
        header: How many rows at the top are its header (0 or 1).
    """

    width: int
    speaker: int
    words: int
    time: int | None = None
    header: int = 0


def cell_time(text: str) -> str | None:
    """The clock time (or range) a time cell holds, without brackets; ``None`` if it holds
    something else."""
    found = _TIME_CELL.fullmatch(text)
    return None if found is None else found.group(1)


def parse_label(text: str) -> str | None:
    """The speaker label a speaker cell, a bold paragraph or a bold lead holds: one line shaped
    like a name (a letter first, then letters, digits, blanks and ``.,'’()[]/&-``: a qualifier
    in brackets too), a colon after it dropped; ``None`` for anything else."""
    written = text.strip()
    if "\n" in written or len(written) > _LONGEST_LABEL:
        return None
    label = clean_label(written[:-1] if written.endswith(":") else written)
    if label is None or not NAME_SHAPE.fullmatch(label):
        return None
    return label


def speaker_table(rows: Sequence[Sequence[str]], *, header_marked: bool = False
                  ) -> TableLayout | None:
    """The layout of a table holding a transcript, or ``None`` for any other table.

    Args:
        rows: Each row's cell texts (a cell's paragraphs joined by newlines; a vertically merged
            cell's continuation is ``""``).
        header_marked: Whether Word marks the first row as a header row.

    Returns:
        The layout, when the table passes the tests in the module docstring.
    """
    widths = Counter(len(row) for row in rows)
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    if width not in (2, 3):
        return None
    time = None
    header = 1 if header_marked else 0
    if width == 3:
        found = _time_column(rows, header)
        if found is None:
            return None
        time, header = found
    speaker = 0 if time != 0 else 1
    layout = TableLayout(width, speaker, width - 1, time, header)
    if not header and _reads_like_titles(rows, layout) and _conversation(rows[1:], layout):
        return TableLayout(width, speaker, width - 1, time, 1)
    return layout if _conversation(rows[header:], layout) else None


def _time_column(rows: Sequence[Sequence[str]], header: int) -> tuple[int, int] | None:
    """``(column, header rows)`` of the one column of the first two holding only times."""
    found = []
    for column in (0, 1):
        top = header
        if not top and len(rows[0]) == 3 and rows[0][column].strip() and cell_time(
                rows[0][column]) is None:
            top = 1  # a title such as "Waktu" over the times
        times = [cell_time(row[column]) for row in rows[top:]
                 if len(row) == 3 and row[column].strip()]
        if times and all(t is not None for t in times):
            found.append((column, top))
    return found[0] if len(found) == 1 else None


def _reads_like_titles(rows: Sequence[Sequence[str]], layout: TableLayout) -> bool:
    """Whether the first row reads like column titles: its label is in no other row and its
    words cell is one short line without a full stop, question or exclamation mark."""
    row = rows[0]
    if len(row) != layout.width:
        return False
    label = parse_label(row[layout.speaker])
    if label is None or any(len(other) == layout.width
                            and parse_label(other[layout.speaker]) == label for other in rows[1:]):
        return False
    words = row[layout.words].strip()
    return (bool(words) and "\n" not in words and len(words.split()) <= _TITLE_WORDS
            and not any(mark in words for mark in ".?!"))


def _conversation(rows: Sequence[Sequence[str]], layout: TableLayout) -> bool:
    """Whether ``rows`` read as turns: name-shaped speaker cells, two speakers or more, one of
    them recurring, the speaker changing at least at every other row, some words."""
    labels: list[str] = []
    said = 0  # characters in the words column, against those of the labels
    for row in rows:
        if len(row) != layout.width:
            continue
        if row[layout.speaker].strip():
            label = parse_label(row[layout.speaker])
            if label is None:
                return False
            labels.append(label.casefold())
        said += len(row[layout.words].strip())
    counts = Counter(labels)
    if said <= sum(map(len, labels)) or len(counts) < 2 or max(counts.values()) < 2:
        return False
    changes = sum(a != b for a, b in itertools.pairwise(labels))
    return 2 * changes >= len(labels) - 1
