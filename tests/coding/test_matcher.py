"""The compiled matcher: stem-aware phrases, exceptions, exact words, near, regex, min_hits,
exclusions and scope."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.coding.apostrophes import APOSTROPHES
from qualcode.coding.matcher import CodeMatch, RuleMatch, compile_codebook
from qualcode.io.codebook import parse_codebook

BOOK = """\
name: test-book
version: "0.1"
languages: [id, en]
codes:
  - id: enabler
    rules:
      - phrases: {id: [dampingi, "gali cerita"], en: [refer, "open up"]}
  - id: coordinator
    rules:
      - phrases: {id: [koordinasi]}
  - id: policy
    rules:
      - phrases: {id: [bijak]}
        except: [kebijakan, kebijakannya]
  - id: fish
    rules:
      - phrases: {id: [ikan]}
        match: exact
  - id: school_pressure
    rules:
      - near: {terms: [[sekolah, kepala sekolah], [desak, tuntut]], within: 3}
  - id: repeated
    min_hits: 2
    rules:
      - phrases: {any: [laporan]}
      - regex: '\\bSimfoni\\b'
  - id: visit
    rules:
      - phrases: {en: [home visit]}
    exclude:
      - phrases: {id: [rencana]}
      - regex: '\\bbelum\\b'
  - id: question
    scope: interviewer
    rules:
      - phrases: {any: [asesmen]}
"""


def _matcher():
    return compile_codebook(parse_codebook(BOOK))


def _codes(text, interviewer=False):
    return [m.code for m in _matcher().match(text, interviewer=interviewer)]


def test_indonesian_affixed_and_colloquial_forms_match_the_root():
    for word in ("mendampingi", "pendampingan", "didampingi", "dampingin", "Dampinginnya"):
        assert _codes(f"Saya {word} terus.") == ["enabler"], word
    for word in ("berkoordinasi", "mengoordinasikan", "mengkoordinasikan", "koordinasi"):
        assert _codes(f"Kami {word} dengan sekolah.") == ["coordinator"], word


def test_invisible_characters_inside_words_do_not_split_them():
    """Soft hyphens and zero-width spaces pasted from word processors and web pages."""
    book = parse_codebook(BOOK)
    matchers = [compile_codebook(book), compile_codebook(book, scan=False),
                compile_codebook(book, exhaustive=True)]
    text = ("Saya men\u00addampingi anak\u200bnya, lalu ko\u2060ordinasi. Laporan ke "
            "Sim\ufefffoni sudah.")
    plain = "Saya mendampingi anaknya, lalu koordinasi. Laporan ke Simfoni sudah."
    for matcher in matchers:
        assert matcher.match(text) == matcher.match(plain)
        [report] = matcher.prescan([(text, False)])
        assert matcher.match(text, scan=report) == matcher.match(plain)
    assert [m.code for m in matchers[0].match(text)] == ["enabler", "coordinator", "repeated"]
    assert "Simfoni".lower() in matchers[0].match(text)[2].match.lower()


def test_english_inflections_match():
    for word in ("referred", "referring", "refers", "refer"):
        assert _codes(f"We {word} families") == ["enabler"], word


def test_multi_word_phrases_need_consecutive_words_in_any_affixed_form():
    assert _codes("Saya menggali ceritanya pelan-pelan") == ["enabler"]
    assert _codes("Saya gali dulu cerita anak") == []
    assert _codes("She finally opened up") == ["enabler"]


def test_exception_list_stops_over_conflation():
    assert _codes("Itu kebijakan sekolah") == []
    assert _codes("Kebijakannya berubah") == []
    assert _codes("Ibu itu bijak sekali") == ["policy"]


def test_exact_match_does_not_conflate():
    assert _codes("Saya berikan surat") == []
    assert _codes("Ada ikan di kolam") == ["fish"]
    assert _codes("IKAN") == ["fish"]


def test_near_needs_both_groups_within_the_window():
    assert _codes("Kepala sekolah kami desak agar") == ["school_pressure"]
    assert _codes("Kami mendesak pihak sekolah") == ["school_pressure"]
    assert _codes("Sekolah itu, kata ibu, dituntut") == ["school_pressure"]  # 3 words between
    assert _codes("Sekolah itu, kata ibu, sudah dituntut") == []  # 4 words between
    match = _matcher().match("Kepala sekolah kami desak agar")[0]
    assert match == CodeMatch("school_pressure", "school_pressure.rules[0]",
                              "kepala sekolah; desak", 1)


def test_min_hits_counts_hits_across_rules():
    assert _codes("Laporan sudah masuk") == []
    assert _codes("Laporan sudah masuk ke Simfoni") == ["repeated"]
    assert _codes("Laporan, laporan, dilaporkan") == ["repeated"]
    match = _matcher().match("Laporan masuk ke SIMFONI, laporan lagi")[0]
    assert match == CodeMatch("repeated", "repeated.rules[0]; repeated.rules[1]",
                              "laporan; simfoni", 3)


def test_exclusions_stop_a_code():
    assert _codes("We did a home visit") == ["visit"]
    assert _codes("Rencana home visit minggu depan") == []
    assert _codes("Home visit belum jalan") == []


def test_scope_decides_which_turns_a_code_sees():
    assert _codes("Saya mendampingi anak", interviewer=True) == []
    assert _codes("Bagaimana asesmen awalnya?", interviewer=True) == ["question"]
    assert _codes("Asesmen awal", interviewer=False) == []


def test_codes_come_in_codebook_order_with_provenance():
    found = _matcher().match("Kami berkoordinasi, lalu saya mendampingi dan dampingin lagi")
    assert found == [
        CodeMatch("enabler", "enabler.rules[0]", "mendampingi; dampingin", 2),
        CodeMatch("coordinator", "coordinator.rules[0]", "berkoordinasi", 1),
    ]


def test_rule_matches_include_exclusions_and_unmet_min_hits():
    found = _matcher().rule_matches("Rencana home visit; laporan")
    assert found == [
        RuleMatch("repeated", "repeated.rules[0]", ("laporan",)),
        RuleMatch("visit", "visit.rules[0]", ("home visit",)),
        RuleMatch("visit", "visit.exclude[0]", ("rencana",)),
    ]


def test_matcher_pickles_and_matches_the_same():
    matcher = _matcher()
    text = "Kami berkoordinasi dan mendampingi; laporan ke Simfoni"
    clone = pickle.loads(pickle.dumps(matcher))
    assert clone.match(text) == matcher.match(text)
    assert clone.coder == "test-book@0.1"


REGEX_BOOK = """\
name: rx
version: "1"
codes:
  - id: refusal
    rules:
      - regex: '\\b(nggak|tidak|gak)\\s+mau\\s+(sekolah|masuk)\\b'
  - id: closed
    rules:
      - regex: '(kasus|berkas)\\w*\\s+(\\w+\\s+){0,2}?ditutup'
  - id: sop
    rules:
      - regex: '\\bSOP\\b|standar layanan'
  - id: dotted
    rules:
      - regex: 'kasih|ISI'
  - id: mixed
    rules:
      - regex: '\\b(i|we)\\s+(\\w+\\s+)?(ref\\w+)|\\bdirujuk\\b|\\d+\\s*kali|(?<=x)ya\\b'
      - regex: '[([]sic[])]|\\bsic\\b'
"""

_ALPHABET = st.sampled_from(
    [*"aeiknstump ", "tidak", "nggak", " mau ", "sekolah", "masuk", "kasus", "berkas", "ditutup",
     "SOP", "standar", " layanan", "İ", "ı", "ſ", "K", "-", "\n", "Ä", "_", "I ", "we ",
     "referred", "dirujuk", "3 kali", "12kali", "xya", "(sic)", "[sic]"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_regex_prefilters_never_hide_a_match(text):
    matcher = compile_codebook(parse_codebook(REGEX_BOOK))
    book = parse_codebook(REGEX_BOOK)
    expected = [c.id for c in book.codes
                if any(re.search(r.pattern, text, re.IGNORECASE) for r in c.rules)]
    assert [m.code for m in matcher.match(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_matcher_never_raises_on_any_text(text):
    matcher = _matcher()
    for found in matcher.match(text):
        assert found.hits >= 1 and found.rule
    matcher.rule_matches(text, interviewer=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_regex_hits_equal_finditer(text):
    matcher = compile_codebook(parse_codebook(REGEX_BOOK))
    got = {m.rule: m.words for m in matcher.rule_matches(text)}
    book = parse_codebook(REGEX_BOOK)
    expected = {}
    for code in book.codes:
        for rule in code.rules:
            words = tuple(" ".join(m.group(0).lower().split())
                          for m in re.finditer(rule.pattern, text, re.IGNORECASE))
            if words:
                expected[rule.label] = words
    assert got == expected


def test_indonesian_gate_never_skips_a_word_whose_root_is_a_rule_root():
    from pathlib import Path

    from qualcode.coding.morphology import COLLOQUIAL_FORMS, stem_id, tokenize

    roots = ["lihat", "tahu", "antar", "teman", "kerja", "pakai", "sampai", "damping", "tanya",
             "cek", "obrol", "cari", "tunggu", "kasih", "anak", "rujuk", "koordinasi", "hak"]
    book = parse_codebook("name: g\nversion: '1'\ncodes:\n  - id: c\n    rules:\n"
                          f"      - phrases: {{id: [{', '.join(roots)}]}}\n")
    matcher = compile_codebook(book)
    folder = Path(__file__).resolve().parents[2] / "transcripts"
    vocabulary = set(COLLOQUIAL_FORMS)
    for path in folder.glob("*.md"):
        vocabulary.update(tokenize(path.read_text(encoding="utf-8")))
    skipped = sorted(w for w in vocabulary
                     if stem_id(w) in roots and not matcher._may_have_root(w))
    assert skipped == []
    assert [m.code for m in matcher.match("Saya liat sendiri, terus nganterin dia")] == ["c"]


def test_the_fast_engine_codes_what_the_exhaustive_one_does_on_affixed_and_borrowed_words():
    book = parse_codebook(
        "name: g\nversion: '1'\ncodes:\n"
        "  - {id: antar, rules: [{phrases: {id: [antar]}}]}\n"
        "  - {id: lihat, rules: [{phrases: {id: [lihat]}}]}\n"
        "  - {id: agree, rules: [{phrases: {id: [setuju]}}]}\n"
        "  - {id: school, rules: [{phrases: {id: [sekolah]}}]}\n"
        "  - {id: bully, rules: [{phrases: {id: [bully]}}]}\n"
        "  - {id: handle, rules: [{phrases: {any: [handle]}}]}\n"
        "  - {id: crowd, rules: [{phrases: {id: [ramai, selesai]}}]}\n"
        "  - {id: ready, rules: [{phrases: {id: [siap]}}]}\n")
    texts = ["Saya nganterinnya ke sekolah.", "Saya ngeliatnya sendiri.",
             "Orang tua akhirnya menyetujui rencana itu.", "Anaknya sudah disekolahin lagi.",
             "Dia dibully terus, terus ngebully balik, yang membully kakak kelas.",
             "Kasusnya saya yang nge-handle, dulu dia yang menghandle.",
             "Bullynya parah, pembullyan itu harus kami handlekan.",
             "Kantornya rame, kasusnya belum selese.", "Saya nyiapin berkasnya."]
    fast, slow = compile_codebook(book), compile_codebook(book, exhaustive=True)
    expected = [["antar", "school"], ["lihat"], ["agree"], ["school"], ["bully"], ["handle"],
                ["bully", "handle"], ["crowd"], ["ready"]]
    assert [[m.code for m in fast.match(t)] for t in texts] == expected
    assert [fast.match(t) for t in texts] == [slow.match(t) for t in texts]
    assert fast.match(texts[4])[0].match == "dibully; ngebully; membully"


def test_english_words_that_start_like_an_indonesian_prefix_keep_their_own_stem():
    # terrain is not ter- + rain in English: only Indonesian readings take borrowed words out
    # of Indonesian affixes, and English phrases match English stems
    book = parse_codebook("name: e\nversion: '1'\ncodes:\n"
                          "  - {id: w, rules: [{phrases: {en: [rain, verse, late, swear]}}]}\n")
    matcher = compile_codebook(book)
    assert matcher.match("Rough terrain, diverse crews, dilated pupils, menswear.") == []
    assert [m.match for m in matcher.match("The rain was late.")] == ["rain; late"]


@given(st.text(alphabet=st.sampled_from("abzAZ09_-' \n\t.,’é\x00\x7f"), max_size=40))
def test_the_ascii_ways_find_the_words_of_word_re(text):
    from qualcode.coding.matcher import _ASCII_WORDS, _segment_words
    from qualcode.coding.morphology import WORD_RE

    lowered = text.lower()
    expected = WORD_RE.findall(lowered)
    if lowered.isascii():
        assert _ASCII_WORDS.findall(lowered) == expected
    assert _segment_words(text, lowered, text.isascii()) == expected
    # every ASCII character, and the texts without hyphens and apostrophes (split, not findall)
    plain = text.replace("-", " ").replace("'", "")
    assert _segment_words(plain, plain.lower(), plain.isascii()) == WORD_RE.findall(plain.lower())


def test_segment_words_on_every_ascii_character():
    from qualcode.coding.matcher import _segment_words
    from qualcode.coding.morphology import WORD_RE

    text = "".join(chr(c) + " x" + chr(c) + "y " for c in range(128) if chr(c) not in "-'")
    assert _segment_words(text, text.lower(), True) == WORD_RE.findall(text.lower())


def test_leftmost_longest_keeps_the_longest_span_at_each_start():
    from qualcode.coding.compiled import leftmost_longest

    assert leftmost_longest([(0, 1), (0, 3), (2, 4), (3, 4), (3, 4), (5, 6)]) == [
        (0, 3), (3, 4), (5, 6)]
    assert leftmost_longest([]) == []


def _spans(draw_lengths):
    """Sorted, non-overlapping spans from (gap, length) pairs, as a slot's hits are."""
    spans, at = [], 0
    for gap, length in draw_lengths:
        at += gap
        spans.append((at, at + length))
        at += length
    return spans


_HITS = st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3)), max_size=12).map(_spans)


@given(_HITS, _HITS, st.integers(0, 5))
def test_near_pairs_equal_the_first_near_hit_in_order(first, second, within):
    from qualcode.coding.compiled import near_pairs

    expected = []
    for a, b in first:
        for c, d in second:
            gap = c - b if c >= b else a - d
            if 0 <= gap <= within:
                expected.append((a, b, c, d))
                break
    assert near_pairs(first, second, within) == expected


def test_overlapping_hits_are_resolved_once_per_slot(monkeypatch):
    # a long turn with thousands of overlapping hits of one phrase list: resolving the slot's
    # hits again for every overlap made coding quadratic in the turn's length
    import qualcode.coding.matcher as matcher_module

    book = parse_codebook(
        "name: t\nversion: '1'\ncodes:\n  - id: place\n    rules:\n"
        "      - phrases: {any: [rumah, rumah sakit, sakit jiwa]}\n        match: exact\n")
    calls = []
    real = matcher_module.leftmost_longest
    monkeypatch.setattr(matcher_module, "leftmost_longest",
                        lambda spans: calls.append(len(spans)) or real(spans))
    text = "rumah sakit jiwa " * 2000
    (found,) = compile_codebook(book).match(text)
    assert calls == [6000] and found.hits == 2000
    assert [found] == compile_codebook(book, exhaustive=True).match(text)


def test_overlapping_phrase_hits_count_once_leftmost_longest():
    book = parse_codebook(
        "name: t\nversion: '1'\ncodes:\n"
        "  - id: place\n    rules:\n"
        "      - phrases: {any: [rumah, rumah sakit, sakit jiwa]}\n        match: exact\n"
        "  - id: school\n    rules:\n"
        "      - phrases: {any: [sekolah, kepala sekolah, kepala sekolah negeri]}\n"
        "        match: exact\n")
    fast, slow = compile_codebook(book), compile_codebook(book, exhaustive=True)
    cases = {
        # a longer hit, then one starting inside it, then a separate one
        "rumah sakit jiwa lalu rumah": [CodeMatch("place", "place.rules[0]",
                                                   "rumah sakit; rumah", 2)],
        # a one-word hit inside a longer one that starts before it
        "kepala sekolah negeri ke sekolah": [CodeMatch(
            "school", "school.rules[0]", "kepala sekolah negeri; sekolah", 2)],
        # hits that touch but do not overlap all count
        "rumah rumah sakit": [CodeMatch("place", "place.rules[0]", "rumah; rumah sakit", 2)],
    }
    for text, expected in cases.items():
        assert fast.match(text) == expected, text
        assert slow.match(text) == expected, text


APOSTROPHE_BOOK = """\
name: apos
version: "1"
languages: [en]
codes:
  - id: neg_exact
    rules:
      - phrases: ["didn't care"]
        match: exact
  - id: neg_regex
    rules:
      - regex: '\\bdidn''t care\\b'
  - id: helpful
    rules:
      - phrases: [helpful]
    exclude:
      - regex: '\\bwasn''t\\s+helpful'
  - id: written_curly
    rules:
      - phrases: ["won’t"]
        match: exact
      - regex: 'can\\u2019t\\s+wait|couldnʼt'
  - id: care
    rules:
      - phrases: [care]
        except: ["care’s"]
"""


def _three_ways(book):
    """The matcher with the scanner (where Hyperscan is installed), with the prefilters, and
    exhaustive."""
    return [compile_codebook(book), compile_codebook(book, scan=False),
            compile_codebook(book, exhaustive=True)]


@pytest.mark.parametrize("mark", list(APOSTROPHES))
def test_typed_apostrophes_are_read_as_straight_ones_by_regexes_and_exact_phrases(mark):
    for matcher in _three_ways(parse_codebook(APOSTROPHE_BOOK)):
        text = f"They didn{mark}t care."
        [scan] = matcher.prescan([(text, False)])
        for found in (matcher.match(text), matcher.match(text, scan=scan)):
            # the match column keeps the words as the text writes them
            assert [(m.code, m.match) for m in found] == [
                ("neg_exact", f"didn{mark}t care"), ("neg_regex", f"didn{mark}t care"),
                ("care", "care")]
        # a negative remark is not coded positive: the exclusion reads wasn’t as wasn't
        assert matcher.match(f"The clerk wasn{mark}t helpful.") == []
        assert [m.code for m in matcher.match("The clerk was helpful.")] == ["helpful"]
        # rules written with ’ (or its escape) match text with ' and with any other mark
        for typed in ("'", mark):
            found = matcher.match(f"I won{typed}t go; can{typed}t wait, couldn{typed}t.")
            assert [(m.code, m.match) for m in found] == [
                ("written_curly", f"won{typed}t; can{typed}t wait; couldn{typed}t")]
            assert matcher.match(f"The care{typed}s plan") == []  # the exception holds


def test_a_plain_phrase_list_is_in_the_languages_the_codebook_declares():
    rules = ("codes:\n"
             "  - {id: plain, rules: [{phrases: [race, stance, bully]}]}\n"
             "  - {id: every, rules: [{phrases: {any: [rain]}}]}\n"
             "  - {id: close, rules: [{near: {terms: [[verse], [rain]]}}]}\n")
    texts = ["We waited on the terrace.", "It is a long distance away.", "Dia dibully terus.",
             "Rough terrain, diverse crews.", "They judged me by my race.", "Verses, rains."]

    def coded(languages):
        book = parse_codebook(f"name: p\nversion: '1'\nlanguages: {languages}\n{rules}")
        found = [[[m.code for m in matcher.match(t)] for t in texts]
                 for matcher in _three_ways(book)]
        assert found[0] == found[1] == found[2]
        return found[0]

    # English only: no Indonesian affixes (di-stance, ter-race, ter-rain, di-verse)
    assert coded("[en]") == [[], [], [], [], ["plain"], ["every", "close"]]
    assert coded("[en, fr]") == coded("[en]")
    # Indonesian and English, as the study codebook and a codebook without 'languages': both
    assert coded("[id, en]") == [["plain"], ["plain"], ["plain"], ["every", "close"], ["plain"],
                                 ["every", "close"]]
    # no stemmer for French: words as written
    assert coded("[fr]") == [[], [], [], [], ["plain"], []]
