"""Preparing user text (quotes, labels, names) for a given output format."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["chart_text", "clean_text", "close_bidi", "escape_markdown", "quote_attribution",
           "shorten"]

# Characters XML 1.0 forbids (DOCX, XLSX and SVG are XML): C0 controls but tab, newline, CR.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Inline markup: backslash, code, emphasis (``_`` only at a word edge: CommonMark ignores it
# inside words), links and images (escaping the brackets is enough), tables, strikethrough.
# "$" too: GitHub and pandoc read $...$ as mathematics
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]|~$]|(?<!\w)_|_(?!\w)")
# Block markup that only counts at the start of a line: headings, lists, numbered lists.
_MARKDOWN_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))", re.MULTILINE)
_MARKDOWN_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Explicit bidirectional formatting characters: embeddings and overrides (LRE, RLE, LRO, RLO)
# end at a PDF, isolates (LRI, RLI, FSI) at a PDI
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_OPEN_EMBEDDING = frozenset("\u202a\u202b\u202d\u202e")
_BIDI_OPEN_ISOLATE = frozenset("\u2066\u2067\u2068")
_PDF, _PDI = "\u202c", "\u2069"


def clean_text(value: Any) -> str:
    """``value`` as text without the control characters XML files cannot hold."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN: a missing cell
        return ""
    return _XML_ILLEGAL.sub("", str(value))


def close_bidi(text: str) -> str:
    """``text`` with every bidirectional embedding, override or isolate it opens closed at its end.

    A right-to-left override (U+202E) left open in a quote reverses whatever a reader's program
    shows after it on the same line: the attribution, the next cell, the rest of a paragraph of
    a report, so a transcript could make a report display words nobody wrote. Closing them at
    the end of the value keeps their effect inside it (right-to-left scripts, which need the
    marks, show as before). Unmatched closing marks are left as they are: readers ignore them.
    """
    if _BIDI_CONTROL.search(text) is None:
        return text
    opened: list[str] = []
    for found in _BIDI_CONTROL.finditer(text):
        mark = found.group(0)
        if mark in _BIDI_OPEN_EMBEDDING or mark in _BIDI_OPEN_ISOLATE:
            opened.append(mark)
        elif mark == _PDF:
            if opened and opened[-1] in _BIDI_OPEN_EMBEDDING:
                opened.pop()  # a PDF never closes past an open isolate
        elif any(m in _BIDI_OPEN_ISOLATE for m in opened):
            # a PDI closes the last open isolate and the embeddings opened inside it
            while opened.pop() not in _BIDI_OPEN_ISOLATE:
                pass
    return text + "".join(_PDI if m in _BIDI_OPEN_ISOLATE else _PDF for m in reversed(opened))


def chart_text(value: Any) -> str:
    """``value`` for a matplotlib label: ``$`` escaped so mathtext can never start."""
    return clean_text(value).replace("$", r"\$")


def escape_markdown(value: Any, *, inline: bool = True) -> str:
    """``value`` for Markdown: HTML-escaped and Markdown punctuation backslash-escaped.

    Args:
        value: The user text.
        inline: Also turn newlines into spaces (table cells, headings, list items).
    """
    text = close_bidi(clean_text(value))
    text = "".join(_MARKDOWN_HTML.get(ch, ch) for ch in text)
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    if inline:
        text = " ".join(text.split())
    return _MARKDOWN_START.sub(_escape_start, text)


def _escape_start(found: re.Match[str]) -> str:
    indent, mark = found.group(1), found.group(2)
    if mark[0].isdigit():  # "1." -> "1\.": only punctuation can be escaped
        return f"{indent}{mark}\\"
    return f"{indent}\\{mark}"


def shorten(value: Any, limit: int = 500) -> str:
    """``value`` cut at a word boundary to at most about ``limit`` characters, marked ``[…]``."""
    text = " ".join(clean_text(value).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return f"{cut} […]"


def quote_attribution(record: Any, attribute: str = "") -> str:
    """Who said a quote and where: ``Rina (MK01, manajer_kasus), mk01-rina, segment 12``.

    Args:
        record: A mapping with ``speaker``, ``case``, ``document``, ``segment`` and optionally
            ``attribute`` (a row of a quotes table).
        attribute: A case attribute to show beside the case (e.g. ``informant_role``).
    """
    def get(name: str) -> str:
        return clean_text(record.get(name, "")) if name else ""

    speaker = get("speaker") or "(no speaker)"
    details = [d for d in (get("case"), get(attribute)) if d]
    who = f"{speaker} ({', '.join(details)})" if details else speaker
    where = get("document")
    segment = get("segment")
    if segment not in ("", "-1"):
        where = f"{where}, segment {segment}"
    return f"{who}, {where}" if where else who
