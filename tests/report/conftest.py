"""The analysis of the tiny codings that the results and drawing tests write out."""

from __future__ import annotations

import dataclasses

import pytest

from qualcode.analysis.bundle import analyze_codings
from qualcode.report.provenance import build_provenance


@pytest.fixture
def analysis(tiny):
    """Every table of the tiny codings, with a fixed provenance (created 2024-06-01)."""
    result = analyze_codings(tiny.tiny_codings(), segments=tiny.tiny_segments(),
                             codebook=tiny.tiny_codebook(), cases=["A", "B"])
    return dataclasses.replace(result, provenance=build_provenance(
        codebook=tiny.tiny_codebook(), unit="turn", created="2024-06-01"))
