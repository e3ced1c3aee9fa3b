import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.segment.timemarks import (
    MARK_LENGTH,
    leading_time,
    mark_time,
    without_trailing_marks,
)


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Then the clerk was rude. [01:40]", ("Then the clerk was rude.", "01:40")),
        ("Ja. [00:01:23]", ("Ja.", "00:01:23")),
        ("Ja. [ 1:02:03.456 ]", ("Ja.", "1:02:03.456")),
        ("Ja. [00:01:23,5]", ("Ja.", "00:01:23,5")),
        ("Ja. (00:01:23)", ("Ja.", "00:01:23")),
        ("Ja. [01:40]\n\n#00:01:41-0#", ("Ja.", "00:01:41.0")),  # the last one counts
        ("Ja. #00:01:41-0# [01:42]", ("Ja.", "01:42")),
        ("[00:02:00]", ("", "00:02:00")),
        # Prose keeps clock times in parentheses, and whatever is no time in brackets.
        ("We start at (10:00)", ("We start at (10:00)", None)),
        ("Ja. [inaudible]", ("Ja. [inaudible]", None)),
        ("Ja. [01:40] dann", ("Ja. [01:40] dann", None)),
        ("Ja. [1:4]", ("Ja. [1:4]", None)),
        ("Ja. [01:40:00:00]", ("Ja. [01:40:00:00]", None)),
        ("Ja. [01:40)", ("Ja. [01:40)", None)),
        ("Ja. [\n01:40]", ("Ja. [\n01:40]", None)),
        ("]", ("]", None)),
        (")", (")", None)),
    ],
)
def test_bracketed_times_closing_a_span_are_left_out(text, expected):
    end, time = without_trailing_marks(text, 0, len(text))
    assert (text[:end], time) == expected


def test_a_bracketed_time_before_the_span_is_not_looked_at():
    text = "[01:40]Ja."
    assert without_trailing_marks(text, 7, 10) == (10, None)
    text = "B: [01:40]"
    assert without_trailing_marks(text, 4, 10) == (10, None)  # its bracket is outside


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[00:05:10] The forms were long.", ("The forms were long.", "00:05:10")),
        ("[01:23]\n\nThe forms.", ("The forms.", "01:23")),
        ("( 00:01:23.456 ) Ja.", ("Ja.", "00:01:23.456")),
        ("[00:05:10]", ("", "00:05:10")),
        ("[00:05:10]The forms.", ("[00:05:10]The forms.", None)),  # no blank after it
        ("(10:00) we met.", ("(10:00) we met.", None)),
        ("[inaudible] Ja.", ("[inaudible] Ja.", None)),
        ("Ja. [00:05:10]", ("Ja. [00:05:10]", None)),
        ("", ("", None)),
    ],
)
def test_a_bracketed_time_opening_a_span_is_left_out(text, expected):
    start, time = leading_time(text, 0, len(text))
    assert (text[start:], time) == expected


def test_a_time_is_read_from_a_bracketed_one_without_brackets():
    assert mark_time("[01:40]") == "01:40"
    assert mark_time("( 00:01:23.4\t)") == "00:01:23.4"


_PIECES = ["Ja.", " ", "\n", "\t", "[", "]", "(", ")", "01:40", "00:01:23", ".5", "#",
           "[01:40]", "(00:01:23)", "#00:01:02-3#", ":"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_span_only_shrinks_to_a_trimmed_span_without_its_outer_times(text):
    text = text.strip()
    end, time = without_trailing_marks(text, 0, len(text))
    assert 0 <= end <= len(text)
    assert text[:end] == text[:end].rstrip()
    assert (time is None) == (end == len(text))
    start, opening = leading_time(text, 0, len(text))
    assert 0 <= start <= len(text)
    assert text[start:] == text[start:].lstrip()
    assert (opening is None) == (start == 0)
