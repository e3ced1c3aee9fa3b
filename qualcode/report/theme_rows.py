"""The theme table laid out by dimension, shared by the DOCX, Markdown and HTML renderers."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qualcode.report.text import clean_text, quote_attribution, shorten

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QUOTE_LIMIT", "ThemeRow", "theme_sections"]

QUOTE_LIMIT = 500
"""Quotes longer than this many characters are cut at a word, marked ``[…]``."""


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """One code of the theme table with its quotes ready to print (plain text).

    Attributes:
        code: Code id.
        label: Label, indented by level with en dashes for child codes.
        definition: Definition text.
        documents: Number of documents.
        cases: Number of cases; ``None`` when no document has a case (shown empty).
        quotes: (quote text, attribution) pairs; a quote without text is left out (it would
            print as an empty quote).
    """

    code: str
    label: str
    definition: str
    documents: int
    cases: int | None
    quotes: tuple[tuple[str, str], ...]

    @property
    def named(self) -> str:
        """The label followed by ``(code id)``, unless the label shows the id already
        (``Pemungkin (enabler)``)."""
        if f"({self.code})".casefold() in self.label.casefold():
            return self.label
        return f"{self.label} ({self.code})"


def _count(value: Any) -> int | None:
    """A count of the theme table, ``None`` for NaN (nothing to count)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def theme_sections(
    theme: pd.DataFrame, quotes: pd.DataFrame, *, attribute: str = "", limit: int = QUOTE_LIMIT
) -> Iterator[tuple[str, list[ThemeRow]]]:
    """Yield (dimension label, rows) in the theme table's order."""
    by_code: dict[str, list[dict[str, Any]]] = {}
    if len(quotes) and "code" in quotes.columns:
        ordered = quotes.sort_values("rank", kind="stable") if "rank" in quotes.columns \
            else quotes
        for record in ordered.to_dict("records"):
            by_code.setdefault(str(record["code"]), []).append(record)
    for dim in dict.fromkeys(theme["dimension"]):
        group = theme[theme["dimension"] == dim]
        label = clean_text(group["dimension_label"].iloc[0]) or clean_text(dim) or "Other codes"
        rows = []
        for record in group.to_dict("records"):
            code = str(record["code"])
            level = int(record.get("level", 0) or 0)
            rows.append(ThemeRow(
                code=code,
                label=("– " * level) + clean_text(record["label"]),
                definition=clean_text(record["definition"]),
                documents=int(record["documents"]),
                cases=_count(record["cases"]),
                quotes=tuple((text, quote_attribution(q, attribute))
                             for q in by_code.get(code, [])
                             if (text := shorten(q.get("text", ""), limit))),
            ))
        yield label, rows
