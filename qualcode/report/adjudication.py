"""The disagreement report for adjudication: an XLSX workbook to fill in, or an HTML page to read.

Every piece of user text (codings, coder names, document ids) is escaped for HTML with
:func:`escape_html` and stored in the workbook as text, never as a formula
(:func:`qualcode.report.sheets.write_sheets`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import OutputError
from qualcode.report.files import write_text
from qualcode.report.safety import escape_html
from qualcode.report.sheets import write_sheets

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INSTRUCTIONS", "render_disagreements_html", "write_disagreement_report"]

INSTRUCTIONS = (
    "How to adjudicate",
    "The 'disagreements' sheet lists each unit where the coders differ, with its text, every "
    "coder's codes ('(not coded)' when the coder did not code that document) and the codes they "
    "all agree on ('agreed').",
    "Write the unit's final codes in the 'decision' column, separated by ';'. Write '-' for no "
    "code. Leave it empty to keep the agreed codes.",
    "Do not change the other columns or the sheet names. The 'agreements' sheet holds the units "
    "all coders coded alike; they go into the consensus as they are.",
    "Then run: qualcode adjudicate THIS_FILE.xlsx -o consensus.csv --coder consensus",
)

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.4em; vertical-align: top; text-align: left; }
th { background: #f2f2f2; position: sticky; top: 0; }
td.text { max-width: 40em; white-space: pre-wrap; }
"""


def render_disagreements_html(disagreements: pd.DataFrame, *, title: str = "Disagreements",
                              coders: tuple[str, ...] = ()) -> str:
    """The disagreements as a self-contained HTML page (every cell escaped).

    Args:
        disagreements: The table of :class:`qualcode.analysis.adjudication.Disagreements`.
        title: The page title.
        coders: Coder names, for the summary line.

    Returns:
        The HTML text.
    """
    shown = [c for c in disagreements.columns if c not in ("start", "end", "decision")]
    head = "".join(f"<th>{escape_html(c)}</th>" for c in shown)
    body = []
    for record in disagreements.fillna("").to_dict("records"):
        cells = "".join(
            f"<td class=\"{'text' if c == 'text' else 'cell'}\">{escape_html(record[c])}</td>"
            for c in shown)
        body.append(f"<tr>{cells}</tr>")
    who = f" between {escape_html(', '.join(coders))}" if coders else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape_html(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape_html(title)}</h1>\n"
        f"<p>{len(disagreements)} unit(s) where the codes differ{who}. Decide them in the XLSX "
        "version of this report (the decision column).</p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def write_disagreement_report(
    disagreements: pd.DataFrame,
    agreements: pd.DataFrame,
    codes: pd.DataFrame,
    target: str | Path,
    *,
    coders: tuple[str, ...] = (),
) -> Path:
    """Write the report as ``.xlsx`` (to fill in) or ``.html`` (to read), atomically.

    Args:
        disagreements: Units where coders differ, with the empty ``decision`` column.
        agreements: Settled units.
        codes: The codes that may be used.
        target: The output path; its suffix picks the format.
        coders: Coder names (HTML summary).

    Returns:
        The path written.

    Raises:
        OutputError: For another suffix.
    """
    suffix = Path(target).suffix.lower()
    if suffix == ".xlsx":
        return write_sheets(
            {"disagreements": disagreements, "agreements": agreements, "codes": codes},
            target, wrap=("text",), notes={"about": INSTRUCTIONS},
        )
    if suffix in (".html", ".htm"):
        return write_text(target, render_disagreements_html(disagreements, coders=coders))
    raise OutputError(f"cannot write a disagreement report as {suffix or '(no suffix)'!r}",
                      path=target, hint="use .xlsx (to fill in decisions) or .html (to read)")
