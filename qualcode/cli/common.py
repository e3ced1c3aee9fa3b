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

__all__ = [
    "STATE",
    "CasesOpt",
    "IdColumnOpt",
    "InterviewerOpt",
    "LangOpt",
    "OutputOpt",
    "SkipErrorsOpt",
    "Terminated",
    "TextColumnOpt",
    "UnitOpt",
    "command",
    "echo_err",
    "on_termination",
    "print_issues",
    "progress",
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

UnitOpt = Annotated[
    str, typer.Option("--unit", "-u", help="Segment unit: turn, paragraph, sentence or document.")
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Language for sentences: id, en or auto (front matter, then "
                      "detection).")
]
CasesOpt = Annotated[
    Path | None, typer.Option("--cases", help="Cases table (CSV/XLSX): case id column + "
                              "attributes.")
]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Output file; '-' or none for stdout.")
]
TextColumnOpt = Annotated[
    str | None, typer.Option("--text-column", help="Response tables: column with the text.")
]
IdColumnOpt = Annotated[
    str | None, typer.Option("--id-column", help="Response tables: column with the row id.")
]
SkipErrorsOpt = Annotated[
    bool, typer.Option("--skip-errors", help="Skip unreadable files and list them at the end.")
]
InterviewerOpt = Annotated[
    list[str] | None,
    typer.Option("--interviewer", help="Interviewer speaker label (repeatable); replaces the "
                 "defaults Pewawancara, Peneliti, Interviewer, Moderator, Q."),
]


def echo_err(message: str) -> None:
    """Print ``message`` to stderr."""
    typer.echo(message, err=True)


def print_issues(issues: tuple[Issue, ...] | list[Issue], heading: str) -> None:
    """Print warnings or skipped files to stderr under ``heading``."""
    if not issues or STATE.quiet:
        return
    echo_err(heading)
    for issue in issues:
        echo_err(f"  - {issue}")


def command(func: F) -> F:
    """Wrap a command so a :class:`QualcodeError` prints its message and exits 1.

    With ``--debug`` the exception propagates with its traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
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
