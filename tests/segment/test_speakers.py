from hypothesis import given
from hypothesis import strategies as st

from qualcode.segment import speakers
from qualcode.segment.speakers import (
    InterviewerMatcher,
    confirmed_filter,
    declared_speakers,
    is_ordinary_word,
    ordinary_words,
    speaker_filter,
    speaker_names,
)


def test_interviewer_matcher_defaults_and_numbers():
    m = InterviewerMatcher()
    assert m("Pewawancara") and m("pewawancara 2") and m("Q1") and m("MODERATOR")
    assert not m("P1") and not m("Informan 2") and not m(None)
    custom = InterviewerMatcher.from_labels(["Fasilitator"])
    assert custom("Fasilitator 1") and not custom("Q")


def test_speaker_filter_verdicts_are_stable_across_calls():
    is_speaker = speaker_filter(["Q", "Rina", "Q", "Jadi gini", "Bu Sari"])
    assert [is_speaker(x) for x in ("Q", "Rina", "Jadi gini", "Bu Sari", "Q", "Jadi gini")] == [
        True, True, False, True, True, False]
    assert speaker_filter(["Tanggal", "Isi"])("Tanggal") is False
    assert speaker_filter(["Tanggal", "Isi"], speakers=["tanggal"])("Tanggal") is True


def test_a_label_with_a_qualifier_in_brackets_is_weighed_by_its_name():
    is_speaker = speaker_filter(["Q", "Rina", "Rina (tertawa)", "Rina [menangis]", "Q",
                                 "Bu Sari (berbisik)", "Catatan (peneliti)", "Jadi (katanya)"])
    assert [is_speaker(x) for x in ("Rina (tertawa)", "Rina [menangis]", "Bu Sari (berbisik)",
                                    "Catatan (peneliti)", "Jadi (katanya)")] == [
        True, True, True, False, False]
    # A name that occurs only with qualifiers still counts its occurrences.
    assert speaker_filter(["Rina (Guru)", "Rina (tertawa)"])("Rina (Guru)") is True
    assert speaker_filter(["Rina (Guru)", "Sari"], speakers=["rina"])("Rina (Guru)") is True


def test_speaker_names_drop_a_qualifier_that_does_not_tell_speakers_apart():
    labels = ["Q", "Rina", "rina (tertawa)", "Rina [Guru BK]", "Bu Sari (berbisik)",
              "Peneliti (Dimas)", "Peneliti (Dimas)", "Informan (ibu korban)",
              "Informan (ibu korban)", "Q (Moderator)", "(Dimas)"]
    assert speaker_names(labels) == {
        "rina (tertawa)": ("Rina", "tertawa"),
        "Rina [Guru BK]": ("Rina", "Guru BK"),
        "Bu Sari (berbisik)": ("Bu Sari", "berbisik"),
        "Q (Moderator)": ("Q", "Moderator"),
    }
    assert speaker_names(["Q", "Rina"]) == {}


def test_confirmed_filter_takes_no_label_for_its_name_shape_alone():
    sure = confirmed_filter(["Q", "Rina", "Rina (tertawa)", "Re", "Catatan", "Catatan", "Sari"],
                            speakers=["Sari"])
    assert [sure(x) for x in ("Q", "Rina", "Rina (tertawa)", "Re", "Catatan", "Sari")] == [
        True, True, True, False, False, True]


def test_a_one_off_ordinary_word_is_no_speaker_when_the_text_is_given():
    labels = ["Q", "Q", "Dulu", "Bu Sari", "Rina (tertawa)", "A", "SPEAKER_02", "Waktu Itu"]
    text = "waktu itu dulu sekali, a rina speaker_02"
    is_speaker = speaker_filter(labels, text=text)
    assert [is_speaker(x) for x in labels[2:]] == [False, True, False, True, True, False]
    assert speaker_filter(labels)("Dulu") is True  # without the text: the name shape alone
    assert speaker_filter(labels, text=text, speakers=["dulu"])("Dulu") is True
    assert [is_ordinary_word(x, text) for x in ("Dulu", "Waktu itu", "Sari", "A", "Du")] == [
        True, True, False, False, False]


@given(st.lists(st.sampled_from(["dulu", "Dulu", "waktu", "itu", "Itu", " ", ".", "-", "_", "\n",
                                 "é", "1", "sari", "M.Si"]), max_size=40).map("".join),
       st.lists(st.sampled_from(["Dulu", "Waktu Itu", "Sari", "M.Si", "Dulu-dulu", "A", "Itu 1",
                                 "Waktu", "Du", "É"]), max_size=6))
def test_ordinary_words_answer_as_is_ordinary_word_however_many_are_asked(text, labels):
    for searches in (0, 2, 16):
        ordinary = ordinary_words(text, searches)
        assert [ordinary(x) for x in labels] == [is_ordinary_word(x, text) for x in labels]


def test_many_one_off_labels_are_weighed_in_time_linear_in_the_text(monkeypatch):
    """A glossary of a thousand ``Term:`` lines: the text is not searched once per label."""
    searched = []
    search = speakers.is_ordinary_word

    def is_ordinary_word(label, text):
        searched.append(label)
        return search(label, text)

    monkeypatch.setattr(speakers, "is_ordinary_word", is_ordinary_word)
    names = [f"Nama{'abcdefghij'[i % 10]}{'klmnopqrst'[i // 10 % 10]}{i // 100}" for i in
             range(1000)]
    text = "\n".join(["Q: mulai", "Q: lagi", *(f"{n}: kami rapat dengan sekolah" for n in names)])
    is_speaker = speaker_filter(["Q", "Q", *names, "Kami"], text=text)
    assert all(is_speaker(n) for n in names) and not is_speaker("Kami")
    assert len(searched) == 16


def test_declared_speakers_from_a_list_or_a_string():
    assert declared_speakers({"speakers": "Rina; Budi ;"}) == ("Rina", "Budi")
    assert declared_speakers({"speakers": ["Rina", 7]}) == ("Rina", "7")
    assert declared_speakers({}) == ()
