"""A folder of cached coding results, so re-coding redoes only what changed.

Two levels, both content-addressed (SHA-256):

* ``files/``: the rendered rows of a whole file, keyed by the file's bytes, its path and the
  run's *fingerprint* (every setting and every rule that changes a row): the rows as CSV text
  (``<key>.csv``, read back without parsing) and what is known of them as JSON (``<key>.json``:
  documents, row ends, the file's warnings, the length of the text, and a BLAKE2b checksum of
  the rows and this description, checked on every read). A file unchanged since the last run
  with the same codebook costs a read and a hash.
* ``documents/``: per document (JSON), each code's own matches (before exclusive dimensions are
  resolved), keyed by the document's segments (offsets, speaker role, text) and, inside the
  entry, by the code's *rule hash* (its compiled rule definitions, ``min_hits`` and scope).
  Editing one code re-runs only that code on every document; editing one document re-codes
  only that document.

Entries are written atomically (a temporary file renamed into place). An entry that cannot be
read or has the wrong shape is ignored, rebuilt and reported as a warning (W301); one that cannot
be written (a full disk) is reported as W302 and the run goes on. The cache can be deleted at
any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from qualcode.coding.matcher import CodeMatch
from qualcode.errors import Issue, OutputError, QualcodeError
from qualcode.io.options import ReadOptions
from qualcode.model import Code, Codebook, Document, Segment
from qualcode.report.files import tag_cache_folder

__all__ = ["CACHE_FORMAT", "apply_codebook_cached", "cache_warnings", "code_file_cached",
           "code_hashes", "fingerprint", "open_cache", "unwritable"]

CACHE_FORMAT = "qualcode-cache-3"
"""Part of every cached result's key; it changes when what the same rules match changes (3:
typed apostrophes read as straight ones, plain phrase lists in the codebook's languages, the
Snowball English stemmer), so results cached by an earlier qualcode of the same version are not
served."""


def _digest(value: Any) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _rule_definition(code: Code) -> dict[str, Any]:
    return {
        "id": code.id, "min_hits": code.min_hits, "scope": code.scope,
        "rules": [{"kind": r.kind, "phrases": {k: list(v) for k, v in r.phrases.items()},
                   "mode": r.mode, "pattern": r.pattern, "near": r.near, "within": r.within,
                   "exceptions": list(r.exceptions), "exclude": r.exclude, "label": r.label}
                  for r in code.rules],
    }


def code_hashes(codebook: Codebook) -> dict[str, str]:
    """Code id -> hash of its compiled rule definitions (codes with rules only), with the
    codebook's languages, which decide how its plain phrase lists are stemmed."""
    from qualcode import __version__

    languages = list(codebook.languages)
    return {c.id: _digest([CACHE_FORMAT, __version__, languages, _rule_definition(c)])
            for c in codebook.codes if any(not r.exclude for r in c.rules)}


def fingerprint(codebook: Codebook, unit: str, language: str | None,
                interviewer: Iterable[str], options: ReadOptions,
                by_document: Mapping[str, str]) -> str:
    """Hash of every setting that changes a row of the codings table."""
    exclusive = sorted(d.id for d in codebook.dimensions if d.exclusive)
    tree = [(c.id, c.parent, codebook.dimension_of(c.id)) for c in codebook.codes]
    return _digest([CACHE_FORMAT, codebook.coder, code_hashes(codebook), exclusive, tree, unit,
                    language, list(interviewer), options.text_column, options.id_column,
                    options.case_column, options.sheet, options.max_bytes,
                    sorted(by_document.items())])


def _read_json(path: Path, warnings: list[Issue], settings: Any) -> Any:
    try:
        with path.open("rb") as handle:
            return json.loads(handle.read())
    except (FileNotFoundError, NotADirectoryError):  # not there (files/ may be a file)
        return None
    except OSError as exc:
        if not settings.cache_unwritable:  # else said once for the whole run
            warnings.append(_corrupt(path, exc))
        return None
    except ValueError as exc:
        warnings.append(_corrupt(path, exc))
        return None


def open_cache(folder: str | Path) -> Path:
    """The cache folder, created if missing.

    Raises:
        OutputError: If it is a file, or cannot be created.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise OutputError("the cache folder is a file",
                          path=str(root), hint="give --cache a folder (it is created if missing)")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"the cache folder cannot be created ({exc.strerror})",
                          path=str(root), hint="give --cache a folder you can write to") from exc
    tag_cache_folder(root)  # never read as sources, nor kept by backup tools
    return root


def unwritable(root: Path) -> str:
    """Why nothing can be saved in the cache folder ``root`` (``""``: it can), found out once
    before any coding by writing a scratch file in each level (``files/``, ``documents/``),
    so a folder that cannot be written gives one warning, not one per file and document."""
    for kind in ("files", "documents"):
        level = root / kind
        if level.exists() and not level.is_dir():
            return f"{level} is a file, not a folder"
        try:
            level.mkdir(exist_ok=True)
            fd, scratch = tempfile.mkstemp(prefix=".tmp-", dir=level)
            os.close(fd)
            os.unlink(scratch)
        except OSError as exc:
            return f"{level}: {exc.strerror or exc}"
    return ""


def cache_warnings(settings: Any, warnings: list[Issue]) -> list[Issue]:
    """The run's cache warnings: the one that says the cache cannot be written (when it
    cannot), and entries that could not be written (W302) past the first one counted in a
    single warning (a disk that fills up mid-run fails every entry after)."""
    out: list[Issue] = []
    if settings.cache_unwritable:
        out.append(Issue(
            "W302", f"the cache folder cannot be written ({settings.cache_unwritable}): "
            "no entry is saved in it this run; the codings are not affected",
            path=settings.cache, severity="warning",
            hint="check its permissions and free space, remove what is in the way, or give "
                 "--cache another folder (or none)"))
    unwritten = 0
    for issue in warnings:
        if issue.code == "W302" and unwritten:
            unwritten += 1
            continue
        unwritten += issue.code == "W302"
        out.append(issue)
    if unwritten > 1:
        out.append(Issue("W302", f"{unwritten - 1} more cache entries could not be written",
                         path=settings.cache, severity="warning",
                         hint="check the free space and permissions of the cache folder"))
    return out


def _unwritten(path: Path, exc: OSError) -> Issue:
    return Issue("W302", f"cache entry {path.name} could not be written ({exc.strerror or exc});"
                 " the codings are not affected, the next run codes this again",
                 path=str(path), hint="check the free space and permissions of the cache folder",
                 severity="warning")


def _store(write: Any, path: Path, value: Any, warnings: list[Issue], settings: Any) -> bool:
    """``write(path, value)``; a failure (a full disk, say) becomes warning W302. Nothing is
    tried in a cache found unwritable at the start (said once, :func:`cache_warnings`)."""
    if settings.cache_unwritable:
        return False
    try:
        write(path, value)
    except OSError as exc:
        warnings.append(_unwritten(path, exc))
        return False
    return True


def _corrupt(path: Path, reason: object) -> Issue:
    return Issue("W301", f"cache entry {path.name} could not be read ({reason}); rebuilt",
                 path=str(path), hint="nothing to do; delete the cache folder to start afresh",
                 severity="warning")


def _rows_digest(data: bytes, entry: dict[str, Any]) -> str:
    """The checksum of a file entry: its rows file's bytes and its description (BLAKE2b,
    several hundred MB a second), so a change to either is caught, whatever its length."""
    digest = hashlib.blake2b(data, digest_size=20)
    described = {k: v for k, v in entry.items() if k != "blake2b"}
    digest.update(b"\x00" + json.dumps(described, sort_keys=True, ensure_ascii=False,
                                       separators=(",", ":")).encode("utf-8"))
    return digest.hexdigest()


def _read_rows(path: Path, entry: dict[str, Any]) -> str:
    """The rows text kept beside a file entry (as its checksum and length say, else one of
    the two files is damaged)."""
    data = path.read_bytes()
    if _rows_digest(data, entry) != entry["blake2b"]:
        raise ValueError(f"{path.name} or its description was changed since they were "
                         "written (checksum differs)")
    text = data.decode("utf-8")
    if len(text) != entry["chars"]:
        raise ValueError(f"{path.name} holds {len(text)} characters, not {entry['chars']}")
    return text


def _write_json(path: Path, value: Any) -> None:
    _write_bytes(path, json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                 .encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _entry(root: Path, kind: str, key: str) -> Path:
    return root / kind / key[:2] / f"{key}.json"


def _document_key(segments: tuple[Segment, ...]) -> str:
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for seg in segments:
        digest.update(f"\x00{seg.index}:{seg.start}:{seg.end}:{int(seg.interviewer)}:"
                      .encode())
        digest.update(seg.text.encode("utf-8"))
    return digest.hexdigest()


def _valid_file_entry(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("chars"), int)
            and isinstance(value.get("blake2b"), str)
            and isinstance(value.get("ends"), list) and isinstance(value.get("documents"), list))


def _before_checksums(value: Any) -> bool:
    """An entry written before rows files had a checksum: rebuilt without a warning."""
    return isinstance(value, dict) and "chars" in value and "blake2b" not in value


def code_file_cached(path: Path, settings: Any) -> Any:
    """:func:`qualcode.batch.worker.code_file` through the cache in ``settings.cache``."""
    from qualcode.batch.worker import (
        DocResult,
        FileResult,
        issue_of,
        read_documents,
        render_file,
        segment_all,
    )

    root = Path(settings.cache)
    warnings: list[Issue] = []
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    file_key = None
    if data is not None:
        file_key = hashlib.sha256(
            f"{settings.fingerprint}\x00{path}\x00".encode() + data).hexdigest()
        place = _entry(root, "files", file_key)
        entry = _read_json(place, warnings, settings)
        if entry is not None and not _before_checksums(entry):
            try:
                if not _valid_file_entry(entry):
                    raise ValueError("unexpected content")
                block = _read_rows(place.with_suffix(".csv"), entry)
                docs = tuple(DocResult(d[0], d[1], d[2], d[3], d[4], tuple(d[5]),
                                       (d[6], d[7]), (d[8], d[9])) for d in entry["documents"])
                notes = [Issue(*n) for n in entry.get("notes", ())]  # the file's warnings
                return FileResult(docs, block, tuple(entry["ends"]), cached=1,
                                  warnings=tuple(warnings + notes))
            except (OSError, ValueError, TypeError, IndexError) as exc:
                warnings.append(_corrupt(place, exc))
    notes: list[Issue] = []
    try:
        documents = read_documents(path, settings, notes)
    except QualcodeError as exc:
        return FileResult(error=issue_of(exc, path), skipped=settings.skip_errors,
                          warnings=tuple(warnings + notes))
    coded = [(doc, segments, _code_document(root, settings, doc, segments, warnings))
             for doc, segments in segment_all(documents, settings)]
    result = render_file(settings, coded, notes)
    if file_key is not None:
        place = _entry(root, "files", file_key)
        # the rows first: an entry is only read once its description is in place
        data = result.block.encode("utf-8")
        if _store(_write_bytes, place.with_suffix(".csv"), data, warnings, settings):
            described = {
                "documents": [[d.id, d.source, d.case, d.segments, d.words, list(d.codes),
                               *d.span, *d.rows] for d in result.documents],
                "chars": len(result.block), "ends": list(result.ends),
                "notes": [[n.code, n.message, n.path, n.line, n.where, n.hint, n.severity]
                          for n in notes]}
            described["blake2b"] = _rows_digest(data, described)
            _store(_write_json, place, described, warnings, settings)
    return FileResult(result.documents, result.block, result.ends,
                      warnings=tuple(warnings + notes))


def _code_document(root: Path, settings: Any, document: Document,
                   segments: tuple[Segment, ...], warnings: list[Issue]
                   ) -> list[tuple[int, str, str, str]]:
    """``(segment, code, rule, match)`` of one document, from cached per-code results where
    the code's rules are unchanged."""
    from qualcode.batch.worker import matcher_of

    matcher = matcher_of(settings)
    hashes: dict[str, str] = settings.code_hashes
    path = _entry(root, "documents", _document_key(segments))
    stored = _read_json(path, warnings, settings)
    if stored is not None:
        problem = _entry_problem(stored, {seg.index for seg in segments})
        if problem:  # well-formed JSON, but not this document's matches: recode it all
            warnings.append(_corrupt(path, problem))
            stored = None
    stored = stored or {}
    per_code: dict[str, list[Any]] = {}
    for code, key in hashes.items():
        if key in stored:
            per_code[code] = stored[key]
    missing = frozenset(c for c in hashes if c not in per_code)
    if missing:
        from qualcode.coding.engine import match_segments

        fresh: dict[str, list[Any]] = {c: [] for c in missing}
        # the engine's time limit per segment (the run's own when one is active)
        for position, hit in match_segments(matcher, document, segments,
                                            codebook=settings.codebook, only=missing,
                                            resolve=False):
            fresh[hit.code].append([segments[position].index, hit.rule, hit.match, hit.hits])
        per_code.update(fresh)
        _store(_write_json, path, {hashes[c]: per_code[c] for c in hashes}, warnings,
               settings)
    by_segment: dict[int, list[CodeMatch]] = {}
    for code in matcher.code_ids:  # codebook order within a segment
        for index, rule, words, hits in per_code.get(code, ()):
            by_segment.setdefault(index, []).append(CodeMatch(code, rule, words, hits))
    found = []
    for index in sorted(by_segment):
        for hit in matcher.resolve(by_segment[index]):
            found.append((index, hit.code, hit.rule, hit.match))
    return found


def _entry_problem(stored: Any, indexes: set[int]) -> str:
    """Why a ``documents/`` entry cannot be this document's matches (``""``: it can): each
    code's matches must be ``[segment, rule, words, hits]`` rows naming one of the
    document's segments (``indexes``)."""
    if not isinstance(stored, dict):
        return "unexpected content"
    for matches in stored.values():
        if not isinstance(matches, list):
            return "unexpected content"
        for row in matches:
            if not (isinstance(row, list) and len(row) == 4):
                return "a match is not [segment, rule, words, hits]"
            index, rule, words, hits = row
            if type(index) is not int or index not in indexes:
                return f"a match names segment {index!r}, which the document does not have"
            if not (isinstance(rule, str) and isinstance(words, str)
                    and type(hits) is int and hits >= 0):
                return "a match is not [segment, rule, words, hits]"
    return ""


def apply_codebook_cached(corpus: Any, codebook: Codebook, cache: str | Path
                          ) -> tuple[list[Any], list[Issue]]:
    """:func:`qualcode.coding.engine.apply_codebook` through the per-document, per-code cache
    in ``cache`` (the ``documents/`` level): only changed documents and changed codes are run.

    Args:
        corpus: A segmented :class:`~qualcode.model.Corpus`.
        codebook: The codebook.
        cache: The cache folder (created if missing).

    Returns:
        The codings (the same as ``apply_codebook``'s, in the same order) and warnings for
        cache entries that had to be rebuilt.

    Raises:
        CodebookError: If a segment runs over its time limit.
    """
    from qualcode.batch.worker import settings_for
    from qualcode.model import Coding

    settings = settings_for(codebook, unit=corpus.unit, language=None, cases=(),
                            interviewer_labels=None, options=ReadOptions(), skip_errors=False,
                            cache=cache)
    root = Path(cache)
    warnings: list[Issue] = []
    out: list[Coding] = []
    for doc in corpus.documents:
        segments = tuple(corpus.segments.get(doc.id, ()))
        for index, code, rule, words in _code_document(root, settings, doc, segments, warnings):
            seg = segments[index]
            out.append(Coding(doc.id, seg.start, seg.end, code, codebook.coder, "auto",
                              seg.index, rule, words))
    return out, cache_warnings(settings, warnings)
