from qualcode.segment.language import detect_language


def test_detects_indonesian_and_english():
    assert detect_language("Saya sudah mendampingi anak itu ke sekolah dan orang tuanya.") == "id"
    assert detect_language("I went to the school with the child and her parents.") == "en"


def test_undecided_returns_default():
    assert detect_language("12345 !!!", default="id") == "id"
    assert detect_language("") is None
