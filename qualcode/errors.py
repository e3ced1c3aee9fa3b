"""One error hierarchy for the whole package.

The library raises these and never prints or exits; the CLI turns a :class:`QualcodeError` into a
message on stderr and exit code 1. Each error names *what* went wrong, *where* (file, 1-based line,
YAML path or code id) and *what to do next*. Validation collects :class:`Issue` objects and raises
once with all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AnalysisError",
    "CasesError",
    "CodebookError",
    "CodingsError",
    "ExchangeError",
    "InputError",
    "Issue",
    "OutputError",
    "ProjectError",
    "QualcodeError",
    "UnsupportedFormatError",
]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found while reading or validating user input.

    Attributes:
        code: Stable identifier of the kind of problem (e.g. ``"E103"``).
        message: What is wrong, naming the bad value.
        path: The file it was found in, if any.
        line: 1-based line number in that file, if known.
        where: Extra location (a code id, a YAML key path, a column name).
        hint: What to do about it.
        severity: ``"error"`` or ``"warning"``.
    """

    code: str
    message: str
    path: str | None = None
    line: int | None = None
    where: str | None = None
    hint: str | None = None
    severity: str = "error"

    def location(self) -> str:
        """Return ``file:line (where)`` as far as known, or an empty string."""
        parts = []
        if self.path:
            parts.append(self.path if self.line is None else f"{self.path}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.where:
            parts.append(f"({self.where})" if parts else self.where)
        return " ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        text = f"{text} [{self.code}]"
        if self.hint:
            text = f"{text}\n    hint: {self.hint}"
        return text


class QualcodeError(Exception):
    """Base class of every error qualcode raises on purpose.

    Args:
        message: One sentence saying what went wrong.
        path: The file concerned, if any.
        line: 1-based line in that file, if known.
        hint: What the user can do about it.
        issues: Individual problems, when several were collected.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
        issues: Iterable[Issue] = (),
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(self.render())

    def render(self) -> str:
        """The full, human-readable message (one paragraph, then one line per issue)."""
        head = self.message
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            head = f"{where}: {head}"
        lines = [head]
        for issue in self.issues:
            lines.append(f"  - {issue}")
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)


class InputError(QualcodeError):
    """A source file is missing, unreadable, empty, binary or malformed."""


class UnsupportedFormatError(InputError):
    """A file has a suffix qualcode cannot read."""


class CasesError(QualcodeError):
    """The cases table is malformed or does not match the documents."""


class CodebookError(QualcodeError):
    """A codebook failed validation; :attr:`issues` lists every problem found."""


class CodingsError(QualcodeError):
    """A codings table is malformed (missing columns, bad offsets, unknown documents)."""


class AnalysisError(QualcodeError):
    """An analysis was asked for something the data cannot give (unknown dimension, ...)."""


class OutputError(QualcodeError):
    """An output could not be written safely."""


class ProjectError(QualcodeError):
    """A project folder or its database is missing, locked, damaged or inconsistent."""


class ExchangeError(QualcodeError):
    """A REFI-QDA exchange file is hostile, damaged or cannot be carried over."""


@dataclass(slots=True)
class IssueCollector:
    """Collects issues during validation and raises them together.

    Attributes:
        path: Default file for issues added without one.
        issues: What has been collected so far.
    """

    path: str | None = None
    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        where: str | None = None,
        hint: str | None = None,
        severity: str = "error",
        path: str | None = None,
    ) -> None:
        """Record one issue."""
        self.issues.append(
            Issue(code, message, path or self.path, line, where, hint, severity)
        )

    @property
    def errors(self) -> Sequence[Issue]:
        """Only the issues of severity ``error``."""
        return [i for i in self.issues if i.severity == "error"]

    def raise_if_errors(self, error_type: type[QualcodeError], message: str) -> None:
        """Raise ``error_type`` carrying every issue if any error was collected."""
        errors = self.errors
        if errors:
            n = len(errors)
            warnings = len(self.issues) - n
            also = f" (and {warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
            raise error_type(
                f"{message}: {n} problem{'s' if n != 1 else ''} found{also}", issues=self.issues
            )
