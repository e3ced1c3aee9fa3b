"""Remembering, across runs, what the checks found about each rule regex.

Checking a codebook compiles every rule regex and analyses it for catastrophic backtracking
(:func:`qualcode.coding.patterns.backtracking_risk`) and for matching empty text
(:func:`~qualcode.coding.patterns.can_match_empty`): on the study codebook's 380 regexes that
is most of the half second a command spends loading it, on every run. The verdict depends only
on the pattern, the analysis code and the Python version (its regex parser), so it is kept in
the user's cache folder (:mod:`qualcode.coding.diskcache`) in a file named by a hash of those
(a changed analysis or another Python starts a new file). Only patterns that compile are
remembered. A file that cannot be read or is damaged is ignored and the patterns are checked
again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import NamedTuple

from qualcode.coding.diskcache import cache_folder, write_cache_file
from qualcode.coding.patterns import backtracking_risk, can_match_empty, compile_pattern

__all__ = ["MAX_VERDICTS", "RegexVerdict", "regex_verdict", "save_verdicts"]

MAX_VERDICTS = 20_000
"""Verdicts kept on disk at most (the oldest go first)."""

_FORMAT = "2"
_state: dict[str, object] = {}  # "verdicts": dict[str, RegexVerdict], "dirty": bool, "key": str


class RegexVerdict(NamedTuple):
    """What the checks found about a regex that compiles.

    Attributes:
        risk: Why it may backtrack catastrophically, or ``None``.
        matches_empty: Whether it can match empty text.
    """

    risk: str | None
    matches_empty: bool


def _key() -> str:
    key = _state.get("key")
    if isinstance(key, str):
        return key
    from qualcode.coding import patterns, polynomial

    digest = hashlib.sha256(f"{_FORMAT}\n{sys.version}\n".encode())
    for module in (patterns, polynomial):
        digest.update(Path(str(module.__file__)).read_bytes())
    key = _state["key"] = digest.hexdigest()[:24]
    return key


def _path() -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"regex-verdicts-{_key()}.json"


def _verdicts() -> dict[str, RegexVerdict]:
    verdicts = _state.get("verdicts")
    if isinstance(verdicts, dict):
        return verdicts
    loaded: dict[str, RegexVerdict] = {}
    path = _path()
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict):
            for pattern, value in data.items():
                if not (isinstance(value, list) and len(value) == 2 and
                        (value[0] is None or isinstance(value[0], str)) and
                        isinstance(value[1], bool)):
                    loaded = {}  # not a file this version wrote: check everything again
                    break
                loaded[pattern] = RegexVerdict(value[0], value[1])
    _state["verdicts"] = loaded
    _state["dirty"] = False
    return loaded


def regex_verdict(pattern: str) -> RegexVerdict:
    """The checks' verdict on ``pattern``, remembered across runs.

    Raises:
        re.error: If the pattern does not compile (never remembered); also ``OverflowError``
            or ``RecursionError`` for absurdly large repeats or nesting.
    """
    verdicts = _verdicts()
    found = verdicts.get(pattern)
    if found is not None:
        return found
    compile_pattern(pattern)
    verdict = verdicts[pattern] = RegexVerdict(backtracking_risk(pattern),
                                               can_match_empty(pattern))
    _state["dirty"] = True
    return verdict


def save_verdicts() -> None:
    """Write the verdicts worked out since the last save to the cache folder (nothing when
    there are none, or no cache folder; a failed write is ignored)."""
    if not _state.get("dirty"):
        return
    verdicts = _verdicts()
    path = _path()
    _state["dirty"] = False
    if path is None:
        return
    kept = dict(list(verdicts.items())[-MAX_VERDICTS:])
    data = {pattern: list(verdict) for pattern, verdict in kept.items()}
    write_cache_file(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
