"""The exchange commands: thin wrappers over the library, documented, failing cleanly."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.exchange.qdc import export_qdc

from .conftest import project_xml, write_qdpx
from .test_refiqda_roundtrip import CODEBOOK_YAML

runner = CliRunner()


@pytest.mark.parametrize("command", [["export", "qdc"], ["export", "qdpx"], ["import", "qdc"],
                                     ["import", "qdpx"]])
def test_every_command_has_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: qualcode " + " ".join(command) in result.output


def test_export_and_import_qdc(tmp_path):
    io_codebook = pytest.importorskip("qualcode.io.codebook")
    source = tmp_path / "book.yaml"
    source.write_text(CODEBOOK_YAML, encoding="utf-8")
    out = tmp_path / "book.qdc"
    result = runner.invoke(app, ["export", "qdc", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Not carried over:" in result.stderr and "[X101]" in result.stderr
    assert f"Wrote {out} (4 codes, 2 dimensions)." in result.stderr
    library = tmp_path / "library.qdc"
    export_qdc(io_codebook.load_codebook(source), library)
    assert out.read_bytes() == library.read_bytes()

    back = tmp_path / "back.yaml"
    result = runner.invoke(app, ["import", "qdc", str(out), "-o", str(back)])
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {back} (4 codes, 2 dimensions)." in result.stderr
    assert back.read_text(encoding="utf-8").startswith(
        "# Imported from book.qdc by qualcode (written by qualcode ")
    loaded = io_codebook.load_codebook(back)
    assert [(c.id, c.parent, loaded.dimension_of(c.id)) for c in loaded.codes] == [
        ("enabler", None, "role"), ("obstacle", None, "role"), ("caseload", "obstacle", "role"),
        ("assessment", None, "stage")]
    assert [c.rules for c in loaded.codes] == [(), (), (), ()]
    # an existing codebook is not replaced without --force, and the output is YAML (another
    # suffix is a usage error)
    for target, code, message in ((source, 1, "the codebook file exists already"),
                                  (tmp_path / "out.qdc", 2, "writes .yaml or .yml files")):
        before = target.read_bytes() if target.exists() else None
        result = runner.invoke(app, ["import", "qdc", str(out), "-o", str(target)])
        assert result.exit_code == code and message in " ".join(result.stderr.split())
        assert (target.read_bytes() if target.exists() else None) == before
    result = runner.invoke(app, ["import", "qdc", str(out), "-o", str(back), "--force"])
    assert result.exit_code == 0, result.stderr


def test_errors_exit_1_without_traceback(tmp_path):
    project = write_qdpx(tmp_path / "p.qdpx", project_xml(""))
    qde = tmp_path / "project.qde"
    qde.write_text(project_xml(""), encoding="utf-8")
    cases = [
        (["import", "qdc", str(qde), "-o", str(tmp_path / "x.yaml")],
         "the root element is <Project>, not <CodeBook>"),
        (["import", "qdpx", str(tmp_path / "missing.qdpx"), "-o", str(tmp_path / "o")],
         "file not found"),
        (["import", "qdpx", str(project), "-o", str(tmp_path / "o"), "--language", "english"],
         "is not a two-letter ISO 639-1 code"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_import_then_quiet_summary(tmp_path):
    project = write_qdpx(tmp_path / "p.qdpx", project_xml(""))
    result = runner.invoke(app, ["import", "qdpx", str(project), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert result.stderr.endswith(f"Imported 0 documents, 0 codes, 0 codings, 0 cases into "
                                  f"{tmp_path / 'o'}.\n")
    result = runner.invoke(app, ["-q", "import", "qdpx", str(project), "-o",
                                 str(tmp_path / "o2")])
    assert result.exit_code == 0 and result.stderr == ""
