"""The layers of the analysis and outputs code point one way (checked on the imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import qualcode

ROOT = Path(qualcode.__file__).parent
ANALYSIS = sorted(p.stem for p in (ROOT / "analysis").glob("*.py") if p.stem != "__init__")
REPORT = ["text", "provenance", "xlsx", "docx_report", "markdown", "html", "theme_rows",
          "results", "charts/__init__", "charts/_base", "charts/heatmap", "charts/bars",
          "charts/network", "charts/portrait"]


def runtime_imports(path: Path) -> set[str]:
    """Modules imported outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", "") == "TYPE_CHECKING"
               for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_every_analysis_module_is_checked():
    assert {"frames", "agreement", "evaluate", "evalset", "inputs", "coded_units"} <= set(ANALYSIS)


def test_analysis_reads_no_files_and_draws_nothing():
    for name in ANALYSIS:
        path = ROOT / "analysis" / f"{name}.py"
        imports = runtime_imports(path)
        bad = {m for m in imports if m.startswith(("qualcode.io", "qualcode.report",
                                                   "qualcode.cli", "qualcode.pipeline",
                                                   "matplotlib", "openpyxl", "docx"))}
        assert not bad, (name, bad)
        source = path.read_text(encoding="utf-8")
        assert "open(" not in source and "read_csv" not in source, name


def test_report_computes_no_statistics():
    for name in REPORT:
        imports = runtime_imports(ROOT / "report" / f"{name}.py")
        bad = {m for m in imports if m.startswith(("qualcode.analysis", "qualcode.cli",
                                                   "qualcode.pipeline", "qualcode.coding"))}
        assert not bad, (name, bad)
