"""Tests for the .txt/.md reader and front matter."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from qualcode.errors import InputError
from qualcode.io.frontmatter import FrontMatter, split_front_matter
from qualcode.io.options import ReadOptions
from qualcode.io.plaintext import _only_labels, read_plaintext

OPTIONS = ReadOptions()

TRANSCRIPT = (
    "---\r\n"
    "id: mk01-rina\r\n"
    "case: MK01\r\n"
    "language: id\r\n"
    "date: 2024-05-14\r\n"
    "speakers: [Rina, Pewawancara]\r\n"
    "empty:\r\n"
    "---\r\n"
    "Pewawancara: Selamat siang, Bu. Bagaimana awalnya?\r\n"
    "\r\n"
    "Rina: Sekolah menelepon saya. Lalu saya datang.\r\n"
    "Anaknya diam saja.\r\n"
    "\r\n"
    "Pewawancara 2: Terima kasih.\r\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        TRANSCRIPT.encode("utf-8"),
        codecs.BOM_UTF8 + TRANSCRIPT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TRANSCRIPT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TRANSCRIPT.encode("utf-16-be"),
    ],
)
def test_transcript_with_front_matter(tmp_path, segments_of, data):
    path = _write(tmp_path, "wawancara.md", data)
    [doc] = read_plaintext(path, OPTIONS)
    assert (doc.id, doc.format, doc.source, doc.turns) == ("mk01-rina", "md", str(path), None)
    assert dict(doc.attributes) == {
        "case": "MK01",
        "language": "id",
        "date": "2024-05-14",
        "speakers": "Rina; Pewawancara",
    }
    normalised = TRANSCRIPT.replace("\r\n", "\n")
    assert doc.offset == normalised.index("Pewawancara: Selamat") == 100
    assert doc.text == normalised[100:]
    units = segments_of(doc)
    assert [(s.speaker, s.interviewer, s.text) for s in units["turn"]] == [
        ("Pewawancara", True, "Selamat siang, Bu. Bagaimana awalnya?"),
        ("Rina", False, "Sekolah menelepon saya. Lalu saya datang.\nAnaknya diam saja."),
        ("Pewawancara 2", True, "Terima kasih."),
    ]
    assert [(s.speaker, s.text) for s in units["paragraph"]] == [
        ("Pewawancara", "Selamat siang, Bu. Bagaimana awalnya?"),
        ("Rina", "Sekolah menelepon saya. Lalu saya datang.\nAnaknya diam saja."),
        ("Pewawancara 2", "Terima kasih."),
    ]
    assert [s.text for s in units["sentence"]] == [
        "Selamat siang, Bu.",
        "Bagaimana awalnya?",
        "Sekolah menelepon saya.",
        "Lalu saya datang.",
        "Anaknya diam saja.",
        "Terima kasih.",
    ]
    assert [s.start for s in units["document"]] == [0]


def test_cp1252_text_without_front_matter(tmp_path, segments_of):
    data = "Q: “Apa kabar?”\r\nA: Baik, di café.\r\nQ: Oke.\r\n".encode("cp1252")
    path = _write(tmp_path, "legacy.txt", data)
    [doc] = read_plaintext(path, OPTIONS)
    assert (doc.id, doc.format, doc.offset) == ("legacy", "txt", 0)
    assert dict(doc.attributes) == {"encoding": "cp1252"}
    assert doc.text == "Q: “Apa kabar?”\nA: Baik, di café.\nQ: Oke.\n"
    assert [(s.speaker, s.interviewer, s.text) for s in segments_of(doc)["turn"]] == [
        ("Q", True, "“Apa kabar?”"),
        ("A", False, "Baik, di café."),
        ("Q", True, "Oke."),
    ]


def test_no_speakers_gives_paragraphs(tmp_path, segments_of):
    path = _write(tmp_path, "notes.txt", b"Catatan: satu.\n\nDua baris\nsatu paragraf.\n")
    [doc] = read_plaintext(path, OPTIONS)
    units = segments_of(doc)
    assert [(s.speaker, s.text) for s in units["turn"]] == [
        (None, "Catatan: satu."), (None, "Dua baris\nsatu paragraf."),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\nid: x\ncase: MK01\ntitle: a: b\n---\nQ: hi\n", 4,
         "the front matter is not valid YAML: mapping values are not allowed here"),
        ("---\nid: x\ncase: [MK01\n---\nQ: hi\n", 3,
         "the front matter is not valid YAML: the '[' opened on line 3 is never closed"),
        ("---\nid: x\ntitle: \"Wawancara\nQ: hi\n---\nQ: hi\n", 3,
         "the front matter is not valid YAML: the quoted text opened on line 3 is never closed"),
        ("---\nid: x\nQ: hi\n", 1, "the front matter opened by '---' on line 1 is never closed"),
        ("---\n- a\n- b\n---\nQ: hi\n", 2, "the front matter must be a list of 'key: value' lines"),
        ("---\nid: x\nmeta:\n  a: 1\n---\nQ: hi\n", 3,
         "front matter key 'meta' holds a nested mapping; only single values and lists are "
         "supported"),
        ("---\nid: x\n---\n\n  \n", None, "the file has no text after its front matter"),
    ],
)
def test_front_matter_errors(tmp_path, text, line, message):
    path = _write(tmp_path, "bad.md", text.encode("utf-8"))
    with pytest.raises(InputError) as info:
        read_plaintext(path, OPTIONS)
    assert (info.value.message, info.value.line, info.value.path) == (message, line, str(path))
    assert info.value.hint


def test_split_front_matter_without_block():
    assert split_front_matter("Q: halo\n---\n") == FrontMatter({}, 0)
    assert split_front_matter("---\n...\nbody") == FrontMatter({}, 8)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\x00", "the file looks binary, not text (it contains NUL or control "
         "bytes)"),
    ],
)
def test_unreadable(tmp_path, data, message):
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError) as info:
        read_plaintext(path, OPTIONS)
    assert (info.value.message, info.value.path) == (message, str(path))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Q:\nRina:\n\n", True),
        ("\n  Q:  \n[Rina]\n**Q:**", True),
        ("Q: halo\nRina:", False),
        ("Q:\nRina: ya", False),
        ("Judul\nQ:\nRina:", False),
        ("Q:\nRina:\nlalu", False),
        ("tanpa label", False),
        ("", False),
    ],
)
def test_only_labels(body, expected):
    assert _only_labels(body) is expected


def test_a_file_of_labels_alone_is_refused(tmp_path):
    path = _write(tmp_path, "labels.txt", b"Q:\n\nRina:\n")
    with pytest.raises(InputError) as info:
        read_plaintext(path, OPTIONS)
    assert info.value.message == "the file has speaker labels but no spoken text after any of them"


def test_otter_speaker_and_time_headers_start_turns(tmp_path, segments_of):
    path = _write(tmp_path, "otter.txt", b"Speaker 1  0:00\nHow long?\n\nSpeaker 2  0:05\n"
                  b"Six years.\n\nSpeaker 1  0:12\nOkay.\n")
    [doc] = read_plaintext(path, ReadOptions())
    units = segments_of(doc)
    assert [(s.speaker, s.text, s.attributes["timestamp"]) for s in units["turn"]] == [
        ("Speaker 1", "How long?", "0:00"), ("Speaker 2", "Six years.", "0:05"),
        ("Speaker 1", "Okay.", "0:12")]


def test_ligatures_pasted_from_a_pdf_are_spelled_out(tmp_path, segments_of):
    text = "Q: Apa yang dilakukan?\nRina: Kami identi\ufb01kasi dan veri\ufb01kasi.\n"
    [doc] = read_plaintext(_write(tmp_path, "tempel.txt", text.encode("utf-8")), OPTIONS)
    assert doc.text == "Q: Apa yang dilakukan?\nRina: Kami identifikasi dan verifikasi.\n"
    answer = segments_of(doc)["turn"][1]
    assert (answer.text, answer.start, answer.end) == (
        "Kami identifikasi dan verifikasi.", 29, 62)


def test_unicode_line_and_paragraph_separators_end_lines(tmp_path, segments_of):
    """U+2028, U+2029 and U+0085 end lines like LF, one character for one."""
    text = ("---\u2028id: mk09\u2028---\u2028Q: Apa peran Ibu?\u2028Rina: Saya dampingi."
            "\u2029Q: Lalu?\x85Rina: Kami rapat.")
    [doc] = read_plaintext(_write(tmp_path, "pisah.txt", text.encode("utf-8")), OPTIONS)
    assert (doc.id, doc.offset) == ("mk09", 17)
    assert doc.text == "Q: Apa peran Ibu?\nRina: Saya dampingi.\nQ: Lalu?\nRina: Kami rapat."
    assert doc.text == text[doc.offset :].translate({0x2028: "\n", 0x2029: "\n", 0x85: "\n"})
    turns = segments_of(doc)["turn"]
    assert [(s.speaker, s.text, s.start, s.end) for s in turns] == [
        ("Q", "Apa peran Ibu?", 3, 17), ("Rina", "Saya dampingi.", 24, 38),
        ("Q", "Lalu?", 42, 47), ("Rina", "Kami rapat.", 54, 65)]
