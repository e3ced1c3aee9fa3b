"""Decoding bytes into normalised text.

Every reader funnels its text through :func:`normalise`, so offsets everywhere refer to the same
form: Unicode NFC, ``\\n`` newlines, no byte-order mark.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InputError

__all__ = ["DecodedText", "decode_bytes", "normalise", "read_text_file"]

# Share of control characters (other than tab/newline/CR/form feed) above which a file is
# taken to be binary rather than text.
_BINARY_CONTROL_RATIO = 0.05
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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
    """Return ``text`` in NFC with ``\\n`` newlines and without a leading BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > _BINARY_CONTROL_RATIO * max(len(sample), 1)


def decode_bytes(data: bytes, *, path: str | Path = "<bytes>") -> DecodedText:
    """Decode file contents: BOM first, then strict UTF-8, then a detected legacy encoding.

    Args:
        data: The raw bytes.
        path: Used in error messages.

    Returns:
        The decoded, normalised text.

    Raises:
        InputError: If the bytes are empty, binary or cannot be decoded.
    """
    if not data.strip():
        raise InputError(
            "the file is empty",
            path=path,
            hint="check that the transcript was saved, or remove the file from the input",
        )
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
    return _decode_legacy(data, path)


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
            return DecodedText(normalise(data.decode(candidate)), candidate, guessed=True)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(  # pragma: no cover - latin-1 decodes every byte
        "the file's encoding could not be determined", path=path, hint="re-save it as UTF-8"
    )


def read_text_file(path: Path) -> DecodedText:
    """Read and decode a text file.

    Raises:
        InputError: If the file is missing, unreadable, empty, binary or undecodable.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            "file not found", path=path, hint="check the path (is it relative to this folder?)"
        ) from exc
    except IsADirectoryError as exc:  # pragma: no cover - folders are walked before this
        raise InputError("expected a file but found a folder", path=path) from exc
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", path=path, hint="check its permissions"
        ) from exc
    return decode_bytes(data, path=path)
