"""The standard charts by kind, and the title and colour map each is drawn with.

Named once here, so the results folder of ``qualcode analyze`` and ``qualcode chart`` title and
colour the same chart the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.errors import OutputError

if TYPE_CHECKING:
    from qualcode.model import Codebook

__all__ = ["CHART_KINDS", "HEATMAP_KINDS", "chart_cmap", "chart_title", "dimension_label"]

CHART_KINDS = (
    "frequencies", "code-by-document", "code-by-case", "code-by-attribute", "dimension",
    "cooccurrence", "network", "obstacles", "portrait",
)
"""The kinds of chart, as ``qualcode chart --kind`` names them."""

_CMAPS = {
    "code-by-document": "Blues", "code-by-case": "Blues", "code-by-attribute": "Blues",
    "dimension": "Greens", "cooccurrence": "Purples",
}
HEATMAP_KINDS = tuple(_CMAPS)
"""The kinds of :data:`CHART_KINDS` drawn as heatmaps (each with :func:`chart_cmap`)."""


def _within(window: int) -> str:
    return f"within {window} segment{'' if window == 1 else 's'}"


def dimension_label(dimension: str, codebook: Codebook | None = None,
                    language: str | None = None) -> str:
    """The label of ``dimension`` in ``language`` (default: the codebook's first), or its id
    when the codebook does not declare it or gives it no label."""
    for declared in codebook.dimensions if codebook is not None else ():
        if declared.id == dimension:
            return declared.label(language)
    return dimension


def chart_title(
    kind: str,
    *,
    attribute: str = "informant_role",
    rows: str = "role",
    columns: str = "stage",
    document: str = "",
    window: int = 0,
    codebook: Codebook | None = None,
    language: str | None = None,
) -> str:
    """The title of the chart ``kind`` (one of :data:`CHART_KINDS`).

    Args:
        kind: The kind of chart.
        attribute: ``code-by-attribute`` and ``obstacles``: the attribute compared.
        rows: ``dimension``: the rows' dimension (its id).
        columns: ``dimension``: the columns' dimension (its id).
        document: ``portrait``: the document id, which is its title.
        window: ``dimension``, ``cooccurrence`` and ``network``: the co-occurrence window in
            segments (0: the same segment).
        codebook: ``dimension``: names the dimensions by their labels
            (:func:`dimension_label`), as the chart names the codes.
        language: Language of those labels (default: the codebook's first).

    Returns:
        The title, e.g. ``role x stage (co-occurrence in a segment)``, or with the study
        codebook in English ``Case-manager role x Case-management stage (co-occurrence in a
        segment)``.

    Raises:
        OutputError: If ``kind`` is not one of :data:`CHART_KINDS`.
    """
    if kind == "frequencies":
        return "Code frequencies"
    if kind in ("code-by-document", "code-by-case"):
        return f"Codes x {kind.rsplit('-', 1)[-1]}s (codings)"
    if kind == "code-by-attribute":
        return f"Codes x {attribute} (codings)"
    if kind == "dimension":
        where = _within(window) if window else "in a segment"
        return (f"{dimension_label(rows, codebook, language)} x "
                f"{dimension_label(columns, codebook, language)} (co-occurrence {where})")
    if kind == "cooccurrence":
        return f"Code co-occurrence ({_within(window) if window else 'segments'})"
    if kind == "network":
        return "Co-occurrence network" + (f" ({_within(window)})" if window else "")
    if kind == "obstacles":
        return f"Obstacles by {attribute}"
    if kind == "portrait":
        return document
    raise OutputError(f"unknown chart kind {kind!r}", hint=f"use one of {', '.join(CHART_KINDS)}")


def chart_cmap(kind: str) -> str:
    """The matplotlib colour map the heatmap ``kind`` (one of :data:`HEATMAP_KINDS`) is drawn
    with: blue for codes by documents, cases or an attribute, green for a dimension matrix,
    purple for code co-occurrence.

    Raises:
        OutputError: If ``kind`` is not drawn as a heatmap.
    """
    try:
        return _CMAPS[kind]
    except KeyError:
        raise OutputError(f"chart kind {kind!r} is not a heatmap and has no colour map",
                          hint=f"use one of {', '.join(HEATMAP_KINDS)}") from None
