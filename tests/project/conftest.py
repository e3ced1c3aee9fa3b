"""Small projects built in tmp_path: two transcripts and a two-code codebook."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

_NAME = "qualcode_tests_project_samples"


def load_samples() -> ModuleType:
    """``tests/project/samples.py`` as a module (test folders are not packages)."""
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).with_name(
            "samples.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]


@pytest.fixture
def samples() -> ModuleType:
    """Sample texts (``MK01``, ``MK02``, ``TINY_CODEBOOK``), ``write`` and the fake engine."""
    return load_samples()


@pytest.fixture
def fake_engine(monkeypatch):
    """Make autocode use the sample stand-in for the rule engine."""
    import qualcode.project.autocode as autocode

    fake = load_samples().fake_apply_codebook

    def engine(project, codebook):
        corpus = project.corpus()
        return {d.id: d.text for d in corpus}, fake(corpus, codebook)

    monkeypatch.setattr(autocode, "_engine_codings", engine)


@pytest.fixture
def project_dir(tmp_path) -> Path:
    """A project folder with transcripts/ and codebook.yaml, not yet initialised."""
    pytest.importorskip("qualcode.io.codebook")
    return load_samples().make_project_dir(tmp_path / "study")


@pytest.fixture
def project(project_dir):
    """An initialised project (user ana) with the two transcripts added."""
    from qualcode.project.core import init_project
    from qualcode.project.documents import add_documents

    proj = init_project(project_dir, sources=["transcripts"], codebook="codebook.yaml",
                        user="ana")
    add_documents(proj)
    yield proj
    proj.close()
