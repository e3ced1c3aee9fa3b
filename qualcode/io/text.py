"""Decoding bytes into normalised text.

Every reader funnels its text through :func:`normalise`, so offsets everywhere refer to the same
form: Unicode NFC, ``\\n`` newlines, Latin ligatures spelled out, no byte-order mark.

Files that are not clean UTF-8 are still read, with a warning (collected by
:func:`collect_warnings`, which the loader uses): a legacy file is decoded in a guessed encoding
(W102); a UTF-8 file holding some bytes that are not UTF-8 (a paragraph pasted from a Windows
program) keeps its UTF-8 and reads the stray bytes as cp1252 (W103), so neither part turns into
mojibake.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InputError, Issue
from qualcode.io.options import default_max_bytes

__all__ = ["DecodedText", "collect_warnings", "count_words", "decode_bytes", "normalise",
           "normalise_line_breaks", "note", "read_text_file"]

# Share of control characters (other than tab/newline/CR/form feed) above which a file is
# taken to be binary rather than text.
_BINARY_CONTROL_RATIO = 0.05
# Every byte but those control characters: deleting these from a sample leaves the controls.
_NOT_CONTROL = bytes([9, 10, 12, 13, *range(32, 256)])
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that are not UTF-8, as decoding with errors="surrogateescape" leaves them.
_ESCAPED = re.compile("[\udc80-\udcff]")
# A file is taken as UTF-8 with stray bytes when its valid multi-byte UTF-8 characters number at
# least this share of its invalid bytes; below it, as a legacy file that happens to hold a byte
# pair that looks like UTF-8.
_MIXED_RATIO = 0.01
_NOTES: ContextVar[list[Issue] | None] = ContextVar("qualcode_decoding_notes", default=None)
# Characters spelled out before NFC. The Latin ligatures (U+FB00-U+FB06) come from PDFs and from
# text copied out of them: 'identiﬁkasi' holds U+FB01, so neither a rule nor a search for
# 'identifikasi' finds it. NFC keeps them; NFKC would spell them out but also rewrites much that
# must stay (superscripts, fractions, full-width forms).
_SPELLED_OUT = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
}
_TO_SPELL_OUT = re.compile("[" + "".join(_SPELLED_OUT) + "]")
# Unicode's other line breaks: LINE SEPARATOR, PARAGRAPH SEPARATOR and NEXT LINE.
_UNICODE_BREAK = re.compile("[\u2028\u2029\x85]")


@contextlib.contextmanager
def collect_warnings() -> Iterator[list[Issue]]:
    """Collect the reading warnings (W102-W104, W106-W108, W110, W111) raised while the
    block runs.

    Yields:
        The list the warnings are appended to.
    """
    notes: list[Issue] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def note(issue: Issue) -> None:
    """Record a reading warning for the enclosing :func:`collect_warnings` block (dropped
    outside one)."""
    notes = _NOTES.get()
    if notes is not None:
        notes.append(issue)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from a file.

    Attributes:
        text: The normalised text.
        encoding: The encoding used to decode it.
        guessed: Whether the encoding was guessed (no BOM and not valid UTF-8).
    """

    text: str
    encoding: str
    guessed: bool = False


def normalise(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` newlines, the Latin ligatures (``ﬁ``, ``ﬀ``, ...)
    spelled out as their letters, and without leading BOMs (a file saved twice by tools that
    each add one starts with several)."""
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _TO_SPELL_OUT.sub(lambda found: _SPELLED_OUT[found.group()], text)
        text = unicodedata.normalize("NFC", text)
    return text


def normalise_line_breaks(text: str) -> str:
    """Return ``text`` with U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT
    LINE as ``\\n``, one character for one, so offsets do not move.

    For prose, whose lines are what Unicode calls lines (a transcript saved with them would
    otherwise be one line, and so one turn). Not for CSV, WebVTT or SubRip, whose records and
    cues end only at CR or LF: there a separator inside a cell or a cue is text.

    Example:
        >>> normalise_line_breaks("Q: Halo?\\u2028Rina: Ya.\\u2029Q: Baik.")
        'Q: Halo?\\nRina: Ya.\\nQ: Baik.'
    """
    if text.isascii():
        return text
    return _UNICODE_BREAK.sub("\n", text)


def _control_count(data: bytes) -> int:
    """The number of control bytes in ``data`` other than tab, newline, form feed and CR."""
    return len(data.translate(None, _NOT_CONTROL))


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    return _control_count(sample) > _BINARY_CONTROL_RATIO * max(len(sample), 1)


def decode_bytes(data: bytes, *, path: str | Path = "<bytes>") -> DecodedText:
    """Decode file contents: BOM first, then strict UTF-8, then a detected legacy encoding.

    Args:
        data: The raw bytes.
        path: Used in error messages.

    Returns:
        The decoded, normalised text.

    Raises:
        InputError: If the bytes are empty (or only a byte-order mark and white space), binary
            or cannot be decoded.
    """
    decoded = _decode(data, path)
    if not decoded.text.strip():
        raise _empty(path)
    return decoded


def _empty(path: str | Path) -> InputError:
    return InputError(
        "the file is empty",
        path=path,
        hint="check that the file was saved with its content, or leave it out",
    )


def _decode(data: bytes, path: str | Path) -> DecodedText:
    if not data.strip():
        raise _empty(path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(normalise(data[len(bom) :].decode(encoding)), encoding)
            except UnicodeDecodeError as exc:
                position = len(bom) + exc.start  # counted from the start of the file
                raise InputError(
                    f"the file starts with a {encoding} byte-order mark but byte {position} "
                    "cannot be decoded",
                    path=path,
                    hint="re-save the file as UTF-8",
                ) from exc
    if _looks_binary(data):
        raise InputError(
            "the file looks binary, not text (it contains NUL or control bytes)",
            path=path,
            hint="convert it to plain text (UTF-8), or give it the suffix of its real format",
        )
    try:
        return DecodedText(normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data, path)
    if mixed is not None:
        return mixed
    return _decode_legacy(data, path)


def _cp1252_byte(found: re.Match[str]) -> str:
    byte = bytes([ord(found.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return byte.decode("latin-1")


def _decode_mixed(data: bytes, path: str | Path) -> DecodedText | None:
    """UTF-8 with some bytes that are not: the UTF-8 kept, the stray bytes read as cp1252."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED.findall(escaped))
    # characters beyond ASCII (the escaped bytes among them), counted in C
    valid = len(escaped) - len(escaped.encode("ascii", "ignore")) - invalid
    if valid == 0 or valid < _MIXED_RATIO * invalid:
        return None
    first = _ESCAPED.search(escaped)
    line = escaped.count("\n", 0, first.start() if first else 0) + 1
    note(Issue(
        "W103",
        f"the file is UTF-8 but {invalid} byte(s) in it are not (the first on this line); "
        "they were read as cp1252 (Windows Western European)",
        path=str(path), line=line, severity="warning",
        hint="check the accented letters and quotes there, then re-save the file as UTF-8",
    ))
    return DecodedText(normalise(_ESCAPED.sub(_cp1252_byte, escaped)), "utf-8+cp1252",
                       guessed=True)


def _decode_legacy(data: bytes, path: str | Path) -> DecodedText:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1250", "utf_16"])
    match = best.best()
    encoding = match.encoding if match is not None else "cp1252"
    # cp1252 and latin-1 agree on printable Western text; prefer cp1252 (it has curly quotes),
    # falling back to latin-1, which decodes any byte.
    if encoding in ("latin_1", "iso8859_15", "cp1250"):
        encoding = "cp1252"
    for candidate in (encoding, "latin-1"):
        try:
            decoded = DecodedText(normalise(data.decode(candidate)), candidate, guessed=True)
        except (UnicodeDecodeError, LookupError):
            continue
        note(Issue(
            "W102", f"the file is not UTF-8; it was read as {candidate} (a guess)",
            path=str(path), severity="warning",
            hint="check its accented letters, and re-save it as UTF-8 to be sure",
        ))
        return decoded
    raise InputError(  # pragma: no cover - latin-1 decodes every byte
        "the file's encoding could not be determined", path=path, hint="re-save it as UTF-8"
    )


def read_text_file(path: Path, *, max_bytes: int | None = None) -> DecodedText:
    """Read and decode a text file.

    Args:
        path: The file.
        max_bytes: Refuse files larger than this (default:
            :func:`~qualcode.io.options.default_max_bytes`); at most this many bytes are ever
            read, whatever the file system says the size is.

    Raises:
        InputError: If the file is missing, unreadable, too large, empty, binary or
            undecodable.
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(path, size, limit)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _too_large(path, len(data), limit)
    except FileNotFoundError as exc:
        raise InputError(
            "file not found", path=path, hint="check the path (is it relative to this folder?)"
        ) from exc
    except IsADirectoryError as exc:  # a folder named where a file is read
        raise InputError("this is a folder, not a file", path=path,
                         hint="give the file itself") from exc
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", path=path, hint="check its permissions"
        ) from exc
    return decode_bytes(data, path=path)


def _too_large(path: Path, size: int, limit: int) -> InputError:
    return InputError(
        f"the file is {size:,} bytes, over the limit of {limit:,}",
        path=path,
        hint="split it into smaller files, or raise the limit (QUALCODE_MAX_BYTES=<bytes>)",
    )


# ASCII white space as ``str.split`` sees it -> space, any other ASCII character -> ``x``
_BLANK_MARKS = bytes.maketrans(
    bytes(range(128)), bytes(0x20 if chr(c).isspace() else 0x78 for c in range(128)))


def count_words(text: str) -> int:
    """``len(text.split())``, without building the words (half the time on ASCII text).

    Example:
        >>> count_words("  Saya  dampingi\\tanak.\\n")
        3
    """
    if not text.isascii():
        return len(text.split())
    marks = text.encode("ascii").translate(_BLANK_MARKS)
    return marks.count(b" x") + marks.startswith(b"x")
