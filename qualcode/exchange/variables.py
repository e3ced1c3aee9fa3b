"""Case and document attributes as REFI-QDA Variables: type inference and value conversion."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

__all__ = [
    "VALUE_ELEMENTS",
    "format_value",
    "infer_type",
    "is_missing",
    "parse_value",
]

VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def is_missing(value: Any) -> bool:
    """Whether ``value`` means "no value" (``None``, empty text, NaN)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float" if math.isfinite(value) else "Text"
    if _is_date(value):
        return "Date"
    return "Text"


def infer_type(values: Iterable[Any]) -> str:
    """The REFI-QDA ``typeOfVariable`` that fits every non-missing value.

    Booleans (``True``/``False`` or the words ``true``/``false``) give ``Boolean``; whole
    numbers ``Integer``; numbers with a fraction (possibly mixed with whole ones) ``Float``;
    ISO dates (``2024-05-14``) ``Date``; anything else, or a mixture, ``Text``.
    """
    kinds = {_kind(v) for v in values if not is_missing(v)}
    if not kinds:
        return "Text"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {"Integer", "Float"}:
        return "Float"
    return "Text"


def format_value(value: Any, type_of_variable: str) -> str:
    """The text of ``value`` inside its ``<TypeValue>`` element."""
    if type_of_variable == "Boolean":
        if isinstance(value, str):
            return "true" if value.strip().lower() == "true" else "false"
        return "true" if value else "false"
    if type_of_variable == "Integer":
        return str(int(value))
    if type_of_variable == "Float":
        # xsd:decimal has no exponent form: 1e-07 must be written 0.0000001.
        return format(Decimal(repr(float(value))), "f")
    return str(value)


def parse_value(element_name: str, text: str) -> Any:
    """A Python value from a ``<...Value>`` element's local name and text.

    Integers become ``int``, floats ``float``, booleans ``bool``; dates and text stay strings.
    Unparseable numbers and booleans stay text.
    """
    text = text.strip() if element_name != "TextValue" else text
    if element_name == "BooleanValue":
        return _BOOLEANS.get(text.lower(), text)
    if element_name == "IntegerValue":
        try:
            return int(text)
        except ValueError:
            return text
    if element_name == "FloatValue":
        try:
            number = float(text)
        except ValueError:
            return text
        return number
    return text
