"""Bounded resources: hostile inputs are refused before they are unpacked or expanded (peak
memory of the whole process stays small), and no run opens a network connection."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import zipfile

import pytest

MEASURE = """
import resource, subprocess, sys
for args in sys.argv[1:]:
    done = subprocess.run([sys.executable, "-m", "qualcode", *args.split("\\x1f")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (args, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_hostile_inputs_are_refused_in_bounded_memory(tmp_path, make_docx, repack,
                                                      zip_bomb_part):
    bomb = repack(make_docx("Q: Halo"), tmp_path / "bomb.docx")
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        zip_bomb_part(archive, "word/media/image1.png")  # 201 MiB unpacked
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse
    front = tmp_path / "front.md"
    levels = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    front.write_text(f"---\n{levels}---\nQ: Halo\n", encoding="utf-8")  # 10^9 values
    book = tmp_path / "book.yaml"
    book.write_text('name: x\nversion: "1"\n' + levels + "codes: *a8\n", encoding="utf-8")
    cases = [f"segments\x1f{bomb}", f"segments\x1f{huge}", f"segments\x1f{front}",
             f"codebook\x1fvalidate\x1f{book}"]
    done = subprocess.run([sys.executable, "-c", MEASURE, *cases], capture_output=True,
                          text=True, timeout=300, check=True)
    peak_mib = int(done.stdout) / 1024  # ru_maxrss is in KiB on Linux
    assert peak_mib < 200, f"peak memory {peak_mib:.0f} MiB"  # about 40 MiB; a bomb is 201


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_analyze_and_hostile_references_never_touch_the_network(tmp_path, qualcode, no_network,
                                                                 make_docx, repack):
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
           '"http://evil.example/x">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
           'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Q: &x;</w:t></w:r></w:p>'
           "</w:body></w:document>")
    docx = repack(make_docx("Q: Halo"), tmp_path / "remote.docx",
                  replace={"word/document.xml": xml.encode()})
    assert qualcode("segments", docx).exit_code == 1
    result = qualcode("analyze", "-o", tmp_path / "results", "--no-charts", seconds=120)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "results" / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html)  # all inline
