"""The ``qualcode`` command: a thin typer layer over the public API."""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from qualcode._version import __version__
from qualcode.cli.common import STATE

__all__ = ["COMMAND_MODULES", "COMMAND_SECTIONS", "ROOT_OPTIONS", "app", "main"]

ROOT_OPTIONS = ("--debug", "--quiet", "-q", "--version")
"""Options of ``qualcode`` itself, written before the command."""

COMMAND_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Code and analyse transcripts",
     ("analyze", "code", "segments", "matrix", "chart", "export", "codebook")),
    ("Projects: coding by hand and reviewing",
     ("init", "add", "remove", "autocode", "review", "codings", "markup", "memo", "project")),
    ("Agreement between coders", ("agree", "evaluate", "adjudicate")),
    ("Exchange with other programs", ("import",)),
)
"""How ``qualcode --help`` groups the commands, in the order a study meets them; a command
missing here is listed under "Other commands"."""


# click's UsageError, whose NoSuchOption says "No such option"; taken from typer's public
# BadParameter because recent typer versions carry their own copy of click
_UsageError: type[Exception] = typer.BadParameter.__base__


class _Qualcode(TyperGroup):
    """The ``qualcode`` group: a root option written after the command (``qualcode analyze
    --debug``) is refused, as click refuses any unknown option, but with the place it goes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as exc:
            if (type(exc).__name__ != "NoSuchOption"
                    or getattr(exc, "option_name", None) not in ROOT_OPTIONS
                    or getattr(exc, "ctx", None) is None):
                raise
            where = exc.ctx.command_path.split(" ", 1)
            command = where[1] if len(where) > 1 else "COMMAND"
            exc.message = (f"No such option: {exc.option_name}. It is an option of "
                           f"{where[0]} itself and goes before the command: "
                           f"{where[0]} {exc.option_name} {command} ...")
            exc.possibilities = None
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands in the sections of :data:`COMMAND_SECTIONS` rather than one list in
        the order the modules register them."""
        shown = {name: cmd for name in self.list_commands(ctx)
                 if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden}
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name in shown)
        sections = [(title, [n for n in names if n in shown])
                    for title, names in COMMAND_SECTIONS]
        listed = {n for _, names in sections for n in names}
        sections.append(("Other commands", [n for n in shown if n not in listed]))
        for title, names in sections:
            if names:
                with formatter.section(title):
                    formatter.write_dl([(n, shown[n].get_short_help_str(limit)) for n in names])


app = typer.Typer(
    cls=_Qualcode,
    name="qualcode",
    help="Qualitative research analysis: load transcripts, code them with a YAML codebook, and "
    "produce matrices, theme tables, agreement statistics and REFI-QDA files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Each module defines ``register(app)``; adding a command group is one line here.
COMMAND_MODULES = (
    "qualcode.cli.segments",
    "qualcode.cli.codebook",
    "qualcode.cli.code",
    "qualcode.cli.agree",
    "qualcode.cli.project",
    "qualcode.cli.review",
    "qualcode.cli.exchange",
    "qualcode.cli.analyze",
    "qualcode.cli.matrix",
    "qualcode.cli.chart",
    "qualcode.cli.export",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qualcode {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks on errors.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")
    ] = False,
) -> None:
    STATE.debug = debug
    STATE.quiet = quiet


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Entry point of the console script.

    ``SIGTERM`` (and ``SIGHUP``, a closed terminal) unwind like Ctrl-C, so an output being
    written is abandoned cleanly and the previous one kept.
    """
    import signal

    from qualcode.cli.common import on_termination

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_termination)
    app()
