"""Writing a :class:`~qualcode.model.Codebook` as codebook YAML (the format of ``codebooks/``).

Used for imported codebooks, which have no rules: every code is written ``manual: true`` (applied
by hand only), children are nested under their parent's ``codes:``, and a child's dimension is
written only where it differs from the one it inherits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from qualcode.model import Code, Codebook

__all__ = ["codebook_data", "codebook_yaml", "texts_per_language"]


def _texts(values: Mapping[str, str]) -> dict[str, str] | None:
    return {k: v for k, v in values.items() if v} or None


def texts_per_language(item: Any, name: str, languages: Sequence[str]) -> dict[str, str] | None:
    """The ``title`` or ``description`` of a codebook (or a dimension's ``description``) per
    language, or ``None`` when it is plain text in the primary language (written plain, as
    plain text is read back).

    Args:
        item: The codebook or dimension, with ``name`` and ``name + "s"`` (the texts).
        name: ``title`` or ``description``.
        languages: The codebook's languages, the primary first.
    """
    text: str = getattr(item, name)
    texts = {k: v for k, v in getattr(item, f"{name}s").items() if v}
    primary = languages[0] if languages else None
    if not texts or texts == {primary: text}:
        return None
    if text and primary and primary not in texts and text not in texts.values():
        texts = {primary: text, **texts}  # a text given beside the per-language ones
    return texts


def _has_manual_flag() -> bool:
    return any(f.name == "manual" for f in dataclasses.fields(Code))


def _code_data(codebook: Codebook, code: Code, inherited: str | None,
               manual_flag: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": code.id}
    own = codebook.dimension_of(code.id)
    if own and own != inherited:
        data["dimension"] = own
    optional: dict[str, Any] = {
        "label": _texts(code.labels),
        "color": code.color,
        "brief": _texts(code.brief),
        "definition": _texts(code.definition),
        "when_to_use": _texts(code.when_to_use),
        "when_not_to_use": _texts(code.when_not_to_use),
    }
    examples: dict[str, list[str]] = {}
    if code.examples:
        examples["positive"] = list(code.examples)
    if code.counter_examples:
        examples["negative"] = list(code.counter_examples)
    optional["examples"] = examples or None
    optional["memo"] = code.memo or None
    data.update({k: v for k, v in optional.items() if v})
    if not code.rules and manual_flag:
        data["manual"] = True
    kids = [c for c in codebook.codes if c.parent == code.id and c.id != code.id]
    if kids:
        data["codes"] = [_code_data(codebook, kid, own, manual_flag) for kid in kids]
    return data


def codebook_data(codebook: Codebook) -> dict[str, Any]:
    """The codebook as plain data in the YAML layout (keys in the documented order)."""
    data: dict[str, Any] = {"name": codebook.name, "version": codebook.version or "1.0.0"}
    for key, value in (
        ("title", texts_per_language(codebook, "title", codebook.languages) or codebook.title),
        ("authors", list(codebook.authors)),
        ("description", texts_per_language(codebook, "description", codebook.languages)
         or codebook.description),
        ("languages", list(codebook.languages)),
        ("unit", codebook.unit),
        ("scope", codebook.scope),
        ("sources", list(codebook.sources)),
        ("memo", codebook.memo),
    ):
        if value:
            data[key] = value
    if codebook.dimensions:
        dims = []
        for dim in codebook.dimensions:
            item: dict[str, Any] = {"id": dim.id}
            if dim.labels:
                item["label"] = dict(dim.labels)
            if dim.description:
                item["description"] = (texts_per_language(dim, "description", codebook.languages)
                                       or dim.description)
            item["exclusive"] = dim.exclusive
            dims.append(item)
        data["dimensions"] = dims
    ids = {c.id for c in codebook.codes}
    manual_flag = _has_manual_flag()
    data["codes"] = [
        _code_data(codebook, code, None, manual_flag)
        for code in codebook.codes
        if code.parent is None or code.parent not in ids
    ]
    return data


def codebook_yaml(codebook: Codebook, *, header: str = "") -> str:
    """The codebook as YAML text, optionally after a comment ``header`` (one line per line)."""
    import yaml

    comment = "".join(f"# {line}\n" for line in header.splitlines())
    body = yaml.safe_dump(codebook_data(codebook), allow_unicode=True, sort_keys=False,
                          width=100, default_flow_style=False)
    return comment + body
