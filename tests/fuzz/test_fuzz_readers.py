"""Every reader on random and mutated files: documents with valid offsets, or a
:class:`QualcodeError`; never another exception, never a hang."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.errors import QualcodeError
from qualcode.io.options import ReadOptions
from qualcode.io.readers import read_file
from qualcode.io.text import normalise
from qualcode.segment import segment_document


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Q: Apa peran Ibu?")
    paragraph = document.add_paragraph()
    paragraph.add_run("Rina").bold = True
    paragraph.add_run(": Saya dampingi anak. Lalu rapat.")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Informan: Sari"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "text", "umur"])
    book.active.append(["r1", "Sekolah menolak.", 30])
    book.active.append(["r2", "=1+1", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    stream = "BT /F1 12 Tf 72 720 Td (Q: Halo? Rina: Saya datang.) Tj ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"\
        .encode()
    return bytes(out)


SEEDS: dict[str, bytes] = {
    ".txt": "---\nid: t\ncase: C1\n---\nQ: Apa? [00:01:02]\nRina: Saya. Lalu…\n\nQ: Oke.\n"
            .encode(),
    ".md": "**Q:** Halo\n\n**Bu Sari:** Café “itu”.\n".encode(),
    ".vtt": b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Q>Mulai.\n\n"
            b"00:00:02.000 --> 00:00:04.000\n<v Yoga>Siap. <i>Kami</i> datang.\n",
    ".srt": b"1\n00:00:01,000 --> 00:00:02,000\nQ: Siapa?\n\n2\n00:00:02,000 --> 00:00:03,000\n"
            b"Nadia: Saya.\n",
    ".csv": b"id;text;umur\nr1;Sekolah menolak.;30\nr2;\"Ya; tidak\";41\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-readers")


SEEDS.update({".docx": _docx(), ".xlsx": _xlsx(), ".pdf": _pdf()})
MUTATIONS = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "delete"]),
                               st.integers(0, 20_000), st.binary(min_size=1, max_size=8)),
                     min_size=1, max_size=6)


def _mutate(data: bytes, steps: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, position, payload in steps:
        position %= len(out) + 1
        if kind == "flip" and position < len(out):
            out[position] ^= payload[0] or 1
        elif kind == "cut":
            del out[position:]
        elif kind == "insert":
            out[position:position] = payload
        else:
            del out[position:position + len(payload)]
    return bytes(out)


def _read(folder: Path, suffix: str, data: bytes, time_limit) -> None:
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    try:
        with time_limit(20):
            documents = read_file(path, ReadOptions())
    except QualcodeError as exc:
        assert exc.message
        return
    for document in documents:
        assert normalise(document.text) == document.text
        for turn in document.turns or ():
            assert 0 <= turn.start <= turn.end <= len(document.text)
        for segment in segment_document(document, "sentence"):
            assert document.text[segment.start:segment.end] == segment.text


SUFFIXES = [".txt", ".md", ".vtt", ".srt", ".csv", ".docx", ".xlsx", ".pdf"]


@given(st.sampled_from(SUFFIXES), st.binary(max_size=3000))
def test_random_bytes(folder, time_limit, suffix, data):
    _read(folder, suffix, data, time_limit)


@given(st.sampled_from(SUFFIXES), MUTATIONS)
def test_mutated_files(folder, time_limit, suffix, steps):
    _read(folder, suffix, _mutate(SEEDS[suffix], steps), time_limit)


@given(st.sampled_from([".docx", ".xlsx"]), st.integers(0, 100), MUTATIONS)
def test_office_packages_with_mutated_xml(folder, time_limit, suffix, which, steps):
    # Mutating the zip's bytes mostly breaks its checksums; mutate the XML inside instead.
    source = zipfile.ZipFile(io.BytesIO(SEEDS[suffix]))
    names = sorted(n for n in source.namelist() if n.endswith(".xml"))
    name = names[which % len(names)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            payload = source.read(info)
            out.writestr(info, _mutate(payload, steps) if info.filename == name else payload)
    _read(folder, suffix, buffer.getvalue(), time_limit)


CODINGS_CSV = (b"document,case,segment,start,end,speaker,code,text\n"
               b"d1,C1,0,0,5,Rina,enabler,'=1+1\nd1,C1,1,6,9,Q,stage,\"a, b\"\n")


def _codings_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "codings"
    for row in csv_rows(CODINGS_CSV):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_rows(data: bytes) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(data.decode())))


TABLE_SEEDS = {".csv": CODINGS_CSV, ".xlsx": _codings_xlsx()}


@given(st.sampled_from([".csv", ".xlsx"]), MUTATIONS, st.booleans())
def test_codings_tables_random_and_mutated(folder, time_limit, suffix, steps, random):
    from qualcode.io.codings import read_codings, read_segments

    data = bytes(s[2][0] for s in steps) * 50 if random else _mutate(TABLE_SEEDS[suffix], steps)
    path = folder / f"codings{suffix}"
    path.write_bytes(data)
    for read in (read_codings, read_segments):
        try:
            with time_limit(20):
                table = read(path)
        except QualcodeError as exc:
            assert exc.message
            continue
        assert len(table.columns) >= 3
