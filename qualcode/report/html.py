"""One self-contained HTML report: charts embedded as images, the main tables, the theme table.

Nothing is loaded from elsewhere (inline CSS, charts as ``data:`` URIs) and a Content Security
Policy forbids scripts, so the file opens offline and user text can never run as code. Every piece
of user text is HTML-escaped.
"""

from __future__ import annotations

import base64
import numbers
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.report.files import write_text
from qualcode.report.provenance import provenance_rows
from qualcode.report.safety import escape_html
from qualcode.report.text import clean_text
from qualcode.report.theme_rows import theme_sections
from qualcode.report.xlsx import flat_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["html_table", "render_html_report", "write_html_report"]

_MIME = {"svg": "image/svg+xml", "png": "image/png"}
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;
padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.7rem}h2{margin-top:2.4rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3;position:sticky;top:0}td.n{text-align:right}
.wrap{overflow-x:auto;max-height:32rem}figure{margin:1.5rem 0}figure img{max-width:100%}
blockquote{margin:.3rem 0 .6rem;padding-left:.6rem;border-left:3px solid #ccc}
.who{color:#555;font-size:.8rem}nav a{margin-right:1rem}
"""


def _cell(value: Any) -> str:
    text = clean_text(value)
    numeric = isinstance(value, numbers.Number) and not isinstance(value, bool)
    css = ' class="n"' if numeric else ""
    return f"<td{css}>{escape_html(text)}</td>"


def html_table(frame: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """``frame`` as an escaped HTML table (a named index becomes the first column)."""
    flat = flat_table(frame)
    head = "".join(f"<th>{escape_html(clean_text(c))}</th>" for c in flat.columns)
    shown = flat if max_rows is None else flat.head(max_rows)
    body = "\n".join(
        "<tr>" + "".join(_cell(v) for v in row) + "</tr>"
        for row in shown.itertuples(index=False, name=None)
    )
    note = ""
    if max_rows is not None and len(flat) > max_rows:
        note = f"<p>First {max_rows} of {len(flat)} rows; the CSV files have them all.</p>"
    return (f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div>{note}")


def _theme_html(theme: pd.DataFrame, quotes: pd.DataFrame, attribute: str) -> str:
    parts = []
    for label, rows in theme_sections(theme, quotes, attribute=attribute):
        parts.append(f"<h3>{escape_html(label)}</h3><table><thead><tr><th>Code</th>"
                     "<th>Definition</th><th>Documents</th><th>Cases</th>"
                     "<th>Representative quotes</th></tr></thead><tbody>")
        for row in rows:
            quoted = "".join(
                f"<blockquote>{escape_html(text)}<div class=\"who\">— {escape_html(who)}</div>"
                "</blockquote>" for text, who in row.quotes
            )
            parts.append(
                f"<tr><td><strong>{escape_html(row.label)}</strong><br>"
                f"<small>{escape_html(row.code)}</small></td><td>{escape_html(row.definition)}"
                f'</td><td class="n">{row.documents}</td>'
                f'<td class="n">{"" if row.cases is None else row.cases}</td>'
                f"<td>{quoted}</td></tr>"
            )
        parts.append("</tbody></table>")
    return "\n".join(parts)


def render_html_report(
    *,
    title: str,
    tables: Mapping[str, pd.DataFrame],
    charts: Mapping[str, tuple[str, bytes]] | None = None,
    theme: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    attribute: str = "",
    provenance: Mapping[str, Any] | None = None,
    max_rows: int = 200,
) -> str:
    """The report as one HTML string.

    Args:
        title: Page title.
        tables: Section heading -> table, in order.
        charts: Caption -> (format ``svg`` or ``png``, image bytes), embedded as ``<img>``.
        theme: The theme table (with ``quotes``, its representative quotes).
        quotes: Representative quotes.
        attribute: Case attribute to name beside each informant.
        provenance: The provenance dictionary.
        max_rows: Rows shown per table.

    Returns:
        A complete HTML document.
    """
    sections: list[tuple[str, str]] = []
    if charts:
        figures = "".join(
            f'<figure><img alt="{escape_html(caption)}" src="data:{_MIME[fmt]};base64,'
            f'{base64.b64encode(data).decode("ascii")}"><figcaption>{escape_html(caption)}'
            "</figcaption></figure>"
            for caption, (fmt, data) in charts.items()
        )
        sections.append(("Charts", figures))
    if theme is not None and quotes is not None:
        sections.append(("Theme table", _theme_html(theme, quotes, attribute)))
    for heading, frame in tables.items():
        sections.append((heading, html_table(frame, max_rows=max_rows)))
    if provenance is not None:
        rows = "".join(f"<tr><th>{escape_html(k)}</th><td>{escape_html(v)}</td></tr>"
                       for k, v in provenance_rows(provenance))
        sections.append(("Provenance", f"<table><tbody>{rows}</tbody></table>"))
    nav = "".join(f'<a href="#s{i}">{escape_html(h)}</a>' for i, (h, _) in enumerate(sections))
    body = "\n".join(f'<section id="s{i}"><h2>{escape_html(h)}</h2>\n{content}</section>'
                     for i, (h, content) in enumerate(sections))
    policy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape_html(title)}</title><style>{_STYLE}</style></head>\n<body>"
        f"<h1>{escape_html(title)}</h1><nav>{nav}</nav>\n{body}\n</body></html>\n"
    )


def write_html_report(target: str | Path, **kwargs: Any) -> Path:
    """Write :func:`render_html_report` (same keyword arguments) to ``target`` atomically."""
    return write_text(target, render_html_report(**kwargs))
