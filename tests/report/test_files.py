import math
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from qualcode.errors import OutputError
from qualcode.report.files import atomic_directory, atomic_path, write_text
from qualcode.report.safety import FORMULA_PREFIXES, escape_html, safe_cell, unsafe_cell


def test_write_text_replaces_atomically(tmp_path):
    target = tmp_path / "out.csv"
    write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_atomic_path_refuses_a_folder_and_reports_a_failed_replace(tmp_path, monkeypatch):
    import os

    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="folder, not a file"), atomic_path(tmp_path / "d"):
        pass  # never reached: refused before the work
    target = tmp_path / "out.csv"

    def refused(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(OutputError, match="cannot be written"), atomic_path(target) as tmp:
        tmp.write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]  # no temporary file left


def test_atomic_directory_keeps_old_folder_on_failure(tmp_path):
    target = tmp_path / "results"
    atomic_directory(target, lambda d: (d / "a.txt").write_text("1"))

    def broken(d):
        (d / "b.txt").write_text("2")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_directory(target, broken)
    assert sorted(p.name for p in target.iterdir()) == [".qualcode-output", "a.txt"]
    atomic_directory(target, lambda d: (d / "c.txt").write_text("3"))
    assert sorted(p.name for p in target.iterdir()) == [".qualcode-output", "c.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_atomic_directory_replaces_only_folders_it_wrote(tmp_path, monkeypatch):
    from qualcode.report.files import OUTPUT_MARKER, check_output_folder

    mine = tmp_path / "data"
    mine.mkdir()
    for name in ("a.md", "b.md", "c.md", "d.md"):
        (mine / name).write_text(name)
    with pytest.raises(OutputError, match=r"already holds files qualcode did not write \(a.md, "
                       r"b.md, c.md and 1 more\)"):
        atomic_directory(mine, lambda d: (d / "x.txt").write_text("x"))
    assert sorted(p.name for p in mine.iterdir()) == ["a.md", "b.md", "c.md", "d.md"]
    atomic_directory(mine, lambda d: (d / "x.txt").write_text("x"), force=True)
    assert sorted(p.name for p in mine.iterdir()) == [OUTPUT_MARKER, "x.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    atomic_directory(empty, lambda d: (d / "x.txt").write_text("x"))
    older = tmp_path / "older-results"  # written by an earlier version: no marker
    older.mkdir()
    (older / "provenance.json").write_text('{"qualcode_version": "0.1.0"}')
    (older / "codings.csv").write_text("x")
    check_output_folder(older)
    (older / "notes.txt").write_text("mine")  # not a kind of file results are: refused
    with pytest.raises(OutputError, match=r"added or changed since qualcode wrote it "
                       r"\(notes.txt\)"):
        check_output_folder(older)
    (older / "notes.txt").unlink()
    (older / "provenance.json").write_text("{}")  # not qualcode's: a folder of other files
    with pytest.raises(OutputError, match="qualcode did not write"):
        check_output_folder(older)
    monkeypatch.chdir(mine)
    for here in (Path("."), tmp_path):
        with pytest.raises(OutputError, match="holds the current folder"):
            check_output_folder(here, force=True)


def test_atomic_directory_in_a_folder_it_cannot_write(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write to"):
        atomic_directory(blocker / "out", lambda d: None)


def test_atomic_directory_refuses_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        atomic_directory(tmp_path / "f", lambda d: None)


def test_safe_cell_neutralises_formulas_and_round_trips():
    for text in ['=HYPERLINK("http://x","y")', "+1+1", "-2-A1", "-x", "@SUM(A1)", "\tx",
                 "-5 ", "- 5", "-1e", "+.", "-inf", "-\u0665", "+7", "--5"]:
        assert safe_cell(text) == "'" + text
        assert unsafe_cell(safe_cell(text)) == text
    assert safe_cell("plain") == "plain" and safe_cell(3) == 3
    assert unsafe_cell("'quoted") == "'quoted"


def test_plain_numbers_are_not_escaped():
    # a number is a value, not a formula: -5 read back from a table stays -5, not '-5
    for text in ["-5", "-3.2", "-.5", "-1.", "-1e-3", "-2E+10", "1e-3", "007"]:
        assert safe_cell(text) == text
        assert unsafe_cell(safe_cell(text)) == text
    # the text '-5 keeps its apostrophe; '-5 as earlier versions wrote -5 reads as -5
    assert safe_cell("'-5") == "''-5" and unsafe_cell("''-5") == "'-5"
    assert unsafe_cell("'-5") == "-5"


@example("'-nya' itu akhiran")
@example("''=1")
@example("'")
@example("-5")
@example("'-5")
@example("''+1.5e3")
@given(st.text(alphabet=st.sampled_from("'=+-@\t\r\nab")) | st.text()
       | st.text(alphabet=st.sampled_from("'+-.eE05 x"), max_size=8)
       | st.floats(allow_nan=False).map(repr) | st.integers().map(str))
def test_safe_cell_is_undone_by_unsafe_cell_for_any_text(text):
    assert unsafe_cell(safe_cell(text)) == text
    # only negative numbers (a value to every spreadsheet) keep a formula prefix
    assert not safe_cell(text).startswith(FORMULA_PREFIXES) or (
        text.startswith("-") and _is_number(text))
    assert safe_cell(text) in (text, "'" + text)


def _is_number(text: str) -> bool:
    """Whether ``text`` is a finite number with ASCII digits, as Python reads one."""
    if not text.isascii() or not any(c.isdigit() for c in text) or "_" in text:
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def test_escape_html():
    assert escape_html('<script>alert("x")</script>') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    # an override a transcript leaves open ends with the value, not the page's line
    assert escape_html("a\u202eb") == "a\u202eb\u202c"


def test_outputs_get_the_umask_mode_not_the_private_temporary_mode(tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        write_text(tmp_path / "a.csv", "x")
        atomic_directory(tmp_path / "out", lambda d: (d / "b.txt").write_text("y"))
    finally:
        os.umask(mask)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "out" / "b.txt").stat().st_mode & 0o777 == 0o644


def test_files_added_or_changed_in_a_written_folder_stop_its_replacement(tmp_path):
    from qualcode.report.files import OUTPUT_MARKER

    target = tmp_path / "results"

    def build(d):
        (d / "a.csv").write_text("1")
        (d / "sub").mkdir()
        (d / "sub" / "b.png").write_bytes(b"png")

    atomic_directory(target, build)
    manifest = (target / OUTPUT_MARKER).read_text(encoding="utf-8")
    assert manifest.splitlines()[-2:][0].endswith("  a.csv")
    assert manifest.splitlines()[-1].endswith("  sub/b.png")
    atomic_directory(target, build)  # untouched: replaced
    (target / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"added or changed since qualcode wrote it "
                       r"\(notes.txt\)"):
        atomic_directory(target, build)
    (target / "notes.txt").unlink()
    (target / "a.csv").write_text("edited by hand")
    with pytest.raises(OutputError, match=r"\(a.csv\)"):
        atomic_directory(target, build)
    assert (target / "a.csv").read_text() == "edited by hand"
    atomic_directory(target, build, force=True)
    assert (target / "a.csv").read_text() == "1"


def test_check_not_an_input_names_the_input_an_output_would_replace(tmp_path):
    from qualcode.report.files import check_not_an_input

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("A: x\n", encoding="utf-8")
    (folder / "codings.csv").write_text("document,segment,code,coder\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"the output is also an input of this command "
                       r"\(.*a\.md\)\nHint: choose another output file"):
        check_not_an_input(folder / "a.md", [None, folder / "a.md"])
    with pytest.raises(OutputError, match="the --disagreements output is a source file in the "
                       "input folder"):
        check_not_an_input(folder / "a.md", [folder], option="--disagreements")
    with pytest.raises(OutputError, match="is a folder that holds an input"):
        check_not_an_input(tmp_path, [folder / "a.md"])
    for output in (None, "-", tmp_path / "new.csv", folder / "codings.csv"):
        check_not_an_input(output, [folder, folder / "a.md", tmp_path / "missing"])


def test_an_output_folder_that_is_a_link_is_written_into_its_target(tmp_path):
    target = tmp_path / "elsewhere" / "tgt"
    target.mkdir(parents=True)
    link = tmp_path / "lnk"
    link.symlink_to(target, target_is_directory=True)
    assert atomic_directory(link, lambda d: (d / "a.txt").write_text("1")) == link
    assert link.is_symlink() and (target / "a.txt").read_text() == "1"
    atomic_directory(link, lambda d: (d / "b.txt").write_text("2"))  # replaced again
    assert link.is_symlink() and sorted(p.name for p in target.iterdir()) == [
        ".qualcode-output", "b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "lnk"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["tgt"]
    (target / "mine.md").write_text("x")  # the same rules: a folder of other files is refused
    with pytest.raises(OutputError, match="added or changed"):
        atomic_directory(link, lambda d: None)
    assert (target / "mine.md").exists() and link.is_symlink()
    dangling = tmp_path / "new"
    dangling.symlink_to(tmp_path / "elsewhere" / "fresh", target_is_directory=True)
    atomic_directory(dangling, lambda d: (d / "c.txt").write_text("3"))
    assert dangling.is_symlink() and (tmp_path / "elsewhere" / "fresh" / "c.txt").exists()


def test_an_output_file_that_is_a_link_is_written_into_its_target(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def _deny_writing(monkeypatch, *denied: Path) -> None:
    """Make ``denied`` folders read-only to os.access (tests may run as root, whom
    permissions do not stop)."""
    import os

    real = os.access
    shut = {p.resolve() for p in denied}
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path).resolve()
                        in shut and mode & os.W_OK else real(path, mode, **kw))


@pytest.mark.skipif(__import__("os").name == "nt", reason="POSIX permissions")
def test_a_read_only_output_folder_is_refused_before_any_work_with_a_permission_hint(
        tmp_path, monkeypatch):
    from qualcode.report.files import check_output_folder

    target = tmp_path / "ro"
    atomic_directory(target, lambda d: (d / "a.txt").write_text("1"))
    _deny_writing(monkeypatch, target)
    with pytest.raises(OutputError) as info:
        check_output_folder(target)
    assert info.value.message == "the output folder is not writable (Permission denied)"
    assert "make it and the folder holding it writable" in info.value.hint
    assert "close programs" not in info.value.hint
    built = []
    with pytest.raises(OutputError, match="not writable"):
        atomic_directory(target, built.append)
    assert built == [] and (target / "a.txt").read_text() == "1"
    monkeypatch.undo()
    _deny_writing(monkeypatch, tmp_path)  # a new folder in a folder one may not write to
    with pytest.raises(OutputError) as info:
        check_output_folder(tmp_path / "new" / "deeper")
    assert info.value.message == (f"the folder that would hold it, {tmp_path}, is not writable "
                                  "(Permission denied)")


@pytest.mark.skipif(__import__("os").name == "nt", reason="POSIX error numbers")
@pytest.mark.parametrize(("number", "hint"), [
    ("EACCES", "make it and the folder holding it writable"),
    ("EPERM", "make it and the folder holding it writable"),
    ("EROFS", "read-only file system"),
    ("EBUSY", "close programs using it"),
])
def test_a_failed_swap_gives_the_hint_for_its_cause(tmp_path, monkeypatch, number, hint):
    import errno
    import os

    target = tmp_path / "out"
    atomic_directory(target, lambda d: (d / "a.txt").write_text("1"))
    real = os.replace

    def replace(src, dst):
        if Path(src) == target:
            code = getattr(errno, number)
            raise OSError(code, os.strerror(code))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="the folder cannot be replaced") as info:
        atomic_directory(target, lambda d: (d / "b.txt").write_text("2"))
    assert hint in info.value.hint
    assert (hint == "close programs using it") == ("close programs" in info.value.hint)
    assert sorted(p.name for p in target.iterdir()) == [".qualcode-output", "a.txt"]
