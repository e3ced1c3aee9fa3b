"""Position conventions: UTF-16 units, CRLF, NFC, detection, and export positions."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from qualcode.exchange.guids import NAMESPACE, guid_for, normalise_guid
from qualcode.exchange.positions import (
    Convention,
    OutputPositions,
    PositionMap,
    Selection,
    detect_convention,
    expected_convention,
)
from qualcode.io.text import normalise

UTF16_RAW = Convention("utf16", "raw")
CP_RAW = Convention("codepoint", "raw")
CP_LF = Convention("codepoint", "lf")


def test_guids_are_deterministic_name_based_uuids():
    first = guid_for("code", "enabler")
    assert first == guid_for("code", "enabler")
    assert first != guid_for("code", "advocate")
    assert first != guid_for("case", "enabler")
    assert uuid.UUID(first).version == 5
    assert first == str(uuid.uuid5(NAMESPACE, "code\x1fenabler"))


def test_normalise_guid_accepts_case_and_braces():
    key = "0d62985d-b147-5d01-a9b5-cae5dcd98342"
    assert normalise_guid("0D62985D-B147-5D01-A9B5-CAE5DCD98342") == key
    assert normalise_guid("{0d62985d-b147-5d01-a9b5-cae5dcd98342}") == key
    assert normalise_guid(" " + key + " ") == key
    assert normalise_guid("not-a-guid") is None
    assert normalise_guid("") is None
    assert normalise_guid(None) is None


def test_utf16_units_after_astral_characters():
    raw = "a\U0001F600b\r\nc"  # emoji = 2 UTF-16 units; CRLF = 2 in the file
    pmap = PositionMap(raw)
    assert pmap.text == "a\U0001F600b\nc"
    # 'b' is at code point 2, UTF-16 unit 3; 'c' at code point 4 of the text (5 raw, 6 UTF-16)
    assert pmap.to_text(3, UTF16_RAW) == 2
    assert pmap.to_text(6, UTF16_RAW) == 4
    assert pmap.to_text(7, UTF16_RAW) == 5
    assert pmap.to_text(5, CP_RAW) == 4
    assert pmap.to_text(4, CP_LF) == 4
    assert pmap.length(UTF16_RAW) == 7
    assert pmap.length(CP_RAW) == 6
    assert pmap.length(CP_LF) == 5
    # inside the surrogate pair or between CR and LF rounds down
    assert pmap.to_text(2, UTF16_RAW) == 1
    assert pmap.to_text(4, CP_RAW) == 3


def test_positions_are_clamped_to_the_text():
    pmap = PositionMap("abc")
    assert pmap.to_text(-4, CP_RAW) == 0
    assert pmap.to_text(99, CP_RAW) == 3


def test_decomposed_text_maps_to_nfc():
    raw = "Cafe\u0301 ok"  # e + combining acute: 7 code points, 6 in NFC
    pmap = PositionMap(raw)
    assert pmap.text == "Café ok"
    assert pmap.to_text(5, CP_RAW) == 4  # after the combining accent
    assert pmap.to_text(6, CP_RAW) == 5  # 'o'
    assert pmap.to_text(4, CP_RAW) == 3  # inside "e + accent" rounds down to its start


def test_expected_convention_by_origin():
    assert expected_convention("NVivo for Windows 12.6") == UTF16_RAW
    assert expected_convention("NVivo for Mac 15.0.0") == UTF16_RAW
    assert expected_convention("ATLAS.ti for Windows 23.2.3.27778") == CP_LF
    assert expected_convention("MAXQDA 24 (Release 24.7.0)") == CP_RAW
    assert expected_convention("") == CP_RAW


def _lines_with_emoji() -> str:
    return "\r\n".join(f"line {i} \U0001F44D ok" for i in range(40))


def _utf16_selection(raw: str, line: int) -> Selection:
    lines = raw.split("\r\n")
    start = sum(len(x.encode("utf-16-le")) // 2 + 2 for x in lines[:line])
    return Selection(start, start + len(lines[line].encode("utf-16-le")) // 2)


def test_detection_prefers_the_convention_that_fits_line_breaks():
    raw = _lines_with_emoji()
    selections = [_utf16_selection(raw, i) for i in range(3, 30)]
    pmap = PositionMap(raw)
    chosen, scores = detect_convention(pmap, selections, CP_RAW)
    assert chosen == UTF16_RAW
    assert scores[UTF16_RAW] == 27
    texts = [pmap.text[pmap.to_text(s.start, chosen):pmap.to_text(s.end, chosen)]
             for s in selections]
    assert texts[0] == "line 3 \U0001F44D ok"


def test_detection_keeps_the_expected_convention_without_evidence():
    pmap = PositionMap("plain text\nno astral characters")
    assert detect_convention(pmap, [Selection(0, 5)], UTF16_RAW) == (UTF16_RAW, {})


def test_detection_uses_quoted_names():
    raw = "\U0001F600 alpha beta gamma delta"
    pmap = PositionMap(raw)
    # code points 2..7 = "alpha" (UTF-16 would give " alph")
    chosen, _ = detect_convention(pmap, [Selection(2, 7, "alpha"), Selection(8, 12, "beta")],
                                  UTF16_RAW)
    assert chosen == CP_RAW


def test_output_positions():
    text = "a\U0001F600b\nc"
    assert OutputPositions(text)(4) == 4
    assert OutputPositions(text, unit="utf16")(4) == 5
    assert OutputPositions(text, crlf=True)(4) == 5
    assert OutputPositions(text, unit="utf16", crlf=True)(4) == 6


@given(st.lists(st.sampled_from(["a", "é", "\n", "\U0001F600", "z", " "]), max_size=40),
       st.booleans(), st.booleans())
def test_export_positions_read_back_to_the_same_offsets(chars, utf16, crlf):
    text = normalise("".join(chars))
    unit = "utf16" if utf16 else "codepoint"
    written = text.replace("\n", "\r\n") if crlf else text
    out = OutputPositions(text, unit=unit, crlf=crlf)
    pmap = PositionMap(written)
    convention = Convention(unit, "raw")
    assert pmap.text == text
    for offset in range(len(text) + 1):
        assert pmap.to_text(out(offset), convention) == offset
