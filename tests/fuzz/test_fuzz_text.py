"""Property tests of text decoding, front matter, speaker turns and segmentation on random
input: offsets stay valid and nothing but the documented :class:`InputError` ever escapes.

A short run is part of the test suite; for a long one (see SECURITY.md)::

    HYPOTHESIS_PROFILE=fuzz python -m pytest tests/fuzz
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from qualcode.errors import InputError
from qualcode.io.frontmatter import split_front_matter
from qualcode.io.text import decode_bytes
from qualcode.model import UNITS, Document
from qualcode.segment import segment_document
from qualcode.segment.turns import find_turns

# Pieces that the parsers react to, so random text often holds speaker labels, front matter,
# sentence ends, timestamps, blank lines, odd white space and non-ASCII letters.
_PIECES = ["Q:", "Rina:", "Pewawancara:", "**Bu Sari:**", "[Dimas]", "[00:12:31]", "00:01:02",
           "---", "...", "\n", "\n\n", "\r\n", "\r", " ", "\t", ". ", "! ", "? ", "…", "dr.",
           "e.g.", "A.", "kata", "Sekolah", "café", "e\u0301", "“", "”", "\ufeff", "\u2028",
           "id: x", "case: C1", "a: [1, 2]", "b: {c: d}", "&x", "*x", "!!python/name:os.system",
           ":", "-", "#", "'", '"', "ı", "ß", "中文", "\x00", "\x0b"]
TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40).map(
    "".join)
NORMAL_TEXT = TEXT.map(lambda t: unicodedata.normalize("NFC", t.replace("\r\n", "\n")
                                                       .replace("\r", "\n")))


@given(st.binary(max_size=2000) | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
@example(b"\xef\xbb\xbf")  # a byte-order mark alone
@example(b"\xef\xbb\xbf" * 3 + b"Q: x")  # saved by three tools that each added one
@example(b"caf\xc3\xa9 \xe9\x93")  # UTF-8 with stray cp1252 bytes
@example(b"\xff\xfe\x00\xd8")  # UTF-16 with half a surrogate pair
def test_decode_bytes_gives_normalised_text_or_input_error(data):
    try:
        decoded = decode_bytes(data)
    except InputError as exc:
        assert exc.message and exc.path == "<bytes>"
        return
    assert "\r" not in decoded.text and not decoded.text.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", decoded.text)
    assert decoded.text.strip()


@given(TEXT)
@example("---\na: &a [x, x]\nb: [*a, *a]\n---\nQ: hi")
@example("---\n" + "[" * 3000 + "\n---\n")
@example("---\n---\n")
def test_front_matter_splits_or_raises_input_error(text):
    try:
        front = split_front_matter(text)
    except InputError as exc:
        assert exc.message
        return
    assert 0 <= front.body_start <= len(text)
    for key, value in front.attributes.items():
        assert isinstance(key, str)
        assert isinstance(value, str | int | float | bool)


@given(NORMAL_TEXT)
def test_turns_are_ordered_spans_of_the_text(text):
    turns = find_turns(text)
    previous_end = 0
    for turn in turns:
        assert previous_end <= turn.start <= turn.end <= len(text)
        span = text[turn.start:turn.end]
        assert span == span.strip() or not span
        previous_end = turn.end


@given(NORMAL_TEXT, st.sampled_from(UNITS), st.sampled_from([None, "id", "en"]))
def test_segments_keep_the_offset_invariant(text, unit, language):
    document = Document("d", text)
    segments = segment_document(document, unit, language=language)
    previous_end = 0
    for index, segment in enumerate(segments):
        assert segment.index == index and segment.unit == unit
        assert previous_end <= segment.start < segment.end <= len(text)
        assert text[segment.start:segment.end] == segment.text
        assert segment.text == segment.text.strip()
        previous_end = segment.end
