"""Every codebook in ``codebooks/`` codes its own examples as it says.

Each positive example, taken as one participant segment, must be coded with its code; no
negative example may be. A child code implies its parent, so a code counts as applied when it or
one of its descendants is. Codes without rules (applied by hand) are skipped.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from qualcode.coding.matcher import Matcher, compile_codebook
from qualcode.errors import CodebookError
from qualcode.io.codebook import load_codebook
from qualcode.model import Codebook

CODEBOOKS = sorted((Path(__file__).resolve().parents[2] / "codebooks").glob("*.yaml"))


@cache
def _load(path: Path) -> tuple[Codebook, Matcher]:
    book = load_codebook(path)
    return book, compile_codebook(book)


def _cases() -> list:
    cases = []
    for path in CODEBOOKS:
        try:
            book, _ = _load(path)
        except CodebookError:  # reported by test_codebook_is_valid
            continue
        for code in book.codes:
            if not any(not r.exclude for r in code.rules):
                continue
            for kind, examples in (("positive", code.examples),
                                   ("negative", code.counter_examples)):
                for i, text in enumerate(examples):
                    cases.append(pytest.param(path, code.id, kind, text,
                                              id=f"{path.stem}:{code.id}:{kind}[{i}]"))
    return cases or [pytest.param(None, "", "", "", marks=pytest.mark.skip(
        reason="no codebook with examples in codebooks/ yet"))]


@pytest.mark.parametrize("path", CODEBOOKS or [pytest.param(None, marks=pytest.mark.skip(
    reason="no codebook in codebooks/ yet"))], ids=lambda p: p.stem if p else "none")
def test_codebook_is_valid(path):
    book, _ = _load(path)
    assert book.codes


@pytest.mark.parametrize(("path", "code", "kind", "text"), _cases())
def test_examples_are_coded_as_stated(path, code, kind, text):
    book, matcher = _load(path)
    applied = {m.code for m in matcher.match(text)}
    implied = {ancestor for cid in applied for ancestor in book.path_of(cid)}
    if kind == "positive":
        assert code in implied, f"{code} not applied; applied: {sorted(applied)}"
    else:
        assert code not in implied, f"{code} applied via {sorted(applied)}"
