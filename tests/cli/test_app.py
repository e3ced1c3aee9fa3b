from typer.testing import CliRunner

from qualcode import __version__
from qualcode.cli.app import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"qualcode {__version__}"


def test_every_command_has_help_with_an_example():
    import typer.main

    group = typer.main.get_command(app)

    def walk(cmd, prefix):
        subcommands = getattr(cmd, "commands", None)
        if subcommands is not None:
            for name, sub in subcommands.items():
                yield from walk(sub, [*prefix, name])
        else:
            yield prefix, cmd

    commands = list(walk(group, []))
    assert commands
    for path, cmd in commands:
        assert cmd.help and "Example:" in cmd.help, f"{' '.join(path)} lacks an Example:"


def test_help_groups_every_command_in_the_order_a_study_meets_them():
    import typer.main

    from qualcode.cli.app import COMMAND_SECTIONS

    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    out = result.stdout
    titles = [title for title, _ in COMMAND_SECTIONS]
    positions = [out.index(f"{title}:") for title in titles]
    assert positions == sorted(positions)
    assert "Other commands" not in out and "\nCommands:" not in out
    registered = set(typer.main.get_command(app).commands)
    grouped = [name for _, names in COMMAND_SECTIONS for name in names]
    assert sorted(grouped) == sorted(registered)  # each command once, none left over
    lines = out.splitlines()
    for title, names in COMMAND_SECTIONS:
        start = lines.index(f"{title}:")
        listed = [line.split()[0] for line in lines[start + 1:start + 1 + len(names)]]
        assert listed == list(names), title
    assert out.index("  analyze ") < out.index("  segments ")


def test_usage_error_exits_2():
    result = runner.invoke(app, ["segments", "--unit"])
    assert result.exit_code == 2


def test_an_output_is_never_one_of_the_inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "r.csv"
    answers.write_text("rid,answer\nr1,Saya dampingi anaknya\n", encoding="utf-8")
    original = answers.read_bytes()
    for args in (["code", "r.csv", "-o", "r.csv"], ["code", "r.csv", "-o", "./r.csv"],
                 ["segments", str(answers), "-o", "r.csv"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert "the output is also an input of this command" in result.stderr
        assert "Traceback" not in result.stderr
    assert answers.read_bytes() == original
    assert runner.invoke(app, ["code", "r.csv", "-o", "codings.csv"]).exit_code == 0
    codings = (tmp_path / "codings.csv").read_bytes()
    result = runner.invoke(app, ["matrix", "codings.csv", "-o", "codings.csv"])
    assert result.exit_code == 1 and (tmp_path / "codings.csv").read_bytes() == codings
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "r.csv").write_bytes(original)
    result = runner.invoke(app, ["analyze", "inputs/r.csv", "-o", "inputs"])
    assert result.exit_code == 1 and "is a folder that holds an input" in result.stderr
    assert (folder / "r.csv").read_bytes() == original


def test_language_options_are_checked(tmp_path):
    from qualcode.resources import default_codebook_path

    transcript = tmp_path / "a.md"
    transcript.write_text("Pewawancara: Apa?\n\nRina: Saya dampingi.\n", encoding="utf-8")
    result = runner.invoke(app, ["segments", str(transcript), "--lang", "xx9"])
    assert result.exit_code == 2 and "is not a language code" in result.output
    result = runner.invoke(app, ["segments", str(transcript), "--lang", "ms-MY"])
    assert result.exit_code == 0 and "--lang ms: sentences are split by the general" in \
        result.stderr
    assert runner.invoke(app, ["segments", str(transcript), "--lang", "EN"]).exit_code == 0
    book = str(default_codebook_path())
    result = runner.invoke(app, ["codebook", "show", book, "--lang", "fr"])
    assert result.exit_code == 2 and "no texts in 'fr'" in result.output
    result = runner.invoke(app, ["export", "qdc", book, "-o", str(tmp_path / "b.qdc"),
                                 "--label-language", "fr"])
    assert result.exit_code == 2 and "no labels in 'fr'" in result.output
    assert not (tmp_path / "b.qdc").exists()


def test_unit_and_coder_options_are_checked_before_any_work(tmp_path):
    transcript = tmp_path / "a.md"
    transcript.write_text("Rina: {enabler}saya{/enabler}\n", encoding="utf-8")
    for args in (["markup", str(transcript), "-u", "bogus"],
                 ["segments", str(transcript), "-u", "turns"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "unknown unit" in result.output, args


def test_a_bad_option_value_is_a_usage_error_before_any_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code,coder\nd1,0,a,ana\nd1,0,a,budi\n",
                       encoding="utf-8")
    transcript = tmp_path / "a.md"
    transcript.write_text("Rina: saya\n", encoding="utf-8")
    c, t = str(codings), str(transcript)
    cases = {
        ("analyze", t, "-u", "turns"): "unknown unit 'turns'; use one of turn, paragraph",
        # one check of --unit (segments had its own, whose message lacked 'one of')
        ("segments", t, "-u", "sentences"): "unknown unit 'sentences'; use one of turn, "
        "paragraph, sentence, document",
        ("code", t, "-u", "turns"): "unknown unit 'turns'",
        ("codebook", "show", t, "--hits", t, "-u", "turns"): "unknown unit 'turns'",
        ("matrix", c, "-o", "out.txt"): "out.txt ends in .txt; this command writes .csv or "
        ".xlsx files, chosen by the suffix (or - for stdout): name it e.g. out.csv",
        ("export", "theme-table", c, "-o", "tt.pdf"): "tt.pdf ends in .pdf; this command "
        "writes .docx or .md files",
        ("chart", c, "-o", "c.txt"): "c.txt ends in .txt",
        ("agree", c, "-o", "a.txt"): "a.txt ends in .txt",
        ("agree", c, "--disagreements", "d.csv"): "writes .xlsx, .html or .htm files",
        ("agree", c, "--format", "long"): "unknown format 'long'; use one of codings, wide",
        ("agree", c, "--unit", "word"): "unknown unit 'word'; use one of segment, character",
        ("agree", c, "--absent", "none"): "unknown absent 'none'",
        ("agree", c, "--coverage", "some"): "unknown coverage 'some'",
        ("evaluate", "--gold", c, "--pred", c, "-o", "e.txt"): "e.txt ends in .txt",
        ("evaluate", "--gold", c, "--pred", c, "--disagreements", "e.txt"): "e.txt ends in",
        ("adjudicate", "r.xlsx", "-o", "a.txt"): "a.txt ends in .txt",
        ("matrix", c, "-k", "cooccurrence", "-m", "pmi"): "unknown measure 'pmi' for "
        "cooccurrence; use one of count, jaccard, c",
        ("matrix", c, "--status", "accept"): "unknown status 'accept'",
        ("export", "tables", c, "-o", "t", "--source", "human"): "unknown source 'human'",
        ("codings", "--status", "done"): "unknown status 'done'",
        ("review", "export", "-o", "r.csv"): "r.csv ends in .csv; this command writes .xlsx "
        "files: name it e.g. r.xlsx",
        ("review", "export", "-o", "r.xlsx", "--source", "bogus"): "unknown source 'bogus'",
        ("import", "codings", c, "--source", "auto"): "unknown source 'auto'; use one of "
        "manual, imported",
        ("memo", "list", "--kind", "foo"): "unknown memo kind 'foo'",
    }
    for args, message in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.stderr.split()), (args, result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "codings.csv"]


def test_adjudication_needs_a_coder_name():
    import pandas as pd
    import pytest

    from qualcode.analysis.adjudication import adjudicate
    from qualcode.errors import CodingsError

    empty = pd.DataFrame(columns=["document", "decision", "agreed"])
    with pytest.raises(CodingsError, match="coder's name is empty"):
        adjudicate(empty, pd.DataFrame(columns=["document", "codes"]),
                   pd.DataFrame(columns=["code"]), coder=" ")


def test_an_output_naming_a_source_in_the_input_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "t"
    folder.mkdir()
    transcript = folder / "a.md"
    transcript.write_text("Pewawancara: Apa?\n\nRina: Saya dampingi.\n", encoding="utf-8")
    answers = folder / "r.csv"  # a response table: a source, though its suffix is an output's
    answers.write_text("rid,answer\nr1,Saya dampingi anaknya\n", encoding="utf-8")
    original = transcript.read_bytes(), answers.read_bytes()
    for command in ("code", "segments"):
        result = runner.invoke(app, [command, "t", "-o", "t/r.csv"])
        assert result.exit_code == 1 and "is a source file in the input folder" in result.stderr
    assert (transcript.read_bytes(), answers.read_bytes()) == original
    answers.unlink()
    # an earlier codings table saved beside the transcripts may be written over
    assert runner.invoke(app, ["code", "t", "-o", "t/codings.csv"]).exit_code == 0
    assert runner.invoke(app, ["code", "t", "-o", "t/codings.csv"]).exit_code == 0


ROLLING_COMMANDS = (["analyze"], ["matrix"], ["chart"], ["export", "tables"],
                    ["export", "theme-table"], ["export", "report"], ["export", "results"],
                    ["agree"], ["evaluate"])


def test_every_command_that_rolls_up_takes_both_spellings():
    import typer.main

    group = typer.main.get_command(app)
    for path in ROLLING_COMMANDS:
        cmd = group
        for name in path:
            cmd = cmd.commands[name]
        (option,) = [p for p in cmd.params if p.name == "roll_up"]
        assert option.opts == ["--roll-up", "--rollup"], path
        assert option.secondary_opts == ["--no-roll-up", "--no-rollup"], path


def test_rollup_and_roll_up_give_the_same_results(tmp_path):
    codings = tmp_path / "codings.csv"
    codings.write_text("document,segment,code,code_path,coder\n"
                       "d1,0,caseload,obstacle/caseload,ana\nd1,0,caseload,obstacle/caseload,"
                       "budi\nd1,1,staffing,obstacle/staffing,ana\n", encoding="utf-8")
    for command in (["matrix", str(codings)],
                    ["agree", str(codings), "--bootstrap", "0", "-o", "-"]):
        flat = runner.invoke(app, [*command, "--no-roll-up"])
        assert flat.exit_code == 0, flat.output
        # the parent counts nothing: in the matrix a code of the table's code_path with a
        # row of zeros, in agree no row
        parent = [line for line in flat.stdout.splitlines() if line.startswith("obstacle")]
        assert parent == (["obstacle,0"] if command[0] == "matrix" else [])
        assert runner.invoke(app, [*command, "--no-rollup"]).stdout == flat.stdout
        rolled = runner.invoke(app, [*command, "--rollup"]).stdout
        assert "obstacle" in rolled
        assert runner.invoke(app, [*command, "--roll-up"]).stdout == rolled


def test_a_root_option_after_the_command_says_where_it_goes():
    for args, fix in ((["analyze", "--debug"], "qualcode --debug analyze ..."),
                      (["export", "results", "--debug"], "qualcode --debug export results ..."),
                      (["matrix", "x.csv", "-q"], "qualcode -q matrix ...")):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        message = " ".join(result.stderr.split())
        assert f"No such option: {args[-1]}. It is an option of qualcode itself and goes " \
            f"before the command: {fix}" in message, message
    other = runner.invoke(app, ["matrix", "--bogus"])
    assert other.exit_code == 2 and "No such option: --bogus" in other.stderr
    assert "before the command" not in other.stderr


def test_the_selection_options_are_defined_once():
    # the codings command had its own copy of --status, --source and --coder
    from typing import get_args

    from qualcode.cli import common, project
    from qualcode.cli.codings_input import selection_options

    for mine, once in zip((project.StatusOpt, project.SourceOpt, project.CoderOpt),
                          selection_options(), strict=True):
        assert get_args(mine)[1].help == get_args(once)[1].help
        assert get_args(once)[1].help.endswith("(repeatable).")
    assert not hasattr(common, "_check_unit")  # --unit: one_of("qualcode.model:UNITS")
