"""Apostrophes as the rules read them: every mark typed for an apostrophe is ``'``.

Phones, word processors and survey tools type a right single quotation mark (``’``) where a
keyboard has ``'``; transcription tools and some keyboards give a modifier letter apostrophe
(``ʼ``), a prime (``′``) or an acute or grave accent. Regular expressions and
exact phrases compare characters, so ``didn't care`` would miss *didn’t care*, and an exclusion
such as ``\\bwasn't\\s+helpful`` would silently let *wasn’t helpful* through. The matcher reads
each segment, and each rule's phrases, exceptions and pattern, with these marks folded to ``'``:
one character for one, so positions carry over and the words a rule matched are reported as the
segment writes them (:func:`typed_words`).
"""

from __future__ import annotations

import re
import unicodedata

from qualcode.coding.morphology import WORD_RE, split_hyphenated

__all__ = ["APOSTROPHES", "fold_apostrophes", "fold_pattern", "typed_words"]

APOSTROPHES = "\u2019\u2018\u201b\u02bc\u02b9\u2032\u00b4\uff07`"
"""The marks read as ``'``: right and left single quotation marks (’ ‘), the reversed one (‛),
the modifier letter apostrophe and prime (ʼ ʹ), the prime (′), the acute and grave accents
(´ `) and the fullwidth apostrophe (＇)."""

_FOLD = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_FOUND = re.compile(f"[{re.escape(APOSTROPHES)}]")


def fold_apostrophes(text: str) -> str:
    """``text`` with every mark of :data:`APOSTROPHES` replaced by ``'`` (same length).

    Example:
        >>> fold_apostrophes("They didn’t care")
        "They didn't care"
    """
    if text.isascii() and "`" not in text:
        return text
    if _FOUND.search(text) is None:
        return text
    return text.translate(_FOLD)


# an escape of a regular expression: \uXXXX, \UXXXXXXXX, \xXX, \N{name}, or any other (kept)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|N\{([^}]*)\}"
                     r"|.)", re.DOTALL)


def _escaped_apostrophe(found: re.Match[str]) -> str:
    number = found.group(1) or found.group(2) or found.group(3)
    try:
        char = chr(int(number, 16)) if number else unicodedata.lookup(found.group(4) or "")
    except (ValueError, KeyError):  # not a character: re reports it, as written
        return found.group()
    return "'" if char in APOSTROPHES else found.group()


def fold_pattern(pattern: str) -> str:
    """A rule's regular expression as it runs on folded text: its apostrophes folded, and
    escapes of them (``\\u2019``, ``\\N{RIGHT SINGLE QUOTATION MARK}``) written ``'``, so a
    pattern written with either form matches both.

    Example:
        >>> fold_pattern(r"didn\\u2019t|wasn’t")
        "didn't|wasn't"
    """
    folded = fold_apostrophes(pattern)
    if "\\" not in folded:
        return folded
    return _ESCAPE.sub(_escaped_apostrophe, folded)


def typed_words(typed: str, folded: str) -> list[str]:
    """The matcher's words of ``folded`` (lower-cased, hyphenated words split as
    :func:`~qualcode.coding.morphology.split_hyphenated` splits them), each as ``typed``
    writes it.

    Args:
        typed: A segment's text as written.
        folded: ``fold_apostrophes(typed)``.
    """
    shown, lowered = typed.lower(), folded.lower()  # the same length: the fold is 1:1
    out: list[str] = []
    for found in WORD_RE.finditer(lowered):
        word = shown[found.start():found.end()]
        if "-" in word and len(split_hyphenated([found.group()])) > 1:
            out.extend(word.split("-"))
        else:
            out.append(word)
    return out
