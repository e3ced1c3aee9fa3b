"""The project settings file, ``qualcode.yaml``, and finding a project folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import IssueCollector, ProjectError
from qualcode.model import UNITS
from qualcode.segment.language import language_code
from qualcode.segment.turns import DEFAULT_INTERVIEWER_LABELS

if TYPE_CHECKING:
    from qualcode.io.options import ReadOptions

__all__ = [
    "CONFIG_NAME",
    "DATABASE_PATH",
    "PROJECT_ENV",
    "ProjectConfig",
    "find_project_root",
    "read_config",
    "write_config",
]

CONFIG_NAME = "qualcode.yaml"
DATABASE_PATH = Path(".qualcode") / "project.db"
PROJECT_ENV = "QUALCODE_PROJECT"

_HEADER = """\
# qualcode project settings; paths are relative to this folder.
#   sources: files and folders 'qualcode add' reads when it is given no paths
#   codebook: the codebook 'qualcode autocode' applies (override with -c)
#   cases: cases table (CSV/XLSX) joined to documents by their 'case'
#   unit: turn | paragraph | sentence | document
#   languages: language codes of the documents (one code fixes sentence splitting)
#   interviewer_labels: speaker labels of interviewer turns
#   markup: read inline {code}...{/code} markup in transcripts as manual codings
#   text_column, id_column, case_column, sheet: how CSV/XLSX response tables are read
#     (as the --text-column ... options of 'qualcode code'; written only when set)
"""

_TABLE_KEYS = ("text_column", "id_column", "case_column", "sheet")


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """The settings of one project.

    Attributes:
        root: The project folder (holding ``qualcode.yaml``).
        name: A name for the project.
        sources: Files and folders read by ``qualcode add`` without paths.
        codebook: The default codebook, or ``None``.
        cases: The cases table, or ``None``.
        unit: Segmentation unit.
        languages: Language codes of the documents.
        interviewer_labels: Speaker labels of interviewers.
        markup: Whether inline ``{code}...{/code}`` markup is read.
        text_column: Response tables (CSV/XLSX): the column with the text, or ``None``.
        id_column: Response tables: the column with each row's document id, or ``None``.
        case_column: Response tables: the column with each row's case, or ``None``.
        sheet: XLSX response tables: the sheet to read, or ``None``.
    """

    root: Path
    name: str
    sources: tuple[str, ...] = ()
    codebook: str | None = None
    cases: str | None = None
    unit: str = "turn"
    languages: tuple[str, ...] = ("id", "en")
    interviewer_labels: tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS
    markup: bool = True
    text_column: str | None = None
    id_column: str | None = None
    case_column: str | None = None
    sheet: str | None = None

    @property
    def config_path(self) -> Path:
        """``<root>/qualcode.yaml``."""
        return self.root / CONFIG_NAME

    @property
    def database_path(self) -> Path:
        """``<root>/.qualcode/project.db``."""
        return self.root / DATABASE_PATH

    @property
    def language(self) -> str:
        """The language passed to segmentation: the only one declared, else ``auto``."""
        return self.languages[0] if len(self.languages) == 1 else "auto"

    def resolve(self, path: str | Path) -> Path:
        """``path`` relative to the project folder (absolute paths stay as they are)."""
        path = Path(path)
        return path if path.is_absolute() else self.root / path

    def relative(self, path: str | Path) -> str:
        """``path`` written relative to the project folder when it lies inside it."""
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(resolved)

    def to_dict(self) -> dict[str, Any]:
        """The settings as written to ``qualcode.yaml`` (the table options only when set)."""
        settings = {
            "name": self.name,
            "sources": list(self.sources),
            "codebook": self.codebook,
            "cases": self.cases,
            "unit": self.unit,
            "languages": list(self.languages),
            "interviewer_labels": list(self.interviewer_labels),
            "markup": self.markup,
        }
        for key in _TABLE_KEYS:
            if getattr(self, key) is not None:
                settings[key] = getattr(self, key)
        return settings

    def read_options(self) -> ReadOptions:
        """How the project's sources are read: its table options, named in hints as
        ``qualcode.yaml`` keys."""
        from qualcode.io.options import ReadOptions

        return ReadOptions(text_column=self.text_column, id_column=self.id_column,
                           case_column=self.case_column, sheet=self.sheet, settings=CONFIG_NAME)


def _string_list(value: Any, key: str, issues: IssueCollector, line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        issues.add("P102", f"{key!r} must be a list of names", line=line, where=key,
                   hint=f"write {key}: [a, b]")
        return ()
    return tuple(str(v) for v in value)


def _language_codes(values: tuple[str, ...], issues: IssueCollector, line: int
                    ) -> tuple[str, ...]:
    """The language codes written, normalised (``ID`` -> ``id``, ``en-US`` -> ``en``); an
    entry that is not a language code is P105."""
    codes = []
    for value in values:
        code = language_code(value)
        if code is None:
            issues.add("P105", f"{value!r} is not a language code", line=line,
                       where="languages",
                       hint="write two- or three-letter codes, for example languages: [id, en]")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def read_config(root: str | Path) -> ProjectConfig:
    """Read and validate ``<root>/qualcode.yaml``.

    Raises:
        ProjectError: If the file is missing, is not YAML, or holds unknown keys or bad values
            (all problems are listed at once).
    """
    import yaml

    from qualcode.io.yamlsafe import explain_syntax_error, load_plain

    root = Path(root)
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ProjectError(f"{root} is not a qualcode project (no {CONFIG_NAME})", path=root,
                           hint="create one with 'qualcode init DIR'") from exc
    try:
        data = load_plain(text) or {}
    except yaml.MarkedYAMLError as exc:
        syntax = explain_syntax_error(exc, text)
        raise ProjectError(f"the project settings are not valid YAML: {syntax.message}",
                           path=path, line=syntax.line,
                           hint=getattr(exc, "hint", None) or syntax.hint
                           or "fix the file, or compare it with a new 'qualcode init'") from exc
    except yaml.YAMLError as exc:
        raise ProjectError("the project settings are not valid YAML", path=path,
                           hint="fix the file, or compare it with a new 'qualcode init'") from exc
    if not isinstance(data, dict):
        raise ProjectError("the project settings must be 'key: value' lines", path=path, line=1)
    lines = text.split("\n")

    def line_of(key: str) -> int:
        return next((i + 1 for i, row in enumerate(lines) if row.startswith(f"{key}:")), 1)

    issues = IssueCollector(path=str(path))
    known = set(ProjectConfig.__dataclass_fields__) - {"root"}
    for key in data:
        if key not in known:
            issues.add("P101", f"unknown setting {key!r}", line=line_of(str(key)),
                       hint=f"known settings: {', '.join(sorted(known))}")
    config = ProjectConfig(root=root, name=str(data.get("name") or root.resolve().name))
    values: dict[str, Any] = {}
    for key in ("sources", "languages", "interviewer_labels"):
        if key in data:
            values[key] = _string_list(data[key], key, issues, line_of(key))
    if "languages" in values:
        values["languages"] = _language_codes(values["languages"], issues,
                                              line_of("languages"))
    for key in ("codebook", "cases"):
        if data.get(key) is not None:
            values[key] = str(data[key])
    for key in _TABLE_KEYS:
        value = data.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            values[key] = str(value)
        elif value is not None:
            issues.add("P106", f"{key!r} must be a column name" if key != "sheet" else
                       "'sheet' must be a sheet name", line=line_of(key), where=key,
                       hint=f"write {key}: followed by the name, or remove the line")
    unit = str(data.get("unit") or "turn")
    if unit not in UNITS:
        issues.add("P103", f"unknown unit {unit!r}", line=line_of("unit"), where="unit",
                   hint=f"use one of: {', '.join(UNITS)}")
    values["unit"] = unit
    markup = data.get("markup", True)
    if not isinstance(markup, bool):
        issues.add("P104", "'markup' must be true or false", line=line_of("markup"))
        markup = True
    values["markup"] = markup
    issues.raise_if_errors(ProjectError, "the project settings are invalid")
    return replace(config, **values)


def write_config(config: ProjectConfig) -> Path:
    """Write ``config`` to its ``qualcode.yaml`` atomically and return the path."""
    import yaml

    from qualcode.report.files import write_text

    body = yaml.safe_dump(config.to_dict(), allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=100)
    return write_text(config.config_path, _HEADER + body)


def find_project_root(project: str | Path | None = None,
                      start: str | Path | None = None) -> Path:
    """The project folder: ``project`` (or ``$QUALCODE_PROJECT``) if given, else the nearest
    folder at or above ``start`` (the current folder) holding ``qualcode.yaml``.

    Raises:
        ProjectError: If the given folder is not a project, or none is found.
    """
    given = project if project is not None else os.environ.get(PROJECT_ENV) or None
    if given is not None:
        root = Path(given)
        if not (root / CONFIG_NAME).is_file():
            raise ProjectError(f"{root} is not a qualcode project (no {CONFIG_NAME})",
                               path=root, hint="create one with 'qualcode init DIR'")
        return root
    here = Path(start) if start is not None else Path.cwd()
    for folder in (here, *here.resolve().parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectError(
        f"no qualcode project here (no {CONFIG_NAME} in {here.resolve()} or above)",
        hint="run the command inside a project folder, pass --project DIR, or create one "
        "with 'qualcode init DIR'",
    )


def sources_of(config: ProjectConfig, paths: Sequence[str | Path] = ()) -> list[Path]:
    """The paths to read: ``paths`` when given, else the configured sources.

    Raises:
        ProjectError: If neither is given.
    """
    if paths:
        return [Path(p) for p in paths]
    if not config.sources:
        raise ProjectError("no paths given and the project lists no sources",
                           path=config.config_path,
                           hint="pass files or folders, or add them under 'sources:'")
    for source in config.sources:
        if not config.resolve(source).exists():
            raise ProjectError(
                f"the source {source!r} is not there ({config.resolve(source)})",
                path=config.config_path, line=_line_of(config.config_path, source),
                hint=f"sources are read relative to the project folder {config.root}; correct "
                "the entry under 'sources:', or create or restore that file or folder")
    return [config.resolve(s) for s in config.sources]


def _line_of(path: Path, value: str) -> int | None:
    """The 1-based line of ``path`` that names ``value`` after ``sources:`` (for messages)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    after = next((n for n, line in enumerate(lines) if line.startswith("sources:")), 0)
    for n in range(after, len(lines)):
        if value in lines[n]:
            return n + 1
    return None
