"""Shared helpers for the REFI-QDA tests: the reference data folder and small project builders."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

REFI = Path(__file__).resolve().parents[2] / ".." / "shared" / "refi-qda"
SAMPLES = REFI / "samples"
PROJECT_NS = "urn:QDA-XML:project:1.0"


@pytest.fixture
def samples() -> Path:
    """The folder of real exports; the test is skipped where it is absent."""
    if not SAMPLES.is_dir():
        pytest.skip("REFI-QDA reference samples are not available here")
    return SAMPLES


def write_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None,
               *, qde_name: str = "project.qde") -> Path:
    """Write a .qdpx archive holding ``qde`` and ``files`` (entry name -> content)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def project_xml(body: str, *, origin: str = "Test 1.0", ns: str = PROJECT_NS,
                name: str = "p") -> str:
    """A project.qde document around ``body``."""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{ns}" name="{name}" '
            f'origin="{origin}">{body}</Project>')


@pytest.fixture
def make_qdpx(tmp_path: Path):
    """Factory: ``make_qdpx(body, files=..., origin=..., name="x.qdpx")`` -> path."""

    def make(body: str, files: dict[str, bytes | str] | None = None, *,
             origin: str = "Test 1.0", ns: str = PROJECT_NS, qde_name: str = "project.qde",
             name: str = "project.qdpx") -> Path:
        return write_qdpx(tmp_path / name, project_xml(body, origin=origin, ns=ns), files,
                          qde_name=qde_name)

    return make
