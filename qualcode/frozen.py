"""A read-only mapping that pickles: the attributes, labels and look-up tables of the model."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any

__all__ = ["FrozenMap", "frozen_mapping"]


class FrozenMap(Mapping[Any, Any]):
    """A read-only mapping: the model's attributes, labels and look-up tables.

    Unlike ``types.MappingProxyType`` it pickles, so documents, codebooks and corpora can be
    sent to worker processes that start afresh (``--jobs`` where processes are spawned rather
    than forked, as on macOS and Windows), saved with ``pickle`` or cached by ``joblib``.
    It compares equal to any mapping with the same items.

    Args:
        data: The items (copied).
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = ()) -> None:
        self._data: dict[Any, Any] = dict(data)

    @classmethod
    def adopt(cls, data: dict[Any, Any]) -> FrozenMap:
        """Wrap ``data`` without copying it: the caller gives the dict up and must not change
        it afterwards (for readers that build many mappings)."""
        new = cls.__new__(cls)
        new._data = data
        return new

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Any, default: Any = None) -> Any:
        return self._data.get(key, default)

    def keys(self) -> KeysView[Any]:
        return self._data.keys()

    def values(self) -> ValuesView[Any]:
        return self._data.values()

    def items(self) -> ItemsView[Any, Any]:
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like dict: equal to mappings that change

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMap], tuple[dict[Any, Any]]]:
        return FrozenMap, (self._data,)


_EMPTY: Mapping[str, Any] = FrozenMap()


def frozen_mapping(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """Return a read-only copy of ``data`` (an empty mapping for ``None``)."""
    if not data:
        return _EMPTY
    return FrozenMap(data)
