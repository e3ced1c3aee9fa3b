"""The standard charts by kind, and the title and colour map each is drawn with.

Named once here, so the results folder of ``qualcode analyze`` and ``qualcode chart`` title and
colour the same chart the same way.
"""

from __future__ import annotations

from qualcode.errors import OutputError

__all__ = ["CHART_KINDS", "HEATMAP_KINDS", "chart_cmap", "chart_title"]

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


def chart_title(
    kind: str,
    *,
    attribute: str = "informant_role",
    rows: str = "role",
    columns: str = "stage",
    document: str = "",
    window: int = 0,
) -> str:
    """The title of the chart ``kind`` (one of :data:`CHART_KINDS`).

    Args:
        kind: The kind of chart.
        attribute: ``code-by-attribute`` and ``obstacles``: the attribute compared.
        rows: ``dimension``: the rows' dimension.
        columns: ``dimension``: the columns' dimension.
        document: ``portrait``: the document id, which is its title.
        window: ``dimension``, ``cooccurrence`` and ``network``: the co-occurrence window in
            segments (0: the same segment).

    Returns:
        The title, e.g. ``role x stage (co-occurrence in a segment)``.

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
        return f"{rows} x {columns} (co-occurrence {where})"
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
