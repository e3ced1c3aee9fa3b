"""Telling Indonesian from English by their most frequent function words."""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "detect_language", "language_code"]

LANGUAGES = {"id": "Indonesian", "en": "English"}

_CODE = re.compile(r"[a-z]{2,3}")
_TAGGED = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{2,8})+")


def language_code(value: str) -> str | None:
    """The language code ``value`` names, lower-case and without a region (``ID`` -> ``id``,
    ``en_US`` -> ``en``, ``id-ID`` -> ``id``), or ``None`` when it is not a two- or
    three-letter code (ISO 639-1 or 639-3 shape)."""
    code = value.strip().lower()
    tagged = _TAGGED.fullmatch(code)
    if tagged is not None:
        code = tagged.group(1)
    return code if _CODE.fullmatch(code) else None


_WORD = re.compile(r"[^\W\d_]+")
_MARKERS = {
    "id": frozenset(
        [
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "ini",
            "itu",
            "dengan",
            "untuk",
            "tidak",
            "nggak",
            "gak",
            "ada",
            "saya",
            "kami",
            "kita",
            "dia",
            "mereka",
            "juga",
            "sudah",
            "udah",
            "akan",
            "bisa",
            "karena",
            "jadi",
            "kalau",
            "atau",
            "pada",
            "dalam",
            "sama",
            "tapi",
            "ya",
            "sih",
            "kan",
            "gitu",
            "anak",
            "orang",
            "tua",
            "sekolah",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "it",
            "was",
            "for",
            "on",
            "are",
            "with",
            "as",
            "be",
            "this",
            "have",
            "they",
            "we",
            "you",
            "not",
            "but",
            "at",
            "by",
            "from",
            "or",
            "his",
            "her",
            "she",
            "he",
            "my",
            "our",
            "their",
            "what",
            "when",
            "would",
            "there",
            "been",
        ]
    ),
}
_SAMPLE = 20000


def detect_language(text: str, default: str | None = None) -> str | None:
    """Return ``"id"`` or ``"en"`` for ``text``, or ``default`` when neither is evident.

    Only the first 20,000 characters are read.
    """
    counts = dict.fromkeys(_MARKERS, 0)
    for word in _WORD.findall(text[:_SAMPLE].casefold()):
        for lang, markers in _MARKERS.items():
            if word in markers:
                counts[lang] += 1
    best = max(counts, key=lambda k: counts[k])
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] == 0 or ranked[0] < 1.5 * ranked[1]:
        return default
    return best
