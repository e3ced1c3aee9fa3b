"""Auto-coding inside a project: the codebook's codings become suggestions to review.

Running it again after the codebook or a document changed touches only pending suggestions of
that codebook: ones the rules still make are kept, new ones are added and ones the rules no longer
make are removed. Manual codings, accepted and rejected suggestions are never changed, and a
rejected suggestion is not suggested again. Suggestions are matched by document, start, end, code
and the codebook's name (not its version, so raising the version does not undo decisions).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import ProjectError
from qualcode.model import Codebook, Coding
from qualcode.project.codings import coder_family, new_coding_row
from qualcode.project.core import Project, require_project
from qualcode.project.rows import CodingRow

__all__ = ["AutocodeReport", "autocode"]

# A decided coding covers a new suggestion of the same code when they overlap by at least this
# share of the shorter span (a decision made before the passage was edited still stands).
_COVER_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class AutocodeReport:
    """What :func:`autocode` changed.

    Attributes:
        coder: The coder of the suggestions (``name@version``).
        documents: Documents coded.
        added: New suggestions.
        updated: Pending suggestions kept with a new rule, match or codebook version.
        unchanged: Pending suggestions the rules still make as before.
        removed: Pending suggestions the rules no longer make (deleted).
        kept_with_memo: Pending suggestions the rules no longer make but that carry a memo (kept).
        accepted: Rule hits already accepted by a reviewer (left as they are).
        rejected: Rule hits a reviewer rejected (not suggested again).
    """

    coder: str
    documents: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept_with_memo: int = 0
    accepted: int = 0
    rejected: int = 0


def _engine_codings(project: Project, codebook: Codebook, cache: str | Path | None = None
                    ) -> tuple[dict[str, str], list[Coding]]:
    """The texts coded and the codings the engine found in them (through ``cache``, a folder
    of per-document, per-code results, when given)."""
    try:
        from qualcode.coding.engine import apply_codebook
    except ImportError as exc:
        raise ProjectError("auto-coding is not available: qualcode.coding.engine is missing",
                           hint="install a complete qualcode") from exc
    corpus = project.corpus()
    if cache is not None:
        from qualcode.batch.cache import apply_codebook_cached

        return {d.id: d.text for d in corpus.documents}, apply_codebook_cached(
            corpus, codebook, cache)[0]
    return {d.id: d.text for d in corpus.documents}, list(apply_codebook(corpus, codebook))


def _covers(row: CodingRow, coding: Coding) -> bool:
    overlap = min(row.end, coding.end) - max(row.start, coding.start)
    shorter = min(row.end - row.start, coding.end - coding.start)
    return overlap > 0 and overlap >= _COVER_SHARE * shorter


def autocode(project: Project, codebook: str | Path | Codebook | None = None, *,
             cache: str | Path | None = None) -> AutocodeReport:
    """Apply a codebook to every document and store its codings as suggestions.

    Args:
        project: The open project.
        codebook: A codebook or its file; default: the project's codebook.
        cache: A folder of cached per-document, per-code results
            (:mod:`qualcode.batch.cache`): re-running after editing one document or one code
            recodes only that.

    Returns:
        Counts of what was added, kept, updated and removed.

    Raises:
        ProjectError: If there is no codebook or no engine, or documents are segmented by
            another unit than the settings say (``qualcode add`` segments them again).
        CodebookError: If the codebook file is invalid.
    """
    project = require_project(project, "autocode")
    book = project.require_codebook(codebook)
    stale = sorted({s.document for s in project.store.segments()
                    if s.unit != project.config.unit})
    if stale:
        raise ProjectError(
            f"{len(stale)} document(s) are segmented by another unit than the project's "
            f"{project.config.unit} (first: {stale[0]}); nothing was coded",
            hint="run 'qualcode add' to segment them again, then autocode")
    texts, found = (_engine_codings(project, book) if cache is None
                    else _engine_codings(project, book, cache))
    store = project.store
    family = book.name
    report = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "kept_with_memo": 0,
              "accepted": 0, "rejected": 0}
    with store.transaction():
        # The rules ran outside the transaction; refuse to store offsets into texts that an
        # 'add' running meanwhile has changed.
        if {d.id: d.text for d in store.documents()} != texts:
            raise ProjectError("documents changed while auto-coding ran; nothing was stored",
                               hint="run 'qualcode autocode' again")
        memo_targets = {m.target for m in store.memos("coding")}
        existing = [r for r in store.codings(source=["auto"]) if coder_family(r.coder) == family]
        exact: dict[tuple[str, int, int, str], list[CodingRow]] = defaultdict(list)
        decided: dict[tuple[str, str], list[CodingRow]] = defaultdict(list)
        for row in existing:
            exact[(row.document, row.start, row.end, row.code)].append(row)
            if row.status != "suggested" and not row.orphaned:
                decided[(row.document, row.code)].append(row)
        seen: set[str] = set()
        new_rows: list[CodingRow] = []
        for c in found:
            matches = [r for r in exact.get((c.document, c.start, c.end, c.code), ())
                       if not r.orphaned]
            covering = matches or [r for r in decided.get((c.document, c.code), ())
                                   if _covers(r, c)]
            if covering:
                for row in covering:
                    seen.add(row.key)
                pending = [r for r in covering if r.status == "suggested"]
                status = "suggested" if pending else covering[0].status
                if pending and (pending[0].coder, pending[0].rule, pending[0].match) != \
                        (c.coder, c.rule, c.match):
                    store.update_coding(pending[0].key, action="coding.autocode",
                                        coder=c.coder, rule=c.rule, match=c.match)
                    report["updated"] += 1
                elif pending:
                    report["unchanged"] += 1
                else:
                    report[status] += 1
                continue
            new_rows.append(new_coding_row(
                project, document=c.document, text=texts[c.document], start=c.start, end=c.end,
                code=c.code, coder=c.coder, source="auto", status="suggested", rule=c.rule,
                match=c.match))
            exact[(c.document, c.start, c.end, c.code)].append(new_rows[-1])
            seen.add(new_rows[-1].key)
        stale = [r for r in existing if r.status == "suggested" and r.key not in seen]
        report["kept_with_memo"] = sum(1 for r in stale if r.key in memo_targets)
        doomed = [r.key for r in stale if r.key not in memo_targets]
        store.delete_codings(doomed, action="coding.unsuggest")
        store.insert_codings(new_rows, action="coding.suggest")
        report["added"] = len(new_rows)
        report["removed"] = len(doomed)
        store.log("autocode", book.coder, {"codebook": book.path, **report})
    return AutocodeReport(book.coder, len(texts), **report)
