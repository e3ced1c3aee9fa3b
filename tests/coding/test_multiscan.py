"""One Hyperscan pass tells which rule regexes may match: reports, pickling, the disk cache,
patterns Hyperscan refuses, threads, and the matcher with and without the scanner."""

from __future__ import annotations

import json
import pickle
import re
import threading
from pathlib import Path

import pytest

from qualcode.coding import multiscan
from qualcode.coding.matcher import compile_codebook
from qualcode.coding.multiscan import RegexScanner, cache_folder
from qualcode.coding.scanexpr import scan_expression
from qualcode.corpus import load_corpus
from qualcode.io.codebook import load_codebook, parse_codebook
from qualcode.resources import default_codebook_path, default_corpus_path

# without Hyperscan the engine uses its own prefilters (tested elsewhere)
hyperscan = pytest.importorskip("hyperscan")

PATTERNS = [(10, r"\bkorban\b"), (20, r"(?<!tidak )\bmau\b"), (30, r"(\w+) \1"),
            (40, r"\d+ hari"), (50, "caf\u00e9")]
TEXTS = ["Korban mau cerita", "dia tidak mau", "saya saya", "3 hari", "\u0663 hari",
         "CAF\u00c9 korban", "nothing", "", "\u212aorban"]
# ids reported for each text (30 is reported for every text: a back reference is not rewritten)
REPORTS = [[10, 20, 30], [20, 30], [30], [30, 40], [30, 40], [10, 30, 50], [30], [30], None]
BIG = "a{40000}"  # a bounded repeat Hyperscan refuses


def _reports(scanner: RegexScanner) -> list[list[int] | None]:
    out = []
    for text in TEXTS:
        found = scanner.scan(text)
        out.append(None if found is None else sorted(found))
    return out


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A fresh disk cache folder, and no database kept in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("QUALCODE_CACHE_DIR", str(folder))
    monkeypatch.setattr(multiscan, "_DB_CACHE", {})
    return folder


@pytest.fixture
def compiles(monkeypatch) -> list[int]:
    """Counts the database compilations."""
    calls: list[int] = []
    real = multiscan._compile

    def counted(expressions):
        calls.append(len(expressions))
        return real(expressions)

    monkeypatch.setattr(multiscan, "_compile", counted)
    return calls


def _forget(monkeypatch) -> None:
    monkeypatch.setattr(multiscan, "_DB_CACHE", {})


def test_scan_reports_the_patterns_that_may_match(cache_dir):
    scanner = RegexScanner(PATTERNS)
    assert scanner.always == (30,)
    assert scanner.exact == frozenset({10})  # 20: look-behind dropped; 40, 50: widened
    assert _reports(scanner) == REPORTS


def test_scan_many_gives_each_text_its_own_report(cache_dir):
    scanner = RegexScanner(PATTERNS)
    assert [None if r is None else sorted(r) for r in scanner.scan_many(TEXTS)] == REPORTS
    assert scanner.scan_many([]) == []
    unwritten = RegexScanner([(3, r"(a)\1")])  # no database: only the ids reported always
    assert unwritten.scan_many(["x", "\u212a", ""]) == [[3], None, [3]]


def test_scanners_without_a_database(cache_dir, monkeypatch, compiles):
    for _ in range(2):  # then loaded from the cache
        empty = RegexScanner([])
        assert (empty.always, empty.exact, empty.scan("korban"), empty.scan("\u0131")) == (
            (), frozenset(), [], None)
        unwritten = RegexScanner([(3, r"(a)\1"), (1, "(?-i:b)")])
        assert unwritten.always == (1, 3)
        assert sorted(unwritten.scan("x")) == [1, 3]
        _forget(monkeypatch)
    assert compiles == [] and len(list(cache_dir.glob("regex-scan-*.hsdb"))) == 2


def test_pickled_scanner_gives_the_same_reports(cache_dir, monkeypatch):
    scanner = RegexScanner(PATTERNS)
    blob = pickle.dumps(scanner)
    assert _reports(pickle.loads(blob)) == REPORTS
    _forget(monkeypatch)  # as in a worker process: the database comes from the pickle
    copy = pickle.loads(blob)
    assert (copy.always, copy.exact) == ((30,), frozenset({10}))
    assert _reports(copy) == REPORTS
    lone = pickle.loads(pickle.dumps(RegexScanner([(7, r"(a)\1")])))
    assert lone.scan("b") == [7]


def test_scanning_from_several_threads_gives_the_same_reports(cache_dir):
    scanner = RegexScanner(PATTERNS)
    results: list[list[list[int] | None]] = []

    def work() -> None:
        for _ in range(50):
            results.append(_reports(scanner))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 200 and all(r == REPORTS for r in results)


# -- the disk cache --------------------------------------------------------------------------


def test_a_second_scanner_loads_the_database_from_the_cache_file(cache_dir, monkeypatch,
                                                                  compiles):
    first = RegexScanner(PATTERNS)
    files = list(cache_dir.glob("regex-scan-*.hsdb"))
    assert len(files) == 1 and compiles == [4]
    key, meta, blob = files[0].read_bytes().split(b"\n", 2)
    assert re.fullmatch(rb"[0-9a-f]{64}", key)
    assert files[0].name == f"regex-scan-{key[:32].decode()}.hsdb"
    assert json.loads(meta) == {"exact": [10], "always": [30], "database": True}
    assert len(blob) > 100
    _forget(monkeypatch)
    second = RegexScanner(PATTERNS)
    assert compiles == [4]  # loaded, not compiled
    assert _reports(second) == _reports(first) == REPORTS
    assert list(cache_dir.glob("*")) == files  # no temporary file left behind


def test_the_database_is_kept_in_the_process(cache_dir, compiles):
    RegexScanner(PATTERNS)
    for path in cache_dir.glob("*"):
        path.unlink()
    assert _reports(RegexScanner(PATTERNS)) == REPORTS
    assert compiles == [4] and list(cache_dir.glob("*")) == []


@pytest.mark.parametrize("damage", [
    "truncated", "last byte lost", "flipped byte", "wrong key", "meta not json",
    "meta ids not numbers", "meta field missing", "key line only", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored_and_compiled_again(cache_dir, monkeypatch, compiles,
                                                             damage):
    RegexScanner(PATTERNS)
    (path,) = cache_dir.glob("regex-scan-*.hsdb")
    good = path.read_bytes()
    key, meta, blob = good.split(b"\n", 2)
    middle = len(blob) // 2
    damaged = {
        "truncated": key + b"\n" + meta + b"\n" + blob[:middle],
        "last byte lost": good[:-1],
        "flipped byte": key + b"\n" + meta + b"\n" + blob[:middle]
        + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1:],
        "wrong key": b"0" * 64 + b"\n" + meta + b"\n" + blob,
        "meta not json": key + b"\n{exact: [10]\n" + blob,
        "meta ids not numbers": key + b'\n{"exact": ["x"], "always": [30], "database": true}\n'
        + blob,
        "meta field missing": key + b'\n{"exact": [10], "database": true}\n' + blob,
        "key line only": key,
        "garbage": b"\x00\xffnot a database\n\x01\x02",
        "empty": b"",
    }[damage]
    path.write_bytes(damaged)
    _forget(monkeypatch)
    scanner = RegexScanner(PATTERNS)
    assert compiles == [4, 4]
    assert _reports(scanner) == REPORTS
    assert path.read_bytes() == good  # written again


def test_an_unwritable_cache_folder_still_scans(tmp_path, monkeypatch, compiles):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("QUALCODE_CACHE_DIR", str(blocker / "cache"))
    _forget(monkeypatch)
    assert _reports(RegexScanner(PATTERNS)) == REPORTS
    _forget(monkeypatch)
    assert _reports(RegexScanner(PATTERNS)) == REPORTS
    assert compiles == [4, 4]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize("setting", ["off", "OFF ", "", "0", "no"])
def test_the_disk_cache_can_be_turned_off(tmp_path, monkeypatch, compiles, setting):
    monkeypatch.setenv("QUALCODE_CACHE_DIR", setting)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    _forget(monkeypatch)
    assert cache_folder() is None
    assert _reports(RegexScanner(PATTERNS)) == REPORTS
    assert compiles == [4] and list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not multiscan.sys.platform.startswith("linux"), reason="Linux folders")
def test_the_default_cache_folder_on_linux(tmp_path, monkeypatch):
    monkeypatch.delenv("QUALCODE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "qualcode"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder() == tmp_path / ".cache" / "qualcode"
    monkeypatch.setenv("QUALCODE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"


# -- patterns the scanner cannot take --------------------------------------------------------


def test_hyperscan_refuses_the_huge_repeat():
    expression = scan_expression(BIG)
    assert expression is not None
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    with pytest.raises(hyperscan.error):
        db.compile(expressions=[expression.expression], ids=[0], elements=1,
                   flags=hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_CASELESS)


def test_a_pattern_hyperscan_refuses_is_reported_for_every_text(cache_dir, monkeypatch,
                                                                compiles):
    patterns = [(0, r"\bkorban\b"), (1, BIG), (2, r"\bmau\b"), (3, r"(a)\1")]
    scanner = RegexScanner(patterns)
    assert scanner.always == (1, 3)
    assert sorted(scanner.scan("korban")) == [0, 1, 3]
    assert sorted(scanner.scan("Mau")) == [1, 2, 3]
    assert sorted(scanner.scan("x")) == [1, 3]
    assert compiles == [3]
    (path,) = cache_dir.glob("regex-scan-*.hsdb")
    assert json.loads(path.read_bytes().split(b"\n", 2)[1]) == {
        "exact": [0, 2], "always": [1, 3], "database": True}
    _forget(monkeypatch)
    loaded = RegexScanner(patterns)
    assert compiles == [3] and loaded.always == (1, 3)
    assert sorted(loaded.scan("x")) == [1, 3]
    _forget(monkeypatch)
    copy = pickle.loads(pickle.dumps(loaded))
    assert copy.always == (1, 3) and sorted(copy.scan("korban")) == [0, 1, 3]


def test_every_pattern_refused():
    scanner = RegexScanner([(5, BIG), (6, "x*")])  # x* matches the empty text
    assert scanner.always == (5, 6)
    assert sorted(scanner.scan("abc")) == [5, 6]
    assert pickle.loads(pickle.dumps(scanner)).scan("") == [5, 6]


def test_an_unpickled_scanner_lends_no_ids_to_another_scanner(cache_dir, monkeypatch):
    # The process cache is keyed by every (id, pattern) pair, those that are not rewritten too:
    # a scanner never takes the ids of another one that shares its rewritten patterns.
    blob = pickle.dumps(RegexScanner([(0, "korban"), (1, r"(a)\1")]))
    _forget(monkeypatch)
    assert pickle.loads(blob).always == (1,)
    other = RegexScanner([(0, "korban")])
    assert other.always == ()
    assert other.scan("x") == []


# -- the matcher with and without the scanner ------------------------------------------------


@pytest.fixture(scope="module")
def study():
    """The study codebook compiled with the scanner, without it, and exhaustively."""
    book = load_codebook(default_codebook_path())
    return (compile_codebook(book, scan=True), compile_codebook(book, scan=False),
            compile_codebook(book, exhaustive=True))


@pytest.fixture(scope="module")
def turns() -> list[str]:
    corpus = load_corpus([default_corpus_path()], unit="turn")
    return [segment.text for segment in corpus.iter_segments()]


def test_the_study_matcher_uses_the_scanner(study):
    scanned, plain, _ = study
    assert scanned._scanner is not None and plain._scanner is None


def test_scanning_changes_no_coding_of_the_bundled_transcripts(study, turns):
    scanned, plain, _ = study
    assert len(turns) == 440
    for text in turns:
        for interviewer in (False, True):
            assert scanned.match(text, interviewer=interviewer) == plain.match(
                text, interviewer=interviewer), text


def test_prescanned_segments_code_as_segments_scanned_one_by_one(study, turns):
    scanned, plain, _ = study
    texts = turns[:120] + [_variants(t, k) for k, t in enumerate(turns[:40])]
    segments = [(text, k % 3 == 0) for k, text in enumerate(texts)]
    reports = scanned.prescan(segments)
    assert len(reports) == len(segments)
    assert any(r is None for r in reports)  # a Kelvin sign: not scanned, the prefilters run
    for (text, interviewer), report in zip(segments, reports, strict=True):
        found = scanned.match(text, interviewer=interviewer, scan=report)
        assert found == scanned.match(text, interviewer=interviewer), text
        assert found == plain.match(text, interviewer=interviewer), text
    assert plain.prescan(segments[:3]) == [None, None, None]  # no scanner: nothing to say


def _variants(text: str, k: int) -> str:
    """The text with non-ASCII characters: spaces, quotes, accents, digits, letters that
    ASCII letters match case-insensitively."""
    change = [
        lambda t: t.replace(" ", "\u00a0", 3),
        lambda t: t.replace("'", "\u2019").replace('"', "\u201c"),
        lambda t: t.replace("e", "\u00e9", 2) + " caf\u00e9",
        lambda t: t.replace("a", "\u00e1", 1).replace(" ", "\u2003", 2),
        lambda t: "\u0663 hari " + t + " \u4e2d\u6587",
        lambda t: t.replace("k", "\u212a", 2),
        lambda t: t.replace("s", "\u017f", 2),
        lambda t: t.replace("i", "\u0131", 1).replace("I", "\u0130", 1),
    ][k % 8]
    return change(text)


def test_scanning_changes_no_coding_of_texts_with_non_ascii_characters(study, turns):
    scanned, plain, exhaustive = study
    participant = [t for t in turns if len(t) > 80]
    texts = [_variants(text, k) for k, text in enumerate(participant)]
    assert sum(t != u for t, u in zip(participant, texts, strict=True)) > 200
    changed = 0
    for k, text in enumerate(texts):
        for interviewer in (False, True):
            found = scanned.match(text, interviewer=interviewer)
            assert found == plain.match(text, interviewer=interviewer), text
            if k % 8 == 5 and not interviewer:  # Kelvin signs: checked against every rule
                assert found == exhaustive.match(text, interviewer=interviewer), text
        changed += scanned.match(text) != scanned.match(participant[k])
    assert changed > 0  # some changes move codings (NBSP ends a phrase, ...)


def test_a_back_reference_rule_codes_the_same_with_the_scanner():
    book = parse_codebook(
        "name: t\nversion: '1'\ncodes:\n"
        "  - id: repeat\n    rules: [{regex: '\\b(\\w+) \\1\\b'}]\n"
        "  - id: victim\n    rules: [{regex: '\\bkorban\\b'}]\n"
        "    exclude: [{regex: '(?<!tidak )mau'}]\n")
    scanned, plain = compile_codebook(book, scan=True), compile_codebook(book, scan=False)
    assert scanned._scanner is not None and scanned._scanner.always == (0,)
    expected = {
        "saya saya pergi": [("repeat", "saya saya")],
        "Dia Dia korban": [("repeat", "dia dia"), ("victim", "korban")],
        "korban": [("victim", "korban")],
        "korban mau": [],
        "korban tidak mau": [("victim", "korban")],
        "\u212aorban \u212aorban": [("repeat", "korban korban"), ("victim", "korban")],
        "caf\u00e9 caf\u00e9": [("repeat", "caf\u00e9 caf\u00e9")],
        "nothing here": [],
    }
    for text, codes in expected.items():
        found = scanned.match(text)
        assert [(m.code, m.match) for m in found] == codes, text
        assert found == plain.match(text), text


def test_the_process_keeps_only_the_latest_few_databases(monkeypatch):
    from qualcode.coding import multiscan

    monkeypatch.setenv("QUALCODE_CACHE_DIR", "off")
    monkeypatch.setattr(multiscan, "_DB_CACHE", {})
    scanners = [multiscan.RegexScanner([(0, f"kata{k}")]) for k in range(10)]
    assert len(multiscan._DB_CACHE) == multiscan._DB_CACHE_SIZE
    assert [s.scan(f"ada kata{k} di sini") for k, s in enumerate(scanners)] == [[0]] * 10


def test_a_matcher_whose_scanner_takes_no_pattern_uses_the_prefilters():
    from qualcode.coding.matcher import compile_codebook
    from qualcode.io.codebook import parse_codebook

    book = parse_codebook("name: t\nversion: '1'\ncodes:\n  - id: echo\n    rules:\n"
                          "      - regex: '\\b(\\w+) \\1\\b'\n")
    matcher = compile_codebook(book, scan=True)
    assert matcher._scanner is None
    assert [m.code for m in matcher.match("ya ya betul")] == ["echo"]
    assert matcher.match("ya betul") == []
