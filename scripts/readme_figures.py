"""Recompute the figures of README's "Replicating the study" section.

Codes the bundled study corpus with the default codebook (what ``qualcode analyze`` does),
then prints as Markdown the role x stage table of the automatic coding, the same table from the
gold coding, each role's count at the study's stage next to the largest other stage, and the
auto-vs-gold precision, recall and F1 per code (segment units, roll-up on), and the same scores
of the codebook on the held-out part of its evaluation set (``codebooks/eval/heldout.csv``).
Run it after changing the codebook, the corpus or the gold coding:

    python scripts/readme_figures.py            # print the tables
    python scripts/readme_figures.py --write    # also rewrite them in README.md between their
                                                # markers and redraw docs/images/role_by_stage.png

``tests/test_readme_figures.py`` calls :func:`study_figures` and checks README against it.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import qualcode
from qualcode.report.charts import chart_cmap, chart_title

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = Path("codebooks/case-management-bullying.yaml")
TRANSCRIPTS = Path("transcripts")
CASES = Path("transcripts/cases.csv")
GOLD = Path("gold/study-gold-codings.csv")
HELDOUT = Path("codebooks/eval/heldout.csv")
README = Path("README.md")
IMAGE = Path("docs/images/role_by_stage.png")

MARKERS = {
    "role-stage": "role x stage table of the automatic coding",
    "role-stage-gold": "role x stage table of the gold coding",
    "role-stage-compare": "each role at the study's stage and the next largest, auto and gold",
    "gold-eval": "auto-vs-gold precision, recall and F1 per code",
    "heldout-eval": "precision, recall and F1 per code on the held-out evaluation turns",
}
# The study's finding: the stage at which each case-manager role is most characteristic.
STUDY_MAPPING = {
    "enabler": "assessment",
    "communicator": "planning",
    "collaborator": "intervention",
    "coordinator": "intervention",
    "advocate": "monitoring",
    "quality_manager": "evaluation",
    "transition_planner": "termination",
}
AVERAGES = {"(micro average)": "micro average", "(macro average)": "macro average"}


@dataclass(frozen=True, slots=True)
class StudyFigures:
    """The README figures.

    Attributes:
        role_by_stage: Role x stage segment counts of the automatic coding.
        gold_role_by_stage: The same table from the gold coding.
        metrics: :func:`qualcode.evaluate` metrics of the automatic coding against the gold
            coding: one row per code, then the micro and macro averages.
        analysis: The full analysis of the automatic coding (for the chart).
        heldout: Metrics of the codebook on the held-out evaluation turns, as
            ``qualcode evaluate --eval-set codebooks/eval/heldout.csv`` prints them.
    """

    role_by_stage: pd.DataFrame
    gold_role_by_stage: pd.DataFrame
    metrics: pd.DataFrame
    analysis: qualcode.Analysis
    heldout: pd.DataFrame


def study_figures(root: Path = ROOT) -> StudyFigures:
    """Code the bundled corpus with the default codebook and score it against the gold coding.

    The settings are those of ``qualcode analyze`` (the codebook's unit, roll-up) and of
    ``qualcode evaluate --units segments.csv`` (every segment is a unit, roll-up on).

    Args:
        root: The repository root.

    Returns:
        The figures.
    """
    codebook = qualcode.load_codebook(root / CODEBOOK)
    corpus = qualcode.load_corpus([root / TRANSCRIPTS], cases=root / CASES, unit=codebook.unit)
    analysis = qualcode.analyze_corpus(corpus, codebook, cases_path=root / CASES)
    gold = qualcode.read_codings(root / GOLD)
    # the canonical columns only, as in a codings CSV (case attributes play no part here)
    predicted = analysis.codings[list(gold.columns)]
    evaluation = qualcode.evaluate(gold, predicted, codebook=codebook, units=analysis.segments,
                                   roll_up=True)
    gold_analysis = qualcode.analyze_table(gold, codebook=codebook, segments=analysis.segments)
    heldout = qualcode.evaluate_eval_set(qualcode.read_eval_set(root / HELDOUT), codebook)
    return StudyFigures(analysis.tables["role_by_stage"],
                        gold_analysis.tables["role_by_stage"], evaluation.metrics, analysis,
                        heldout.metrics)


def _number(value: float) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.3f}"


def metrics_markdown(metrics: pd.DataFrame) -> str:
    """The metrics as a Markdown table: code, dimension, support, predicted, P, R, F1."""
    lines = ["| Code | Dimension | Gold (support) | Predicted | Precision | Recall | F1 |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for row in metrics.to_dict("records"):
        code = AVERAGES.get(row["code"])
        name = f"**{code}**" if code else f"`{row['code']}`"
        lines.append(f"| {name} | {row['dimension']} | {int(row['support'])} | "
                     f"{int(row['predicted'])} | {_number(row['precision'])} | "
                     f"{_number(row['recall'])} | {_number(row['f1'])} |")
    return "\n".join(lines)


def matrix_markdown(matrix: pd.DataFrame) -> str:
    """A role x stage count matrix as a Markdown table, each row's largest cell in bold."""
    columns = [str(c) for c in matrix.columns]
    lines = ["| role \\ stage | " + " | ".join(columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for role, row in matrix.iterrows():
        top = max(int(v) for v in row)
        cells = [f"**{int(v)}**" if int(v) == top and top > 0 else str(int(v)) for v in row]
        lines.append(f"| {role} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _at_stage(row: pd.Series, stage: str) -> tuple[str, str]:
    """``n (share of the row)`` at ``stage``, and the next largest other stage(s) with n."""
    total = int(row.sum())
    share = f" ({round(100 * int(row[stage]) / total)}%)" if total else ""
    others = row.drop(stage)
    top = int(others.max()) if len(others) else 0
    following = ", ".join(str(s) for s, v in others.items() if int(v) == top) if top else "-"
    return f"{int(row[stage])}{share}", f"{following} ({top})" if top else following


def comparison_markdown(auto: pd.DataFrame, gold: pd.DataFrame) -> str:
    """Per role: its count at the study's stage (share of its row) and the next largest stage,
    in the automatic and the gold coding."""
    lines = ["| Role | Study's stage | Auto: n there (share) | Auto: next largest | "
             "Gold: n there (share) | Gold: next largest |",
             "|---|---|---:|---|---:|---|"]
    for role, stage in STUDY_MAPPING.items():
        cells = [*_at_stage(auto.loc[role], stage), *_at_stage(gold.loc[role], stage)]
        lines.append(f"| {role} | {stage} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def blocks(figures: StudyFigures) -> dict[str, str]:
    """Marker name -> the Markdown that goes between its markers."""
    return {
        "role-stage": matrix_markdown(figures.role_by_stage),
        "role-stage-gold": matrix_markdown(figures.gold_role_by_stage),
        "role-stage-compare": comparison_markdown(figures.role_by_stage,
                                                  figures.gold_role_by_stage),
        "gold-eval": metrics_markdown(figures.metrics),
        "heldout-eval": metrics_markdown(figures.heldout),
    }


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with the lines between ``<!-- name:start -->`` and ``<!-- name:end -->``
    replaced by ``body``.

    Raises:
        ValueError: If the markers are missing or appear more than once.
    """
    tag = re.escape(name)
    pattern = re.compile(rf"(<!-- {tag}:start -->\n)(?:.*?\n)?(<!-- {tag}:end -->)", re.DOTALL)
    found = pattern.findall(text)
    if len(found) != 1:
        raise ValueError(f"README needs exactly one <!-- {name}:start --> ... "
                         f"<!-- {name}:end --> pair, found {len(found)}")
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


def write_figures(figures: StudyFigures, root: Path = ROOT) -> list[Path]:
    """Rewrite the marked blocks of README.md and redraw the role x stage chart.

    Returns:
        The files written.
    """
    readme = root / README
    text = readme.read_text(encoding="utf-8")
    for name, body in blocks(figures).items():
        text = replace_block(text, name, body)
    readme.write_text(text, encoding="utf-8")
    # the heatmap qualcode analyze draws (charts/role_by_stage.png), with English labels
    book = figures.analysis.codebook
    figure = qualcode.heatmap(figures.role_by_stage, codebook=book, language="en",
                              cmap=chart_cmap("dimension"),
                              title=chart_title("dimension", codebook=book, language="en"))
    image = qualcode.save_figure(figure, root / IMAGE, formats=("png",), dpi=150)
    return [readme, *image]


def main(argv: list[str] | None = None) -> int:
    """Print the README figures; with ``--write``, also update README.md and the chart."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="rewrite README.md between its markers and the chart image")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    args = parser.parse_args(argv)
    figures = study_figures(args.root)
    for name, body in blocks(figures).items():
        print(f"<!-- {name}:start --> ({MARKERS[name]})\n{body}\n<!-- {name}:end -->\n")
    if args.write:
        for path in write_figures(figures, args.root):
            print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
