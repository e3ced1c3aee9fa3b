"""Small projects built in tmp_path: two transcripts and a two-code codebook."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from qualcode.model import Coding

TINY_CODEBOOK = """\
name: tiny
version: "1.0.0"
languages: [id, en]
unit: turn
dimensions:
  - id: role
    label: {en: Role}
codes:
  - id: enabler
    dimension: role
    label: {en: Enabler}
    definition: {en: Builds the child's trust.}
    rules:
      - phrases: {any: [dampingi]}
        match: exact
  - id: advocate
    dimension: role
    label: {en: Advocate}
    definition: {en: "=Acts for the child's rights."}
    rules:
      - phrases: {any: [sekolah]}
        match: exact
"""

MK01 = """\
---
id: mk01
case: MK01
language: id
---
Pewawancara: Apa yang Ibu lakukan pertama kali?

Rina: Saya dampingi anaknya pelan-pelan supaya mau cerita.

Pewawancara: Lalu bagaimana dengan pihak sekolah?

Rina: Saya datang ke sekolah dan minta guru ikut menjaga anak itu.
"""

MK02 = """\
---
id: mk02
case: MK02
language: id
---
Pewawancara: Bagaimana Bapak memulai?

Dimas: Saya dampingi keluarganya dulu, baru ke sekolah.
"""


def fake_apply_codebook(corpus, codebook):
    """A stand-in for the rule engine: a code per participant turn that contains its phrase."""
    out = []
    for doc in corpus.documents:
        for seg in corpus.segments[doc.id]:
            if seg.interviewer:
                continue
            for code in codebook.codes:
                for i, rule in enumerate(code.rules):
                    words = [w for ws in rule.phrases.values() for w in ws]
                    hits = [w for w in words if re.search(rf"\b{w}\b", seg.text, re.I)]
                    if hits:
                        out.append(Coding(doc.id, seg.start, seg.end, code.id, codebook.coder,
                                          "auto", seg.index, f"{code.id}.rules[{i}]",
                                          "; ".join(hits)))
    return out


@pytest.fixture
def fake_engine(monkeypatch):
    """Make autocode use :func:`fake_apply_codebook`."""
    import qualcode.project.autocode as autocode

    monkeypatch.setattr(
        autocode, "_engine_codings",
        lambda project, codebook: fake_apply_codebook(project.corpus(), codebook))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project_dir(tmp_path) -> Path:
    """A project folder with transcripts/ and codebook.yaml, not yet initialised."""
    pytest.importorskip("qualcode.io.codebook")
    root = tmp_path / "study"
    write(root / "transcripts" / "mk01.md", MK01)
    write(root / "transcripts" / "mk02.md", MK02)
    write(root / "codebook.yaml", TINY_CODEBOOK)
    return root


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


@pytest.fixture
def samples() -> SimpleNamespace:
    """The sample texts and helpers of this folder (test modules cannot import conftest)."""
    return SimpleNamespace(MK01=MK01, MK02=MK02, TINY_CODEBOOK=TINY_CODEBOOK, write=write,
                           fake_apply_codebook=fake_apply_codebook)
