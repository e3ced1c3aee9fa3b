"""SECURITY.md names only tests that exist, and every test here is named in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_named_test_exists_and_every_security_test_is_named():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(tests/[\w/]+\.py)::(\w+)", text))
    assert len(named) > 50
    for file, name in sorted(named):
        assert name in _tests(ROOT / file), f"{file}::{name}"
    for folder in ("security", "fuzz"):
        for path in sorted((ROOT / "tests" / folder).glob("test_*.py")):
            if path.name == Path(__file__).name:
                continue
            file = path.relative_to(ROOT).as_posix()
            for name in _tests(path):
                assert (file, name) in named, f"{file}::{name} is not in SECURITY.md"
