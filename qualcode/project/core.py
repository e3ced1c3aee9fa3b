"""Opening and creating projects, and reading their corpus and codings.

A project is a folder with ``qualcode.yaml`` (settings) and ``.qualcode/project.db`` (state).
:class:`Project` bundles the two with the person making changes.
"""

from __future__ import annotations

import bisect
import contextlib
import getpass
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.analysis.selection import SOURCES, check_selection
from qualcode.arguments import as_names, as_paths
from qualcode.cells import STATUSES
from qualcode.errors import ProjectError
from qualcode.model import (
    UNITS,
    Codebook,
    Coding,
    Corpus,
    Document,
    Segment,
    Turn,
    frozen_mapping,
)
from qualcode.project.config import (
    CONFIG_NAME,
    ProjectConfig,
    find_project_root,
    read_config,
    write_config,
)
from qualcode.project.dbfile import database_error
from qualcode.project.rows import CodingRow
from qualcode.project.store import Store
from qualcode.segment.language import language_code
from qualcode.segment.turns import DEFAULT_INTERVIEWER_LABELS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COUNTED",
    "SOURCES",
    "STATUSES",
    "USER_ENV",
    "Project",
    "init_project",
    "open_project",
    "project_codings",
    "project_codings_table",
    "project_tables",
    "require_project",
    "resolve_user",
    "segment_index",
    "text_hash",
]

USER_ENV = "QUALCODE_USER"
COUNTED = "accepted, and manual codings that were not rejected"
"""Which codings analyses count unless told otherwise."""


def text_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` encoded as UTF-8; ``text`` is already normalised."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_user(user: str | None = None) -> str:
    """Who is making changes: ``user``, else ``$QUALCODE_USER``, else the OS user name."""
    if user and user.strip():
        return user.strip()
    env = os.environ.get(USER_ENV, "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@dataclass(slots=True)
class Project:
    """An open project: its settings, its database and who is working on it.

    Use it as a context manager, or call :meth:`close`.
    """

    config: ProjectConfig
    store: Store
    user: str
    _codebooks: dict[str, Codebook] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The project folder."""
        return self.config.root

    def close(self) -> None:
        """Close the database connection."""
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError):  # a damaged file, or locked past the timeout
            raise database_error(exc, self.store.path) from exc

    def codebook(self, codebook: str | Path | Codebook | None = None) -> Codebook | None:
        """The codebook given, else the configured one; ``None`` when there is none.

        Raises:
            CodebookError: If the codebook file is invalid.
        """
        if isinstance(codebook, Codebook):
            return codebook
        path = Path(codebook) if codebook is not None else (
            self.config.resolve(self.config.codebook) if self.config.codebook else None)
        if path is None:
            return None
        key = str(path)
        if key not in self._codebooks:
            from qualcode.io.codebook import load_codebook

            self._codebooks[key] = load_codebook(path)
        return self._codebooks[key]

    def require_codebook(self, codebook: str | Path | Codebook | None = None) -> Codebook:
        """Like :meth:`codebook`, but a codebook is needed.

        Raises:
            ProjectError: If none is given or configured.
        """
        found = self.codebook(codebook)
        if found is None:
            raise ProjectError("this needs a codebook and the project has none",
                               path=self.config.config_path,
                               hint="pass -c CODEBOOK, or set 'codebook:' in qualcode.yaml")
        return found

    def known_codes(self) -> frozenset[str] | None:
        """Ids of the configured codebook's codes, or ``None`` without a codebook."""
        codebook = self.codebook()
        return None if codebook is None else frozenset(c.id for c in codebook.codes)

    def stored_documents(self) -> list[Document]:
        """The stored documents (texts, attributes, reader turns), in the order added."""
        documents = []
        for row in self.store.documents():
            turns = None if row.turns is None else tuple(Turn(*t) for t in row.turns)
            documents.append(Document(row.id, row.text, row.path, row.format,
                                      frozen_mapping(row.attributes), turns, row.body_offset))
        return documents

    def corpus(self) -> Corpus:
        """The stored documents and segments as a corpus, joined to the cases table.

        Raises:
            CasesError: If the configured cases table is malformed.
        """
        from qualcode.io.cases import assign_cases, read_cases

        documents = self.stored_documents()
        texts = {d.id: d.text for d in documents}
        segments: dict[str, list[Segment]] = {d.id: [] for d in documents}
        for s in self.store.segments():
            segments[s.document].append(Segment(
                s.document, s.idx, s.start, s.end, texts[s.document][s.start:s.end], s.speaker,
                s.interviewer, s.unit, frozen_mapping(s.attributes)))
        cases = read_cases(self.config.resolve(self.config.cases)) if self.config.cases else ()
        docs, all_cases, warnings = assign_cases(tuple(documents), tuple(cases))
        frozen = frozen_mapping({k: tuple(v) for k, v in segments.items()})
        return Corpus(docs, frozen, all_cases, self.config.unit, (), warnings,
                      interviewer_labels=tuple(self.config.interviewer_labels))


def require_project(project: object, function: str) -> Project:
    """``project`` itself when it is an open :class:`Project`.

    Functions that read or change a project take the open project, not its folder: opening
    it names who makes the changes (the audit log's user) and keeps one connection and one
    loaded codebook for a series of calls.

    Args:
        project: What the caller passed.
        function: The public function, for the message.

    Raises:
        ProjectError: If ``project`` is a folder path or anything else but a project, or the
            project was closed.
    """
    if isinstance(project, Project):
        project.store.check_open()
        return project
    if isinstance(project, str | os.PathLike):
        folder = str(project)
        raise ProjectError(f"{function} takes an open Project, not the folder {folder!r}",
                           hint=f"open it first: with qualcode.open_project({folder!r}) as "
                           f"project: qualcode.{function}(project, ...)")
    raise ProjectError(f"{function} takes an open Project, not {type(project).__name__}",
                       hint="open one with qualcode.open_project(folder)")


def open_project(project: str | Path | None = None, *, user: str | None = None) -> Project:
    """Open the project in ``project`` (or the one around the current folder).

    Args:
        project: The project folder; ``None`` looks in ``$QUALCODE_PROJECT``, then the current
            folder and its parents.
        user: Who makes the changes (see :func:`resolve_user`).

    Raises:
        ProjectError: If there is no project, its settings are invalid or its database cannot
            be used.
    """
    config = read_config(find_project_root(project))
    store = Store.open(config.database_path, user=resolve_user(user))
    return Project(config, store, store.user)


def init_project(
    directory: str | Path,
    *,
    name: str | None = None,
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (),
    codebook: str | os.PathLike[str] | None = None,
    cases: str | os.PathLike[str] | None = None,
    unit: str = "turn",
    languages: str | Iterable[str] = ("id", "en"),
    interviewer_labels: str | Iterable[str] | None = None,
    markup: bool = True,
    user: str | None = None,
) -> Project:
    """Create a project folder with ``qualcode.yaml`` and an empty database.

    Paths are written to ``qualcode.yaml`` as given, as text relative to the project folder.
    If creating the project fails, what was made is removed again: the folder if it was
    created, else the settings and database files (a folder that existed is kept).

    Args:
        directory: The folder (created if missing; it must not hold a project yet).
        name: Project name (default: the folder's name).
        sources: Files and folders that ``add`` reads by default (relative to ``directory``):
            one or a list.
        codebook: The codebook ``autocode`` applies (relative to ``directory``).
        cases: The cases table (relative to ``directory``).
        unit: Segmentation unit.
        languages: Language codes of the documents (one or a list).
        interviewer_labels: Speaker labels of interviewers, one or a list (default: the usual
            ones).
        markup: Read inline ``{code}...{/code}`` markup.
        user: Who creates it.

    Returns:
        The open project.

    Raises:
        ProjectError: If the folder already holds a project, the settings are invalid, or the
            folder, settings or database cannot be created.
    """
    root = Path(directory)
    source_paths = tuple(p.as_posix() for p in as_paths(sources, "sources", ProjectError))
    codebook_path, cases_path = _path_text(codebook, "codebook"), _path_text(cases, "cases")
    language_names = as_names(languages, "languages", ProjectError)
    labels = as_names(interviewer_labels, "interviewer_labels", ProjectError)
    if (root / CONFIG_NAME).exists():
        raise ProjectError(f"{root} already holds a qualcode project", path=root / CONFIG_NAME,
                           hint="open it with --project, or choose another folder")
    if root.exists() and not root.is_dir():
        raise ProjectError("the project path exists and is not a folder", path=root)
    if unit not in UNITS:
        raise ProjectError(f"unknown unit {unit!r}", hint=f"use one of: {', '.join(UNITS)}")
    codes = [language_code(value) for value in language_names]
    if None in codes:
        wrong = next(v for v, c in zip(language_names, codes, strict=True) if c is None)
        raise ProjectError(f"{wrong!r} is not a language code",
                           hint="give two- or three-letter codes, for example id and en")
    config = ProjectConfig(
        root=root, name=name or root.resolve().name, sources=source_paths,
        codebook=codebook_path, cases=cases_path, unit=unit,
        languages=tuple(dict.fromkeys(c for c in codes if c)),
        interviewer_labels=labels or DEFAULT_INTERVIEWER_LABELS,
        markup=markup,
    )
    made = _first_missing(root)
    had_folder, had_database = (config.database_path.parent.exists(),
                                config.database_path.exists())
    store = None
    done = False
    try:
        root.mkdir(parents=True, exist_ok=True)
        write_config(config)
        config = read_config(root)  # validates what was written
        config.database_path.parent.mkdir(parents=True, exist_ok=True)
        store = Store.open(config.database_path, user=resolve_user(user), create=True)
        store.log("project.init", config.name, config.to_dict())
        done = True
    except OSError as exc:
        raise ProjectError(f"cannot create the project ({exc.strerror or exc})",
                           path=exc.filename or root,
                           hint="check that the folder can be written") from exc
    finally:
        if not done:  # whatever stopped it, leave nothing half made
            if store is not None:
                store.close()
            _undo_init(config, made, had_folder=had_folder, had_database=had_database)
    return Project(config, store, store.user)


def _path_text(value: str | os.PathLike[str] | None, what: str) -> str | None:
    """A path setting as ``qualcode.yaml`` holds it: text, relative to the project as given."""
    if value is None or value == "":
        return None
    if not isinstance(value, str | os.PathLike):
        raise ProjectError(f"{what} must be a file path, not {type(value).__name__} {value!r}",
                           hint=f"pass the {what} file's path, as text or a Path")
    return Path(value).as_posix()


def _first_missing(root: Path) -> Path | None:
    """The outermost of ``root`` and its parents that does not exist yet (``None``: it exists)."""
    missing = None
    for folder in (root.absolute(), *root.absolute().parents):
        if folder.exists():
            break
        missing = folder
    return missing


def _undo_init(config: ProjectConfig, made: Path | None, *, had_folder: bool,
               had_database: bool) -> None:
    """Remove what a failed :func:`init_project` made, and nothing that was there before
    (a failure to remove is left unsaid: the error that stopped init is the one to report)."""
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        return
    database = config.database_path
    made_files = [config.config_path]  # init refuses a folder that holds one
    if had_folder and not had_database:
        made_files += [database.with_name(database.name + s) for s in ("", "-wal", "-shm")]
    for path in made_files:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    if not had_folder:
        shutil.rmtree(database.parent, ignore_errors=True)


def _counted(row: CodingRow) -> bool:
    return row.status == "accepted" or (row.source == "manual" and row.status != "rejected")


def project_codings(
    project: Project,
    *,
    status: str | Iterable[str] = (),
    source: str | Iterable[str] = (),
    coder: str | Iterable[str] = (),
    counted: bool = False,
    corpus: Corpus | None = None,
) -> list[Coding]:
    """The project's codings (placed ones; orphaned codings are left out), in corpus order.

    Args:
        project: The project.
        status: Keep only this status or these statuses (``suggested``, ``accepted``,
            ``rejected``).
        source: Keep only this source or these sources (``auto``, ``manual``, ``imported``).
        coder: Keep only this coder or these coders.
        counted: Without ``status`` and ``source``: keep what analyses count by default
            (accepted codings, and manual codings that were not rejected).
        corpus: The project's corpus, if already loaded (gives segment indexes).

    Returns:
        Codings with ``segment``, ``status`` and ``memo`` (memos joined by newlines) filled in.

    Raises:
        ProjectError: If a status or source is unknown.
    """
    project = require_project(project, "project_codings")
    chosen = check_selection(status, source, coder, error=ProjectError)
    rows = project.store.codings(status=chosen.status, source=chosen.source,
                                 coder=chosen.coder, orphaned=False)
    if counted and not chosen.status and not chosen.source:
        rows = [r for r in rows if _counted(r)]
    corpus = corpus or project.corpus()
    order = {d.id: i for i, d in enumerate(corpus.documents)}
    codebook = project.codebook()
    code_order = {c.id: i for i, c in enumerate(codebook.codes)} if codebook else {}
    memos: dict[str, list[str]] = {}
    for memo in project.store.memos("coding"):
        memos.setdefault(memo.target, []).append(memo.text)
    starts = {doc: [s.start for s in segs] for doc, segs in corpus.segments.items()}
    out = [
        Coding(r.document, r.start, r.end, r.code, r.coder, r.source,
               segment_index(starts.get(r.document, []), r.start), r.rule, r.match, r.status,
               "\n".join(memos.get(r.key, ())))
        for r in rows
    ]
    out.sort(key=lambda c: (order.get(c.document, len(order)), c.start, -c.end,
                            code_order.get(c.code, len(code_order)), c.code, c.coder))
    return out


def segment_index(starts: list[int], offset: int) -> int | None:
    """Index of the last segment starting at or before ``offset`` (segments are in order)."""
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else (0 if starts else None)


def project_codings_table(project: Project, **filters: Any) -> pd.DataFrame:
    """The project's codings table: the columns of ``qualcode code`` plus ``status`` and
    ``memo`` (:data:`qualcode.tables.PROJECT_CODINGS_COLUMNS`).

    Args:
        project: The project.
        **filters: As for :func:`project_codings` (``status``, ``source``, ``coder``,
            ``counted``).
    """
    from qualcode.tables import codings_table

    project = require_project(project, "project_codings_table")
    corpus = project.corpus()
    codings = project_codings(project, corpus=corpus, **filters)
    return codings_table(codings, corpus, project.codebook(), project=True)


def project_tables(
    project: Project,
    *,
    status: str | Iterable[str] = (),
    source: str | Iterable[str] = (),
    coder: str | Iterable[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame, Codebook | None]:
    """What the analysis commands need from a project: its codings table, its segments table
    and its codebook.

    Without ``status`` and ``source`` filters the codings are those analyses count by default
    (accepted codings, and manual codings that were not rejected); ``coder`` narrows further.

    Returns:
        (codings table with ``status`` and ``memo``, segments table, codebook or ``None``).
    """
    from qualcode.tables import codings_table, segments_table

    project = require_project(project, "project_tables")
    corpus = project.corpus()
    codings = project_codings(project, status=status, source=source, coder=coder, counted=True,
                              corpus=corpus)
    codebook = project.codebook()
    return (codings_table(codings, corpus, codebook, project=True), segments_table(corpus),
            codebook)
