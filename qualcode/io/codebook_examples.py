"""A codebook's own examples, coded with its rules: warning C160 for each that comes out wrong.

A code's positive examples are turns its rules must code, its negative examples turns they must
not (docs/codebook.md). Each example is coded on its own, as one segment of the code's scope (a
participant turn, or an interviewer turn for a code of ``scope: interviewer``), with the
compiled rules of the whole codebook, so exclusions, ``min_hits`` and exclusive dimensions count
as they do in ``qualcode code``. A code counts as applied when it or one of its descendants is
(a child implies its parent). Codes whose subtree has no rules are applied by hand and skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import Issue, IssueCollector
from qualcode.io.yamlmarks import LineDict, LineList, compose_with_lines

if TYPE_CHECKING:
    from qualcode.coding.matcher import Matcher, RuleMatch
    from qualcode.model import Code, Codebook

__all__ = ["check_codebook_examples"]

_KINDS = (("positive", "examples"), ("negative", "counter_examples"))
_SHOWN = 60  # characters of an example quoted in a message


@dataclass(frozen=True, slots=True)
class _Place:
    """Where an example is written: its 1-based line and its YAML path below the code."""

    line: int | None
    where: str


def check_codebook_examples(codebook: Codebook, *, matcher: Matcher | None = None
                            ) -> list[Issue]:
    """Code each example of ``codebook`` with its rules and report those coded otherwise than
    they say.

    Args:
        codebook: A valid codebook (from :func:`~qualcode.io.codebook.load_codebook`).
        matcher: Its compiled rules, if already compiled
            (:func:`~qualcode.coding.matcher.compile_codebook`); compiled here otherwise.

    Returns:
        One warning ``C160`` per positive example its code does not get and per negative
        example it gets, in file order, each with the line of the example (the code's line when
        the file cannot be read again or has changed since it was loaded) and a hint naming the
        rules involved.
    """
    from qualcode.coding.matcher import compile_codebook

    ruled = _ruled_codes(codebook)
    if not any(code.examples or code.counter_examples
               for code in codebook.codes if code.id in ruled):
        return []
    matcher = matcher if matcher is not None else compile_codebook(codebook)
    places = _example_places(codebook)
    issues = IssueCollector(codebook.path or None)
    for code in codebook.codes:
        if code.id not in ruled:
            continue
        for kind, field_name in _KINDS:
            for index, example in enumerate(getattr(code, field_name)):
                _check(codebook, matcher, code, kind, example,
                       _place(places, code, kind, index), issues)
    issues.issues.sort(key=lambda issue: issue.line or 0)
    return issues.issues


def _ruled_codes(codebook: Codebook) -> set[str]:
    """The ids of the codes that rules can apply: those with rules of their own (not only
    exclusions) or with such a descendant."""
    ruled: set[str] = set()
    for code in codebook.codes:
        if any(not rule.exclude for rule in code.rules):
            ruled.update(codebook.path_of(code.id))
    return ruled


def _check(codebook: Codebook, matcher: Matcher, code: Code, kind: str, example: str,
           place: _Place, issues: IssueCollector) -> None:
    """Add a C160 warning when ``example`` is not coded as its ``kind`` says."""
    interviewer = code.scope == "interviewer"
    found = matcher.match(example, interviewer=interviewer)
    applied = [m for m in found if code.id in codebook.path_of(m.code)]
    shown = _quoted(example)
    if kind == "positive" and not applied:
        others = [m.code for m in found]
        message = (f"positive example {shown} is not coded '{code.id}'"
                   + (f" (it is coded {', '.join(others)})" if others else " (no code applies)"))
        hint = _missed_hint(codebook, matcher, code, example, interviewer, others)
    elif kind == "negative" and applied:
        through = [m.code for m in applied if m.code != code.id]
        message = (f"negative example {shown} is coded '{code.id}'"
                   + (f" (through {', '.join(through)})" if through else ""))
        fired = "; ".join(f"{m.rule} matching '{m.match}'" for m in applied)
        hint = (f"{fired}: add the word forms to the rule's except list or an exclude rule, "
                "or correct the example")
    else:
        return
    issues.add("C160", message, line=place.line, where=place.where, hint=hint,
               severity="warning")


def _missed_hint(codebook: Codebook, matcher: Matcher, code: Code, example: str,
                 interviewer: bool, others: list[str]) -> str:
    """Why a positive example missed its code, as far as the rules tell."""
    subtree = [c for c in codebook.codes if code.id in codebook.path_of(c.id)]
    ids = {c.id for c in subtree}
    exclusions = {rule.label for c in subtree for rule in c.rules if rule.exclude}
    matches = [m for m in matcher.rule_matches(example, interviewer=interviewer)
               if m.code in ids]
    enabling = [m for m in matches if m.rule not in exclusions]
    if not enabling:
        return (f"no rule of '{code.id}' matches it: add a phrase or rule that does, or correct "
                "the example ('qualcode codebook show --hits' lists what each rule catches)")
    excluding = [m for m in matches if m.rule in exclusions]
    if excluding:
        return f"{_rules(excluding)}: narrow the exclusion, or correct the example"
    unresolved = {m.code for m in matcher.match(example, interviewer=interviewer,
                                                resolve=False)}
    if unresolved & ids:
        return (f"{_rules(enabling)}, but dimension '{codebook.dimension_of(code.id)}' is "
                f"exclusive and gives the example {', '.join(others)} instead (more distinct "
                "words matched, then more hits): reword the example or the rules")
    return (f"{_rules(enabling)}: fewer hits than min_hits {code.min_hits}; lower min_hits, or "
            "correct the example")


def _rules(matches: list[RuleMatch]) -> str:
    """Rules and the words they matched: ``a.rules[0] matching 'x, y'; ...``."""
    return "; ".join(f"{m.rule} matching '{', '.join(dict.fromkeys(m.words))}'"
                     for m in matches)


def _quoted(example: str) -> str:
    """The example in double quotes, on one line, shortened if long."""
    text = " ".join(example.split())
    if len(text) > _SHOWN:
        text = text[:_SHOWN - 3].rstrip() + "..."
    return f'"{text}"'


def _place(places: dict[tuple[str, str], list[_Place]], code: Code, kind: str,
           index: int) -> _Place:
    """Where the ``index``-th example of ``kind`` of ``code`` is written, as far as known."""
    known = places.get((code.id, kind), [])
    if index < len(known):
        return known[index]
    return _Place(code.line, f"{code.id}.examples.{kind}[{index}]")


def _example_places(codebook: Codebook) -> dict[tuple[str, str], list[_Place]]:
    """``(code id, kind) -> places`` of every example, read again from the codebook's file;
    empty when the file is gone or is not the one the codebook was read from."""
    try:
        raw = Path(codebook.path).read_bytes() if codebook.path else None
    except OSError:
        return {}
    if raw is None or hashlib.sha256(raw).hexdigest() != codebook.content_hash:
        return {}
    data = compose_with_lines(raw.decode("utf-8-sig"), IssueCollector())
    places: dict[tuple[str, str], list[_Place]] = {}
    if isinstance(data, LineDict):
        for node in _code_nodes(data.get("codes")):
            code_id = node.get("id")
            if isinstance(code_id, str) and "examples" in node:
                for kind, found in _places_of(node, code_id):
                    places.setdefault((code_id, kind), []).extend(found)
    return places


def _code_nodes(codes: object) -> Iterator[LineDict]:
    """Every code mapping of a ``codes`` list, nested codes included."""
    if not isinstance(codes, LineList):
        return
    for node in codes:
        if isinstance(node, LineDict):
            yield node
            yield from _code_nodes(node.get("codes"))


def _places_of(node: LineDict, code_id: str) -> Iterator[tuple[str, list[_Place]]]:
    """The places of a code's examples: a plain list (or text) is positive, a mapping holds
    ``positive`` and ``negative``."""
    value = node["examples"]
    if isinstance(value, LineDict):
        for kind in ("positive", "negative"):
            if kind in value:
                yield kind, _items(value, kind, f"{code_id}.examples.{kind}")
    else:
        yield "positive", _items(node, "examples", f"{code_id}.examples")


def _items(node: LineDict, key: str, where: str) -> list[_Place]:
    """The places of the texts under ``key``: one per list item, or one for a single text."""
    value = node[key]
    if isinstance(value, LineList):
        return [_Place(value.line_of(i), f"{where}[{i}]") for i in range(len(value))]
    return [_Place(node.line_of(key, value=True), where)]
