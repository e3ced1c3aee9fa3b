"""The user's cache folder for results that are slow to work out and safe to work out again.

Compiled scanner databases (:mod:`qualcode.coding.multiscan`) and the verdicts on rule regexes
(:mod:`qualcode.coding.regex_verdicts`) are kept in ``$QUALCODE_CACHE_DIR`` (default: the user's
cache folder, ``~/.cache/qualcode`` on Linux); ``QUALCODE_CACHE_DIR=off`` turns it off. A file
there is never trusted blindly: one that cannot be read, belongs to another version or is
damaged is ignored and the work done again, and one that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["cache_folder", "write_cache_file"]


def cache_folder() -> Path | None:
    """Where cached files are kept (``None``: not on disk)."""
    setting = os.environ.get("QUALCODE_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        root = Path(base) if base else Path.home() / "AppData" / "Local"
        return root / "qualcode" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "qualcode"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "qualcode"


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file (readers see the old file or the
    new one, never half of one).

    Returns:
        Whether it was written (a full disk or a read-only folder is not an error: the work is
        done again next time).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError:
        return False
    return True
