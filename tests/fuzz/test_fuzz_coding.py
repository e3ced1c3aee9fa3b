"""Property tests of the codebook loader and the matcher: random YAML-ish text and random
structures give a codebook or a :class:`CodebookError`, never another exception; random
codebooks applied to random text give codings on whole segments, never an exception."""

from __future__ import annotations

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from qualcode.coding.engine import apply_codebook
from qualcode.coding.matcher import compile_codebook
from qualcode.corpus import build_corpus
from qualcode.errors import CodebookError
from qualcode.io.codebook import parse_codebook
from qualcode.model import Document

_YAML_PIECES = ["name: x\n", 'version: "1"\n', "codes:\n", "  - id: a\n", "    rules:\n",
                "      - phrases: [sekolah, \"gali cerita\"]\n", "      - regex: '\\bkata\\b'\n",
                "      - near: {terms: [[a], [b]], within: 3}\n", "    codes:\n", "parent: a\n",
                "dimension: role\n", "dimensions: [{id: role, label: R}]\n", "languages: [id]\n",
                "exclude: [{phrases: [x]}]\n", "min_hits: 2\n", "color: '#1b9e77'\n", "  ", "- ",
                ": ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a\n", "!!python/name:os.system",
                "!!binary ", "'", '"', "#", "\n", "\t", "|\n", ">-\n", "---\n", "...\n",
                "%YAML 1.1\n", "? ", "~", "null", "yes", "1e400", "0x1f", "2024-13-45",
                "\ufeff", "\x00", "é"]
YAMLISH = st.lists(st.one_of(st.sampled_from(_YAML_PIECES), st.text(max_size=6)),
                   max_size=40).map("".join)


@given(YAMLISH)
@example("name: x\nversion: '1'\ncodes: [{id: a, rules: [{regex: '(a+)+'}]}]\n")
@example("a: &a [x, x]\nb: &b [*a, *a]\ncodes: *b\n")
@example("codes: " + "[" * 200)
def test_yamlish_text_gives_a_codebook_or_codebook_error(text):
    try:
        book = parse_codebook(text)
    except CodebookError as exc:
        assert exc.issues and all(issue.code.startswith("C") for issue in exc.issues)
        return
    assert book.codes


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(),
                    st.text(max_size=12), st.sampled_from(["a", "b", "sekolah", "(a+)+", "id",
                                                           "role", "participant", "turn"]))
KEYS = st.sampled_from(["name", "version", "codes", "id", "rules", "phrases", "regex", "near",
                        "terms", "within", "exclude", "except", "match", "dimension",
                        "dimensions", "label", "parent", "min_hits", "scope", "unit",
                        "languages", "examples", "positive", "negative", "color", "memo",
                        "manual", "en", "any", "x"])
STRUCTURES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(KEYS, inner, max_size=5), max_leaves=30)


@given(st.dictionaries(KEYS, STRUCTURES, max_size=8))
def test_random_structures_give_a_codebook_or_codebook_error(data):
    text = yaml.safe_dump({"name": "x", "version": "1", **data}, allow_unicode=True)
    try:
        parse_codebook(text)
    except CodebookError as exc:
        assert exc.issues


_VOCABULARY = ["sekolah", "menolak", "anak", "dampingi", "mendampingi", "didampingi", "gali",
               "cerita", "guru", "tidak", "mau", "kata", "the", "school", "schools", "refused",
               "ibu", "anaknya", "café", "İstanbul", "ß", "kerja-sama"]
WORDS = st.sampled_from([*_VOCABULARY, "-", "—", "...", "12"])
PHRASES = st.lists(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=3).map(" ".join),
                   min_size=1, max_size=4)
SAFE_REGEXES = st.sampled_from([r"\bsekolah\b", r"\b(tidak|nggak)\s+mau\b", r"guru\w*",
                                r"\bkata\b.{0,30}\btidak\b", r"caf[eé]", r"\d+"])


@st.composite
def codebooks(draw):
    codes = []
    for i in range(draw(st.integers(1, 5))):
        rules = []
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["phrases", "regex", "near"]))
            mode = draw(st.sampled_from(["stem", "exact"]))
            if kind == "phrases":
                rules.append({"phrases": {draw(st.sampled_from(["id", "en", "any"])):
                                          draw(PHRASES)}, "match": mode})
            elif kind == "regex":
                rules.append({"regex": draw(SAFE_REGEXES)})
            else:
                rules.append({"near": {"terms": [draw(PHRASES), draw(PHRASES)],
                                       "within": draw(st.integers(0, 5))}})
        code = {"id": f"c{i}", "rules": rules, "min_hits": draw(st.integers(1, 2))}
        if draw(st.booleans()):
            code["exclude"] = [{"phrases": draw(PHRASES)}]
        if draw(st.booleans()):
            code["scope"] = draw(st.sampled_from(["participant", "interviewer", "all"]))
        codes.append(code)
    return parse_codebook(yaml.safe_dump({"name": "fuzz", "version": "1", "codes": codes},
                                         allow_unicode=True))


TRANSCRIPT = st.lists(st.tuples(st.sampled_from(["Q", "Rina", "Pewawancara", "Dimas"]),
                                st.lists(WORDS | st.text(max_size=5), max_size=25)),
                      min_size=1, max_size=8).map(
    lambda turns: "\n".join(f"{who}: {' '.join(words)}" for who, words in turns))


@given(codebooks(), TRANSCRIPT, st.sampled_from(["turn", "sentence", "paragraph"]))
def test_matcher_codes_whole_segments_without_errors(book, text, unit):
    corpus = build_corpus([Document("d", text)], unit=unit)
    codings = apply_codebook(corpus, book)
    segments = {s.index: s for s in corpus.segments["d"]}
    known = {c.id for c in book.codes}
    for coding in codings:
        segment = segments[coding.segment]
        assert (coding.start, coding.end) == (segment.start, segment.end)
        assert coding.code in known and coding.coder == "fuzz@1"
    matcher = compile_codebook(book)
    for segment in segments.values():
        found = matcher.match(segment.text, interviewer=segment.interviewer)
        assert [m.code for m in found] == [c.code for c in codings if c.segment == segment.index]
