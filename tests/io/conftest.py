"""Shared checks for reader tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.errors import InputError
from qualcode.io.options import ReadOptions
from qualcode.io.text import normalise
from qualcode.model import UNITS, Document, Segment
from qualcode.segment import InterviewerMatcher, segment_document

SegmentCheck = Callable[[Document], dict[str, tuple[Segment, ...]]]


def check_segments(doc: Document) -> dict[str, tuple[Segment, ...]]:
    """Segment ``doc`` in every unit and assert the offset invariant and speaker flags."""
    assert normalise(doc.text) == doc.text
    assert "\r" not in doc.text
    is_interviewer = InterviewerMatcher()
    out = {}
    for unit in UNITS:
        segments = segment_document(doc, unit)
        assert segments, unit
        for index, seg in enumerate(segments):
            assert seg.index == index
            assert seg.unit == unit
            assert 0 <= seg.start < seg.end <= len(doc.text)
            assert doc.text[seg.start : seg.end] == seg.text
            assert seg.text == seg.text.strip()
            assert seg.interviewer == is_interviewer(seg.speaker)
        out[unit] = segments
    return out


@pytest.fixture
def segments_of() -> SegmentCheck:
    """The :func:`check_segments` helper."""
    return check_segments


def check_refused(reader: Callable[[Path, ReadOptions], object], path: Path) -> InputError:
    """Assert ``reader`` refuses ``path`` with an :class:`InputError` that names the file and
    has a hint; return the error."""
    with pytest.raises(InputError) as info:
        reader(path, ReadOptions())
    assert info.value.path == str(path)
    assert info.value.hint
    return info.value


@pytest.fixture
def refused() -> Callable[[Callable[[Path, ReadOptions], object], Path], InputError]:
    """The :func:`check_refused` helper."""
    return check_refused
