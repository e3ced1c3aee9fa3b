"""The codes an analysis works with: their order, parents and dimensions.

The codebook is the authority when there is one; otherwise the ``code_path`` and ``group`` columns
of the codings tables say how codes nest and which dimension each belongs to
(:func:`table_codebook` turns them into a codebook the matrices can follow).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.model import Code, Codebook, Dimension

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CodeTree", "TableCodebook", "code_tree", "table_codebook"]


@dataclass(frozen=True, slots=True)
class CodeTree:
    """Known codes and how they relate.

    Attributes:
        order: Every known code id, codebook order first, then codes seen only in tables.
        parent: Parent id per code (``None`` for a root).
        dimension: Dimension id per code (``""`` when unknown).
        dimensions: Dimension ids in codebook order, then ones seen only in ``group`` columns.
        exclusive: Ids of dimensions whose codes exclude each other within a unit.
        unknown: Codes found in tables that the codebook does not define.
        from_codebook: Whether a codebook was given.
    """

    order: tuple[str, ...]
    parent: Mapping[str, str | None]
    dimension: Mapping[str, str]
    dimensions: tuple[str, ...] = ()
    exclusive: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()
    from_codebook: bool = False

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Ancestors of ``code``, nearest first."""
        out: list[str] = []
        current = self.parent.get(code)
        while current is not None and current not in out and current != code:
            out.append(current)
            current = self.parent.get(current)
        return tuple(out)

    def path(self, code: str) -> str:
        """Ids from the root to ``code`` joined by ``/``."""
        return "/".join((*reversed(self.ancestors(code)), code))

    def rank(self, code: str) -> int:
        """Position of ``code`` in :attr:`order` (unknown codes last)."""
        try:
            return self.order.index(code)
        except ValueError:
            return len(self.order)

    def codes_in(self, dimension: str) -> tuple[str, ...]:
        """Codes of ``dimension`` in order."""
        return tuple(c for c in self.order if self.dimension.get(c) == dimension)

    def sort(self, codes: Iterable[str]) -> list[str]:
        """``codes`` without duplicates, in tree order."""
        return sorted(set(codes), key=lambda c: (self.rank(c), c))


def code_tree(frames: Iterable[pd.DataFrame], codebook: Codebook | None = None) -> CodeTree:
    """Collect the codes of ``frames`` (codings tables) and ``codebook``.

    Args:
        frames: Codings tables with a ``code`` column and optionally ``code_path`` and ``group``.
        codebook: The codebook, if any; it decides parents, dimensions and order.

    Returns:
        The code tree, with codes unknown to the codebook listed in ``unknown``.
    """
    order: dict[str, None] = {}
    parent: dict[str, str | None] = {}
    dimension: dict[str, str] = {}
    dimensions: dict[str, None] = {}
    exclusive: set[str] = set()
    if codebook is not None:
        for dim in codebook.dimensions:
            dimensions[dim.id] = None
            if dim.exclusive:
                exclusive.add(dim.id)
        for code in codebook.codes:
            order[code.id] = None
            parent[code.id] = code.parent
            dimension[code.id] = codebook.dimension_of(code.id) or ""
    unknown: dict[str, None] = {}
    fixed = set(order)
    for frame in frames:
        has_path = "code_path" in frame.columns
        has_group = "group" in frame.columns
        columns = ["code"] + (["code_path"] if has_path else []) + (["group"] if has_group else [])
        for row in frame[columns].drop_duplicates().itertuples(index=False):
            code = str(row[0])
            if not code:
                continue
            if codebook is not None and code not in parent:
                unknown[code] = None
            chain = [p for p in str(row[1]).split("/") if p] if has_path else []
            if not chain or chain[-1] != code:
                chain = [code]
            group = str(row[-1]) if has_group else ""
            for i, cid in enumerate(chain):
                order.setdefault(cid, None)
                # the codebook decides; a table's code_path only fills in what it leaves open
                if cid not in fixed and parent.get(cid) is None:
                    parent[cid] = chain[i - 1] if i > 0 else None
                if group and not dimension.get(cid):
                    dimension[cid] = group
                    dimensions.setdefault(group, None)
    for cid in order:
        parent.setdefault(cid, None)
        dimension.setdefault(cid, "")
    return CodeTree(
        order=tuple(order),
        parent=parent,
        dimension=dimension,
        dimensions=tuple(dimensions),
        exclusive=frozenset(exclusive),
        unknown=tuple(unknown),
        from_codebook=codebook is not None,
    )


class TableCodebook(Codebook):
    """A codebook derived from a codings table by :func:`table_codebook`, for a table analysed
    without one: codes, parents and dimensions, but no labels, definitions or rules. Its class
    tells it from a codebook someone wrote, which the provenance records and whose languages
    the labels are chosen from."""

    __slots__ = ()


def table_codebook(codings: pd.DataFrame) -> TableCodebook:
    """The codebook a codings table implies: its codes in order of first appearance, each
    after its ancestors, with parents from ``code_path`` and dimensions from ``group``.

    Derived from a whole table, before any rows are left out (a ``status``, ``source`` or
    ``coder`` selection, rejected codings), it gives every code and dimension of the table a
    row in the matrices whichever codings are selected, as a codebook file does. The first
    row naming a code decides its parent and its first non-empty ``group`` its dimension; an
    ancestor named only in a ``code_path`` takes the group of the code below it.

    Args:
        codings: A codings table with a ``code`` column and optionally ``code_path`` and
            ``group``.

    Returns:
        A :class:`TableCodebook` (``languages`` empty: the labels are the code ids).

    Raises:
        CodingsError: If the table has no ``code`` column.
    """
    import pandas as pd

    from qualcode.analysis.order import require_columns, text_values

    require_columns(codings, ["code"])
    blank = pd.Series("", index=codings.index, dtype=object)
    rows = pd.DataFrame({name: text_values(codings[name]) if name in codings.columns else blank
                         for name in ("code", "code_path", "group")}).drop_duplicates()
    parent: dict[str, str | None] = {}  # a code is added after its parent, never before
    dimension: dict[str, str] = {}
    for code, path, group in rows.itertuples(index=False, name=None):
        if not code:
            continue
        chain = [part for part in path.split("/") if part]
        if not chain or chain[-1] != code:
            chain = [code]
        for index, cid in enumerate(chain):
            parent.setdefault(cid, chain[index - 1] if index else None)
            if group and not dimension.get(cid):
                dimension[cid] = group
    codes = tuple(Code(cid, parent=above, dimension=dimension.get(cid)) for cid, above in
                  parent.items())
    dimensions = tuple(Dimension(d) for d in dict.fromkeys(dimension.values()))
    return TableCodebook(name="codings", version="", codes=codes, dimensions=dimensions,
                         languages=())
