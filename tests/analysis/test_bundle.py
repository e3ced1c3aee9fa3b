"""Every analysis at once: names, roll-up, defaults that skip and options that insist."""

from __future__ import annotations

import pytest

from qualcode.analysis.bundle import AnalysisOptions, analyze_codings
from qualcode.errors import AnalysisError


def test_tables_in_writing_order(tiny):
    analysis = analyze_codings(tiny.tiny_codings(), segments=tiny.tiny_segments(),
                               codebook=tiny.tiny_codebook(), cases=["A", "B"])
    assert list(analysis.tables) == [
        "codings", "segments", "frequencies", "code_by_document", "code_by_document_presence",
        "code_by_case", "code_by_case_presence", "code_by_informant_role", "cooccurrence",
        "cooccurrence_matrix", "role_by_stage", "quotes", "representative_quotes",
        "theme_table",
    ]
    # roll-up counts children for parents in matrices, not in co-occurrence
    assert analysis.tables["code_by_document"].loc["obstacle_internal"].tolist() == [2, 0, 1, 0]
    assert analysis.tables["cooccurrence_matrix"].at["obstacle_internal",
                                                     "obstacle_internal"] == 0
    assert analysis.attribute == "informant_role"
    assert analysis.obstacles.to_dict("index") == {
        "manajer_kasus": {"obstacle_internal": 3, "obstacle_external": 0},
        "psikolog": {"obstacle_internal": 0, "obstacle_external": 1},
    }
    assert list(analysis.profiles) == ["d1", "d2", "d3", "d4"]
    assert analysis.top_codes(2) == [("enabler", 4), ("assessment", 3)]


def test_without_roll_up_and_with_a_window(tiny):
    options = AnalysisOptions(roll_up=False, window=2, pairs=(("role", "stage"),))
    analysis = analyze_codings(tiny.tiny_codings(), codebook=tiny.tiny_codebook(),
                               options=options)
    assert analysis.tables["code_by_document"].loc["obstacle_internal"].sum() == 0
    assert "cooccurrence_window_2" in analysis.tables
    assert "role_by_stage_window_2" in analysis.tables
    assert analysis.obstacles is not None and int(analysis.obstacles.to_numpy().sum()) == 0


def test_document_profiles_are_rolled_up_as_the_matrices_are(tiny):
    # the portraits were drawn from the codings as coded while every table counted the parents
    codings, segments, book = tiny.tiny_codings(), tiny.tiny_segments(), tiny.tiny_codebook()
    rolled = analyze_codings(codings, segments=segments, codebook=book)
    profile = rolled.profiles["d1"]
    assert list(profile.index) == ["enabler", "coordinator", "assessment", "obstacle_internal",
                                   "caseload", "staffing"]
    assert profile.loc["obstacle_internal"].tolist() == [0, 0, 0, 1, 1]
    assert rolled.profiles["d2"].loc["obstacle_external"].tolist() == [0, 0, 0, 1]
    as_coded = analyze_codings(codings, segments=segments, codebook=book,
                               options=AnalysisOptions(roll_up=False))
    assert list(as_coded.profiles["d1"].index) == ["enabler", "coordinator", "assessment",
                                                   "caseload", "staffing"]
    assert "obstacle_external" not in as_coded.profiles["d2"].index


def test_defaults_skip_what_the_data_lacks(tiny):
    codings = tiny.tiny_codings().drop(columns=["informant_role", "group"])
    analysis = analyze_codings(codings)
    assert not any(n.startswith("code_by_informant") for n in analysis.tables)
    assert "role_by_stage" not in analysis.tables
    assert analysis.obstacles is None and analysis.attribute == ""


def test_named_options_must_exist(tiny):
    with pytest.raises(AnalysisError, match="unknown attribute 'gender'"):
        analyze_codings(tiny.tiny_codings(), options=AnalysisOptions(attributes=("gender",)))
    with pytest.raises(AnalysisError, match="unknown dimension 'phase'"):
        analyze_codings(tiny.tiny_codings(),
                        options=AnalysisOptions(pairs=(("role", "phase"),)))
    with pytest.raises(AnalysisError, match="0 or more"):
        analyze_codings(tiny.tiny_codings(), options=AnalysisOptions(window=-1))


def test_options_take_one_name_or_one_pair():
    options = AnalysisOptions(attributes="informant_role", pairs=("role", "stage"),
                              obstacles=["caseload", "staffing"])
    assert options.attributes == ("informant_role",)
    assert options.pairs == (("role", "stage"),)
    assert options.obstacles == ("caseload", "staffing")
    assert AnalysisOptions(pairs=[["role", "stage"], ("stage", "role")]).pairs == (
        ("role", "stage"), ("stage", "role"))
    with pytest.raises(AnalysisError, match="each of pairs must name two dimensions"):
        AnalysisOptions(pairs=[("role", "stage", "obstacle")])
    with pytest.raises(AnalysisError, match="pairs must be pairs of dimensions"):
        AnalysisOptions(pairs="role")


def test_one_case_id_for_the_whole_analysis(tiny):
    codings = tiny.tiny_codings()
    codings["case"] = codings["case"].replace({"A": "case_a", "B": "case_b"})
    analysis = analyze_codings(codings, codebook=tiny.tiny_codebook(), cases="case_b")
    assert list(analysis.tables["code_by_case"].columns) == ["case_b", "case_a"]


def test_provenance_is_read_only_and_the_repr_short(tiny):
    import dataclasses
    import json
    import pickle

    recorded = {"counts": {"codings": 14}, "inputs": [{"path": "codings.csv"}]}
    analysis = dataclasses.replace(
        analyze_codings(tiny.tiny_codings(), segments=tiny.tiny_segments(),
                        codebook=tiny.tiny_codebook(), cases=["A", "B"]),
        provenance=recorded)
    recorded["counts"]["codings"] = 0  # the caller's dict was copied
    with pytest.raises(TypeError):
        analysis.provenance["x"] = 1
    analysis.provenance["counts"]["codings"] = 99  # a copy: the analysis keeps its own
    analysis.provenance.get("inputs").append({"path": "other.csv"})
    for _, value in analysis.provenance.items():
        value.clear()
    expected = {"counts": {"codings": 14}, "inputs": [{"path": "codings.csv"}]}
    assert dict(analysis.provenance) == expected == analysis.provenance
    assert json.loads(json.dumps(dict(analysis.provenance))) == expected
    assert pickle.loads(pickle.dumps(analysis.provenance)) == expected
    assert analysis.provenance.get("missing", "none") == "none"
    assert repr(analysis) == ("Analysis(14 tables, 14 codings, 14 segments, codebook='tiny' 1.0, "
                              "0 warnings)")
    with pytest.raises(TypeError):
        dataclasses.replace(analysis, tables={"codings": analysis.codings}).tables["x"] = None


@pytest.mark.parametrize("name", ["case", "document", "case_presence", "document_presence"])
def test_an_attribute_named_like_a_built_in_matrix_is_refused(tiny, name):
    # its crosstab, code_by_<name>, would silently replace the built-in matrix
    unit = name.split("_")[0]
    with pytest.raises(AnalysisError, match=f"replace it; {unit} is not a case attribute") as info:
        AnalysisOptions(attributes=("informant_role", name))
    assert f"code_by_{unit}.csv already counts codes by {unit}" in info.value.hint
    assert f"-k crosstab -a {unit}" in info.value.hint


def test_a_coding_without_text_counts_but_is_never_a_representative_quote():
    import pandas as pd

    from qualcode.analysis.bundle import quotable

    codings = pd.DataFrame({"document": ["d1", "d1", "d2"], "case": ["A", "A", "B"],
                            "segment": [1, 2, 1], "code": ["danger"] * 3,
                            "text": ["", "real words", " \n "]})
    analysis = analyze_codings(codings)
    assert analysis.tables["code_by_document"].loc["danger"].tolist() == [2, 1]
    assert len(analysis.tables["quotes"]) == 3
    assert analysis.representative["text"].tolist() == ["real words"]
    assert analysis.representative["rank"].tolist() == [1]
    no_text = codings.drop(columns="text")
    assert quotable(no_text) is no_text


def test_a_label_language_the_codebook_lacks_is_refused(tiny):
    # its labels would silently be those of the first language
    with pytest.raises(AnalysisError, match="no labels in 'id'") as caught:
        analyze_codings(tiny.tiny_codings(), codebook=tiny.tiny_codebook(),
                        options=AnalysisOptions(language="id"))
    assert "its languages: en" in caught.value.hint
    assert analyze_codings(tiny.tiny_codings(), options=AnalysisOptions(language="id")).tables
