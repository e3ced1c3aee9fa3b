"""Exclusive dimensions: within a segment, one code per dimension declared ``exclusive``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.model import Codebook

if TYPE_CHECKING:
    from qualcode.coding.matcher import CodeMatch

__all__ = ["exclusive_groups", "resolve_exclusive"]


def exclusive_groups(codebook: Codebook, code_ids: tuple[str, ...]
                      ) -> dict[str, tuple[str, frozenset[str]]]:
    """Code id -> (its exclusive dimension, its ancestors and descendants) for codes with rules
    in a dimension declared ``exclusive: true``."""
    exclusive = {d.id for d in codebook.dimensions if d.exclusive}
    if not exclusive:
        return {}
    paths = {c.id: codebook.path_of(c.id) for c in codebook.codes}
    groups = {}
    for cid in code_ids:
        dim = codebook.dimension_of(cid)
        if dim in exclusive:
            kin = {other for other, path in paths.items() if cid in path or other in paths[cid]}
            groups[cid] = (dim, frozenset(kin))
    return groups


def _strength(found: CodeMatch) -> tuple[int, int]:
    return (found.match.count("; ") + 1 if found.match else 0, found.hits)


def resolve_exclusive(found: list[CodeMatch], groups: dict[str, tuple[str, frozenset[str]]]
                       ) -> list[CodeMatch]:
    """Keep one code per exclusive dimension: the one with the most distinct matched words,
    then the most hits, then the first in codebook order; its ancestors and descendants stay."""
    winners: dict[str, CodeMatch] = {}
    for item in found:  # codebook order, so the first of equals wins
        group = groups.get(item.code)
        if group is not None:
            best = winners.get(group[0])
            if best is None or _strength(item) > _strength(best):
                winners[group[0]] = item
    if not winners:
        return found
    return [item for item in found
            if item.code not in groups
            or item is winners[groups[item.code][0]]
            or item.code in groups[winners[groups[item.code][0]].code][1]]
