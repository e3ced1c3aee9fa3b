from qualcode.segment.sentences import split_sentences


def sentences(text, **kw):
    return [text[s:e] for s, e in split_sentences(text, **kw)]


def test_indonesian_abbreviations_do_not_split():
    text = "Saya ketemu dr. Sari dan Bpk. Hadi. Lalu kami pulang! Anak itu, dll. Benar?"
    assert sentences(text, language="id") == [
        "Saya ketemu dr. Sari dan Bpk. Hadi.",
        "Lalu kami pulang!",
        "Anak itu, dll. Benar?",
    ]


def test_english_abbreviations_initials_and_quotes():
    text = 'Mr. Smith met A. Rahman. "It was hard," she said. Then e.g. more. OK?'
    assert sentences(text, language="en") == [
        "Mr. Smith met A. Rahman.",
        '"It was hard," she said.',
        "Then e.g. more.",
        "OK?",
    ]


def test_lowercase_after_period_and_line_breaks():
    text = "Versi 2.5 sudah. terus lanjut\nBaris baru tanpa titik"
    assert sentences(text) == ["Versi 2.5 sudah. terus lanjut", "Baris baru tanpa titik"]


def test_span_limits_are_respected():
    text = "XX Satu. Dua. YY"
    assert sentences(text, start=3, end=13) == ["Satu.", "Dua."]


def test_indonesian_forms_of_address_end_a_sentence_and_their_abbreviations_do_not():
    text = ("Baik, Bu. Kita mulai ya. Siap, Pak. Boleh cerita? Kalau guru diam, bilang ibu. "
            "Ibu telepon Bpk. Hadi dan Sdr. Rina. Ny. Sari ikut.")
    assert sentences(text, language="id") == [
        "Baik, Bu.", "Kita mulai ya.", "Siap, Pak.", "Boleh cerita?",
        "Kalau guru diam, bilang ibu.", "Ibu telepon Bpk. Hadi dan Sdr. Rina.", "Ny. Sari ikut."]
    assert sentences("Baik, Bu. Kita mulai ya.") == ["Baik, Bu.", "Kita mulai ya."]
