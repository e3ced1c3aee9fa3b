"""One pass over a segment that tells which of a codebook's regexes may match it.

A codebook has hundreds of rule regexes. Python's ``re`` runs them one at a time, and even with
prefilters deciding which to try, a turn costs hundreds of microseconds. :class:`RegexScanner`
compiles all of them (rewritten by :mod:`qualcode.coding.scanexpr`) into one Hyperscan
database, which reads a segment once, in C, and reports every pattern that matches somewhere
in it. The engine then runs Python's regex only for those, so the codings are exactly what
``re`` gives.

Compiling the database takes seconds for a large codebook, so it is kept on disk, keyed by a
hash of the patterns, the rewriting's format, the Hyperscan version and the machine, in the
user's cache folder (:mod:`qualcode.coding.diskcache`). A cache file that cannot be read or
written is ignored, never trusted: a damaged file fails to load and the database is compiled
again.

Without Hyperscan (a platform without a wheel) the scanner is not built and the engine uses its
own prefilters; the codings are the same.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qualcode.coding.diskcache import cache_folder, write_cache_file
from qualcode.coding.scanexpr import scan_bytes, scan_expression

__all__ = ["SCAN_FORMAT", "RegexScanner", "cache_folder", "hyperscan_available"]

SCAN_FORMAT = "4"
"""Changes whenever :mod:`qualcode.coding.scanexpr` rewrites patterns differently, so databases
kept on disk by an older version are not used."""

_DB_CACHE: dict[str, Any] = {}  # key -> database, for this process (the latest few)
_DB_CACHE_SIZE = 8


def hyperscan_available() -> bool:
    """Whether the Hyperscan binding can be imported here."""
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


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

        pairs = list(patterns)
        self._key = _key(pairs, hyperscan.__version__)
        self._local = threading.local()
        built = _DB_CACHE.get(self._key) or _read_cache(self._key)
        if built is None:
            built = _build(pairs)
            _write_cache(self._key, built)
        _remember(self._key, built)
        self._db, self.exact, self.always = built
        self._extra = list(self.always)

    def __getstate__(self) -> dict[str, Any]:
        return {"key": self._key, "exact": self.exact, "always": self.always,
                "blob": None if self._db is None else _serialize(self._db)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._key = state["key"]
        self._local = threading.local()
        built = _DB_CACHE.get(self._key)
        if built is None:
            db = None if state["blob"] is None else _deserialize(state["blob"])
            built = (db, state["exact"], state["always"])
            _remember(self._key, built)
        self._db, self.exact, self.always = built
        self._extra = list(self.always)

    # -- scanning ----------------------------------------------------------------------------

    def scan(self, text: str) -> list[int] | None:
        """Ids of the patterns that may match ``text`` (every match is reported; some reports
        may not be matches), or ``None`` when the text cannot be scanned (see
        :func:`~qualcode.coding.scanexpr.scan_bytes`) and every pattern must be tried."""
        return self.scan_many((text,))[0]

    def scan_many(self, texts: Iterable[str]) -> list[list[int] | None]:
        """:meth:`scan` of each text, in order.

        Scanning many texts in a row is faster than scanning each between other work: the
        database (megabytes for a large codebook) stays in the processor's cache. On the
        study codebook a warm scan of a 450-byte turn takes about a third of a cold one.
        """
        db, extra = self._db, self._extra
        if db is None:
            return [None if scan_bytes(t) is None else list(extra) for t in texts]
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(db)
        scan = db.scan
        out: list[list[int] | None] = []
        for text in texts:
            data = scan_bytes(text)
            if data is None:
                out.append(None)
                continue
            found = list(extra)
            scan(data, match_event_handler=_on_match, context=found, scratch=scratch)
            out.append(found)
        return out


def _remember(key: str, built: Any) -> None:
    """Keep a database for this process, dropping the oldest beyond a few."""
    _DB_CACHE.pop(key, None)
    _DB_CACHE[key] = built
    while len(_DB_CACHE) > _DB_CACHE_SIZE:
        del _DB_CACHE[next(iter(_DB_CACHE))]


def _on_match(ident: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    found.append(ident)


_Built = tuple[Any, frozenset[int], tuple[int, ...]]  # database, exact ids, always ids


def _key(patterns: list[tuple[int, str]], version: str) -> str:
    digest = hashlib.sha256()
    for part in (version, platform.machine(), sys.platform, platform.python_version(),
                 SCAN_FORMAT):
        digest.update(part.encode() + b"\0")
    for ident, pattern in patterns:
        digest.update(f"{ident}\0{pattern}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _build(patterns: list[tuple[int, str]]) -> _Built:
    """Rewrite and compile ``patterns``."""
    expressions: list[tuple[int, bytes]] = []
    always: set[int] = set()
    exact: set[int] = set()
    for ident, pattern in patterns:
        rewritten = scan_expression(pattern)
        if rewritten is None:
            always.add(ident)
            continue
        expressions.append((ident, rewritten.expression))
        if rewritten.exact:
            exact.add(ident)
    db, failed = _compile(expressions) if expressions else (None, frozenset())
    return db, frozenset(exact - failed), tuple(sorted(always | failed))


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
    try:
        return (build(good) if good else None), frozenset(bad)
    except hyperscan.error:  # together too large: no database, every pattern always reported
        return None, frozenset(i for i, _ in expressions)


def _hyperscan_error() -> type[Exception]:
    import hyperscan

    return hyperscan.error  # type: ignore[no-any-return]


def _serialize(db: Any) -> bytes:
    import hyperscan

    return bytes(hyperscan.dumpb(db))


def _deserialize(blob: bytes) -> Any:
    import hyperscan

    return hyperscan.loadb(bytes(blob), hyperscan.HS_MODE_BLOCK)


def _cache_path(key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"regex-scan-{key[:32]}.hsdb"


def _read_cache(key: str) -> _Built | None:
    """The database kept for ``key``, or ``None`` (no file, another key, damaged)."""
    path = _cache_path(key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, rest = data.partition(b"\n")
    meta, _, blob = rest.partition(b"\n")
    if head != key.encode("ascii"):
        return None
    try:
        fields = json.loads(meta)
        exact = frozenset(int(x) for x in fields["exact"])
        always = tuple(int(x) for x in fields["always"])
        db = _deserialize(blob) if fields["database"] else None
    except (ValueError, KeyError, TypeError, _hyperscan_error()):  # damaged: compile again
        return None
    return db, exact, always


def _write_cache(key: str, built: _Built) -> None:
    path = _cache_path(key)
    if path is None:
        return
    db, exact, always = built
    meta = json.dumps({"exact": sorted(exact), "always": list(always),
                       "database": db is not None})
    data = key.encode("ascii") + b"\n" + meta.encode("ascii") + b"\n" + (
        _serialize(db) if db is not None else b"")
    write_cache_file(path, data)  # if it fails, the next run compiles again
