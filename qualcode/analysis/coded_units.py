"""From codings tables to a units x coders x codes array of decisions.

A *unit* is what coders agree or disagree about:

- ``segment``: a (document, segment) pair. With a units table (a segments table), every unit of
  it counts, coded or not, and a coding marks each unit its span overlaps. Without one, the units
  are the (document, segment) pairs that at least one coder coded: text nobody coded is unseen.
- ``character``: each character position. The characters are grouped into runs over which every
  coder's codings are constant (interval arithmetic, no loop per character); a run of ``w``
  characters is one row of weight ``w``. The characters in play are those of the units table's
  spans, or without one those inside some coder's coded span.

A coder's decision on a unit is missing when the coder coded nothing at all in the unit's
document (``coverage="documents"``, the default: they did not code that document), or never
(``coverage="all"``: every coder is taken to have read every unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import place_text
from qualcode.errors import AnalysisError, CodingsError, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COVERAGES", "UNITS", "CodedUnits", "code_units"]

UNITS = ("segment", "character")
COVERAGES = ("documents", "all")


@dataclass(frozen=True, slots=True, eq=False)
class CodedUnits:
    """Who applied which code to which unit.

    Attributes:
        unit: ``segment`` or ``character``.
        index: One row per unit: ``document``, (``segment``), ``start``, ``end``, ``weight``,
            and ``text``, ``case``, ``speaker`` when known.
        coders: Coder names, in order of first appearance.
        codes: Code ids (codes used and their ancestors), in tree order.
        present: Boolean array units x coders x codes, the codes as coded (no roll-up).
        covered: Boolean array units x coders: whether the coder's decision is known.
        rows: For segment units, the codings row behind each link (parallel to ``links``).
        links: For segment units, the unit each entry of ``rows`` marks.
        complete: Whether uncoded units are included (a units table was given).
        issues: Warnings found on the way.
    """

    unit: str
    index: pd.DataFrame
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    present: np.ndarray
    covered: np.ndarray
    rows: np.ndarray
    links: np.ndarray
    complete: bool
    issues: tuple[Issue, ...] = ()

    @property
    def weights(self) -> np.ndarray:
        """Integer weight per unit (1 per segment; run length for characters)."""
        return self.index["weight"].to_numpy(dtype=np.int64)

    def coded(self) -> np.ndarray:
        """Boolean mask of units that at least one coder gave at least one code."""
        return self.present.any(axis=(1, 2))

    def rolled_up(self, tree: CodeTree) -> np.ndarray:
        """:attr:`present` with each code also marking its ancestors."""
        out = self.present.copy()
        position = {c: k for k, c in enumerate(self.codes)}
        for k, code in enumerate(self.codes):
            for ancestor in tree.ancestors(code):
                if ancestor in position:
                    out[:, :, position[ancestor]] |= self.present[:, :, k]
        return out

    def most_specific(self, tree: CodeTree) -> np.ndarray:
        """:attr:`present` without codes whose descendant is also present for the same coder."""
        out = self.present.copy()
        position = {c: k for k, c in enumerate(self.codes)}
        for k, code in enumerate(self.codes):
            for ancestor in tree.ancestors(code):
                if ancestor in position:
                    out[:, :, position[ancestor]] &= ~self.present[:, :, k]
        return out


def _document_order(*frames: pd.DataFrame | None) -> dict[str, int]:
    order: dict[str, int] = {}
    for frame in frames:
        if frame is not None:
            for doc in frame["document"]:
                order.setdefault(doc, len(order))
    return order


def _bases(codings: pd.DataFrame, units: pd.DataFrame | None, order: dict[str, int]) -> np.ndarray:
    """Offset of each document on one global axis, so all documents are handled at once."""
    extent = np.zeros(len(order), dtype=np.int64)
    for frame in (codings, units):
        if frame is not None and len(frame):
            doc = frame["document"].map(order).to_numpy()
            np.maximum.at(extent, doc, frame["end"].to_numpy(dtype=np.int64))
    return np.concatenate([[0], np.cumsum(extent + 1)[:-1]])


def _need_spans(codings: pd.DataFrame, why: str) -> None:
    bad = np.flatnonzero(((codings["start"] < 0) | (codings["end"] <= codings["start"]))
                         .to_numpy())
    if bad.size:
        row = int(bad[0])
        raise CodingsError(
            f"{bad.size} coding(s) have no span (start/end), first at "
            f"{place_text(codings, row)} (document {codings['document'].iat[row]}, code "
            f"{codings['code'].iat[row]})",
            hint=f"{why}; give start and end, or use --unit segment")


def _overlaps(starts: np.ndarray, ends: np.ndarray, unit_starts: np.ndarray,
              unit_ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (span i, unit j) that overlap; units sorted and non-overlapping (global axis)."""
    first = np.searchsorted(unit_ends, starts, side="right")
    last = np.searchsorted(unit_starts, ends, side="left") - 1
    count = np.maximum(last - first + 1, 0)
    spans = np.repeat(np.arange(starts.size), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return spans, np.repeat(first, count) + offsets


def _check_numbering(codings: pd.DataFrame) -> None:
    """Refuse tables that number segments differently (one coded by turns, the other by
    sentences, or with other interviewer labels): pairing their segment numbers would compare
    unrelated passages. In one segmentation a coding of segment ``k`` starts before every
    coding of a later segment, whoever made them.

    Raises:
        CodingsError: Naming the first place where the numbers disagree.
    """
    spanned = codings[(codings["segment"] >= 0) & (codings["start"] >= 0) &
                      (codings["end"] > codings["start"])]
    if spanned.empty or spanned["coder"].nunique() < 2:
        return
    starts = spanned.groupby(["document", "segment"])["start"].agg(["min", "max"])
    starts = starts.reset_index()
    later = starts.groupby("document")["min"].shift(-1)
    later_segment = starts.groupby("document")["segment"].shift(-1)
    bad = np.flatnonzero((later.notna() & (starts["max"] >= later)).to_numpy())
    if not bad.size:
        return
    row = starts.iloc[bad[0]]
    raise CodingsError(
        f"the codings tables number segments differently: in document {row['document']}, a "
        f"coding of segment {row['segment']} starts at character {row['max']}, after one of "
        f"segment {int(later_segment.iloc[bad[0]])} (at {int(later.iloc[bad[0]])})",
        hint="the tables come from different segmentations (--unit, interviewer labels); code "
        "them the same way, or pass --units SEGMENTS so spans decide the units")


def _segment_units(codings: pd.DataFrame, units: pd.DataFrame | None, issues: list[Issue]):
    import pandas as pd

    if units is None:
        missing = np.flatnonzero((codings["segment"] < 0).to_numpy())
        if missing.size:
            row = int(missing[0])
            raise CodingsError(
                f"{missing.size} coding(s) have no segment number, first at "
                f"{place_text(codings, row)} (document {codings['document'].iat[row]}, code "
                f"{codings['code'].iat[row]})",
                hint="pass --units SEGMENTS (a segments table) so spans can be matched to "
                "units, or use --unit character",
            )
        _check_numbering(codings)
        order = _document_order(codings)
        keys = codings[["document", "segment"]].drop_duplicates()
        keys = keys.assign(_doc=keys["document"].map(order))
        keys = keys.sort_values(["_doc", "segment"]).drop(columns="_doc").reset_index(drop=True)
        spans = codings.assign(_len=codings["end"] - codings["start"])
        spans = spans.sort_values("_len", ascending=False, kind="stable")
        agg: dict[str, tuple[str, str]] = {"start": ("start", "min"), "end": ("end", "max")}
        for column in ("text", "case", "speaker"):
            if column in codings.columns:
                agg[column] = (column, "first")
        spans = spans.groupby(["document", "segment"], sort=False).agg(**agg).reset_index()
        index = keys.merge(spans, on=["document", "segment"], how="left")
        position = pd.Series(np.arange(len(index)),
                             index=pd.MultiIndex.from_frame(index[["document", "segment"]]))
        rows = np.arange(len(codings))
        links = position.reindex(pd.MultiIndex.from_frame(codings[["document", "segment"]]))
        return index, rows, links.to_numpy(dtype=np.int64)
    index = units.copy()
    order = _document_order(units, codings)
    bases = _bases(codings, units, order)
    unit_base = bases[index["document"].map(order).to_numpy()]
    spanned = (codings["start"] >= 0) & (codings["end"] > codings["start"])
    known = codings["document"].isin(order)
    doc_base = bases[codings["document"].map(order).fillna(0).to_numpy(dtype=np.int64)]
    span_rows = np.flatnonzero((spanned & known).to_numpy())
    starts = (codings["start"].to_numpy() + doc_base)[span_rows]
    ends = (codings["end"].to_numpy() + doc_base)[span_rows]
    which, unit_rows = _overlaps(starts, ends, index["start"].to_numpy() + unit_base,
                                 index["end"].to_numpy() + unit_base)
    rows = [span_rows[which]]
    links = [unit_rows]
    keyed = np.flatnonzero((~spanned & (codings["segment"] >= 0)).to_numpy())
    if keyed.size:
        position = pd.Series(np.arange(len(index)),
                             index=pd.MultiIndex.from_frame(index[["document", "segment"]]))
        found = position.reindex(pd.MultiIndex.from_frame(
            codings.iloc[keyed][["document", "segment"]])).to_numpy()
        ok = ~np.isnan(found)
        rows.append(keyed[ok])
        links.append(found[ok].astype(np.int64))
    all_rows = np.concatenate(rows)
    lost = np.setdiff1d(np.arange(len(codings)), all_rows)
    if lost.size:
        first = codings.iloc[lost[0]]
        issues.append(Issue(
            "W701", f"{lost.size} coding(s) match no unit of the units table and were left out "
            f"(first: {place_text(codings, int(lost[0]))}, document {first['document']}, code "
            f"{first['code']})",
            hint="check that the units table covers the same documents and segmentation",
            severity="warning",
        ))
    return index, all_rows, np.concatenate(links)


def _character_units(codings: pd.DataFrame, units: pd.DataFrame | None, coders: list[str],
                     codes: list[str]):
    import pandas as pd

    _need_spans(codings, "character agreement needs the start and end of every coding")
    order = _document_order(units, codings)
    bases = _bases(codings, units, order)
    names = list(order)
    coding_base = bases[codings["document"].map(order).to_numpy()]
    c_start = codings["start"].to_numpy() + coding_base
    c_end = codings["end"].to_numpy() + coding_base
    if units is not None:
        unit_base = bases[units["document"].map(order).to_numpy()]
        d_start = units["start"].to_numpy() + unit_base
        d_end = units["end"].to_numpy() + unit_base
    else:
        d_start, d_end = c_start, c_end
    points = np.unique(np.concatenate([d_start, d_end, c_start, c_end]))
    if points.size < 2:
        empty = pd.DataFrame({"document": [], "start": [], "end": [], "weight": []})
        return empty, np.zeros((0, len(coders), len(codes)), dtype=bool)
    n = points.size

    def covered(starts: np.ndarray, ends: np.ndarray, *extra: np.ndarray,
                shape: tuple[int, ...] = ()) -> np.ndarray:
        diff = np.zeros((n, *shape), dtype=np.int64)
        np.add.at(diff, (np.searchsorted(points, starts), *extra), 1)
        np.add.at(diff, (np.searchsorted(points, ends), *extra), -1)
        return np.cumsum(diff, axis=0)[:-1] > 0

    inside = covered(d_start, d_end)
    coder_of = codings["coder"].map({c: i for i, c in enumerate(coders)}).to_numpy(dtype=np.int64)
    code_of = codings["code"].map({c: i for i, c in enumerate(codes)}).to_numpy(dtype=np.int64)
    present = covered(c_start, c_end, coder_of, code_of, shape=(len(coders), len(codes)))
    keep = np.flatnonzero(inside & (np.diff(points) > 0))
    g_start, g_end = points[keep], points[keep + 1]
    doc = np.searchsorted(bases, g_start, side="right") - 1
    index = pd.DataFrame({
        "document": [names[d] for d in doc],
        "start": g_start - bases[doc],
        "end": g_end - bases[doc],
        "weight": g_end - g_start,
    })
    return index, present[keep]


def code_units(
    codings: pd.DataFrame,
    tree: CodeTree,
    *,
    units: pd.DataFrame | None = None,
    unit: str = "segment",
    coverage: str = "documents",
    coders: Sequence[str] | None = None,
) -> CodedUnits:
    """Build the units x coders x codes decisions of normalised codings.

    Args:
        codings: A normalised codings table (see :func:`normalise_codings`) with ``coder``.
        tree: The codes (from :func:`code_tree`).
        units: A normalised units table, or ``None`` (units coded by someone only).
        unit: ``segment`` or ``character``.
        coverage: ``documents`` or ``all`` (see the module docs).
        coders: The coders, in order; default those of the ``coder`` column as they appear.

    Returns:
        The decisions.

    Raises:
        AnalysisError: If ``unit`` or ``coverage`` is unknown.
        CodingsError: If codings lack what the unit needs (segment numbers or spans).
    """
    if unit not in UNITS:
        raise AnalysisError(f"unknown unit {unit!r}", hint=f"choose one of {', '.join(UNITS)}")
    if coverage not in COVERAGES:
        raise AnalysisError(f"unknown coverage {coverage!r}",
                            hint=f"choose one of {', '.join(COVERAGES)}")
    if "coder" not in codings.columns:
        raise CodingsError("the codings table has no coder column",
                           hint="add a coder column, or pass one file per coder")
    issues: list[Issue] = []
    coders = list(coders) if coders is not None else list(dict.fromkeys(codings["coder"]))
    used = set(codings["code"])
    codes = tree.sort(used | {a for c in used for a in tree.ancestors(c)})
    coder_of = codings["coder"].map({c: i for i, c in enumerate(coders)}).to_numpy(dtype=np.int64)
    code_of = codings["code"].map({c: i for i, c in enumerate(codes)}).to_numpy(dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if unit == "segment":
        index, rows, links = _segment_units(codings, units, issues)
        present = np.zeros((len(index), len(coders), len(codes)), dtype=bool)
        present[links, coder_of[rows], code_of[rows]] = True
        index = index.assign(weight=1)
    else:
        index, present = _character_units(codings, units, coders, codes)
        rows, links = empty, empty
    if coverage == "all":
        covered = np.ones((len(index), len(coders)), dtype=bool)
    else:
        seen = {(d, c) for d, c in zip(codings["document"], codings["coder"], strict=True)}
        covered = np.array([[(d, c) in seen for c in coders] for d in index["document"]],
                           dtype=bool).reshape(len(index), len(coders))
    return CodedUnits(unit, index.reset_index(drop=True), tuple(coders), tuple(codes), present,
                      covered, rows, links, units is not None, tuple(issues))
