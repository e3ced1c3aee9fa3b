"""The code tree of a codebook: duplicate ids, parents, cycles, dimensions, order, scopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualcode.io.codebook_checks import Checker, did_you_mean
from qualcode.io.yamlmarks import LineDict
from qualcode.model import Code, Rule

__all__ = ["RawCode", "build_tree"]


@dataclass(slots=True)
class RawCode:
    """A code as read, before the tree is checked."""

    id: str
    line: int
    where: str
    node: LineDict
    parent: str | None = None
    parent_line: int | None = None
    rules: list[Rule] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def build_tree(ck: Checker, raws: list[RawCode], dimensions: set[str], default_scope: str
               ) -> tuple[Code, ...]:
    """Check the tree and return the codes parents first (pre-order, file order among siblings).

    Scopes are resolved: a code's own, else its parent's, else the codebook's ``default_scope``.
    """
    by_id: dict[str, RawCode] = {}
    for raw in raws:
        if raw.id in by_id:
            ck.add("C121", f"duplicate code id '{raw.id}' (first defined on line "
                   f"{by_id[raw.id].line})", raw.line, raw.where)
        else:
            by_id[raw.id] = raw
    parents = {r.parent for r in by_id.values()}  # an unknown parent never names a code
    for raw in by_id.values():
        if raw.parent is not None and raw.parent not in by_id:
            guess = did_you_mean(raw.parent, list(by_id))
            ck.add("C122", f"unknown parent '{raw.parent}'"
                   + (f"; did you mean '{guess}'?" if guess else ""),
                   raw.parent_line or raw.line, raw.where)
            raw.parent = None
        dim = raw.values["dimension"]
        if dim is not None and dim not in dimensions:
            guess = did_you_mean(dim, dimensions)
            declared = ", ".join(sorted(dimensions)) or "none declared"
            ck.add("C124", f"unknown dimension '{dim}'"
                   + (f"; did you mean '{guess}'?" if guess else ""),
                   raw.node.line_of("dimension"), raw.where, hint=f"dimensions: {declared}")
        _check_rules_present(ck, raw, raw.id in parents)
    _report_cycles(ck, by_id)
    children: dict[str | None, list[RawCode]] = {}
    for raw in sorted(by_id.values(), key=lambda r: r.line):
        children.setdefault(raw.parent, []).append(raw)
    ordered: list[Code] = []
    scopes: dict[str, str] = {}
    # Pre-order without recursion, so a chain of thousands of nested codes cannot overflow.
    stack: list[tuple[RawCode, str]] = [(r, default_scope) for r in
                                        reversed(children.get(None, []))]
    while stack:
        raw, inherited = stack.pop()
        scopes[raw.id] = raw.values["scope"] or inherited
        ordered.append(_code(raw, scopes[raw.id]))
        stack.extend((child, scopes[raw.id]) for child in reversed(children.get(raw.id, [])))
    return tuple(ordered)


def _check_rules_present(ck: Checker, raw: RawCode, has_children: bool) -> None:
    positive = [r for r in raw.rules if not r.exclude]
    written = raw.node.get("rules")
    # Rules with errors of their own are not built, but a manual code must not have them either.
    has_rules = bool(positive) or (isinstance(written, list | dict) and len(written) > 0)
    if raw.values["manual"] and has_rules:
        ck.add("C151", f"code '{raw.id}' is marked 'manual: true' but has rules",
               raw.node.line_of("manual"), raw.id,
               hint="remove 'manual: true' to apply the rules, or remove the rules")
    elif not positive and not raw.values["manual"] and not has_children and (
            raw.node.get("rules", []) == []):
        ck.add("C150", f"code '{raw.id}' has no rules, so it is never applied automatically",
               raw.line, raw.id, severity="warning",
               hint="add rules, or mark it 'manual: true' if it is applied by hand only")


def _report_cycles(ck: Checker, by_id: dict[str, RawCode]) -> None:
    reported: set[str] = set()
    for start in by_id.values():
        chain: list[str] = []
        current: str | None = start.id
        while current is not None and current not in chain and current not in reported:
            chain.append(current)
            current = by_id[current].parent
        if current is None or current in reported:
            continue
        cycle = chain[chain.index(current):]
        reported.update(cycle)
        first = min((by_id[c] for c in cycle), key=lambda r: r.line)
        loop = cycle[cycle.index(first.id):] + cycle[: cycle.index(first.id)] + [first.id]
        ck.add("C123", "codes form a parent cycle: " + " -> ".join(loop),
               first.parent_line or first.line, first.id,
               hint="a code cannot be its own ancestor; fix one of the 'parent:' keys")
        for code_id in cycle:
            by_id[code_id].parent = None


def _code(raw: RawCode, scope: str) -> Code:
    v = raw.values
    return Code(
        id=raw.id, parent=raw.parent, dimension=v["dimension"], labels=v["label"],
        brief=v["brief"], definition=v["definition"], when_to_use=v["when_to_use"],
        when_not_to_use=v["when_not_to_use"], examples=v["examples"],
        counter_examples=v["counter_examples"], color=v.get("color"), rules=tuple(raw.rules),
        min_hits=v["min_hits"], scope=scope, memo=v["memo"], line=raw.line, manual=v["manual"],
    )
