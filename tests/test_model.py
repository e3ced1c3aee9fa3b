from types import MappingProxyType

import pytest

from qualcode.model import Code, Codebook, Corpus, Dimension, Document, Segment, frozen_mapping


def test_frozen_mapping_is_read_only():
    m = frozen_mapping({"a": 1})
    assert isinstance(m, MappingProxyType)
    with pytest.raises(TypeError):
        m["b"] = 2  # type: ignore[index]


def test_document_case_language_and_line_of():
    doc = Document("d", "a\nb\nc", attributes=frozen_mapping({"case": "C1", "language": "id"}))
    assert (doc.case, doc.language) == ("C1", "id")
    assert doc.line_of(0) == 1 and doc.line_of(4) == 3
    assert Document("e", "x").case is None


def test_corpus_lookup_and_iteration():
    doc = Document("d", "hello")
    seg = Segment("d", 0, 0, 5, "hello")
    corpus = Corpus((doc,), frozen_mapping({"d": (seg,)}))
    assert corpus.document("d") is doc and list(corpus.iter_segments()) == [seg]
    with pytest.raises(KeyError):
        corpus.document("x")


def test_codebook_paths_dimensions_and_coder():
    book = Codebook(
        "cb",
        "1.0",
        (
            Code("obstacle", dimension="obstacle"),
            Code("internal", parent="obstacle"),
            Code("caseload", parent="internal", labels=frozen_mapping({"en": "Caseload"})),
            Code("enabler", dimension="role"),
        ),
        (Dimension("role"), Dimension("obstacle")),
    )
    assert book.coder == "cb@1.0"
    assert book.path_of("caseload") == ("obstacle", "internal", "caseload")
    assert book.dimension_of("caseload") == "obstacle"
    assert [c.id for c in book.codes_in("obstacle")] == ["obstacle", "internal", "caseload"]
    assert [c.id for c in book.children(None)] == ["obstacle", "enabler"]
    assert book.code("caseload").label("id") == "Caseload" and "enabler" in book
