import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.segment.timemarks import MARK_LENGTH, mark_time, without_trailing_marks


def test_a_mark_is_read_as_a_time_with_tenths():
    assert mark_time("#00:00:12-4#") == "00:00:12.4"
    assert mark_time("#01:59:03-0#") == "01:59:03.0"
    assert MARK_LENGTH == 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seit sechs Jahren. #00:00:12-4#", ("Seit sechs Jahren.", "00:00:12.4")),
        ("Ja.#00:00:12-4#", ("Ja.", "00:00:12.4")),
        ("Ja. \t#00:00:12-4#\n #00:00:13-0#", ("Ja.", "00:00:13.0")),  # the last one counts
        ("Ja. #00:00:12-4# dann", ("Ja. #00:00:12-4# dann", None)),  # not at the end
        ("#00:00:12-4#", ("", "00:00:12.4")),
        ("Ja. #hashtag#", ("Ja. #hashtag#", None)),
        ("Ja. #00:12-4#", ("Ja. #00:12-4#", None)),  # f4 always writes the hours
        ("Ja. #0:00:12-4#", ("Ja. #0:00:12-4#", None)),
        ("Ja. #00:00:12.4#", ("Ja. #00:00:12.4#", None)),
        ("Ja. #00:00:12-45#", ("Ja. #00:00:12-45#", None)),
        ("#", ("#", None)),
        ("", ("", None)),
    ],
)
def test_marks_closing_a_span_are_left_out(text, expected):
    end, time = without_trailing_marks(text, 0, len(text))
    assert (text[:end], time) == expected


def test_only_the_span_is_looked_at():
    text = "B: Ja. #00:00:12-4#\nI: Gut. #00:00:15-0#"
    assert without_trailing_marks(text, 3, 19) == (6, "00:00:12.4")
    assert without_trailing_marks(text, 23, len(text)) == (27, "00:00:15.0")
    # A span shorter than a mark, or one that is only part of a mark, keeps its end.
    assert without_trailing_marks(text, 7, 19) == (7, "00:00:12.4")
    assert without_trailing_marks(text, 8, 19) == (19, None)


@given(st.text(max_size=30), st.lists(st.sampled_from([" ", "\n", "\t", ""]), max_size=3),
       st.integers(0, 9))
def test_the_span_ends_before_every_closing_mark(words, gaps, tenths):
    words = words.rstrip()
    text = words + "".join(f"{gap}#00:01:02-{tenths}#" for gap in gaps)
    end, time = without_trailing_marks(text, 0, len(text))
    assert end <= len(words)
    assert time == (f"00:01:02.{tenths}" if gaps else None)
    if gaps:
        assert not text[:end].endswith(f"#00:01:02-{tenths}#")
        assert text[:end] == text[:end].rstrip()
