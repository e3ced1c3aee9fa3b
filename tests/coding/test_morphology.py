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
