"""Reliability coefficients against published worked examples and the krippendorff package."""

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis.reliability import (
    bootstrap_alpha,
    brennan_prediger,
    cohen_kappa,
    coincidence_matrix,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    reliability,
    reliability_data,
)
from qualcode.errors import AnalysisError

N = None
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": observers A-D (columns here)
# over units 1-12 (rows here), values 1-5, None = missing.
KRIPPENDORFF = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
], dtype=object).T

# Fleiss (1971) as reproduced on Wikipedia: 10 subjects, 14 raters, counts per category 1-5.
FLEISS_COUNTS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def fleiss_rows():
    return [[k + 1 for k, n in enumerate(row) for _ in range(n)] for row in FLEISS_COUNTS]


def two_by_two(both_yes, yes_no, no_yes, both_no):
    """Rows for a 2x2 table: coder 1 then coder 2."""
    return ([["y", "y"]] * both_yes + [["y", "n"]] * yes_no + [["n", "y"]] * no_yes
            + [["n", "n"]] * both_no)


def test_krippendorff_worked_example():
    assert krippendorff_alpha(KRIPPENDORFF) == pytest.approx(904 / 1216)
    assert round(krippendorff_alpha(KRIPPENDORFF), 3) == 0.743


def test_krippendorff_coincidence_matrix():
    third = 1 / 3
    expected = np.array([
        [7, 4 * third, third, third, 0],
        [4 * third, 10, 4 * third, third, 0],
        [third, 4 * third, 8, third, 0],
        [third, third, third, 4, 0],
        [0, 0, 0, 0, 3],
    ])
    np.testing.assert_allclose(coincidence_matrix(KRIPPENDORFF), expected)
    assert coincidence_matrix(KRIPPENDORFF).sum() == pytest.approx(40)


def test_fleiss_worked_example():
    rows = fleiss_rows()
    assert round(fleiss_kappa(rows), 3) == 0.210
    assert round(percent_agreement(rows), 3) == 0.378
    assert fleiss_kappa(rows) == pytest.approx(0.2099307044)


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        ((20, 5, 10, 15), 0.4),
        ((45, 15, 25, 15), 0.06 / 0.46),
        ((25, 35, 5, 35), 0.14 / 0.54),
        ((10, 0, 0, 10), 1.0),
        ((0, 10, 10, 0), -1.0),
    ],
)
def test_cohen_kappa_two_by_two(table, kappa):
    assert cohen_kappa(two_by_two(*table)) == pytest.approx(kappa)


def test_brennan_prediger_and_ac1_by_hand():
    rows = two_by_two(20, 5, 10, 15)
    assert percent_agreement(rows) == pytest.approx(0.7)
    assert brennan_prediger(rows) == pytest.approx(0.4)
    # pi_yes = (25/50 + 30/50) / 2 = 0.55; chance = 2 * 0.55 * 0.45 / (2 - 1) = 0.495
    assert gwet_ac1(rows) == pytest.approx((0.7 - 0.495) / 0.505)
    # q = 4 possible categories: chance 1/4
    assert brennan_prediger(rows, n_categories=4) == pytest.approx((0.7 - 0.25) / 0.75)


def test_missing_values_use_pairable_units_only():
    rows = [["a", "a", None], ["a", "b", "b"], [None, None, "a"], ["b", None, "b"]]
    # pairable: unit 1 (1 agreeing pair of 1), unit 2 (1 of 3), unit 4 (1 of 1)
    assert percent_agreement(rows) == pytest.approx((1 + 1 / 3 + 1) / 3)
    # pi over units with a value: a = (1 + 1/3 + 1 + 0) / 4, b = (0 + 2/3 + 0 + 1) / 4
    pa, pi_a, pi_b = 7 / 9, 7 / 12, 5 / 12
    assert fleiss_kappa(rows) == pytest.approx((pa - (pi_a**2 + pi_b**2)) / (1 - pi_a**2 - pi_b**2))
    two = [["a", "a"], ["a", None], ["b", "b"], ["a", "b"]]
    assert cohen_kappa(two) == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))


def test_complete_data_fleiss_equals_textbook_formula():
    rng = np.random.default_rng(3)
    table = rng.integers(0, 3, size=(30, 4))
    counts = np.stack([(table == k).sum(axis=1) for k in range(3)], axis=1)
    n = 4
    p_i = ((counts * (counts - 1)).sum(axis=1)) / (n * (n - 1))
    p_j = counts.sum(axis=0) / counts.sum()
    expected = (p_i.mean() - (p_j**2).sum()) / (1 - (p_j**2).sum())
    assert fleiss_kappa(table) == pytest.approx(expected)


def test_weights_stand_for_repeated_units():
    rows = [["a", "a"], ["a", "b"], ["b", "b"]]
    repeated = [rows[0]] * 3 + [rows[1]] * 2 + [rows[2]] * 5
    weighted = reliability_data(rows, weights=[3, 2, 5])
    for measure in (percent_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha, gwet_ac1,
                    brennan_prediger):
        assert measure(weighted) == pytest.approx(measure(repeated))


def test_undefined_coefficients_are_nan():
    same = [["a", "a"], ["a", "a"]]
    assert percent_agreement(same) == 1.0
    for measure in (cohen_kappa, fleiss_kappa, krippendorff_alpha):
        assert math.isnan(measure(same))
    assert math.isnan(percent_agreement([["a", None], [None, "b"]]))
    # with the categories declared, BP and AC1 are defined for binary codes
    data = reliability_data(same, categories=["a", "b"])
    assert brennan_prediger(data) == 1.0 and gwet_ac1(data) == 1.0


def test_errors_name_the_problem():
    with pytest.raises(AnalysisError, match="exactly two coders"):
        cohen_kappa(KRIPPENDORFF)
    with pytest.raises(AnalysisError, match="units x coders"):
        reliability_data([1, 2, 3])
    with pytest.raises(AnalysisError, match="weights"):
        reliability_data([[1, 1]], weights=[0.5])
    with pytest.raises(AnalysisError, match="not one of the categories"):
        reliability_data([["a", "c"]], categories=["a", "b"])


def test_bootstrap_is_deterministic_and_brackets_alpha():
    first = bootstrap_alpha(KRIPPENDORFF, draws=500, seed=7)
    assert first == bootstrap_alpha(KRIPPENDORFF, draws=500, seed=7)
    assert first != bootstrap_alpha(KRIPPENDORFF, draws=500, seed=8)
    low, high = first
    assert low < krippendorff_alpha(KRIPPENDORFF) < high <= 1.0


def test_bootstrap_with_clusters_resamples_whole_groups():
    rows = [["a", "a"], ["b", "b"], ["a", "b"], ["b", "a"]]
    # one cluster holding every row: each draw repeats the whole table, alpha never changes
    low, high = bootstrap_alpha(rows, draws=50, clusters=[0, 0, 0, 0])
    assert low == pytest.approx(krippendorff_alpha(rows)) == pytest.approx(high)


def test_the_interval_depends_on_the_units_values_and_the_seed_alone():
    rows = [["a", "a"], ["a", "b"], ["b", "b"], ["a", "a"], ["b", "a"], ["b", "b"], ["c", "c"],
            ["a", "c"], ["c", "c"], ["a", "a"]]
    first = bootstrap_alpha(rows, draws=300, seed=4)
    # the same units listed in another order, or equal units as one row with their weight
    assert bootstrap_alpha(rows[::-1], draws=300, seed=4) == first
    merged = reliability_data([["a", "a"], ["a", "b"], ["b", "b"], ["b", "a"], ["c", "c"],
                               ["a", "c"]], weights=[3, 1, 2, 1, 2, 1])
    assert bootstrap_alpha(merged, draws=300, seed=4) == first


def test_reliability_bundles_every_measure():
    result = reliability(KRIPPENDORFF, bootstrap=200, seed=1)
    assert result.n_pairable == 11 and result.n_values == 40
    assert result.krippendorff_alpha == pytest.approx(904 / 1216)
    assert math.isnan(result.cohen_kappa)
    assert list(result.as_dict())[:3] == ["n_pairable", "n_values", "percent_agreement"]


def _package_alpha(rows):
    table = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    return krippendorff.alpha(reliability_data=table.T, level_of_measurement="nominal")


def _usable(rows):
    pairable = [[v for v in row if v is not None] for row in rows]
    values = {v for row in pairable if len(row) >= 2 for v in row}
    return len(values) >= 2


def test_alpha_matches_krippendorff_package_on_random_tables():
    rng = np.random.default_rng(2024)
    checked = 0
    for _ in range(60):
        units, coders = rng.integers(2, 40), rng.integers(2, 6)
        table = rng.integers(0, rng.integers(2, 6), size=(units, coders)).astype(object)
        table[rng.random((units, coders)) < 0.25] = None
        rows = table.tolist()
        if _usable(rows):
            assert krippendorff_alpha(rows) == pytest.approx(_package_alpha(rows))
            checked += 1
    assert checked > 40


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=3, max_size=3),
                min_size=2, max_size=25))
def test_alpha_matches_krippendorff_package_property(rows):
    if _usable(rows):
        assert krippendorff_alpha(rows) == pytest.approx(_package_alpha(rows))


def test_n_categories_below_the_categories_held_is_refused():
    rows = [[1, 2], [3, 4], [5, 6], [1, 1]]  # six categories
    for measure in (gwet_ac1, brennan_prediger):
        with pytest.raises(AnalysisError, match="n_categories=2 is fewer than the 6 categories "
                           "the data holds") as info:
            measure(rows, n_categories=2)
        assert "pass n_categories=6 or more" in str(info.value)
        with pytest.raises(AnalysisError, match="n_categories must be a whole number"):
            measure(rows, n_categories=6.5)
    with pytest.raises(AnalysisError, match="fewer than the 6 categories"):
        reliability(rows, n_categories=5, bootstrap=0)
    # declared categories nobody used do not count: two held, q = 2 is allowed
    data = reliability_data([["a", "a"], ["b", "a"]], categories=["a", "b", "c"])
    assert brennan_prediger(data, n_categories=2) == pytest.approx((0.5 - 0.5) / 0.5)
    assert -1.0 <= gwet_ac1(rows, n_categories=6) <= 1.0


def test_bootstrap_options_are_checked_before_any_work():
    with pytest.raises(AnalysisError, match="level must be a number between 0 and 1, not int 2"):
        bootstrap_alpha(KRIPPENDORFF, level=2)
    for level in (0, 1.0, -0.5, float("nan"), "0.95", True):
        with pytest.raises(AnalysisError, match="level must be a number between 0 and 1"):
            bootstrap_alpha(KRIPPENDORFF, level=level)
    with pytest.raises(AnalysisError, match="draws must be 0 or more, not -1"):
        bootstrap_alpha(KRIPPENDORFF, draws=-1)
    with pytest.raises(AnalysisError, match=r"draws must be a whole number, not float 10\.5"):
        bootstrap_alpha(KRIPPENDORFF, draws=10.5)
    with pytest.raises(AnalysisError, match="seed must be a whole number, not str 'x'"):
        bootstrap_alpha(KRIPPENDORFF, seed="x")
    with pytest.raises(AnalysisError, match="seed must be 0 or more, not -3"):
        reliability(KRIPPENDORFF, seed=-3)
    with pytest.raises(AnalysisError, match="bootstrap must be 0 or more, not -1"):
        reliability(KRIPPENDORFF, bootstrap=-1)
    with pytest.raises(AnalysisError, match="level must be a number between 0 and 1"):
        reliability(KRIPPENDORFF, bootstrap=0, level=95)
    assert bootstrap_alpha(KRIPPENDORFF, draws=np.int64(50), seed=np.int64(1), level=0.9) == \
        bootstrap_alpha(KRIPPENDORFF, draws=50, seed=1, level=0.9)
