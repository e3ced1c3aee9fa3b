"""Shared test configuration and fixtures."""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

# Property tests: a short run by default (CI: hypothesis' usual 100 examples, no deadline, so a
# slow machine never fails a test), a long one on demand (see SECURITY.md):
#   HYPOTHESIS_PROFILE=fuzz python -m pytest tests/fuzz
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Compiled regex scanners and regex verdicts go to a cache folder of this run (shared with the CLI
# processes the tests start), never to the user's own cache.
if "QUALCODE_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="qualcode-test-cache-")
    os.environ["QUALCODE_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

def _test_module(name: str, relative: str) -> ModuleType:
    """A helper file of the tests (``relative`` to this folder) as a module: test folders are
    not packages, so it is loaded by path, once."""
    if name not in sys.modules:
        path = Path(__file__).resolve().parent / relative
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def tiny() -> ModuleType:
    """The hand-computed example of tests/analysis/tiny_codings.py: ``tiny_codebook()``,
    ``tiny_segments()``, ``tiny_codings(rows)``."""
    return _test_module("qualcode_tests_tiny_codings", "analysis/tiny_codings.py")


@pytest.fixture(scope="session")
def samples() -> ModuleType:
    """The small projects of tests/project/samples.py: sample texts (``MK01``, ``MK02``,
    ``TINY_CODEBOOK``), ``write``, ``make_project_dir`` and the fake engine."""
    return _test_module("qualcode_tests_project_samples", "project/samples.py")


class TimeLimitExceeded(BaseException):
    """A case ran past its time limit. Not an ``Exception``, so no handler under test (the CLI's
    error handler, ``CliRunner``) can swallow it; cleanup code that catches ``BaseException``
    still runs."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the main thread after ``seconds`` (SIGALRM; the
    regular-expression engine and Python code are both interrupted)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def time_limit():
    """``with time_limit(seconds): ...`` fails the test when the block takes longer."""
    return _time_limit


SOURCE_DATE_EPOCH = "1700000000"
SOURCE_DATE = "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH as Office document properties write it


def _check_same_office_files(first: Path, second: Path) -> None:
    """``first`` and ``second`` (two runs' workbooks or Word documents) are the same bytes,
    every zip entry dated 1980-01-01, the document dated SOURCE_DATE and written by qualcode."""
    import re
    import zipfile

    assert first.read_bytes() == second.read_bytes(), (first.name, second.name)
    with zipfile.ZipFile(first) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode("utf-8")
    dates = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert sorted(dates) == [("created", SOURCE_DATE), ("modified", SOURCE_DATE)], core
    assert re.search(r"<dc:creator[^>]*>qualcode</dc:creator>", core), core


@pytest.fixture
def same_office_files(monkeypatch):
    """Sets ``SOURCE_DATE_EPOCH`` and gives ``check(first, second)``: the two workbooks or Word
    documents two runs wrote are identical, with fixed dates inside (zip entries, properties)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return _check_same_office_files
