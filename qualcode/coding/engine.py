"""Automatic coding: apply a codebook's rules to every segment of a corpus.

Each coding spans its whole segment and records who coded it (``<codebook name>@<version>``),
how (``auto``), the rules that fired and the words they matched. The functions are pure and
deterministic: the same corpus and codebook give the same codings in the same order (document
order, then segment, then codebook order).
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence

from qualcode.coding.budget import BudgetExpired, Watchdog, base_seconds, segment_seconds
from qualcode.coding.matcher import CodeMatch, Matcher, Scan, compile_codebook
from qualcode.coding.slow import too_slow
from qualcode.model import Codebook, Coding, Corpus, Document, Segment

__all__ = ["apply_codebook", "code_document", "count_rule_hits", "match_segments"]


def match_segments(matcher: Matcher, document: Document, segments: Iterable[Segment], *,
                   codebook: Codebook | None = None, only: frozenset[str] | None = None,
                   resolve: bool = True, scans: Sequence[Scan] | None = None
                   ) -> list[tuple[int, CodeMatch]]:
    """What the codebook finds in each segment of one document, as ``(position of the
    segment in segments, match)`` pairs (the engine's raw output, before codings are made).

    Each segment has a time limit (:mod:`qualcode.coding.budget`), so a rule that backtracks
    on some text stops the run with a message rather than hanging it.

    Args:
        matcher: From :func:`~qualcode.coding.matcher.compile_codebook`.
        document: The document the segments belong to.
        segments: Its segments, in order.
        codebook: The matcher's codebook, so a segment over its time limit can name the rule.
        only: Apply only these codes (see :meth:`~qualcode.coding.matcher.Matcher.match`).
        resolve: Let codes of an exclusive dimension exclude each other.
        scans: The segments' reports from :meth:`~qualcode.coding.matcher.Matcher.prescan`,
            for a caller that scanned the segments of many documents at once (by default
            this document's segments are scanned here, before any is matched).

    Returns:
        The pairs, by segment then codebook order.

    Raises:
        CodebookError: If coding a segment runs over its time limit (naming the code and rule
            when ``codebook`` is given).
    """
    out: list[tuple[int, CodeMatch]] = []
    segments = tuple(segments)
    if scans is None:
        # the regex scanner reads every segment first: linear time, no time limit needed
        scans = matcher.prescan([(seg.text, seg.interviewer) for seg in segments])
    elif len(scans) != len(segments):
        raise ValueError(f"{len(scans)} scanner reports for {len(segments)} segments")
    match = matcher.match
    running = Watchdog.current()
    base = running.base if running is not None else base_seconds()
    with contextlib.nullcontext(running) if running is not None else Watchdog() as dog:
        arm, disarm = dog.arm, dog.disarm
        for position, seg in enumerate(segments):
            try:
                arm(segment_seconds(len(seg.text), base))
                found_all = match(seg.text, interviewer=seg.interviewer, only=only,
                                  resolve=resolve, scan=scans[position])
                disarm()
            except BudgetExpired:
                raise too_slow(dog, codebook, document, seg) from None
            for found in found_all:
                out.append((position, found))
    return out


def code_document(matcher: Matcher, document: Document, segments: Iterable[Segment], *,
                  codebook: Codebook | None = None) -> list[Coding]:
    """Code the segments of one document (for streamed or distributed work).

    Args:
        matcher: From :func:`~qualcode.coding.matcher.compile_codebook`.
        document: The document the segments belong to.
        segments: Its segments, in order.
        codebook: The matcher's codebook, so a segment over its time limit can name the rule.

    Returns:
        The codings, by segment then codebook order.

    Raises:
        CodebookError: If coding a segment runs over its time limit (see
            :func:`match_segments`).
    """
    segments = list(segments)
    coder = matcher.coder
    doc_id = document.id
    out: list[Coding] = []
    for position, found in match_segments(matcher, document, segments, codebook=codebook):
        seg = segments[position]
        out.append(Coding(doc_id, seg.start, seg.end, found.code, coder, "auto", seg.index,
                          found.rule, found.match))
    return out


def _prepared(corpus: Corpus | Iterable[Document], codebook: Codebook | Matcher | str |
              os.PathLike[str]) -> tuple[Corpus, Matcher, Codebook | None]:
    """The corpus (documents segmented in the codebook's unit), the matcher and the codebook
    (``None`` for a matcher) of what the caller passed."""
    from qualcode.corpus import as_codebook, as_corpus

    if isinstance(codebook, Matcher):
        return as_corpus(corpus), codebook, None
    book = as_codebook(codebook)
    return as_corpus(corpus, unit=book.unit), compile_codebook(book), book


def apply_codebook(corpus: Corpus | Iterable[Document],
                   codebook: Codebook | Matcher | str | os.PathLike[str]) -> list[Coding]:
    """Auto-code every segment of ``corpus`` with the rules of ``codebook``.

    By default only participant segments are coded; a codebook or code ``scope`` can include
    interviewer turns.

    Args:
        corpus: A segmented corpus, or documents (segmented in the codebook's unit; in turns
            with a matcher).
        codebook: A codebook, the path of one (YAML), or a matcher already compiled from one.

    Returns:
        The codings, sorted by document order, segment, then codebook order.

    Raises:
        CodebookError: If the codebook file is not valid, or a segment takes longer than its
            time limit (see :func:`code_document`).
        QualcodeError: If ``corpus`` or ``codebook`` is of another type.
    """
    corpus, matcher, book = _prepared(corpus, codebook)
    out: list[Coding] = []
    for doc in corpus.documents:
        out.extend(code_document(matcher, doc, corpus.segments.get(doc.id, ()), codebook=book))
    return out


def count_rule_hits(corpus: Corpus | Iterable[Document],
                    codebook: Codebook | Matcher | str | os.PathLike[str]
                    ) -> list[tuple[str, str, str, int]]:
    """Which surface forms each rule caught in ``corpus``, and how often.

    Every rule is counted on every segment in its code's scope, exclusions included, whether or
    not the code ends up applied (``min_hits``, exclusions).

    Args:
        corpus: A segmented corpus, or documents (as :func:`apply_codebook` takes them).
        codebook: A codebook, the path of one (YAML), or a compiled matcher.

    Returns:
        ``(code, rule, words, count)`` rows in codebook and rule order, most frequent words
        first (ties alphabetical).

    Raises:
        CodebookError: If the codebook file is not valid.
        QualcodeError: If ``corpus`` or ``codebook`` is of another type.
    """
    corpus, matcher, _ = _prepared(corpus, codebook)
    counts: dict[tuple[str, str], Counter[str]] = {}
    for seg in corpus.iter_segments():
        for found in matcher.rule_matches(seg.text, interviewer=seg.interviewer):
            counts.setdefault((found.code, found.rule), Counter()).update(found.words)
    order = {code: i for i, code in enumerate(matcher.code_ids)}
    rows = []
    for (code, rule), counter in sorted(counts.items(),
                                        key=lambda kv: (order[kv[0][0]], _rule_key(kv[0][1]))):
        for word, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append((code, rule, word, n))
    return rows


def _rule_key(label: str) -> tuple[int, int]:
    """Sort ``x.rules[2]`` before ``x.exclude[0]`` and by number."""
    kind, _, rest = label.rpartition(".")[2].partition("[")
    return (0 if kind == "rules" else 1, int(rest.rstrip("]") or 0))
