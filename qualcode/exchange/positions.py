"""Selection positions: from what a QDA program wrote to code points of the normalised text.

The REFI-QDA spec counts Unicode code points in the plain text, but programs differ (see
``docs/refi-qda.md``): NVivo for Windows counts UTF-16 code units (a character above U+FFFF
counts two) after the byte-order mark, with CRLF as two; ATLAS.ti writes CRLF but counts a line
break once. qualcode's documents are normalised (NFC, ``\\n`` line ends, no BOM), so every
position goes through three steps: UTF-16 units -> code points, CRLF -> LF, text -> NFC text.

:class:`PositionMap` converts positions for one source under a given convention;
:func:`detect_convention` picks the convention that makes the selections fit the text best,
starting from the one expected for the program that wrote the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "CONVENTIONS",
    "Convention",
    "OutputPositions",
    "PositionMap",
    "Selection",
    "detect_convention",
    "expected_convention",
]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Convention:
    """How a program counts positions.

    Attributes:
        unit: ``codepoint`` or ``utf16`` (UTF-16 code units).
        newlines: ``raw`` (a CRLF counts two, as in the file) or ``lf`` (a line break counts
            one whatever the file holds).
    """

    unit: str = "codepoint"
    newlines: str = "raw"

    def describe(self) -> str:
        """Human wording, e.g. ``UTF-16 code units, CRLF counted as two``."""
        unit = "UTF-16 code units" if self.unit == "utf16" else "code points"
        lines = "CRLF counted as two" if self.newlines == "raw" else "a line break counted once"
        return f"{unit}, {lines}"


CONVENTIONS = (
    Convention("codepoint", "raw"),
    Convention("utf16", "raw"),
    Convention("codepoint", "lf"),
    Convention("utf16", "lf"),
)


def expected_convention(origin: str) -> Convention:
    """The convention the program named by ``origin`` is known to use."""
    lowered = origin.strip().lower()
    if lowered.startswith("nvivo"):
        return Convention("utf16", "raw")
    if lowered.startswith("atlas.ti"):
        return Convention("codepoint", "lf")
    return Convention("codepoint", "raw")


@dataclass(frozen=True, slots=True)
class Selection:
    """A text selection as written in the file: positions in the program's units."""

    start: int
    end: int
    name: str = ""


def _astral_utf16_starts(text: str) -> list[int]:
    """UTF-16 offsets at which each character above U+FFFF starts."""
    return [m.start() + rank for rank, m in enumerate(_ASTRAL.finditer(text))]


@dataclass(slots=True)
class PositionMap:
    """Converts positions of one source's plain text to its normalised text.

    Args:
        raw: The decoded plain text (byte-order mark removed, line ends as in the file).
    """

    raw: str
    text: str = field(init=False)
    _lf: str = field(init=False)
    _crlf: list[int] = field(init=False)
    _astral_raw: list[int] = field(init=False)
    _astral_lf: list[int] = field(init=False)
    _nfc_from: list[int] | None = field(init=False)
    _nfc_to: list[int] | None = field(init=False)

    def __post_init__(self) -> None:
        raw = self.raw
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)]
        self._lf = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
        self._astral_raw = _astral_utf16_starts(raw)
        self._astral_lf = (
            self._astral_raw if self._lf is raw else _astral_utf16_starts(self._lf)
        )
        self._nfc_from = self._nfc_to = None
        if self._lf.isascii() or unicodedata.is_normalized("NFC", self._lf):
            self.text = self._lf
        else:
            self.text = unicodedata.normalize("NFC", self._lf)
            self._build_nfc_map()

    def _build_nfc_map(self) -> None:
        # Normalise run by run (a starter and the combining marks after it) and keep where
        # each run starts on both sides; positions inside a run round down to its start.
        starts = [i for i, ch in enumerate(self._lf) if unicodedata.combining(ch) == 0]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        froms: list[int] = []
        tos: list[int] = []
        pieces: list[str] = []
        length = 0
        for k, begin in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(self._lf)
            piece = unicodedata.normalize("NFC", self._lf[begin:end])
            froms.append(begin)
            tos.append(length)
            pieces.append(piece)
            length += len(piece)
        if "".join(pieces) == self.text:
            self._nfc_from, self._nfc_to = froms, tos
        else:  # composition across starters (rare scripts): fall back to prefix lengths
            self._nfc_from, self._nfc_to = [], []

    @property
    def has_variants(self) -> bool:
        """Whether conventions can disagree here (the text has CRLF or astral characters)."""
        return bool(self._crlf or self._astral_raw)

    def length(self, convention: Convention) -> int:
        """The text's length counted in ``convention``."""
        base = self.raw if convention.newlines == "raw" else self._lf
        astral = self._astral_raw if convention.newlines == "raw" else self._astral_lf
        return len(base) + (len(astral) if convention.unit == "utf16" else 0)

    def to_text(self, position: int, convention: Convention) -> int:
        """Convert ``position`` (counted in ``convention``) to a code-point offset of
        :attr:`text`, clamped to ``[0, len(text)]``. A position inside a surrogate pair or a
        CRLF rounds down.
        """
        position = max(position, 0)
        if convention.newlines == "raw":
            if convention.unit == "utf16":
                position -= bisect.bisect_left(self._astral_raw, position)
            position -= bisect.bisect_left(self._crlf, position)
        elif convention.unit == "utf16":
            position -= bisect.bisect_left(self._astral_lf, position)
        position = min(position, len(self._lf))
        if self._nfc_from is not None:
            if self._nfc_from:
                k = bisect.bisect_right(self._nfc_from, position) - 1
                position = self._nfc_to[k] if k >= 0 else 0  # type: ignore[index]
            else:
                position = len(unicodedata.normalize("NFC", self._lf[:position]))
        return min(position, len(self.text))

    def fits(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` of :attr:`text` runs from a line start to a line end."""
        text = self.text
        return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def _same(name: str, quote: str) -> bool:
    return " ".join(name.split()) == " ".join(quote.split())


def _score(pmap: PositionMap, selections: Sequence[Selection], convention: Convention) -> int:
    limit = pmap.length(convention)
    score = 0
    for sel in selections:
        if sel.start < 0 or sel.end < sel.start or sel.end > limit:
            score -= 5
            continue
        start = pmap.to_text(sel.start, convention)
        end = pmap.to_text(sel.end, convention)
        if pmap.fits(start, end):
            score += 1
        if len(sel.name.strip()) >= 3 and _same(sel.name, pmap.text[start:end]):
            score += 3
    return score


def detect_convention(
    pmap: PositionMap, selections: Sequence[Selection], expected: Convention
) -> tuple[Convention, dict[Convention, int]]:
    """Pick the counting convention under which ``selections`` fit the text best.

    Each convention scores a point per selection that runs from a line start to a line end,
    three per selection whose ``name`` equals its text (programs that write the quote there),
    and loses five per selection outside the text. ``expected`` (from the file's origin) is kept
    unless another convention beats it clearly (by 5% of the selections and at least 2).

    Returns:
        The chosen convention and the score of each one (empty when all agree because the text
        has neither CRLF nor characters above U+FFFF).
    """
    if not pmap.has_variants or not selections:
        return expected, {}
    scores = {c: _score(pmap, selections, c) for c in CONVENTIONS}
    best = max(CONVENTIONS, key=lambda c: (scores[c], c == expected))
    margin = max(2, len(selections) // 20)
    if scores[best] >= scores[expected] + margin:
        return best, scores
    return expected, scores


class OutputPositions:
    """Converts code-point offsets of a normalised text to the units written on export.

    Args:
        text: The normalised text (``\\n`` line ends).
        unit: ``codepoint`` (the spec) or ``utf16``.
        crlf: Whether the text is written with CRLF line ends (each then counts two).
    """

    def __init__(self, text: str, *, unit: str = "codepoint", crlf: bool = False) -> None:
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"] if crlf else []
        self._astral = (
            [m.start() for m in _ASTRAL.finditer(text)] if unit == "utf16" else []
        )

    def __call__(self, position: int) -> int:
        """The written position of code-point offset ``position``."""
        return (
            position
            + bisect.bisect_left(self._newlines, position)
            + bisect.bisect_left(self._astral, position)
        )
