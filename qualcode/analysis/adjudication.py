"""Adjudicating disagreements: list the units where coders differ, then merge the decisions into
a consensus coder's codings.

A unit is *settled* when every coder coded its document and all gave it the same codes (compared
at their most specific: a coder who adds a parent next to its child says nothing more); every
other unit is listed with each coder's codes, the codes they all agree on, and an empty
``decision`` column. In the decision column an adjudicator writes the codes the unit gets
(separated by ``;`` or ``,``), ``-`` for no code, or nothing to keep the codes all coders agree on.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.coded_units import code_units
from qualcode.analysis.codetree import code_tree
from qualcode.analysis.frames import (
    coders_of,
    normalise_codings,
    normalise_units,
    split_codes,
)
from qualcode.cells import POSITION_HINT, bad_position, position_values
from qualcode.errors import CodingsError, Issue
from qualcode.model import Codebook
from qualcode.origin import ORIGIN, row_line

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NOT_CODED", "NO_CODE", "Disagreements", "adjudicate", "find_disagreements"]

NOT_CODED = "(not coded)"
NO_CODE = "-"
_UNIT_COLUMNS = ("document", "case", "segment", "start", "end", "speaker", "text")


@dataclass(frozen=True, slots=True, eq=False)
class Disagreements:
    """Units to adjudicate and units already settled.

    Attributes:
        disagreements: ``document, case, segment, start, end, speaker, text``, one column of codes
            per coder (``(not coded)`` when the coder did not code the document), ``agreed`` and
            an empty ``decision``.
        agreements: Settled units with their ``codes``.
        codes: ``code, code_path, group`` of every code that may be used.
        coders: The coders, in order (their columns in :attr:`disagreements`).
    """

    disagreements: pd.DataFrame
    agreements: pd.DataFrame
    codes: pd.DataFrame
    coders: tuple[str, ...]


def find_disagreements(
    codings: pd.DataFrame,
    *,
    units: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    coverage: str = "documents",
    coders: str | Sequence[str] | None = None,
) -> Disagreements:
    """Find the segments where coders differ.

    Args:
        codings: Codings of two or more coders (``coder`` column).
        units: A segments table (else the segments someone coded).
        codebook: Code order, parents and dimensions.
        coverage: ``documents`` (a coder who coded nothing in a document did not code it) or
            ``all``.
        coders: Every coder, in order, also those who coded nothing (see
            :func:`qualcode.analysis.agreement.agreement`).

    Returns:
        The units to adjudicate and the settled ones.

    Raises:
        AnalysisError: With fewer than two coders.
        CodingsError: If the tables are malformed.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(units, "units", optional=True)
    check_codebook(codebook)

    frame = normalise_codings(codings)
    coders = coders_of(frame, coders, coverage, "adjudication", codings)
    tree = code_tree([frame], codebook)
    cu = code_units(frame, tree, units=normalise_units(units) if units is not None else None,
                    coverage=coverage, coders=coders)
    given = cu.most_specific(tree)
    implied = cu.rolled_up(tree)
    names = [c if c not in (*_UNIT_COLUMNS, "agreed", "decision") else f"coder:{c}"
             for c in cu.coders]
    open_rows, settled = [], []
    for u, record in enumerate(cu.index.to_dict("records")):
        base = {c: record.get(c, "" if c in ("case", "speaker", "text") else -1)
                for c in _UNIT_COLUMNS}
        sets = [frozenset(cu.codes[k] for k in np.flatnonzero(given[u, j]))
                for j in range(len(cu.coders))]
        covering = [frozenset(cu.codes[k] for k in np.flatnonzero(implied[u, j]))
                    for j in range(len(cu.coders)) if cu.covered[u, j]]
        common = frozenset.intersection(*covering) if covering else frozenset()
        # the most specific codes every coder gave or implied (two children -> their parent)
        agreed = frozenset(c for c in common
                           if not any(c in tree.ancestors(other) for other in common))
        if len(covering) == len(sets) and len(set(sets)) == 1:
            if agreed:
                settled.append({**base, "codes": "; ".join(tree.sort(agreed))})
            continue
        row = dict(base)
        for j, name in enumerate(names):
            row[name] = "; ".join(tree.sort(sets[j])) if cu.covered[u, j] else NOT_CODED
        row.update(agreed="; ".join(tree.sort(agreed)), decision="")
        open_rows.append(row)
    codes = [c for c in tree.order if c in cu.codes or tree.from_codebook]
    code_table = pd.DataFrame({"code": codes, "code_path": [tree.path(c) for c in codes],
                               "group": [tree.dimension.get(c, "") for c in codes]})
    return Disagreements(
        pd.DataFrame(open_rows, columns=[*_UNIT_COLUMNS, *names, "agreed", "decision"]),
        pd.DataFrame(settled, columns=[*_UNIT_COLUMNS, "codes"]),
        code_table,
        tuple(cu.coders),
    )


def _workbook(*sheets: pd.DataFrame) -> str | None:
    """The workbook the sheets were read from (:data:`qualcode.origin.ORIGIN`), if they say."""
    for sheet in sheets:
        blocks = sheet.attrs.get(ORIGIN)
        if blocks:
            return str(blocks[0].path)
    return None


def _at(sheet: pd.DataFrame, name: str, position: int, workbook: str | None) -> dict[str, Any]:
    """:class:`Issue` keyword arguments naming row ``position`` (0-based) of sheet ``name``:
    the workbook, and the sheet row (the header is row 1)."""
    found = row_line(sheet, position)
    return {"path": workbook, "where": f"{name} row {found[1] if found else position + 2}"}


def _positions(sheet: pd.DataFrame, name: str, workbook: str | None,
               issues: list[Issue]) -> dict[str, list[int]]:
    """``segment``, ``start`` and ``end`` of every row of a sheet, read by the rule of codings
    tables (:func:`qualcode.cells.position_values`: non-negative whole numbers, empty = -1);
    each bad cell is reported (E706) with its sheet row."""
    out: dict[str, list[int]] = {}
    for column in ("segment", "start", "end"):
        if column not in sheet.columns:
            out[column] = [-1] * len(sheet)
            continue
        values, bad = position_values(sheet[column])
        for position in np.flatnonzero(bad.to_numpy()).tolist():
            issues.append(Issue(
                "E706", bad_position(sheet[column].iat[position], column),
                hint=f"{POSITION_HINT}; leave the unit columns as qualcode wrote them",
                **_at(sheet, name, position, workbook)))
        out[column] = values.tolist()
    return out


def _unit_key(record: dict[str, Any], positions: dict[str, list[int]],
              i: int) -> tuple[Any, ...] | None:
    """What identifies row ``i``'s unit: its document and segment, else its span; ``None``
    without either (nothing to compare)."""
    document = str(record["document"]).strip()
    if positions["segment"][i] >= 0:
        return (document, "segment", positions["segment"][i])
    if positions["start"][i] >= 0:
        return (document, "span", positions["start"][i], positions["end"][i])
    return None


def _unit_name(key: tuple[Any, ...] | None, record: dict[str, Any] | None = None) -> str:
    """A unit (:func:`_unit_key`) for a sentence: ``segment 1 of document d1``."""
    if key is None:
        return f"a unit of document {str((record or {}).get('document', '')).strip()}"
    unit = f"segment {key[2]}" if key[1] == "segment" else f"characters {key[2]}-{key[3]}"
    return f"{unit} of document {key[0]}"


def _conflict(first: tuple[dict[str, Any], list[str]], second: tuple[dict[str, Any], list[str]],
              key: tuple[Any, ...], issues: list[Issue]) -> bool:
    """Add an E707 error naming both rows to ``issues`` if a unit listed twice gets
    different codes; return whether it did."""
    (there, before), (here, now) = first, second
    if set(before) == set(now):
        return False
    issues.append(Issue(
        "E707", f"{_unit_name(key)} is listed twice with different codes: "
        f"{'; '.join(now) or NO_CODE} here, {'; '.join(before) or NO_CODE} at {there['where']}",
        hint="each unit goes into the consensus once: delete one of the two rows, or give "
        "both the same codes", **here))
    return True


def adjudicate(
    disagreements: pd.DataFrame,
    agreements: pd.DataFrame,
    codes: pd.DataFrame,
    *,
    coder: str = "consensus",
) -> pd.DataFrame:
    """Merge adjudication decisions and settled units into one coder's codings table.

    Args:
        disagreements: The filled-in disagreements sheet (``decision`` column).
        agreements: The settled units (``codes`` column).
        codes: ``code, code_path, group`` of the codes that may be used.
        coder: The consensus coder's name.

    Returns:
        A codings table (canonical columns), source ``manual``; ``attrs["issues"]`` holds a
        warning (W705) counting the disagreements rows with neither a decision nor agreed
        codes, which get no code.

    Raises:
        AnalysisError: If a table or the codebook is a file name (read or load it first).
        CodingsError: Listing every decision that names an unknown code (E705), every bad
            position (E706) and every unit listed twice with different codes (E707); or
            missing columns, or an empty coder name.
    """
    import pandas as pd

    from qualcode.tables import CODINGS_COLUMNS

    check_table(disagreements, "disagreements")
    check_table(agreements, "agreements")
    check_table(codes, "codes")

    if not coder.strip():
        raise CodingsError("the consensus coder's name is empty",
                           hint="name the coder, e.g. --coder consensus")
    workbook = _workbook(disagreements, agreements, codes)
    for name, sheet, needed in (("disagreements", disagreements, ("document", "decision",
                                                                 "agreed")),
                                ("agreements", agreements, ("document", "codes")),
                                ("codes", codes, ("code",))):
        missing = [c for c in needed if c not in sheet.columns]
        if missing:
            raise CodingsError(f"the {name} sheet lacks column(s) {', '.join(missing)}",
                               path=workbook,
                               hint="pass the workbook qualcode agree --disagreements wrote")
    known = {str(r["code"]): r for r in codes.fillna("").to_dict("records")}
    issues: list[Issue] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], tuple[dict[str, Any], list[str]]] = {}
    undecided: list[str] = []  # rows that give a unit no code, unasked
    for sheet_name, sheet in (("agreements", agreements), ("disagreements", disagreements)):
        positions = _positions(sheet, sheet_name, workbook, issues)
        for i, record in enumerate(sheet.fillna("").to_dict("records")):
            at = _at(sheet, sheet_name, i, workbook)
            decision = ""
            if sheet_name == "agreements":
                chosen = split_codes(str(record["codes"]))
            else:
                decision = str(record["decision"]).strip()
                chosen = ([] if decision == NO_CODE else
                          split_codes(decision) if decision else split_codes(str(record["agreed"])))
            key = _unit_key(record, positions, i)
            if key is not None and key in seen:
                # the same codes twice are merged once; different codes are an error
                _conflict(seen[key], (at, chosen), key, issues)
                continue
            if key is not None:
                seen[key] = (at, chosen)
            if sheet_name == "disagreements" and not chosen and decision != NO_CODE:
                undecided.append(f"{_unit_name(key, record)} ({at['where']})")
            for code in chosen:
                if code not in known:
                    close = difflib.get_close_matches(code, list(known), n=1)
                    issues.append(Issue(
                        "E705", f"unknown code {code!r}",
                        hint=(f"did you mean {close[0]!r}? " if close else "")
                        + f"known codes: {', '.join(known)}", **at))
                    continue
                rows.append({
                    "document": str(record["document"]), "case": str(record.get("case", "")),
                    "segment": positions["segment"][i], "start": positions["start"][i],
                    "end": positions["end"][i],
                    "speaker": str(record.get("speaker", "")), "code": code,
                    "code_path": str(known[code].get("code_path", "")) or code,
                    "group": str(known[code].get("group", "")), "coder": coder,
                    "source": "manual", "rule": "", "match": "",
                    "text": str(record.get("text", "")),
                })
    if issues:
        raise CodingsError("the adjudication decisions cannot be merged", path=workbook,
                           issues=issues)
    table = pd.DataFrame(rows, columns=list(CODINGS_COLUMNS))
    if len(table):
        order = {d: i for i, d in enumerate(dict.fromkeys(
            [*disagreements["document"].astype(str), *agreements["document"].astype(str)]))}
        rank = {c: i for i, c in enumerate(known)}
        table = table.assign(_d=table["document"].map(order), _c=table["code"].map(rank))
        table = (table.sort_values(["_d", "segment", "start", "_c"], kind="stable")
                 .drop(columns=["_d", "_c"]).reset_index(drop=True))
    table.attrs["issues"] = tuple(_undecided_issues(undecided, workbook))
    return table


def _undecided_issues(undecided: list[str], workbook: str | None) -> list[Issue]:
    """A warning (W705) counting the disagreements rows with neither a decision nor agreed
    codes, naming the first few: they get no code, which a forgotten decision should not do
    unnoticed."""
    if not undecided:
        return []
    more = ", ..." if len(undecided) > 3 else ""
    return [Issue(
        "W705", f"{len(undecided)} unit(s) of the disagreements sheet have neither a decision "
        f"nor agreed codes and get no code in the consensus: {', '.join(undecided[:3])}{more}",
        path=workbook, severity="warning",
        hint=f"write their codes in the decision column, or {NO_CODE} to confirm they get none")]
