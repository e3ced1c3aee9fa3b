import copy
import pickle

import pytest

from qualcode.model import (
    Case,
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


def test_codebook_title_and_description_per_language():
    book = Codebook("cb", "1", (Code("x"),), languages=("id", "en"),
                    titles={"en": "Case-manager roles", "id": "Peran manajer kasus"},
                    descriptions={"en": "Roles."})
    # the primary language's text is the title, whatever order they were written in
    assert (book.title, book.description) == ("Peran manajer kasus", "Roles.")
    assert (book.title_in("en"), book.title_in("id"), book.title_in("fr"), book.title_in()) == (
        "Case-manager roles", "Peran manajer kasus", "Peran manajer kasus",
        "Peran manajer kasus")
    assert (book.description_in("id"), book.description_in("en")) == ("Roles.", "Roles.")
    assert isinstance(book.titles, FrozenMap)
    assert pickle.loads(pickle.dumps(book)) == book
    # a title given as text only is the title in every language
    plain = Codebook("cb", "1", (Code("x"),), title="Demo")
    assert (plain.titles, plain.title_in("en"), plain.description_in("en")) == ({}, "Demo", "")


def test_reprs_give_ids_counts_and_lengths_not_whole_texts():
    text = "Rina: " + "saya dampingi anaknya " * 600
    doc = Document("mk01-rina", text, source="transcripts/mk01-rina.md", format="md",
                   attributes=frozen_mapping({"case": "MK01", "language": "id"}))
    assert repr(doc) == ("Document(id='mk01-rina', text=<13,206 characters>, "
                         "source='transcripts/mk01-rina.md', format='md', case='MK01', "
                         "attributes=<2 keys>)")
    long = Segment("mk01-rina", 0, 6, len(text), text[6:], speaker="Rina")
    assert repr(long) == (
        "Segment(document='mk01-rina', index=0, start=6, end=13206, text=<13,200 characters: "
        "'saya dampingi anaknya saya dampingi anaknya saya dampingi a'…>, speaker='Rina', "
        "interviewer=False, unit='turn')")
    short = Segment("d", 1, 0, 5, "hello", attributes=frozen_mapping({"begin": "00:01"}))
    assert repr(short) == ("Segment(document='d', index=1, start=0, end=5, text='hello', "
                           "speaker=None, interviewer=False, unit='turn', "
                           "attributes={'begin': '00:01'})")
    corpus = Corpus((doc, Document("x", "y")), frozen_mapping({"mk01-rina": (long,)}),
                    (Case("MK01"),), warnings=("w",))
    assert repr(corpus) == "Corpus(2 documents, 1 segment, 1 case, unit='turn', 1 warning)"
    code = Code("caseload", parent="obstacle", labels=frozen_mapping({"en": "Caseload"}),
                definition=frozen_mapping({"en": "x" * 5000}), examples=("a", "b"),
                rules=(Rule("phrases"),))
    assert repr(code) == ("Code(id='caseload', parent='obstacle', labels={'en': 'Caseload'}, "
                          "rules=<1 rule>, texts=<definition>, examples=<2 examples>)")
    book = Codebook("cb", "1.0", (code, Code("obstacle")), (Dimension("role"),),
                    path="codebooks/cb.yaml")
    assert repr(book) == ("Codebook(name='cb', version='1.0', 2 codes, 1 dimension, "
                          "unit='turn', path='codebooks/cb.yaml')")
    assert len(repr(corpus)) < 100 and len(repr(book)) < 120


def test_equality_and_hashing_are_not_changed_by_the_reprs():
    a, b = Document("d", "abc"), Document("d", "abd")
    assert repr(a) == repr(b) and a != b and a == Document("d", "abc")
    book = Codebook("cb", "1", (Code("x"),))
    assert book == Codebook("cb", "1", (Code("x"),)) != Codebook("cb", "1", (Code("y"),))
    assert Corpus((a,)) == Corpus((Document("d", "abc"),)) != Corpus((b,))
    with pytest.raises(TypeError):  # as before: attributes are mappings, never hashable
        hash(a)
