"""Tests for decoding and normalising text files."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.errors import InputError
from qualcode.io.text import (
    DecodedText,
    _control_count,
    _looks_binary,
    count_words,
    decode_bytes,
    normalise,
    read_text_file,
)

SAMPLE = "Pewawancara: “Bagaimana awalnya?”\r\nRina: Café dekat sekolah – di sana.\r\n"
EXPECTED = "Pewawancara: “Bagaimana awalnya?”\nRina: Café dekat sekolah – di sana.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_byte_order_marks_and_crlf(data, encoding):
    assert decode_bytes(data) == DecodedText(EXPECTED, encoding, False)


def test_cp1252_is_guessed():
    data = "“Halo,” kata Bu Rina di café itu.\r\n".encode("cp1252")
    assert decode_bytes(data) == DecodedText("“Halo,” kata Bu Rina di café itu.\n", "cp1252", True)


def test_normalise():
    assert normalise("\ufeffa\r\nb\rc\u0065\u0301") == "a\nb\nc\u00e9"
    assert normalise("plain") == "plain"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b" \n\t\r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file looks binary, not text (it contains "
         "NUL or control bytes)"),
        (codecs.BOM_UTF8 + b"ok \xff\xfe bad", "the file starts with a utf-8 byte-order mark but "
         "byte 6 cannot be decoded"),
    ],
)
def test_undecodable(data, message):
    with pytest.raises(InputError) as info:
        decode_bytes(data, path="t.txt")
    assert (info.value.message, info.value.path) == (message, "t.txt")
    assert info.value.hint


def test_read_text_file(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Q: halo\r\n".encode("utf-16-le"))
    assert read_text_file(path) == DecodedText("Q: halo\n", "utf-16-le", False)
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError) as info:
        read_text_file(missing)
    assert (info.value.message, info.value.path) == ("file not found", str(missing))


def test_control_count_counts_controls_but_tab_newline_form_feed_and_cr():
    every = bytes(range(256))
    assert _control_count(every) == 28
    assert _control_count(every) == sum(1 for b in every if b < 32 and b not in (9, 10, 12, 13))
    assert _control_count(b"a\x01b\x1f\t\n\x0c\r\x7f\xff") == 2
    assert _control_count(b"") == 0


def test_binary_threshold_is_five_percent_of_the_first_64_kib():
    assert _looks_binary(b"a" * 95 + b"\x01" * 5) is False
    assert _looks_binary(b"a" * 94 + b"\x01" * 6) is True
    assert _looks_binary(b"a\x00") is True
    # Only the first 65,536 bytes are sampled.
    assert _looks_binary(b"a" * 65536 + b"\x01" * 10_000) is False


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_count_words_counts_what_split_splits(text):
    assert count_words(text) == len(text.split())


@pytest.mark.parametrize("text, words", [
    ("", 0), ("   ", 0), ("a", 1), (" a", 1), ("a b\tc\x1fd\x0be", 5), ("x\u00a0y", 2),
    ("Saya\u2003dampingi anak", 3),
])
def test_count_words_at_the_edges(text, words):
    assert count_words(text) == words


def test_latin_ligatures_are_spelled_out():
    text = "identi\ufb01kasi \ufb00 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06"
    assert normalise(text) == "identifikasi ff fl ffi ffl st st"
    # before NFC, so an accent on the ligature composes with its last letter
    assert normalise("\ufb01\u0301") == "f\u00ed"
    # other compatibility characters stay as written
    assert normalise("m\u00b2 \u00bd \uff21") == "m\u00b2 \u00bd \uff21"


@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


def test_line_and_paragraph_separators_become_newlines_one_for_one():
    from qualcode.io.text import normalise_line_breaks

    assert normalise_line_breaks("a\u2028b\u2029c\x85d\u00e9") == "a\nb\nc\nd\u00e9"
    assert normalise_line_breaks("plain\n") == "plain\n"


@given(st.text())
def test_normalise_line_breaks_keeps_offsets(text):
    from qualcode.io.text import normalise_line_breaks

    out = normalise_line_breaks(text)
    assert len(out) == len(text)
    assert not {"\u2028", "\u2029", "\x85"} & set(out)


def test_decoding_keeps_unicode_separators_for_formats_that_end_lines_at_lf_only():
    """A CSV cell or a WebVTT cue may hold U+2028 as text; only prose readers make it a line
    break."""
    assert decode_bytes("a,\"b\"\nc,d\u2028e\n".encode()).text == "a,\"b\"\nc,d\u2028e\n"
