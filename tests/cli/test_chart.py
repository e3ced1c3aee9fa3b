"""``qualcode chart``: one chart from a saved codings table."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.report.tabular import write_csv


@pytest.fixture
def files(tmp_path, tiny):
    write_csv(tiny.tiny_codings(), tmp_path / "hand.csv")
    write_csv(tiny.tiny_segments(), tmp_path / "segments.csv")
    (tmp_path / "tiny.yaml").write_text(tiny.TINY_YAML, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("kind", "suffix", "extra"), [
    ("frequencies", "png", []),
    ("code-by-case", "svg", []),
    ("dimension", "png", []),
    ("network", "svg", []),
    ("obstacles", "png", []),
    ("portrait", "png", ["--document", "d1", "--segments"]),
])
def test_each_kind_writes_an_image(files, kind, suffix, extra):
    target = files / f"{kind}.{suffix}"
    args = ["chart", str(files / "hand.csv"), "--kind", kind, "-c", str(files / "tiny.yaml"),
            "-o", str(target), *extra]
    if extra and extra[-1] == "--segments":
        args.append(str(files / "segments.csv"))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data


def test_errors(files):
    runner = CliRunner()
    base = ["chart", str(files / "hand.csv")]
    result = runner.invoke(app, [*base, "-o", str(files / "x.gif")])
    assert result.exit_code == 2 and "this command writes .png, .svg or .pdf files" in \
        " ".join(result.output.split())
    result = runner.invoke(app, [*base, "--kind", "portrait", "-o", str(files / "p.png")])
    assert result.exit_code == 2 and "a portrait needs --document ID" in result.output
    result = runner.invoke(app, [*base, "--kind", "portrait", "-d", "zz", "-o",
                                 str(files / "p.png")])
    assert result.exit_code == 1 and "unknown document 'zz'" in result.output
    result = runner.invoke(app, [*base, "--kind", "pie", "-o", str(files / "p.png")])
    assert result.exit_code == 2 and "unknown kind 'pie'" in result.output
    assert not (files / "p.png").exists()


def test_obstacles_without_the_attribute_explains_the_default(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    table = tmp_path / "c.csv"
    table.write_text("document,segment,start,end,code\nd,0,0,5,obstacle_internal\n"
                     "d,1,5,9,obstacle_external\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["chart", str(table), "-k", "obstacles", "-o",
                                      str(tmp_path / "o.png")])
    assert result.exit_code == 1
    assert "(-a, default informant_role); unknown attribute 'informant_role'" in result.stderr
