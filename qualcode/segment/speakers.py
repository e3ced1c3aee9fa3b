"""Which candidate speaker labels of a document are speakers, and which are interviewers.

:mod:`qualcode.segment.turns` finds the lines shaped like ``Label: text``; this module weighs
their labels. A label counts as a speaker when it is an interviewer label, occurs at least
twice in the document, or is listed in front matter ``speakers:``; in a text that has such
speakers, a label met once also counts when it looks like a name (every word capitalised or a
number: ``Bu Rina``, ``Informan 2``). So a form field such as ``Tanggal: 3 Mei`` in a
document-study file, or ``Jadi gini: ...`` inside an answer, is not mistaken for a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "DISCOURSE_WORDS",
    "InterviewerMatcher",
    "is_discourse_word",
    "looks_like_name",
    "speaker_filter",
]

DEFAULT_INTERVIEWER_LABELS = ("Pewawancara", "Peneliti", "Interviewer", "Moderator", "Q")
DISCOURSE_WORDS = frozenset({
    # Indonesian
    "pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "terakhir", "misalnya", "misal",
    "contohnya", "contoh", "catatan", "intinya", "pokoknya", "yaitu", "yakni", "jadi", "nah",
    "terus", "lalu", "kemudian", "akhirnya", "kesimpulannya", "artinya",
    # English
    "first", "firstly", "second", "secondly", "third", "thirdly", "fourth", "fifth", "finally",
    "lastly", "next", "then", "so", "note", "nb", "example", "e.g.", "i.e.", "eg", "ie",
    "summary", "conclusion",
})
"""Enumeration and discourse words that start lines inside an answer ("Pertama: ...",
"Note: ..."); never taken for a speaker unless declared in ``speakers:`` or an interviewer label."""

_QUALIFIER = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])$")  # "Peneliti (Dimas)"


@dataclass(frozen=True, slots=True)
class InterviewerMatcher:
    """Tells interviewer labels from participant labels.

    A label matches when, ignoring case, it equals one of ``labels`` optionally followed by a
    number (``Q``, ``Q2``, ``Pewawancara 1``) and a qualifier in brackets (``Peneliti (Dimas)``,
    ``Interviewer 2 [Dimas]``).
    """

    labels: tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS

    @classmethod
    def from_labels(cls, labels: Iterable[str] | None) -> InterviewerMatcher:
        """Build a matcher; ``None`` gives the default labels."""
        return cls(DEFAULT_INTERVIEWER_LABELS if labels is None else tuple(labels))

    def __call__(self, label: str | None) -> bool:
        if not label:
            return False
        key = _QUALIFIER.sub("", label.strip())
        key = re.sub(r"[\s_.-]*\d+$", "", key).casefold()
        return any(key == known.casefold() for known in self.labels)


def speaker_filter(
    labels: Iterable[str],
    *,
    is_interviewer: InterviewerMatcher | None = None,
    speakers: Sequence[str] = (),
) -> Callable[[str], bool]:
    """Decide which candidate labels are speakers, given every candidate of one document.

    A label is a speaker when it is an interviewer label, occurs at least twice, or is listed in
    ``speakers``; once some label is a speaker, a label met once also counts if it looks like a
    name. An enumeration or discourse word (``Pertama``, ``Misalnya``, ``Catatan``, ``Note``;
    see ``DISCOURSE_WORDS``), alone or with a number, is a speaker only when it is listed in
    ``speakers`` or is an interviewer label.

    Returns:
        A predicate telling whether a label is a speaker.
    """
    is_interviewer = is_interviewer or InterviewerMatcher()
    written = Counter(labels)  # labels recur a lot: each distinct one is folded once
    counts: Counter[str] = Counter()
    for label, count in written.items():
        counts[label.casefold()] += count
    known = {s.casefold() for s in speakers}
    confirmed = {
        label.casefold()
        for label in written
        if (counts[label.casefold()] >= 2 and not is_discourse_word(label))
        or label.casefold() in known or is_interviewer(label)
    }
    verdicts: dict[str, bool] = {}

    def is_speaker(label: str) -> bool:
        verdict = verdicts.get(label)
        if verdict is None:
            verdict = verdicts[label] = label.casefold() in confirmed or (
                bool(confirmed) and looks_like_name(label) and not is_discourse_word(label)
            )
        return verdict

    return is_speaker


def is_discourse_word(label: str) -> bool:
    """Whether ``label``, without a trailing number, is one of ``DISCOURSE_WORDS``."""
    return re.sub(r"[\s_.-]*\d+$", "", label).casefold() in DISCOURSE_WORDS


def looks_like_name(label: str) -> bool:
    """Whether ``label`` is one to three words, each capitalised or a number."""
    words = label.replace("(", " ").replace(")", " ").split()
    return 0 < len(words) <= 3 and all(w[0].isupper() or w[0].isdigit() for w in words)
