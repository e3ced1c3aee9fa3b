"""A project made through the command line, for the tests of the project commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app


@pytest.fixture
def root(tmp_path, monkeypatch, samples) -> Path:
    """A project folder made with ``qualcode init`` and ``qualcode add`` (mk01, turns 0-3, and
    mk02 of tests/project/samples.py); QUALCODE_USER is ana."""
    pytest.importorskip("qualcode.io.codebook")
    monkeypatch.setenv("QUALCODE_USER", "ana")
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    folder = samples.make_project_dir(tmp_path / "study")
    runner = CliRunner()
    for args in (["init", str(folder), "-s", "transcripts", "-c", "codebook.yaml", "--lang", "id"],
                 ["add", "--project", str(folder)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return folder
