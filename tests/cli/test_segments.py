"""In-process tests of ``qualcode segments`` on every reader and on bad input."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import docx
import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.corpus import load_corpus
from qualcode.report.safety import unsafe_cell
from qualcode.tables import SEGMENTS_COLUMNS

runner = CliRunner()


def _folder(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text(
        "---\nid: mk01\ncase: MK01\n---\nQ: Apa peran Ibu?\nRina: =Mendampingi anak. Lalu rapat.\n",
        encoding="utf-8",
    )
    (root / "b.md").write_bytes(
        codecs.BOM_UTF16_LE + "Pewawancara: Halo.\r\n\r\nDimas: Café itu.\r\n".encode("utf-16-le")
    )
    document = docx.Document()
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Informan: Sari"
    for label, text in (("Interviewer", " How did it start?"), ("Sari", ": The school called.")):
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)
    document.save(root / "c.docx")
    (root / "d.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Moderator>Mulai.\n\n"
        "00:00:02.000 --> 00:00:04.000\n<v Yoga>Siap. Kami <i>datang</i>.\n",
        encoding="utf-8",
    )
    (root / "e.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nQ: Siapa?\n\n2\n00:00:02,000 --> 00:00:03,000\n"
        "Nadia: Saya.\n",
        encoding="utf-8",
    )
    (root / "f.csv").write_text("isi;umur\nSekolah menolak.;30\n;41\n", encoding="utf-8")
    return root


def _invoke(*args: str):
    return runner.invoke(app, ["segments", *args])


@pytest.mark.parametrize("unit", ["turn", "paragraph", "sentence", "document"])
def test_every_row_matches_the_document_text(tmp_path, unit):
    root = _folder(tmp_path / "corpus")
    out = tmp_path / "segments.csv"
    result = _invoke(str(root), "--text-column", "isi", "--unit", unit, "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(table.columns[: len(SEGMENTS_COLUMNS)]) == SEGMENTS_COLUMNS
    corpus = load_corpus([root], text_column="isi", unit=unit)
    texts = {doc.id: doc.text for doc in corpus.documents}
    assert list(table["document"].unique()) == ["mk01", "b", "c", "d", "e", "f-2"]
    assert len(table) == sum(len(s) for s in corpus.segments.values())
    for row in table.itertuples():
        start, end = int(row.start), int(row.end)
        assert unsafe_cell(row.text) == texts[row.document][start:end]
        assert row.unit == unit


def test_speakers_and_timestamps(tmp_path):
    root = _folder(tmp_path / "corpus")
    result = _invoke(str(root), "--text-column", "isi")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    rows = [
        (r.document, r.speaker, r.interviewer, unsafe_cell(r.text)) for r in table.itertuples()
    ]
    assert rows == [
        ("mk01", "Q", "True", "Apa peran Ibu?"),
        ("mk01", "Rina", "False", "=Mendampingi anak. Lalu rapat."),
        ("b", "Pewawancara", "True", "Halo."),
        ("b", "Dimas", "False", "Café itu."),
        ("c", "Informan", "False", "Sari"),  # a name-like label once other speakers exist
        ("c", "Interviewer", "True", "How did it start?"),
        ("c", "Sari", "False", "The school called."),
        ("d", "Moderator", "True", "Mulai."),
        ("d", "Yoga", "False", "Siap. Kami datang."),
        ("e", "Q", "True", "Siapa?"),
        ("e", "Nadia", "False", "Saya."),
        ("f-2", "", "False", "Sekolah menolak."),
    ]
    assert table.loc[8, "begin"] == "00:00:02.000"
    assert table.loc[8, "end_time"] == "00:00:04.000"
    assert float(table.loc[11, "row"]) == 2  # other rows lack "row", so pandas writes 2.0


def _bad_inputs(root: Path) -> dict[str, Path]:
    root.mkdir()
    corrupt = root / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04 broken")
    locked = root / "locked.docx"
    locked.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00\x01junk" * 64)
    binary = root / "binary.txt"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00")
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    undecodable = root / "undecodable.txt"
    undecodable.write_bytes(codecs.BOM_UTF8 + b"Q: halo \xff\xfe")
    front = root / "front.md"
    front.write_text("---\nid: x\ncase: [MK01\n---\nQ: halo\n", encoding="utf-8")
    return {
        "missing": root / "missing.txt",
        "corrupt": corrupt,
        "locked": locked,
        "binary": binary,
        "empty": empty,
        "undecodable": undecodable,
        "front": front,
    }


MESSAGES = {
    "missing": "file or folder not found",
    "corrupt": "not a valid Word document: the file is not a zip package",
    "locked": "the Word document is password-protected (encrypted)",
    "binary": "the file looks binary, not text",
    "empty": "the file is empty",
    "undecodable": "the file starts with a utf-8 byte-order mark but byte 11 cannot be decoded",
    "front": "the front matter is not valid YAML",
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_bad_input_exits_1_with_one_paragraph(tmp_path, name):
    path = _bad_inputs(tmp_path / "bad")[name]
    result = _invoke(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    message = result.stderr.strip()
    where = f"{path}:3" if name == "front" else str(path)
    assert message.startswith(f"Error: {where}: {MESSAGES[name]}")
    assert "\n\n" not in message
    assert "Hint: " in message
    assert "Traceback" not in result.output


def test_skip_errors_lists_skipped_files(tmp_path):
    root = _folder(tmp_path / "corpus")
    bad = _bad_inputs(root / "bad")
    out = tmp_path / "segments.csv"
    result = _invoke(str(root), "--text-column", "isi", "--skip-errors", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = sorted(p for name, p in bad.items() if name != "missing")
    assert f"Skipped {len(skipped)} file(s):" in result.stderr
    after = result.stderr.split(f"Skipped {len(skipped)} file(s):", 1)[1]
    listed = [line for line in after.splitlines() if line.startswith("  - ")]
    assert [line.split(": ")[0].removeprefix("  - ").split(":")[0] for line in listed] == [
        str(p) for p in skipped
    ]
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table["document"].unique()) == ["mk01", "b", "c", "d", "e", "f-2"]


def test_a_damaged_workbook_in_a_folder_is_named_not_a_traceback(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("Q: Apa peran Ibu?\nRina: Mendampingi anak.\n", encoding="utf-8")
    damaged = root / "survey.xlsx"
    damaged.write_bytes(bytes(range(7, 172)))  # not a zip archive
    result = _invoke(str(root), "-o", str(tmp_path / "segments.csv"))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {damaged}"), result.stderr
    assert "Traceback" not in result.output
    result = _invoke(str(root), "--skip-errors", "-o", str(tmp_path / "segments.csv"))
    assert result.exit_code == 0, result.output
    assert f"  - {damaged}" in result.stderr


def test_office_lock_files_of_open_documents_are_passed_over(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("Q: Apa peran Ibu?\nRina: Mendampingi anak.\n", encoding="utf-8")
    for name in ("~$survey.xlsx", "~$wawancara.docx"):  # what Excel and Word leave open
        (root / name).write_bytes(b"\x05rina  " + bytes(155))
    out = tmp_path / "segments.csv"
    result = _invoke(str(root), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("W112") == 2, result.stderr
    assert "close 'survey.xlsx'" in result.stderr
    assert list(pd.read_csv(out, dtype=str)["document"].unique()) == ["a"]
