"""Stems of Indonesian (formal and Jakarta colloquial) and English words, and the tokeniser."""

from __future__ import annotations

import pytest

from qualcode.coding.morphology import stem, stem_en, stem_id, tokenize


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


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["refer", "refers", "referred", "referring"], "refer"),
        (["schedule", "schedules", "scheduled", "scheduling"], "schedul"),
        (["reassure", "reassured", "reassures", "reassuring"], "reassur"),
        (["study", "studies", "studied", "studying"], "study"),
        (["push", "pushes", "pushed", "pushing"], "push"),
        (["process", "processes", "processed"], "proces"),
        (["need", "needs", "needed"], "need"),
        (["build", "builds", "built", "building"], "build"),
        (["child", "children", "child's"], "child"),
        (["tell", "told", "telling"], "tel"),
    ],
)
def test_english_inflections_share_a_key(words, key):
    assert [stem_en(w) for w in words] == [key] * len(words)


def test_short_english_words_are_not_mangled():
    assert [stem_en(w) for w in ("bring", "this", "bus", "red", "sing")] == [
        "bring", "this", "bus", "red", "sing"]


def test_stem_dispatches_on_language_and_lowercases():
    assert stem("Mendampingi", "id") == "damping"
    assert stem("Referred", "en") == "refer"
    assert stem("Mendampingi", "jv") == "mendampingi"


def test_tokenize_keeps_reduplication_and_splits_other_hyphens():
    text = "Anak-anak itu follow-up, teman-temannya NGE-CEK; don’t Rina’s 2024 foo_bar"
    assert tokenize(text) == ["anak-anak", "itu", "follow", "up", "teman-temannya", "nge-cek",
                              "don’t", "rina’s", "2024", "foo", "bar"]
