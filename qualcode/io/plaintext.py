"""Reader for ``.txt`` and ``.md`` transcripts with optional YAML front matter."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import InputError
from qualcode.io.frontmatter import split_front_matter
from qualcode.io.options import ReadOptions
from qualcode.io.text import normalise_line_breaks, read_text_file
from qualcode.model import Document, frozen_mapping
from qualcode.segment.turns import iter_label_matches

__all__ = ["document_from_text", "read_plaintext"]


def document_from_text(
    text: str, *, path: Path, fmt: str, attributes: dict | None = None
) -> Document:
    """Build a document from decoded, normalised text that may start with front matter.

    Unicode's line and paragraph separators (U+2028, U+2029) and NEXT LINE (U+0085) become
    ``\\n`` here, so they end lines as in the editor that wrote them; one character for one, so
    offsets are those of the decoded file.

    Raises:
        InputError: If the front matter is malformed or the body is empty.
    """
    text = normalise_line_breaks(text)
    front = split_front_matter(text, path=path)
    body = text[front.body_start :]
    attrs = dict(attributes or {})
    attrs.update(front.attributes)
    if not body.strip():
        raise InputError(
            "the file has no text" + (" after its front matter" if front.body_start else ""),
            path=path,
            hint="add the transcript text, or remove the file from the input",
        )
    if _only_labels(body):
        raise InputError(
            "the file has speaker labels but no spoken text after any of them",
            path=path,
            hint="add what was said after each 'Label:', or remove the file from the input",
        )
    doc_id = str(attrs.pop("id", "") or path.stem)
    return Document(
        id=doc_id,
        text=body,
        source=str(path),
        format=fmt,
        attributes=frozen_mapping(attrs),
        offset=front.body_start,
    )


def read_plaintext(path: Path, options: ReadOptions) -> list[Document]:
    """Read a UTF-8/UTF-16/legacy-encoded text or Markdown file.

    Raises:
        InputError: If the file is missing, empty, binary, undecodable or has bad front matter.
    """
    decoded = read_text_file(path, max_bytes=options.max_bytes)
    attributes = {"encoding": decoded.encoding} if decoded.guessed else {}
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    return [document_from_text(decoded.text, path=path, fmt=fmt, attributes=attributes)]


def _only_labels(body: str) -> bool:
    """Whether ``body`` is nothing but lines holding a speaker label and no text."""
    cursor = 0
    labelled = False
    # Lazily: a transcript shows text before its second label, so the rest is never searched.
    for match in iter_label_matches(body):
        if body[cursor:match.line_start].strip():
            return False
        cursor = match.start
        labelled = True
    return labelled and not body[cursor:].strip()
