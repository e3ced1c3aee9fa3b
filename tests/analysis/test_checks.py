"""The analysis functions refuse file names where tables and codebooks belong."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qualcode
from qualcode.analysis.adjudication import adjudicate, find_disagreements
from qualcode.analysis.agreement import agreement, agreement_wide
from qualcode.analysis.bundle import analyze_codings
from qualcode.analysis.cooccurrence import cooccurrence, cooccurrence_table, dimension_matrix
from qualcode.analysis.crosstab import attribute_crosstab, code_by_attribute
from qualcode.analysis.evalset import evaluate_eval_set
from qualcode.analysis.evaluate import evaluate
from qualcode.analysis.frequencies import code_frequencies
from qualcode.analysis.matrices import code_by_case, code_by_document
from qualcode.analysis.portrait import document_profile, document_profiles
from qualcode.analysis.quotes import code_quotes, representative_quotes
from qualcode.analysis.rollup import roll_up, sort_codings
from qualcode.analysis.theme import theme_table
from qualcode.errors import AnalysisError

ONE_TABLE = [code_frequencies, code_by_document, code_by_case, cooccurrence,
             cooccurrence_table, theme_table, document_profiles, roll_up, sort_codings,
             analyze_codings, agreement, find_disagreements]


@pytest.mark.parametrize("function", ONE_TABLE, ids=lambda f: f.__name__)
def test_a_codings_file_name_is_refused_with_the_reader_to_call(function):
    with pytest.raises(AnalysisError, match=r"codings is a file name \(codings\.csv\), not a "
                       "table: the analysis reads no files") as info:
        function("codings.csv")
    assert info.value.hint == "read it first: codings = qualcode.read_codings('codings.csv')"
    with pytest.raises(AnalysisError, match="codings is a file name"):
        function(Path("codings.csv"))


@pytest.mark.parametrize("function", ONE_TABLE, ids=lambda f: f.__name__)
def test_a_codebook_file_name_is_refused_with_the_call_that_loads_it(function, tiny):
    with pytest.raises(AnalysisError, match=r"codebook is a file name \(book\.yaml\)") as info:
        function(tiny.tiny_codings(), codebook="book.yaml")
    assert info.value.hint == "load it first: codebook = qualcode.load_codebook('book.yaml')"
    with pytest.raises(AnalysisError, match="codebook must be a Codebook, not dict"):
        function(tiny.tiny_codings(), codebook={"codes": []})


def test_every_table_argument_is_checked(tiny):
    codings, book = tiny.tiny_codings(), tiny.tiny_codebook()
    calls = {
        "segments": [lambda: code_frequencies(codings, segments="segments.csv"),
                     lambda: code_quotes(codings, "segments.csv"),
                     lambda: code_by_attribute(codings, "informant_role",
                                               segments="segments.csv"),
                     lambda: attribute_crosstab(codings, "informant_role",
                                                segments="segments.csv"),
                     lambda: document_profile(codings, "d1", segments="segments.csv")],
        "units": [lambda: agreement(codings, units="units.csv"),
                  lambda: evaluate(codings, codings, units="units.csv")],
        "gold": [lambda: evaluate("gold.csv", codings)],
        "pred": [lambda: evaluate(codings, "pred.csv")],
        "table": [lambda: agreement_wide("wide.csv")],
        "quotes": [lambda: representative_quotes("quotes.csv")],
        "rows": [lambda: evaluate_eval_set("eval.csv", book)],
        "disagreements": [lambda: adjudicate("report.xlsx", codings, codings)],
    }
    for name, functions in calls.items():
        for call in functions:
            with pytest.raises(AnalysisError, match=f"{name} is a file name"):
                call()
    with pytest.raises(AnalysisError, match=r"codings must be a table \(a pandas DataFrame\), "
                       "not list") as info:
        code_frequencies([["d1", 0, "enabler"]])
    assert info.value.hint == "pass codings = qualcode.read_codings(path)"
    with pytest.raises(AnalysisError, match="codebook is a file name"):
        dimension_matrix(codings, "role", "stage", codebook=Path("book.yaml"))
    with pytest.raises(AnalysisError, match="codebook is a file name"):
        evaluate_eval_set(pd.DataFrame({"id": ["r1"], "text": ["x"], "codes": [""]}),
                          "book.yaml")


def test_the_pipeline_loads_a_codebook_path(tmp_path, tiny):
    study = tiny.write_tiny_study(tmp_path / "study")
    corpus = qualcode.load_corpus([study["corpus"]], cases=study["cases"])
    analysis = qualcode.analyze_corpus(corpus, str(study["codebook"]))
    assert analysis.codebook.name == "tiny"
    assert analysis.tables["code_by_case"].loc["enabler"].tolist() == [2, 1]
