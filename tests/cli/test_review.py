"""In-process tests of ``qualcode review import`` with rows it cannot apply, and of the help of
``qualcode import codings``."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()


def run(args, exit_code):
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def sheet(root, tmp_path):
    """A project (see tests/cli/conftest.py) auto-coded (4 suggestions) and its review sheet
    exported: the sheet's path and the ``--project`` arguments."""
    p = ["--project", str(root)]
    run(["autocode", *p], 0)
    out = tmp_path / "review.xlsx"
    run(["review", "export", "-o", str(out), *p], 0)
    return out, p


def _decide(path, cells):
    """cells: {sheet cell: value}, e.g. {"R2": "accept"} (R is decision, S recode_to)."""
    book = load_workbook(path)
    for cell, value in cells.items():
        book["review"][cell] = value
    book.save(path)


def _statuses(p):
    """(document, code, source, status) of every coding of the project."""
    table = pd.read_csv(io.StringIO(run(["codings", *p], 0).stdout))
    return [tuple(r) for r in table[["document", "code", "source", "status"]].values.tolist()]


def test_rows_not_applied_are_named_the_others_applied_and_a_rerun_applies_the_fixed(sheet):
    out, p = sheet
    _decide(out, {"R2": "acept", "R3": "recode", "S3": "advocat", "R4": "accept",
                  "R5": "reject"})
    result = run(["review", "import", str(out), *p], 1)  # exit 1, as import codings
    assert result.stdout == (
        "Applied 2 of 4 filled rows from review.xlsx: 1 accepted, 1 rejected, 0 recoded, "
        "0 unchanged (decided so already), 0 notes stored as memos.\n")
    assert result.stderr == (
        "2 row(s) not applied (sheet rows 2, 3); the other rows are applied: fix these and "
        "import the sheet again:\n"
        f"  - {out}:2: unknown decision 'acept' [R105]\n"
        "    hint: did you mean 'accept'? use one of: accept, reject, recode\n"
        f"  - {out}:3: recode to unknown code 'advocat' [R106]\n"
        "    hint: did you mean 'advocate'? known codes: advocate, enabler (the 'codes' sheet "
        "lists them)\n")
    assert _statuses(p) == [
        ("mk01", "enabler", "auto", "suggested"), ("mk01", "advocate", "auto", "suggested"),
        ("mk02", "enabler", "auto", "accepted"), ("mk02", "advocate", "auto", "rejected")]
    _decide(out, {"R2": "accept", "S3": "enabler"})
    result = run(["review", "import", str(out), *p], 0)
    assert result.stdout == (
        "Applied 4 of 4 filled rows from review.xlsx: 1 accepted, 0 rejected, 1 recoded, "
        "2 unchanged (decided so already), 0 notes stored as memos.\n")
    assert result.stderr == ""
    assert _statuses(p) == [  # the rows applied the first time are as they were
        ("mk01", "enabler", "auto", "accepted"), ("mk01", "enabler", "manual", "accepted"),
        ("mk01", "advocate", "auto", "rejected"), ("mk02", "enabler", "auto", "accepted"),
        ("mk02", "advocate", "auto", "rejected")]


def test_strict_applies_nothing_and_exits_1(sheet):
    out, p = sheet
    _decide(out, {"R2": "acept", "R4": "accept"})
    result = run(["review", "import", str(out), "--strict", *p], 1)
    assert "nothing applied from review.xlsx: 1 problem found" in result.stderr
    assert f"{out}:2: unknown decision 'acept' [R105]" in result.stderr
    assert {status for *_, status in _statuses(p)} == {"suggested"}
    _decide(out, {"R2": "accept"})
    assert run(["review", "import", str(out), "--strict", *p], 0).stdout.startswith(
        "Applied 2 of 2 filled rows from review.xlsx: 2 accepted")


def test_import_codings_help_names_the_segment_column():
    result = run(["import", "codings", "--help"], 0)
    assert "start/end, segment or quote" in " ".join(result.stdout.split())
