"""Fixtures: the tiny hand-computed example (tests/analysis/tiny_codings.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

_NAME = "qualcode_tests_tiny_codings"


def _tiny_module() -> ModuleType:
    if _NAME not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "analysis" / "tiny_codings.py"
        spec = importlib.util.spec_from_file_location(_NAME, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]


@pytest.fixture(scope="session")
def tiny() -> ModuleType:
    """The module with ``tiny_codebook()``, ``tiny_segments()``, ``tiny_codings(rows)``."""
    return _tiny_module()
