"""Every codebook in ``codebooks/`` codes its own examples as it says.

Each positive example, taken as one segment of its code's scope, must be coded with its code (or
one of its descendants); no negative example may be. The check is
:func:`qualcode.check_codebook_examples`, the one ``qualcode codebook validate`` runs (warning
C160), so a failure here reads as validate would report it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.io.codebook import load_codebook
from qualcode.io.codebook_examples import check_codebook_examples

CODEBOOKS = sorted((Path(__file__).resolve().parents[2] / "codebooks").glob("*.yaml"))
_NONE = [pytest.param(None, marks=pytest.mark.skip(reason="no codebook in codebooks/ yet"))]


@pytest.mark.parametrize("path", CODEBOOKS or _NONE, ids=lambda p: p.stem if p else "none")
def test_codebook_is_valid(path):
    assert load_codebook(path).codes


@pytest.mark.parametrize("path", CODEBOOKS or _NONE, ids=lambda p: p.stem if p else "none")
def test_examples_are_coded_as_stated(path):
    book = load_codebook(path)
    assert any(code.examples or code.counter_examples for code in book.codes)
    assert [str(issue) for issue in check_codebook_examples(book)] == []
