"""Rows handed from worker processes to the writing process through temporary files.

With ``--jobs``, every coded file's rows (the codings table's CSV text, a few hundred kilobytes
per interview, the segment text repeated on each row) travel back to the one process that
writes the table. Through the pool's pipe that costs the writer a second of processor time
per 250 MB, on a machine whose every core is coding. Written to a temporary file by the worker
and read back whole by the writer, the same text costs a fraction of that. The files live in a
temporary folder of the run, each one only until the writer has read it; a file that cannot
be written goes through the pipe as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from pathlib import Path

from qualcode.batch.worker import FileResult, Settings, code_file, init_pool_worker
from qualcode.errors import OutputError

__all__ = ["code_file_spooled", "init_spool_worker", "unspool"]

_FOLDER: list[Path] = []
_SMALL = 16_384  # characters; smaller blocks go through the pipe


def init_spool_worker(settings: Settings, folder: str | None) -> None:
    """Pool initializer: :func:`~qualcode.batch.worker.init_pool_worker`, and the folder the
    rows are written to (``None``: none, the rows go through the pipe)."""
    init_pool_worker(settings)
    _FOLDER[:] = [Path(folder)] if folder else []


def code_file_spooled(path: Path) -> FileResult:
    """:func:`~qualcode.batch.worker.code_file`, the rows left in a temporary file."""
    result = code_file(path)
    if len(result.block) < _SMALL or not _FOLDER:
        return result
    try:
        data = result.block.encode("utf-8")
        fd, name = tempfile.mkstemp(suffix=".rows", dir=_FOLDER[0])
    except (UnicodeEncodeError, OSError):  # text UTF-8 cannot hold goes through the pipe
        return result
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError:  # a full disk, say: through the pipe then
        with contextlib.suppress(OSError):
            os.unlink(name)
        return result
    return dataclasses.replace(result, block="", spooled=name)


def unspool(result: FileResult) -> FileResult:
    """``result`` with its rows read back from their temporary file (which is removed).

    Raises:
        OutputError: If the file cannot be read.
    """
    if not result.spooled:
        return result
    try:
        with open(result.spooled, encoding="utf-8", newline="") as handle:
            block = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(
            f"the coded rows of a worker process could not be read back from "
            f"{result.spooled}: {exc}",
            path=result.spooled,
            hint="check the free space of the temporary folder (TMPDIR), or run with --jobs 1",
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(result.spooled)
    return dataclasses.replace(result, block=block, spooled="")
