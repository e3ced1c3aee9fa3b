"""Times written into a transcript: f4transkript marks ``#00:01:23-4#`` and bracketed times.

f4transkript, f5transkript and MAXQDA write the playback time as ``#hh:mm:ss-d#`` (``d``:
tenths of a second); f4 and f5 put one at the end of every paragraph, so it tells when that
paragraph ends. Other tools and typists write the time in brackets: ``[00:01:23]``, ``[01:23]``,
``[00:01:23.456]`` or ``(00:01:23)`` (in parentheses only with the seconds, since prose puts a
clock time such as ``(10:00)`` in parentheses too). A time is not something anyone said: turns,
paragraphs and sentences end before the times that close them, and the last time closing a turn
becomes its ``end_time``; a mark is written ``00:01:23.4`` (the tenths after a point, as in the
other times a transcript gives), a bracketed time as written without its brackets. A segment is
a span of the document text, so a time inside one (closing a paragraph of a turn that goes on,
or in the middle of a sentence) stays in its text.
"""

from __future__ import annotations

import re

__all__ = [
    "BRACKETED_TIME",
    "CLOSERS",
    "MARK_LENGTH",
    "TIME_MARK",
    "leading_time",
    "mark_time",
    "without_trailing_marks",
]

TIME_MARK = r"\#\d{2}:\d{2}:\d{2}-\d\#"
"""The pattern of one f4 mark (its ``#`` escaped, so it may go into a verbose pattern)."""
MARK_LENGTH = len("#00:00:00-0#")
_MARK = re.compile(TIME_MARK)
_FRACTION = r"(?:[.,]\d{1,3})?"
BRACKETED_TIME = (
    rf"(?:\[[^\S\n]*\d{{1,2}}:\d{{2}}(?::\d{{2}})?{_FRACTION}[^\S\n]*\]"
    rf"|\([^\S\n]*\d{{1,2}}:\d{{2}}:\d{{2}}{_FRACTION}[^\S\n]*\))"
)
"""The pattern of a time in brackets, within one line: ``[01:23]``, ``[0:01:23.456]``,
``( 00:01:23 )``; in parentheses the seconds are needed."""
_BRACKETED = re.compile(BRACKETED_TIME)
# The longest bracketed time without blanks is "[00:00:00.000]" (14 characters); a few blanks
# inside the brackets are allowed for, so the opening bracket is looked for this far back.
_BRACKETED_REACH = 24
CLOSERS = ("#", "]", ")")
"""The last character of every time that can close a span (a quick test before the pattern)."""


def mark_time(mark: str) -> str:
    """The time of ``mark``: ``00:01:23.4`` for ``#00:01:23-4#``, the time without its brackets
    and blanks for a bracketed one (``[ 01:23 ]`` gives ``01:23``)."""
    if mark[0] == "#":
        return f"{mark[1:9]}.{mark[10]}"
    return mark[1:-1].strip()


def leading_time(text: str, start: int, end: int) -> tuple[int, str | None]:
    """Where ``text[start:end]`` starts once a bracketed time that opens it is left out.

    ``text[start:end]`` is a trimmed span (it does not start with white space). A time in
    brackets at its start (``[00:05:10] The forms ...``), with the white space after it, is left
    out when white space or the end of the span follows it (``[00:05:10]abc`` is left as it is).

    Returns:
        The new start (never after ``end``) and the time, or ``start`` and ``None`` when the
        span does not start with a bracketed time.
    """
    if start >= end or text[start] not in "[(":
        return start, None
    found = _BRACKETED.match(text, start, end)
    if found is None:
        return start, None
    after = found.end()
    if after < end and not text[after].isspace():
        return start, None
    while after < end and text[after].isspace():
        after += 1
    return after, mark_time(found.group())


def without_trailing_marks(text: str, start: int, end: int) -> tuple[int, str | None]:
    """Where ``text[start:end]`` ends once the times that close it are left out.

    ``text[start:end]`` is a trimmed span (it does not end in white space). f4 marks and
    bracketed times at its end, with the white space before them, are left out.

    Returns:
        The new end (trimmed, never before ``start``) and the time of the last mark or time, or
        ``end`` and ``None`` when the span does not end with one.
    """
    time = None
    while end > start and text[end - 1] in CLOSERS:
        found = _closing_time(text, start, end)
        if found is None:
            break
        if time is None:  # the last one is the latest time
            time = mark_time(found.group())
        end = found.start()
        while end > start and text[end - 1].isspace():
            end -= 1
    return end, time


def _closing_time(text: str, start: int, end: int) -> re.Match[str] | None:
    """The f4 mark or bracketed time that ends ``text[start:end]``, if one does."""
    if text[end - 1] == "#":
        # A mark has a fixed length, so it is matched where it would have to start.
        if end - start < MARK_LENGTH:
            return None
        return _MARK.match(text, end - MARK_LENGTH, end)
    opening = text.rfind("[" if text[end - 1] == "]" else "(", max(start, end - _BRACKETED_REACH),
                         end)
    if opening < 0:
        return None
    found = _BRACKETED.match(text, opening, end)
    return found if found is not None and found.end() == end else None
