"""Tests for finding the lines rolling captions carry over."""

from __future__ import annotations

import pytest

from qualcode.io.rollup import carried_lines


@pytest.mark.parametrize(("cues", "carried"), [
    # two lines on screen, a 10 ms cue with the finished phrase between
    ([["a"], ["a"], ["a", "b"], ["b"], ["b", "c"]], [0, 1, 1, 1, 1]),
    # three lines on screen: two carried
    ([["a", "b", "c"], ["b", "c"], ["b", "c", "d"], ["c", "d", "e"]], [0, 2, 2, 2]),
    # a phrase said again right after itself is carried once and kept once
    ([["x"], ["x"], ["x", "x"], ["x"], ["x", "y"]], [0, 1, 1, 1, 1]),
    # cues without text neither carry nor count
    ([["a"], [], ["a"], ["a", "b"], ["b"], ["b", "c"]], [0, 0, 0, 1, 1, 1]),
])
def test_rolling_cues(cues, carried):
    assert carried_lines(cues) == carried


@pytest.mark.parametrize("cues", [
    [],
    [["Ya."]],
    [["Ya."], ["Ya."], ["Ya."]],  # two repeats are not enough to call a file rolling
    [["a"], ["a"], ["b"], ["b"], ["c"], ["c"], ["d"], ["e"], ["f"]],  # three of eight
])
def test_ordinary_cues_keep_every_line(cues):
    assert carried_lines(cues) == [0] * len(cues)
