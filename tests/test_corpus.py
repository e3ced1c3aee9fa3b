"""Loading a corpus: documents read, cases joined, segments cut."""

from __future__ import annotations

import pytest

from qualcode.corpus import load_corpus
from qualcode.errors import InputError


def test_a_missing_cases_table_is_reported_before_any_document_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("Rina: Saya dampingi anak.\n", encoding="utf-8")
    read = []
    with pytest.raises(InputError, match="cases table not found"):
        load_corpus([tmp_path], cases=tmp_path / "kasus.csv", progress=read.append)
    assert read == []
