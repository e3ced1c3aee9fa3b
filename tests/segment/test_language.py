from qualcode.segment.language import detect_language, language_code


def test_detects_indonesian_and_english():
    assert detect_language("Saya sudah mendampingi anak itu ke sekolah dan orang tuanya.") == "id"
    assert detect_language("I went to the school with the child and her parents.") == "en"


def test_undecided_returns_default():
    assert detect_language("12345 !!!", default="id") == "id"
    assert detect_language("") is None


def test_language_code_normalises_and_refuses():
    assert [language_code(v) for v in ("id", " EN ", "id-ID", "en_US", "ind", "ms")] == [
        "id", "en", "id", "en", "ind", "ms"]
    assert [language_code(v) for v in ("xx9", "", "english", "e", "1")] == [None] * 5
