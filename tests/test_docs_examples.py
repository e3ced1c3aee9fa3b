"""The command examples of docs/*.md and of every command's ``--help`` are commands qualcode
takes, and those meant to run from the repository root name files that are there.

Each ``qualcode ...`` line of a shell code block (and each ``Example:`` of a help text) is parsed
by the command it names, with its real options and checks: an unknown command or option, or a
value the option refuses, fails here. On the pages that run from the repository root after
``qualcode analyze -o results``, and for the help examples of the commands that do, every input
file named must be in the repository, under ``results/``, or written by an earlier command of
the same block; and a saved codings table is read with its codebook (``-c``), as ``analyze``
reads it, or the rows would follow the order codes first appear in instead of the codebook's.
"""

from __future__ import annotations

import inspect
import re
import shlex
from pathlib import Path

import pytest
import typer
import typer.main

from qualcode.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
# run from the repository root: every file they read is there (projects.md works inside a
# project folder it creates, so only its commands are parsed)
FROM_ROOT = ("analysis.md", "codebook.md", "reliability.md", "scale.md")
RUNNABLE_HELP = ("analyze", "chart", "code", "codebook", "export", "markup", "matrix",
                 "segments")
OUTPUTS = ("output", "disagreements", "cache")  # the parameters that name files written
# read a saved codings table as analyze does
WITH_CODEBOOK = (("chart",), ("matrix",), ("export", "tables"), ("export", "theme-table"),
                 ("export", "report"), ("export", "results"))
GROUP = typer.main.get_command(app)


def _shell_lines(text: str) -> list[list[str]]:
    """The commands of the shell code blocks of a Markdown page, one list per block, with
    continued lines joined and comments dropped (``a && b`` is two commands)."""
    blocks = re.findall(r"^```(?:bash|sh|console)?\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    found = []
    for block in blocks:
        commands = []
        for line in block.replace("\\\n", " ").splitlines():
            try:
                tokens = shlex.split(line, comments=True)
            except ValueError:  # not shell (a YAML or text block)
                continue
            command: list[str] = []
            for token in [*tokens, "&&"]:
                if token in ("&&", ";", "||"):
                    if command:
                        commands.append(command)
                    command = []
                else:
                    command.append(token)
        found.append(commands)
    return found


def _help_examples() -> dict[str, list[str]]:
    """Command path -> its help's ``Example:`` as tokens."""

    def walk(cmd, prefix: list[str]):
        subcommands = getattr(cmd, "commands", None)
        if subcommands is None:
            yield prefix, cmd
            return
        for name, sub in subcommands.items():
            yield from walk(sub, [*prefix, name])

    examples = {}
    for path, cmd in walk(GROUP, []):
        text = inspect.cleandoc(cmd.help or "").split("Example:", 1)[-1]
        examples[" ".join(path)] = shlex.split(text.split("\n\n", 1)[0])
    return examples


def _context(tokens: list[str]) -> tuple[list[str], typer.Context]:
    """The command path and the parsed parameters of ``qualcode ...`` tokens.

    Raises:
        typer.TyperException: If the command, an option or a value is refused.
    """
    assert tokens[0] == "qualcode", tokens
    cmd = GROUP
    path: list[str] = []
    args = tokens[1:]
    while getattr(cmd, "commands", None) is not None:  # a group: the next word is a command
        name = args.pop(0) if args else ""
        sub = cmd.commands.get(name)
        assert sub is not None, f"{' '.join(tokens)}: no command {name!r} in {cmd.name}"
        cmd, path = sub, [*path, name]
    return path, cmd.make_context(" ".join(["qualcode", *path]), args)


def _values(value: object) -> list[object]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [v for v in values if v is not None]


def _paths(value: object) -> list[Path]:
    return [v for v in _values(value) if isinstance(v, Path)]


def _check_files(tokens: list[str], produced: set[Path]) -> list[str]:
    """What is wrong with the files one command names; adds the files it writes to
    ``produced``."""
    problems = []
    if tokens[0] != "qualcode":
        if ">" in tokens[:-1]:  # printf ... > FILE
            produced.add(Path(tokens[tokens.index(">") + 1]))
        return problems
    path, ctx = _context(tokens)
    shown = " ".join(tokens)
    for name, value in ctx.params.items():
        source = ctx.get_parameter_source(name)
        given = source is not None and source.name == "COMMANDLINE"
        if name in OUTPUTS:
            produced.update(Path(str(v)) for v in _values(value))
            continue
        for file in _paths(value) if given else []:
            made = any(file == p or p in file.parents for p in produced)
            if not made and not file.is_absolute() and not (ROOT / file).exists():
                problems.append(f"{shown}: no file {file} in the repository")
    if tuple(path) in WITH_CODEBOOK and ctx.params.get("codings") is not None and \
            ctx.params.get("codebook") is None:
        problems.append(f"{shown}: reads a codings table without its codebook (-c)")
    return problems


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_every_documented_command_parses(page):
    for block in _shell_lines(page.read_text(encoding="utf-8")):
        for tokens in block:
            if tokens[0] != "qualcode" or any(t.startswith("[") for t in tokens):
                continue  # another program, or a synopsis with [optional] parts
            try:
                _context(tokens)
            except typer.TyperException as exc:
                pytest.fail(f"{page.name}: {' '.join(tokens)}: {exc}")


@pytest.mark.parametrize("page", FROM_ROOT)
def test_the_files_a_page_names_are_there(page):
    problems = []
    for block in _shell_lines((ROOT / "docs" / page).read_text(encoding="utf-8")):
        produced = {Path("results")}  # qualcode analyze -o results
        for tokens in block:
            problems += _check_files(tokens, produced)
    assert not problems, "\n".join(problems)


def test_every_help_example_parses_and_names_files_that_are_there():
    problems = []
    for name, tokens in _help_examples().items():
        try:
            if name.split()[0] in RUNNABLE_HELP:
                problems += _check_files(tokens, {Path("results")})
            else:
                _context(tokens)
        except typer.TyperException as exc:
            problems.append(f"{name}: {' '.join(tokens)}: {exc}")
    assert not problems, "\n".join(problems)
