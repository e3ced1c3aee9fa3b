"""Hostile archives and XML are refused with clear messages; nothing leaves its folder."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.errors import ExchangeError
from qualcode.exchange.importer import import_qdpx, safe_file_name
from qualcode.exchange.qdc import read_qdc
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.exchange.zipsafe import SafeZip, ZipLimits, check_entry_name

from .conftest import project_xml, write_qdpx

MIB = 1 << 20
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>'
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>'
)


@pytest.mark.parametrize(("name", "why"), [
    ("../evil.txt", "climbs out"),
    ("sources/../../evil.txt", "climbs out"),
    ("/etc/passwd", "absolute path"),
    ("sources\\evil.txt", "backslash"),
    ("C:/Windows/evil.txt", "drive letter"),
])
def test_traversal_entries_refuse_the_archive(tmp_path, name, why):
    path = write_qdpx(tmp_path / "t.qdpx", project_xml(""), {name: "x"})
    with pytest.raises(ExchangeError) as info:
        read_qdpx(path)
    message = str(info.value)
    assert "refused" in message and "path traversal" in message and why in message
    assert repr(name) in message and "t.qdpx" in message
    assert check_entry_name(name) is not None
    assert check_entry_name("sources/ok.txt") is None


def _bomb(path: Path, size_mib: int = 40) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(""))
        with archive.open("sources/bomb.txt", "w") as stream:
            block = b"\0" * MIB
            for _ in range(size_mib):
                stream.write(block)
    return path


def test_zip_bomb_is_refused_before_reading(tmp_path):
    path = _bomb(tmp_path / "bomb.qdpx")
    with pytest.raises(ExchangeError) as info:
        read_qdpx(path)
    message = str(info.value)
    assert "entry 'sources/bomb.txt'" in message
    assert "zip bomb" in message and "times its packed size" in message


def test_size_and_count_limits(tmp_path):
    path = write_qdpx(tmp_path / "p.qdpx", project_xml(""),
                      {f"sources/{i}.txt": "x" * 3000 for i in range(4)})
    with pytest.raises(ExchangeError, match="5 entries, more than the limit of 3"):
        SafeZip(path, ZipLimits(max_entries=3))
    with pytest.raises(ExchangeError, match="unpacks to 3000 bytes, more than the limit of 1000"):
        SafeZip(path, ZipLimits(max_entry_bytes=1000))
    with pytest.raises(ExchangeError, match="in total"):
        SafeZip(path, ZipLimits(max_total_bytes=5000))
    with SafeZip(path, ZipLimits(max_read_bytes=2000)) as archive, pytest.raises(
            ExchangeError, match="read limit"):
        archive.read("sources/0.txt")


def _patch_sizes(path: Path, entry: str, size: int) -> None:
    """Make the headers of ``entry`` claim ``size`` uncompressed bytes (a lying archive)."""
    data = bytearray(path.read_bytes())
    name = entry.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30:local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46:central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def test_headers_that_understate_the_size_are_caught_while_streaming(tmp_path):
    qde = project_xml('<Sources><TextSource guid="00000000-0000-0000-0000-000000000001" '
                      'name="d" plainTextPath="internal://d.txt"/></Sources>')
    path = write_qdpx(tmp_path / "lie.qdpx", qde, {"sources/d.txt": "abc " * 300_000})
    _patch_sizes(path, "sources/d.txt", 1000)
    with pytest.raises(ExchangeError) as info:
        read_qdpx(path)
    assert "entry 'sources/d.txt' cannot be unpacked (Bad CRC-32" in str(info.value)


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_dtd_and_entities_are_refused(tmp_path, xml):
    path = write_qdpx(tmp_path / "x.qdpx", xml)
    with pytest.raises(ExchangeError) as info:
        read_qdpx(path)
    message = str(info.value)
    assert "refused: entry 'project.qde': the XML declares a DTD or entities" in message
    assert "x.qdpx" in message
    qdc = tmp_path / "x.qdc"
    qdc.write_text(xml.replace("Project", "CodeBook"), encoding="utf-8")
    with pytest.raises(ExchangeError, match="declares a DTD"):
        read_qdc(qdc)


def test_not_a_zip_and_not_xml(tmp_path):
    path = tmp_path / "junk.qdpx"
    path.write_bytes(b"\x00\x01 junk")
    with pytest.raises(ExchangeError, match="neither a ZIP archive"):
        read_qdpx(path)
    with pytest.raises(ExchangeError, match="file not found"):
        read_qdpx(tmp_path / "missing.qdpx")


def test_external_paths_are_never_read(tmp_path, make_qdpx):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    body = (f'<Sources><TextSource guid="00000000-0000-0000-0000-000000000001" name="d" '
            f'plainTextPath="absolute:///{secret.as_posix().lstrip("/")}"/></Sources>')
    project = read_qdpx(make_qdpx(body))
    assert project.documents == ()
    assert [w.code for w in project.warnings] == ["X221", "X224"]


def test_many_sources_on_one_text_file_are_refused_not_unpacked_again_and_again(make_qdpx):
    text = ("hello world. " * 80_660)[:MIB]  # 1 MiB: too small for the ratio check
    # an 11 KB archive whose 3,000 sources all point at one 1 MiB text made 3 GB of documents
    sources = "".join(
        f'<TextSource guid="00000000-0000-0000-0000-{i:012d}" name="d{i}" '
        f'plainTextPath="internal://t.txt"/>' for i in range(1, 200))
    path = make_qdpx(f"<Sources>{sources}</Sources>", {"sources/t.txt": text})
    with pytest.raises(ExchangeError, match="points many sources at the same files"):
        read_qdpx(path)
    # two sources sharing a text (some exports do) are still read
    two = "".join(
        f'<TextSource guid="00000000-0000-0000-0000-{i:012d}" name="d{i}" '
        f'plainTextPath="internal://t.txt"/>' for i in (1, 2))
    shared = make_qdpx(f"<Sources>{two}</Sources>", {"sources/t.txt": text},
                       name="shared.qdpx")
    assert len(read_qdpx(shared).documents) == 2


def test_document_names_cannot_escape_the_output_folder(tmp_path, make_qdpx):
    body = ('<Sources><TextSource guid="00000000-0000-0000-0000-000000000001" '
            'name="../../evil"><PlainTextContent>text</PlainTextContent></TextSource>'
            '<TextSource guid="00000000-0000-0000-0000-000000000002" name="CON">'
            '<PlainTextContent>more</PlainTextContent></TextSource></Sources>')
    out = tmp_path / "out"
    import_qdpx(make_qdpx(body), out)
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["CON-file.txt", "evil.txt"]
    assert not (tmp_path / "evil.txt").exists()
    taken: set[str] = set()
    assert safe_file_name("a/b\\c:d", taken) == "a-b-c-d.txt"
    assert safe_file_name("A-B-C-D", taken) == "A-B-C-D-2.txt"
    assert safe_file_name("..", taken) == "document.txt"


def test_cli_refuses_hostile_files_without_traceback(tmp_path):
    runner = CliRunner()
    bomb = _bomb(tmp_path / "bomb.qdpx", size_mib=20)
    xxe = write_qdpx(tmp_path / "xxe.qdpx", XXE)
    traversal = write_qdpx(tmp_path / "trav.qdpx", project_xml(""), {"../../evil.txt": "x"})
    for path in (bomb, xxe, traversal):
        out = tmp_path / f"{path.stem}-out"
        result = runner.invoke(app, ["import", "qdpx", str(path), "-o", str(out)])
        assert result.exit_code == 1
        assert "Error:" in result.stderr and "refused" in result.stderr
        assert "Traceback" not in result.output + result.stderr
        assert not out.exists()
