"""Time marks of f4transkript, f5transkript and MAXQDA: ``#00:01:23-4#``.

These programs write the playback time as ``#hh:mm:ss-d#`` (``d``: tenths of a second); f4 and
f5 put one at the end of every paragraph, so it tells when that paragraph ends. A mark is not
something anyone said: turns, paragraphs and sentences end before the marks that close them, and
the last mark closing a turn becomes its ``end_time``, written ``00:01:23.4`` (the tenths after a
point, as in the other times a transcript gives). A segment is a span of the document text, so a
mark inside one (closing a paragraph of a turn that goes on) stays in its text.
"""

from __future__ import annotations

import re

__all__ = ["MARK_LENGTH", "TIME_MARK", "mark_time", "without_trailing_marks"]

TIME_MARK = r"\#\d{2}:\d{2}:\d{2}-\d\#"
"""The pattern of one mark (its ``#`` escaped, so it may go into a verbose pattern)."""
MARK_LENGTH = len("#00:00:00-0#")
_MARK = re.compile(TIME_MARK)


def mark_time(mark: str) -> str:
    """The time of ``mark`` (``#00:01:23-4#``) as ``00:01:23.4``."""
    return f"{mark[1:9]}.{mark[10]}"


def without_trailing_marks(text: str, start: int, end: int) -> tuple[int, str | None]:
    """Where ``text[start:end]`` ends once the time marks that close it are left out.

    ``text[start:end]`` is a trimmed span (it does not end in white space). Marks at its end,
    with the white space before them, are left out.

    Returns:
        The new end (trimmed, never before ``start``) and the time of the last mark, or ``end``
        and ``None`` when the span does not end with a mark.
    """
    time = None
    # A mark has a fixed length, so each is matched where it would have to start.
    while end - start >= MARK_LENGTH and text[end - 1] == "#":
        found = _MARK.match(text, end - MARK_LENGTH, end)
        if found is None:
            break
        if time is None:  # the last mark is the latest time
            time = mark_time(found.group())
        end = found.start()
        while end > start and text[end - 1].isspace():
            end -= 1
    return end, time
