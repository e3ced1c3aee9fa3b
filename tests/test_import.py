"""``import qualcode`` stays light, and the package's imports point one way."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "qualcode"
HEAVY = ("spacy", "matplotlib", "docx", "pandas", "openpyxl", "pypdf", "dask", "xmlschema")


def test_import_qualcode_loads_no_heavy_module():
    code = (
        "import sys, qualcode; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_help_loads_no_heavy_module():
    code = (
        "import sys\n"
        "from qualcode.cli.app import app\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("qualcode")}


# module prefix -> qualcode packages it must not import
FORBIDDEN = {
    "qualcode.model": ("qualcode.io", "qualcode.analysis", "qualcode.report", "qualcode.cli",
                       "qualcode.coding", "qualcode.project"),
    # below the model: nothing of qualcode's
    "qualcode.frozen": ("qualcode.model", "qualcode.errors", "qualcode.io", "qualcode.analysis",
                        "qualcode.report", "qualcode.cli", "qualcode.coding", "qualcode.project"),
    "qualcode.errors": ("qualcode.model", "qualcode.io", "qualcode.cli"),
    "qualcode.analysis": ("qualcode.cli", "qualcode.report", "qualcode.io.loader"),
    "qualcode.report": ("qualcode.cli",),
    "qualcode.io": ("qualcode.cli", "qualcode.analysis", "qualcode.report.charts"),
    "qualcode.segment": ("qualcode.cli", "qualcode.io", "qualcode.analysis", "qualcode.report"),
    "qualcode.coding": ("qualcode.cli", "qualcode.analysis", "qualcode.report"),
    "qualcode.project": ("qualcode.cli",),
}


def test_imports_point_one_way():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for prefix, banned in FORBIDDEN.items():
            if module == prefix or module.startswith(prefix + "."):
                for imported in _imports(path):
                    if any(imported == b or imported.startswith(b + ".") for b in banned):
                        problems.append(f"{module} imports {imported}")
    assert problems == []
