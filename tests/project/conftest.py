"""Small projects built in tmp_path: two transcripts and a two-code codebook."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def fake_engine(monkeypatch, samples):
    """Make autocode use the sample stand-in for the rule engine."""
    import qualcode.project.autocode as autocode

    fake = samples.fake_apply_codebook

    def engine(project, codebook):
        corpus = project.corpus()
        return {d.id: d.text for d in corpus}, fake(corpus, codebook)

    monkeypatch.setattr(autocode, "_engine_codings", engine)


@pytest.fixture
def project_dir(tmp_path, samples) -> Path:
    """A project folder with transcripts/ and codebook.yaml, not yet initialised (the
    ``samples`` fixture is the repository-wide one of tests/conftest.py)."""
    pytest.importorskip("qualcode.io.codebook")
    return samples.make_project_dir(tmp_path / "study")


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
