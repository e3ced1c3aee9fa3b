"""Tests for loading folders that mix every supported file type."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qualcode.corpus import load_corpus
from qualcode.errors import InputError
from qualcode.io.loader import load_documents
from qualcode.io.options import ReadOptions


def build_folder(root: Path) -> Path:
    """txt, md, docx, vtt, srt and csv sources plus files the loader must pass over."""
    root.mkdir()
    (root / "a-notes.txt").write_text(
        "Q: Apa peran Ibu?\nRina: Mendampingi anak.\nQ: Baik.\n", encoding="utf-8"
    )
    (root / "b-interview.md").write_text(
        "---\nid: mk02\ncase: MK02\n---\nPewawancara: Halo.\n\nDimas: Halo juga.\n",
        encoding="utf-8",
    )
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Interviewer").bold = True
    paragraph.add_run(" How did it start?")
    paragraph = document.add_paragraph()
    paragraph.add_run("Sari:").bold = True
    paragraph.add_run(" The school called.")
    document.save(root / "c-word.docx")
    (root / "d-call.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Moderator>Mulai.\n\n"
        "00:00:02.000 --> 00:00:04.000\n<v Yoga>Siap.\n",
        encoding="utf-8",
    )
    (root / "e-call.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nQ: Siapa?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nNadia: Saya.\n",
        encoding="utf-8",
    )
    (root / "f-survey.csv").write_text(
        "kode,isi,umur\nS1,Sekolah menolak.,30\nS2,,41\nS3,Orang tua takut.,28\n",
        encoding="utf-8",
    )
    (root / ".hidden.txt").write_text("Q: hidden\n", encoding="utf-8")
    (root / "cases.csv").write_text("case,role\nMK02,manajer\n", encoding="utf-8")
    (root / "audio.mp3").write_bytes(b"ID3")
    return root


def test_mixed_folder(tmp_path, segments_of):
    root = build_folder(tmp_path / "corpus")
    corpus = load_corpus([root], text_column="isi", id_column="kode")
    assert [(d.id, d.format) for d in corpus.documents] == [
        ("a-notes", "txt"),
        ("mk02", "md"),
        ("c-word", "docx"),
        ("d-call", "vtt"),
        ("e-call", "srt"),
        ("S1", "csv"),
        ("S3", "csv"),
    ]
    assert [(w.code, w.path, w.line) for w in corpus.warnings] == [
        ("W101", str(root / "audio.mp3"), None), ("W108", str(root / "f-survey.csv"), 3)]
    assert corpus.skipped == ()
    speakers = {
        doc.id: [(s.speaker, s.interviewer, s.text) for s in corpus.segments[doc.id]]
        for doc in corpus.documents
    }
    assert speakers == {
        "a-notes": [
            ("Q", True, "Apa peran Ibu?"),
            ("Rina", False, "Mendampingi anak."),
            ("Q", True, "Baik."),
        ],
        "mk02": [("Pewawancara", True, "Halo."), ("Dimas", False, "Halo juga.")],
        "c-word": [
            ("Interviewer", True, "How did it start?"),
            ("Sari", False, "The school called."),
        ],
        "d-call": [("Moderator", True, "Mulai."), ("Yoga", False, "Siap.")],
        "e-call": [("Q", True, "Siapa?"), ("Nadia", False, "Saya.")],
        "S1": [(None, False, "Sekolah menolak.")],
        "S3": [(None, False, "Orang tua takut.")],
    }
    assert dict(corpus.document("S3").attributes) == {"umur": 28, "row": 4}
    for doc in corpus.documents:
        assert corpus.segments[doc.id] == segments_of(doc)["turn"]


def test_csv_needs_a_text_column(tmp_path):
    root = build_folder(tmp_path / "corpus")
    with pytest.raises(InputError) as info:
        load_corpus([root])
    assert info.value.path == str(root / "f-survey.csv")
    assert info.value.hint == "pass --text-column with one of: kode, isi, umur"


def test_skip_errors(tmp_path):
    root = build_folder(tmp_path / "corpus")
    (root / "g-broken.docx").write_bytes(b"not a zip")
    (root / "h-empty.txt").write_bytes(b"")
    with pytest.raises(InputError) as info:
        load_corpus([root], text_column="isi")
    assert info.value.path == str(root / "g-broken.docx")
    corpus = load_corpus([root], text_column="isi", skip_errors=True)
    assert [(s.path, s.message) for s in corpus.skipped] == [
        (
            str(root / "g-broken.docx"),
            "not a valid Word document: the file is not a zip package (it may be damaged or "
            "misnamed)",
        ),
        (str(root / "h-empty.txt"), "the file is empty"),
    ]
    assert len(corpus.documents) == 7


def test_duplicate_ids(tmp_path):
    root = build_folder(tmp_path / "corpus")
    (root / "sub").mkdir()
    (root / "sub" / "a-notes.txt").write_text("Q: lagi\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_documents([root], options=ReadOptions(text_column="isi"))
    assert info.value.message == (
        f"two documents have the id 'a-notes': {root / 'a-notes.txt'} and "
        f"{root / 'sub' / 'a-notes.txt'}"
    )


def test_missing_path(tmp_path):
    with pytest.raises(InputError) as info:
        load_corpus([tmp_path / "nowhere"])
    assert (info.value.message, info.value.path) == (
        "file or folder not found", str(tmp_path / "nowhere"),
    )


def test_qualcode_outputs_and_the_cases_table_in_an_input_folder_are_not_sources(tmp_path):
    from openpyxl import Workbook

    from qualcode.io.loader import expand_paths
    from qualcode.stream import code_files

    corp = tmp_path / "corp"
    corp.mkdir()
    (corp / "a.md").write_text("Pewawancara: Apa?\n\nRina: Saya dampingi anaknya.\n",
                               encoding="utf-8")
    (corp / "answers.csv").write_text("id,answer\nr1,Saya bantu anak\n", encoding="utf-8")
    (corp / "informants.csv").write_text("case,role\nA,mk\n", encoding="utf-8")
    (corp / "segments.csv").write_text("document,segment,start,end,speaker,text\n",
                                       encoding="utf-8")
    book = Workbook()
    book.active.append(["document", "case", "segment", "code", "coder"])
    book.save(corp / "codings.xlsx")
    warnings = []
    found = expand_paths([corp], warnings, exclude=[corp / "informants.csv", None, "-"])
    assert [p.name for p in found] == ["a.md", "answers.csv"]
    assert [(w.code, Path(w.path).name, w.message) for w in warnings] == [
        ("W105", "codings.xlsx", "skipped a qualcode codings table in the input folder"),
        ("W105", "segments.csv", "skipped a qualcode segments table in the input folder")]
    # named directly, a table is read whatever its header says
    assert expand_paths([corp / "segments.csv"]) == [corp / "segments.csv"]
    # coding a folder into a file inside it twice gives the same table
    out = corp / "out.csv"
    cases = corp / "informants.csv"
    first = code_files([corp], load_default_codebook(), out, cases=cases)
    text = out.read_text(encoding="utf-8")
    second = code_files([corp], load_default_codebook(), out, cases=cases)
    assert (first.documents, first.codings) == (second.documents, second.codings)
    assert first.documents == 2
    assert out.read_text(encoding="utf-8") == text
    corpus = load_corpus([corp], cases=corp / "informants.csv")
    assert [d.id for d in corpus.documents] == ["a", "r1"]  # the id column names it


def load_default_codebook():
    from qualcode.io.codebook import load_codebook
    from qualcode.resources import default_codebook_path

    return load_codebook(default_codebook_path())


def test_a_results_folder_inside_the_input_folder_is_not_read(tmp_path):
    from qualcode.io.loader import expand_paths
    from qualcode.report.files import atomic_directory

    corp = tmp_path / "corp"
    corp.mkdir()
    (corp / "a.md").write_text("Rina: Saya dampingi.\n", encoding="utf-8")
    atomic_directory(corp / "res", lambda d: (d / "code_by_case.csv").write_text(
        "code,A\nenabler,1\n", encoding="utf-8"))
    assert [p.name for p in expand_paths([corp])] == ["a.md"]


def test_cache_folders_and_excluded_folders_inside_the_input_are_not_read(tmp_path):
    from qualcode.batch.cache import open_cache
    from qualcode.io.loader import expand_paths
    from qualcode.report.files import CACHE_TAG, is_cache_folder

    corp = tmp_path / "corp"
    for name in ("a.md", "qc/files/x.md", "other/b.md", "fake/c.md", "given/d.md"):
        (corp / name).parent.mkdir(parents=True, exist_ok=True)
        (corp / name).write_text("Rina: Saya dampingi.\n", encoding="utf-8")
    open_cache(corp / "qc")  # qualcode's --cache folder is tagged when opened
    assert is_cache_folder(corp / "qc")
    (corp / "fake" / CACHE_TAG).write_text("not the signature", encoding="utf-8")
    found = [p.relative_to(corp).as_posix() for p in expand_paths([corp], exclude=[
        corp / "given"])]
    assert found == ["a.md", "fake/c.md", "other/b.md"]
    # a folder named as an input is read even when it is excluded
    assert [p.name for p in expand_paths([corp / "given"], exclude=[corp / "given"])] == [
        "d.md"]


def test_a_results_folder_of_an_earlier_version_inside_the_input_is_not_read(tmp_path):
    from qualcode.io.loader import expand_paths

    corp = tmp_path / "corp"
    (corp / "res").mkdir(parents=True)
    (corp / "a.md").write_text("Rina: Saya dampingi.\n", encoding="utf-8")
    (corp / "res" / "provenance.json").write_text('{"qualcode_version": "0.1.0"}')
    (corp / "res" / "code_by_case.csv").write_text("code,A\nenabler,1\n", encoding="utf-8")
    assert [p.name for p in expand_paths([corp])] == ["a.md"]


def test_names_starting_with_an_underscore_are_read_and_hidden_names_are_not(tmp_path):
    from qualcode.io.loader import expand_paths

    corp = tmp_path / "corp"
    for folder in ("_arsip", ".git", "sub/.cache"):
        (corp / folder).mkdir(parents=True)
    for name in ("_draft.txt", "_arsip/mk01.md", ".hidden.txt", ".git/notes.txt",
                 "sub/.cache/old.txt", "sub/_x.txt"):
        (corp / name).write_text("Rina: Saya dampingi.\n", encoding="utf-8")
    assert [p.relative_to(corp).as_posix() for p in expand_paths([corp])] == [
        "_arsip/mk01.md", "_draft.txt", "sub/_x.txt"]


def _locked(monkeypatch, *folders: Path) -> None:
    """Make listing ``folders`` fail as a folder without read permission does."""
    import os

    real = os.scandir

    def scandir(path="."):
        if Path(path) in folders:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_folder_is_an_error_naming_it_and_skipped_with_skip_errors(
        tmp_path, monkeypatch):
    from qualcode.stream import code_files

    corp = tmp_path / "corp"
    (corp / "b-locked").mkdir(parents=True)
    for name in ("a.md", "b-locked/mk02.md", "c.md"):
        (corp / name).write_text("Rina: Saya dampingi.\n", encoding="utf-8")
    _locked(monkeypatch, corp / "b-locked")
    message = "cannot read the folder (Permission denied)"
    with pytest.raises(InputError) as info:
        load_documents([corp])
    assert (info.value.message, info.value.path, info.value.hint) == (
        message, str(corp / "b-locked"),
        "check its permissions; none of the files in it were read")
    result = load_documents([corp], skip_errors=True)
    assert [d.id for d in result.documents] == ["a", "c"]
    assert [(i.code, i.message, i.path) for i in result.skipped] == [
        ("E100", message, str(corp / "b-locked"))]
    summary = code_files([corp], load_default_codebook(), tmp_path / "out.csv", skip_errors=True)
    assert (summary.documents, [(i.code, i.message, i.path) for i in summary.skipped]) == (
        2, [("E100", message, str(corp / "b-locked"))])
    _locked(monkeypatch, corp)
    with pytest.raises(InputError, match=r"corp: cannot read the folder \(Permission denied\)"):
        load_documents([corp])


def test_links_to_folders_and_files_are_followed_and_each_folder_read_once(tmp_path):
    from qualcode.io.loader import expand_paths

    corp, outside = tmp_path / "corp", tmp_path / "outside"
    (corp / "b").mkdir(parents=True)
    outside.mkdir()
    for name in ("corp/a.md", "corp/b/mk02.md", "outside/x.md"):
        (tmp_path / name).write_text("Rina: Saya dampingi.\n", encoding="utf-8")
    try:
        (corp / "c-link").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("this system cannot make symbolic links")
    (corp / "b" / "up").symlink_to(corp, target_is_directory=True)
    (corp / "d-again").symlink_to(corp / "b", target_is_directory=True)
    (corp / "e-file.md").symlink_to(outside / "x.md")
    warnings = []
    found = expand_paths([corp], warnings)
    assert [p.relative_to(corp).as_posix() for p in found] == [
        "a.md", "b/mk02.md", "c-link/x.md", "e-file.md"]
    assert [(w.code, w.path, w.message, w.severity) for w in warnings] == [
        ("W109", str(corp / "b" / "up"),
         f"did not follow a link back to {corp}, a folder that holds it (a loop)", "warning"),
        ("W109", str(corp / "d-again"),
         f"did not read the folder again: it is {corp / 'b'}, read already", "warning")]
    assert [d.id for d in load_documents([corp]).documents] == ["a", "mk02", "x", "e-file"]


def test_document_ids_from_file_names_are_nfc_like_the_text(tmp_path):
    import unicodedata

    corp = tmp_path / "corp"
    corp.mkdir()
    nfd = unicodedata.normalize("NFD", "wawancara-andré")
    (corp / f"{nfd}.txt").write_text("Q: Apa?\nRina: Saya dampingi.\n", encoding="utf-8")
    (corp / "cases.csv").write_text("case,document,role\nC1,wawancara-andré,guru\n",
                                    encoding="utf-8")
    corpus = load_corpus([corp], cases=corp / "cases.csv")
    [doc] = corpus.documents
    assert (doc.id, doc.case, doc.source) == ("wawancara-andré", "C1", str(corp / f"{nfd}.txt"))
    assert corpus.warnings == ()


def test_one_path_is_taken_whole_not_split_into_letters(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("Q: Apa?\nRina: Ya.\n", encoding="utf-8")
    many = load_corpus([root])
    for one in (str(root), root, str(root / "a.txt")):
        assert load_corpus(one).documents == many.documents
    assert [d.id for d in load_documents(str(root)).documents] == ["a"]
    with pytest.raises(InputError, match="no files or folders given"):
        load_corpus(None)
    with pytest.raises(InputError, match="paths must be files or folders, not int 5"):
        load_corpus([root, 5])


def test_read_file_takes_a_path_as_text(tmp_path):
    from qualcode.io.readers import read_file

    sample = tmp_path / "a.txt"
    sample.write_text("Q: Apa?\nRina: Ya.\n", encoding="utf-8")
    assert [d.id for d in read_file(str(sample))] == ["a"]
    assert read_file(str(sample)) == read_file(sample)
    with pytest.raises(InputError, match="path must be a file, not int"):
        read_file(3)


def test_a_folder_with_nothing_to_read_is_named_with_what_to_do(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_documents(empty)
    assert info.value.message.startswith(f"no supported files found in the folder {empty}: "
                                         "nothing there to read")
    assert "put the transcripts there" in info.value.hint and ".docx" in info.value.hint
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.rtf").write_text("x", encoding="utf-8")
    (other / "b.RTF").write_text("x", encoding="utf-8")
    (other / "codings.csv").write_text("document,segment,code,coder\nd1,0,x,me\n",
                                       encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_documents([empty, other])
    assert info.value.message == (
        f"no supported files found in the folders {empty}, {other}: passed over 2 file(s) of "
        "types qualcode does not read (.rtf) and 1 codings or segments table(s) qualcode wrote")
    assert info.value.hint.startswith("convert the transcripts to a supported type (.txt, ")
    assert info.value.hint.endswith("to read a table as responses, name the file itself")
