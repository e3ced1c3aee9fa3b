"""Naming the rule that made a segment run over its time limit."""

from __future__ import annotations

import time

from qualcode.coding.apostrophes import fold_apostrophes, fold_pattern
from qualcode.coding.budget import BudgetExpired, Watchdog, segment_seconds
from qualcode.coding.patterns import compile_pattern
from qualcode.errors import CodebookError, Issue
from qualcode.model import Codebook, Document, Rule, Segment

__all__ = ["too_slow"]

_HINT = ("bound the rule's repeats (e.g. '.{0,80}' instead of '.*', '(\\w+\\W+){0,5}' instead "
         "of a free run of words), or cut the document into shorter turns; the limit per "
         "segment is set with QUALCODE_SEGMENT_SECONDS")


def _slow_rule(dog: Watchdog, codebook: Codebook, text: str, seconds: float
               ) -> tuple[str, Rule] | bool:
    """The first regex rule that alone takes longer than ``seconds`` on ``text``; ``False``
    when every rule was timed and none is; ``True`` when the search ran out of time (no rule
    is started after ``seconds``, so it takes at most twice that, on top of the time the
    segment already took)."""
    deadline = time.monotonic() + seconds
    text = fold_apostrophes(text)  # as the matcher runs the rules
    for code in codebook.codes:
        for rule in code.rules:
            if rule.kind != "regex" or not rule.pattern:
                continue
            if time.monotonic() >= deadline:
                return True
            regex = compile_pattern(fold_pattern(rule.pattern))
            try:
                with dog.limit(seconds):
                    for _ in regex.finditer(text):
                        pass
            except BudgetExpired:
                return code.id, rule
    return False


def too_slow(dog: Watchdog, codebook: Codebook | None, document: Document, segment: Segment
             ) -> CodebookError:
    """The error for a segment whose coding ran out of time, naming the slowest regex rule of
    ``codebook`` when one is found (each is timed alone on the segment).

    Args:
        dog: The active watchdog that stopped the segment.
        codebook: The codebook being applied, if known.
        document: The document.
        segment: The segment.
    """
    seconds = segment_seconds(len(segment.text))
    where = (f"segment {segment.index} of document {document.id!r} ({len(segment.text):,} "
             "characters)")
    found = _slow_rule(dog, codebook, segment.text, seconds) if codebook is not None else True
    if found is False:  # every regex is quick alone: the segment's length is the cause
        return CodebookError(
            f"coding {where} took longer than {seconds:.1f} s and was stopped; no rule's "
            "regular expression is slow on it alone, so the segment is too long for its time "
            "limit", path=document.source or None,
            hint="cut the document into shorter segments (--unit paragraph or sentence, or "
            "speaker turns), or raise the limit with QUALCODE_SEGMENT_SECONDS")
    if found is True:
        return CodebookError(
            f"coding {where} took longer than {seconds:.1f} s and was stopped; a rule's regular "
            "expression probably backtracks too much on this text", path=document.source or None,
            hint=_HINT)
    code_id, rule = found
    issue = Issue("C146", f"the regular expression of rule {rule.label} took longer than "
                  f"{seconds:.1f} s on {where} and was stopped", path=codebook.path or None,
                  line=rule.line, where=code_id, hint=_HINT)
    return CodebookError(f"rule {rule.label} of code '{code_id}' is too slow on {where}",
                         path=codebook.path or None, issues=(issue,))
