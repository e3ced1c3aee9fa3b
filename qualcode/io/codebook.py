"""Codebook YAML files: load, validate (every problem at once, with lines), build the model.

The format is described in ``docs/codebook.md``. :func:`load_codebook` returns a
:class:`~qualcode.model.Codebook` or raises one :class:`~qualcode.errors.CodebookError` whose
``issues`` list every problem with its file, 1-based line and code id; :func:`validate_codebook`
returns the issues (errors and warnings) without raising.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qualcode.coding.morphology import tokenize
from qualcode.errors import CodebookError, Issue, IssueCollector
from qualcode.io.codebook_checks import Checker
from qualcode.io.codebook_rules import parse_rules
from qualcode.io.codebook_schema import (
    CODE_KEYS,
    CODEBOOK_KEYS,
    COLOR_RE,
    DIMENSION_KEYS,
    EXAMPLES_KEYS,
    ISO_639_1,
    MAX_FILE_BYTES,
    NAME_RE,
    SCOPES,
    SLUG_RE,
    UNITS,
)
from qualcode.io.codebook_tree import RawCode, build_tree
from qualcode.io.yamlmarks import LineDict, compose_with_lines
from qualcode.model import Code, Codebook, Dimension, Rule, frozen_mapping

__all__ = ["load_codebook", "parse_codebook", "validate_codebook"]


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file.

    Args:
        path: The ``.yaml`` file.

    Returns:
        The codebook; non-fatal issues are in :attr:`Codebook.warnings`.

    Raises:
        CodebookError: With every problem found (file, 1-based line, code id, hint each).
    """
    codebook, issues = _check_file(Path(path))
    return _result(codebook, issues, str(path))


def validate_codebook(path: str | Path) -> list[Issue]:
    """Every problem of a codebook file, errors and warnings, in file order.

    Args:
        path: The ``.yaml`` file.

    Returns:
        The issues (empty when the codebook is clean).
    """
    return _check_file(Path(path))[1].issues


def parse_codebook(text: str, *, path: str = "<string>") -> Codebook:
    """Build a codebook from YAML text (for tests, notebooks and embedded codebooks).

    Args:
        text: The YAML.
        path: Name used in messages.

    Raises:
        CodebookError: With every problem found.
    """
    issues = IssueCollector(path)
    codebook = _check_text(text, issues, path, hashlib.sha256(text.encode()).hexdigest())
    return _result(codebook, issues, path)


def _result(codebook: Codebook | None, issues: IssueCollector, path: str) -> Codebook:
    issues.raise_if_errors(CodebookError, f"invalid codebook {path}")
    if codebook is None:  # pragma: no cover - no errors means a codebook was built
        raise CodebookError("the codebook could not be read", path=path)
    return codebook


def _check_file(path: Path) -> tuple[Codebook | None, IssueCollector]:
    issues = IssueCollector(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            issues.add("C100", f"the file is {size} bytes; codebooks are limited to "
                       f"{MAX_FILE_BYTES} bytes", hint="split it or remove embedded data")
            return None, issues
        raw = path.read_bytes()
    except FileNotFoundError:
        issues.add("C100", "codebook file not found", hint="check the path")
        return None, issues
    except IsADirectoryError:
        issues.add("C100", "this is a folder, not a codebook file",
                   hint="give the .yaml file itself")
        return None, issues
    except OSError as exc:
        issues.add("C100", f"cannot read the codebook: {exc.strerror or exc}",
                   hint="check the file's permissions")
        return None, issues
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        issues.add("C100", "the file is not UTF-8 text", line=line,
                   hint="save the codebook as UTF-8")
        return None, issues
    codebook = _check_text(text, issues, str(path), hashlib.sha256(raw).hexdigest())
    return codebook, issues


def _check_text(text: str, issues: IssueCollector, path: str, digest: str) -> Codebook | None:
    from qualcode.coding.regex_verdicts import save_verdicts

    try:
        return _read_codebook(text, issues, path, digest)
    finally:
        save_verdicts()  # the regex analyses of this codebook, for the next run


def _read_codebook(text: str, issues: IssueCollector, path: str, digest: str
                   ) -> Codebook | None:
    data = compose_with_lines(text, issues)
    if data is None:
        if not issues.errors:
            issues.add("C110", "the codebook is empty", line=1,
                       hint="start from the example in docs/codebook.md")
        return None
    if not isinstance(data, LineDict):
        issues.add("C110", "the codebook must be a mapping (name, version, codes ...)", line=1,
                   hint="start from the example in docs/codebook.md")
        return None
    ck = Checker(issues)
    ck.keys(data, CODEBOOK_KEYS, None)
    languages = _languages(ck, data)
    ck.languages = languages
    meta = _metadata(ck, data)
    dimensions = _dimensions(ck, data)
    raws: list[RawCode] = []
    codes = ck.value(data, "codes", "list", None, required=True)
    if codes is not None:
        if not codes:
            ck.add("C110", "'codes' is an empty list", data.line_of("codes"), None)
        for i, node in enumerate(codes):
            _read_code(ck, node, codes.line_of(i), f"codes[{i}]", None, raws)
    built = build_tree(ck, raws, {d.id for d in dimensions}, meta["scope"])
    _check_phrase_words(ck, built)
    issues.issues.sort(key=lambda i: i.line or 0)
    if issues.errors:
        return None
    warnings = tuple(i for i in issues.issues if i.severity != "error")
    return Codebook(
        name=meta["name"], version=meta["version"], codes=built,
        dimensions=tuple(dimensions), titles=meta["titles"], authors=meta["authors"],
        descriptions=meta["descriptions"], languages=languages, unit=meta["unit"],
        scope=meta["scope"], sources=meta["sources"], memo=meta["memo"], path=path,
        content_hash=digest, warnings=warnings,
    )


MAX_STEMMED_WORDS = 50_000
"""Distinct words the stemmed phrases and ``near`` terms of a codebook may hold together (each
is stemmed when the rules are compiled: about 0.3 ms a word, so 50,000 take some 15 s). Exact
phrases (``match: exact``) are not counted."""


def _check_phrase_words(ck: Checker, codes: Sequence[Code]) -> None:
    """C148: a codebook whose stemmed phrases hold more than :data:`MAX_STEMMED_WORDS` distinct
    words (compiling it would take minutes and gigabytes)."""
    words: set[str] = set()
    first: tuple[Code, Rule] | None = None  # named in the message
    for code in codes:
        for rule in code.rules:
            if rule.mode == "exact":
                continue
            texts = [t for ts in rule.phrases.values() for t in ts]
            texts += [t for group in (rule.near or ()) for t in group]
            if texts and first is None:
                first = (code, rule)
            for text in texts:
                words.update(tokenize(text))
    if len(words) > MAX_STEMMED_WORDS and first is not None:
        ck.add("C148", f"the stemmed phrases and near terms hold {len(words):,} distinct words, "
               f"more than the {MAX_STEMMED_WORDS:,} a codebook may hold (each is stemmed when "
               "the rules are compiled)", first[1].line, first[0].id,
               hint="for a long word list, set 'match: exact' on its rules (exact words are "
               "not stemmed), or split the codebook")


def _languages(ck: Checker, data: LineDict) -> tuple[str, ...]:
    if "languages" not in data:
        return ("id", "en")
    value = ck.value(data, "languages", "list", None)
    out: list[str] = []
    for lang, line in ck.items(value, "languages", None) if value is not None else []:
        if lang not in ISO_639_1:
            ck.add("C130", f"unknown language '{lang}': not an ISO 639-1 code", line, None,
                   hint="use two-letter codes such as id, en, jv, ms")
        elif lang not in out:
            out.append(lang)
    if value is not None and not value:
        ck.add("C110", "'languages' is an empty list", data.line_of("languages"), None)
    return tuple(out) or ("id", "en")


def _metadata(ck: Checker, data: LineDict) -> dict[str, Any]:
    name = ck.value(data, "name", "text", None, required=True) or ""
    if name and not NAME_RE.match(name):
        ck.add("C120", f"codebook name '{name}' is not a valid name", data.line_of("name"),
               None, hint="use lowercase letters, digits and - _ . (e.g. case-management-"
                          "bullying)")
    version = ck.value(data, "version", "text", None, required=True) or ""
    unit = ck.value(data, "unit", "text", None) or "turn"
    if unit not in UNITS:
        ck.add("C132", f"unknown unit '{unit}'; choose one of {', '.join(UNITS)}",
               data.line_of("unit", value=True), None)
        unit = "turn"
    scope = ck.value(data, "scope", "text", None) or "participant"
    if scope not in SCOPES:
        ck.add("C133", f"unknown scope '{scope}'; choose one of {', '.join(SCOPES)}",
               data.line_of("scope", value=True), None)
        scope = "participant"
    memo = ck.value(data, "memo", "text", None) or ""
    return {
        "name": name, "version": version, "unit": unit, "scope": scope,
        "titles": frozen_mapping(ck.lang_texts(data, "title", None)),
        "descriptions": frozen_mapping(ck.lang_texts(data, "description", None)),
        "authors": tuple(t for t, _ in ck.texts(data, "authors", None)),
        "sources": tuple(t for t, _ in ck.texts(data, "sources", None)),
        "memo": memo,
    }


def _dimensions(ck: Checker, data: LineDict) -> list[Dimension]:
    value = ck.value(data, "dimensions", "list", None)
    out: list[Dimension] = []
    lines: dict[str, int] = {}
    for i, node in enumerate(value or []):
        where = f"dimensions[{i}]"
        if not isinstance(node, LineDict):
            ck.add("C110", "a dimension must be a mapping with id and label",
                   value.line_of(i), where)
            continue
        dim_id = ck.value(node, "id", "text", where, required=True)
        ck.keys(node, DIMENSION_KEYS, f"dimension {dim_id}" if dim_id else where)
        if dim_id is None:
            continue
        where = f"dimension {dim_id}"
        if not SLUG_RE.match(dim_id):
            ck.add("C120", f"dimension id '{dim_id}' is not a valid id", node.line_of("id"),
                   where, hint="ids start with a lowercase letter and use only a-z, 0-9 and _")
        if dim_id in lines:
            ck.add("C121", f"duplicate dimension id '{dim_id}' (first defined on line "
                   f"{lines[dim_id]})", node.line_of("id"), where)
            continue
        lines[dim_id] = node.line_of("id")
        descriptions = ck.lang_texts(node, "description", where)
        primary = next((descriptions[lang] for lang in ck.languages if lang in descriptions),
                       next(iter(descriptions.values()), ""))
        exclusive = ck.value(node, "exclusive", "bool", where)
        out.append(Dimension(dim_id, frozen_mapping(ck.lang_texts(node, "label", where)),
                             primary, bool(exclusive), frozen_mapping(descriptions)))
    return out


def _read_code(ck: Checker, node: Any, line: int, where: str, outer: str | None,
               raws: list[RawCode]) -> None:
    if not isinstance(node, LineDict):
        ck.add("C110", "a code must be a mapping starting with '- id: ...'", line, where)
        return
    code_id = ck.value(node, "id", "text", where, required=True)
    ck.keys(node, CODE_KEYS, code_id or where)
    if code_id is None:
        return
    where = code_id
    if not SLUG_RE.match(code_id):
        ck.add("C120", f"code id '{code_id}' is not a valid id", node.line_of("id"), where,
               hint="ids start with a lowercase letter and use only a-z, 0-9 and _ "
                    "(e.g. school_denial)")
    raw = RawCode(code_id, node.line_of("id"), where, node, parent=outer)
    parent = ck.value(node, "parent", "text", where)
    if parent is not None:
        if outer is not None and parent != outer:
            ck.add("C125", f"code '{code_id}' is nested under '{outer}' but names parent "
                   f"'{parent}'", node.line_of("parent"), where,
                   hint="remove 'parent:' from nested codes or move the code")
        raw.parent, raw.parent_line = parent, node.line_of("parent")
    _read_fields(ck, node, raw)
    raws.append(raw)
    children = ck.value(node, "codes", "list", where)
    for i, child in enumerate(children or []):
        _read_code(ck, child, children.line_of(i), f"{code_id}.codes[{i}]", code_id, raws)


def _read_fields(ck: Checker, node: LineDict, raw: RawCode) -> None:
    where = raw.where
    v = raw.values
    v["dimension"] = ck.value(node, "dimension", "text", where)
    for key in ("label", "brief", "definition", "when_to_use", "when_not_to_use"):
        v[key] = frozen_mapping(ck.lang_texts(node, key, where))
    v["memo"] = ck.value(node, "memo", "text", where) or ""
    v["manual"] = bool(ck.value(node, "manual", "bool", where))
    if "color" in node:
        color = node["color"]
        if color is None:
            ck.add("C131", "colour is empty", node.line_of("color"), where,
                   hint="quote the value (color: \"#1b9e77\"): an unquoted # starts a YAML "
                        "comment")
        elif not isinstance(color, str) or not COLOR_RE.match(color):
            ck.add("C131", f"colour '{color}' is not a #RRGGBB hex colour",
                   node.line_of("color", value=True), where, hint="for example \"#1b9e77\"")
        else:
            v["color"] = color.lower()
    scope = ck.value(node, "scope", "text", where)
    if scope is not None and scope not in SCOPES:
        ck.add("C133", f"unknown scope '{scope}'; choose one of {', '.join(SCOPES)}",
               node.line_of("scope", value=True), where)
        scope = None
    v["scope"] = scope
    min_hits = ck.value(node, "min_hits", "int", where)
    if min_hits is not None and min_hits < 1:
        ck.add("C135", f"'min_hits' must be 1 or more, not {min_hits}",
               node.line_of("min_hits", value=True), where)
        min_hits = None
    v["min_hits"] = min_hits or 1
    v["examples"], v["counter_examples"] = _examples(ck, node, where)
    raw.rules = parse_rules(ck, node, "rules", raw.id) + parse_rules(ck, node, "exclude", raw.id)


def _examples(ck: Checker, node: LineDict, where: str) -> tuple[tuple[str, ...], ...]:
    if "examples" not in node:
        return (), ()
    value = node["examples"]
    if isinstance(value, list):
        return tuple(t for t, _ in ck.texts(node, "examples", where)), ()
    value = ck.value(node, "examples", "mapping", where,
                     hint="examples: {positive: [...], negative: [...]}")
    if value is None:
        return (), ()
    ck.keys(value, EXAMPLES_KEYS, where)
    return (tuple(t for t, _ in ck.texts(value, "positive", where)),
            tuple(t for t, _ in ck.texts(value, "negative", where)))
