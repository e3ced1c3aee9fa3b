"""The characters of Word's inserted symbols (``w:sym``).

Insert > Symbol stores a character as a font and a hexadecimal code instead of text. A code
outside the private use area is the Unicode character itself. Symbol fonts (Symbol, Wingdings)
use codes ``F020``-``F0FF``, their glyph positions shifted into the private use area; for the
Symbol font the usual ones (Greek letters, degree, plus-minus, arrows, relations) are mapped to
their Unicode equivalents. Other private use codes, and the pictures of Wingdings and its kind,
have no character and are left out.
"""

from __future__ import annotations

import unicodedata

__all__ = ["symbol_character"]

_PRIVATE_USE = 0xF000  # symbol fonts put their glyph at 0xF000 + position
_GREEK_UPPER = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"  # positions 0x41-0x5A of the Symbol font
_GREEK_LOWER = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"  # positions 0x61-0x7A
# Positions of the Symbol font whose glyph is not the ASCII/Latin-1 character of that number.
_SYMBOL_FONT = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅", 0x5C: "∴", 0x5E: "⊥",
    0x7E: "∼", 0xA0: "€", 0xA1: "ϒ", 0xA2: "′", 0xA3: "≤", 0xA4: "⁄", 0xA5: "∞", 0xA6: "ƒ",
    0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→",
    0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂",
    0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xBF: "↵", 0xC0: "ℵ",
    0xC1: "ℑ", 0xC2: "ℜ", 0xC3: "℘", 0xC4: "⊗", 0xC5: "⊕", 0xC6: "∅", 0xC7: "∩", 0xC8: "∪",
    0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCE: "∈", 0xCF: "∉", 0xD0: "∠",
    0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "∏", 0xD6: "√", 0xD7: "⋅", 0xD8: "¬",
    0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓", 0xE0: "◊",
    0xE1: "⟨", 0xE2: "®", 0xE3: "©", 0xE4: "™", 0xE5: "∑", 0xF1: "⟩", 0xF2: "∫",
}
_SYMBOL_FONT.update({0x41 + i: c for i, c in enumerate(_GREEK_UPPER)})
_SYMBOL_FONT.update({0x61 + i: c for i, c in enumerate(_GREEK_LOWER)})
# Printable ASCII the Symbol font draws as itself: digits, brackets, most punctuation.
_SYMBOL_FONT.update({c: chr(c) for c in range(0x20, 0x7F) if c not in _SYMBOL_FONT})
del _SYMBOL_FONT[0x60]  # a radical extender: a piece of a larger glyph


def symbol_character(font: str | None, code: str | None) -> str:
    """The text of a ``w:sym`` element.

    Args:
        font: Its ``w:font`` (``Symbol``, ``Wingdings`` ...).
        code: Its ``w:char``, a hexadecimal code (``00B0``, ``F0B0``).

    Returns:
        The character, or ``""`` when the code names no character (a private use glyph other
        than the Symbol font's usual ones, a control character or a malformed code).
    """
    try:
        number = int((code or "").strip(), 16)
    except ValueError:
        return ""
    symbol_font = (font or "").strip().casefold() == "symbol"
    if _PRIVATE_USE <= number <= _PRIVATE_USE + 0xFF:
        return _SYMBOL_FONT.get(number - _PRIVATE_USE, "") if symbol_font else ""
    if symbol_font and number <= 0xFF:
        return _SYMBOL_FONT.get(number, "")
    if not 0 <= number <= 0x10FFFF:
        return ""  # "-1", or beyond Unicode
    character = chr(number)
    if unicodedata.category(character) in ("Cc", "Cs", "Co", "Cn"):
        return ""  # a control, surrogate, private use or unassigned code: nothing to show
    return character
