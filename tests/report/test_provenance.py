"""Provenance: built once, rendered as rows, written as JSON."""

from __future__ import annotations

import hashlib
import json

from qualcode._version import __version__
from qualcode.report.provenance import (
    build_provenance,
    file_digest,
    provenance_rows,
    write_provenance,
)


def test_build_records_codebook_inputs_and_options(tmp_path, tiny):
    source = tmp_path / "t.md"
    source.write_bytes(b"Rina: halo\n")
    prov = build_provenance(codebook=tiny.tiny_codebook(), inputs=[source], unit="turn",
                            options={"window": 0}, counts={"codings": 14},
                            created="2024-06-01T10:00:00+00:00")
    assert prov["qualcode_version"] == __version__
    assert prov["codebook"] == {"name": "tiny", "version": "1.0", "title": "",
                                "path": "tiny.yaml", "content_hash": "abc123",
                                "coder": "tiny@1.0"}
    assert prov["inputs"] == [{"path": str(source),
                               "sha256": hashlib.sha256(b"Rina: halo\n").hexdigest()}]
    assert prov["unit"] == "turn" and prov["created"] == "2024-06-01T10:00:00+00:00"
    rows = dict(provenance_rows(prov))
    assert rows["codebook"] == "tiny 1.0"
    assert rows["codebook sha256"] == "abc123"
    assert rows["option window"] == "0"
    assert rows["codings"] == "14"


def test_the_codebook_title_is_in_the_language_of_the_labels(tiny):
    import dataclasses

    book = dataclasses.replace(tiny.tiny_codebook(), languages=("id", "en"),
                               titles={"id": "Peran manajer kasus", "en": "Case-manager roles"})
    titles = [build_provenance(codebook=book, options=options)["codebook"]["title"]
              for options in (None, {"language": None}, {"language": "en"}, {"language": "id"})]
    assert titles == ["Peran manajer kasus", "Peran manajer kasus", "Case-manager roles",
                      "Peran manajer kasus"]


def test_missing_file_has_an_empty_digest(tmp_path):
    assert file_digest(tmp_path / "nope") == ""


def test_without_codebook_the_coders_are_named():
    prov = build_provenance(coders=["Ani", "Budi", "Ani"])
    assert prov["codebook"] is None and prov["coders"] == ["Ani", "Budi"]
    assert dict(provenance_rows(prov))["codebook"] == "(none)"


def test_write_json(tmp_path):
    target = write_provenance(build_provenance(created="x"), tmp_path / "provenance.json")
    assert json.loads(target.read_text(encoding="utf-8"))["created"] == "x"
    # an analysis's read-only provenance is written as its JSON too, not as its repr
    from qualcode.analysis.bundle import Provenance

    target = write_provenance(Provenance(build_provenance(created="y")), target)
    assert json.loads(target.read_text(encoding="utf-8"))["created"] == "y"


def test_warnings_and_skipped_files_are_recorded():
    from qualcode.errors import Issue

    warning = Issue("W201", "document d1 has no case", path="d1.txt")
    skipped = Issue("E100", "the file is empty", path="empty.txt")
    prov = build_provenance(warnings=[warning], skipped=[skipped])
    assert prov["warnings"] == ["d1.txt: document d1 has no case [W201]"]
    assert prov["skipped"] == ["empty.txt: the file is empty [E100]"]
    rows = provenance_rows(prov)
    assert ("warning", "d1.txt: document d1 has no case [W201]") in rows
    assert ("skipped", "empty.txt: the file is empty [E100]") in rows


def test_interviewer_labels_and_library_versions_are_recorded(tmp_path):
    from importlib import metadata

    from qualcode.corpus import build_corpus
    from qualcode.model import Document
    from qualcode.pipeline import analyze_corpus
    from qualcode.resources import default_codebook_path

    prov = build_provenance(interviewer_labels=("Rina",))
    assert prov["interviewer_labels"] == ["Rina"]
    assert prov["libraries"]["pandas"] == metadata.version("pandas")
    assert prov["libraries"]["PySastrawi"] == metadata.version("PySastrawi")
    assert prov["libraries"]["snowballstemmer"] == metadata.version("snowballstemmer")
    rows = provenance_rows(prov)
    assert ("interviewer labels", "Rina") in rows and ("pandas", metadata.version("pandas")) in rows
    # an analysis records the labels its corpus was segmented with (they decide what is coded)
    corpus = build_corpus([Document(id="d", text="Rina: Apa?\n\nDimas: Saya dampingi.\n")],
                          interviewer_labels=["Rina"])
    analysis = analyze_corpus(corpus, default_codebook_path())
    assert analysis.provenance["interviewer_labels"] == ["Rina"]
