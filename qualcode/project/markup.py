"""Inline codings written into transcripts: ``{enabler}...{/enabler}``.

A tag is a code id in braces; a closing tag has a slash. Tags may nest and may even overlap,
because each closing tag names the code it closes. The tags are removed from the text, and the
codings, the reader's turns and everything computed later refer to the cleaned text. Braces that
do not hold a code id (``{ }``, ``{Nama}``) are ordinary text.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from qualcode.arguments import as_names, as_paths
from qualcode.errors import InputError, Issue, IssueCollector
from qualcode.model import Coding, Corpus, Document

__all__ = [
    "MARKUP_RULE",
    "MarkedDocument",
    "MarkupSpan",
    "load_markup",
    "markup_codings",
    "read_markup",
    "read_markup_all",
    "remove_markup",
    "strip_markup",
]

MARKUP_RULE = "markup"
"""The ``rule`` of codings read from inline markup."""

_TAG = re.compile(r"\{(/?)([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class MarkupSpan:
    """One coded span found in markup.

    Attributes:
        code: Code id.
        start: Offset in the cleaned text.
        end: Offset one past its end in the cleaned text.
        line: 1-based line of the opening tag (in the file when known).
    """

    code: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class MarkedDocument:
    """A document with its markup removed, the spans it marked and the problems found."""

    document: Document
    spans: tuple[MarkupSpan, ...]
    issues: tuple[Issue, ...]


@dataclass(frozen=True, slots=True)
class _Stripped:
    text: str
    spans: tuple[MarkupSpan, ...]
    issues: tuple[Issue, ...]
    tag_starts: tuple[int, ...]  # raw offsets of the tags
    removed_before: tuple[int, ...]  # characters removed up to and including each tag


def strip_markup(text: str, *, known_codes: str | Collection[str] | None = None,
                 path: str | None = None, line_base: int = 0) -> tuple[str, tuple[MarkupSpan, ...],
                                                                       tuple[Issue, ...]]:
    """Remove inline coding tags from ``text``.

    Args:
        text: Text with ``{code}...{/code}`` tags.
        known_codes: Code ids a tag may name, one or a list (``None``: any).
        path: File named in issues.
        line_base: Lines before ``text`` in its file (front matter), added to line numbers.

    Returns:
        The cleaned text, the coded spans (in order of their opening tags) and the problems:
        unknown codes, closing tags without an opening one, tags never closed, empty spans.
    """
    result = _strip(text, known_codes, path, line_base)
    return result.text, result.spans, result.issues


def _strip(text: str, known_codes: str | Collection[str] | None, path: str | None,
           line_base: int) -> _Stripped:
    known = None if known_codes is None else frozenset(
        as_names(known_codes, "known_codes", InputError))
    issues = IssueCollector(path=path)
    pieces: list[str] = []
    open_tags: list[tuple[str, int, int]] = []  # code, clean offset, line
    spans: list[tuple[int, MarkupSpan]] = []
    tag_starts: list[int] = []
    removed_before: list[int] = []
    cursor = removed = 0

    def line_at(raw: int) -> int:
        return line_base + text.count("\n", 0, raw) + 1

    for order, m in enumerate(_TAG.finditer(text)):
        pieces.append(text[cursor:m.start()])
        clean = m.start() - removed
        closing, code = m.group(1) == "/", m.group(2)
        line = line_at(m.start())
        removed += m.end() - m.start()
        tag_starts.append(m.start())
        removed_before.append(removed)
        cursor = m.end()
        if known is not None and code not in known:
            issues.add("M101", f"unknown code {code!r} in tag {m.group(0)}", line=line,
                       hint="fix the tag, add the code to the codebook, or set 'markup: false'")
        if not closing:
            open_tags.append((code, clean, line))
            continue
        index = next((i for i in range(len(open_tags) - 1, -1, -1)
                      if open_tags[i][0] == code), None)
        if index is None:
            issues.add("M102", f"closing tag {{/{code}}} has no opening {{{code}}} before it",
                       line=line, hint=f"add {{{code}}} where the passage starts, or remove it")
            continue
        _, begin, begin_line = open_tags.pop(index)
        spans.append((order, MarkupSpan(code, begin, clean, begin_line)))
    pieces.append(text[cursor:])
    cleaned = "".join(pieces)
    for code, _, line in open_tags:
        issues.add("M104", f"tag {{{code}}} is never closed", line=line,
                   hint=f"add {{/{code}}} where the passage ends")
    kept: list[tuple[int, MarkupSpan]] = []
    for order, span in spans:
        start, end = _trim(cleaned, span.start, span.end)
        if end <= start:
            issues.add("M103", f"{{{span.code}}} ... {{/{span.code}}} encloses no text",
                       line=span.line, hint="put the tags around the passage they code")
        else:
            kept.append((order, replace(span, start=start, end=end)))
    ordered = tuple(span for _, span in sorted(kept, key=lambda s: (s[1].start, s[0])))
    found = tuple(sorted(issues.issues, key=lambda i: i.line or 0))
    return _Stripped(cleaned, ordered, found, tuple(tag_starts),
                     tuple(removed_before))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_base(document: Document) -> int:
    """Lines of the source file before the document's text (its front matter)."""
    if not document.offset or document.format not in ("txt", "md") or not document.source:
        return 0
    from qualcode.io.text import read_text_file

    try:
        decoded = read_text_file(Path(document.source)).text
    except InputError:
        return 0
    return decoded.count("\n", 0, document.offset)


def read_markup(document: Document, *, known_codes: str | Collection[str] | None = None
                ) -> MarkedDocument:
    """Remove inline coding tags from a document.

    Turn offsets a reader found (docx, vtt) are moved to the cleaned text; line numbers in the
    issues are lines of the source file.

    Args:
        document: A document as a reader returned it.
        known_codes: Code ids a tag may name, one or a list (``None``: any).

    Returns:
        The cleaned document, its coded spans and the problems found.
    """
    if "{" not in document.text:
        return MarkedDocument(document, (), ())
    stripped = _strip(document.text, known_codes, document.source or document.id,
                      _line_base(document))
    if not stripped.tag_starts:
        return MarkedDocument(document, (), stripped.issues)

    def moved(raw: int) -> int:
        i = bisect.bisect_left(stripped.tag_starts, raw)
        return raw - (stripped.removed_before[i - 1] if i else 0)

    turns = document.turns
    if turns is not None:
        turns = tuple(replace(t, start=moved(t.start), end=moved(t.end)) for t in turns)
    cleaned = replace(document, text=stripped.text, turns=turns)
    return MarkedDocument(cleaned, stripped.spans, stripped.issues)


def read_markup_all(documents: Iterable[Document], *,
                    known_codes: str | Collection[str] | None = None) -> list[MarkedDocument]:
    """:func:`read_markup` on every document; all problems are reported together.

    Raises:
        InputError: If any tag is unknown or unbalanced (every problem listed, with lines).
    """
    marked = [read_markup(d, known_codes=known_codes) for d in documents]
    issues = [i for m in marked for i in m.issues]
    if issues:
        n = len(issues)
        raise InputError(f"inline coding markup has {n} problem{'s' if n != 1 else ''}",
                         issues=issues,
                         hint="tags are {code} ... {/code} with a code id of the codebook")
    return marked


def markup_codings(marked: MarkedDocument, coder: str) -> list[Coding]:
    """The codings a marked-up document carries (source ``manual``, rule ``markup``)."""
    return [Coding(marked.document.id, s.start, s.end, s.code, coder, "manual",
                   rule=MARKUP_RULE, status="accepted") for s in marked.spans]


def remove_markup(corpus: Corpus, *, coder: str,
                  known_codes: str | Collection[str] | None = None) -> tuple[Corpus, list[Coding]]:
    """A loaded corpus with its documents' inline markup removed, and the markup's codings
    (for an unsegmented corpus, as exports read it; :func:`load_markup` segments).

    Raises:
        InputError: If any tag is unknown or unbalanced (every problem listed, with lines).
    """
    marked = read_markup_all(corpus.documents, known_codes=known_codes)
    cleaned = replace(corpus, documents=tuple(m.document for m in marked))
    return cleaned, [c for m in marked for c in markup_codings(m, coder)]


def load_markup(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    coder: str,
    known_codes: str | Collection[str] | None = None,
    unit: str = "turn",
    language: str | None = None,
    interviewer_labels: str | Iterable[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    case_column: str | None = None,
    sheet: str | None = None,
) -> tuple[Corpus, list[Coding]]:
    """Read files without a project: the cleaned corpus and the codings its markup carries.

    Args:
        paths: A file or folder, or a list of them.
        coder: Coder named in the codings.
        known_codes: Code ids tags may name, one or a list (``None``: any).
        unit: Segmentation unit of the cleaned corpus.
        language: Language for sentence splitting (``None``: auto).
        interviewer_labels: Speaker labels of interviewers (one or a list).
        text_column: For csv/xlsx response tables: the text column.
        id_column: For response tables: the document id column.
        case_column: For response tables: the column with each row's case (default: a column
            named ``case``).
        sheet: For xlsx response tables: the sheet (default: the first with a text column).

    Returns:
        The corpus of cleaned documents and the codings (with segment indexes).

    Raises:
        InputError: If a file cannot be read or its markup has problems.
    """
    from qualcode.corpus import build_corpus
    from qualcode.io.loader import load_documents
    from qualcode.io.options import ReadOptions
    from qualcode.project.core import segment_index

    options = ReadOptions(text_column=text_column, id_column=id_column, case_column=case_column,
                          sheet=sheet)
    loaded = load_documents(as_paths(paths, "paths", InputError), options=options)
    marked = read_markup_all(loaded.documents, known_codes=known_codes)
    labels = None if interviewer_labels is None else as_names(
        interviewer_labels, "interviewer_labels", InputError)
    corpus = build_corpus([m.document for m in marked], unit=unit, language=language,
                          interviewer_labels=labels)
    corpus = replace(corpus, warnings=loaded.warnings + corpus.warnings)
    starts = {d: [s.start for s in segs] for d, segs in corpus.segments.items()}
    codings = [replace(c, segment=segment_index(starts[c.document], c.start))
               for m in marked for c in markup_codings(m, coder)]
    return corpus, codings
