"""Rows of worker processes handed over through temporary files."""

from __future__ import annotations

import pytest

from qualcode.batch import spool
from qualcode.batch.worker import DocResult, FileResult
from qualcode.errors import OutputError

# quotes, a CR LF inside a cell, non-ASCII text: all must come back character for character
ROW = 'd1,A,0,"Saya bilang ""cukup""\r\nlalu pergi — naïve",enabler\n'


def _result(rows: int) -> FileResult:
    block = ROW * rows
    ends = tuple(len(ROW) * (k + 1) for k in range(rows))
    doc = DocResult("d1", "d1.md", None, rows, 9 * rows, ("enabler",), (0, len(block)),
                    (0, rows))
    return FileResult((doc,), block, ends)


def test_rows_go_through_a_file_and_come_back_unchanged(tmp_path, monkeypatch):
    big = _result(2000)
    monkeypatch.setattr(spool, "code_file", lambda path: big)
    monkeypatch.setattr(spool, "_FOLDER", [tmp_path])
    sent = spool.code_file_spooled(tmp_path / "d1.md")
    assert sent.block == "" and sent.spooled.startswith(str(tmp_path))
    assert sent.documents == big.documents and sent.ends == big.ends
    back = spool.unspool(sent)
    assert back == big
    assert list(tmp_path.iterdir()) == []  # the file is gone once read


def test_small_rows_and_unwritable_folders_stay_in_the_result(tmp_path, monkeypatch):
    small, big = _result(3), _result(2000)
    monkeypatch.setattr(spool, "_FOLDER", [tmp_path])
    monkeypatch.setattr(spool, "code_file", lambda path: small)
    assert spool.code_file_spooled(tmp_path / "x.md") is small
    monkeypatch.setattr(spool, "code_file", lambda path: big)
    monkeypatch.setattr(spool, "_FOLDER", [tmp_path / "missing"])
    assert spool.code_file_spooled(tmp_path / "x.md") is big
    assert spool.unspool(big) is big
    odd = FileResult(big.documents, big.block + "\udc80", big.ends)  # no UTF-8 for it
    monkeypatch.setattr(spool, "_FOLDER", [tmp_path])
    monkeypatch.setattr(spool, "code_file", lambda path: odd)
    assert spool.code_file_spooled(tmp_path / "x.md") is odd
    assert list(tmp_path.iterdir()) == []


def test_a_lost_rows_file_is_a_clear_error(tmp_path):
    lost = FileResult(spooled=str(tmp_path / "gone.rows"))
    with pytest.raises(OutputError) as caught:
        spool.unspool(lost)
    assert "gone.rows" in caught.value.message and "--jobs 1" in caught.value.hint
