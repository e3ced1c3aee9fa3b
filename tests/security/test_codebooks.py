"""Hostile codebooks: alias bombs, deep nesting, object tags, ten thousand codes and
backtracking regexes each end in a message naming the problem, or a bounded success."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

HEAD = 'name: hostile\nversion: "1"\n'
ONE_CODE = "codes:\n  - id: a\n    rules: [{phrases: [sekolah]}]\n"


def _write(tmp_path, text, name="book.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_alias_bomb_is_refused(tmp_path, qualcode, rejected):
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi",
                                                                     strict=True))
    path = _write(tmp_path, HEAD + lol + ONE_CODE)
    result = qualcode("codebook", "validate", path, seconds=10)
    rejected(result, path, f"{path}:4: the YAML uses more than 1000 aliases [C102]")


def test_a_word_list_too_long_to_stem_is_refused_before_compiling(tmp_path, qualcode, rejected):
    # 60,000 distinct random words in stemmed phrases took minutes and gigabytes to compile;
    # the same list matched exactly is cheap and accepted
    import random

    pick = random.Random(3)
    words = sorted({"".join(pick.choice("abcdefghijklmnoprstu") for _ in range(9))
                    for _ in range(61_000)})
    phrases = ", ".join(words)
    path = _write(tmp_path, HEAD + f"codes:\n  - id: a\n    rules:\n      - phrases: [{phrases}]\n")
    result = qualcode("codebook", "validate", path, seconds=20)
    rejected(result, path, f"{path}:6 (a): the stemmed phrases and near terms hold",
             "more than the 50,000 a codebook may hold", "[C148]")
    exact = _write(tmp_path, HEAD + "codes:\n  - id: a\n    rules:\n"
                   f"      - phrases: [{phrases}]\n        match: exact\n", "exact.yaml")
    assert qualcode("codebook", "validate", exact, seconds=20).exit_code == 0


@pytest.mark.parametrize("nesting", [
    "codes: " + "[" * 20_000 + "]" * 20_000 + "\n",
    "codes:\n" + "".join(" " * i + "-\n" for i in range(1, 400)),
    "codes: " + "{a: " * 5_000 + "x" + "}" * 5_000 + "\n",
])
def test_deep_nesting_is_refused(tmp_path, qualcode, rejected, nesting):
    path = _write(tmp_path, HEAD + nesting)
    result = qualcode("codebook", "validate", path, seconds=15)
    rejected(result, path, "nests deeper than 50 levels [C102]")


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
])
def test_object_tags_are_refused_and_never_run(tmp_path, qualcode, rejected, tag):
    marker = tmp_path / "owned"
    path = _write(tmp_path, HEAD + f"memo: {tag.format(marker=marker)}\n" + ONE_CODE)
    result = qualcode("codebook", "validate", path)
    rejected(result, path, f"{path}:3: YAML tag '!!python/",
             "is not allowed in a codebook [C103]")
    assert not marker.exists()


def test_oversized_and_binary_codebooks_are_refused(tmp_path, qualcode, rejected):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: nothing written to disk
        handle.truncate(6 * 1024 * 1024)
    out = qualcode("codebook", "validate", big)
    assert out.output.startswith(f"error: {big}: the file is 6291456 bytes; codebooks are "
                                 "limited to 5242880 bytes [C100]"), out.output
    assert out.exit_code == 1 and "Traceback" not in out.output
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(HEAD.encode() + b"memo: \xff\xfe\x00\x01\n")
    rejected(qualcode("codebook", "validate", binary), binary,
             f"{binary}:3: the file is not UTF-8 text [C100]")


def _big_codebook(n: int) -> str:
    lines = [HEAD.rstrip(), "languages: [id, en]", "dimensions:", "  - id: d", "    label: D",
             "codes:"]
    for i in range(n):
        lines += [f"  - id: c{i}", "    dimension: d", f"    label: Code {i}", "    rules:",
                  f"      - phrases: {{id: [kata{i}, \"frasa {i}\"], en: [word{i}]}}"]
        if i % 10 == 0:
            lines.append(f"      - regex: '\\bpola{i}\\w*\\s+(\\w+\\s+){{0,3}}?akhir\\b'")
        if i % 7 == 0:
            lines.append(f"      - near: {{terms: [[dekat{i}], [jauh{i}]], within: 5}}")
    return "\n".join(lines) + "\n"


def test_ten_thousand_codes_are_validated_and_applied_in_seconds(tmp_path, qualcode):
    book = _write(tmp_path, _big_codebook(10_000))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for d in range(5):
        turns = "\n".join(f"Rina: kata{d * 7 + t} dan frasa {t * 31} lalu pola{t * 10} "
                          f"di sana akhir; dekat{t * 7} jauh{t * 7}." for t in range(200))
        (corpus / f"d{d}.txt").write_text(f"Q: Halo?\n{turns}\n", encoding="utf-8")
    out = tmp_path / "codings.csv"
    started = time.monotonic()
    result = qualcode("code", corpus, "-c", book, "-o", out, seconds=60)
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) > 1000
    assert elapsed < 30, f"{elapsed:.1f} s"  # about 6 s on a laptop


@pytest.mark.parametrize(("pattern", "reason"), [
    (r"(\w+\s?)+$", "a quantifier is nested inside another"),
    (r"(a|aa)+b", "a quantifier is nested inside another"),
    (r"(?:x|x)*y", "repeated alternatives can match the same text"),
    (r".*.*.*.*.*.*.*=x", "two unbounded repeats in a row can match the same text"),
    (r"\bsekolah\b.*\bmenolak\b.*\banak\b", "two unbounded repeats in a row"),
    (r"\w+\w+=", "two unbounded repeats in a row"),
])
def test_backtracking_regex_is_refused_naming_code_and_rule(tmp_path, qualcode, rejected,
                                                             pattern, reason):
    text = HEAD + ("codes:\n  - id: denial\n    rules:\n      - phrases: [menolak]\n"
                   f"      - regex: '{pattern}'\n")
    path = _write(tmp_path, text)
    result = qualcode("codebook", "validate", path)
    rejected(result, path,
             f"{path}:7 (denial.rules[1]): regular expression '{pattern}' of rule "
             f"denial.rules[1] can backtrack catastrophically: {reason}", "[C141]")


def test_slow_regex_is_stopped_at_run_time_naming_code_and_rule(tmp_path):
    # A single '.*' passes validation but is quadratic on a long turn: after the one match at
    # the start, every 'kata' scans to the end looking for a 'tidak' that never comes (the
    # match makes the engine run the regex at all). The run stops at the segment's time limit
    # (QUALCODE_SEGMENT_SECONDS) with a message instead of running for minutes.
    book = _write(tmp_path, HEAD + "codes:\n  - id: denial\n    rules:\n"
                  "      - phrases: [menolak]\n      - regex: '\\bkata\\b.*\\btidak\\b'\n")
    transcript = tmp_path / "long.txt"
    transcript.write_text("Q: Halo?\nRina: kata tidak " + "kata " * 20_000 + "\n",
                          encoding="utf-8")
    env = {**os.environ, "QUALCODE_SEGMENT_SECONDS": "0.5"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "qualcode", "analyze", str(transcript), "-c", str(book),
         "--no-charts", "-o", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"Error: {book}: rule denial.rules[1] of code 'denial' is too slow on segment 1 " \
           "of document 'long' (100,010 characters)" in done.stderr
    assert f"{book}:7 (denial): the regular expression of rule denial.rules[1] took longer " \
           "than 1.5 s" in done.stderr
    assert "[C146]" in done.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "out").exists()
