"""apply_codebook / code_document: provenance, scope, order, determinism, offsets, hit counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.coding.engine import apply_codebook, code_document, count_rule_hits, match_segments
from qualcode.coding.matcher import compile_codebook
from qualcode.corpus import build_corpus
from qualcode.io.codebook import parse_codebook
from qualcode.model import Coding, Document
from qualcode.tables import CODINGS_COLUMNS, codings_table

BOOK = """\
name: mini
version: "1.2"
dimensions:
  - id: role
  - id: stage
codes:
  - id: enabler
    dimension: role
    rules:
      - phrases: {id: [dampingi], en: [reassure]}
      - regex: '\\bbiar (anaknya )?mau cerita\\b'
  - id: monitoring
    dimension: stage
    rules:
      - phrases: {any: [home visit, pantau]}
    codes:
      - id: phone_check
        rules:
          - phrases: {id: [telepon]}
"""

TEXT_A = """\
Pewawancara: Apa yang Ibu lakukan? Apakah Ibu mendampingi?

Rina: Saya mendampingi anaknya, biar anaknya mau cerita.
Lalu saya pantau lewat telepon.

Pewawancara: Terima kasih.

Rina: Sama-sama."""

TEXT_B = "Q: Did you visit?\n\nSam: We reassured her during the home visit."


def _corpus():
    docs = [Document("a", TEXT_A, attributes={"case": "MK01"}),
            Document("b", TEXT_B, attributes={"case": "MK02"})]
    return build_corpus(docs)


def test_codings_carry_provenance_and_segment_spans():
    corpus = _corpus()
    codings = apply_codebook(corpus, parse_codebook(BOOK))
    seg_a = corpus.segments["a"][1]
    seg_b = corpus.segments["b"][1]
    assert codings == [
        Coding("a", seg_a.start, seg_a.end, "enabler", "mini@1.2", "auto", 1,
               "enabler.rules[0]; enabler.rules[1]", "mendampingi; biar anaknya mau cerita"),
        Coding("a", seg_a.start, seg_a.end, "monitoring", "mini@1.2", "auto", 1,
               "monitoring.rules[0]", "pantau"),
        Coding("a", seg_a.start, seg_a.end, "phone_check", "mini@1.2", "auto", 1,
               "phone_check.rules[0]", "telepon"),
        Coding("b", seg_b.start, seg_b.end, "enabler", "mini@1.2", "auto", 1,
               "enabler.rules[0]", "reassured"),
        Coding("b", seg_b.start, seg_b.end, "monitoring", "mini@1.2", "auto", 1,
               "monitoring.rules[0]", "home visit"),
    ]
    assert TEXT_A[seg_a.start:seg_a.end].startswith("Saya mendampingi")


def test_interviewer_turns_are_not_coded_by_default():
    corpus = _corpus()
    codings = apply_codebook(corpus, parse_codebook(BOOK))
    interviewer = {(s.document, s.index) for s in corpus.iter_segments() if s.interviewer}
    assert interviewer == {("a", 0), ("a", 2), ("b", 0)}
    assert not {(c.document, c.segment) for c in codings} & interviewer


def test_codebook_scope_all_codes_interviewer_turns_too():
    book = parse_codebook(BOOK.replace('version: "1.2"', 'version: "1.2"\nscope: all'))
    codings = apply_codebook(_corpus(), book)
    assert [(c.document, c.segment, c.code) for c in codings][:2] == [
        ("a", 0, "enabler"), ("a", 1, "enabler")]


def test_apply_is_deterministic_and_equals_code_document():
    corpus = _corpus()
    book = parse_codebook(BOOK)
    first = apply_codebook(corpus, book)
    matcher = compile_codebook(book)
    streamed = [c for doc in corpus.documents
                for c in code_document(matcher, doc, corpus.segments[doc.id])]
    assert first == streamed == apply_codebook(corpus, matcher) == apply_codebook(corpus, book)


def test_segments_scanned_for_many_documents_at_once_match_as_scanned_one_by_one():
    corpus = _corpus()
    matcher = compile_codebook(parse_codebook(BOOK))  # its regex rule is scanned
    segments = [s for doc in corpus.documents for s in corpus.segments[doc.id]]
    reports = iter(matcher.prescan([(s.text, s.interviewer) for s in segments]))
    found = 0
    for doc in corpus.documents:
        own = corpus.segments[doc.id]
        given_reports = [next(reports) for _ in own]
        matched = match_segments(matcher, doc, own, scans=given_reports)
        assert matched == match_segments(matcher, doc, own)
        found += len(matched)
        with pytest.raises(ValueError, match="reports for"):
            match_segments(matcher, doc, own, scans=given_reports[1:])
    assert found == 5


def test_codings_table_has_the_canonical_columns_and_provenance():
    corpus = _corpus()
    book = parse_codebook(BOOK)
    table = codings_table(apply_codebook(corpus, book), corpus, book)
    assert tuple(table.columns) == CODINGS_COLUMNS
    row = table.iloc[2]
    assert (row["document"], row["case"], row["speaker"], row["code"], row["code_path"],
            row["group"], row["coder"], row["source"], row["rule"], row["match"]) == (
        "a", "MK01", "Rina", "phone_check", "monitoring/phone_check", "stage", "mini@1.2",
        "auto", "phone_check.rules[0]", "telepon")
    assert row["text"] == TEXT_A[row["start"]:row["end"]]


def test_count_rule_hits_lists_surface_forms_per_rule():
    corpus = _corpus()
    rows = count_rule_hits(corpus, parse_codebook(BOOK))
    assert rows == [
        ("enabler", "enabler.rules[0]", "mendampingi", 1),
        ("enabler", "enabler.rules[0]", "reassured", 1),
        ("enabler", "enabler.rules[1]", "biar anaknya mau cerita", 1),
        ("monitoring", "monitoring.rules[0]", "home visit", 1),
        ("monitoring", "monitoring.rules[0]", "pantau", 1),
        ("phone_check", "phone_check.rules[0]", "telepon", 1),
    ]


_WORDS = st.sampled_from(["Rina:", "Pewawancara:", "mendampingi", "pantau", "home", "visit",
                          "telepon", "biar", "mau", "cerita", "\n", "\n\n", " ", "ü", "-", "İ"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_every_coding_lies_within_its_segment(text):
    corpus = build_corpus([Document("d", text)])
    codings = apply_codebook(corpus, parse_codebook(BOOK))
    segments = corpus.segments["d"]
    for coding in codings:
        seg = segments[coding.segment]
        assert (coding.start, coding.end) == (seg.start, seg.end)
        assert 0 <= coding.start < coding.end <= len(text)
        assert not seg.interviewer


def test_a_codebook_path_and_a_list_of_documents_are_taken_too(tmp_path):
    from pathlib import Path

    from qualcode.errors import QualcodeError
    from qualcode.tables import segments_table

    corpus = _corpus()
    book = parse_codebook(BOOK)
    path = tmp_path / "mini.yaml"
    path.write_text(BOOK, encoding="utf-8")
    expected = apply_codebook(corpus, book)
    for given_book in (str(path), path):
        assert apply_codebook(corpus, given_book) == expected
        assert count_rule_hits(corpus, given_book) == count_rule_hits(corpus, book)
        assert codings_table(expected, corpus, given_book).equals(
            codings_table(expected, corpus, book))
    documents = list(corpus.documents)
    assert apply_codebook(documents, book) == expected
    assert apply_codebook(iter(documents), compile_codebook(book)) == expected
    assert codings_table(expected, documents, book).equals(codings_table(expected, corpus, book))
    assert segments_table(documents).equals(segments_table(corpus))
    with pytest.raises(QualcodeError, match="codebook must be a Codebook or the path of a "
                                            "codebook \\(YAML\\), not dict"):
        apply_codebook(corpus, {"codes": []})
    with pytest.raises(QualcodeError, match="corpus must be a Corpus or a list of Documents, "
                                            "not str"):
        segments_table("transcripts/")
    with pytest.raises(QualcodeError, match=r"not a list holding (Posix|Windows)Path"):
        apply_codebook([Path("a.md")], book)
