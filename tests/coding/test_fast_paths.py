"""The matcher's shortcuts change nothing: fast matcher == exhaustive matcher, segment by segment.

Checked on the bundled transcripts and on generated interviews (the benchmark generator, with its
long tail of rare words), with the bundled study codebook, for both speaker roles; the fast
matcher with the Hyperscan pass that picks the regexes to run and without it (its prefilters).
"""

from __future__ import annotations

import importlib.util
import random
from functools import cache
from pathlib import Path

import pytest

from qualcode.coding.apostrophes import APOSTROPHES
from qualcode.coding.matcher import compile_codebook
from qualcode.coding.morphology import COLLOQUIAL_FORMS, in_colloquial_table, stem_id, tokenize
from qualcode.coding.rootgate import RootGate
from qualcode.corpus import load_corpus
from qualcode.io.codebook import load_codebook
from qualcode.resources import default_codebook_path, default_corpus_path

ROOT = Path(__file__).resolve().parents[2]


@cache
def generator():
    spec = importlib.util.spec_from_file_location("qc_bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _study():
    return load_codebook(default_codebook_path())


def _generated_texts(n: int, seed: int) -> list[str]:
    gen = generator()
    lexicon = gen.Lexicon(seed, size=5000)
    rng = random.Random(seed)
    return [gen.answer(rng, rng.choice(["id", "id", "en"]), lexicon) for _ in range(n)]


@cache
def _matchers():
    """The study codebook compiled with the scanner, without it, and exhaustively (compiled
    once: the memo tables a matcher keeps never change its results)."""
    return (compile_codebook(_study(), scan=True), compile_codebook(_study(), scan=False),
            compile_codebook(_study(), exhaustive=True))


def _compare(texts: list[str]) -> None:
    scanned, plain, slow = _matchers()
    for text in texts:
        for interviewer in (False, True):
            expected = slow.match(text, interviewer=interviewer)
            assert scanned.match(text, interviewer=interviewer) == expected, text
            assert plain.match(text, interviewer=interviewer) == expected, text
            expected_rules = slow.rule_matches(text, interviewer=interviewer)
            assert scanned.rule_matches(text, interviewer=interviewer) == expected_rules, text
            assert plain.rule_matches(text, interviewer=interviewer) == expected_rules, text


def test_fast_matcher_equals_exhaustive_on_the_bundled_corpus():
    corpus = load_corpus([default_corpus_path()], unit="turn")
    _compare([seg.text for seg in corpus.iter_segments()])


@pytest.mark.parametrize("seed", [3, 4])
def test_fast_matcher_equals_exhaustive_on_generated_interviews(seed):
    _compare(_generated_texts(150, seed))


def test_fast_matcher_equals_exhaustive_on_texts_with_typed_apostrophes():
    rng = random.Random(7)
    corpus = load_corpus([default_corpus_path()], unit="turn")
    texts = []
    for seg in list(corpus.iter_segments())[:120]:
        chars = list(seg.text)
        for _ in range(6):  # inside words, at their edges, between them
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(APOSTROPHES + "'"))
        texts.append("".join(chars))
    _compare(texts)
    scanned = _matchers()[0]
    for mark in APOSTROPHES:
        [found] = scanned.match(f"I spoke up on the child{mark}s behalf.")
        assert (found.code, found.match) == ("advocate", f"on the child{mark}s behalf")


def test_root_gate_never_rejects_a_word_whose_root_it_holds():
    from qualcode.coding.morphology import indonesian_dictionary

    rng = random.Random(5)
    dictionary = sorted(indonesian_dictionary().words)
    roots = set(rng.sample(dictionary, 1500)) | {"sampai", "lihat", "cek", "ai", "in"}
    gate = RootGate(roots)
    words: set[str] = set()
    for path in default_corpus_path().glob("*.md"):
        words.update(tokenize(path.read_text(encoding="utf-8")))
    prefixes = ["", "me", "mem", "men", "meng", "meny", "di", "ke", "ber", "ter", "pe", "peng",
                "per", "memper", "diper", "ng", "nge", "ny", "se", "ku", "kau", "keber",
                "menye", "penye", "dise", "terse"]  # meN- and peN- over se- (menyetujui)
    suffixes = ["", "i", "kan", "an", "nya", "lah", "in", "innya", "kannya", "annya", "pun"]
    nasal = {"p": ("m", "mem", "pem"), "t": ("n", "men", "pen"), "k": ("ng", "meng", "peng"),
             "s": ("ny", "meny", "peny"), "c": ("ny",)}  # the nasal takes the first letter
    for root in rng.sample(sorted(roots), 600):
        for _ in range(4):
            words.add(rng.choice(prefixes) + root + rng.choice(suffixes))
            words.add(rng.choice(prefixes) + root[1:] + rng.choice(suffixes))
            for prefix in nasal.get(root[0], ()):
                words.add(prefix + root[1:] + rng.choice(suffixes))
    # the colloquial forms of the table, with clitics too (nganterinnya)
    words.update(form + clitic for form in COLLOQUIAL_FORMS for clitic in ("", "nya", "lah"))
    # the matcher stems the colloquial forms of its table whatever the gate says
    missed = sorted(w for w in words if not in_colloquial_table(w) and not gate(w)
                    and stem_id(w) in roots)
    assert missed == []
    assert not gate("kambarnya") and not gate("xyz") and gate("menyampaikannya")


def test_texts_with_spaces_are_found_inside_longer_words_and_around_punctuation():
    from qualcode.io.codebook import parse_codebook

    book = parse_codebook(
        "name: t\nversion: '1'\ncodes:\n"
        "  - id: a\n    rules: [{regex: 'kepala sekolah'}]\n"
        "  - id: b\n    rules: [{regex: 'ng sendiri'}]\n"
        "  - id: c\n    rules: [{regex: 'x , - y'}]\n"
        "  - id: d\n    rules: [{regex: ' , - '}]\n"
        "  - id: e\n    rules: [{regex: 'guru bk\\b'}]\n")
    texts = ["Wakil kepala sekolahnya datang", "sikepala sekolah", "Dia pusing sendiri",
             "x , - y", "a_x , - y_b", " , - ", "guru bk.", "si_guru bk", "guru-guru bk",
             "KEPALA SEKOLAH", "kepala  sekolah", "nothing here"]
    fast, slow = compile_codebook(book, scan=True), compile_codebook(book, exhaustive=True)
    plain = compile_codebook(book, scan=False)
    for text in texts:
        assert fast.match(text) == slow.match(text) == plain.match(text), text
    assert [m.code for m in fast.match("Wakil kepala sekolahnya, si_guru bk")] == ["a", "e"]
