"""Stems of Indonesian (formal and Jakarta colloquial) and English words, and the tokeniser."""

from __future__ import annotations

import pytest

from qualcode.coding.morphology import (
    in_colloquial_table,
    loan_base,
    stem,
    stem_en,
    stem_id,
    tokenize,
)


@pytest.mark.parametrize(
    ("words", "root"),
    [
        (["dampingi", "mendampingi", "pendampingan", "didampingi", "dampingin", "dampinginnya",
          "pendampingnya"], "damping"),
        (["koordinasi", "berkoordinasi", "mengoordinasikan", "mengkoordinasikan"], "koordinasi"),
        (["rujuk", "merujuk", "dirujuk", "rujukan"], "rujuk"),
        (["tanya", "nanyain", "ditanyain", "bertanya"], "tanya"),
        (["cek", "ngecek", "dicek", "nge-cek"], "cek"),
        (["obrol", "ngobrol"], "obrol"),
        (["cari", "nyari", "nyariin"], "cari"),
        (["tunggu", "nungguin"], "tunggu"),
        (["kasih", "ngasih", "dikasih"], "kasih"),
        (["sampai", "nyampe", "nyampein"], "sampai"),
        (["anak", "anak-anak", "anaknya"], "anak"),
        (["teman", "teman-temannya"], "teman"),
        (["lari", "berlari-lari"], "lari"),
        # -in words PySastrawi cut short (seko, tang, nang) before the colloquial reading
        (["sekolah", "sekolahin", "disekolahin"], "sekolah"),
        (["tangan", "ditangani", "ditanganin", "nanganin", "ditanganinnya"], "tangan"),
        (["main", "bermain", "pemain", "mainin", "dimainin"], "main"),
        (["antar", "nganterin", "nganterinnya"], "antar"),
        (["lihat", "ngeliat", "ngeliatnya", "ngeliatinnya"], "lihat"),
        # borrowed words inside Indonesian affixes
        (["bully", "dibully", "ngebully", "membully", "dibullyin", "nge-bully"], "bully"),
        (["handle", "menghandle", "ngehandle", "nge-handle"], "handle"),
    ],
)
def test_indonesian_forms_share_a_root(words, root):
    assert [stem_id(w) for w in words] == [root] * len(words)


def test_known_over_conflations_of_the_formal_stemmer():
    # These are why rules have 'except:' lists and 'match: exact'.
    assert [stem_id(w) for w in ("kebijakan", "pelaku", "berikan")] == ["bijak", "laku", "ikan"]


def test_words_outside_the_stemmer_stay_as_they_are():
    assert [stem_id(w) for w in ("asesmen", "2024", "café", "sayur-mayur")] == [
        "asesmen", "2024", "café", "sayur-mayur"]


# Inflected forms meet their base (English keys are Porter2 stems, after the irregular table).
ENGLISH_FAMILIES = [
    ["use", "used", "uses", "using"],
    ["agree", "agreed", "agreeing", "agrees"],
    ["age", "aged", "ages"],
    ["die", "died", "dying", "dies"],
    ["lie", "lying", "lies"],
    ["owe", "owed", "owes"],
    ["free", "freed", "frees"],
    ["care", "cared", "caring", "cares"],
    ["hope", "hoped", "hoping", "hopes"],
    ["wait", "waited", "waiting", "waits"],
    ["service", "services", "serviced"],
    ["refer", "refers", "referred", "referring"],
    ["child", "children", "child's"],
    ["study", "studies", "studied", "studying"],
    ["schedule", "schedules", "scheduled", "scheduling"],
    ["reassure", "reassured", "reassures", "reassuring"],
    ["push", "pushes", "pushed", "pushing"],
    ["process", "processes", "processed"],
    ["need", "needs", "needed"],
    ["plan", "plans", "planned", "planning"],
    ["hop", "hops", "hopped", "hopping"],
    ["build", "builds", "built", "building"],
    ["tell", "told", "telling"],
    ["go", "went", "gone", "goes", "going"],
]

# Different words keep different keys.
ENGLISH_DISTINCT = [
    ("car", "care"), ("us", "use"), ("not", "note"), ("on", "one"), ("her", "here"),
    ("rat", "rate"), ("sit", "site"), ("fin", "fine"), ("hop", "hope"), ("plan", "plane"),
    ("hat", "hate"), ("win", "wine"), ("tap", "tape"), ("of", "off"), ("wait", "waiter"),
    ("new", "news"), ("general", "generate"), ("university", "universe"), ("teach", "teacher"),
]


@pytest.mark.parametrize("words", ENGLISH_FAMILIES, ids=lambda words: words[0])
def test_english_inflections_meet_their_base(words):
    assert {w: stem_en(w) for w in words} == dict.fromkeys(words, stem_en(words[0]))


@pytest.mark.parametrize(
    ("a", "b"), ENGLISH_DISTINCT, ids=[f"{a}/{b}" for a, b in ENGLISH_DISTINCT])
def test_different_english_words_keep_different_keys(a, b):
    assert stem_en(a) != stem_en(b)


def test_english_keys_are_porter2_stems():
    # the key is a matching key, not always a word
    assert [stem_en(w) for w in ("scheduling", "studied", "hoping", "need", "news")] == [
        "schedul", "studi", "hope", "need", "news"]


def test_english_possessives_and_apostrophes():
    assert {stem_en(w) for w in ("child's", "child’s", "children's", "children’s")} == {"child"}
    assert {stem_en(w) for w in ("students'", "students’", "student's")} == {"student"}
    # a word with an apostrophe inside, or with digits, is its own key
    assert [stem_en(w) for w in ("don't", "don’t", "covid19")] == ["don't", "don't", "covid19"]


def test_english_irregular_forms_are_mapped_before_the_stemmer():
    assert stem_en("people") == stem_en("person") and stem_en("mice") == stem_en("mouse")
    assert stem_en("left") == stem_en("leave") == stem_en("leaving")
    assert stem_en("written") == stem_en("write") == stem_en("writes")


def test_english_known_limits_of_porter2():
    # documented in docs/codebook.md: derivational suffixes come off long enough words, and
    # -ff verbs keep ff only when bare
    assert stem_en("termination") == stem_en("terminal") == stem_en("terminate")
    assert stem_en("weekly") == stem_en("week") and stem_en("evaluation") == stem_en("evaluated")
    assert stem_en("staff") != stem_en("staffed")


def test_english_memo_and_no_memo_agree():
    assert stem_en("cared", memo=False) == stem_en("cared") == stem_en("cared", memo=False)


def test_stem_mode_english_phrases_match_inflections_and_not_look_alikes():
    from qualcode.coding.matcher import compile_codebook
    from qualcode.io.codebook import parse_codebook

    book = parse_codebook(
        "name: morph\nversion: '1'\nlanguages: [en]\ncodes:\n"
        "  - {id: caring, rules: [{phrases: {en: [care]}}]}\n"
        "  - {id: usability, rules: [{phrases: {en: [use, easy to use]}}]}\n"
        "  - {id: agreement, rules: [{phrases: {en: [agree]}}]}\n"
        "  - {id: notes, rules: [{phrases: {en: [note]}}]}\n")
    matcher = compile_codebook(book)
    texts = ["The car park was full so I parked on the street.", "They did not call us back.",
             "I used the portal and agreed to the terms.",
             "The staff cared about me and I agree it is easy to use.", "She noted it down."]
    assert [[(m.code, m.match) for m in matcher.match(t)] for t in texts] == [
        [], [], [("usability", "used"), ("agreement", "agreed")],
        [("caring", "cared"), ("usability", "easy to use"), ("agreement", "agree")],
        [("notes", "noted")]]


def test_short_english_words_are_not_mangled():
    assert [stem_en(w) for w in ("bring", "this", "bus", "red", "sing", "us", "as")] == [
        "bring", "this", "bus", "red", "sing", "us", "as"]


def test_stem_dispatches_on_language_and_lowercases():
    assert stem("Mendampingi", "id") == "damping"
    assert stem("Referred", "en") == "refer"
    assert stem("Mendampingi", "jv") == "mendampingi"


def test_tokenize_keeps_reduplication_and_splits_other_hyphens():
    text = "Anak-anak itu follow-up, teman-temannya NGE-CEK; don’t Rina’s 2024 foo_bar"
    assert tokenize(text) == ["anak-anak", "itu", "follow", "up", "teman-temannya", "nge-cek",
                              "don’t", "rina’s", "2024", "foo", "bar"]


def test_borrowed_words_and_colloquial_table_forms():
    assert [loan_base(w) for w in ("dibully", "ngeprintin", "nge-handle", "dimakan", "diam",
                                   "sekolah")] == ["bully", "print", "handle", "makan", None,
                                                   None]
    assert in_colloquial_table("nganterinnya") and in_colloquial_table("ngeliatin")
    assert not in_colloquial_table("sekolah")


def test_borrowed_words_with_a_suffix_only_or_pe_an():
    assert [loan_base(w) for w in ("bullynya", "handlekan", "monitoringnya", "pembullyan",
                                   "bullyin", "anya", "sekolah")] == [
        "bully", "handle", "monitoring", "bully", "bully", None, None]
    assert [stem_id(w) for w in ("bullynya", "handlekan", "pembullyan")] == [
        "bully", "handle", "bully"]
    # dictionary words and words the stemmer reads keep their roots
    assert [stem_id(w) for w in ("makanan", "bulan", "tanyakan")] == ["makan", "bulan", "tanya"]


def test_colloquial_e_for_ai_and_ny_for_s():
    assert [stem_id(w) for w in ("rame", "ramenya", "selese", "sante", "nyampe")] == [
        "ramai", "ramai", "selesai", "santai", "sampai"]
    assert [stem_id(w) for w in ("sore", "gede")] == ["sore", "gede"]  # words as they are
    assert [stem_id(w) for w in ("nyiapin", "nyiapkan", "nyari", "nyusun")] == [
        "siap", "siap", "cari", "susun"]


def test_study_codebook_keeps_apart_what_porter2_joins():
    # terminal (termination), minimal (minim) and staff (staf: Porter2 stems staffed and
    # staffing to staf, but staff to staff) as the study codebook meant them
    from qualcode.coding.matcher import compile_codebook
    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path

    matcher = compile_codebook(load_codebook(default_codebook_path()))
    texts = ["Saya tunggu dia di terminal bus sampai malam.",
             "Anggarannya minimal lima juta, itu dari dinas.",
             "Para staff capek banget minggu ini.", "Kami sudah terminasi kasusnya."]
    assert [[m.code for m in matcher.match(t)] for t in texts] == [
        [], [], ["burnout"], ["termination"]]


def test_study_codebook_keeps_jointly_and_monthly_from_their_stems():
    # Porter2 stems jointly to joint and monthly to month: the study codebook matches jointly as
    # written, and its follow-up visits take weekly and monthly, not week and month
    from qualcode.coding.matcher import compile_codebook
    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path

    matcher = compile_codebook(load_codebook(default_codebook_path()))

    def codes(text: str) -> list[str]:
        return [m.code for m in matcher.match(text)]

    assert "collaborator" not in codes(
        "We did one joint session so Alya could meet her new counsellor.")
    assert "collaborator" in codes(
        "The psychologist and I agreed every step jointly with the school.")
    assert "monitoring" not in codes(
        "The family moved far away. I can't visit more than once a month.")
    assert "monitoring" in codes("I visit the family monthly to see whether she is still scared.")
