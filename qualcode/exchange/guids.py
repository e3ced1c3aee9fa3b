"""GUIDs: deterministic ones for export, normalised ones for import.

Exported GUIDs are UUID version 5 (name-based) under one fixed namespace, so exporting the same
codebook or project twice gives the same GUIDs and the files diff cleanly. The name is a kind
(``code``, ``source``, ``coding`` ...) and the stable ids of the thing, joined by ``\\x1f``.
"""

from __future__ import annotations

import uuid

__all__ = ["NAMESPACE", "guid_for", "normalise_guid"]

NAMESPACE = uuid.UUID("29884863-4f5a-4318-89e8-f1c5c68b73f4")
"""The namespace of every GUID qualcode writes (never change it: GUIDs would change)."""

_SEPARATOR = "\x1f"


def guid_for(kind: str, *parts: object) -> str:
    """Return the GUID of a thing of ``kind`` identified by ``parts``.

    Args:
        kind: What it is (``code``, ``set``, ``user``, ``source``, ``selection``, ``coding``,
            ``case``, ``variable``, ``note``).
        parts: Its stable ids, e.g. the code id, or document id and offsets.

    Returns:
        A lowercase hyphenated UUID string.
    """
    name = _SEPARATOR.join([kind, *(str(p) for p in parts)])
    return str(uuid.uuid5(NAMESPACE, name))


def normalise_guid(text: str | None) -> str | None:
    """Return ``text`` as a lowercase hyphenated GUID, or ``None`` if it is not one.

    Upper case, lower case and the braced ``{...}`` form all normalise to the same key.
    """
    if not text:
        return None
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None
