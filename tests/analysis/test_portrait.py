"""A document's code x segment profile."""

from __future__ import annotations

import pytest

from qualcode.analysis.portrait import document_profile, document_profiles
from qualcode.errors import AnalysisError


def test_profile_of_one_document(tiny):
    profile = document_profile(tiny.tiny_codings(), "d1", segments=tiny.tiny_segments(),
                               codebook=tiny.tiny_codebook())
    assert list(profile.index) == ["enabler", "coordinator", "assessment", "caseload",
                                   "staffing"]
    assert list(profile.columns) == [0, 1, 2, 3, 4]
    assert profile.loc["assessment"].tolist() == [0, 1, 0, 0, 1]
    assert profile.loc["caseload"].tolist() == [0, 0, 0, 1, 0]


def test_profile_without_segments_ends_at_the_last_coded_segment(tiny):
    assert document_profile(tiny.tiny_codings(), "d2").shape == (3, 4)


def test_unknown_document(tiny):
    with pytest.raises(AnalysisError, match="known documents: d1, d2, d3, d4"):
        document_profile(tiny.tiny_codings(), "d9", segments=tiny.tiny_segments())


def test_document_profiles_equal_document_profile_one_by_one():
    import pandas as pd

    from qualcode.analysis.portrait import document_profile, document_profiles

    codings = pd.DataFrame({
        "document": ["d1", "d1", "d2", "d1", "d3", "d2"],
        "segment": [0, 3, 1, 3, -1, 1],
        "code": ["b", "a", "a", "c", "a", "b"],
    })
    segments = pd.DataFrame({"document": ["d2", "d2", "d1", "d4"], "segment": [0, 5, 1, 0]})
    for segs in (None, segments):
        got = document_profiles(codings, segments=segs)
        assert list(got) == (["d2", "d1", "d3"] if segs is not None else ["d1", "d2", "d3"])
        for doc, frame in got.items():
            assert frame.equals(document_profile(codings, doc, segments=segs)), doc


def test_one_document_is_one_document(tiny):
    profiles = document_profiles(tiny.tiny_codings(), segments=tiny.tiny_segments(),
                                 documents="d2")
    assert list(profiles) == ["d2"]


def test_every_unknown_document_is_named(tiny):
    with pytest.raises(AnalysisError, match="unknown documents 'd8', 'd9'") as info:
        document_profiles(tiny.tiny_codings(), segments=tiny.tiny_segments(),
                          documents=["d8", "d1", "d9"])
    assert info.value.hint.startswith("known documents: d1, d2, d3, d4")
