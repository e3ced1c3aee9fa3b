"""Review decisions on codings: accept a suggestion, reject it, or recode its passage.

Each decision records who made it and when; recoding rejects the coding and gives its passage
the new code (accepting that code's own suggestion on the passage when there is one).
"""

from __future__ import annotations

from collections.abc import Iterable

from qualcode.errors import ProjectError
from qualcode.project.codings import new_coding_row
from qualcode.project.core import Project, require_project
from qualcode.project.rows import CodingRow
from qualcode.project.store import now

__all__ = ["DECISIONS", "STATUS_OF", "decide", "recode", "set_status", "unknown_hint"]

DECISIONS = ("accept", "reject", "recode")
STATUS_OF = {"accept": "accepted", "reject": "rejected"}
"""The status a decision gives a coding (recode rejects it and codes its passage anew)."""


def decide(project: Project, key: str, decision: str, *, recode_to: str | None = None) -> None:
    """Record one review decision: ``accept``, ``reject`` or ``recode`` (with ``recode_to``).

    Args:
        project: The open project.
        key: The coding's key (the ``key`` column of a review sheet).
        decision: ``accept``, ``reject`` or ``recode``.
        recode_to: The code that replaces the coding's code; required by ``recode`` and only
            taken with it.

    Raises:
        ProjectError: If the decision is unknown, ``recode`` lacks ``recode_to`` (or another
            decision has one), or the coding or the new code is unknown.
    """
    project = require_project(project, "decide")
    if decision not in DECISIONS:
        raise ProjectError(f"unknown decision {decision!r}",
                           hint=unknown_hint(decision, DECISIONS, "use one of"))
    if decision == "recode" and not recode_to:
        known = project.known_codes()
        raise ProjectError("recode needs recode_to, the code that replaces the coding's code",
                           hint="pass recode_to='CODE'" + (
                               f"; known codes: {', '.join(sorted(known))}" if known else ""))
    if decision != "recode" and recode_to:
        raise ProjectError(f"recode_to is given but the decision is {decision}",
                           hint="decide 'recode' to change the code, or leave recode_to out")
    row = project.store.coding(key)
    if row is None:
        raise ProjectError(f"no coding has the key {key!r}",
                           hint="keys are in the review sheet and in the audit log")
    counts = {"accepted": 0, "rejected": 0, "recoded": 0, "unchanged": 0}
    with project.store.transaction():
        if decision == "recode":
            assert recode_to is not None
            known = project.known_codes()
            if known is not None and recode_to not in known:
                raise ProjectError(f"recode to unknown code {recode_to!r}",
                                   hint=unknown_hint(recode_to, known, "known codes"))
            recode(project, row, recode_to, counts)
        else:
            set_status(project, row, STATUS_OF[decision], counts)


def unknown_hint(value: str, choices: Iterable[str], what: str) -> str:
    """A hint for an unknown value: the closest choice, if one is close, and every choice
    after ``what`` (``did you mean 'advocate'? known codes: advocate, enabler``)."""
    from qualcode.io.codebook_checks import did_you_mean

    # decisions keep their order (accept, reject, recode); codes are sorted
    listed = list(choices) if isinstance(choices, tuple) else sorted(choices)
    guess = did_you_mean(value, listed)
    return (f"did you mean {guess!r}? " if guess else "") + f"{what}: {', '.join(listed)}"


def set_status(project: Project, row: CodingRow, status: str, counts: dict[str, int]) -> None:
    if row.status == status:
        counts["unchanged"] += 1
        return
    project.store.update_coding(row.key, action="coding.decide", status=status,
                                decided_by=project.user, decided_at=now())
    counts[status] += 1


def recode(project: Project, row: CodingRow, code: str, counts: dict[str, int]) -> None:
    store = project.store
    if code == row.code:
        set_status(project, row, "accepted", counts)
        return
    if row.status != "rejected":
        store.update_coding(row.key, action="coding.decide", status="rejected",
                            decided_by=project.user, decided_at=now())
    same = [r for r in store.codings(document=row.document, orphaned=False)
            if (r.start, r.end, r.code) == (row.start, row.end, code) and r.status != "rejected"]
    pending = [r for r in same if r.status == "suggested"]
    if pending:  # the passage is suggested with that code already: accept it, add nothing
        store.update_coding(pending[0].key, action="coding.decide", status="accepted",
                            decided_by=project.user, decided_at=now())
    elif not same:
        document = store.document(row.document)
        assert document is not None
        store.insert_codings([new_coding_row(
            project, document=row.document, text=document.text, start=row.start, end=row.end,
            code=code, coder=project.user, source="manual", status="accepted",
            rule=f"recode:{row.key}")], action="coding.recode")
    counts["recoded"] += 1
