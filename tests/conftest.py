"""Shared test configuration and fixtures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import matplotlib
import pytest

matplotlib.use("Agg")

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
