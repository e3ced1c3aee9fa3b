"""Regex verdicts remembered across runs are the verdicts the checks give."""

from __future__ import annotations

import json
import re

import pytest

from qualcode.coding import regex_verdicts
from qualcode.coding.patterns import backtracking_risk, can_match_empty
from qualcode.coding.regex_verdicts import RegexVerdict, regex_verdict, save_verdicts

PATTERNS = [r"\bdampingi?\b", r"(a+)+b", r"x?", r"\bsekolah\b.{0,40}\bguru\b", r"(\w+\s?)+$",
            r"(?i)\bpolisi\b", "anak[\u00e0-\u00ff]*"]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache folder of its own and no verdicts in memory (as in a new process)."""
    monkeypatch.setenv("QUALCODE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(regex_verdicts, "_state", {})

    def restart():
        monkeypatch.setattr(regex_verdicts, "_state", {})

    return restart


def _files(tmp_path):
    folder = tmp_path / "cache"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_verdicts_are_the_checks_and_come_back_from_disk(fresh, tmp_path, monkeypatch):
    expected = [RegexVerdict(backtracking_risk(p), can_match_empty(p)) for p in PATTERNS]
    assert [regex_verdict(p) for p in PATTERNS] == expected
    assert expected[1].risk and expected[4].risk and expected[2].matches_empty
    save_verdicts()
    (name,) = _files(tmp_path)
    assert name.startswith("regex-verdicts-") and name.endswith(".json")
    fresh()

    def never(pattern):
        raise AssertionError("analysed again")

    monkeypatch.setattr(regex_verdicts, "backtracking_risk", never)
    monkeypatch.setattr(regex_verdicts, "compile_pattern", never)
    assert [regex_verdict(p) for p in PATTERNS] == expected


def test_invalid_patterns_raise_and_are_not_remembered(fresh, tmp_path):
    with pytest.raises(re.error):
        regex_verdict(r"(unclosed")
    save_verdicts()
    assert _files(tmp_path) == []  # nothing new worth writing
    regex_verdict(r"\bok\b")
    save_verdicts()
    (name,) = _files(tmp_path)
    assert list(json.loads((tmp_path / "cache" / name).read_text())) == [r"\bok\b"]


@pytest.mark.parametrize("content", ["not json", '{"x": "safe"}', '{"x": [null]}', "[1, 2]",
                                     '{"x": [null, "no"]}'])
def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(fresh, tmp_path, content):
    regex_verdict(r"\bok\b")
    save_verdicts()
    (name,) = _files(tmp_path)
    path = tmp_path / "cache" / name
    path.write_text(content, encoding="utf-8")
    fresh()
    assert regex_verdict("x") == RegexVerdict(None, False)
    save_verdicts()
    assert json.loads(path.read_text()) == {"x": [None, False]}


def test_a_file_of_another_analysis_or_python_is_not_read(fresh, tmp_path, monkeypatch):
    regex_verdict(r"\bok\b")
    save_verdicts()
    fresh()
    monkeypatch.setattr(regex_verdicts.sys, "version", "9.9.9 (elsewhere)")
    regex_verdict(r"\bok\b")
    save_verdicts()
    assert len(_files(tmp_path)) == 2


def test_no_cache_folder_no_file(monkeypatch, tmp_path):
    monkeypatch.setenv("QUALCODE_CACHE_DIR", "off")
    monkeypatch.setattr(regex_verdicts, "_state", {})
    monkeypatch.chdir(tmp_path)
    assert regex_verdict(r"(a+)+").risk
    save_verdicts()
    assert list(tmp_path.iterdir()) == []


def test_the_file_keeps_the_newest_verdicts(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr(regex_verdicts, "MAX_VERDICTS", 3)
    for word in ("a", "b", "c", "d", "e"):
        regex_verdict(rf"\b{word}\b")
    save_verdicts()
    (name,) = _files(tmp_path)
    assert list(json.loads((tmp_path / "cache" / name).read_text())) == [
        r"\bc\b", r"\bd\b", r"\be\b"]


def test_loading_a_codebook_twice_gives_the_same_codebook_and_issues(fresh, monkeypatch):
    from qualcode.io.codebook import parse_codebook, validate_codebook
    from qualcode.resources import default_codebook_path

    path = default_codebook_path()
    first = validate_codebook(path)
    book = parse_codebook(path.read_text(encoding="utf-8"), path=str(path))
    fresh()
    monkeypatch.setattr(regex_verdicts, "backtracking_risk", lambda p: pytest.fail(p))
    assert validate_codebook(path) == first
    assert parse_codebook(path.read_text(encoding="utf-8"), path=str(path)) == book


def test_remembered_verdicts_give_the_same_codebook_errors(fresh, tmp_path, monkeypatch):
    from qualcode.io.codebook import validate_codebook

    path = tmp_path / "book.yaml"
    path.write_text('name: r\nversion: "1"\ncodes:\n  - id: a\n    rules:\n'
                    "      - regex: '(a*)*'\n      - regex: 'x?'\n      - regex: '(bad'\n"
                    "      - regex: '\\bok\\b'\n", encoding="utf-8")
    first = [(i.line, i.code) for i in validate_codebook(path)]
    assert first == [(6, "C141"), (7, "C142"), (8, "C140")]
    fresh()
    monkeypatch.setattr(regex_verdicts, "backtracking_risk", lambda p: pytest.fail(p))
    monkeypatch.setattr(regex_verdicts, "can_match_empty", lambda p: pytest.fail(p))
    assert [(i.line, i.code) for i in validate_codebook(path)] == first
