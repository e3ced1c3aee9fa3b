"""Rows of a CSV file that a person made, with the line each row starts on.

Python's ``csv`` module is lenient where a lenient reading loses data without a word: a quote
that is opened in a cell and never closed takes every later line of the file into that cell
(one stray ``"`` in answer 37 of a survey would make answers 37 to 10,000 one long answer), and a
cell longer than 131,072 characters (a whole interview in one cell) stops the reader with a bare
``field larger than field limit``. :func:`csv_rows` reads cells of any length and refuses the
unclosed quote, naming the line where its row starts.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qualcode.errors import InputError, QualcodeError

__all__ = ["check_widths", "csv_rows", "declared_delimiter", "file_delimiter", "response_dialect",
           "sniff_delimiter", "sniff_dialect"]

_LIMIT = threading.Lock()
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab"}
# Characters no table holds, one of which stands for "no delimiter" in a one-column table.
_UNUSED = "\x1f\x1e\x1d\x1c"
_LISTED = 5  # lines named in a message
# Excel's first line naming the delimiter ("sep=;"), which it writes and reads; quoted when a
# program that does not know it saved the file again.
_SEP_LINE = re.compile(r'"?sep=([^\n"])"?[ \t]*(?=\n|$)', re.IGNORECASE)


def _header_split(text: str) -> tuple[str, int]:
    """The delimiter that splits the header (the first line of ``text``) into the most cells,
    and how many."""
    first = text[: text.find("\n")] if "\n" in text else text
    best, best_count = ",", 0
    for delimiter in _DELIMITERS:
        count = len(next(csv.reader([first], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best, best_count


def sniff_delimiter(text: str) -> str:
    """The delimiter among ``,`` ``;`` and tab that splits the header (the first line of
    ``text``) into the most columns: spreadsheets set to many European and Indonesian locales
    save "CSV" with semicolons."""
    return _header_split(text)[0]


def sniff_dialect(text: str) -> Any:
    """Excel's CSV dialect (RFC 4180: ``"`` quotes, a doubled ``""`` inside quotes) with the
    delimiter of ``text``'s header (:func:`sniff_delimiter`).

    Only the delimiter is guessed: ``csv.Sniffer`` also guesses the quoting from the start of
    the text, and a file whose first rows hold no doubled quote was read as one without them,
    splitting later cells such as ``"dipanggil ""kampungan"", terus"`` in the wrong places.
    """
    return type("_Sniffed", (csv.excel,), {"delimiter": sniff_delimiter(text)})


def declared_delimiter(text: str) -> tuple[str, Any] | None:
    """Honour Excel's ``sep=X`` first line: the text with that line left empty (so the lines
    keep their numbers, and the first row :func:`csv_rows` gives is ``[]``), and Excel's
    dialect with the delimiter ``X``; ``None`` when the first line is not one.

    Args:
        text: The file's text (newlines normalised).
    """
    match = _SEP_LINE.match(text)
    if match is None:
        return None
    delimiter = match.group(1)
    return text[match.end():], type("_Declared", (csv.excel,), {"delimiter": delimiter})


def response_dialect(text: str) -> Any:
    """:func:`sniff_dialect` for a response table, but without a delimiter when the header is
    one cell: a table of answers only, where a comma belongs to the answer (``Gaji kecil, jam
    kerja panjang`` is one answer, not the answer ``Gaji kecil`` and a column of its own)."""
    if _header_split(text)[1] == 1:
        unused = next((c for c in _UNUSED if c not in text), None)
        if unused is not None:
            return type("_OneColumn", (csv.excel,), {"delimiter": unused})
    return sniff_dialect(text)


def check_widths(rows: list[tuple[int, list[str]]], path: str | Path, delimiter: str, *,
                 error: type[QualcodeError] = InputError) -> None:
    """Refuse a table with rows longer than its header (the first row), as far as the extra
    cells hold anything: in a CSV file that means a cell holding the delimiter without quotes
    was cut in two, and the cells after it moved one column on (an answer cut short, an age
    read as a city), which no later step can tell.

    Args:
        rows: ``(line, cells)`` of the table, header first (:func:`csv_rows`).
        path: The file, for the message.
        delimiter: The table's delimiter, for the message.
        error: The error class to raise.

    Raises:
        QualcodeError: ``error``, naming the first such line and a few more.
    """
    if not rows:
        return
    width = len(rows[0][1])
    long = [(line, len(cells)) for line, cells in rows[1:]
            if len(cells) > width and any(c.strip() for c in cells[width:])]
    if not long:
        return
    (line, cells), later = long[0], [str(n) for n, _ in long[1:]]
    also = ""
    if later:
        shown = ", ".join(later[:_LISTED]) + (f" and {len(later) - _LISTED} more"
                                              if len(later) > _LISTED else "")
        also = f"; so do the rows on lines {shown}"
    name = _DELIMITER_NAMES.get(delimiter, repr(delimiter))
    raise error(
        f"the row on this line has {cells} cells but the header has {width}: a cell holding "
        f"{name} without quotes around it was cut in two, and the cells after it moved to the "
        f"wrong columns{also}",
        path=path, line=line,
        hint=f"put double quotes around every cell that holds {name} (\"Gaji kecil, jam kerja "
             "panjang\"), as a spreadsheet's Save as CSV does; if the extra cells are a column "
             "of their own, name it in the header")


def file_delimiter(path: str | Path) -> str:
    """:func:`sniff_delimiter` of a CSV file's header line (``,`` when it cannot be read:
    the reader that follows says what is wrong with the file)."""
    try:
        with Path(path).open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            return sniff_delimiter(handle.readline(1 << 20))
    except OSError:
        return ","


@contextlib.contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the ``csv`` module read cells up to ``size`` characters while the block runs (the
    limit is a setting of the whole process: it is put back afterwards)."""
    with _LIMIT:
        before = csv.field_size_limit()
        csv.field_size_limit(max(before, size))
        try:
            yield
        finally:
            csv.field_size_limit(before)


def csv_rows(text: str, path: str | Path, dialect: Any = csv.excel, *,
             error: type[QualcodeError] = InputError) -> list[tuple[int, list[str]]]:
    """Parse CSV text into ``(line the row starts on, cells)`` pairs.

    Args:
        text: The file's text (newlines normalised to ``\\n``).
        path: The file, for messages.
        dialect: A ``csv`` dialect (or a dialect class) for the file.
        error: The error class to raise (the caller's kind of input).

    Raises:
        QualcodeError: ``error``, if a quoted cell is never closed, or the text cannot be
            parsed, with the line.
    """
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    with _field_limit(len(text) + 1):
        try:
            for record in reader:
                rows.append((line, record))
                line = reader.line_num + 1
        except csv.Error as exc:
            raise error(f"the CSV table cannot be parsed ({exc})", path=path,
                        line=reader.line_num, hint="check the quotes on that line") from exc
        if rows and _unclosed(text, rows[-1][0], dialect):
            raise error(
                "a quoted cell in the row starting on this line is never closed: every later "
                "line of the file would be read into it",
                path=path, line=rows[-1][0],
                hint='close the quote (") in that row, or double a quote that belongs to the '
                     'text ("")')
    return rows


def _unclosed(text: str, line: int, dialect: Any) -> bool:
    """Whether the row starting on ``line`` (the last one) ends inside a quoted cell."""
    start = 0
    if line > 1:  # after the (line - 1)th newline, found from the end: the last row is short
        end = len(text)
        for _ in range(text.count("\n") - line + 2):
            end = text.rindex("\n", 0, end)
        start = end + 1
    try:
        for _ in csv.reader(io.StringIO(text[start:]), dialect, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False
