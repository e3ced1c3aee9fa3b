"""The theme table in Markdown (user text escaped for Markdown and HTML)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.report.files import write_text
from qualcode.report.provenance import provenance_rows
from qualcode.report.text import escape_markdown
from qualcode.report.theme_rows import theme_sections

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["theme_markdown", "write_theme_markdown"]


def theme_markdown(
    theme: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    title: str = "Theme table",
    attribute: str = "",
    provenance: Mapping[str, Any] | None = None,
) -> str:
    """The theme table as Markdown: per dimension a table of codes, then their quotes.

    Every piece of user text is HTML-escaped and its Markdown punctuation backslash-escaped, so
    a quote can neither inject HTML nor break the table.

    Args:
        theme: The theme table.
        quotes: Representative quotes.
        title: The document title.
        attribute: Case attribute to name beside each informant.
        provenance: The provenance dictionary (a closing section).

    Returns:
        The Markdown text.
    """
    e = escape_markdown
    lines = [f"# {e(title)}", ""]
    for label, rows in theme_sections(theme, quotes, attribute=attribute):
        lines += [f"## {e(label)}", "", "| Code | Definition | Documents | Cases |",
                  "|---|---|---:|---:|"]
        for row in rows:
            lines.append(f"| {e(row.named)} | {e(row.definition)} | "
                         f"{row.documents} | {'' if row.cases is None else row.cases} |")
        lines.append("")
        for row in rows:
            if not row.quotes:
                continue
            lines += [f"### {e(row.label)}", ""]
            for text, who in row.quotes:
                lines += [f"> {e(text)}", ">", f"> — {e(who)}", ""]
    if provenance is not None:
        lines += ["## Provenance", "", "| Field | Value |", "|---|---|"]
        lines += [f"| {e(k)} | {e(v)} |" for k, v in provenance_rows(provenance)]
        lines.append("")
    return "\n".join(lines)


def write_theme_markdown(
    target: str | Path,
    theme: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    title: str = "Theme table",
    attribute: str = "",
    provenance: Mapping[str, Any] | None = None,
) -> Path:
    """Write :func:`theme_markdown` to ``target`` atomically and return the path."""
    return write_text(target, theme_markdown(theme, quotes, title=title, attribute=attribute,
                                             provenance=provenance))
