"""A codings table completed from its segments table."""

import pandas as pd

from qualcode.analysis.inputs import fill_from_segments

SEGMENTS = pd.DataFrame({"document": ["d1", "d1", "d2"], "segment": [0, 1, 0],
                         "case": ["C1", "C1", "C2"], "speaker": ["Rina", "Q", "Budi"],
                         "start": [0, 10, 0], "end": [9, 30, 12],
                         "text": ["first turn", "second turn", "other"]})


def test_empty_cells_are_taken_from_the_segment_and_given_ones_kept():
    codings = pd.DataFrame({"document": ["d1", "d1", "d2", "d9", "d1"],
                            "segment": [1, 0, 0, 0, -1], "code": ["a", "b", "c", "d", "e"],
                            "text": ["", "my quote", "", "", ""],
                            "start": [-1, 2, -1, -1, 5], "end": [-1, 8, -1, -1, 7]})
    out = fill_from_segments(codings, SEGMENTS)
    assert out["text"].tolist() == ["second turn", "my quote", "other", "", ""]
    # the last coding has no segment, but its document is C1's: it counts for C1 too
    assert out["case"].tolist() == ["C1", "C1", "C2", "", "C1"]
    assert out["speaker"].tolist() == ["Q", "Rina", "Budi", "", ""]
    assert out["start"].tolist() == [10, 2, 0, -1, 5]
    assert out["end"].tolist() == [30, 8, 12, -1, 7]
    assert str(out["start"].dtype) == "int64"
    assert codings["text"].tolist()[0] == ""  # the input is left as it was


def test_a_coding_without_a_segment_takes_its_documents_one_case():
    segments = pd.concat([SEGMENTS, pd.DataFrame({"document": ["d3", "d3"], "segment": [0, 1],
                                                   "case": ["C3", "C4"]})])
    codings = pd.DataFrame({"document": ["d1", "d2", "d3", "d1"], "segment": [-1, 7, -1, -1],
                            "case": ["", "", "", "C9"], "code": ["a", "b", "c", "d"]})
    # d2's segment 7 is not in the table, d3 holds two cases (none chosen), a given case stays
    assert fill_from_segments(codings, segments)["case"].tolist() == ["C1", "C2", "", "C9"]
    # a segment without a case names none (not "nan")
    segments.loc[segments["document"] == "d2", "case"] = None
    assert fill_from_segments(codings, segments)["case"].tolist() == ["C1", "", "", "C9"]


def test_codes_the_codebook_lacks_are_named_with_their_first_line():
    from qualcode.analysis.inputs import unknown_code_issues
    from qualcode.model import Code, Codebook
    from qualcode.origin import mark_origin

    book = Codebook("study", "1.0.0", codes=(Code("enabler"), Code("advocate")))
    codings = pd.DataFrame({"document": "d1", "segment": [0, 1, 2, 3],
                            "code": ["enabler", "enablr", "enablr", "zzz"]})
    issues = unknown_code_issues(mark_origin(codings, "hand.csv"), book)
    assert [(i.code, i.severity, i.path, i.line, i.message, i.hint) for i in issues] == [
        ("W702", "warning", "hand.csv", 3, "code 'enablr' is not in the codebook study "
         "(2 coding(s)); it is counted as a code of its own, after the codebook's",
         "did you mean 'enabler'? correct the code, or add it to the codebook"),
        ("W702", "warning", "hand.csv", 5, "code 'zzz' is not in the codebook study "
         "(1 coding(s)); it is counted as a code of its own, after the codebook's",
         "correct the code, or add it to the codebook"),
    ]
