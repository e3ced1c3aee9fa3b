"""Finding a quote in a text, and carrying spans over when a text is edited.

Quotes are searched exactly first, nearest a hint offset, then tolerantly: whitespace runs count
as one space, curly and straight quotes and dashes are the same, and case is ignored. A coded
span is looked for at its old place (mapped through the edit) before anywhere else. An edit is
described by :class:`difflib.SequenceMatcher` opcodes (line by line, then character by character
inside the changed lines), which map an old offset to where it most likely is now.
"""

from __future__ import annotations

import bisect
import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["EDITED_SIMILARITY", "Located", "OffsetMap", "find_quote", "reanchor",
           "tolerant_form"]

_EQUIVALENT = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})
EDITED_SIMILARITY = 0.8
"""How alike (difflib ratio) an edited passage must stay to keep its codings in place."""
# Changed stretches longer than this are not diffed character by character (quadratic cost).
_MAX_CHAR_DIFF = 20_000


@dataclass(frozen=True, slots=True)
class Located:
    """Where a quote was found.

    Attributes:
        start: Offset of its first character.
        end: Offset one past its last character.
        how: ``exact`` (the same characters), ``tolerant`` (equal up to whitespace, quote
            style and case) or ``edited`` (the passage was changed in place).
        count: How many places the quote occurs at (in the same way).
    """

    start: int
    end: int
    how: str
    count: int = 1


def tolerant_form(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs collapsed, quotes and dashes unified and case folded, and
    for each of its characters the offset in ``text`` it came from."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text.translate(_EQUIVALENT)):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                origin.append(i)
            in_space = True
            continue
        in_space = False
        for folded in ch.casefold():
            out.append(folded)
            origin.append(i)
    return "".join(out), origin


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    pos = haystack.find(needle)
    while pos != -1:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


def _exact(text: str, quote: str) -> list[Located]:
    """Every exact occurrence of ``quote`` (as given, else without surrounding whitespace)."""
    for candidate in dict.fromkeys((quote, quote.strip())):
        hits = _occurrences(text, candidate)
        if hits:
            return [Located(p, p + len(candidate), "exact", len(hits)) for p in hits]
    return []


@functools.lru_cache(maxsize=2)
def _tolerant_text(text: str) -> tuple[str, list[int]]:
    """:func:`tolerant_form` of a document's text, kept while its codings are placed (one
    pass over the text instead of one per coding; the list is never changed)."""
    return tolerant_form(text)


def _tolerant(text: str, quote: str) -> list[Located]:
    """Every tolerant occurrence of ``quote`` (see :func:`tolerant_form`)."""
    folded_text, origin = _tolerant_text(text)
    folded_quote = tolerant_form(quote.strip())[0]
    hits = _occurrences(folded_text, folded_quote)
    return [Located(origin[p], origin[p + len(folded_quote) - 1] + 1, "tolerant", len(hits))
            for p in hits]


def _nearest(found: list[Located], near: int | None) -> Located | None:
    """The first of ``found``, or the one starting closest to ``near`` (the earlier on a tie)."""
    if not found:
        return None
    return found[0] if near is None else min(found, key=lambda f: (abs(f.start - near),
                                                                   f.start))


def find_quote(text: str, quote: str, near: int | None = None) -> Located | None:
    """Find ``quote`` in ``text``: exactly if possible, else tolerantly.

    Args:
        text: The document text.
        quote: The passage to find (surrounding whitespace is ignored).
        near: Prefer the occurrence whose start is closest to this offset (default: the first).

    Returns:
        The location, or ``None`` when the quote is not in the text.
    """
    if not quote.strip():
        return None
    return _nearest(_exact(text, quote), near) or _nearest(_tolerant(text, quote), near)


class OffsetMap:
    """Maps offsets in an old text to the corresponding offsets in its edited version.

    Args:
        old: The text before the edit.
        new: The text after it.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old_length = len(old)
        self.new_length = len(new)
        self._blocks = _char_opcodes(old, new)
        self._starts = [b[1] for b in self._blocks]
        # the stretches of the new text that the old text had too, in order
        self._kept = sorted((j1, j2) for tag, _, _, j1, j2 in self._blocks if tag == "equal")
        self._kept_starts = [j1 for j1, _ in self._kept]

    def unchanged(self, start: int, end: int) -> bool:
        """Whether ``start:end`` of the new text lies in a stretch the old text had too: words
        found there were there before the edit, another passage than one that moved."""
        i = bisect.bisect_right(self._kept_starts, start) - 1
        return i >= 0 and end <= self._kept[i][1]

    def __call__(self, offset: int) -> int:
        """The offset in the new text where ``offset`` of the old text now is."""
        if offset >= self.old_length:
            return self.new_length
        i = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        tag, i1, i2, j1, j2 = self._blocks[i]
        if tag == "equal":
            return j1 + (offset - i1)
        # Inside a changed stretch: keep the relative position within it.
        return j1 + ((offset - i1) * (j2 - j1)) // max(i2 - i1, 1)


def _char_opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_at = [0, *_running(old_lines)]
    new_at = [0, *_running(new_lines)]
    blocks: list[tuple[str, int, int, int, int]] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        i1, i2, j1, j2 = old_at[a1], old_at[a2], new_at[b1], new_at[b2]
        if tag == "equal" or i2 - i1 > _MAX_CHAR_DIFF or j2 - j1 > _MAX_CHAR_DIFF:
            blocks.append((tag, i1, i2, j1, j2))
            continue
        inner = difflib.SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False)
        for t, x1, x2, y1, y2 in inner.get_opcodes():
            blocks.append((t, i1 + x1, i1 + x2, j1 + y1, j1 + y2))
    return [b for b in blocks if b[2] > b[1]] or [("replace", 0, 1, 0, 0)]


def _running(lines: Sequence[str]) -> list[int]:
    total = 0
    out = []
    for line in lines:
        total += len(line)
        out.append(total)
    return out


def reanchor(new_text: str, offsets: OffsetMap, start: int, quote: str,
             end: int | None = None) -> Located | None:
    """Place a span, known by its old ``start`` (and ``end``) and its ``quote``, in the edited
    text.

    The old span is mapped through the edit, and the passage is looked for there first: the
    quote exactly, then tolerantly (case, spaces or quote marks changed), then, when ``end`` is
    given, the mapped span itself if its text still resembles the quote (a passage edited in
    place: a word added or corrected, reported as ``edited``). Only a passage no longer at its
    place is looked for elsewhere, exactly and then tolerantly, nearest the old place, and
    only in text the edit brought (where a moved passage lands): a short or repeated quote must
    not jump to another speaker's turn because it occurs there unchanged while its own passage
    was touched.

    Returns:
        The new location, or ``None`` when the passage is no longer in the text.
    """
    if not quote.strip():
        return None
    first = offsets(start)
    last = offsets(end) if end is not None else first + len(quote)

    def here(found: list[Located]) -> Located | None:
        return _nearest([f for f in found if f.start < max(last, first + 1) and first < f.end],
                        first)

    exact = _exact(new_text, quote)
    found = here(exact)
    if found is not None:
        return found
    tolerant = _tolerant(new_text, quote)
    found = here(tolerant)
    if found is not None:
        return found
    if end is not None:
        found = _edited(new_text, quote, first, last)
        if found is not None:
            return found
    # Elsewhere only in new text: the words where the old text had them already are another
    # passage ("Terima kasih" in the greeting when the closing thanks were reworded)
    return (_nearest([f for f in exact if not offsets.unchanged(f.start, f.end)], first)
            or _nearest([f for f in tolerant if not offsets.unchanged(f.start, f.end)], first))


def _edited(new_text: str, quote: str, first: int, last: int) -> Located | None:
    """The span ``first:last`` (trimmed of whitespace) as ``edited``, if its text still
    resembles ``quote`` (:data:`EDITED_SIMILARITY`)."""
    while first < last and new_text[first].isspace():
        first += 1
    while last > first and new_text[last - 1].isspace():
        last -= 1
    if last <= first:
        return None
    similarity = difflib.SequenceMatcher(None, quote, new_text[first:last],
                                         autojunk=False).ratio()
    return Located(first, last, "edited") if similarity >= EDITED_SIMILARITY else None
