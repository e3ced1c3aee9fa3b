"""In-process tests of ``qualcode import codings`` with the ways a row places its passage."""

from __future__ import annotations

import io

import pandas as pd
from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()


def run(args, exit_code):
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def test_a_hand_made_document_segment_code_table_is_imported(root, tmp_path, samples):
    csv = samples.write(tmp_path / "hand-coding.csv", "document,segment,code\n"
                           "mk01,1,enabler\n")
    result = run(["import", "codings", str(csv), "--project", str(root), "--user", "budi"], 0)
    assert result.stdout.startswith("Imported 1 of 1 rows from hand-coding.csv")
    table = pd.read_csv(io.StringIO(run(["codings", "--project", str(root)], 0).stdout))
    assert table[["document", "segment", "code", "coder", "text"]].values.tolist() == [
        ["mk01", 1, "enabler", "budi", "Saya dampingi anaknya pelan-pelan supaya mau cerita."]]


def test_a_segment_the_document_lacks_is_reported_with_its_line_and_range(root, tmp_path, samples):
    bad = samples.write(tmp_path / "bad.csv", "document,segment,code\nmk02,1,advocate\n"
                           "mk02,4,enabler\n")
    result = run(["import", "codings", str(bad), "--project", str(root), "--strict"], 1)
    assert f"{bad}:3: 'mk02' has no segment '4' (its segments: 0-1) [I109]" in result.stderr
    assert "nothing imported from bad.csv: 1 problem found" in result.stderr
    assert run(["codings", "--project", str(root)], 0).stdout.count("\n") == 1  # header only
    lacking = samples.write(tmp_path / "lacking.csv", "document,code\nmk01,enabler\n")
    result = run(["import", "codings", str(lacking), "--project", str(root)], 1)
    assert "lacks the column quote (or start and end, or segment)" in result.stderr
