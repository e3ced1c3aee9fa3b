"""Writing an imported project or codebook as plain qualcode files.

``import_qdpx`` lays a project out as a folder the rest of qualcode reads directly::

    DIR/texts/<document>.txt   front matter (id, case, the source's variables) + the text
    DIR/codebook.yaml          the code tree, dimensions from code sets, manual-only codes
    DIR/codings.csv            the codings table (coder = user name, source = imported, memo)
    DIR/cases.csv              one row per case with its variables (when there are cases)
    DIR/notes/<note>.txt       project memos (when there are notes)
    DIR/import-report.txt      what was read, repaired and not carried over

Reading (:func:`~qualcode.exchange.qdpx_read.read_qdpx`) stays separate from writing, so a
project store can take the :class:`QdpxProject` directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qualcode.errors import ExchangeError
from qualcode.exchange.codebook_yaml import codebook_yaml
from qualcode.exchange.qdc import ImportedCodebook, read_qdc
from qualcode.exchange.qdpx_model import QdpxProject
from qualcode.exchange.qdpx_read import read_qdpx
from qualcode.exchange.zipsafe import ZipLimits
from qualcode.model import Codebook, Coding, Corpus, Document

__all__ = ["front_matter_text", "import_qdc", "import_qdpx", "safe_file_name",
           "write_project_files"]

_UNSAFE = re.compile(r"[^\w.-]+")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def safe_file_name(name: str, taken: set[str], *, suffix: str = ".txt") -> str:
    """A file name made from ``name`` that cannot leave its folder, unique in ``taken``.

    Path separators, ``..``, control characters and Windows device names are removed; the
    result is compared case-insensitively with ``taken`` and numbered when it collides.
    """
    stem = _UNSAFE.sub("-", name).strip(".-_")[:80] or "document"
    if _RESERVED.match(stem):
        stem = f"{stem}-file"
    candidate, n = stem, 2
    while (candidate + suffix).casefold() in taken:
        candidate = f"{stem}-{n}"
        n += 1
    taken.add((candidate + suffix).casefold())
    return candidate + suffix


def front_matter_text(attributes: dict[str, Any]) -> str:
    """A YAML front matter block (``---`` lines included) for ``attributes``."""
    import yaml

    body = yaml.safe_dump(attributes, allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False)
    if _FRONT_CLOSE.search(body):  # a value line that would end the block early
        body = yaml.safe_dump(attributes, allow_unicode=True, sort_keys=False, width=1000,
                              default_style='"')
    return f"---\n{body}---\n"


def _with_segments(project: QdpxProject) -> tuple[Any, list[Coding]]:
    """A corpus of the documents (turns), and the codings with their segment index."""
    import bisect
    import dataclasses

    from qualcode.corpus import build_corpus

    corpus = build_corpus(project.documents, unit="turn", cases=project.cases)
    out: list[Coding] = []
    starts = {d: [s.start for s in segs] for d, segs in corpus.segments.items()}
    for coding in project.codings:
        index = bisect.bisect_right(starts.get(coding.document, []), coding.start) - 1
        out.append(dataclasses.replace(coding, segment=index if index >= 0 else None))
    return corpus, out


def _codings_frame(codings: list[Coding], corpus: Corpus, codebook: Codebook) -> Any:
    """The codings table with each coding's ``memo`` after ``text`` (a case attribute named
    ``memo`` becomes ``case_memo``), so memos go back out with ``export qdpx --codings``;
    ``status`` before it when some codings were exported as suggestions."""
    from qualcode.tables import codings_table

    table = codings_table(codings, corpus, codebook).rename(columns={"memo": "case_memo"})
    table.insert(table.columns.get_loc("text") + 1, "memo", [c.memo for c in codings])
    if any(c.status for c in codings):  # suggestions exported with --suggested
        table = table.rename(columns={"status": "case_status"})
        table.insert(table.columns.get_loc("text") + 1, "status",
                     [c.status for c in codings])
    return table


def _cases_frame(project: QdpxProject) -> Any:
    import pandas as pd

    rows = []
    for case in project.cases:
        row: dict[str, Any] = {"case": case.id}
        for key, value in case.attributes.items():
            row[key if key != "case" else "case_attribute"] = (
                ("true" if value else "false") if isinstance(value, bool) else value)
        rows.append(row)
    return pd.DataFrame(rows)


def _report(project: QdpxProject, source: Path, files: Sequence[str]) -> str:
    lines = [
        f"Imported {source.name} ({project.origin or 'unknown program'}), project "
        f"{project.name!r}.",
        f"Documents: {len(project.documents)}; codes: {len(project.codebook.codes)}; "
        f"dimensions: {len(project.codebook.dimensions)}; codings: {len(project.codings)}; "
        f"coders: {len({c.coder for c in project.codings})}; cases: {len(project.cases)}; "
        f"users: {len(project.users)}; notes: {len(project.notes)}.",
        "Files: " + ", ".join(files) + ".",
        "",
        f"Warnings ({len(project.warnings)}):" if project.warnings else "No warnings.",
    ]
    lines += [f"- {w}" for w in project.warnings]
    return "\n".join(lines) + "\n"


def write_project_files(project: QdpxProject, output: str | Path, *, source: Path,
                        force: bool = False) -> list[str]:
    """Write ``project`` into the folder ``output`` (built aside, then swapped in).

    Returns:
        The files written, relative to ``output``.

    Raises:
        ExchangeError: If ``output`` exists, is not empty and ``force`` is false.
        OutputError: If the folder cannot be written.
    """
    from qualcode.report.files import atomic_directory
    from qualcode.report.tabular import csv_text

    output = Path(output)
    if output.exists() and not output.is_dir():
        raise ExchangeError("the output exists and is not a folder", path=output,
                            hint="the import writes a folder of files: choose a new folder "
                            "name with -o")
    if output.exists() and any(output.iterdir()) and not force:
        raise ExchangeError(
            "the output folder exists and is not empty", path=output,
            hint="choose a new folder with -o, or pass --force to replace it",
        )
    corpus, codings = _with_segments(project)
    written: list[str] = []
    taken: set[str] = set()
    texts: list[tuple[str, Document]] = [
        (safe_file_name(doc.id, taken), doc) for doc in project.documents]
    header = (f"Imported from {source.name} by qualcode" +
              (f" (written by {project.origin})" if project.origin else ""))

    def build(folder: Path) -> None:
        if texts:
            (folder / "texts").mkdir()
        for file_name, doc in texts:
            attrs = {"id": doc.id, **dict(doc.attributes)}
            data = front_matter_text(attrs) + doc.text
            (folder / "texts" / file_name).write_text(data, encoding="utf-8", newline="\n")
            written.append(f"texts/{file_name}")
        (folder / "codebook.yaml").write_text(
            codebook_yaml(project.codebook, header=header), encoding="utf-8", newline="\n")
        written.append("codebook.yaml")
        table = _codings_frame(codings, corpus, project.codebook)
        (folder / "codings.csv").write_text(csv_text(table), encoding="utf-8", newline="\n")
        written.append("codings.csv")
        if project.cases:
            (folder / "cases.csv").write_text(csv_text(_cases_frame(project)),
                                              encoding="utf-8", newline="\n")
            written.append("cases.csv")
        if project.notes:
            (folder / "notes").mkdir()
            note_names: set[str] = set()
            for note in project.notes:
                name = safe_file_name(note.name or note.guid, note_names)
                attrs = {"title": note.name, "author": note.author or None,
                         "attached_to": "; ".join(note.targets) or None}
                text = front_matter_text({k: v for k, v in attrs.items() if v}) + note.text
                (folder / "notes" / name).write_text(text, encoding="utf-8", newline="\n")
                written.append(f"notes/{name}")
        written.append("import-report.txt")
        (folder / "import-report.txt").write_text(_report(project, source, written),
                                                  encoding="utf-8", newline="\n")

    atomic_directory(output, build, force=force)
    return written


def import_qdpx(
    path: str | Path,
    output: str | Path,
    *,
    language: str = "en",
    limits: ZipLimits | None = None,
    force: bool = False,
) -> QdpxProject:
    """Import a REFI-QDA project into a folder of plain files (see the module docstring).

    Args:
        path: The ``.qdpx`` archive (or a bare ``.qde``).
        output: The folder to create.
        language: Language key for labels and descriptions from other programs.
        limits: Archive safety limits.
        force: Replace ``output`` even if it exists and is not empty.

    Returns:
        The project as read, including its warnings.

    Raises:
        ExchangeError: If the file is hostile, damaged or not a project, or ``output`` is in
            the way.
        OutputError: If the folder cannot be written.
    """
    project = read_qdpx(path, language=language, limits=limits)
    write_project_files(project, output, source=Path(path), force=force)
    return project


def import_qdc(
    path: str | Path, output: str | Path, *, language: str = "en", force: bool = False
) -> ImportedCodebook:
    """Import a REFI-QDA codebook (``.qdc``) as codebook YAML.

    Args:
        path: The ``.qdc`` file.
        output: The YAML file to write (atomically).
        language: Language key for labels and descriptions.
        force: Replace ``output`` if it exists (a codebook holds rules and definitions, so
            an existing one is kept otherwise).

    Returns:
        The codebook as read, with its warnings.

    Raises:
        ExchangeError: If the file is hostile, damaged or not a codebook, or ``output`` exists
            and ``force`` is false.
        OutputError: If the file cannot be written.
    """
    from qualcode.report.files import write_text

    if Path(output).exists() and not force:
        raise ExchangeError("the codebook file exists already", path=output,
                            hint="choose a new file name, or pass --force (force=True) to "
                            "replace it")
    result = read_qdc(path, language=language)
    origin = f" (written by {result.origin})" if result.origin else ""
    header = f"Imported from {Path(path).name} by qualcode{origin}"
    write_text(output, codebook_yaml(result.codebook, header=header))
    return result


