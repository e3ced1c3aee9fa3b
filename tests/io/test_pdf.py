"""Tests for the PDF reader, on PDFs written byte by byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from qualcode.errors import InputError
from qualcode.io.options import ReadOptions
from qualcode.io.pdf import read_pdf
from qualcode.io.readers import read_file

OPTIONS = ReadOptions()


def _pdf(page_streams: list[str]) -> bytes:
    """A minimal valid PDF: one page per content stream, Helvetica as F1, a correct xref."""
    n = len(page_streams)
    font = 3 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>",
    ]
    for i, stream in enumerate(page_streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\n"
                       "endstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


def _text(*lines: str) -> str:
    parts = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    parts += [f"({line}) Tj T*" for line in lines]
    return " ".join(parts) + " ET"


def test_pages_joined_by_blank_line(tmp_path, segments_of):
    path = tmp_path / "laporan.pdf"
    first = _text("Q: Apa peran Ibu?", "Rina: Saya dampingi anaknya.")
    path.write_bytes(_pdf([first, _text("Q: Terima kasih.")]))
    [doc] = read_file(path)
    assert (doc.id, doc.format, doc.source, dict(doc.attributes)) == (
        "laporan", "pdf", str(path), {"pages": 2},
    )
    assert doc.text == "Q: Apa peran Ibu?\nRina: Saya dampingi anaknya.\n\nQ: Terima kasih."
    assert doc.turns is None
    turns = segments_of(doc)["turn"]
    assert [(s.speaker, s.interviewer, s.text) for s in turns] == [
        ("Q", True, "Apa peran Ibu?"),
        ("Rina", False, "Saya dampingi anaknya."),
        ("Q", True, "Terima kasih."),
    ]


def test_no_text_layer(tmp_path, refused):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(["0 0 m 100 100 l S"]))
    assert refused(read_pdf, path).message == "the PDF has no text layer; run OCR first"


def _encrypt(source: Path, target: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password, "owner", algorithm="RC4-128")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_encrypted(tmp_path, refused):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_pdf([_text("Rahasia.")]))
    path = _encrypt(plain, tmp_path / "locked.pdf", "secret")
    assert refused(read_pdf, path).message == "the PDF is encrypted (password-protected)"


def test_encrypted_without_user_password_is_read(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_pdf([_text("Terbuka.")]))
    path = _encrypt(plain, tmp_path / "owner-only.pdf", "")
    assert read_pdf(path, OPTIONS)[0].text == "Terbuka."


def test_damaged_and_empty(tmp_path, refused):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    assert refused(read_pdf, path).message.startswith("the PDF cannot be read (")
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert refused(read_pdf, path).message.startswith("the PDF cannot be read (")


def test_a_repaired_pdf_is_read_with_warning_w104_and_nothing_on_the_terminal(tmp_path, capfd):
    import logging

    from qualcode.io.text import collect_warnings

    data = _pdf([_text("Rina: Saya dampingi anaknya.")])
    head, _, tail = data.rpartition(b"startxref\n")
    number, _, rest = tail.partition(b"\n")
    path = tmp_path / "moved.pdf"
    path.write_bytes(head + b"startxref\n" + str(int(number) + 5).encode() + b"\n" + rest)
    logger = logging.getLogger("pypdf")
    before = (list(logger.handlers), logger.propagate)
    with collect_warnings() as notes:
        [doc] = read_pdf(path, OPTIONS)
    assert "Saya dampingi anaknya." in doc.text
    assert [n.code for n in notes] == ["W104"] and "startxref" in notes[0].message
    assert (list(logger.handlers), logger.propagate) == before
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    with collect_warnings() as notes, pytest.raises(InputError, match="cannot be read"):
        read_pdf(path, OPTIONS)
    assert notes == [] and capfd.readouterr().err == ""  # pypdf's own messages kept off


def test_an_unreadable_pdf_is_refused_with_e100_and_skipped_in_a_folder(tmp_path, monkeypatch,
                                                                         refused):
    import pypdf

    from qualcode.io.loader import load_documents

    (tmp_path / "a.pdf").write_bytes(_pdf([_text("Rina: Saya dampingi anaknya.")]))
    (tmp_path / "b.txt").write_text("Rina: Baik.\n", encoding="utf-8")

    def denied(stream: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(stream))

    monkeypatch.setattr(pypdf, "PdfReader", denied)
    path = tmp_path / "a.pdf"
    error = refused(read_pdf, path)
    assert (error.message, error.hint) == ("cannot read the file (Permission denied)",
                                          "check its permissions")
    result = load_documents([tmp_path], skip_errors=True)
    assert [d.id for d in result.documents] == ["b"]
    assert [(i.code, i.message, i.path) for i in result.skipped] == [
        ("E100", "cannot read the file (Permission denied)", str(path))]


# A page holding only a picture (an inline 2x2 grey image), as a scanned page does.
_IMAGE = "q 100 0 0 100 72 600 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x80\x40\x20\x10 EI Q"


def test_a_page_without_text_among_pages_with_text_is_named_in_w111(tmp_path, segments_of):
    from qualcode.io.loader import load_documents
    from qualcode.io.text import collect_warnings

    path = tmp_path / "campuran.pdf"
    path.write_bytes(_pdf([_text("Q: Apa peran Ibu?"), _IMAGE, _text("Rina: Saya dampingi.")]))
    with collect_warnings() as notes:
        [doc] = read_pdf(path, OPTIONS)
    assert doc.text == "Q: Apa peran Ibu?\n\n\n\nRina: Saya dampingi."
    assert [(n.code, n.path, n.line, n.where, n.severity, n.message) for n in notes] == [
        ("W111", str(path), None, "page 2", "warning", "1 of 3 pages has no text layer (a "
         "scanned image, or a blank page): no text was read from it")]
    assert "ocrmypdf --skip-text" in notes[0].hint
    assert str(notes[0]).startswith(f"{path} (page 2): 1 of 3 pages has no text layer")
    segments_of(doc)
    assert [w.code for w in load_documents([path]).warnings] == ["W111"]


def test_w111_names_runs_of_pages(tmp_path):
    from qualcode.io.text import collect_warnings

    path = tmp_path / "pindaian.pdf"
    drawing = "0 0 m 100 100 l S"
    path.write_bytes(_pdf([_text("Q: Halo."), _IMAGE, drawing, _text("Rina: Ya."), _IMAGE]))
    with collect_warnings() as notes:
        read_pdf(path, OPTIONS)
    assert [(n.code, n.where, n.message) for n in notes] == [
        ("W111", "pages 2-3, 5", "3 of 5 pages have no text layer (scanned images, or blank "
         "pages): no text was read from them")]


def test_pages_with_text_give_no_warning(tmp_path):
    from qualcode.io.text import collect_warnings

    path = tmp_path / "penuh.pdf"
    path.write_bytes(_pdf([_text("Q: Halo."), _text("Rina: Ya.")]))
    with collect_warnings() as notes:
        read_pdf(path, OPTIONS)
    assert notes == []


def test_ligatures_are_read_as_letters_so_rules_find_the_words(tmp_path, segments_of):
    """A PDF font's 'fi' glyph (\\256 in StandardEncoding) reads as U+FB01; it is spelled out."""
    from qualcode.coding.matcher import compile_codebook
    from qualcode.io.codebook import parse_codebook

    path = tmp_path / "ligatur.pdf"
    path.write_bytes(_pdf([_text("Q: Lalu?", "Rina: Kami identi\\256kasi masalahnya.")]))
    [doc] = read_pdf(path, OPTIONS)
    assert doc.text == "Q: Lalu?\nRina: Kami identifikasi masalahnya."
    [_, answer] = segments_of(doc)["turn"]
    assert (answer.text, answer.start, answer.end) == ("Kami identifikasi masalahnya.", 15, 44)
    matcher = compile_codebook(parse_codebook(
        'name: t\nversion: "1"\nlanguages: [id]\ncodes:\n  - id: assessment\n    rules:\n'
        "      - phrases: {id: [identifikasi]}\n"))
    assert [m.code for m in matcher.match(answer.text, interviewer=False)] == ["assessment"]
