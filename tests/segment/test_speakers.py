from qualcode.segment.speakers import InterviewerMatcher, speaker_filter


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
