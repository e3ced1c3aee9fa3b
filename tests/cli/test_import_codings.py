"""In-process tests of ``qualcode import codings`` with the ways a row places its passage."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()
_NAME = "qualcode_tests_project_samples"


def _samples():
    if _NAME not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "project" / "samples.py"
        spec = importlib.util.spec_from_file_location(_NAME, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]


def run(args, exit_code):
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A project (``qualcode init`` and ``qualcode add``) with mk01 (turns 0-3) and mk02."""
    pytest.importorskip("qualcode.io.codebook")
    monkeypatch.setenv("QUALCODE_USER", "ana")
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    folder = _samples().make_project_dir(tmp_path / "study")
    run(["init", str(folder), "-s", "transcripts", "-c", "codebook.yaml", "--lang", "id"], 0)
    run(["add", "--project", str(folder)], 0)
    return folder


def test_a_hand_made_document_segment_code_table_is_imported(root, tmp_path):
    csv = _samples().write(tmp_path / "hand-coding.csv", "document,segment,code\n"
                           "mk01,1,enabler\n")
    result = run(["import", "codings", str(csv), "--project", str(root), "--user", "budi"], 0)
    assert result.stdout.startswith("Imported 1 of 1 rows from hand-coding.csv")
    table = pd.read_csv(io.StringIO(run(["codings", "--project", str(root)], 0).stdout))
    assert table[["document", "segment", "code", "coder", "text"]].values.tolist() == [
        ["mk01", 1, "enabler", "budi", "Saya dampingi anaknya pelan-pelan supaya mau cerita."]]


def test_a_segment_the_document_lacks_is_reported_with_its_line_and_range(root, tmp_path):
    bad = _samples().write(tmp_path / "bad.csv", "document,segment,code\nmk02,1,advocate\n"
                           "mk02,4,enabler\n")
    result = run(["import", "codings", str(bad), "--project", str(root), "--strict"], 1)
    assert f"{bad}:3: 'mk02' has no segment '4' (its segments: 0-1) [I109]" in result.stderr
    assert "nothing imported from bad.csv: 1 problem found" in result.stderr
    assert run(["codings", "--project", str(root)], 0).stdout.count("\n") == 1  # header only
    lacking = _samples().write(tmp_path / "lacking.csv", "document,code\nmk01,enabler\n")
    result = run(["import", "codings", str(lacking), "--project", str(root)], 1)
    assert "lacks the column quote (or start and end, or segment)" in result.stderr
