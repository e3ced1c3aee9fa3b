"""Tests for the .docx reader."""

from __future__ import annotations

import itertools
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from qualcode.errors import InputError
from qualcode.io import docx as docx_reader
from qualcode.io.docx import read_docx
from qualcode.io.options import ReadOptions
from qualcode.io.readers import read_file

OPTIONS = ReadOptions()


def _speaker(document, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


def _interview(path: Path) -> Path:
    """Front matter, a table with a merged cell, bold and ``Name:`` speakers, a continuation."""
    document = docx.Document()
    document.core_properties.title = "Wawancara MK09"
    for line in ("---", "id: mk09-wulan", "case: MK09", "---"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Informan"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Wulan"
    table.cell(1, 0).text = "Tanggal"
    table.cell(1, 1).text = "3 Mei"
    table.cell(1, 2).text = "Jakarta"
    document.add_paragraph("")
    _speaker(document, "Pewawancara", " Selamat siang. Bisa cerita?")
    _speaker(document, "Wulan:", " Siang. Saya dampingi anaknya.")
    document.add_paragraph("Lalu kami rapat dengan sekolah.")
    document.add_paragraph("Pewawancara: Terima kasih.")
    _speaker(document, "Wulan", ": Sama-sama.")
    document.save(path)
    return path


EXPECTED_TEXT = (
    "\nInforman\n\nWulan\n\nTanggal\n\n3 Mei\n\nJakarta\n\n"
    "Pewawancara Selamat siang. Bisa cerita?\n\n"
    "Wulan: Siang. Saya dampingi anaknya.\n\n"
    "Lalu kami rapat dengan sekolah.\n\n"
    "Pewawancara: Terima kasih.\n\n"
    "Wulan: Sama-sama."
)


def test_bold_speakers_table_and_front_matter(tmp_path, segments_of):
    path = _interview(tmp_path / "interview.docx")
    [doc] = read_docx(path, OPTIONS)
    assert doc.id == "mk09-wulan"
    assert doc.format == "docx"
    assert doc.source == str(path)
    assert dict(doc.attributes) == {"title": "Wawancara MK09", "case": "MK09"}
    assert doc.text == EXPECTED_TEXT
    # front matter: four paragraphs joined by single newlines, then the body
    assert doc.offset == len("---\nid: mk09-wulan\ncase: MK09\n---\n")
    assert [(t.speaker, doc.text[t.start : t.end]) for t in doc.turns] == [
        (None, "Informan\n\nWulan\n\nTanggal\n\n3 Mei\n\nJakarta"),
        ("Pewawancara", "Selamat siang. Bisa cerita?"),
        ("Wulan", "Siang. Saya dampingi anaknya.\n\nLalu kami rapat dengan sekolah."),
        ("Pewawancara", "Terima kasih."),
        ("Wulan", "Sama-sama."),
    ]
    units = segments_of(doc)
    assert [(s.speaker, s.interviewer, s.text) for s in units["turn"]][1:] == [
        ("Pewawancara", True, "Selamat siang. Bisa cerita?"),
        ("Wulan", False, "Siang. Saya dampingi anaknya.\n\nLalu kami rapat dengan sekolah."),
        ("Pewawancara", True, "Terima kasih."),
        ("Wulan", False, "Sama-sama."),
    ]
    assert [s.text for s in units["paragraph"]] == [
        "Informan", "Wulan", "Tanggal", "3 Mei", "Jakarta",
        "Selamat siang. Bisa cerita?", "Siang. Saya dampingi anaknya.",
        "Lalu kami rapat dengan sekolah.", "Terima kasih.", "Sama-sama.",
    ]
    assert [(s.speaker, s.text) for s in units["sentence"]][5:8] == [
        ("Pewawancara", "Selamat siang."),
        ("Pewawancara", "Bisa cerita?"),
        ("Wulan", "Siang."),
    ]
    assert units["document"][0].text == EXPECTED_TEXT.strip()


def test_registered_for_the_suffix(tmp_path):
    path = _interview(tmp_path / "Interview.DOCX")
    [doc] = read_file(path)
    assert doc.id == "mk09-wulan"


def test_name_prefixes_are_left_to_the_text_parser(tmp_path, segments_of):
    document = docx.Document()
    document.add_paragraph("Q: How did the case start?")
    document.add_paragraph("Rina: The school called me.\nThen the mother came.")
    document.add_paragraph("Q: And then?")
    path = tmp_path / "prefixed.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert doc.turns is None
    assert doc.id == "prefixed"
    assert doc.text == (
        "Q: How did the case start?\n\nRina: The school called me.\nThen the mother came."
        "\n\nQ: And then?"
    )
    turns = segments_of(doc)["turn"]
    assert [(s.speaker, s.interviewer, s.text) for s in turns] == [
        ("Q", True, "How did the case start?"),
        ("Rina", False, "The school called me.\nThen the mother came."),
        ("Q", True, "And then?"),
    ]


def test_bold_headings_and_emphasis_are_not_speakers(tmp_path, segments_of):
    document = docx.Document()
    heading = document.add_paragraph()
    heading.add_run("Catatan lapangan").bold = True
    emphasis = document.add_paragraph()
    emphasis.add_run("Penting").bold = True
    emphasis.add_run(" sekali untuk dicatat.")
    document.add_paragraph("Tanpa pembicara.")
    path = tmp_path / "notes.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert doc.turns is None
    assert doc.text == "Catatan lapangan\n\nPenting sekali untuk dicatat.\n\nTanpa pembicara."
    assert [s.speaker for s in segments_of(doc)["turn"]] == [None, None, None]


def test_an_invisible_character_before_a_bold_speaker_does_not_hide_it(tmp_path, segments_of):
    document = docx.Document()
    _speaker(document, "\u200bPewawancara:", " Apa kendalanya?")
    _speaker(document, "\ufeffRina", " Anaknya takut sekolah.")  # bold, no colon
    path = tmp_path / "zw.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    turns = segments_of(doc)["turn"]
    assert [(s.speaker, s.interviewer, s.text) for s in turns] == [
        ("Pewawancara", True, "Apa kendalanya?"), ("Rina", False, "Anaknya takut sekolah.")]


def test_tracked_changes_read_as_shown(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Kami ")
    inserted = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "segera "
    run.append(text)
    inserted.append(run)
    paragraph._p.append(inserted)
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "tidak "
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    paragraph.add_run("datang.")
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert read_docx(path, OPTIONS)[0].text == "Kami segera datang."


def test_malformed_front_matter_names_the_paragraph(tmp_path):
    document = docx.Document()
    for line in ("---", "id: x", "case: [MK01", "---", "Q: Halo?"):
        document.add_paragraph(line)
    path = tmp_path / "bad-front.docx"
    document.save(path)
    with pytest.raises(InputError) as info:
        read_docx(path, OPTIONS)
    assert info.value.path == str(path)
    assert info.value.line == 3  # the paragraph "case: [MK01"
    assert info.value.message.startswith("the front matter is not valid YAML")


def _rezip(source: Path, target: Path, *, drop=(), replace=None, extra=None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for name in src.namelist():
            if name in drop:
                continue
            out.writestr(name, (replace or {}).get(name, src.read(name)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def test_not_a_zip(tmp_path, refused):
    path = tmp_path / "corrupt.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert refused(read_docx, path).message == (
        "not a valid Word document: the file is not a zip package (it may be damaged or "
        "misnamed)"
    )


def test_password_protected(tmp_path, refused):
    path = tmp_path / "locked.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504)
    assert refused(read_docx, path).message == (
        "the Word document is password-protected (encrypted), or is an old binary Office file"
    )


def test_missing_document_part(tmp_path, refused):
    good = _interview(tmp_path / "good.docx")
    path = _rezip(good, tmp_path / "nodoc.docx", drop={"word/document.xml"})
    error = refused(read_docx, path)
    assert error.message == (
        "the Word document is incomplete or damaged: There is no item named "
        "'word/document.xml' in the archive"
    )


def test_damaged_xml(tmp_path, refused):
    good = _interview(tmp_path / "good.docx")
    path = _rezip(good, tmp_path / "badxml.docx", replace={"word/document.xml": b"<w:document"})
    assert refused(read_docx, path).message.startswith("the Word document's XML is damaged")


def test_empty_document(tmp_path, refused):
    path = tmp_path / "empty.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(path)
    assert refused(read_docx, path).message == "the file has no text"


def test_empty_file(tmp_path, refused):
    path = tmp_path / "zero.docx"
    path.write_bytes(b"")
    assert refused(read_docx, path).message == "the file is empty"


def test_zip_bomb_limits(tmp_path, monkeypatch, refused):
    path = _interview(tmp_path / "big.docx")
    monkeypatch.setattr(docx_reader, "MAX_ZIP_UNCOMPRESSED", 1000)
    assert "over the limit of 1,000" in refused(read_docx, path).message
    monkeypatch.setattr(docx_reader, "MAX_ZIP_UNCOMPRESSED", 10**9)
    monkeypatch.setattr(docx_reader, "MAX_ZIP_ENTRIES", 3)
    assert "parts, over the limit of 3" in refused(read_docx, path).message


def test_unsafe_part_name(tmp_path, refused):
    good = _interview(tmp_path / "good.docx")
    path = _rezip(good, tmp_path / "traversal.docx", extra={"../../evil.xml": b"<x/>"})
    assert refused(read_docx, path).message == (
        "the Word document holds a part with an unsafe name '../../evil.xml'"
    )


def test_external_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("Before PLACEHOLDER after")
    good = tmp_path / "good.docx"
    document.save(good)
    with zipfile.ZipFile(good) as src:
        xml = src.read("word/document.xml").decode("utf-8")
    head = xml.index("?>") + 2
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY inner "EXPANDED">]>'
    )
    xml = xml[:head] + doctype + xml[head:].replace("PLACEHOLDER", "&inner;&xxe;")
    path = _rezip(good, tmp_path / "xxe.docx", replace={"word/document.xml": xml.encode()})
    with pytest.raises(InputError, match=r"'word/document\.xml' declares a DTD") as caught:
        read_docx(path, OPTIONS)
    assert "TOPSECRET" not in str(caught.value)


def test_a_bold_speaker_label_may_hold_a_comma(tmp_path, segments_of):
    document = docx.Document()
    _speaker(document, "Pewawancara:", " Selamat siang.")
    _speaker(document, "Dra. Siti Aminah, M.Si.:", " Siang.")
    _speaker(document, "Pewawancara:", " Bagaimana?")
    _speaker(document, "Dra. Siti Aminah, M.Si.:", " Kami asesmen.")
    path = tmp_path / "gelar.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("Pewawancara", "Selamat siang."), ("Dra. Siti Aminah, M.Si.", "Siang."),
        ("Pewawancara", "Bagaimana?"), ("Dra. Siti Aminah, M.Si.", "Kami asesmen.")]
    segments_of(doc)


def test_teams_name_and_time_paragraphs_start_turns(tmp_path, segments_of):
    document = docx.Document()
    document.add_paragraph("Rina Wulandari   0:03")
    document.add_paragraph("Halo, Mas.")
    _speaker(document, "Dimas Pratama", "   0:07")  # a bold name before the time
    document.add_paragraph("Hai.")
    document.add_paragraph("Rina Wulandari")
    document.add_paragraph("0:10")
    document.add_paragraph("Oke.")
    _speaker(document, "Dimas Pratama", " 0:12")
    document.add_paragraph("Siap.")
    path = tmp_path / "teams.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    units = segments_of(doc)
    assert [(s.speaker, s.text, s.attributes["timestamp"]) for s in units["turn"]] == [
        ("Rina Wulandari", "Halo, Mas.", "0:03"), ("Dimas Pratama", "Hai.", "0:07"),
        ("Rina Wulandari", "Oke.", "0:10"), ("Dimas Pratama", "Siap.", "0:12")]


_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _append_xml(paragraph, xml: str) -> None:
    """Append run XML (written with the w:, mc:, wp:, a:, wps: and v: prefixes)."""
    from docx.oxml import parse_xml

    wrapper = parse_xml(f"<w:p {_NAMESPACES}>{xml}</w:p>")
    for child in list(wrapper):
        paragraph._p.append(child)


def _box(text: str) -> str:
    return f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"


def test_text_boxes_are_read_once_after_their_paragraph(tmp_path, segments_of):
    document = docx.Document()
    anchor = document.add_paragraph("Catatan peneliti:")
    _append_xml(anchor, (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        + _box("Ibu Rina menangis saat bercerita.") +
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        + _box("Ibu Rina menangis saat bercerita.") +
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ))
    anchor.add_run(" selesai.")
    old = document.add_paragraph()  # an older file: a VML text box and no other rendering
    _append_xml(old, "<w:r><w:pict><v:shape><v:textbox>" + _box("Kotak lama.")
                + "</v:textbox></v:shape></w:pict></w:r>")
    document.add_paragraph("Lanjut.")
    path = tmp_path / "boxes.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert doc.text == ("Catatan peneliti: selesai.\n\nIbu Rina menangis saat bercerita.\n\n"
                        "Kotak lama.\n\nLanjut.")
    segments_of(doc)


def test_page_and_column_breaks_separate_words(tmp_path):
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("sebelum").add_break(WD_BREAK.PAGE)
    paragraph.add_run("sesudah").add_break(WD_BREAK.COLUMN)
    paragraph.add_run("lalu").add_break(WD_BREAK.LINE)
    paragraph.add_run("akhir")
    _append_xml(paragraph, "<w:r><w:t>nya</w:t><w:lastRenderedPageBreak/><w:t>saja</w:t></w:r>")
    path = tmp_path / "breaks.docx"
    document.save(path)
    # a page as Word last laid it out (lastRenderedPageBreak) is no break in the text
    assert read_docx(path, OPTIONS)[0].text == "sebelum\nsesudah\nlalu\nakhirnyasaja"


def test_symbols_tabs_and_hyphens(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Suhu 30")
    _append_xml(paragraph, (
        '<w:r><w:sym w:font="Symbol" w:char="F0B0"/><w:t>C, </w:t>'
        '<w:sym w:font="Symbol" w:char="F061"/><w:t xml:space="preserve"> = 5 </w:t>'
        '<w:sym w:font="Symbol" w:char="F0B1"/><w:t xml:space="preserve"> 1 </w:t>'
        '<w:sym w:font="Calibri" w:char="2265"/><w:t xml:space="preserve"> 0</w:t>'
        '<w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Symbol" w:char="zz"/></w:r>'
    ))
    document.add_paragraph()._p.append(_run_xml(
        "<w:t>Nama</w:t><w:tab/><w:t>Rina</w:t><w:ptab w:relativeTo=\"margin\" "
        "w:alignment=\"right\" w:leader=\"none\"/><w:t>anak</w:t><w:noBreakHyphen/>"
        "<w:t>anak ber</w:t><w:softHyphen/><w:t>sama</w:t>"))
    path = tmp_path / "symbols.docx"
    document.save(path)
    assert read_docx(path, OPTIONS)[0].text == (
        "Suhu 30°C, α = 5 ± 1 ≥ 0\n\nNama\tRina\tanak-anak bersama")


def _run_xml(inner: str):
    from docx.oxml import parse_xml

    return parse_xml(f"<w:r {_NAMESPACES}>{inner}</w:r>")


@pytest.mark.parametrize(("font", "code", "expected"), [
    ("Symbol", "F0B0", "°"), ("Symbol", "B0", "°"), ("Symbol", "F057", "Ω"),
    ("Symbol", "F0AE", "→"), ("Symbol", "F028", "("), ("Times New Roman", "00B0", "°"),
    ("Wingdings", "F0FC", ""), ("Calibri", "E000", ""), ("Symbol", "F0E6", ""),
    ("Symbol", "", ""), (None, "0007", ""), ("Arial", "110000", ""), ("Arial", "-1", ""),
    ("Arial", "1F600", "😀"),
])
def test_symbol_characters(font, code, expected):
    from qualcode.io.wordsymbols import symbol_character

    assert symbol_character(font, code) == expected


def _turns(path: Path) -> list[tuple[str | None, str]]:
    [doc] = read_docx(path, OPTIONS)
    assert doc.turns is not None
    return [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns]


def test_a_bold_word_starting_a_sentence_is_no_speaker(tmp_path, segments_of):
    document = docx.Document()
    _speaker(document, "Pewawancara", " Apakah dia pernah minta maaf?")
    _speaker(document, "Rina", " Sering dia marah-marah.")
    _speaker(document, "Tidak", " pernah sekali pun dia minta maaf.")
    _speaker(document, "Jakarta Utara", " itu keras, Mas.")
    _speaker(document, "Tidak.", " Dia tidak pernah datang.")  # the bold is a sentence
    _speaker(document, "Sekarang", " Saya sudah tenang.")  # 'sekarang' is an ordinary word
    document.add_paragraph("Ya, sekarang sudah lain.")
    path = tmp_path / "emphasis.docx"
    document.save(path)
    assert _turns(path) == [
        ("Pewawancara", "Apakah dia pernah minta maaf?"),
        ("Rina", "Sering dia marah-marah.\n\nTidak pernah sekali pun dia minta maaf.\n\n"
                 "Jakarta Utara itu keras, Mas.\n\nTidak. Dia tidak pernah datang.\n\n"
                 "Sekarang Saya sudah tenang.\n\nYa, sekarang sudah lain."),
    ]
    segments_of(read_docx(path, OPTIONS)[0])


def test_recurring_bold_labels_without_colon_are_speakers(tmp_path):
    document = docx.Document()
    for question, answer in (("Sejak kapan?", " Sejak kelas tiga."),
                             ("Lalu?", " ya, kami lapor ke sekolah."),  # lower case after it
                             ("Hasilnya?", " Belum ada.")):
        _speaker(document, "Pewawancara", f" {question}")
        _speaker(document, "Dra. Siti Aminah, M.Si.", answer)
    _speaker(document, "Tidak", " pernah dia minta maaf.")  # emphasis, twice
    _speaker(document, "Tidak", " pernah juga gurunya datang.")
    path = tmp_path / "recurring.docx"
    document.save(path)
    assert _turns(path) == [
        ("Pewawancara", "Sejak kapan?"), ("Dra. Siti Aminah, M.Si.", "Sejak kelas tiga."),
        ("Pewawancara", "Lalu?"), ("Dra. Siti Aminah, M.Si.", "ya, kami lapor ke sekolah."),
        ("Pewawancara", "Hasilnya?"),
        ("Dra. Siti Aminah, M.Si.", "Belum ada.\n\nTidak pernah dia minta maaf.\n\n"
                                    "Tidak pernah juga gurunya datang."),
    ]


def test_bold_emphasis_alone_gives_no_turns(tmp_path):
    document = docx.Document()
    _speaker(document, "Tidak", " pernah sekali pun dia minta maaf.")
    _speaker(document, "Jakarta Utara", " itu keras, Mas.")
    _speaker(document, "Jelas", ", saya marah.")
    path = tmp_path / "only-emphasis.docx"
    document.save(path)
    assert read_docx(path, OPTIONS)[0].turns is None


def _table(document, rows, *, header_row: bool = False):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            cell = table.cell(r, c)
            paragraphs = value.split("\n\n")
            cell.text = paragraphs[0]
            for more in paragraphs[1:]:
                cell.add_paragraph(more)
    if header_row:
        properties = table.rows[0]._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))
    return table


def _read_table(tmp_path, rows, name, *, order="time first"):
    """The document of a Word file holding one table of ``rows`` (time, speaker, words; with
    ``order="speaker first"`` its first two columns swapped)."""
    if order == "speaker first":
        rows = [(speaker, time, *rest) for time, speaker, *rest in rows]
    document = docx.Document()
    _table(document, rows)
    path = tmp_path / name
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    return doc


def test_a_table_with_a_speaker_column_gives_turns(tmp_path, segments_of):
    document = docx.Document()
    document.add_paragraph("Transkrip wawancara MK09")
    _table(document, [
        ("Pembicara", "Transkrip"),
        ("Pewawancara", "Apa kendalanya?"),
        ("Rina:", "Anaknya takut sekolah.\n\nSampai sekarang."),
        ("", "Dia menangis tiap pagi."),  # no speaker: Rina goes on
        ("Pewawancara", "Sejak kapan?"),
        ("Rina:", "Sejak kelas tiga."),
    ])
    document.add_paragraph("Selesai.")
    path = tmp_path / "speaker-table.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    # the text is as before: every cell a paragraph; the speaker cells stay in it
    assert doc.text == (
        "Transkrip wawancara MK09\n\nPembicara\n\nTranskrip\n\nPewawancara\n\nApa kendalanya?"
        "\n\nRina:\n\nAnaknya takut sekolah.\n\nSampai sekarang.\n\nDia menangis tiap pagi."
        "\n\nPewawancara\n\nSejak kapan?\n\nRina:\n\nSejak kelas tiga.\n\nSelesai."
    )
    assert _turns(path) == [
        (None, "Transkrip wawancara MK09"),  # the header row is in no turn
        ("Pewawancara", "Apa kendalanya?"),
        ("Rina", "Anaknya takut sekolah.\n\nSampai sekarang.\n\nDia menangis tiap pagi."),
        ("Pewawancara", "Sejak kapan?"),
        ("Rina", "Sejak kelas tiga.\n\nSelesai."),
    ]
    units = segments_of(doc)
    assert [(s.speaker, s.interviewer) for s in units["turn"]][1:3] == [
        ("Pewawancara", True), ("Rina", False)]
    assert not any("Pembicara" in s.text or "Transkrip\n" in s.text
                   for unit in ("turn", "paragraph", "sentence") for s in units[unit])


@pytest.mark.parametrize("order", ["time first", "speaker first"])
def test_a_table_with_time_and_speaker_columns_gives_timed_turns(tmp_path, order):
    rows = [("Waktu", "Pembicara", "Teks"), ("00:00:05", "Moderator", "Selamat pagi semua."),
            ("[00:00:09]", "Budi", "Pagi, Bu."), ("00:00:12", "Moderator", "Kita mulai."),
            ("", "Budi", "Baik.")]
    doc = _read_table(tmp_path, rows, "timed.docx", order=order)
    assert doc.text.startswith("Waktu\n\nPembicara\n\nTeks" if order == "time first"
                               else "Pembicara\n\nWaktu\n\nTeks")
    assert [(t.speaker, doc.text[t.start:t.end], dict(t.attributes)) for t in doc.turns] == [
        ("Moderator", "Selamat pagi semua.", {"timestamp": "00:00:05"}),
        ("Budi", "Pagi, Bu.", {"timestamp": "00:00:09"}),
        ("Moderator", "Kita mulai.", {"timestamp": "00:00:12"}),
        ("Budi", "Baik.", {}),
    ]


@pytest.mark.parametrize("order", ["time first", "speaker first"])
def test_speaker_cells_with_a_colon_give_one_timed_turn_per_row(tmp_path, order):
    rows = [("00:00:01", "Pewawancara:", "Apa kabar hari ini, Bu?"),
            ("00:00:03", "Rina:", "Baik, terima kasih banyak."),
            ("00:00:05", "Pewawancara:", "Lalu bagaimana setelah itu?"),
            ("00:00:07", "Rina:", "Kami pindah sekolah bulan lalu.")]
    doc = _read_table(tmp_path, rows, "timed-colon.docx", order=order)
    assert [(t.speaker, doc.text[t.start:t.end], dict(t.attributes)) for t in doc.turns] == [
        (speaker.rstrip(":"), words, {"timestamp": time}) for time, speaker, words in rows]


@pytest.mark.parametrize("order", ["time first", "speaker first"])
def test_a_timed_row_without_a_speaker_is_a_turn_of_the_speaker_above(tmp_path, order):
    rows = [("00:00:01", "Pewawancara", "Apa kabar hari ini, Bu?"),
            ("00:00:05", "Rina", "Baik sekali, terima kasih."),
            ("00:00:07", "", "Saya senang."),  # the time stays out of Rina's words
            ("00:00:09", "Pewawancara", "Lalu bagaimana setelah itu?"),
            ("00:00:11", "Rina", "Kami pindah sekolah bulan lalu.")]
    doc = _read_table(tmp_path, rows, "timed-continued.docx", order=order)
    assert [(t.speaker, doc.text[t.start:t.end], dict(t.attributes)) for t in doc.turns] == [
        ("Pewawancara", "Apa kabar hari ini, Bu?", {"timestamp": "00:00:01"}),
        ("Rina", "Baik sekali, terima kasih.", {"timestamp": "00:00:05"}),
        ("Rina", "Saya senang.", {"timestamp": "00:00:07"}),
        ("Pewawancara", "Lalu bagaimana setelah itu?", {"timestamp": "00:00:09"}),
        ("Rina", "Kami pindah sekolah bulan lalu.", {"timestamp": "00:00:11"}),
    ]


def test_a_marked_header_row_is_no_turn(tmp_path):
    document = docx.Document()
    _table(document, [("Nama", "Ucapan"), ("Q", "Sudah lama?"), ("Rina", "Dua tahun."),
                      ("Q", "Lalu?"), ("Rina", "Pindah sekolah.")], header_row=True)
    path = tmp_path / "header.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert doc.text.startswith("Nama\n\nUcapan\n\n")  # in the text, in no turn
    assert _turns(path) == [("Q", "Sudah lama?"), ("Rina", "Dua tahun."), ("Q", "Lalu?"),
                            ("Rina", "Pindah sekolah.")]


@pytest.mark.parametrize("rows", [
    # a form, even with an interviewer label in it
    [("Pewawancara", "Dimas"), ("Informan", "Rina"), ("Tanggal", "3 Mei")],
    # quotes grouped by theme: the label does not change from row to row as speakers do
    [("Dukungan", "Guru membantu."), ("Dukungan", "Ibu datang."),
     ("Dukungan", "Teman menemani."), ("Hambatan", "Tidak ada biaya."),
     ("Hambatan", "Jauh.")],
    # numbered questions: no name in the first column
    [("1", "Sejak kapan?"), ("2", "Siapa yang lapor?"), ("1", "Lagi?")],
    # four columns
    [("a", "b", "c", "d"), ("Rina", "x", "y", "z"), ("Budi", "x", "y", "z"),
     ("Rina", "x", "y", "z")],
    # three columns without a time column
    [("Rina", "Guru", "Saya guru."), ("Budi", "Siswa", "Saya siswa."), ("Rina", "Guru", "Ya.")],
])
def test_other_tables_are_read_cell_by_cell(tmp_path, rows):
    doc = _read_table(tmp_path, rows, "form.docx")
    assert doc.turns is None
    assert doc.text == "\n\n".join(cell for row in rows for cell in row)


def test_speaker_names_in_bold_paragraphs_of_their_own(tmp_path, segments_of):
    document = docx.Document()
    document.add_paragraph().add_run("Catatan lapangan").bold = True  # a heading, met once
    document.add_paragraph("Wawancara di rumah informan.")
    for name, time, words in (("Pewawancara", None, ["Bisa cerita awalnya?"]),
                              ("Rina", "0:12", ["Waktu itu kelas tiga.", "Dia diam saja."]),
                              ("Pewawancara:", None, ["Lalu?"]),
                              ("Rina", "[1:05]", ["Kami lapor."])):
        document.add_paragraph().add_run(name).bold = True
        if time:
            document.add_paragraph(time)
        for paragraph in words:
            document.add_paragraph(paragraph)
    path = tmp_path / "name-paragraphs.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert doc.text == (
        "Catatan lapangan\n\nWawancara di rumah informan.\n\nPewawancara\n\n"
        "Bisa cerita awalnya?\n\nRina\n\n0:12\n\nWaktu itu kelas tiga.\n\nDia diam saja.\n\n"
        "Pewawancara:\n\nLalu?\n\nRina\n\n[1:05]\n\nKami lapor."
    )
    assert [(t.speaker, doc.text[t.start:t.end], dict(t.attributes)) for t in doc.turns] == [
        (None, "Catatan lapangan\n\nWawancara di rumah informan.", {}),
        ("Pewawancara", "Bisa cerita awalnya?", {}),
        ("Rina", "Waktu itu kelas tiga.\n\nDia diam saja.", {"timestamp": "0:12"}),
        ("Pewawancara", "Lalu?", {}),
        ("Rina", "Kami lapor.", {"timestamp": "1:05"}),
    ]
    segments_of(doc)


def test_bold_headings_met_once_are_no_speakers(tmp_path):
    document = docx.Document()
    _speaker(document, "Pewawancara:", " Bisa cerita?")
    _speaker(document, "Rina:", " Bisa.")
    document.add_paragraph().add_run("Bagian Dua").bold = True
    document.add_paragraph("Rekaman kedua, sore hari.")
    path = tmp_path / "heading.docx"
    document.save(path)
    assert _turns(path) == [("Pewawancara", "Bisa cerita?"),
                            ("Rina", "Bisa.\n\nBagian Dua\n\nRekaman kedua, sore hari.")]


def test_a_form_with_bold_fields_for_two_people_has_no_speakers(tmp_path):
    document = docx.Document()
    table = _table(document, [("Nama", "Rina"), ("Usia", "34"), ("Nama", "Budi"),
                              ("Usia", "40")])
    for row in table.rows:
        row.cells[0].paragraphs[0].runs[0].bold = True
    document.add_paragraph("Rina: Saya guru.")
    path = tmp_path / "profiles.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert doc.turns is None
    assert doc.text == (
        "Nama\n\nRina\n\nUsia\n\n34\n\nNama\n\nBudi\n\nUsia\n\n40\n\nRina: Saya guru.")


_WORDS = st.sampled_from(["tidak", "Tidak", "pernah", "Rina", "Jakarta", "Utara", "ya,", "Saya",
                          "marah.", "0:12", "Pewawancara", "Q", "M.Si.", ":", "itu"])
_PHRASE = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join)
_BLOCK = st.one_of(
    st.tuples(st.just("plain"), _PHRASE),
    st.tuples(st.just("lead"), _PHRASE, _PHRASE),
    st.tuples(st.just("name"), _PHRASE),
    st.tuples(st.just("table"), st.lists(st.tuples(_PHRASE | st.just(""), _PHRASE),
                                         min_size=1, max_size=5)),
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_BLOCK, min_size=1, max_size=8))
def test_layouts_keep_the_text_and_exact_offsets(segments_of, blocks):
    """Bold leads, bold name paragraphs and tables in any mix: the text is every paragraph and
    cell in order, turns do not overlap, segments quote the text at their offsets."""
    document = docx.Document()
    cells: list[str] = []
    for kind, *parts in blocks:
        if kind == "table":
            _table(document, parts[0])
            cells += [cell for row in parts[0] for cell in row]
            continue
        paragraph = document.add_paragraph()
        paragraph.add_run(parts[0]).bold = kind != "plain"
        if kind == "lead":
            paragraph.add_run(f" {parts[1]}")
        cells.append(" ".join(parts))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.docx"
        document.save(path)
        try:
            [doc] = read_docx(path, OPTIONS)
        except InputError as error:  # 'Q:' alone, say: refused as the text files are
            assert error.message.startswith("the file has speaker labels but no spoken text")
            reject()
    assert doc.text == "\n\n".join(cell for cell in cells if cell.strip())
    turns = doc.turns or ()
    assert all(a.end <= b.start for a, b in itertools.pairwise(turns))
    segments_of(doc)


def test_a_one_off_ordinary_word_before_a_colon_is_no_speaker(tmp_path):
    # as in a plain transcript: "Dulu:" opens a line of Rina's answer, and the text writes
    # "dulu" as a word elsewhere, so it is no one's name
    document = docx.Document()
    _speaker(document, "Pewawancara:", " Sejak kapan Ibu bekerja di sini?")
    _speaker(document, "Rina:", " Sudah lama. Dulu saya di sekolah, dulu sekali.")
    document.add_paragraph("Dulu: 8 jam sehari.")
    _speaker(document, "Pewawancara:", " Sekarang?")
    _speaker(document, "Rina:", " Lebih pendek.")
    path = tmp_path / "dulu.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert [(t.speaker, doc.text[t.start : t.end]) for t in doc.turns] == [
        ("Pewawancara", "Sejak kapan Ibu bekerja di sini?"),
        ("Rina", "Sudah lama. Dulu saya di sekolah, dulu sekali.\n\nDulu: 8 jam sehari."),
        ("Pewawancara", "Sekarang?"),
        ("Rina", "Lebih pendek."),
    ]


def test_a_speaker_cell_with_a_bracketed_stage_direction_is_that_speakers_turn(tmp_path):
    # as in plain text: "Rina [menangis]" beside "Rina" is Rina's, the direction its qualifier
    document = docx.Document()
    rows = [("Pewawancara", "Bagaimana sekarang?"), ("Rina [menangis]", "Masih berat."),
            ("Pewawancara", "Pelan-pelan saja."), ("Rina", "Iya, terima kasih.")]
    table = document.add_table(rows=len(rows), cols=2)
    for row, (who, said) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = who, said
    path = tmp_path / "tangis.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    assert [(t.speaker, doc.text[t.start : t.end], t.attributes.get("qualifier"))
            for t in doc.turns] == [
        ("Pewawancara", "Bagaimana sekarang?", None), ("Rina", "Masih berat.", "menangis"),
        ("Pewawancara", "Pelan-pelan saja.", None), ("Rina", "Iya, terima kasih.", None)]


def test_a_time_after_a_speaker_label_is_the_turns_timestamp(tmp_path, segments_of):
    document = docx.Document()
    document.add_paragraph("Interviewer: How was the office?")
    document.add_paragraph("P6: [00:05:10] The forms were long.")
    _speaker(document, "Interviewer:", " [00:05:20] And then?")
    _speaker(document, "P6:", " (00:05:31) Nothing. [00:05:40]")
    path = tmp_path / "timed.docx"
    document.save(path)
    [doc] = read_docx(path, OPTIONS)
    turns = segments_of(doc)["turn"]
    assert [(s.speaker, s.text, dict(s.attributes)) for s in turns] == [
        ("Interviewer", "How was the office?", {}),
        ("P6", "The forms were long.", {"timestamp": "00:05:10"}),
        ("Interviewer", "And then?", {"timestamp": "00:05:20"}),
        ("P6", "Nothing.", {"timestamp": "00:05:31", "end_time": "00:05:40"}),
    ]
