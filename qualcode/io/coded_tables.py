"""Reading the tables agreement work takes: codings per coder, units, reliability tables,
evaluation sets and filled-in adjudication reports.

Every table is read by :func:`read_table`: every cell as text (so ids such as ``007`` survive),
the apostrophe qualcode puts in front of formula-like cells when it writes a CSV table (and
earlier versions wrote into workbooks) taken off again, and where each row was read recorded for
messages (its line found only when a message needs it).
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.arguments import as_paths
from qualcode.errors import CodingsError, InputError, QualcodeError, UnsupportedFormatError
from qualcode.io.text import normalise
from qualcode.origin import ORIGIN, Origin, joined_origins
from qualcode.report.safety import unsafe_cell

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EVAL_SET_COLUMNS",
    "REPORT_SHEETS",
    "file_origin",
    "read_adjudication_report",
    "read_codings_files",
    "read_eval_set",
    "read_table",
    "row_lines",
    "strip_labels",
]

EVAL_SET_COLUMNS = ("id", "language", "interviewer", "speaker_style", "text", "codes")
REPORT_SHEETS = ("disagreements", "agreements", "codes")
_WORKBOOKS = (".xlsx", ".xlsm")
_SUFFIXES = (".csv", ".tsv", ".txt", *_WORKBOOKS)


def _clean(frame: pd.DataFrame, as_written: Set[tuple[int, int]] = frozenset()) -> pd.DataFrame:
    """``frame`` (cells read as text) with the header stripped and the apostrophe qualcode
    writes before formula-like cells taken off (:func:`unsafe_cell`), except in the cells
    ``as_written`` names (sheet row and column, 0-based, the header on row 0)."""
    frame.columns = [str(c if (0, j) in as_written else unsafe_cell(str(c))).strip()
                     for j, c in enumerate(frame.columns)]
    for position in range(frame.shape[1]):
        cells = frame.iloc[:, position]
        marked = cells.str.startswith("'").fillna(False).to_numpy(dtype=bool, copy=True)
        for row in marked.nonzero()[0] if as_written else ():
            marked[row] = (int(row) + 1, position) not in as_written
        if marked.any():  # only these can change; most tables have none
            frame.iloc[marked, position] = cells[marked].map(unsafe_cell)
    return frame


def strip_labels(frame: pd.DataFrame, *, keep: Sequence[str] = ("text", "memo")) -> None:
    """Take the spaces around the cells of every column but ``keep`` (the passages and notes,
    kept as written) off, in place: ``assessment `` is the code ``assessment`` and ``d1 `` the
    document ``d1``, as a hand-made spreadsheet often has them; counted as written, they were
    codes, documents and cases of their own.

    Only columns with such a cell change; they are found among the column's distinct values,
    which are few (ids, codes, attribute values) however long the table.
    """
    import pandas as pd

    for column in frame.columns:
        if column in keep or frame[column].dtype.kind in "biufcmM":  # no text in the column
            continue
        spaced = {value: value.strip() for value in pd.unique(frame[column])
                  if isinstance(value, str) and value != value.strip()}
        if spaced:
            frame[column] = frame[column].replace(spaced)


def row_lines(path: Path, rows: int) -> tuple[int, ...] | None:
    """The file line each of the ``rows`` rows of a table read from ``path`` starts on.

    ``None`` when row i is on line i + 2 (a header, then one line per row), as in every sheet
    of a workbook (pandas keeps its blank rows) and in a CSV file without blank lines or cells
    that span lines; else the lines are found as pandas reads the file, blank lines skipped.
    This reads the file again, so it is called only when a message needs a line
    (:func:`file_origin`).
    """
    from qualcode.io.csvrows import csv_rows, sniff_dialect

    if path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if text.rstrip("\n").count("\n") == rows:
        return None
    dialect = sniff_dialect(text) if path.suffix.lower() != ".tsv" else "excel-tab"
    try:
        records = csv_rows(text, path, dialect)[1:]
    except QualcodeError:
        return None
    lines = tuple(line for line, cells in records
                  if len(cells) > 1 or (cells and cells[0].strip()))
    return lines if len(lines) == rows else None


def file_origin(path: Path, rows: int) -> Origin:
    """Where the ``rows`` rows of a table read from ``path`` come from, their lines found
    (:func:`row_lines`) only when a message first needs one."""
    return Origin(str(path), rows, partial(row_lines, path, rows))


def read_table(path: str | Path, *, sheet: str | int | Sequence[str | int] = 0) -> pd.DataFrame:
    """Read a CSV, TSV or XLSX table with every cell as text (empty cells as ``""``).

    Args:
        path: A ``.csv`` or ``.txt`` (UTF-8, its separator found from the header), ``.tsv``,
            or ``.xlsx`` / ``.xlsm`` file.
        sheet: For a workbook: the sheet name or 0-based position, or several to try in turn
            (``("codings", 0)``: the codings sheet, else the first).

    Returns:
        The table, the apostrophe qualcode writes before formula-like cells taken off, marked
        with where its rows were read (:func:`file_origin`). A workbook cell with the quote
        prefix (as qualcode writes a formula-like text, and as a spreadsheet saves a text typed
        after an apostrophe) keeps its text as written.

    Raises:
        InputError: If the file is missing, has another suffix (UnsupportedFormatError),
            cannot be parsed, or the workbook has none of the sheets.
    """
    import pandas as pd

    from qualcode.io.csvrows import file_delimiter
    from qualcode.io.guards import check_table_file, damaged_file_errors

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise UnsupportedFormatError(
            f"cannot read tables of type {suffix or '(no suffix)'!r}", path=path,
            hint=f"use one of {', '.join(_SUFFIXES)}")
    if not path.is_file():
        raise InputError("file not found", path=path, hint="check the path")
    check_table_file(path)
    as_written: Set[tuple[int, int]] = frozenset()
    try:
        if suffix in _WORKBOOKS:
            frame, name = _read_sheet(path, sheet)
            if _apostrophes(frame):
                as_written = _quote_prefixed(path, name)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                sep="\t" if suffix == ".tsv" else file_delimiter(path))
    except damaged_file_errors() as exc:  # pandas' parser errors are ValueErrors
        raise InputError(f"the table cannot be read ({exc})", path=path,
                         hint="save it as UTF-8 CSV with a header row, or as .xlsx") from exc
    frame = _clean(frame, as_written)
    frame.attrs[ORIGIN] = (file_origin(path, len(frame)),)
    return frame


def _read_sheet(path: Path, sheet: str | int | Sequence[str | int]) -> tuple[pd.DataFrame, str]:
    """The first of the sheets ``sheet`` names that the workbook has, every cell as text, and
    that sheet's name."""
    import pandas as pd

    choices = [sheet] if isinstance(sheet, str | int) else list(sheet)
    with pd.ExcelFile(path, engine="openpyxl") as book:
        names = [str(name) for name in book.sheet_names]
        for choice in choices:
            if choice in names if isinstance(choice, str) else 0 <= choice < len(names):
                name = choice if isinstance(choice, str) else names[choice]
                return (pd.read_excel(book, sheet_name=name, dtype=str, keep_default_na=False),
                        name)
    raise InputError(f"the workbook has no sheet {' or '.join(map(repr, choices))}", path=path,
                     hint=f"its sheets: {', '.join(names) or 'none'}")


def _apostrophes(frame: pd.DataFrame) -> bool:
    """Whether a cell or header cell of ``frame`` starts with an apostrophe (only such a cell
    can be one :func:`unsafe_cell` changes)."""
    if any(str(c).startswith("'") for c in frame.columns):
        return True
    return any(frame.iloc[:, j].str.startswith("'").fillna(False).any()
               for j in range(frame.shape[1]))


def _quote_prefixed(path: Path, name: str) -> frozenset[tuple[int, int]]:
    """The cells of sheet ``name`` that start with an apostrophe and have the quote prefix, as
    (row, column), 0-based: texts as written, whose apostrophe is their own
    (:func:`qualcode.report.safety.keep_text`)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return frozenset(
            (cell.row - 1, cell.column - 1)
            for row in book[name].iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("'")
            and cell.style_array.quotePrefix)
    finally:
        book.close()


def read_codings_files(paths: str | Path | Sequence[str | Path]) -> pd.DataFrame:
    """Read the codings tables of one or more coders into one table with a ``coder`` column.

    A file's rows keep the coder its ``coder`` column names; rows without one (or every row of a
    file without the column) get the file's stem as coder. The table remembers where each row
    was read, so messages about a row name its file and line. ``attrs["coders"]`` lists every
    coder in file order, a file without codings as its stem: a coder who read the units and
    found nothing to code, whom :func:`qualcode.analysis.agreement.agreement` then counts
    (under ``coverage="all"``), as ``qualcode agree`` does.

    Args:
        paths: Codings tables (CSV/TSV/XLSX), typically one per coder; one path or several.

    Returns:
        The rows of every file, in order.

    Raises:
        InputError: If a file cannot be read or no file is given.
        CodingsError: If a file lacks the document or code column, or the same coder name
            comes from two files.
    """
    import pandas as pd

    files = as_paths(paths, "paths", InputError)
    if not files:
        raise InputError("no codings files given", hint="name one codings file per coder")
    frames = []
    owner: dict[str, Path] = {}
    coders: dict[str, None] = {}
    for path in files:
        frame = read_table(path)
        missing = [c for c in ("document", "code") if c not in frame.columns]
        if missing:
            raise CodingsError(
                f"{path} is not a codings table: it has no {' and no '.join(missing)} column "
                f"(its columns: {', '.join(map(str, frame.columns)) or 'none'})",
                hint="give the codings tables 'qualcode code' or 'qualcode codings' write, "
                     "or a table with at least document and code columns; for a table with "
                     "one column per coder, 'qualcode agree' takes --format wide")
        if "coder" not in frame.columns:
            frame["coder"] = ""
        frame["coder"] = frame["coder"].where(frame["coder"].str.strip() != "", path.stem)
        found = list(dict.fromkeys(frame["coder"]))
        for coder in found:
            if owner.setdefault(coder, path) != path:
                raise CodingsError(
                    f"coder {coder!r} appears in both {owner[coder]} and {path}",
                    hint="give each coder's file its own coder names, or drop the coder column "
                    "so the file names are used",
                )
        coders.update(dict.fromkeys(found or [path.stem]))
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True).fillna("")
    table.attrs.clear()
    table.attrs[ORIGIN] = joined_origins(frames)
    table.attrs["coders"] = tuple(coders)
    return table


_FLAGS = frozenset({"1", "0", "true", "false", "yes", "no", "y", "n", ""})


def read_eval_set(path: str | Path) -> pd.DataFrame:
    """Read an evaluation set: ``id, language, interviewer, speaker_style, text, codes``.

    Args:
        path: The CSV (or XLSX) file.

    Returns:
        The rows, as text; the texts normalised as a transcript's text is on load (NFC, ``\n``
        newlines), so that the codebook's rules see them as they see interviews.

    Raises:
        InputError: If the file cannot be read, lacks a column, repeats an id, or a row has
            an interviewer flag other than 1/0 or no text.
    """
    frame = read_table(path)
    missing = [c for c in EVAL_SET_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"the evaluation set lacks column(s) {', '.join(missing)}", path=path,
                         line=1, hint=f"the header must be {','.join(EVAL_SET_COLUMNS)}")
    repeated = frame[frame["id"].duplicated()]
    if len(repeated):
        raise InputError(f"id {repeated['id'].iloc[0]!r} repeats", path=path,
                         line=int(repeated.index[0]) + 2, hint="give every row its own id")
    flags = frame["interviewer"].astype(str).str.strip().str.lower()
    odd = flags[~flags.isin(_FLAGS)]
    if len(odd):
        raise InputError(f"interviewer must be 1 or 0 (true or false), not "
                         f"{frame['interviewer'].iloc[odd.index[0]]!r}", path=path,
                         line=int(odd.index[0]) + 2, hint="1 for an interviewer turn, else 0")
    empty = frame[frame["text"].astype(str).str.strip() == ""]
    if len(empty):
        raise InputError(f"row {empty['id'].iloc[0]!r} has no text", path=path,
                         line=int(empty.index[0]) + 2,
                         hint="give every row the turn's text, or remove the row")
    frame["text"] = frame["text"].astype(str).map(normalise)
    return frame


def read_adjudication_report(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read a filled-in adjudication workbook written by ``qualcode agree --disagreements``.

    Args:
        path: The ``.xlsx`` workbook.

    Returns:
        Its ``disagreements``, ``agreements`` and ``codes`` sheets.

    Raises:
        InputError: If it is not such a workbook.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("an adjudication report must be the .xlsx workbook", path=path,
                         hint="write it with qualcode agree ... --disagreements report.xlsx")
    sheets = {}
    for name in REPORT_SHEETS:
        try:
            sheets[name] = read_table(path, sheet=name)
        except InputError as exc:
            raise InputError(f"the workbook has no readable {name!r} sheet", path=path,
                             hint="pass the workbook qualcode wrote, with its sheets "
                             f"{', '.join(REPORT_SHEETS)}") from exc
    return sheets

