"""The runs of a Word paragraph and their text, as Word shows them (WordprocessingML elements).

A paragraph's runs are those shown: not deleted or moved away (tracked changes) and not in a
fallback rendering (``mc:Fallback``, which repeats the main rendering for older readers, text
boxes included). Text boxes (``w:txbxContent``) hold paragraphs of their own; they are returned
apart, so their words are not glued into the paragraph that anchors them.

A run's text is its ``w:t`` text with a tab for ``w:tab``/``w:ptab``, a newline for every break
(``w:br`` of any type, ``w:cr``: a page or column break within a paragraph still separates
words), ``-`` for a non-breaking hyphen and the character of an inserted symbol (``w:sym``, see
:mod:`qualcode.io.wordsymbols`). An optional hyphen (``w:softHyphen``) shows only where a line
wraps, so the word is kept whole. Field instructions and deleted text are not text.
"""

from __future__ import annotations

from typing import Any

from qualcode.io.wordsymbols import symbol_character

__all__ = ["paragraph_content", "run_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RUN = f"{_W}r"
_TEXT_BOX = f"{_W}txbxContent"
_FALLBACK = f"{_MC}Fallback"
# Not shown (deleted, moved away, a second rendering) or holding no text of the paragraph
# (properties, including those of a tracked formatting change).
_HIDDEN = frozenset({f"{_W}del", f"{_W}moveFrom", _FALLBACK, f"{_W}pPr", f"{_W}rPr",
                     f"{_W}sdtPr", f"{_W}sdtEndPr"})
_FIXED = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
          f"{_W}noBreakHyphen": "-"}
_T = f"{_W}t"
_SYM = f"{_W}sym"
_FONT = f"{_W}font"
_CHAR = f"{_W}char"


def paragraph_content(paragraph: Any) -> tuple[list[Any], list[Any]]:
    """The runs shown in a ``w:p`` element, in order, and the text boxes it anchors.

    Returns:
        ``(runs, text_boxes)``: ``w:r`` elements (those inside text boxes excluded) and
        ``w:txbxContent`` elements (each once: the fallback copy is left out).
    """
    runs: list[Any] = []
    boxes: list[Any] = []
    _walk(paragraph, runs, boxes)
    return runs, boxes


def _walk(element: Any, runs: list[Any], boxes: list[Any]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _HIDDEN:
            continue  # an XML comment or processing instruction, or not shown
        if tag == _RUN:
            runs.append(child)
            boxes.extend(box for box in child.iter(_TEXT_BOX) if _shown(box, child))
        elif tag == _TEXT_BOX:
            boxes.append(child)
        else:
            _walk(child, runs, boxes)


def _shown(box: Any, run: Any) -> bool:
    """Whether a text box inside ``run`` is its main rendering, not nested in another text
    box (that one's paragraphs hold it) or in a fallback rendering."""
    parent = box.getparent()
    while parent is not None and parent is not run:
        if parent.tag in (_FALLBACK, _TEXT_BOX):
            return False
        parent = parent.getparent()
    return True


def run_text(run: Any) -> str:
    """The text of a ``w:r`` element, as described in the module docstring."""
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _FIXED:
            parts.append(_FIXED[tag])
        elif tag == _SYM:
            parts.append(symbol_character(child.get(_FONT), child.get(_CHAR)))
    return "".join(parts)
