"""Every real export in the reference samples imports with the expected counts.

The samples' texts are never copied here: the tests count and check offsets only.
"""

from __future__ import annotations

from qualcode.exchange.qdc import read_qdc
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.model import Codebook


def _depth(codebook: Codebook) -> int:
    return max((len(codebook.path_of(c.id)) for c in codebook.codes), default=0)


def _codes(project) -> list[str]:
    return [w.code for w in project.warnings]


def test_nvivo_windows_utf16_positions_land_on_line_breaks(samples):
    project = read_qdpx(samples / "nvivo-windows-12.6" / "oltas0517.qdpx")
    assert project.origin == "NVivo for Windows 12.6"
    assert len(project.documents) == 2
    assert len(project.codebook.codes) == 152
    assert len(project.codebook.children(None)) == 12
    assert _depth(project.codebook) == 4
    assert len(project.users) == 2
    assert len(project.codings) == 303
    assert _codes(project) == ["X202", "X204", "X225"]
    assert "UTF-16 code units, CRLF counted as two" in str(project.warnings[2])
    users = {u.name for u in project.users}
    texts = {d.id: d.text for d in project.documents}
    fits = 0
    for c in project.codings:
        text = texts[c.document]
        assert 0 <= c.start < c.end <= len(text)
        assert c.source == "imported" and c.coder in users
        fits += (c.start == 0 or text[c.start - 1] == "\n") and (
            c.end == len(text) or text[c.end] == "\n")
    # 274 of 303 are whole lines; the rest are genuine partial-line selections
    assert fits == 274
    assert all("\r" not in t and not t.startswith("\ufeff") for t in texts.values())


def test_nvivo_mac_empty_sources_are_reported(samples):
    project = read_qdpx(samples / "nvivo-mac-15.0" / "nvivo_project.qdpx")
    assert len(project.codebook.codes) == 262
    assert _depth(project.codebook) == 7
    assert [u.initials for u in project.users] == ["CP", "C"]
    assert project.documents == () and project.codings == ()
    assert _codes(project) == ["X202", "X224"]
    assert str(project.warnings[1]).startswith("2 source(s) without text were left out")


def test_atlasti_projects(samples):
    blank = read_qdpx(samples / "atlasti-windows-23.2" / "blank-atlas-project.qdpx")
    assert len(blank.users) == 2 and blank.codebook.codes == () and blank.warnings == ()
    target = read_qdpx(samples / "atlasti-windows-23.2" / "target-atlas-project.qdpx")
    codebook = target.codebook
    assert len(codebook.codes) == 3
    (root,) = codebook.children(None)
    assert root.id == "commits"
    assert [c.parent for c in codebook.codes] == [None, "commits", "commits"]
    assert all(c.id.startswith("c_2022_") for c in codebook.children("commits"))
    assert _codes(target) == ["X202"]


def test_maxqda_bare_qde(samples):
    project = read_qdpx(samples / "maxqda-24.7" / "project.qde")
    codebook = project.codebook
    assert len(codebook.codes) == 307 and _depth(codebook) == 2
    assert len(codebook.children(None)) == 18
    assert all(c.color and c.color == c.color.lower() for c in codebook.codes)
    assert all(c.definition for c in codebook.codes)
    assert len(project.users) == 1
    assert project.documents == ()
    assert _codes(project) == ["X240", "X202", "X255", "X223", "X224"]
    assert str(project.warnings[3]).startswith("the text files of 10 source(s) are missing "
                                               "(the project is a bare .qde file")


def test_taguette_codebook_with_empty_sets(samples):
    result = read_qdc(samples / "taguette-1.4.1" / "codebook.qdc")
    assert result.origin == "Taguette 1.4.1"
    assert len(result.codebook.codes) == 3
    assert result.codebook.dimensions == ()
    assert [w.code for w in result.warnings] == ["X210", "X202", "X212"]
    assert "Sets" in str(result.warnings[0]) and "empty <Sets/>" in str(result.warnings[2])
