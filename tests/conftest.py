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

_TINY = "qualcode_tests_tiny_codings"


def _tiny_module() -> ModuleType:
    if _TINY not in sys.modules:
        path = Path(__file__).resolve().parent / "analysis" / "tiny_codings.py"
        spec = importlib.util.spec_from_file_location(_TINY, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[_TINY] = module
        spec.loader.exec_module(module)
    return sys.modules[_TINY]


@pytest.fixture(scope="session")
def tiny() -> ModuleType:
    """The hand-computed example of tests/analysis/tiny_codings.py: ``tiny_codebook()``,
    ``tiny_segments()``, ``tiny_codings(rows)``."""
    return _tiny_module()


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
