"""The streamed ``code`` path writes the bytes of the DataFrame path, with jobs and a cache."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from qualcode.coding.engine import apply_codebook
from qualcode.corpus import load_corpus
from qualcode.io.codebook import load_codebook
from qualcode.report.codings_stream import attribute_cells
from qualcode.report.tabular import csv_text
from qualcode.resources import default_cases_path, default_codebook_path, default_corpus_path
from qualcode.stream import code_files
from qualcode.tables import CODINGS_COLUMNS, codings_table

BOOK = """\
name: stream-book
version: "2"
dimensions: [{id: role}, {id: stage, exclusive: true}]
codes:
  - id: enabler
    dimension: role
    rules: [{phrases: {id: [dampingi], en: [support]}}]
  - id: coordinator
    dimension: role
    rules: [{regex: '\\b(merujuk|rujuk|refer\\w*)\\b'}]
  - id: assessment
    dimension: stage
    rules: [{phrases: {id: [asesmen], en: [assessment]}}]
  - id: monitoring
    dimension: stage
    rules: [{phrases: {id: [pantau, monitoring]}}]
"""


def _expected(paths, book, cases=None, **columns) -> str:
    corpus = load_corpus(paths, unit=book.unit, cases=cases, **columns)
    return csv_text(codings_table(apply_codebook(corpus, book), corpus, book))


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _interview(case: str | None, turns: list[str], extra: str = "") -> str:
    head = "---\n" + (f"case: {case}\n" if case else "") + extra + "---\n"
    body = "".join(f"Pewawancara: Bagaimana?\n\nInforman: {t}\n\n" for t in turns)
    return head + body


def _generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "qc_bench_generate", Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def study():
    return load_codebook(default_codebook_path())


def test_bundled_corpus_with_cases_equals_the_dataframe_path(tmp_path, study):
    out = tmp_path / "codings.csv"
    summary = code_files([default_corpus_path()], study, out, cases=default_cases_path())
    expected = _expected([default_corpus_path()], study, default_cases_path())
    assert out.read_text(encoding="utf-8") == expected
    assert summary.codings == len(pd.read_csv(out)) and summary.documents == 11


def test_generated_interviews_equal_with_jobs_and_cache(tmp_path, study):
    gen = _generator()
    folder = tmp_path / "gen"
    gen.generate(folder, 6000, seed=3, per_file=1000)
    expected = _expected([folder], study)
    for jobs, cache in ((1, None), (2, None), (1, tmp_path / "cache"), (2, tmp_path / "cache")):
        out = tmp_path / f"out-{jobs}-{cache is not None}.csv"
        code_files([folder], study, out, jobs=jobs, cache=cache)
        assert out.read_text(encoding="utf-8") == expected, (jobs, cache)


@pytest.mark.parametrize("cases_csv, docs", [
    # every document has a case with attributes: the guess holds, no rewrite
    ("case,years,score,role\nA,6,1.5,=cmd\nB,3,2,-x\n", {"a.md": "A", "b.md": "B"}),
    # a document without a case: integers print as floats in pandas
    ("case,years,role\nA,6,mk\nB,3,ps\n", {"a.md": "A", "n.md": None}),
    # a case that never appears, and one known only from front matter
    ("case,years,note\nA,6,x\nB,oops,y\n", {"a.md": "A", "c.md": "C"}),
    # attribute named like a core column
    ("case,text,document\nA,t1,a\n", {"a.md": "A"}),
    # attribute names a spreadsheet would run as formulas, with and without a rewrite
    ("case,=cmd,-x\nA,1,2\n", {"a.md": "A"}),
    ("case,=cmd,@y\nA,1,2\n", {"a.md": "A", "n.md": None}),
])
def test_case_attributes_print_as_pandas_prints_them(tmp_path, cases_csv, docs):
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {name: _interview(case, [
        "Saya mendampingi anaknya waktu asesmen.", "Kami merujuk ke psikolog =lalu pantau.",
        "Tidak ada apa-apa."]) for name, case in docs.items()})
    cases = tmp_path / "cases.csv"
    cases.write_text(cases_csv, encoding="utf-8")
    out = tmp_path / "out.csv"
    code_files([folder], book, out, cases=cases)
    assert out.read_text(encoding="utf-8") == _expected([folder], book, cases)


def test_no_codings_gives_the_header_only(tmp_path):
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {"a.md": _interview("A", ["Tidak ada apa-apa."])})
    cases = tmp_path / "cases.csv"
    cases.write_text("case,years\nA,4\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    summary = code_files([folder], book, out, cases=cases)
    assert out.read_text(encoding="utf-8") == _expected([folder], book, cases)
    assert out.read_text(encoding="utf-8") == ",".join(CODINGS_COLUMNS) + "\n"
    assert summary.codings == 0


def test_attribute_cells_agree_with_pandas_on_random_tables():
    rng = random.Random(2)
    pool = [0, 7, -3, 2**40, 1.5, -0.25, 1e16, float("nan"), "x", "=sum", "-1", "", "6"]
    for _ in range(300):
        cases = {f"c{i}": {k: rng.choice(pool) for k in rng.sample(["a", "b", "code"], 2)}
                 for i in range(rng.randint(1, 4))}
        order = list(cases)
        missing = rng.random() < 0.5
        rows = [{"document": "d", "x": 1, **{(k if k != "code" else "case_code"): v
                                             for k, v in cases[c].items()}} for c in order]
        rows += [{"document": "d", "x": 1}] if missing else []
        frame = pd.DataFrame(rows, dtype=object)  # as codings_table builds it
        frame[["document", "x"]] = frame[["document", "x"]].infer_objects()
        expected = csv_text(frame).splitlines()[1:]
        cells = attribute_cells(order, cases, missing, ["document", "x", "code"])
        got = ["d,1" + cells.suffix(c) for c in order] + (
            ["d,1" + ("," * len(cells.columns))] if missing else [])
        assert cells.columns == tuple(frame.columns[2:])
        assert got == expected, (cases, missing)


def test_cache_recodes_only_what_changed_and_survives_corruption(tmp_path, monkeypatch):
    from qualcode.coding.matcher import Matcher

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    folder = _write(tmp_path / "t", {
        f"d{i}.md": _interview("A", ["Saya mendampingi anaknya waktu asesmen.",
                                     f"Kami merujuk ke psikolog {i}."]) for i in range(3)})
    cache = tmp_path / "cache"
    out = tmp_path / "out.csv"
    book = load_codebook(book_path)
    assert code_files([folder], book, out, cache=cache).cached == 0
    assert code_files([folder], book, out, cache=cache).cached == 3
    (folder / "d1.md").write_text(_interview("A", ["Saya memantau anaknya."]), encoding="utf-8")
    assert code_files([folder], book, out, cache=cache).cached == 2
    assert out.read_text(encoding="utf-8") == _expected([folder], book)
    # one code edited: every file misses, each document reuses the other codes
    book_path.write_text(BOOK.replace("[dampingi]", "[dampingi, anak]"), encoding="utf-8")
    edited = load_codebook(book_path)
    asked: list[frozenset[str] | None] = []
    original = Matcher.match

    def spy(self, text, **options):
        asked.append(options.get("only"))
        return original(self, text, **options)

    monkeypatch.setattr(Matcher, "match", spy)
    assert code_files([folder], edited, out, cache=cache).cached == 0
    # every segment (both speakers) of the three documents, for the edited code only
    assert set(asked) == {frozenset({"enabler"})} and len(asked) == 10
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == _expected([folder], edited)
    # corrupt entries are ignored, rebuilt and reported
    for entry in (cache / "files").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    for entry in (cache / "documents").rglob("*.json"):
        entry.write_text('{"x": 1}', encoding="utf-8")
    summary = code_files([folder], edited, out, cache=cache)
    assert out.read_text(encoding="utf-8") == _expected([folder], edited)
    assert sorted({w.code for w in summary.warnings}) == ["W301"]
    assert len(summary.warnings) == 6
    assert code_files([folder], edited, out, cache=cache).warnings == ()
    # the rows kept beside a file entry: cut short, not valid UTF-8, or gone
    shutil.rmtree(cache / "files")  # entries of earlier codebooks and documents
    assert code_files([folder], edited, out, cache=cache).cached == 0
    rows = sorted((cache / "files").rglob("*.csv"))
    assert len(rows) == 3
    rows[0].write_text(rows[0].read_text(encoding="utf-8")[:-5], encoding="utf-8")
    rows[1].write_bytes(b"\xff" + rows[1].read_bytes()[1:])
    rows[2].unlink()
    summary = code_files([folder], edited, out, cache=cache)
    assert out.read_text(encoding="utf-8") == _expected([folder], edited)
    assert [w.code for w in summary.warnings] == ["W301"] * 3 and summary.cached == 0
    assert code_files([folder], edited, out, cache=cache).cached == 3


def test_duplicate_ids_and_unreadable_files_raise_or_skip(tmp_path):
    from qualcode.errors import InputError

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {"a.md": "---\nid: same\n---\nA: x\n",
                                     "b.md": "---\nid: same\n---\nA: y\n"})
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match="two documents have the id 'same'"):
        code_files([folder], book, out)
    assert not out.exists()
    (folder / "b.md").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        code_files([folder], book, out)
    summary = code_files([folder], book, out, skip_errors=True)
    assert [s.code for s in summary.skipped] == ["E100"] and summary.documents == 1


@pytest.mark.parametrize("run_chars", [1 << 20, 100])  # one run per case, or runs cut short
@pytest.mark.parametrize("cases_csv", [
    "case,years\nA,6\nB,3\n",  # every answer with a case has attributes: the guess holds
    "case,years\nA,6\nZ,2\n",  # B is unknown and some answers have no case: a rewrite
])
def test_table_rows_in_runs_of_one_case_equal_the_dataframe_path(tmp_path, monkeypatch,
                                                                 cases_csv, run_chars):
    monkeypatch.setattr("qualcode.stream._RUN_CHARS", run_chars)
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    table = tmp_path / "t" / "survey.csv"
    table.parent.mkdir()
    table.write_text(
        "id,case,answer\n"
        "r1,A,Saya mendampingi anaknya waktu asesmen.\n"
        "r2,A,Tidak ada apa-apa.\n"
        "r3,A,Kami merujuk ke psikolog lalu pantau.\n"
        "r4,,Saya mendampingi ibunya.\n"
        "r5,B,Tidak ada.\n"
        "r6,B,Asesmen dulu.\n"
        "r7,A,Kami pantau terus.\n",
        encoding="utf-8",
    )
    cases = tmp_path / "cases.csv"
    cases.write_text(cases_csv, encoding="utf-8")
    out = tmp_path / "out.csv"
    summary = code_files([table.parent], book, out, cases=cases, text_column="answer",
                         id_column="id")
    expected = _expected([table.parent], book, cases, text_column="answer", id_column="id")
    assert out.read_text(encoding="utf-8") == expected
    assert [line.split(",")[:2] for line in expected.splitlines()[1:]] == [
        ["r1", "A"], ["r1", "A"], ["r3", "A"], ["r3", "A"], ["r4", ""], ["r6", "B"], ["r7", "A"],
    ]
    assert (summary.documents, summary.segments, summary.codings, summary.codes,
            summary.words) == (7, 7, 7, 4, 24)


def test_a_codebook_whose_languages_changed_is_not_served_from_the_cache(tmp_path):
    # a plain phrase list is stemmed in the codebook's languages: with 'languages: [en]' the
    # Indonesian root of 'mendampingi' is no longer a key of [dampingi]
    plain = BOOK.split("  - id: assessment")[0].replace(
        "{phrases: {id: [dampingi], en: [support]}}", "{phrases: [dampingi]}")
    book_path = tmp_path / "book.yaml"
    folder = _write(tmp_path / "t", {"d0.md": _interview("A", ["Saya mendampingi anaknya."])})
    cache, out = tmp_path / "cache", tmp_path / "out.csv"
    books = []
    for text in (plain.replace('version: "2"', 'version: "2"\nlanguages: [id, en]'),
                 plain.replace('version: "2"', 'version: "2"\nlanguages: [en]')):
        book_path.write_text(text, encoding="utf-8")
        books.append(load_codebook(book_path))
        code_files([folder], books[-1], out, cache=cache)
        assert out.read_text(encoding="utf-8") == _expected([folder], books[-1])
    assert "enabler" in _expected([folder], books[0])
    assert "enabler" not in _expected([folder], books[1])


@pytest.mark.parametrize("cache", [False, True])
def test_a_slow_regex_is_stopped_with_and_without_the_cache(tmp_path, monkeypatch, cache):
    # The run holds one time limit for all documents; the cached path must use it too.
    from qualcode.errors import CodebookError

    monkeypatch.setenv("QUALCODE_SEGMENT_SECONDS", "0.3")
    book_path = tmp_path / "slow.yaml"
    book_path.write_text("name: slow\nversion: '1'\ncodes:\n  - id: denial\n    rules:\n"
                         "      - regex: '\\bkata\\b.*\\btidak\\b'\n", encoding="utf-8")
    transcript = tmp_path / "long.txt"
    transcript.write_text("Q: Halo?\nRina: kata tidak " + "kata " * 20_000 + "\n",
                          encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        code_files([transcript], load_codebook(book_path), tmp_path / "codings.csv",
                   cache=tmp_path / "cache" if cache else None)
    assert caught.value.message == ("rule denial.rules[0] of code 'denial' is too slow on "
                                    "segment 1 of document 'long' (100,010 characters)")
    assert not (tmp_path / "codings.csv").exists()


def test_streamed_cells_are_inert_and_quoted_as_the_csv_module_does(tmp_path):
    book_path = tmp_path / "b.yaml"
    book_path.write_text("name: b\nversion: '1'\ncodes:\n  - id: fear\n    rules:\n"
                         "      - regex: '[-=@+]takut'\n", encoding="utf-8")
    transcript = tmp_path / "t.txt"
    transcript.write_text('Q: Halo?\nRina: =takut, "kata" dia\n', encoding="utf-8")
    code_files([transcript], load_codebook(book_path), tmp_path / "codings.csv")
    rows = (tmp_path / "codings.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1] == ("t,,1,15,33,Rina,fear,fear,,b@1,auto,fear.rules[0],'=takut,"
                       "\"'=takut, \"\"kata\"\" dia\"")


def test_jobs_without_a_temporary_folder_hand_rows_through_the_pipe(tmp_path, monkeypatch):
    import tempfile

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {
        f"d{i}.md": _interview("A", ["Saya mendampingi anaknya waktu asesmen.",
                                     f"Kami merujuk ke psikolog {i}."]) for i in range(3)})
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    out = tmp_path / "out.csv"
    assert code_files([folder], book, out, jobs=2).documents == 3
    assert out.read_text(encoding="utf-8") == _expected([folder], book)


def test_jobs_with_spawned_workers_equal_one_process(tmp_path, monkeypatch):
    """As on macOS and Windows: the settings (codebook, cases) are pickled to fresh processes."""
    import qualcode.stream

    monkeypatch.setattr(qualcode.stream, "_forks", lambda: False)
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {
        f"d{i}.md": _interview("A" if i % 2 else "B", [
            "Saya mendampingi anaknya waktu asesmen.", f"Kami merujuk ke psikolog {i}."])
        for i in range(4)})
    cases = tmp_path / "cases.csv"
    cases.write_text("case,role\nA,mk\nB,ps\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert code_files([folder], book, out, jobs=2, cases=cases).documents == 4
    assert out.read_text(encoding="utf-8") == _expected([folder], book, cases)


def test_an_output_that_is_one_of_the_files_read_is_refused_before_any_work(tmp_path):
    from qualcode.errors import OutputError

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {"a.md": "A: dampingi\n", "b.md": "A: asesmen\n"})
    cases = tmp_path / "cases.csv"
    cases.write_text("case,years\nA,6\n", encoding="utf-8")
    for paths, output, message in (
            ([folder / "a.md"], folder / "a.md", "the output is also an input of this command"),
            ([folder], cases, "the output is also an input of this command"),
            ([folder], folder / "b.md", "the output is a source file in the input folder")):
        before = output.read_bytes()
        with pytest.raises(OutputError, match=message) as caught:
            code_files(paths, book, output, cases=cases)
        assert caught.value.path == str(output)
        assert output.read_bytes() == before
    # a codings table qualcode wrote in the input folder is not a source: it may be replaced
    code_files([folder], book, folder / "codings.csv")
    code_files([folder], book, folder / "codings.csv")
    assert (folder / "codings.csv").read_text(encoding="utf-8") == _expected([folder], book)


def test_one_path_is_not_split_into_letters(tmp_path):
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {"a.md": "A: dampingi\n"})
    for one in (str(folder), folder):
        out = tmp_path / "one.csv"
        assert code_files(one, book, out).documents == 1
        assert out.read_text(encoding="utf-8") == _expected([folder], book)


def test_the_codebook_may_be_a_path_and_is_never_written_over(tmp_path):
    from qualcode.errors import OutputError

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    folder = _write(tmp_path / "t", {"a.md": "A: dampingi\n"})
    out = tmp_path / "out.csv"
    for given in (book_path, str(book_path)):
        code_files([folder], given, out)
        assert out.read_text(encoding="utf-8") == _expected([folder], load_codebook(book_path))
    with pytest.raises(OutputError, match="the output is also an input"):
        code_files([folder], book_path, book_path)
    assert book_path.read_text(encoding="utf-8") == BOOK


@pytest.mark.parametrize("damage", [
    lambda rows: rows[0].__setitem__(0, 999),  # a segment the document does not have
    lambda rows: rows[0].__setitem__(0, -1),
    lambda rows: rows[0].__setitem__(0, "1"),
    lambda rows: rows[0].__setitem__(3, "many"),
    lambda rows: rows[0].pop(),
])
def test_a_well_formed_but_wrong_document_entry_is_rebuilt(tmp_path, damage):
    import json

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {"d.md": _interview("A", [
        "Saya mendampingi anaknya waktu asesmen.", "Kami merujuk ke psikolog."])})
    cache, out = tmp_path / "cache", tmp_path / "out.csv"
    code_files([folder], book, out, cache=cache)
    shutil.rmtree(cache / "files")  # only the documents/ level is left to read
    (entry,) = (cache / "documents").rglob("*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    rows = next(v for v in stored.values() if v)
    damage(rows)
    entry.write_text(json.dumps(stored), encoding="utf-8")
    summary = code_files([folder], book, out, cache=cache)
    assert out.read_text(encoding="utf-8") == _expected([folder], book)
    assert [w.code for w in summary.warnings] == ["W301"]
    assert entry.name in summary.warnings[0].message
    shutil.rmtree(cache / "files")
    assert code_files([folder], book, out, cache=cache).warnings == ()  # the entry rebuilt


def test_a_cache_inside_an_input_folder_is_not_read_as_input(tmp_path, monkeypatch):
    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "top" / "t",
                    {"d.md": _interview("A", ["Kami merujuk ke psikolog."])})
    expected = _expected([folder], book)
    monkeypatch.chdir(tmp_path)
    for inputs, cache in (([folder], folder / "qc1"), (["top/t"], "top/t/qc2"),
                          ([tmp_path / "top"], "top/t/qc3")):
        for run in (0, 1):
            out = tmp_path / f"out{run}.csv"
            summary = code_files(inputs, book, out, cache=cache)
            assert out.read_text(encoding="utf-8") == expected
            assert (summary.documents, summary.cached, summary.warnings) == (1, run, ())
        shutil.rmtree(cache)  # only the cache given is passed over


def test_a_cached_rows_file_changed_to_the_same_length_is_caught(tmp_path):
    import json

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {f"d{i}.md": _interview("A", [
        "Saya mendampingi anaknya waktu asesmen.", "Kami merujuk ke psikolog."])
        for i in range(3)})
    cache, out = tmp_path / "cache", tmp_path / "out.csv"
    expected = _expected([folder], book)
    code_files([folder], book, out, cache=cache)
    rows = sorted((cache / "files").rglob("*.csv"))
    entries = [r.with_suffix(".json") for r in rows]
    # the same length: a code no codebook has, a digit of an offset, an end in the description
    text = rows[0].read_text(encoding="utf-8")
    assert "coordinator,coordinator" in text
    rows[0].write_text(text.replace("coordinator,coordinator", "XXXXXXXXXXX,XXXXXXXXXXX"),
                       encoding="utf-8")
    data = rows[1].read_bytes()
    rows[1].write_bytes(data.replace(b",1,", b",2,", 1))
    assert rows[1].read_bytes() != data
    description = json.loads(entries[2].read_text(encoding="utf-8"))
    description["ends"][0] += 1
    entries[2].write_text(json.dumps(description), encoding="utf-8")
    summary = code_files([folder], book, out, cache=cache)
    assert out.read_text(encoding="utf-8") == expected
    assert [w.code for w in summary.warnings] == ["W301"] * 3 and summary.cached == 0
    assert "checksum differs" in summary.warnings[0].message
    summary = code_files([folder], book, out, cache=cache)
    assert (summary.cached, summary.warnings) == (3, ())
    # an entry of an earlier version (no checksum) is rebuilt quietly
    del description["blake2b"]
    entries[2].write_text(json.dumps(description), encoding="utf-8")
    summary = code_files([folder], book, out, cache=cache)
    assert (summary.cached, summary.warnings) == (2, ())
    assert out.read_text(encoding="utf-8") == expected
    assert "blake2b" in json.loads(entries[2].read_text(encoding="utf-8"))


def test_a_cache_that_cannot_be_written_is_one_warning_not_one_per_file(tmp_path,
                                                                       monkeypatch):
    import errno

    from qualcode.batch import cache as cache_module
    from qualcode.batch.cache import apply_codebook_cached

    book_path = tmp_path / "book.yaml"
    book_path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(book_path)
    folder = _write(tmp_path / "t", {f"d{i}.md": _interview("A", [
        f"Saya mendampingi anaknya {i}.", "Kami merujuk ke psikolog."]) for i in range(5)})
    expected = _expected([folder], book)
    out = tmp_path / "out.csv"
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "files").touch()
    (blocked / "documents").touch()
    for jobs in (1, 2):
        summary = code_files([folder], book, out, cache=blocked, jobs=jobs)
        assert out.read_text(encoding="utf-8") == expected
        assert [w.code for w in summary.warnings] == ["W302"]
        assert "the cache folder cannot be written" in summary.warnings[0].message
        assert "files is a file, not a folder" in summary.warnings[0].message
    corpus = load_corpus([folder], unit=book.unit)
    codings, warnings = apply_codebook_cached(corpus, book, blocked)
    assert codings == apply_codebook(corpus, book) and [w.code for w in warnings] == ["W302"]
    # a disk that fills up during the run: the first entry, then how many more
    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_module, "_write_bytes", full)
    summary = code_files([folder], book, out, cache=tmp_path / "full")
    assert out.read_text(encoding="utf-8") == expected
    assert [w.code for w in summary.warnings] == ["W302", "W302"]
    assert "No space left on device" in summary.warnings[0].message
    assert summary.warnings[1].message == "9 more cache entries could not be written"
