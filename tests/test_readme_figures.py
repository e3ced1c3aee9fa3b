"""README's "Replicating the study" figures match a fresh run, and the study's mapping holds.

The figures come from ``scripts/readme_figures.py`` (run it with ``--write`` to refresh README
after a codebook change); this test calls the same function and parses README's tables.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

def _load_script() -> ModuleType:
    name = "readme_figures"
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "readme_figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def figures(script: ModuleType):
    return script.study_figures(ROOT)


def _block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.findall(rf"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", text, re.DOTALL)
    assert len(found) == 1, f"README needs one <!-- {name}:start/end --> block"
    return found[0]


def _rows(block: str) -> list[list[str]]:
    """The body rows of the Markdown table in ``block``, cells stripped of ` and **."""
    lines = [line.strip() for line in block.splitlines() if line.strip().startswith("|")]
    assert len(lines) > 2, "no Markdown table between the markers"
    return [[cell.strip().strip("`*").strip() for cell in line.strip("|").split("|")]
            for line in lines[2:]]


def _value(cell: str) -> float:
    return math.nan if cell == "n/a" else float(cell)


def _same(readme: float, computed: float) -> bool:
    if math.isnan(computed):
        return math.isnan(readme)
    return not math.isnan(readme) and round(computed, 3) == pytest.approx(readme, abs=1e-9)


def _metric_mismatches(block: str, metrics) -> list[str]:
    """Differences between a README metrics table and freshly computed metrics."""
    readme = {row[0]: row for row in _rows(_block(block))}
    names = [{"(micro average)": "micro average", "(macro average)": "macro average"}.get(c, c)
             for c in metrics["code"]]
    if list(readme) != names:
        return [f"codes differ: {list(readme)} vs {names}"]
    mismatches = []
    for name, record in zip(names, metrics.to_dict("records"), strict=True):
        row = readme[name]
        if int(row[2]) != record["support"] or int(row[3]) != record["predicted"]:
            mismatches.append(f"{name}: counts {row[2:4]} vs {record['support']}, "
                              f"{record['predicted']}")
        for cell, key in zip(row[4:7], ("precision", "recall", "f1"), strict=True):
            if not _same(_value(cell), float(record[key])):
                mismatches.append(f"{name} {key}: README {cell}, now {record[key]:.3f}")
    return mismatches


def test_gold_evaluation_table_matches_a_fresh_run(figures) -> None:
    assert _metric_mismatches("gold-eval", figures.metrics) == [], (
        "run python scripts/readme_figures.py --write")


def test_heldout_table_matches_a_fresh_run(figures) -> None:
    assert _metric_mismatches("heldout-eval", figures.heldout) == [], (
        "run python scripts/readme_figures.py --write")


def test_heldout_micro_f1_meets_the_target(figures) -> None:
    micro = figures.heldout.set_index("code").loc["(micro average)"]
    assert micro["f1"] >= 0.75


def test_the_evaluate_command_prints_the_readme_heldout_figures() -> None:
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    result = CliRunner().invoke(
        app, ["evaluate", "--eval-set", str(ROOT / "codebooks/eval/heldout.csv"), "--show", "0"])
    assert result.exit_code == 0, result.output
    printed = {}
    for line in result.stdout.splitlines():
        if line.startswith(("(micro average)", "(macro average)")):
            name, _, rest = line.partition(")")
            values = rest.split()
            printed[name.strip("(")] = [float(v) for v in values[-3:]]
    readme = {row[0]: [_value(c) for c in row[4:7]] for row in _rows(_block("heldout-eval"))}
    assert printed == {"micro average": readme["micro average"],
                       "macro average": readme["macro average"]}


def test_gold_evaluation_settings_are_turn_level_with_roll_up(figures) -> None:
    metrics = figures.metrics.set_index("code")
    assert figures.analysis.segments["unit"].unique().tolist() == ["turn"]
    # roll-up: a parent's support counts the segments of its children
    assert metrics.loc["obstacle_external", "support"] >= metrics.loc["school_denial", "support"]
    assert {"(micro average)", "(macro average)"} <= set(metrics.index)


@pytest.mark.parametrize(("name", "table"), [("role-stage", "role_by_stage"),
                                             ("role-stage-gold", "gold_role_by_stage")])
def test_role_by_stage_tables_match_a_fresh_run(figures, name: str, table: str) -> None:
    matrix = getattr(figures, table)
    rows = _rows(_block(name))
    readme = {row[0]: [int(cell) for cell in row[1:]] for row in rows}
    computed = {str(role): [int(v) for v in values] for role, values in matrix.iterrows()}
    assert readme == computed, "run python scripts/readme_figures.py --write"


def test_comparison_with_the_study_matches_a_fresh_run(script: ModuleType, figures) -> None:
    expected = script.comparison_markdown(figures.role_by_stage, figures.gold_role_by_stage)
    assert _block("role-stage-compare") == expected, "run python scripts/readme_figures.py --write"


@pytest.mark.parametrize("table", ["role_by_stage", "gold_role_by_stage"])
def test_each_role_peaks_at_the_studys_stage(script: ModuleType, figures, table: str) -> None:
    matrix = getattr(figures, table)
    assert list(matrix.index) == list(script.STUDY_MAPPING)
    for role, stage in script.STUDY_MAPPING.items():
        row = matrix.loc[role]
        others = row.drop(stage)
        assert row[stage] > others.max(), (
            f"{table}: {role} has {row[stage]} at {stage}, but {others.max()} at "
            f"{others.idxmax()}")


def test_readme_shows_the_chart() -> None:
    section = README.read_text(encoding="utf-8").split("## Replicating the study", 1)[1]
    assert "docs/images/role_by_stage.png" in section
    assert (ROOT / "docs" / "images" / "role_by_stage.png").stat().st_size > 0


def test_replace_block_rewrites_only_between_markers(script: ModuleType) -> None:
    text = "a\n<!-- x:start -->\nold\n<!-- x:end -->\nb\n"
    assert script.replace_block(text, "x", "new\nrows") == \
        "a\n<!-- x:start -->\nnew\nrows\n<!-- x:end -->\nb\n"
    empty = "<!-- x:start -->\n<!-- x:end -->\n"
    assert script.replace_block(empty, "x", "new") == "<!-- x:start -->\nnew\n<!-- x:end -->\n"
    with pytest.raises(ValueError, match="exactly one"):
        script.replace_block("no markers", "x", "new")
