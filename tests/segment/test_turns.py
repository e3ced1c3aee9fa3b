from qualcode.segment.turns import InterviewerMatcher, find_turns


def spans(text, **kw):
    return [(t.speaker, text[t.start : t.end], dict(t.attributes)) for t in find_turns(text, **kw)]


def test_plain_labels_and_continuation_lines():
    text = "Pewawancara: Apa kabar?\n\nRina: Baik.\nBaris kedua.\n\nPewawancara: Oke."
    assert spans(text) == [
        ("Pewawancara", "Apa kabar?", {}),
        ("Rina", "Baik.\nBaris kedua.", {}),
        ("Pewawancara", "Oke.", {}),
    ]


def test_bracket_bold_and_timestamp_forms():
    text = "[00:12:31] Interviewer: Hi\n00:12:35 P1: Hello\n[P1] again\n**Q:** Next\n**P1**: Yes"
    assert spans(text) == [
        ("Interviewer", "Hi", {"timestamp": "00:12:31"}),
        ("P1", "Hello", {"timestamp": "00:12:35"}),
        ("P1", "again", {}),
        ("Q", "Next", {}),
        ("P1", "Yes", {}),
    ]


def test_single_form_field_is_not_a_speaker():
    text = "Laporan monitoring\nTanggal: 3 Mei 2024\nIsi laporan berjalan baik."
    assert find_turns(text) == ()


def test_once_only_label_needs_a_name_shape_in_a_transcript():
    text = "Interviewer: Tell me.\nBu Rina: Well.\nJadi gini: we went on.\nInterviewer: Ok."
    result = spans(text)
    assert [s for s, _, _ in result] == ["Interviewer", "Bu Rina", "Interviewer"]
    assert result[1][1] == "Well.\nJadi gini: we went on."


def test_text_before_the_first_label_is_its_own_turn():
    text = "Transkrip 1\n\nQ: Halo\nA: Hai\nA: lagi"
    assert spans(text)[0] == (None, "Transkrip 1", {})


def test_urls_and_long_labels_are_not_speakers():
    text = "Q: see\nhttps://example.org is the site\nThis is a very long line that: is not\nQ: ok"
    assert [s for s, _, _ in spans(text)] == ["Q", "Q"]


def test_interviewer_matcher_defaults_and_numbers():
    m = InterviewerMatcher()
    assert m("Pewawancara") and m("pewawancara 2") and m("Q1") and m("MODERATOR")
    assert not m("P1") and not m("Informan 2") and not m(None)
    custom = InterviewerMatcher.from_labels(["Fasilitator"])
    assert custom("Fasilitator 1") and not custom("Q")
