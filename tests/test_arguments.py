"""One name or path, many, or none, as the public API takes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.arguments import as_names, as_paths
from qualcode.errors import AnalysisError, QualcodeError


def test_one_name_is_not_split_into_letters():
    assert as_names("MK01", "cases") == ("MK01",)
    assert as_names(["MK01", "MK02"], "cases") == ("MK01", "MK02")
    assert as_names(("a",), "cases") == ("a",) and as_names(None, "cases") == ()
    assert as_names(iter(["a", "b"]), "cases") == ("a", "b")


def test_names_refuse_what_is_not_text_with_the_callers_error():
    with pytest.raises(AnalysisError, match="cases must be names"):
        as_names(["MK01", 3], "cases", AnalysisError)
    with pytest.raises(QualcodeError, match="one name or path or a list"):
        as_names(5, "cases")


def test_one_path_or_many():
    assert as_paths("transcripts", "paths") == [Path("transcripts")]
    assert as_paths(Path("a.md"), "paths") == [Path("a.md")]
    assert as_paths(["a.md", Path("b")], "paths") == [Path("a.md"), Path("b")]
    assert as_paths(None, "paths") == []
    with pytest.raises(QualcodeError, match="must be files or folders"):
        as_paths(["a.md", 1], "paths")
    with pytest.raises(QualcodeError, match="a list of them, not bytes"):
        as_paths(b"a.md", "paths")


def test_renamed_keyword_refuses_both_names_with_different_values():
    from qualcode.arguments import renamed_keyword

    def value(new, old):
        return renamed_keyword(new, old, name="roll_up", old_name="rollup",
                               error=AnalysisError)

    assert value(None, None) is True  # neither: the default
    assert value(False, None) is False and value(True, None) is True
    for new, old in ((True, False), (False, True)):  # (True, False) used to return False
        with pytest.warns(DeprecationWarning), pytest.raises(AnalysisError, match="disagree"):
            value(new, old)
    for new, old in ((None, False), (False, False), (True, True)):
        with pytest.warns(DeprecationWarning, match="rollup= is deprecated"):
            assert value(new, old) is old


def test_roll_up_true_and_rollup_false_disagree_in_every_function_taking_both():
    import pandas as pd

    from qualcode.analysis.agreement import agreement
    from qualcode.analysis.evalset import evaluate_eval_set
    from qualcode.analysis.evaluate import evaluate

    empty = pd.DataFrame()
    for call in (lambda: agreement(empty, roll_up=True, rollup=False),
                 lambda: evaluate(empty, empty, roll_up=True, rollup=False),
                 lambda: evaluate_eval_set(empty, None, roll_up=True, rollup=False)):
        with pytest.warns(DeprecationWarning), pytest.raises(
                AnalysisError, match=r"roll_up=True and rollup=False disagree"):
            call()
