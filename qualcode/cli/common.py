"""What every command shares: error handling, shared options, progress and messages."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from qualcode.errors import Issue, QualcodeError
from qualcode.report.formats import TABLE_SUFFIXES

__all__ = [
    "OUTPUT_OPTIONS",
    "STATE",
    "CaseColumnOpt",
    "CasesOpt",
    "IdColumnOpt",
    "InterviewerOpt",
    "LangOpt",
    "RollUpOpt",
    "SheetOpt",
    "SkipErrorsOpt",
    "TableOutputOpt",
    "Terminated",
    "TextColumnOpt",
    "UnitOpt",
    "a_folder",
    "check_output_is_not_input",
    "check_suffix",
    "command",
    "echo_err",
    "on_termination",
    "one_of",
    "print_issues",
    "progress",
    "suffix_list",
    "suffix_of",
]

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(KeyboardInterrupt):
    """Raised by the CLI's ``SIGTERM``/``SIGHUP`` handler, so a terminated run unwinds like
    Ctrl-C: temporaries are removed and previous outputs stay as they were."""


def on_termination(signum: int, frame: object) -> None:
    """Signal handler that raises :class:`Terminated` (installed by the console script)."""
    raise Terminated(signum)


@dataclass(slots=True)
class _State:
    debug: bool = False
    quiet: bool = False


STATE = _State()


def _names(choices: str | tuple[str, ...]) -> tuple[str, ...]:
    """``choices`` itself, or the tuple ``"module:NAME"`` names (imported only when a value
    is checked, so ``--help`` stays light)."""
    if isinstance(choices, tuple):
        return choices
    import importlib

    module, _, name = choices.partition(":")
    return tuple(getattr(importlib.import_module(module), name))


def _given(value: Any) -> list[Any]:
    """The values an option was given (each one of a repeatable option)."""
    return [v for v in (value if isinstance(value, list | tuple) else [value]) if v is not None]


def one_of(choices: str | tuple[str, ...], what: str) -> Callable[[Any], Any]:
    """An option callback that refuses, as a usage error (exit 2, before any work), a value
    that is not one of ``choices`` (names, or ``"module:NAME"`` of the library's list)."""

    def check(value: Any) -> Any:
        given = _given(value)
        allowed = _names(choices) if given else ()
        bad = [v for v in given if v not in allowed]
        if bad:
            raise typer.BadParameter(f"unknown {what} {bad[0]!r}; use one of "
                                     f"{', '.join(allowed)}")
        return value

    return check


def suffix_list(suffixes: tuple[str, ...]) -> str:
    """``(".csv", ".xlsx")`` -> ``".csv or .xlsx"``, for help texts and messages."""
    return suffixes[0] if len(suffixes) == 1 else \
        f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"


def check_suffix(value: Any, suffixes: tuple[str, ...], *, stdout: bool = False,
                 what: str = "files", option: str | None = None) -> None:
    """Refuse, as a usage error (exit 2), an output whose suffix is not one of ``suffixes``
    (compared without case): the message names the path, the suffixes the command writes and a
    name that would do. ``None`` passes, and so does ``-`` with ``stdout``.

    Args:
        value: The path given (or several, for a repeatable option).
        suffixes: What the command writes, e.g. ``(".csv", ".xlsx")``.
        stdout: ``-`` (stdout) is fine too.
        what: What the command writes, after the suffixes (``files``, ``folders``).
        option: The option, for a check made in a command's body (a callback knows it).

    Raises:
        typer.BadParameter: For the first path with another suffix, or none.
    """
    for item in _given(value):
        if stdout and str(item) == "-":
            continue
        path = Path(item)
        suffix = path.suffix.lower()
        if suffix in suffixes:
            continue
        has = f"ends in {path.suffix}" if suffix else "has no suffix"
        example = path.with_suffix(suffixes[0]) if suffix else f"{item}{suffixes[0]}"
        chosen = ", chosen by the suffix" if len(suffixes) > 1 else ""
        dash = " (or - for stdout)" if stdout else ""
        raise typer.BadParameter(f"{item} {has}; this command writes {suffix_list(suffixes)} "
                                 f"{what}{chosen}{dash}: name it e.g. {example}",
                                 param_hint=option)


def suffix_of(suffixes: tuple[str, ...], *, stdout: bool = False,
              what: str = "files") -> Callable[[Any], Any]:
    """An option callback that refuses, as a usage error (exit 2, before any work), a file
    whose suffix is not one of ``suffixes`` (see :func:`check_suffix`, and
    :mod:`qualcode.report.formats` for each writer's); with ``stdout``, ``-`` is fine too."""

    def check(value: Any) -> Any:
        check_suffix(value, suffixes, stdout=stdout, what=what)
        return value

    return check


def a_folder(value: Any) -> Any:
    """An option callback for a folder output: a name with the suffix of a file qualcode
    writes (``-o results.xlsx``) is refused as a usage error (exit 2, before any work), since
    it would become a folder of that name."""
    from qualcode.report.formats import FILE_SUFFIXES

    for item in _given(value):
        path = Path(item)
        if path.suffix.lower() in FILE_SUFFIXES:
            raise typer.BadParameter(
                f"{item} ends in {path.suffix}, the suffix of a file, but this command writes "
                f"a folder: name it without a file suffix, e.g. {path.with_suffix('')}")
    return value


UnitOpt = Annotated[
    str, typer.Option("--unit", "-u", callback=one_of("qualcode.model:UNITS", "unit"),
                      help="Segment unit: turn, paragraph, sentence or document.")
]


def _check_lang(value: str) -> str:
    """``--lang``: auto, or a language code (id and en have their own sentence rules; any other
    two- or three-letter code gets the general ones, with a note)."""
    from qualcode.segment.language import LANGUAGES, language_code

    if value.strip().lower() == "auto":
        return "auto"
    code = language_code(value)
    if code is None:
        raise typer.BadParameter(f"{value!r} is not a language code; use id, en, another "
                                 "code such as ms, or auto")
    if code in LANGUAGES:
        return code
    if not STATE.quiet:
        echo_err(f"Note: --lang {code}: sentences are split by the general rules (qualcode has "
                 f"rules of its own for {', '.join(LANGUAGES)}).")
    return code


LangOpt = Annotated[
    str, typer.Option("--lang", callback=_check_lang,
                      help="Language for sentences: id, en (rules of their own), another "
                      "language code, or auto (front matter, then detection).")
]
CasesOpt = Annotated[
    Path | None, typer.Option("--cases", help="Cases table (CSV/XLSX): case id column + "
                              "attributes.")
]
TableOutputOpt = Annotated[
    str | None, typer.Option(
        "--output", "-o", callback=suffix_of(TABLE_SUFFIXES, stdout=True),
        help=f"Output file: {suffix_list(TABLE_SUFFIXES)} (a workbook), chosen by the "
        "suffix; '-' or none for CSV on stdout.")
]
"""The ``-o`` of every command that writes one table."""
TextColumnOpt = Annotated[
    str | None, typer.Option("--text-column", help="Response tables: column with the text.")
]
IdColumnOpt = Annotated[
    str | None, typer.Option("--id-column", help="Response tables: column with the row id.")
]
CaseColumnOpt = Annotated[
    str | None, typer.Option("--case-column", help="Response tables: column with each row's "
                             "case (default: a column named case).")
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="XLSX response tables: the sheet to read (default: "
                             "the first whose header names the text column).")
]
SkipErrorsOpt = Annotated[
    bool, typer.Option("--skip-errors", help="Skip unreadable files and list them at the end.")
]
RollUpOpt = Annotated[
    bool, typer.Option("--roll-up/--no-roll-up", "--rollup/--no-rollup",
                       help="A child code also counts for its parent (once per unit).")
]
"""Every command that rolls codes up spells it --roll-up (--rollup is the same option)."""
InterviewerOpt = Annotated[
    list[str] | None,
    typer.Option("--interviewer", help="Interviewer speaker label (repeatable); replaces the "
                 "defaults Pewawancara, Peneliti, Interviewer, Moderator, Q."),
]


def echo_err(message: str) -> None:
    """Print ``message`` to stderr."""
    typer.echo(message, err=True)


def print_issues(issues: tuple[Issue, ...] | list[Issue], heading: str) -> None:
    """Print warnings or skipped files to stderr under ``heading``, also with ``--quiet``
    (which silences progress and summaries, not what the user must know about the results)."""
    if not issues:
        return
    echo_err(heading)
    for issue in issues:
        echo_err(f"  - {issue}")


OUTPUT_OPTIONS = ("output", "disagreements")
"""Keyword arguments of commands that name files or folders the command writes."""


def _input_paths(kwargs: dict[str, Any]) -> Iterator[Path]:
    for name, value in kwargs.items():
        if name not in OUTPUT_OPTIONS:
            for item in value if isinstance(value, list | tuple) else (value,):
                if isinstance(item, Path) and item.exists():
                    yield item


def _output_paths(kwargs: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    """(option, path) of every output a command was given (``-`` is stdout, not a file)."""
    for name in OUTPUT_OPTIONS:
        value = kwargs.get(name)
        for item in value if isinstance(value, list | tuple) else (value,):
            if item is not None and str(item) != "-":
                yield f"--{name}", Path(item)


def _check_output(option: str, out: Path, kwargs: dict[str, Any]) -> None:
    """Refuse one output that is an input, or would replace one (see
    :func:`check_output_is_not_input`)."""
    from qualcode.project.own_files import check_not_project_file
    from qualcode.report.files import check_not_an_input

    check_not_an_input(out, _input_paths(kwargs), option=option)
    check_not_project_file(out, _command_project(kwargs), force=kwargs.get("force") is True,
                           what="output" if option == "--output" else f"{option} output")


def _command_project(kwargs: dict[str, Any]) -> list[Path]:
    """The folder of the project a command works on (``--project``, ``$QUALCODE_PROJECT`` or
    the one around the current folder), for a command that takes one."""
    from qualcode.errors import QualcodeError
    from qualcode.project.config import find_project_root

    if "project" not in kwargs:
        return []
    try:
        return [find_project_root(kwargs["project"])]
    except QualcodeError:
        return []  # the command itself says what is wrong with it


def check_output_is_not_input(kwargs: dict[str, Any]) -> None:
    """Refuse an output (``--output``, ``--disagreements``) that is one of the command's input
    files, or a folder output that holds one (it would be replaced as a whole), one of a
    project's own files (its database, settings, codebook, cases table or documents: see
    :mod:`qualcode.project.own_files`), and two outputs that name the same file (one would
    replace the other): a run never writes over what it reads, and keeps everything it
    writes.

    Raises:
        OutputError: Naming the input, or the two options.
    """
    from qualcode.errors import OutputError

    seen: dict[Path, str] = {}
    for option, out in _output_paths(kwargs):
        _check_output(option, out, kwargs)
        resolved = out.resolve()
        if resolved in seen:
            both = (f"{option} names the same file twice" if seen[resolved] == option
                    else f"{seen[resolved]} and {option} name the same file")
            raise OutputError(f"{both}: one output would replace the other", path=out,
                              hint="give each output its own file name")
        seen[resolved] = option


def command(func: F) -> F:
    """Wrap a command so a :class:`QualcodeError` prints its message and exits 1.

    Before the command runs, its output is checked not to be one of its inputs
    (:func:`check_output_is_not_input`). With ``--debug`` the exception propagates with its
    traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            check_output_is_not_input(kwargs)
            return func(*args, **kwargs)
        except QualcodeError as exc:
            if STATE.debug:
                raise
            echo_err(f"Error: {exc.render()}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt as exc:
            if STATE.debug:
                raise
            echo_err("Interrupted; previous outputs were left as they were.")
            raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


class _Progress:
    """A progress bar on stderr that appears only once work has taken over a second."""

    def __init__(self, total: int | None, description: str) -> None:
        self.total = total
        self.description = description
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self.done = 0

    def advance(self, steps: int = 1, label: str | None = None) -> None:
        self.done += steps
        if self._bar is None and not STATE.quiet and time.monotonic() - self.started > 1.0:
            from rich.console import Console
            from rich.progress import Progress

            console = Console(stderr=True)
            if console.is_terminal:
                self._bar = Progress(console=console, transient=True)
                self._bar.start()
                self._task = self._bar.add_task(self.description, total=self.total,
                                                completed=self.done)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done,
                             description=label or self.description)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextmanager
def progress(total: int | None, description: str) -> Iterator[_Progress]:
    """A context manager yielding an object with ``advance(steps, label)``."""
    bar = _Progress(total, description)
    try:
        yield bar
    finally:
        bar.close()
