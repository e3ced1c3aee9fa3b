"""Captions that roll up: each cue shows again the last line(s) of the cue before it.

YouTube's automatic captions (as ``yt-dlp --write-auto-subs`` saves them) keep two lines on
screen: a cue holds the phrase shown above (the last line of the cue before it) and the phrase
being spoken, and a short cue between two such cues holds the finished phrase alone. Read cue by
cue, every phrase would be quoted and counted two or three times. A line carried over from the
cue before is display, not speech, so the reader leaves it out; whether a file rolls up is
decided on the whole file, so an ordinary subtitle file that repeats a line now and then keeps
every line.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

__all__ = ["carried_lines"]

# A file rolls up when at least this many of its cues carry lines over, and at least half of the
# cues that could (those after the first, with text) do.
_MIN_CARRIED = 3
# Roll-up captions keep at most four lines on screen (broadcast captions roll up 2, 3 or 4), so
# at most three are carried; looking no further keeps a cue of thousands of lines cheap.
_MAX_CARRIED = 3


def _carried(before: Sequence[str], lines: Sequence[str]) -> int:
    """The fewest first ``lines`` that are the last lines of ``before`` (0 if none are).

    The fewest, so a phrase said twice in a row (shown above, then spoken again below) keeps
    its second saying."""
    for count in range(1, min(len(before), len(lines), _MAX_CARRIED) + 1):
        if list(lines[:count]) == list(before[-count:]):
            return count
    return 0


def carried_lines(cues: Sequence[Sequence[str]]) -> list[int]:
    """How many leading lines of each cue repeat the cue before it, when the cues roll up.

    Args:
        cues: Each cue's lines of text in file order (markup removed, lines without text left
            out).

    Returns:
        For each cue, how many of its first lines are the last lines of the cue before it;
        all zeros unless the cues roll up (at least three cues, and at least half of the
        cues with text after the first, carry lines over).

    Example:
        >>> carried_lines([["jadi saya"], ["jadi saya"], ["jadi saya", "ke sekolah"],
        ...                ["ke sekolah"]])
        [0, 1, 1, 1]
        >>> carried_lines([["Ya."], ["Ya."], ["Ya."], ["Baik."]])
        [0, 0, 0, 0]
    """
    counts = [0] + [_carried(before, lines) for before, lines in pairwise(cues)]
    could = sum(1 for lines in cues[1:] if lines)
    rolled = sum(1 for count in counts if count)
    if rolled < _MIN_CARRIED or 2 * rolled < could:
        return [0] * len(cues)
    return counts
