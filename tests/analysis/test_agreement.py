"""Agreement of codings tables: units, coverage, roll-up, pooled rows, dimensions."""

import math
import time

import krippendorff
import numpy as np
import pandas as pd
import pytest

from qualcode.analysis.adjudication import find_disagreements
from qualcode.analysis.agreement import AGREEMENT_COLUMNS, MEASURES, agreement, agreement_wide
from qualcode.analysis.reliability import bootstrap_alpha, cohen_kappa, krippendorff_alpha
from qualcode.errors import AnalysisError, CodingsError
from qualcode.model import Code, Codebook, Dimension

CODEBOOK = Codebook(
    "study", "1.0.0",
    codes=(
        Code("enabler", dimension="role"), Code("advocate", dimension="role"),
        Code("assessment", dimension="stage"), Code("planning", dimension="stage"),
        Code("monitoring", dimension="stage"),
        Code("obstacle_internal", dimension="obstacle"),
        Code("caseload", parent="obstacle_internal"), Code("staffing", parent="obstacle_internal"),
    ),
    dimensions=(Dimension("role"), Dimension("stage", exclusive=True), Dimension("obstacle")),
)


def coding(coder, segment, code, document="d1", width=10):
    return {"document": document, "segment": segment, "start": segment * width,
            "end": segment * width + width, "code": code, "coder": coder}


def units_table(n, document="d1", width=10):
    return pd.DataFrame({"document": document, "segment": range(n),
                         "start": [i * width for i in range(n)],
                         "end": [i * width + width for i in range(n)]})


def row(table, item, subset="all"):
    found = table[(table["item"] == item) & (table["subset"] == subset)]
    assert len(found) == 1, (item, subset)
    return found.iloc[0]


# Two coders, five segments (segment 4 coded by nobody).
#   seg 0: ana enabler, budi enabler; seg 1: ana enabler; seg 2: budi advocate;
#   seg 3: ana planning, budi monitoring
TWO = pd.DataFrame([
    coding("ana", 0, "enabler"), coding("budi", 0, "enabler"), coding("ana", 1, "enabler"),
    coding("budi", 2, "advocate"), coding("ana", 3, "planning"), coding("budi", 3, "monitoring"),
])


def test_two_coders_by_hand():
    table = agreement(TWO, units=units_table(5), codebook=CODEBOOK, bootstrap=0, decimals=None)
    assert list(table.columns) == list(AGREEMENT_COLUMNS)
    enabler = row(table, "enabler")
    assert enabler["n_units"] == 5 and enabler["n_units_coded"] == 4
    assert enabler["unit"] == "segment" and enabler["n_coders"] == 2
    # ana: 1 1 0 0 0, budi: 1 0 0 0 0
    assert enabler["percent_agreement"] == pytest.approx(4 / 5)
    assert enabler["cohen_kappa"] == pytest.approx(cohen_kappa([[1, 1], [1, 0], [0, 0], [0, 0],
                                                                [0, 0]]))
    coded = row(table, "enabler", "coded")  # segment 4 left out
    assert coded["percent_agreement"] == pytest.approx(3 / 4)
    assert coded["krippendorff_alpha"] == pytest.approx(
        krippendorff_alpha([[1, 1], [1, 0], [0, 0], [0, 0]]))
    assert math.isnan(coded["alpha_low"])  # bootstrap=0
    assert [r for r in table["item"][table["subset"] == "all"]] == [
        "enabler", "advocate", "planning", "monitoring", "(mean of codes)",
        "(pooled decisions)", "stage"]


def test_pooled_rows():
    table = agreement(TWO, units=units_table(5), codebook=CODEBOOK, bootstrap=0,
                      dimensions=[], decimals=None)
    codes = table[(table["kind"] == "code") & (table["subset"] == "all")]
    mean = row(table, "(mean of codes)")
    assert mean["krippendorff_alpha"] == pytest.approx(codes["krippendorff_alpha"].mean())
    assert mean["percent_agreement"] == pytest.approx(codes["percent_agreement"].mean())
    # pooled decisions: 5 units x 4 codes stacked into one binary variable
    stacked = []
    for code in ("enabler", "advocate", "planning", "monitoring"):
        for segment in range(5):
            stacked.append([int(((TWO["coder"] == c) & (TWO["segment"] == segment)
                                 & (TWO["code"] == code)).any()) for c in ("ana", "budi")])
    pooled = row(table, "(pooled decisions)")
    assert pooled["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(stacked))
    assert pooled["n_pairable"] == 20


def test_coefficients_are_rounded_to_three_decimals_unless_asked_not_to():
    full = agreement(TWO, units=units_table(5), codebook=CODEBOOK, bootstrap=50,
                     decimals=None)
    table = agreement(TWO, units=units_table(5), codebook=CODEBOOK, bootstrap=50)
    assert row(full, "enabler")["cohen_kappa"] == pytest.approx(0.5454545)
    assert row(table, "enabler")["cohen_kappa"] == 0.545
    # the mean of codes is the mean of the full values, rounded once
    assert row(table, "(mean of codes)")["percent_agreement"] == round(
        row(full, "(mean of codes)")["percent_agreement"], 3)
    assert table[list(MEASURES)].equals(full[list(MEASURES)].map(lambda v: round(v, 3)))
    assert table.drop(columns=list(MEASURES)).equals(full.drop(columns=list(MEASURES)))
    # float noise: 0.19999999999999996 is 0.2
    wide = pd.DataFrame({"unit": range(10), "ana": list("yyyyyynnnn"),
                         "budi": list("yyynnnynnn")})
    assert agreement_wide(wide, bootstrap=0, decimals=None)["fleiss_kappa"][0] != 0.2
    assert agreement_wide(wide, bootstrap=0)["fleiss_kappa"][0] == 0.2


def test_without_units_only_coded_units_are_reported():
    table = agreement(TWO, codebook=CODEBOOK, bootstrap=0)
    assert set(table["subset"]) == {"coded"}
    assert table.attrs["complete"] is False
    assert row(table, "enabler", "coded")["n_units"] == 4


def test_matches_krippendorff_package_per_code():
    rng = np.random.default_rng(11)
    coders, codes, n = ["a", "b", "c"], ["enabler", "advocate", "planning"], 30
    rows = [coding(c, s, k) for c in coders for s in range(n) for k in codes
            if rng.random() < 0.3]
    table = agreement(pd.DataFrame(rows), units=units_table(n), coverage="all", bootstrap=0,
                      roll_up=False, decimals=None)
    frame = pd.DataFrame(rows)
    for code in codes:
        matrix = np.array([[((frame["coder"] == c) & (frame["segment"] == s)
                             & (frame["code"] == code)).any() for s in range(n)]
                           for c in coders], dtype=float)
        expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert row(table, code)["krippendorff_alpha"] == pytest.approx(expected)


def test_coverage_documents_makes_uncoded_documents_missing():
    rows = [coding("ana", 0, "enabler"), coding("budi", 0, "enabler"),
            coding("ana", 0, "enabler", document="d2")]
    units = pd.concat([units_table(2), units_table(2, document="d2")])
    by_document = agreement(pd.DataFrame(rows), units=units, bootstrap=0)
    assert row(by_document, "enabler")["n_pairable"] == 2  # budi never coded d2
    assert row(by_document, "enabler")["percent_agreement"] == 1.0
    everyone = agreement(pd.DataFrame(rows), units=units, coverage="all", bootstrap=0)
    assert row(everyone, "enabler")["n_pairable"] == 4
    assert row(everyone, "enabler")["percent_agreement"] == pytest.approx(3 / 4)


def test_rollup_adds_parents():
    rows = [coding("ana", 0, "caseload"), coding("budi", 0, "staffing")]
    rolled = agreement(pd.DataFrame(rows), codebook=CODEBOOK, bootstrap=0)
    assert list(rolled["item"][rolled["kind"] == "code"]) == ["obstacle_internal", "caseload",
                                                              "staffing"]
    assert row(rolled, "obstacle_internal", "coded")["percent_agreement"] == 1.0
    flat = agreement(pd.DataFrame(rows), codebook=CODEBOOK, bootstrap=0, roll_up=False)
    assert "obstacle_internal" not in set(flat["item"])


def test_rollup_is_the_old_name_of_roll_up():
    from qualcode.errors import AnalysisError

    rows = pd.DataFrame([coding("ana", 0, "caseload"), coding("budi", 0, "staffing")])
    flat = agreement(rows, codebook=CODEBOOK, bootstrap=0, roll_up=False)
    with pytest.warns(DeprecationWarning, match=r"rollup= is deprecated; pass roll_up="):
        old = agreement(rows, codebook=CODEBOOK, bootstrap=0, rollup=False)
    assert old.equals(flat)
    with pytest.warns(DeprecationWarning), pytest.raises(
            AnalysisError, match=r"roll_up=False and rollup=True disagree"):
        agreement(rows, codebook=CODEBOOK, bootstrap=0, roll_up=False, rollup=True)


def test_code_path_and_group_stand_in_for_a_codebook():
    rows = [dict(coding("ana", 0, "caseload"), code_path="obstacle_internal/caseload",
                 group="obstacle"),
            dict(coding("budi", 0, "staffing"), code_path="obstacle_internal/staffing",
                 group="obstacle")]
    table = agreement(pd.DataFrame(rows), bootstrap=0)
    assert row(table, "obstacle_internal", "coded")["dimension"] == "obstacle"


def test_dimension_as_one_variable_matches_krippendorff_package():
    # three coders, eight units, stage codes or nothing (missing)
    given = {
        "a": ["assessment", "planning", "planning", None, "monitoring", "assessment", None,
              "planning"],
        "b": ["assessment", "planning", "monitoring", "monitoring", "monitoring", None, None,
              "planning"],
        "c": ["assessment", None, "planning", "monitoring", "planning", "assessment",
              "planning", "planning"],
    }
    rows = [coding(c, s, v) for c, values in given.items() for s, v in enumerate(values) if v]
    rows.append(coding("a", 7, "enabler"))
    table = agreement(pd.DataFrame(rows), units=units_table(8), codebook=CODEBOOK, bootstrap=0,
                      decimals=None)
    stage = row(table, "stage")
    assert stage["kind"] == "dimension"
    index = {"assessment": 1, "planning": 2, "monitoring": 3}
    matrix = [[index[v] if v else np.nan for v in values] for values in given.values()]
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert stage["krippendorff_alpha"] == pytest.approx(expected)
    assert stage["n_pairable"] == 7  # unit 6 has one value only


def test_two_codes_of_an_exclusive_dimension_warn_and_count_as_missing():
    rows = [coding("ana", 0, "planning"), coding("ana", 0, "monitoring"),
            coding("budi", 0, "planning"), coding("ana", 1, "planning"),
            coding("budi", 1, "planning")]
    table = agreement(pd.DataFrame(rows), codebook=CODEBOOK, bootstrap=0)
    issues = table.attrs["issues"]
    assert [i.code for i in issues] == ["W703"]
    assert "coder ana gave several codes of exclusive dimension stage to 1 segment(s)" in str(
        issues[0])
    assert "d1 segment 0: planning, monitoring" in str(issues[0])
    assert row(table, "stage", "coded")["n_pairable"] == 1


def test_absent_as_a_category():
    rows = [coding("ana", 0, "planning"), coding("budi", 0, "planning"),
            coding("ana", 1, "enabler"), coding("budi", 1, "monitoring")]
    missing = agreement(pd.DataFrame(rows), codebook=CODEBOOK, bootstrap=0)
    assert row(missing, "stage", "coded")["n_pairable"] == 1
    category = agreement(pd.DataFrame(rows), codebook=CODEBOOK, bootstrap=0, absent="category",
                         decimals=None)
    stage = row(category, "stage", "coded")
    assert stage["n_pairable"] == 2 and stage["percent_agreement"] == 0.5
    # q = assessment, planning, monitoring, (none)
    assert stage["brennan_prediger"] == pytest.approx((0.5 - 0.25) / 0.75)


def test_character_units_equal_a_per_character_count():
    rows = [
        {"document": "d1", "start": 0, "end": 12, "code": "enabler", "coder": "ana"},
        {"document": "d1", "start": 5, "end": 15, "code": "enabler", "coder": "budi"},
        {"document": "d1", "start": 20, "end": 30, "code": "advocate", "coder": "ana"},
        {"document": "d1", "start": 25, "end": 26, "code": "advocate", "coder": "ana"},
        {"document": "d2", "start": 3, "end": 8, "code": "advocate", "coder": "budi"},
        {"document": "d2", "start": 0, "end": 2, "code": "enabler", "coder": "ana"},
    ]
    units = pd.DataFrame({"document": ["d1", "d1", "d2"], "segment": [0, 1, 0],
                          "start": [0, 18, 0], "end": [16, 40, 10]})
    table = agreement(pd.DataFrame(rows), units=units, unit="character", coverage="all",
                      bootstrap=0, dimensions=[], decimals=None)
    spans = {("d1", 0, 16), ("d1", 18, 40), ("d2", 0, 10)}
    chars = sorted((d, i) for d, s, e in spans for i in range(s, e))
    for code in ("enabler", "advocate"):
        matrix = [[int(any(r["document"] == d and r["start"] <= i < r["end"] and r["code"] == code
                           and r["coder"] == c for r in rows)) for c in ("ana", "budi")]
                  for d, i in chars]
        found = row(table, code)
        assert found["unit"] == "character" and found["n_units"] == 48
        assert found["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(matrix))
        assert found["cohen_kappa"] == pytest.approx(cohen_kappa(matrix))
    assert row(table, "enabler")["n_units_coded"] == 15 + 10 + 5 + 2  # d1 0-15, 20-30; d2 0-2, 3-8


def test_character_units_scale_without_a_loop_per_character():
    rng = np.random.default_rng(5)
    starts = rng.integers(0, 2_000_000, size=4000)
    rows = pd.DataFrame({"document": "big", "start": starts,
                         "end": starts + rng.integers(1, 500, size=4000),
                         "code": rng.choice(["enabler", "advocate", "planning"], size=4000),
                         "coder": rng.choice(["a", "b", "c"], size=4000)})
    units = pd.DataFrame({"document": ["big"], "segment": [0], "start": [0],
                          "end": [2_100_000]})
    began = time.perf_counter()
    table = agreement(rows, units=units, unit="character", bootstrap=200, dimensions=[])
    assert time.perf_counter() - began < 10
    assert row(table, "enabler")["n_units"] == 2_100_000


def test_bootstrap_is_seeded():
    first = agreement(TWO, units=units_table(5), codebook=CODEBOOK, bootstrap=300, seed=3)
    again = agreement(TWO, units=units_table(5), codebook=CODEBOOK, bootstrap=300, seed=3)
    pd.testing.assert_frame_equal(first, again)
    low, high = row(first, "(pooled decisions)")[["alpha_low", "alpha_high"]]
    assert low <= row(first, "(pooled decisions)")["krippendorff_alpha"] <= high


def test_the_bootstrap_interval_does_not_depend_on_the_order_of_the_rows():
    # the same codings and units, rows re-sorted (documents met in the other order): a table
    # re-sorted in a spreadsheet must give the published interval again
    codings = pd.concat([TWO, TWO.assign(document="d2")], ignore_index=True)
    codings.loc[len(codings)] = coding("ana", 4, "advocate", document="d2")
    units = pd.concat([units_table(5), units_table(5, document="d2")], ignore_index=True)
    first = agreement(codings, units=units, codebook=CODEBOOK, bootstrap=200, seed=5)
    shuffled = agreement(codings.sample(frac=1, random_state=1).reset_index(drop=True),
                         units=units.iloc[::-1].reset_index(drop=True), codebook=CODEBOOK,
                         bootstrap=200, seed=5)
    columns = ["subset", "item", "krippendorff_alpha", "alpha_low", "alpha_high"]
    pd.testing.assert_frame_equal(first[columns], shuffled[columns])


def interval(table, item, subset="all"):
    found = row(table, item, subset)
    return found["alpha_low"], found["alpha_high"]


def test_a_codes_interval_depends_on_its_own_data_and_the_seed_alone():
    # planning and assessment are the same in every run; other codes, the codebook's roll-up
    # (obstacle_internal) and dimensions come and go
    base = [coding("ana", 0, "planning"), coding("budi", 0, "planning"),
            coding("ana", 2, "planning"), coding("budi", 3, "planning"),
            coding("ana", 5, "planning"), coding("budi", 5, "planning"),
            coding("ana", 1, "assessment"), coding("budi", 1, "assessment"),
            coding("ana", 4, "assessment")]
    others = [coding("ana", 0, "enabler"), coding("budi", 2, "enabler"),
              coding("ana", 6, "advocate"), coding("budi", 6, "advocate"),
              coding("ana", 7, "caseload"), coding("budi", 3, "staffing")]
    units, options = units_table(9), {"bootstrap": 300, "seed": 2, "decimals": None}
    alone = agreement(pd.DataFrame(base), units=units, **options)
    plain = agreement(pd.DataFrame(base + others), units=units, **options)
    rolled = agreement(pd.DataFrame(base + others), units=units, codebook=CODEBOOK, **options)
    for code in ("planning", "assessment"):
        assert interval(alone, code) == interval(plain, code) == interval(rolled, code), code
        # the coded units (6 and 7 coded by the other codes only) are the same with and
        # without the codebook
        assert interval(plain, code, "coded") == interval(rolled, code, "coded"), code
    # it is the interval of the code's own units x coders table
    planning = [[int(any(c["coder"] == who and c["segment"] == unit and c["code"] == "planning"
                         for c in base)) for who in ("ana", "budi")] for unit in range(9)]
    assert interval(rolled, "planning") == bootstrap_alpha(planning, draws=300, seed=2)
    # the pooled decisions and a dimension do not change with the other dimensions analysed
    both = agreement(pd.DataFrame(base + others), units=units, codebook=CODEBOOK,
                     dimensions=["stage", "role"], **options)
    for item in ("(pooled decisions)", "stage", "planning"):
        assert interval(rolled, item) == interval(both, item), item


def test_codings_outside_the_units_table_warn():
    rows = [coding("ana", 0, "enabler"), coding("budi", 0, "enabler"),
            coding("budi", 0, "enabler", document="elsewhere")]
    table = agreement(pd.DataFrame(rows), units=units_table(2), bootstrap=0)
    assert [i.code for i in table.attrs["issues"]] == ["W701"]


def test_units_table_maps_codings_by_span_overlap():
    rows = [{"document": "d1", "start": 3, "end": 14, "code": "enabler", "coder": "ana"},
            {"document": "d1", "start": 12, "end": 13, "code": "enabler", "coder": "budi"}]
    table = agreement(pd.DataFrame(rows), units=units_table(3), coverage="all", bootstrap=0,
                      decimals=None)
    # ana marks segments 0 and 1, budi segment 1
    assert row(table, "enabler")["percent_agreement"] == pytest.approx(2 / 3)


def test_errors():
    with pytest.raises(AnalysisError, match="at least two coders, found 1 \\(ana\\)"):
        agreement(TWO[TWO["coder"] == "ana"])
    with pytest.raises(AnalysisError, match="unknown dimension\\(s\\): roles") as info:
        agreement(TWO, codebook=CODEBOOK, dimensions=["roles"])
    assert "known dimensions: role, stage, obstacle" in str(info.value)
    with pytest.raises(CodingsError, match="no segment number") as info:
        agreement(TWO.assign(segment=""))
    assert "--units" in str(info.value)
    overlapping = pd.DataFrame({"document": ["d1", "d1"], "segment": [0, 1], "start": [0, 5],
                                "end": [10, 20]})
    with pytest.raises(CodingsError, match=r"units 0 \(units, row 1, 0-10\) and 1 \(units, "
                       r"row 2, 5-20\) of document d1 overlap"):
        agreement(TWO, units=overlapping)
    with pytest.raises(CodingsError, match="lacks column\\(s\\) code"):
        agreement(TWO.drop(columns="code"))
    with pytest.raises(AnalysisError, match="unknown unit 'word'"):
        agreement(TWO, unit="word")


def test_wide_table_reproduces_krippendorff_example():
    table = pd.DataFrame({
        "unit": [str(i) for i in range(1, 13)],
        "A": ["1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""],
        "B": ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"],
        "C": ["*", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""],
        "D": ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""],
    })
    result = agreement_wide(table, name="example", bootstrap=0)
    only = result.iloc[0]
    assert round(only["krippendorff_alpha"], 3) == 0.743
    assert (only["item"], only["unit"], only["n_units"], only["n_pairable"]) == (
        "example", "unit", 12, 11)
    with pytest.raises(AnalysisError, match="appears more than once"):
        agreement_wide(pd.concat([table, table]))


def test_tables_numbering_segments_differently_are_refused():
    # budi's table was segmented by sentences: his segment 3 is where ana's segment 1 is
    ana = [coding("ana", k, "enabler", width=30) for k in range(4)]
    budi = [coding("budi", k, "enabler", width=10) for k in range(12)]
    with pytest.raises(CodingsError, match="number segments differently: in document d1, a "
                       "coding of segment 1 starts at character 30, after one of segment 2"):
        agreement(pd.DataFrame(ana + budi), codebook=CODEBOOK, bootstrap=0)


def test_hand_codings_inside_one_segment_are_the_same_numbering():
    # within segment 1 (characters 10-20) ana and budi code different words, and budi's
    # coding of segment 2 runs on into segment 3: the same segmentation
    rows = [
        {"document": "d1", "segment": 1, "start": 10, "end": 13, "code": "enabler",
         "coder": "ana"},
        {"document": "d1", "segment": 1, "start": 16, "end": 19, "code": "enabler",
         "coder": "budi"},
        {"document": "d1", "segment": 2, "start": 24, "end": 37, "code": "advocate",
         "coder": "budi"},
        {"document": "d1", "segment": 3, "start": 30, "end": 40, "code": "advocate",
         "coder": "ana"},
    ]
    table = agreement(pd.DataFrame(rows), codebook=CODEBOOK, bootstrap=0)
    assert set(table["item"]) >= {"enabler", "advocate"}


def test_coders_without_a_document_in_common_get_a_warning():
    rows = pd.DataFrame([coding("ana", 0, "enabler", document="d1"),
                         coding("budi", 0, "enabler", document="d2")])
    table = agreement(rows, codebook=CODEBOOK, bootstrap=0)
    assert [i.code for i in table.attrs["issues"]] == ["W704"]
    assert table["n_pairable"].fillna(0).eq(0).all()
    both = agreement(rows, codebook=CODEBOOK, bootstrap=0, coverage="all")
    assert [i.code for i in both.attrs["issues"]] == []


def test_malformed_positions_are_named_with_their_rows():
    from qualcode.analysis.frames import normalise_codings

    table = pd.DataFrame({"document": ["d", "d", "d", "d"], "code": ["a"] * 4,
                          "segment": ["1", "-5", "2.5", ""], "start": ["0", "", "", "-1"]})
    with pytest.raises(CodingsError) as caught:
        normalise_codings(table, name="x.csv")
    assert [(i.code, i.where, i.message) for i in caught.value.issues] == [
        ("E702", "row 2", "segment '-5' is negative"),
        ("E702", "row 3", "segment '2.5' is not a whole number")]
    fine = normalise_codings(table.drop(index=[1, 2]), name="x.csv")
    assert fine["segment"].tolist() == [1, -1] and fine["start"].tolist() == [0, -1]


def test_one_dimension_or_coder_is_one_name_not_its_letters():
    one = agreement(TWO, codebook=CODEBOOK, bootstrap=0, dimensions="role")
    listed = agreement(TWO, codebook=CODEBOOK, bootstrap=0, dimensions=["role"])
    pd.testing.assert_frame_equal(one, listed)
    assert list(one.loc[one["kind"] == "dimension", "item"].unique()) == ["role"]
    # a coder who coded nothing, named alone, is one more coder under coverage all
    table = agreement(TWO, units=units_table(5), bootstrap=0, coverage="all", coders="citra",
                      dimensions=[])
    assert set(table["n_coders"]) == {3}


def test_bootstrap_options_are_checked():
    with pytest.raises(AnalysisError, match="level must be a number between 0 and 1, not int 95"):
        agreement(TWO, codebook=CODEBOOK, level=95)
    with pytest.raises(AnalysisError, match="bootstrap must be 0 or more, not -5"):
        agreement(TWO, codebook=CODEBOOK, bootstrap=-5)
    wide = pd.DataFrame({"unit": [1, 2, 3], "ana": ["a", "b", "a"], "budi": ["a", "b", "b"]})
    with pytest.raises(AnalysisError, match="seed must be a whole number, not NoneType"):
        agreement_wide(wide, seed=None)


def test_codes_the_codebook_lacks_are_named_with_their_file_and_line():
    from qualcode.origin import mark_origin

    ana = mark_origin(pd.DataFrame([coding("ana", 0, "enabler"), coding("ana", 1, "enablr")]),
                      "ana.csv")
    budi = pd.DataFrame([coding("budi", 0, "enabler"), coding("budi", 1, "enablr"),
                         coding("budi", 2, "zzz")])
    table = agreement(pd.concat([ana, budi], ignore_index=True), codebook=CODEBOOK,
                      bootstrap=0)
    assert [(i.code, i.path, i.line, i.where, i.message, i.hint)
            for i in table.attrs["issues"] if i.code == "W702"] == [
        ("W702", "codings", None, "row 2", "code 'enablr' is not in the codebook study "
         "(2 coding(s)); it is counted as a code of its own, after the codebook's",
         "did you mean 'enabler'? correct the code, or add it to the codebook"),
        ("W702", "codings", None, "row 5", "code 'zzz' is not in the codebook study "
         "(1 coding(s)); it is counted as a code of its own, after the codebook's",
         "correct the code, or add it to the codebook")]
    placed = agreement(pd.concat([ana, ana.assign(coder="budi")], ignore_index=True)
                       .pipe(mark_origin, "both.csv"), codebook=CODEBOOK, bootstrap=0)
    assert [(i.path, i.line) for i in placed.attrs["issues"] if i.code == "W702"] == [
        ("both.csv", 3)]


def test_a_coder_without_codings_is_an_error_under_coverage_documents():
    # with two other coders left, the third must not be dropped silently
    with pytest.raises(AnalysisError) as caught:
        agreement(TWO, bootstrap=0, coders=["ana", "budi", "citra"])
    assert "citra coded nothing" in str(caught.value)
    assert "--coverage all" in caught.value.hint
    with pytest.raises(AnalysisError, match="coder citra"):
        find_disagreements(pd.concat([TWO, pd.DataFrame([{**coding("citra", 0, "enabler"),
                                                          "status": "rejected"}])]),
                           coders=["ana", "budi", "citra"])
    # under coverage all the same coder found nothing to code: three coders
    table = agreement(TWO, bootstrap=0, coverage="all", coders=["ana", "budi", "citra"])
    assert set(table["n_coders"]) == {3}


def test_wide_values_are_read_without_the_spaces_around_them():
    table = pd.DataFrame({"unit": ["u1", "u2", "u3"], "A": ["no ", " yes", "no"],
                          "B": ["no", "yes", " no "]})
    only = agreement_wide(table, bootstrap=0).iloc[0]
    assert only["percent_agreement"] == 1.0
    with pytest.raises(AnalysisError, match="unit 'u1' appears more than once"):
        agreement_wide(table.assign(unit=["u1", "u1 ", "u3"]), bootstrap=0)
