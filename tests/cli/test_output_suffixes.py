"""Every command that writes a file picks its format by the output's suffix: its --help lists
the suffixes it takes, each of them works, and any other suffix (or none) is a usage error (exit
2) before any work, whose message names the path, the suffixes and a name that would do. Folder
outputs refuse a file's suffix the same way."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()

TABLE = (".csv", ".xlsx")

# command -> (arguments before the output, the output option, the suffixes it writes, whether
# '-' writes to stdout); {name} is an input made by the fixture
FILES = {
    "segments": (("segments", "{t}"), "-o", TABLE, True),
    "code": (("code", "{t}", "-c", "{book}"), "-o", (".csv",), True),
    "matrix": (("matrix", "{codings}", "-c", "{book}"), "-o", TABLE, True),
    "chart": (("chart", "{codings}", "-c", "{book}"), "-o", (".png", ".svg", ".pdf"), False),
    "agree": (("agree", "{both}", "--bootstrap", "0"), "-o", TABLE, True),
    "agree --disagreements": (("agree", "{both}", "--bootstrap", "0"), "--disagreements",
                              (".xlsx", ".html", ".htm"), False),
    "evaluate": (("evaluate", "--gold", "{ana}", "--pred", "{budi}"), "-o", TABLE, True),
    "evaluate --disagreements": (("evaluate", "--gold", "{ana}", "--pred", "{budi}"),
                                 "--disagreements", TABLE, False),
    "adjudicate": (("adjudicate", "{report}"), "-o", TABLE, True),
    "export theme-table": (("export", "theme-table", "{codings}", "-c", "{book}"), "-o",
                           (".docx", ".md"), False),
    "export report": (("export", "report", "{codings}", "-c", "{book}"), "-o",
                      (".html", ".htm"), False),
    "export qdc": (("export", "qdc", "{book}"), "-o", (".qdc",), False),
    "export qdpx": (("export", "qdpx", "{t}"), "-o", (".qdpx",), False),
    "import qdc": (("import", "qdc", "{qdc}"), "-o", (".yaml", ".yml"), False),
    "codings": (("codings", "--project", "{project}"), "-o", TABLE, True),
    "markup": (("markup", "{t}"), "-o", TABLE, True),
    "memo list": (("memo", "list", "--project", "{project}"), "-o", TABLE, True),
    "project log": (("project", "log", "--project", "{project}"), "-o", TABLE, True),
    "review export": (("review", "export", "--project", "{project}"), "-o", (".xlsx",), False),
    "project backup": (("project", "backup", "--project", "{project}"), "-o", (".db",), False),
}
FOLDERS = {  # commands whose output is a folder
    "analyze": ("analyze", "{t}", "--no-charts", "--no-portraits"),
    "export tables": ("export", "tables", "{codings}"),
    "export results": ("export", "results", "{codings}", "--no-charts"),
    "import qdpx": ("import", "qdpx", "{qdpx}"),
}

# what each kind of file starts with (or holds, for SVG)
MAGIC = {".csv": b"", ".xlsx": b"PK", ".docx": b"PK", ".qdpx": b"PK", ".png": b"\x89PNG",
         ".pdf": b"%PDF", ".html": b"<!DOCTYPE html>", ".htm": b"<!DOCTYPE html>",
         ".qdc": b"<?xml", ".db": b"SQLite format 3"}

TRANSCRIPT = "Pewawancara: Apakah Ibu mendampingi anaknya?\n\nRina: Iya, saya dampingi.\n"
BOTH = pd.DataFrame([
    {"document": "d1", "segment": s, "start": s * 10, "end": s * 10 + 10, "code": c,
     "code_path": c, "group": "stage", "coder": coder, "text": f"turn {s}"}
    for coder, s, c in [("ana", 0, "planning"), ("budi", 0, "planning"),
                        ("ana", 1, "monitoring"), ("budi", 1, "planning")]
])


def _ok(*args: object) -> None:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, tiny, samples):
    """The inputs every command of FILES and FOLDERS reads, by name."""
    pytest.importorskip("qualcode.io.codebook")
    from qualcode.report.tabular import write_csv

    root = tmp_path_factory.mktemp("inputs")
    found = {"t": root / "t", "book": root / "tiny.yaml", "codings": root / "hand.csv",
             "both": root / "both.csv", "ana": root / "ana.csv", "budi": root / "budi.csv",
             "report": root / "report.xlsx", "qdc": root / "book.qdc",
             "qdpx": root / "study.qdpx"}
    found["t"].mkdir()
    (found["t"] / "a.md").write_text(TRANSCRIPT, encoding="utf-8")
    found["book"].write_text(tiny.TINY_YAML, encoding="utf-8")
    write_csv(tiny.tiny_codings(), found["codings"])
    BOTH.to_csv(found["both"], index=False)
    for coder in ("ana", "budi"):
        BOTH[BOTH["coder"] == coder].to_csv(found[coder], index=False)
    _ok("agree", found["both"], "--bootstrap", "0", "--disagreements", found["report"])
    _ok("export", "qdc", found["book"], "-o", found["qdc"])
    _ok("export", "qdpx", found["t"], "-o", found["qdpx"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUALCODE_USER", "ana")
        patch.delenv("QUALCODE_PROJECT", raising=False)
        found["project"] = samples.make_project_dir(root / "study")
        _ok("init", found["project"], "-s", "transcripts", "-c", "codebook.yaml", "--lang", "id")
        _ok("add", "--project", found["project"])
    return found


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty current folder for the outputs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUALCODE_USER", "ana")
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    return tmp_path


def _args(template: tuple[str, ...], inputs: dict[str, Path]) -> list[str]:
    return [part.format(**{k: str(v) for k, v in inputs.items()}) for part in template]


def _said(result) -> str:
    return " ".join(result.stderr.split())


def _listed(suffixes: tuple[str, ...]) -> str:
    return suffixes[0] if len(suffixes) == 1 else \
        f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("given", ["out.txt", "out", "out.zip"])
def test_another_suffix_is_a_usage_error_before_any_work(inputs, here, name, given):
    before, option, suffixes, stdout = FILES[name]
    result = runner.invoke(app, [*_args(before, inputs), option, given])
    assert result.exit_code == 2, result.output
    has = "has no suffix" if given == "out" else f"ends in {Path(given).suffix}"
    dash = " (or - for stdout)" if stdout else ""
    chosen = ", chosen by the suffix" if len(suffixes) > 1 else ""
    assert (f"{given} {has}; this command writes {_listed(suffixes)} files{chosen}{dash}: "
            f"name it e.g. out{suffixes[0]}") in _said(result)
    assert "Traceback" not in result.output
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("name", sorted(FILES))
def test_help_lists_the_suffixes(name):
    suffixes = FILES[name][2]
    result = runner.invoke(app, [*name.split(" --")[0].split(), "--help"])
    assert result.exit_code == 0, result.output
    assert _listed(suffixes) in " ".join(result.stdout.split())


@pytest.mark.parametrize(("name", "suffix"), [(n, s) for n in sorted(FILES)
                                              for s in FILES[n][2]])
def test_each_listed_suffix_writes_its_kind_of_file(inputs, here, name, suffix):
    before, option, _, _ = FILES[name]
    target = here / f"out{suffix.upper() if suffix == '.htm' else suffix}"  # case is ignored
    result = runner.invoke(app, [*_args(before, inputs), option, str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if suffix == ".svg":
        assert b"<svg" in data
    elif suffix in (".csv", ".md", ".yaml", ".yml"):
        text = data.decode("utf-8")
        assert text and not text.startswith("PK")
        if suffix == ".csv":
            assert "," in text.splitlines()[0]
    else:
        assert data.startswith(MAGIC[suffix]), data[:20]


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_a_folder_output_named_as_a_file_is_a_usage_error(inputs, here, name):
    for given in ("results.xlsx", "results.html", "results.csv"):
        result = runner.invoke(app, [*_args(FOLDERS[name], inputs), "-o", given])
        assert result.exit_code == 2, result.output
        suffix = Path(given).suffix
        assert (f"{given} ends in {suffix}, the suffix of a file, but this command writes a "
                "folder: name it without a file suffix, e.g. results") in _said(result)
        assert list(here.iterdir()) == []


def test_a_folder_name_with_a_dot_is_still_a_folder(inputs, here):
    result = runner.invoke(app, [*_args(FOLDERS["export tables"], inputs), "-o", "tables.v2"])
    assert result.exit_code == 0, result.output
    assert (here / "tables.v2" / "tables.xlsx").is_file()


def test_code_takes_csv_and_with_dask_a_parquet_folder(inputs, here):
    t = str(inputs["t"])
    result = runner.invoke(app, ["code", t, "-o", "codings.parquet"])
    assert result.exit_code == 2
    assert ("codings.parquet names a Parquet folder, which only --engine dask writes: add "
            "--engine dask, or name a .csv file") in _said(result)
    result = runner.invoke(app, ["code", t, "--engine", "dask", "-o", "codings.csv"])
    assert result.exit_code == 2
    assert ("codings.csv ends in .csv; this command writes .parquet folders with --engine "
            "dask: name it e.g. codings.parquet") in _said(result)
    assert list(here.iterdir()) == []
    result = runner.invoke(app, ["code", "--help"])
    assert ".csv; '-' or none for stdout. With --engine dask, a .parquet folder." in \
        " ".join(result.stdout.split())


def test_every_output_is_listed_here():
    """A command that writes a file or folder has its suffixes checked by this module."""
    import typer.main

    def walk(command, prefix):
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*prefix, name])
        if not hasattr(command, "commands"):
            yield " ".join(prefix), command

    found = set()
    for name, command in walk(typer.main.get_command(app), []):
        for param in command.params:
            if "--output" in param.opts:
                found.add(name)
                # code checks in its body (the suffix depends on --engine)
                assert param.callback is not None or name == "code", name
            if "--disagreements" in param.opts:
                found.add(f"{name} --disagreements")
                assert param.callback is not None, name
    assert found == set(FILES) | set(FOLDERS)
