import copy
import pickle

import pytest

from qualcode.model import (
    Code,
    Codebook,
    Corpus,
    Dimension,
    Document,
    FrozenMap,
    Rule,
    Segment,
    frozen_mapping,
)


def test_frozen_mapping_is_read_only():
    source = {"a": 1}
    m = frozen_mapping(source)
    assert isinstance(m, FrozenMap)
    with pytest.raises(TypeError):
        m["b"] = 2  # type: ignore[index]
    with pytest.raises(AttributeError):
        m.update({"b": 2})  # type: ignore[attr-defined]
    source["a"] = 9  # a copy: the caller's dict can change
    assert m == {"a": 1} and dict(m) == {"a": 1} and m != {"a": 2} and m != [("a", 1)]
    assert (list(m), list(m.keys()), list(m.values()), list(m.items())) == (
        ["a"], ["a"], [1], [("a", 1)])
    assert m.get("a") == 1 and m.get("z", 0) == 0 and "a" in m and len(m) == 1
    assert repr(m) == "FrozenMap({'a': 1})" and frozen_mapping(None) == {}
    with pytest.raises(TypeError):
        hash(m)


def test_model_objects_pickle_and_copy():
    """Documents, codebooks and corpora go to worker processes that start afresh."""
    doc = Document("d", "Saya dampingi.", attributes=frozen_mapping({"case": "C1"}))
    code = Code("enabler", labels=frozen_mapping({"id": "Pemungkin"}),
                rules=(Rule("phrases", phrases=frozen_mapping({"id": ("dampingi",)})),))
    book = Codebook("b", "1", (code,))
    corpus = Corpus((doc,), frozen_mapping({"d": (Segment("d", 0, 0, 14, doc.text),)}))
    for value in (doc, book, corpus, frozen_mapping({"x": {"y": 1}})):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value
    again = pickle.loads(pickle.dumps(book))
    assert again.code("enabler").labels["id"] == "Pemungkin"
    assert isinstance(again.code("enabler").labels, FrozenMap)


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
