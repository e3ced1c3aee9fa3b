"""Hostile inputs through the command line: helpers shared by the security tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app

Invoke = Callable[..., object]


@pytest.fixture
def qualcode(time_limit) -> Invoke:
    """Run ``qualcode ARGS...`` in-process under a time limit (``seconds=``, default 30)."""
    runner = CliRunner()

    def invoke(*args: object, seconds: float = 30.0):
        with time_limit(seconds):
            return runner.invoke(app, [str(a) for a in args])

    return invoke


def _refused(result, path: Path | str, *fragments: str) -> None:
    out = result.output
    assert result.exit_code == 1, out
    assert "Traceback" not in out, out
    assert isinstance(result.exception, SystemExit), result.exception  # a handled error
    assert out.startswith(f"Error: {path}"), out  # names the file first
    assert "\n\n" not in out.strip(), out  # one paragraph
    for fragment in fragments:
        assert fragment in out, out


def _rejected(result, path: Path | str, *fragments: str) -> None:
    out = result.output
    assert result.exit_code == 1, out
    assert "Traceback" not in out, out
    assert isinstance(result.exception, SystemExit), result.exception  # a handled error
    assert out.startswith(f"error: {path}:"), out  # every problem names the file (and line)
    assert out.rstrip().endswith(f"{path}: 1 error(s), 0 warning(s)") or \
        " error(s), " in out.splitlines()[-1], out
    for fragment in fragments:
        assert fragment in out, out


@pytest.fixture(scope="session")
def rejected() -> Callable[..., None]:
    """``rejected(result, path, *fragments)``: ``qualcode codebook validate`` refused the file:
    exit code 1, no traceback, problems listed as ``error: <path>:<line>: ...``."""
    return _rejected


@pytest.fixture(scope="session")
def refused() -> Callable[..., None]:
    """``refused(result, path, *fragments)``: exit code 1, no traceback, one paragraph that
    starts with ``Error: <path>`` and holds every fragment."""
    return _refused


def docx_bytes(*paragraphs: str) -> bytes:
    """A small Word document with one paragraph per argument."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, target: Path, *, replace: dict[str, bytes] | None = None,
          add: dict[str, bytes] | None = None) -> Path:
    """Copy the zip ``data`` to ``target`` with parts replaced or added."""
    replace = dict(replace or {})
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            out.writestr(info, replace.pop(info.filename, source.read(info)))
        for name, payload in {**replace, **(add or {})}.items():
            out.writestr(name, payload)
    return target


@pytest.fixture(scope="session")
def make_docx() -> Callable[..., bytes]:
    """``make_docx(*paragraphs)``: the bytes of a small Word document."""
    return docx_bytes


@pytest.fixture(scope="session")
def repack() -> Callable[..., Path]:
    """``repack(data, target, replace=..., add=...)``: a copy of a zip with parts changed."""
    return rezip


@pytest.fixture(scope="session")
def zip_bomb_part() -> Callable[[zipfile.ZipFile, str], None]:
    """Write a part of 201 MiB of zeros (under 1 MB compressed) into an open zip file."""

    def write(archive: zipfile.ZipFile, name: str) -> None:
        block = bytes(1 << 20)
        with archive.open(name, "w", force_zip64=True) as stream:
            for _ in range(201):
                stream.write(block)

    return write
