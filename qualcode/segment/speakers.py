"""Which candidate speaker labels of a document are speakers, and which are interviewers.

:mod:`qualcode.segment.turns` finds the lines shaped like ``Label: text``; this module weighs
their labels. A label counts as a speaker when it is an interviewer label, occurs at least
twice in the document, or is listed in front matter ``speakers:``; in a text that has such
speakers, a label met once also counts when it looks like a name (every word capitalised or a
number: ``Bu Rina``, ``Informan 2``) and is no word the text also writes in lower case. So a
form field such as ``Tanggal: 3 Mei`` in a document-study file, or ``Jadi gini: ...`` and
``Dulu: 8 jam.`` inside an answer, is not mistaken for a speaker; a third person who speaks once
(``Bu Sari: Permisi.``) is. A role word met once (``Ibu:``, ``Mother:``) is a word too, unless
declared in ``speakers:``.

A label may end with a qualifier in brackets: a stage direction (``Rina (tertawa)``,
``Rina [menangis]``, ``John (laughs)``) or a name or role (``Peneliti (Dimas)``). Such a label is
weighed by its name, the words before the brackets, so ``Rina (tertawa)`` is a speaker when
``Rina`` is. The qualifier is dropped from the speaker (:func:`speaker_names`) unless it tells
speakers apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "DISCOURSE_WORDS",
    "InterviewerMatcher",
    "confirmed_filter",
    "declared_speakers",
    "is_discourse_word",
    "is_ordinary_word",
    "looks_like_name",
    "ordinary_words",
    "speaker_filter",
    "speaker_names",
    "split_qualifier",
    "writes_word",
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

_WORD_CHARACTER = re.compile(r"\w")
_WORD = re.compile(r"\w+")
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
    text: str | None = None,
) -> Callable[[str], bool]:
    """Decide which candidate labels are speakers, given every candidate of one document.

    A label is a speaker when it is an interviewer label, occurs at least twice, or is listed in
    ``speakers``; once some label is a speaker, a label met once also counts if it looks like a
    name and, when the document's ``text`` is given, is no ordinary word of it (see
    :func:`is_ordinary_word`: ``Dulu: 8 jam.`` in an answer that says ``dulu`` elsewhere). An
    enumeration or discourse word (``Pertama``, ``Misalnya``, ``Catatan``, ``Note``; see
    ``DISCOURSE_WORDS``), alone or with a number, is a speaker only when it is listed in
    ``speakers`` or is an interviewer label. A label with a qualifier in brackets
    (``Rina (tertawa)``) is weighed by its name: it counts as an occurrence of ``Rina``, and is
    a speaker when ``Rina`` is.

    Args:
        labels: Every candidate label of the document, once per line it starts.
        is_interviewer: Decides which labels are interviewer labels.
        speakers: Labels declared as speakers (front matter ``speakers:``).
        text: The document's text, to tell ordinary words from names; without it a label met
            once is judged by its shape alone.

    Returns:
        A predicate telling whether a label is a speaker.
    """
    names, confirmed = _confirmed(labels, is_interviewer, speakers)
    verdicts: dict[str, bool] = {}
    ordinary = ordinary_words(text) if text is not None else None

    def is_speaker(label: str) -> bool:
        verdict = verdicts.get(label)
        if verdict is None:
            name = names.get(label) or split_qualifier(label)[0]
            verdict = verdicts[label] = name.casefold() in confirmed or (
                bool(confirmed) and looks_like_name(name) and not is_discourse_word(name)
                and not (ordinary is not None and ordinary(name))
            )
        return verdict

    return is_speaker


def confirmed_filter(
    labels: Iterable[str],
    *,
    is_interviewer: InterviewerMatcher | None = None,
    speakers: Sequence[str] = (),
) -> Callable[[str], bool]:
    """Like :func:`speaker_filter`, without its last rule: a label met once is never taken for
    a speaker for looking like a name. For label shapes that prose can take too."""
    names, confirmed = _confirmed(labels, is_interviewer, speakers)
    return lambda label: (names.get(label) or split_qualifier(label)[0]).casefold() in confirmed


def _confirmed(
    labels: Iterable[str], is_interviewer: InterviewerMatcher | None, speakers: Sequence[str]
) -> tuple[dict[str, str], set[str]]:
    """The name of each distinct label (without its qualifier), and the names, case-folded,
    that the document confirms as speakers: interviewer labels, declared ``speakers`` and names
    met at least twice that are not discourse words."""
    is_interviewer = is_interviewer or InterviewerMatcher()
    written = Counter(labels)  # labels recur a lot: each distinct one is folded once
    names = {label: split_qualifier(label)[0] for label in written}
    counts: Counter[str] = Counter()
    for label, count in written.items():
        counts[names[label].casefold()] += count
    known = {s.casefold() for s in speakers}
    confirmed = {
        names[label].casefold()
        for label in written
        if (counts[names[label].casefold()] >= 2 and not is_discourse_word(names[label]))
        or names[label].casefold() in known or label.casefold() in known
        or is_interviewer(label)
    }
    return names, confirmed


def speaker_names(labels: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The speaker labels of one document whose qualifier in brackets is no part of the speaker.

    The qualifier is dropped when the name is also a label on its own (``Rina (tertawa)``
    beside ``Rina``), or when the qualifier is lower case (a stage direction: ``tertawa``,
    ``laughs``) and the label is met once. Otherwise it tells speakers apart and is kept: a
    name written with every turn of its speaker (``Peneliti (Dimas)``; ``Peserta (Ibu Rina)``
    and ``Peserta (Ibu Sari)`` in a group).

    Args:
        labels: The labels that start the document's turns, one per turn.

    Returns:
        For each such label, ``(speaker, qualifier)``: the name (spelled as the label written
        alone, if it is) and the words in the brackets.
    """
    written = Counter(labels)
    alone: dict[str, str] = {}
    qualified: dict[str, tuple[str, str]] = {}
    for label in written:
        name, qualifier = split_qualifier(label)
        if qualifier is None:
            alone.setdefault(label.casefold(), label)
        else:
            qualified[label] = (name, qualifier)
    dropped = {}
    for label, (name, qualifier) in qualified.items():
        if name.casefold() in alone:
            dropped[label] = (alone[name.casefold()], qualifier)
        elif written[label] == 1 and qualifier[:1].islower():
            dropped[label] = (name, qualifier)
    return dropped


def split_qualifier(label: str) -> tuple[str, str | None]:
    """``label`` as its name and the qualifier in brackets at its end, if it has one:
    ``("Rina", "tertawa")`` for ``Rina (tertawa)`` or ``Rina [tertawa]``, else
    ``(label, None)``."""
    if label[-1:] not in (")", "]"):  # the common label, tested without a pattern
        return label, None
    found = _QUALIFIER.search(label)
    if found is None or found.start() == 0:
        return label, None
    return label[:found.start()], found.group().strip()[1:-1].strip()


def declared_speakers(attributes: Mapping[str, Any]) -> tuple[str, ...]:
    """The speakers a document's front matter declares in ``speakers:`` (a list, or one
    ``;``-separated string), as strings."""
    speakers = attributes.get("speakers") or ()
    if isinstance(speakers, str):
        return tuple(s.strip() for s in speakers.split(";") if s.strip())
    return tuple(str(s) for s in speakers)


def is_ordinary_word(label: str, text: str) -> bool:
    """Whether ``text`` writes ``label`` in lower case as a word of its own (``dulu`` for
    ``Dulu``, ``waktu itu`` for ``Waktu Itu``): a word of the language rather than a name,
    which the text would keep capitalised. A label all in capitals (``A``, ``IF``,
    ``SPEAKER_02``) is an abbreviation, never an ordinary word."""
    return label != label.upper() and writes_word(label.lower(), text)


def writes_word(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word`` as written, as a word of its own (not inside another)."""
    # The word first and the character before it tested by hand: a pattern that starts with a
    # look-behind is tried at every character, a hundred times slower than one that starts
    # with the word.
    for found in re.finditer(re.escape(word) + r"(?!\w)", text):
        if not found.start() or _WORD_CHARACTER.match(text, found.start() - 1) is None:
            return True
    return False


def ordinary_words(text: str, searches: int = 16) -> Callable[[str], bool]:
    """:func:`is_ordinary_word` for one text, in time linear in the text however many labels
    it is asked about (a list of a thousand one-off ``Term:`` lines).

    The first ``searches`` labels are looked for in the text; then its words are gathered once,
    and a label with a word the text never writes is answered from them.
    """
    words: set[str] | None = None
    asked = 0

    def ordinary(label: str) -> bool:
        nonlocal asked, words
        asked += 1
        if asked <= searches or label == label.upper():
            return is_ordinary_word(label, text)
        if words is None:
            words = set(_WORD.findall(text))
        lower = label.lower()
        parts = _WORD.findall(lower)
        if not all(part in words for part in parts):
            return False  # each word of a phrase the text writes is a word of the text
        return parts == [lower] or is_ordinary_word(label, text)

    return ordinary


def is_discourse_word(label: str) -> bool:
    """Whether ``label``, without a trailing number, is one of ``DISCOURSE_WORDS``."""
    return re.sub(r"[\s_.-]*\d+$", "", label).casefold() in DISCOURSE_WORDS


def looks_like_name(label: str) -> bool:
    """Whether ``label`` is one to three words, each capitalised or a number."""
    words = label.replace("(", " ").replace(")", " ").split()
    return 0 < len(words) <= 3 and all(w[0].isupper() or w[0].isdigit() for w in words)
