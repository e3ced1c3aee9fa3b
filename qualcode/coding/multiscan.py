"""One pass over a segment that tells which of a codebook's regexes may match it.

A codebook has hundreds of rule regexes. Python's ``re`` runs them one at a time, and even with
prefilters deciding which to try, a turn costs hundreds of microseconds. :class:`RegexScanner`
compiles all of them (rewritten by :mod:`qualcode.coding.scanexpr`) into one Hyperscan
database, which reads a segment once, in C, and reports every pattern that matches somewhere
in it. The engine then runs Python's regex only for those, so the codings are exactly what
``re`` gives.

Compiling the database takes seconds for a large codebook, so it is kept on disk, keyed by a
hash of the rewritten patterns, the Hyperscan version and the machine, in
``$QUALCODE_CACHE_DIR`` (default: the user's cache folder, ``~/.cache/qualcode`` on Linux). A
cache file that cannot be read or written is ignored, never trusted: a damaged file fails to
load and the database is compiled again. ``QUALCODE_CACHE_DIR=off`` turns the disk cache off.

Without Hyperscan (a platform without a wheel) the scanner is not built and the engine uses its
own prefilters; the codings are the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qualcode.coding.scanexpr import scan_bytes, scan_expression

__all__ = ["RegexScanner", "cache_folder", "hyperscan_available"]

_DB_CACHE: dict[str, Any] = {}  # key -> database, for this process


def hyperscan_available() -> bool:
    """Whether the Hyperscan binding can be imported here."""
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def cache_folder() -> Path | None:
    """Where compiled scanner databases are kept (``None``: not on disk)."""
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


class RegexScanner:
    """Which of many regexes may match a text, in one pass.

    Args:
        patterns: ``(id, pattern)`` pairs; a pattern that cannot be rewritten or compiled is
            reported as a possible match of every text (see :attr:`always`).

    Attributes:
        always: Ids reported for every text.
        exact: Ids whose report is exact on ASCII text.
    """

    def __init__(self, patterns: Iterable[tuple[int, str]]) -> None:
        import hyperscan

        expressions: list[tuple[int, bytes]] = []
        always: list[int] = []
        exact: list[int] = []
        for ident, pattern in patterns:
            rewritten = scan_expression(pattern)
            if rewritten is None:
                always.append(ident)
                continue
            expressions.append((ident, rewritten.expression))
            if rewritten.exact:
                exact.append(ident)
        self._expressions = expressions
        self.exact = frozenset(exact)
        self._key = _key(expressions, hyperscan.__version__)
        self._db: Any = None
        self._local = threading.local()
        self._failed = self._load()
        self.always = tuple(sorted(set(always) | self._failed))
        self._extra = list(self.always)

    # -- the database ------------------------------------------------------------------------

    def _load(self) -> frozenset[int]:
        """Compile (or load) the database; return the ids left out because they do not
        compile."""
        if not self._expressions:
            return frozenset()
        found = _DB_CACHE.get(self._key)
        if found is not None:
            self._db, failed = found
            return failed
        blob, failed = _read_cache(self._key)
        if blob is not None:
            with contextlib.suppress(Exception):  # a damaged or foreign file: compile again
                self._db = _deserialize(blob)
        if self._db is None:
            self._db, failed = _compile(self._expressions)
            if self._db is not None:
                _write_cache(self._key, _serialize(self._db), failed)
        _DB_CACHE[self._key] = (self._db, failed)
        return failed

    def __getstate__(self) -> dict[str, Any]:
        return {"expressions": self._expressions, "exact": self.exact, "key": self._key,
                "always": self.always,
                "blob": None if self._db is None else _serialize(self._db)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._expressions = state["expressions"]
        self.exact = state["exact"]
        self._key = state["key"]
        self.always = state["always"]
        self._extra = list(self.always)
        self._local = threading.local()
        found = _DB_CACHE.get(self._key)
        if found is not None:
            self._db = found[0]
        else:
            self._db = None if state["blob"] is None else _deserialize(state["blob"])
            _DB_CACHE[self._key] = (self._db, frozenset(self.always))

    # -- scanning ----------------------------------------------------------------------------

    def scan(self, text: str) -> list[int] | None:
        """Ids of the patterns that may match ``text`` (every match is reported; some reports
        may not be matches), or ``None`` when the text cannot be scanned (see
        :func:`~qualcode.coding.scanexpr.scan_bytes`) and every pattern must be tried."""
        data = scan_bytes(text)
        if data is None:
            return None
        found = list(self._extra)
        if self._db is not None:
            scratch = getattr(self._local, "scratch", None)
            if scratch is None:
                import hyperscan

                scratch = self._local.scratch = hyperscan.Scratch(self._db)
            self._db.scan(data, match_event_handler=_on_match, context=found, scratch=scratch)
        return found


def _on_match(ident: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    found.append(ident)


def _key(expressions: list[tuple[int, bytes]], version: str) -> str:
    digest = hashlib.sha256()
    for part in (version, platform.machine(), sys.platform, "2"):
        digest.update(part.encode() + b"\0")
    for ident, expression in expressions:
        digest.update(str(ident).encode() + b"\0" + expression + b"\0")
    return digest.hexdigest()


def _flags() -> int:
    import hyperscan

    return int(hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_CASELESS)


def _compile(expressions: list[tuple[int, bytes]]) -> tuple[Any, frozenset[int]]:
    """The database of every expression that compiles, and the ids of those that do not."""
    import hyperscan

    def build(items: list[tuple[int, bytes]]) -> Any:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=[e for _, e in items], ids=[i for i, _ in items],
                   elements=len(items), flags=_flags())
        return db

    try:
        return build(expressions), frozenset()
    except hyperscan.error:
        pass
    good, bad = [], []
    for item in expressions:  # find the ones Hyperscan refuses (too large, ...)
        try:
            build([item])
        except hyperscan.error:
            bad.append(item[0])
        else:
            good.append(item)
    return (build(good) if good else None), frozenset(bad)


def _serialize(db: Any) -> bytes:
    import hyperscan

    return bytes(hyperscan.dumpb(db))


def _deserialize(blob: bytes) -> Any:
    import hyperscan

    return hyperscan.loadb(bytes(blob), hyperscan.HS_MODE_BLOCK)


def _cache_path(key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"regex-scan-{key[:32]}.hsdb"


def _read_cache(key: str) -> tuple[bytes | None, frozenset[int]]:
    path = _cache_path(key)
    if path is None:
        return None, frozenset()
    try:
        data = path.read_bytes()
    except OSError:
        return None, frozenset()
    head, sep, blob = data.partition(b"\n")
    fields = head.decode("ascii", "replace").split(" ")
    if not sep or len(fields) != 2 or fields[0] != key:
        return None, frozenset()
    try:
        failed = frozenset(int(x) for x in fields[1].split(",") if x)
    except ValueError:
        return None, frozenset()
    return blob, failed


def _write_cache(key: str, blob: bytes, failed: frozenset[int]) -> None:
    path = _cache_path(key)
    if path is None:
        return
    head = f"{key} {','.join(str(x) for x in sorted(failed))}\n".encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-scan-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(head + blob)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError:
        return  # no cache: the next run compiles again
