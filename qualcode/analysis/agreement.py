"""Inter-coder agreement of codings tables: per code, pooled, and per dimension.

:func:`agreement` turns the codings of two or more coders into units x coders tables
(:mod:`qualcode.analysis.coded_units`) and reports every coefficient of
:mod:`qualcode.analysis.reliability` for

- each code, as a binary variable (present / absent on each unit);
- ``(mean of codes)``: the unweighted mean of the per-code values;
- ``(pooled decisions)``: all (unit, code) decisions stacked into one binary variable (alpha's
  interval resamples whole units, with all their codes);
- each dimension treated as one nominal variable (see :func:`agreement`).

Each is computed over ``all`` units (only with a units table) and over the units ``coded`` by at
least one coder with at least one code, so long stretches of text nobody coded cannot inflate the
figures. :func:`agreement_wide` does the same for a generic reliability table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.coded_units import CodedUnits, code_units
from qualcode.analysis.codetree import CodeTree, code_tree
from qualcode.analysis.frames import (
    coders_of,
    normalise_codings,
    normalise_units,
    place_text,
    source_name,
    with_places,
)
from qualcode.analysis.inputs import unknown_code_issues
from qualcode.analysis.reliability import (
    MISSING,
    ReliabilityData,
    alpha_parts,
    bootstrap_alpha_samples,
    check_bootstrap,
    percentile_interval,
    reliability,
    reliability_data,
)
from qualcode.arguments import as_names, renamed_keyword
from qualcode.errors import AnalysisError, Issue
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AGREEMENT_COLUMNS", "MEASURES", "agreement", "agreement_wide"]

MEASURES = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha",
            "alpha_low", "alpha_high", "brennan_prediger", "gwet_ac1")
AGREEMENT_COLUMNS = ("item", "kind", "dimension", "subset", "unit", "n_coders", "n_units",
                     "n_units_coded", "n_pairable", *MEASURES)
MEAN_ROW = "(mean of codes)"
POOLED_ROW = "(pooled decisions)"
NONE_VALUE = "(none)"
ABSENT_CHOICES = ("missing", "category")


def _row(item: str, kind: str, dimension: str, data: ReliabilityData, q: int | None,
         interval: tuple[float, float]) -> dict[str, Any]:
    values = reliability(data, n_categories=q, bootstrap=0).as_dict()
    values["alpha_low"], values["alpha_high"] = interval
    values.pop("n_values")
    return {"item": item, "kind": kind, "dimension": dimension, **values}


def _dimension_values(cu: CodedUnits, tree: CodeTree, dimension: str, absent: str,
                      explicit: bool, issues: list[Issue]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Units x coders category indices of ``dimension`` as one nominal variable."""
    categories = tuple(tree.codes_in(dimension))
    if absent == "category":
        categories = (*categories, NONE_VALUE)
    position = {c: i for i, c in enumerate(categories)}
    columns = [k for k, c in enumerate(cu.codes) if tree.dimension.get(c) == dimension]
    given = cu.most_specific(tree)[:, :, columns]
    n_given = given.sum(axis=2)
    which = np.array([position[cu.codes[k]] for k in columns], dtype=np.int64)
    values = np.full(n_given.shape, MISSING, dtype=np.int64)
    if columns:
        single = n_given == 1
        values[single] = which[given.argmax(axis=2)[single]]
    if absent == "category":
        values[n_given == 0] = position[NONE_VALUE]
    values[~cu.covered] = MISSING
    several = (n_given >= 2) & cu.covered
    for j, coder in enumerate(cu.coders):
        hits = np.flatnonzero(several[:, j])
        if hits.size:
            first = cu.index.iloc[hits[0]]
            where = f"{first['document']} " + (f"segment {first['segment']}"
                                              if "segment" in cu.index.columns
                                              else f"characters {first['start']}-{first['end']}")
            names = ", ".join(cu.codes[columns[k]] for k in np.flatnonzero(given[hits[0], j]))
            kind = "exclusive " if dimension in tree.exclusive else ""
            issues.append(Issue(
                "W703", f"coder {coder} gave several codes of {kind}dimension {dimension} to "
                f"{int(cu.weights[hits].sum())} {cu.unit}(s) (first: {where}: {names}); "
                "those decisions count as missing", where=dimension,
                hint="decide on one code per unit" if not explicit or kind else
                "treat this dimension per code instead of as one variable",
                severity="warning",
            ))
    return values, categories


def _variables(cu: CodedUnits, tree: CodeTree, roll_up: bool, dimensions: Sequence[str],
               absent: str, explicit: bool, issues: list[Issue]):
    present = cu.rolled_up(tree) if roll_up else cu.present
    used = [k for k in range(len(cu.codes)) if present[:, :, k].any()]
    binary = [np.where(cu.covered, present[:, :, k].astype(np.int64), MISSING) for k in used]
    dims = [(d, *_dimension_values(cu, tree, d, absent, explicit, issues)) for d in dimensions]
    return [cu.codes[k] for k in used], binary, dims


def _choose_dimensions(tree: CodeTree, dimensions: Sequence[str] | None) -> list[str]:
    if dimensions is None:
        return [d for d in tree.dimensions if d in tree.exclusive]
    unknown = [d for d in dimensions if d not in tree.dimensions]
    if unknown:
        known = ", ".join(tree.dimensions) or "none (no codebook and no group column)"
        raise AnalysisError(f"unknown dimension(s): {', '.join(unknown)}",
                            hint=f"known dimensions: {known}")
    return list(dict.fromkeys(dimensions))


def agreement(
    codings: pd.DataFrame,
    *,
    units: pd.DataFrame | None = None,
    unit: str = "segment",
    codebook: Codebook | None = None,
    dimensions: str | Sequence[str] | None = None,
    absent: str = "missing",
    roll_up: bool | None = None,
    coverage: str = "documents",
    bootstrap: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    coders: str | Sequence[str] | None = None,
    decimals: int | None = 3,
    rollup: bool | None = None,
) -> pd.DataFrame:
    """Agreement between the coders of a codings table.

    Args:
        codings: Codings of two or more coders (``coder`` column), in the canonical columns.
        units: A segments table (``document, segment, start, end``) listing every unit, coded or
            not. Without it the units are only those some coder coded.
        unit: ``segment`` (a document's segment) or ``character`` (each character position).
        codebook: Gives code order, parents and dimensions; else ``code_path`` and ``group``.
        dimensions: Dimensions (one or several) to analyse as one nominal variable each (value =
            the code a coder gave the unit in that dimension); default the codebook's exclusive
            dimensions. A coder giving two codes of the dimension to one unit gets a warning
            and a missing value.
        absent: For dimensions: a covered unit a coder gave no code of the dimension is
            ``missing`` (default: alpha then measures which code, among units coded in the
            dimension) or the ``category`` ``(none)``.
        roll_up: A child code also marks its parent (so parents are compared too);
            default yes.
        coverage: ``documents``: a coder's decisions are missing in documents they coded nothing
            in; ``all``: every coder read every unit.
        bootstrap: Draws for alpha's interval (0: none).
        seed: Bootstrap seed, 0 or more (deterministic results). Each code, dimension and the
            pooled decisions are bootstrapped on their own, so a row's interval depends on its
            own data and the seed alone, not on the other codes in the table.
        level: Interval coverage, between 0 and 1 (0.95).
        coders: Every coder, in order, also those who coded nothing (a file with no codings);
            default: those the table was read with
            (:func:`qualcode.io.coded_tables.read_codings_files`), else those of the ``coder``
            column.
        decimals: Rounding of the coefficients and the interval, as the analysis tables round
            theirs (``None`` keeps full precision).
        rollup: Deprecated: the old name of ``roll_up``.

    Returns:
        One row per (subset, item) in :data:`AGREEMENT_COLUMNS`; ``attrs["issues"]`` holds
        warnings.

    Raises:
        AnalysisError: If there are fewer than two coders, an option is unknown, or
            ``bootstrap``, ``seed`` or ``level`` is out of range, or ``roll_up`` and
            ``rollup`` disagree.
        CodingsError: If the tables are malformed.
    """
    import pandas as pd

    roll_up = renamed_keyword(roll_up, rollup, name="roll_up", old_name="rollup",
                              error=AnalysisError)
    check_table(codings, "codings")
    check_table(units, "units", optional=True)
    check_codebook(codebook)

    if absent not in ABSENT_CHOICES:
        raise AnalysisError(f"unknown absent={absent!r}",
                            hint=f"choose one of {', '.join(ABSENT_CHOICES)}")
    check_bootstrap(bootstrap, seed, level, draws_name="bootstrap")
    if dimensions is not None:
        dimensions = as_names(dimensions, "dimensions", AnalysisError)
    frame = normalise_codings(codings)
    unit_table = normalise_units(units) if units is not None else None
    coders = coders_of(frame, coders, coverage, "agreement", codings)
    tree = code_tree([frame], codebook)
    chosen = _choose_dimensions(tree, dimensions)
    cu = code_units(frame, tree, units=unit_table, unit=unit, coverage=coverage, coders=coders)
    issues = [*frame.attrs.get("issues", ()), *cu.issues]
    if codebook is not None:
        issues += unknown_code_issues(frame, codebook)
    if len(cu.covered) and not (cu.covered.sum(axis=1) >= 2).any():
        issues.append(Issue(
            "W704", "no unit was read by two coders, so every coefficient is undefined: the "
            "coders coded no document in common", severity="warning",
            hint="check that the files code the same documents; if every coder read every "
            "document, pass --coverage all"))
    codes, binary, dims = _variables(cu, tree, roll_up, chosen, absent, dimensions is not None,
                                     issues)
    weights = cu.weights
    coded = cu.coded()
    subsets = [("all", np.ones(len(weights), dtype=bool))] if cu.complete else []
    subsets.append(("coded", coded))
    rows: list[dict[str, Any]] = []
    for subset, mask in subsets:
        w = weights[mask]
        datas = [ReliabilityData(v[mask], w, ("absent", "present")) for v in binary]
        dim_datas = [ReliabilityData(v[mask], w, cats) for _, v, cats in dims]
        parts = [alpha_parts(d) for d in datas]
        pooled_parts: np.ndarray = sum(parts, np.zeros((int(mask.sum()), 3)))
        draw = (w, bootstrap, seed, level)
        block: list[dict[str, Any]] = []
        for code, data, variable in zip(codes, datas, parts, strict=True):
            block.append(_row(code, "code", tree.dimension.get(code, ""), data, 2,
                              _interval(variable, *draw)))
        # the mean of codes is one statistic of all of them: its draws resample the units
        # with every code at once
        block.append(_mean_row(block, bootstrap_alpha_samples(parts, w, draws=bootstrap,
                                                              seed=seed), level))
        stacked = ReliabilityData(
            np.concatenate([d.values for d in datas]) if datas else np.zeros((0, len(coders)),
                                                                           dtype=np.int64),
            np.tile(w, len(datas)), ("absent", "present"))
        block.append(_row(POOLED_ROW, "pooled", "", stacked, 2, _interval(pooled_parts, *draw)))
        for (dim, _, cats), data in zip(dims, dim_datas, strict=True):
            block.append(_row(dim, "dimension", dim, data, len(cats),
                              _interval(alpha_parts(data), *draw)))
        for row in block:
            row.update(subset=subset, unit=unit, n_coders=len(coders), n_units=int(weights.sum()),
                       n_units_coded=int(weights[coded].sum()))
        rows.extend(block)
    table = _rounded(pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS)), decimals)
    table.attrs["issues"] = tuple(issues)
    table.attrs["complete"] = cu.complete
    return table


def _rounded(table: pd.DataFrame, decimals: int | None) -> pd.DataFrame:
    """``table`` with its :data:`MEASURES` rounded to ``decimals`` places (as :func:`round`
    rounds, so a table shows what the terminal prints; ``-0.0`` as ``0.0``), unless ``None``."""
    if decimals is not None:
        for measure in MEASURES:
            table[measure] = [round(float(v), decimals) + 0.0 for v in table[measure]]
    return table


def _interval(variable: np.ndarray, weights: np.ndarray, draws: int, seed: int,
              level: float) -> tuple[float, float]:
    """Alpha's interval for one variable (its :func:`alpha_parts`), bootstrapped on its own:
    it depends on that variable's data and the seed alone, never on the other codes."""
    samples = bootstrap_alpha_samples([variable], weights, draws=draws, seed=seed)
    return percentile_interval(samples[:, 0], level)


def _mean_row(block: list[dict[str, Any]], samples: np.ndarray, level: float) -> dict[str, Any]:
    row: dict[str, Any] = {"item": MEAN_ROW, "kind": "pooled", "dimension": ""}
    for measure in ("n_pairable", *MEASURES):
        values = np.array([r[measure] for r in block], dtype=float)
        values = values[~np.isnan(values)]
        reduce = np.max if measure == "n_pairable" else np.mean
        row[measure] = float(reduce(values)) if values.size else math.nan
    row["n_pairable"] = int(row["n_pairable"]) if not math.isnan(row["n_pairable"]) else 0
    if samples.shape[1]:
        finite = ~np.isnan(samples)
        count = finite.sum(axis=1)
        means = np.full(samples.shape[0], math.nan)
        np.divide(np.where(finite, samples, 0.0).sum(axis=1), count, out=means, where=count > 0)
        row["alpha_low"], row["alpha_high"] = percentile_interval(means, level)
    else:
        row["alpha_low"] = row["alpha_high"] = math.nan
    return row


def _stripped(value: Any) -> Any:
    """A cell without the spaces around it, if it is text."""
    return value.strip() if isinstance(value, str) else value


def agreement_wide(
    table: pd.DataFrame,
    *,
    unit_column: str | None = None,
    name: str = "value",
    n_categories: int | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    decimals: int | None = 3,
) -> pd.DataFrame:
    """Agreement on a generic reliability table: one row per unit, one column per coder.

    Args:
        table: A unit column and one column per coder holding category values; empty cells (or
            ``*``, as in Krippendorff's examples) are missing. Spaces around a unit or value
            do not count (``no `` is ``no``).
        unit_column: The unit column; default the first column.
        name: The item name in the result (e.g. the file name).
        n_categories: ``q`` for Brennan-Prediger and AC1; default the categories observed, and
            never fewer.
        bootstrap: Draws for alpha's interval (0: none).
        seed: Bootstrap seed.
        level: Interval coverage.
        decimals: Rounding of the coefficients and the interval (``None``: full precision).

    Returns:
        One row in :data:`AGREEMENT_COLUMNS` (kind ``variable``, unit = the unit column's name).

    Raises:
        AnalysisError: If the unit column is unknown or repeats a unit, fewer than two coder
            columns remain, ``n_categories`` is fewer than the categories observed, or
            ``bootstrap``, ``seed`` or ``level`` is out of range.
    """
    import pandas as pd

    check_table(table, "table")

    check_bootstrap(bootstrap, seed, level, draws_name="bootstrap")
    source = source_name(table, name)
    column = unit_column or (str(table.columns[0]) if len(table.columns) else "")
    if column not in table.columns:
        raise AnalysisError(f"{source}: no unit column {column!r}",
                            hint=f"columns: {', '.join(map(str, table.columns))}")
    placed = with_places(table, source)
    units = table[column].map(_stripped)
    repeated = np.flatnonzero(units.duplicated().to_numpy())
    if repeated.size:
        first = int(np.flatnonzero((units == units.iat[repeated[0]]).to_numpy())[0])
        raise AnalysisError(
            f"{place_text(placed, int(repeated[0]))}: unit {units.iat[repeated[0]]!r} "
            f"appears more than once in the column {column} (first at "
            f"{place_text(placed, first)})",
            hint="give each unit one row and each coder one column")
    coders = [c for c in table.columns if c != column]
    if len(coders) < 2:
        raise AnalysisError(f"{source}: agreement needs at least two coder columns, found "
                            f"{len(coders)}",
                            hint="one column for the unit, then one column per coder")
    cells = table[coders].astype(object).where(table[coders].notna(), None)
    # spaces around a value do not make another category, as in codings tables
    cells = cells.map(_stripped).map(lambda v: None if v in ("", "*") else v)
    if not cells.notna().to_numpy().any():
        raise AnalysisError(
            f"{source}: no coder gave any unit a value ({len(table)} row(s), every coder cell "
            "empty or *)" if len(table) else f"{source}: the table has a header but no units",
            hint="one row per unit: the unit, then each coder's category value")
    data = reliability_data(cells.to_numpy())
    result = reliability(data, n_categories=n_categories, bootstrap=bootstrap, seed=seed,
                         level=level).as_dict()
    result.pop("n_values")
    n_coded = int((data.values != MISSING).any(axis=1).sum())
    row = {"item": name, "kind": "variable", "dimension": "", "subset": "all", "unit": column,
           "n_coders": len(coders), "n_units": len(table), "n_units_coded": n_coded, **result}
    out = _rounded(pd.DataFrame([row], columns=list(AGREEMENT_COLUMNS)), decimals)
    out.attrs["issues"] = ()
    out.attrs["complete"] = True
    return out
