"""Codes and dimensions from REFI-QDA XML (shared by ``.qdc`` and ``.qdpx`` import).

Tolerant of other programs' free-text descriptions, names that are not ids, missing or duplicate
GUIDs, odd colours and category codes; every repair is reported as a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from qualcode.errors import Issue
from qualcode.exchange.codes_out import PER_LANGUAGE, normalise_color
from qualcode.exchange.descriptions import CODE_FIELDS, SET_FIELDS, parse_fields
from qualcode.exchange.guids import guid_for, normalise_guid
from qualcode.exchange.xmlsafe import child, children, text_of
from qualcode.model import Code, Codebook, Dimension, frozen_mapping

__all__ = ["CodeTree", "assemble_codebook", "read_codes", "read_dimension_sets", "slugify"]

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
# Letters that have no ASCII decomposition but an accepted spelling.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe",
                          "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th",
                          "Þ": "TH", "ı": "i"})


def _warn(code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(code, message, hint=hint, severity="warning")


def _some(items: list[str], n: int = 8) -> str:
    return ", ".join(items[:n]) + (" ..." if len(items) > n else "")


def _language(qualifier: str | None, default: str) -> str:
    qualifier = (qualifier or "").strip()
    return qualifier if _LANGUAGE.match(qualifier) else default


def slugify(name: str) -> str:
    """A code id (``[a-z][a-z0-9_]*``) made from a name written by another program."""
    name = name.translate(_LETTERS)
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not slug:
        return "code"
    if not slug[0].isalpha():
        slug = f"c_{slug}"
    return slug


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _id_for(name: str, wanted: str, taken: set[str]) -> str:
    if _SLUG.match(wanted):
        base = wanted
    elif _SLUG.match(name):
        base = name
    else:
        base = slugify(name)
    return _unique(base, taken)


@dataclass(slots=True)
class CodeTree:
    """Codes read from a ``Codes`` element.

    Attributes:
        codes: In document order, parents before children.
        ids: Normalised code GUID -> code id.
        categories: Ids of codes marked ``isCodable="false"``.
        warnings: Repairs made while reading.
    """

    codes: list[Code] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def _code_from(el: Element, code_id: str, parent: str | None, language: str,
               memo_extra: str) -> Code:
    name = el.get("name") or code_id
    description = text_of(child(el, "Description"))
    fields = parse_fields(description, CODE_FIELDS)
    per_lang: dict[str, dict[str, str]] = {attr: {} for attr in PER_LANGUAGE.values()}
    examples: list[str] = []
    counter: list[str] = []
    memo: list[str] = []
    if fields is None:
        if description.strip():
            per_lang["definition"][language] = description.strip()
    else:
        for item in fields:
            if item.name in PER_LANGUAGE:
                per_lang[PER_LANGUAGE[item.name]][_language(item.qualifier, language)] = (
                    item.value)
            elif item.name == "Example":
                examples.append(item.value)
            elif item.name == "Counter-example":
                counter.append(item.value)
            elif item.name == "Memo":
                memo.append(item.value)
    if memo_extra:
        memo.append(memo_extra)
    return Code(
        id=code_id,
        parent=parent,
        labels=frozen_mapping(per_lang["labels"] or {language: name}),
        brief=frozen_mapping(per_lang["brief"]),
        definition=frozen_mapping(per_lang["definition"]),
        when_to_use=frozen_mapping(per_lang["when_to_use"]),
        when_not_to_use=frozen_mapping(per_lang["when_not_to_use"]),
        examples=tuple(examples),
        counter_examples=tuple(counter),
        color=normalise_color(el.get("color")),
        memo="\n\n".join(memo),
    )


def read_codes(
    codes_el: Element | None,
    *,
    language: str = "en",
    note_text: Callable[[Element], str] | None = None,
) -> CodeTree:
    """Read the code tree under a ``Codes`` element.

    Args:
        codes_el: The ``Codes`` element (``None`` gives an empty tree).
        language: Language key for labels and free-text descriptions of other programs.
        note_text: Returns the text of the notes an element references (``NoteRef``), added
            to the code's memo.

    Returns:
        The codes, the GUID -> id map, the category codes and warnings.
    """
    tree = CodeTree()
    if codes_el is None:
        return tree
    taken: set[str] = set()
    renamed: list[str] = []
    invented: list[str] = []
    shared: list[str] = []
    bad_colors: list[str] = []

    def visit(el: Element, parent: str | None, path: str) -> None:
        name = el.get("name") or ""
        fields = parse_fields(text_of(child(el, "Description")), CODE_FIELDS) or []
        wanted = next((f.value.strip() for f in fields if f.name == "Id"), "")
        code_id = _id_for(name, wanted, taken)
        if code_id != (wanted or name):
            renamed.append(f"{name!r} -> {code_id}")
        guid = normalise_guid(el.get("guid"))
        if guid is not None and guid in tree.ids:
            shared.append(f"{name or code_id!r} has the GUID of {tree.ids[guid]!r}")
        if guid is None or guid in tree.ids:
            invented.append(name or code_id)
            guid = guid_for("imported-code", path, code_id)
        tree.ids[guid] = code_id
        if (el.get("isCodable") or "true").strip().lower() in ("false", "0"):
            tree.categories.append(code_id)
        if el.get("color") and not normalise_color(el.get("color")):
            bad_colors.append(f"{name!r} ({el.get('color')!r})")
        memo = note_text(el) if note_text is not None else ""
        tree.codes.append(_code_from(el, code_id, parent, language, memo))
        for kid in children(el, "Code"):
            visit(kid, code_id, f"{path}/{code_id}")

    for el in children(codes_el, "Code"):
        visit(el, None, "")
    if bad_colors:
        tree.warnings.append(_warn(
            "X201", "colours that are not #RRGGBB were left out: " + _some(bad_colors)))
    if renamed:
        tree.warnings.append(_warn(
            "X202", f"{len(renamed)} code name(s) were turned into code ids: "
            + _some(renamed), "the original names are kept as the codes' labels"))
    if invented:
        tree.warnings.append(_warn(
            "X203", f"{len(invented)} code(s) had a missing, invalid or duplicate GUID and got a "
            "new one: " + _some(invented)))
    if shared:
        tree.warnings.append(_warn(
            "X207", f"{len(shared)} code(s) share a GUID with an earlier code, so codings "
            "naming that GUID cannot tell them apart and go to the earlier code: "
            + _some(shared), "check those codings in the program that wrote the file"))
    if tree.categories:
        tree.warnings.append(_warn(
            "X204", f"{len(tree.categories)} category code(s) (isCodable=false) became "
            "ordinary codes: " + _some(tree.categories),
            "qualcode has no non-codable codes; do not apply them if they are only folders"))
    return tree


def read_dimension_sets(
    sets_el: Element | None, tree: CodeTree, *, language: str = "en"
) -> tuple[list[Dimension], dict[str, str], list[Issue]]:
    """Read code ``Set`` elements as dimensions.

    Sets holding no codes (document groups, note sets) are skipped here.

    Returns:
        The dimensions, code id -> dimension id, and warnings.
    """
    dimensions: list[Dimension] = []
    membership: dict[str, str] = {}
    warnings: list[Issue] = []
    if sets_el is None:
        return dimensions, membership, warnings
    taken: set[str] = set()
    for el in children(sets_el, "Set"):
        members = []
        for ref in children(el, "MemberCode"):
            target = ref.get("targetGUID") or ref.get("guid")
            guid = normalise_guid(target)
            if guid in tree.ids:
                members.append(tree.ids[guid])
            else:
                warnings.append(_warn(
                    "X205", f"set {el.get('name')!r} names a code that does not exist: "
                    f"{target!r}"))
        if not members:
            continue
        name = el.get("name") or "dimension"
        description = text_of(child(el, "Description"))
        fields = parse_fields(description, SET_FIELDS)
        labels: dict[str, str] = {}
        texts: dict[str, str] = {}
        text = ""
        exclusive = False
        wanted = ""
        if fields is None:
            text = description.strip()
        else:
            for item in fields:
                if item.name == "Label":
                    labels[_language(item.qualifier, language)] = item.value
                elif item.name == "Description" and item.qualifier:
                    texts[_language(item.qualifier, language)] = item.value
                elif item.name == "Description":
                    text = item.value
                elif item.name == "Exclusive":
                    exclusive = item.value.strip().lower() in ("true", "yes", "1")
                elif item.name == "Id":
                    wanted = item.value.strip()
        dim_id = _id_for(name, wanted, taken)
        if not labels and dim_id != name:
            labels = {language: name}
        dimensions.append(Dimension(dim_id, frozen_mapping(labels), text, exclusive,
                                    frozen_mapping(texts)))
        for code_id in members:
            if code_id in membership and membership[code_id] != dim_id:
                warnings.append(_warn(
                    "X206", f"code {code_id!r} is in several code sets; it stays in the first, "
                    f"{membership[code_id]!r}, not in {dim_id!r}"))
                continue
            membership[code_id] = dim_id
    return dimensions, membership, warnings


def assemble_codebook(
    tree: CodeTree,
    dimensions: list[Dimension],
    membership: Mapping[str, str],
    *,
    name: str,
    version: str = "1.0.0",
    title: str = "",
    description: str = "",
    titles: Mapping[str, str] | None = None,
    descriptions: Mapping[str, str] | None = None,
    authors: tuple[str, ...] = (),
    languages: tuple[str, ...] = ("en",),
    unit: str = "turn",
    scope: str = "participant",
    sources: tuple[str, ...] = (),
    memo: str = "",
    path: str = "",
) -> Codebook:
    """Build a :class:`Codebook` from imported codes and dimensions.

    A code's ``dimension`` is set only where it differs from what its parent passes down;
    ``titles`` and ``descriptions`` are the title and description per language (``title`` and
    ``description`` then default to the primary language's).
    """
    effective: dict[str, str | None] = {}
    codes: list[Code] = []
    found: list[str] = list(languages)
    for code in tree.codes:
        for values in (code.labels, code.brief, code.definition, code.when_to_use,
                       code.when_not_to_use):
            found += [lang for lang in values if lang not in found]
    for dim in dimensions:
        found += [lang for lang in dim.labels if lang not in found]
    for code in tree.codes:
        inherited = effective.get(code.parent) if code.parent else None
        own = membership.get(code.id)
        effective[code.id] = own or inherited
        codes.append(replace(code, dimension=own if own and own != inherited else None))
    return Codebook(
        name=name, version=version, codes=tuple(codes), dimensions=tuple(dimensions),
        title=title, authors=authors, description=description, languages=tuple(found),
        unit=unit, scope=scope, sources=sources, memo=memo, path=path,
        titles=frozen_mapping(titles), descriptions=frozen_mapping(descriptions),
    )
