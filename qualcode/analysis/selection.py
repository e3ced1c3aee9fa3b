"""Which codings an analysis takes: the ``status``, ``source`` and ``coder`` selection.

One rule for a project's codings (:func:`qualcode.project.core.project_codings`, which asks
its database) and for a saved codings table (:func:`selected_rows`, which
:func:`qualcode.pipeline.read_inputs` applies): the same names are accepted, several values of
one filter are alternatives, and the filters narrow together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.arguments import as_names
from qualcode.cells import STATUSES, status_values
from qualcode.errors import CodingsError, Issue, QualcodeError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SOURCES", "Selection", "check_selection", "selected_rows"]

SOURCES = ("auto", "manual", "imported")
"""The ``source`` values of a coding: made by the codebook's rules, by a person, or in another
program."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Checked ``status``, ``source`` and ``coder`` filters (empty: not filtered by it)."""

    status: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    coder: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.status or self.source or self.coder)

    def as_dict(self) -> dict[str, list[str]]:
        """The filters given, for the provenance."""
        return {name: list(values) for name, values in
                (("status", self.status), ("source", self.source), ("coder", self.coder))
                if values}


def check_selection(status: str | Iterable[str] | None = (),
                    source: str | Iterable[str] | None = (),
                    coder: str | Iterable[str] | None = (), *,
                    error: type[QualcodeError] = CodingsError) -> Selection:
    """The filters as a :class:`Selection`, statuses and sources checked against
    :data:`qualcode.cells.STATUSES` and :data:`SOURCES`.

    Raises:
        QualcodeError: (``error``) If a value is not a name, or a status or source is unknown.
    """
    selection = Selection(as_names(status, "status", error), as_names(source, "source", error),
                          as_names(coder, "coder", error))
    for what, values, choices in (("status", selection.status, STATUSES),
                                  ("source", selection.source, SOURCES)):
        bad = [v for v in values if v not in choices]
        if bad:
            raise error(f"unknown {what} {bad[0]!r}", hint=f"use one of: {', '.join(choices)}")
    return selection


def _cells(codings: pd.DataFrame, what: str) -> pd.Series:
    """The cells a filter compares: statuses as every command reads them (an empty one is
    accepted), sources lower-case, coders as written; spaces around them do not count."""
    from qualcode.analysis.order import text_values

    if what == "status":
        return status_values(codings).replace("", "accepted")
    cells = text_values(codings[what]).str.strip()
    return cells.str.lower() if what == "source" else cells


_WITHOUT = {
    "status": ("has no status column",
               "a project's codings table has one ('qualcode codings -o FILE'), or analyse the "
               "project itself (--project); without a status filter every coding that is not "
               "rejected counts"),
    "source": ("has no source column",
               "leave out the source filter, or add a source column (auto, manual or "
               "imported)"),
    "coder": ("names no coder (its coder column is missing or empty)",
              "leave out the coder filter, or fill in the coder column"),
}


def selected_rows(codings: pd.DataFrame, selection: Selection, *,
                  name: str = "the codings table") -> tuple[pd.Series, list[Issue]]:
    """Which rows of a codings table ``selection`` keeps, and a warning (C004) for each filter
    with a value no row has (naming the values there are).

    A filter needs its column: a table without ``status`` holds no review decisions, one
    whose ``coder`` column is missing or empty names no coder.

    Raises:
        CodingsError: If a filter's column is missing (or, for ``coder``, empty).
    """
    import pandas as pd

    from qualcode.analysis.frames import source_name
    from qualcode.analysis.order import text_values

    where = source_name(codings, name)
    keep = pd.Series(True, index=codings.index)
    issues: list[Issue] = []
    for what in ("status", "source", "coder"):
        values = getattr(selection, what)
        if not values:
            continue
        missing = what not in codings.columns or (
            what == "coder" and bool((text_values(codings[what]).str.strip() == "").all()))
        if missing:
            problem, hint = _WITHOUT[what]
            raise CodingsError(f"the codings table {problem}, so it cannot be narrowed to "
                               f"{what} {', '.join(values)}", path=where, hint=hint)
        cells = _cells(codings, what)
        keep &= cells.isin(values)
        present = list(dict.fromkeys(v for v in cells if v))
        absent = [v for v in values if v not in present]
        if absent:
            issues.append(Issue(
                "C004", f"no coding has {what} {', '.join(absent)}", path=where,
                severity="warning", hint=f"{what} values in the table: "
                f"{', '.join(present) or '(none)'}"))
    return keep, issues

