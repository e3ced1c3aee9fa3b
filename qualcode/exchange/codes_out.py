"""Codes and dimensions to REFI-QDA XML (shared by ``.qdc`` and ``.qdpx`` export).

Every code becomes a codable ``Code`` nested as in the codebook, named by its id (or its label in
one language), with definitions, examples, labels and memo in a structured ``Description``
(:mod:`qualcode.exchange.descriptions`). Every dimension becomes a ``Set`` whose ``MemberCode``
entries are the dimension's codes, so the code tree stays exactly the codebook's tree (code paths
do not change) while matrices keep their grouping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.etree.ElementTree import Element, SubElement

from qualcode.errors import Issue
from qualcode.exchange.codebook_yaml import texts_per_language
from qualcode.exchange.descriptions import Field, format_fields
from qualcode.exchange.guids import guid_for
from qualcode.model import Code, Codebook, Dimension

__all__ = [
    "PER_LANGUAGE",
    "build_codes",
    "build_dimension_sets",
    "code_description",
    "code_name",
    "codebook_warnings",
    "normalise_color",
]

_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
PER_LANGUAGE = {
    "Brief": "brief",
    "Definition": "definition",
    "When to use": "when_to_use",
    "When not to use": "when_not_to_use",
    "Label": "labels",
}


def _warn(code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(code, message, hint=hint, severity="warning")


def normalise_color(text: str | None) -> str | None:
    """``#RRGGBB`` (``#RGB`` expanded, case kept), or ``None`` when ``text`` is no such colour."""
    if not text:
        return None
    text = text.strip()
    if not _COLOR.match(text):
        return None
    if len(text) == 4:
        text = "#" + "".join(ch * 2 for ch in text[1:])
    return text


def code_name(code: Code, language: str | None) -> str:
    """The ``name`` written for ``code``: its id, or its label in ``language`` when given."""
    if language is None:
        return code.id
    return code.labels.get(language) or code.id


def code_description(code: Code, language: str | None) -> str:
    """The structured description of ``code`` (definitions, examples, labels, memo, id)."""
    fields: list[Field] = []
    for name, attr in PER_LANGUAGE.items():
        if attr == "labels":
            continue
        for lang, text in getattr(code, attr).items():
            fields.append(Field(name, lang, text))
    fields += [Field("Example", None, text) for text in code.examples]
    fields += [Field("Counter-example", None, text) for text in code.counter_examples]
    fields += [Field("Label", lang, text) for lang, text in code.labels.items()]
    fields.append(Field("Memo", None, code.memo))
    if code_name(code, language) != code.id:
        fields.append(Field("Id", None, code.id))
    return format_fields(fields)


def build_codes(
    parent: Element,
    codebook: Codebook,
    *,
    language: str | None = None,
    note_refs: Mapping[str, list[str]] | None = None,
) -> dict[str, str]:
    """Append ``<Codes>`` with the code tree of ``codebook`` to ``parent``.

    Args:
        parent: ``CodeBook`` element (of a ``.qdc`` or inside a project).
        codebook: The codebook.
        language: Name codes by their label in this language instead of their id.
        note_refs: Code id -> GUIDs of notes to reference (projects only).

    Returns:
        Code id -> GUID.
    """
    ids = {c.id for c in codebook.codes}
    guids = {c.id: guid_for("code", c.id) for c in codebook.codes}
    codes_el = SubElement(parent, "Codes")

    def add(into: Element, code: Code) -> None:
        attrs = {"guid": guids[code.id], "name": code_name(code, language), "isCodable": "true"}
        color = normalise_color(code.color)
        if color:
            attrs["color"] = color
        el = SubElement(into, "Code", attrs)
        description = code_description(code, language)
        if description:
            SubElement(el, "Description").text = description
        for note in (note_refs or {}).get(code.id, ()):
            SubElement(el, "NoteRef", {"targetGUID": note})
        for kid in codebook.codes:
            if kid.parent == code.id and kid.id != code.id:
                add(el, kid)

    for code in codebook.codes:
        if code.parent is None or code.parent not in ids:
            add(codes_el, code)
    return guids


def build_dimension_sets(
    parent: Element, codebook: Codebook, code_guids: Mapping[str, str], *, member_attr: str
) -> Element | None:
    """Append ``<Sets>`` with one ``Set`` per dimension (nothing when there are none).

    Args:
        parent: The ``CodeBook`` (``.qdc``) or ``Project`` element.
        codebook: The codebook.
        code_guids: Code id -> GUID, from :func:`build_codes`.
        member_attr: ``guid`` in a ``.qdc``, ``targetGUID`` in a project.

    Returns:
        The ``Sets`` element, or ``None``.
    """
    dimensions = list(codebook.dimensions)
    declared = {d.id for d in dimensions}
    for code in codebook.codes:
        dim = codebook.dimension_of(code.id)
        if dim and dim not in declared:
            declared.add(dim)
            dimensions.append(Dimension(dim))
    if not dimensions:
        return None
    sets_el = SubElement(parent, "Sets")
    for dim in dimensions:
        el = SubElement(sets_el, "Set", {"guid": guid_for("dimension", dim.id), "name": dim.id})
        fields = [Field("Label", lang, text) for lang, text in dim.labels.items()]
        texts = texts_per_language(dim, "description", codebook.languages)
        if texts is None:
            fields.append(Field("Description", None, dim.description))
        else:
            fields += [Field("Description", lang, text) for lang, text in texts.items()]
        if dim.exclusive:
            fields.append(Field("Exclusive", None, "true"))
        text = format_fields(fields)
        if text:
            SubElement(el, "Description").text = text
        for code in codebook.codes_in(dim.id):
            SubElement(el, "MemberCode", {member_attr: code_guids[code.id]})
    return sets_el


def codebook_warnings(codebook: Codebook, *, qdc: bool) -> list[Issue]:
    """What the REFI-QDA formats cannot carry of ``codebook`` (spec section 7)."""
    out: list[Issue] = []
    ruled = [c for c in codebook.codes if c.rules]
    if ruled:
        n_rules = sum(len(c.rules) for c in ruled)
        out.append(_warn(
            "X101",
            f"{n_rules} automatic coding rule(s) of {len(ruled)} code(s) are not exported: "
            "REFI-QDA has no coding rules, so other programs see manual codes only",
            "keep the YAML codebook beside the export to re-run the automatic coding",
        ))
    tuned = [c.id for c in codebook.codes if c.min_hits != 1 or c.scope != codebook.scope]
    if tuned:
        out.append(_warn(
            "X102",
            f"rule settings (min_hits, scope) of {len(tuned)} code(s) are not exported: "
            + ", ".join(tuned[:10]) + (" ..." if len(tuned) > 10 else ""),
        ))
    exclusive = [d.id for d in codebook.dimensions if d.exclusive]
    if exclusive:
        out.append(_warn(
            "X103",
            "exclusive dimension(s) " + ", ".join(exclusive) + " are exported as code sets with "
            "'Exclusive: true' in their description only; other programs will not enforce it",
        ))
    with_examples = [c for c in codebook.codes if c.examples or c.counter_examples]
    if with_examples:
        out.append(_warn(
            "X104",
            f"examples of {len(with_examples)} code(s) are written into the codes' description "
            "text (REFI-QDA has no field for examples)",
        ))
    bad_colors = [c.id for c in codebook.codes if c.color and not normalise_color(c.color)]
    if bad_colors:
        out.append(_warn(
            "X105", "colours that are not #RRGGBB were left out for: " + ", ".join(bad_colors),
        ))
    if qdc:
        out.append(_warn(
            "X106",
            "the codebook's name, version, title, authors, description, languages (and which "
            "comes first), unit, default scope, sources and memo are not carried by a .qdc file "
            "(it holds codes and sets only)",
            "export a .qdpx project to carry them: its description holds the codebook's "
            "fields and memo",
        ))
    return out
