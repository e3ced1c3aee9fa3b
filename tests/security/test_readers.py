"""Hostile transcripts through ``qualcode segments``: each is refused with one paragraph naming
the file, or read with a clear warning, within a time limit; never a traceback or a hang."""

from __future__ import annotations

import zipfile

import pytest

WORD_XML = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Q: {}</w:t></w:r></w:p></w:body></w:document>")


def test_docx_with_path_traversal_entry_is_refused(tmp_path, qualcode, refused, make_docx,
                                                   repack):
    path = repack(make_docx("Q: Halo", "Rina: Hai"), tmp_path / "t.docx",
                  add={"../../evil.txt": b"x"})
    refused(qualcode("segments", path), path, "unsafe name '../../evil.txt'", "hostile")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path, qualcode, refused, make_docx,
                                                   repack, zip_bomb_part):
    path = repack(make_docx("Q: Halo"), tmp_path / "bomb.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        zip_bomb_part(archive, "word/media/image1.png")
    assert path.stat().st_size < 2_000_000
    result = qualcode("segments", path, seconds=10)
    refused(result, path, "unpacks to 211,", "over the limit of 209,715,200", "zip bomb")


def test_docx_part_that_unpacks_to_hundreds_of_times_its_size_is_refused(tmp_path, qualcode,
                                                                          refused, make_docx):
    # under the 200 MiB unpacked limit, but a million one-letter paragraphs took minutes and
    # gigabytes to read: a part's compression ratio is checked too
    import io

    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 60_000
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(io.BytesIO(make_docx("Q: Halo"))) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index("<w:body>") + len("<w:body>")
                data = (text[:at] + body + text[at:]).encode("utf-8")
            out.writestr(info.filename, data)
    assert path.stat().st_size < 100_000
    refused(qualcode("segments", path, seconds=10), path, "part 'word/document.xml' unpacks to",
            "over the limit of 200 times", "zip bomb")


def test_docx_external_entity_is_refused(tmp_path, qualcode, refused, make_docx, repack):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
           f'"{secret.as_uri()}">]>' + WORD_XML.format("&xxe;"))
    path = repack(make_docx("Q: Halo"), tmp_path / "xxe.docx",
                  replace={"word/document.xml": xml.encode()})
    result = qualcode("segments", path)
    refused(result, path, "'word/document.xml' declares a DTD or entities")
    assert "TOPSECRET" not in result.output


def test_docx_billion_laughs_is_refused(tmp_path, qualcode, refused, make_docx, repack):
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>' + WORD_XML.format("&l9;")
    path = repack(make_docx("Q: Halo"), tmp_path / "lol.docx",
                  replace={"word/document.xml": xml.encode()})
    refused(qualcode("segments", path, seconds=10), path, "declares a DTD or entities")


def test_docx_dtd_hidden_after_a_utf16_byte_order_mark_is_refused(tmp_path, qualcode, refused,
                                                                   make_docx, repack):
    xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "b">]>'
           + WORD_XML.format("&a;"))
    path = repack(make_docx("Q: Halo"), tmp_path / "u16.docx",
                  replace={"word/document.xml": "\ufeff".encode("utf-16-le")
                           + xml.encode("utf-16-le")})
    refused(qualcode("segments", path), path, "declares a DTD")


def test_xlsx_response_table_zip_bomb_is_refused(tmp_path, qualcode, refused, zip_bomb_part):
    from openpyxl import Workbook

    path = tmp_path / "answers.xlsx"
    book = Workbook()
    book.active.append(["text"])
    book.active.append(["Sekolah menolak."])
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        zip_bomb_part(archive, "xl/media/image1.png")
    refused(qualcode("segments", path, seconds=10), path, "Excel workbook unpacks to")


def test_nul_bytes_named_txt_are_refused(tmp_path, qualcode, refused):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\0" * 4096)
    refused(qualcode("segments", path), path, "looks binary")


def test_file_over_the_size_limit_is_refused_unread(tmp_path, qualcode, refused):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 200 MiB, sparse: nothing is written to disk
        handle.truncate(200 * 1024 * 1024)
    result = qualcode("segments", path, seconds=10)
    refused(result, path, "is 209,715,200 bytes, over the limit of 104,857,600",
            "QUALCODE_MAX_BYTES")


def test_size_limit_is_configurable(tmp_path, qualcode, refused, monkeypatch):
    path = tmp_path / "small.txt"
    path.write_text("Q: Halo?\nRina: " + "kata " * 1000 + "\n", encoding="utf-8")
    assert qualcode("segments", path).exit_code == 0
    monkeypatch.setenv("QUALCODE_MAX_BYTES", "1000")
    refused(qualcode("segments", path), path, "over the limit of 1,000")
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Q: Halo?\nRina: Hai.\n", encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("case,role\n" + "".join(f"MK{i:03},x\n" for i in range(200)),
                     encoding="utf-8")
    refused(qualcode("segments", tiny, "--cases", cases), cases, "over the limit of 1,000")


@pytest.mark.parametrize("unit", ["turn", "sentence", "paragraph"])
def test_five_megabyte_single_line_is_read_in_bounded_time(tmp_path, qualcode, unit):
    # Ordinary speech, then runs that made the old sentence and speaker patterns quadratic:
    # a million dots, a million blanks after a capital, a million '!' before a blank.
    line = ("Rina: " + "Kami datang ke sekolah. Anaknya diam saja! " * 60_000
            + "." * 1_000_000 + " A" + " " * 1_000_000 + "x " + "!" * 500_000 + " Z")
    assert "\n" not in line and len(line) > 5_000_000
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    out = tmp_path / "segments.csv"
    result = qualcode("segments", path, "--unit", unit, "-o", out, seconds=30)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 5_000_000


def test_utf8_with_cp1252_bytes_keeps_both_and_warns(tmp_path, qualcode):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Q: Halo, café “ok”?\n".encode() + b"Rina: caf\xe9 \x93kutip\x94.\n")
    out = tmp_path / "segments.csv"
    result = qualcode("segments", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{path}:2: the file is UTF-8 but 3 byte(s) in it are not" in result.output
    assert "[W103]" in result.output
    text = out.read_text(encoding="utf-8")
    assert "Halo, café “ok”?" in text and "café “kutip”." in text
    assert "Ã" not in text  # no mojibake of the UTF-8 part


def test_legacy_file_is_read_with_a_warning(tmp_path, qualcode):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Q: Halo?\nRina: Saya di café “itu”.\n".encode("cp1252"))
    result = qualcode("segments", path)
    assert result.exit_code == 0, result.output
    assert "it was read as cp1252 (a guess) [W102]" in result.output
    assert "Saya di café “itu”." in result.output


def test_transcript_of_only_speaker_labels_is_refused(tmp_path, qualcode, refused):
    path = tmp_path / "labels.txt"
    path.write_text("---\nid: x\n---\nPewawancara:\nRina:\n\nQ:   \n**Rina:**\n",
                    encoding="utf-8")
    refused(qualcode("segments", path), path, "speaker labels but no spoken text")


@pytest.mark.parametrize(("cue", "line", "fragment"), [
    ("00:00:01.000 --> 00:0x:02.000", 3, "broken cue timestamps"),
    ("00:00:01,000 --> 00:00:02,000", 3, "broken cue timestamps"),
    ("99:99:99.999 --> 00:00:02.000", 3, "Invalid timestamp"),
    ("00:00:05.000 --> 00:00:02.000", 3, "the cue ends before it starts"),
    ("00:00:01.000 -> 00:00:02.000", 3, "text outside any cue"),
])
def test_vtt_with_broken_timestamps_is_refused(tmp_path, qualcode, refused, cue, line,
                                               fragment):
    path = tmp_path / "broken.vtt"
    path.write_text(f"WEBVTT\n\n{cue}\n<v Q>Halo\n", encoding="utf-8")
    refused(qualcode("segments", path), f"{path}:{line}", fragment)


def test_srt_with_reversed_timestamps_is_refused(tmp_path, qualcode, refused):
    path = tmp_path / "broken.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nQ: Halo\n\n"
                    "2\n00:00:09,000 --> 00:00:03,000\nRina: Hai\n", encoding="utf-8")
    refused(qualcode("segments", path), f"{path}:6", "ends before it starts")


def test_vtt_with_pathological_markup_is_read_in_bounded_time(tmp_path, qualcode):
    # These cue texts made the old markup patterns exponential ('<v.a.a...') or quadratic.
    cue = "<v" + ".a" * 200_000 + " " + "<" * 300_000 + "{\\" * 300_000 + "<v " * 300_000
    path = tmp_path / "markup.vtt"
    path.write_text(f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rina>Halo {cue}\n",
                    encoding="utf-8")
    result = qualcode("segments", path, seconds=20)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("block", "fragment"), [
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "aliases (*name) are not allowed"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nests deeper than 20 levels"),
    ("a: !!python/object/apply:os.system ['echo owned']\n", "could not determine a constructor"),
])
def test_hostile_front_matter_is_refused(tmp_path, qualcode, refused, block, fragment):
    path = tmp_path / "fm.md"
    path.write_text(f"---\n{block}---\nQ: Halo\nRina: Hai\n", encoding="utf-8")
    refused(qualcode("segments", path, seconds=10), path, "front matter is not valid YAML",
            fragment)


def test_hostile_cases_tables_are_refused(tmp_path, qualcode, refused, zip_bomb_part):
    from openpyxl import Workbook

    transcript = tmp_path / "t.txt"
    transcript.write_text("Q: Halo?\nRina: Hai.\n", encoding="utf-8")
    nul = tmp_path / "cases.csv"
    nul.write_bytes(b"case\0\0\0" * 100)
    refused(qualcode("segments", transcript, "--cases", nul), nul, "looks binary")
    bomb = tmp_path / "cases.xlsx"
    book = Workbook()
    book.active.append(["case"])
    book.save(bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        zip_bomb_part(archive, "xl/media/image1.png")
    refused(qualcode("segments", transcript, "--cases", bomb, seconds=10), bomb,
            "zip bomb")
